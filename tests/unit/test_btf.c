/* test_btf.c: the BTF and .BTF.ext parsers, on blobs built by hand.
 *
 * A tiny builder below writes types word by word (b_int, b_struct,
 * b_member...) and wraps them in a header, so that each test states the
 * exact BTF it feeds in.  Rejection tests break one thing and check the
 * message names it.  The last tests read real BTF: the running kernel's
 * and btf_sample.c built for both byte orders (rules.mk).
 */
#include <errno.h>
#include <libgen.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "log.h"
#include "btf.h"
#include "btf_impl.h"

/* ---- messages ------------------------------------------------------- */

static char last_msg[256];	/* short: it goes into harness messages */

static void keep_msg(enum mb_print_level level, const char *msg, void *ctx)
{
	snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static const struct mb_log t_log = { keep_msg, NULL, MB_DEBUG };

/* ---- the builder ---------------------------------------------------- */

#define INFO(kind, kflag, vlen) ((uint32_t)(kflag) << 31 | (kind) << 24 | (vlen))
#define INT_ENC(enc, off, bits) ((enc) << 24 | (off) << 16 | (bits))

static struct {
	uint32_t words[1024];
	uint32_t nr_words;
	char strs[1024];
	uint32_t strs_len;
	uint32_t nr_types;
	uint32_t str_base;	/* split BTF: the base's string size */
	uint8_t blob[8192];
	struct btf_header hdr;	/* the last b_blob's, to break it */
} b;

static void b_reset(void)
{
	memset(&b, 0, sizeof(b));
	b.strs_len = 1;		/* offset 0: "" */
}

static uint32_t b_str(const char *s)
{
	uint32_t off = b.strs_len;

	if (!*s)
		return 0;
	strcpy(b.strs + off, s);
	b.strs_len += strlen(s) + 1;
	return b.str_base + off;
}

/* Start a split BTF on top of base: ids and string offsets go on. */
static void b_split(const struct mb_btf *base, uint32_t base_strs_len)
{
	b_reset();
	b.nr_types = mb_btf_type_count(base) - 1;
	b.str_base = base_strs_len;
	b.strs_len = 0;		/* split strings need no leading "" */
}

static void w(uint32_t x)
{
	b.words[b.nr_words++] = x;
}

/* struct btf_type; returns its id. */
static uint32_t b_type(const char *name, int kind, int kflag, int vlen,
		       uint32_t size_or_type)
{
	w(b_str(name));
	w(INFO(kind, kflag, vlen));
	w(size_or_type);
	return ++b.nr_types;
}

static uint32_t b_int(const char *name, uint32_t size, uint32_t bits)
{
	uint32_t id = b_type(name, BTF_KIND_INT, 0, 0, size);

	w(INT_ENC(BTF_INT_SIGNED, 0, bits));
	return id;
}

static uint32_t b_array(uint32_t elem, uint32_t index, uint32_t n)
{
	uint32_t id = b_type("", BTF_KIND_ARRAY, 0, 0, 0);

	w(elem);
	w(index);
	w(n);
	return id;
}

/* Then vlen b_member()s. */
static uint32_t b_struct(const char *name, uint32_t size, int vlen)
{
	return b_type(name, BTF_KIND_STRUCT, 0, vlen, size);
}

static void b_member(const char *name, uint32_t type, uint32_t bit_off)
{
	w(b_str(name));
	w(type);
	w(bit_off);
}

static void b_name_val(const char *name, uint32_t val)
{
	w(b_str(name));
	w(val);
}

/* Header + types + strings, as the compiler lays them out. */
static const void *b_blob(size_t *size)
{
	uint32_t types_len = b.nr_words * 4;

	b.hdr = (struct btf_header){
		.magic = BTF_MAGIC, .version = BTF_VERSION,
		.hdr_len = sizeof(b.hdr), .type_off = 0,
		.type_len = types_len, .str_off = types_len,
		.str_len = b.strs_len,
	};
	memcpy(b.blob, &b.hdr, sizeof(b.hdr));
	memcpy(b.blob + sizeof(b.hdr), b.words, types_len);
	memcpy(b.blob + sizeof(b.hdr) + types_len, b.strs, b.strs_len);
	*size = sizeof(b.hdr) + types_len + b.strs_len;
	return b.blob;
}

/* Parse what the builder holds; NULL on failure, message in last_msg. */
static struct mb_btf *b_parse(int *errp)
{
	struct mb_btf *btf = NULL;
	size_t size;
	const void *data = b_blob(&size);

	last_msg[0] = '\0';
	*errp = mb_btf_parse(data, size, NULL, "test", &t_log, &btf);
	return *errp ? NULL : btf;
}

static struct mb_btf *b_parse_ok(void)
{
	int err;
	struct mb_btf *btf = b_parse(&err);

	if (!btf)
		FAILF("parse failed (%d): %s", err, last_msg);
	return btf;
}

/* A parse that must fail with err and a message containing want. */
#define CHECK_REJECT(err_want, want)					\
	do {								\
		int t_err;						\
		CHECK(!b_parse(&t_err));				\
		CHECK_EQ(t_err, err_want);				\
		CHECK_CONTAINS(last_msg, want);				\
	} while (0)

/* ---- every kind ----------------------------------------------------- */

/* One type of each of the 19 kinds, kind n at id n. */
static void b_every_kind(void)
{
	uint32_t i_int = b_int("int", 4, 32);			/* 1 */

	b_type("", BTF_KIND_PTR, 0, 0, i_int);			/* 2 */
	b_array(i_int, i_int, 4);				/* 3 */
	b_struct("pair", 8, 2);					/* 4 */
	b_member("a", i_int, 0);
	b_member("b", i_int, 32);
	b_type("either", BTF_KIND_UNION, 0, 1, 4);		/* 5 */
	b_member("i", i_int, 0);
	b_type("color", BTF_KIND_ENUM, 0, 2, 4);		/* 6 */
	b_name_val("RED", 0);
	b_name_val("BLUE", 7);
	b_type("later", BTF_KIND_FWD, 0, 0, 0);			/* 7 */
	b_type("int_t", BTF_KIND_TYPEDEF, 0, 0, i_int);		/* 8 */
	b_type("", BTF_KIND_VOLATILE, 0, 0, i_int);		/* 9 */
	b_type("", BTF_KIND_CONST, 0, 0, 9);			/* 10 */
	b_type("", BTF_KIND_RESTRICT, 0, 0, 2);			/* 11 */
	b_type("main", BTF_KIND_FUNC, 0, 1, 13);		/* 12 */
	b_type("", BTF_KIND_FUNC_PROTO, 0, 2, i_int);		/* 13 */
	b_name_val("argc", i_int);
	b_name_val("", 0);					/* ... */
	b_type("counter", BTF_KIND_VAR, 0, 0, i_int);		/* 14 */
	w(1);							/* global */
	b_type(".data", BTF_KIND_DATASEC, 0, 1, 4);		/* 15 */
	w(14), w(0), w(4);
	b_type("double", BTF_KIND_FLOAT, 0, 0, 8);		/* 16 */
	b_type("payload", BTF_KIND_DECL_TAG, 0, 0, 4);		/* 17 */
	w(1);							/* member b */
	b_type("user", BTF_KIND_TYPE_TAG, 0, 0, i_int);		/* 18 */
	b_type("big", BTF_KIND_ENUM64, 1, 1, 8);		/* 19 */
	w(b_str("HUGE")), w(0x89abcdef), w(0x01234567);
}

TEST(every_kind_parses_with_its_name_and_kind)
{
	struct mb_btf *btf;

	b_reset();
	b_every_kind();
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_type_count(btf), 20);
	for (uint32_t id = 1; id < 20; id++)
		CHECK_EQ(btf_kind(mb_btf_type(btf, id)), id);
	CHECK_STR(mb_btf_name(btf, 4), "pair");
	CHECK_STR(mb_btf_name(btf, 17), "payload");
	CHECK_STR(mb_btf_kind_name(BTF_KIND_ENUM64), "ENUM64");
	CHECK(mb_btf_type(btf, 0) == NULL);
	CHECK(mb_btf_type(btf, 20) == NULL);
	mb_btf_free(btf);
}

TEST(enum_values_read_signed_and_64_bit)
{
	struct mb_btf *btf;

	b_reset();
	b_every_kind();
	btf = b_parse_ok();
	CHECK_EQ(btf_enum_value(mb_btf_type(btf, 6), 1), 7);
	CHECK(btf_enum_value(mb_btf_type(btf, 19), 0) == 0x0123456789abcdefull);
	CHECK_STR(mb_btf_str(btf, btf_enum_name_off(mb_btf_type(btf, 19), 0)),
		  "HUGE");
	mb_btf_free(btf);
}

TEST(data_is_the_input_in_host_order)
{
	struct mb_btf *btf;
	const void *data;
	uint32_t size;
	size_t in_size;

	b_reset();
	b_every_kind();
	btf = b_parse_ok();
	b_blob(&in_size);
	data = mb_btf_data(btf, &size);
	CHECK_EQ(size, in_size);
	CHECK(!memcmp(data, b.blob, size));
	mb_btf_free(btf);
}

TEST(type_mut_changes_what_data_returns)
{
	struct mb_btf *btf;
	uint32_t size;

	b_reset();
	b_every_kind();
	btf = b_parse_ok();
	mb_btf_type_mut(btf, 15)->size = 64;		/* DATASEC fix-up */
	CHECK_EQ(mb_btf_type(btf, 15)->size, 64);
	mb_btf_data(btf, &size);
	CHECK(mb_btf_type_mut(btf, 20) == NULL);
	mb_btf_free(btf);
}

/* ---- lookups -------------------------------------------------------- */

TEST(essential_len_cuts_the_last_flavour)
{
	CHECK_EQ(mb_btf_essential_len("task_struct___v510"), 11);
	CHECK_EQ(mb_btf_essential_len("a___b"), 1);
	CHECK_EQ(mb_btf_essential_len("s___x___y"), 5);		/* s___x */
	CHECK_EQ(mb_btf_essential_len("nesting___dup__2"), 7);
	CHECK_EQ(mb_btf_essential_len("flavors__err_name"), 17);
	CHECK_EQ(mb_btf_essential_len("a____b"), 6);		/* 4 '_' */
	CHECK_EQ(mb_btf_essential_len("___x"), 4);		/* no X */
	CHECK_EQ(mb_btf_essential_len("x___"), 4);		/* no Y */
	CHECK_EQ(mb_btf_essential_len(""), 0);
}

TEST(find_matches_exact_name_and_kind)
{
	struct mb_btf *btf;

	b_reset();
	b_int("int", 4, 32);					/* 1 */
	b_struct("task", 4, 1);					/* 2 */
	b_member("pid", 1, 0);
	b_type("task", BTF_KIND_TYPEDEF, 0, 0, 2);		/* 3 */
	b_struct("task___v2", 4, 0);				/* 4 */
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_find(btf, "task", BTF_KIND_STRUCT), 2);
	CHECK_EQ(mb_btf_find(btf, "task", BTF_KIND_TYPEDEF), 3);
	CHECK_EQ(mb_btf_find(btf, "task", -1), 2);
	CHECK_EQ(mb_btf_find(btf, "task___v2", BTF_KIND_STRUCT), 4);
	CHECK_EQ(mb_btf_find(btf, "task", BTF_KIND_UNION), -ENOENT);
	CHECK_EQ(mb_btf_find(btf, "tas", -1), -ENOENT);
	CHECK_EQ(mb_btf_find(btf, "", -1), -ENOENT);
	mb_btf_free(btf);
}

TEST(find_next_essential_lists_every_flavour_in_id_order)
{
	const char *q = "sample___local";
	size_t len = mb_btf_essential_len(q);
	struct mb_btf *btf;
	uint32_t id;

	b_reset();
	b_struct("sample___v2", 0, 0);				/* 1 */
	b_struct("other", 0, 0);				/* 2 */
	b_struct("sample", 0, 0);				/* 3 */
	b_struct("sample__v3", 0, 0);				/* 4: not one */
	b_type("sample", BTF_KIND_TYPEDEF, 0, 0, 3);		/* 5 */
	btf = b_parse_ok();
	CHECK_EQ(len, 6);
	CHECK_EQ(id = mb_btf_find_next_essential(btf, q, len, 0), 1);
	CHECK_EQ(id = mb_btf_find_next_essential(btf, q, len, id), 3);
	CHECK_EQ(id = mb_btf_find_next_essential(btf, q, len, id), 5);
	CHECK_EQ(mb_btf_find_next_essential(btf, q, len, id), 0);
	CHECK_EQ(mb_btf_find_next_essential(btf, "nothing", 7, 0), 0);
	mb_btf_free(btf);
}

/* The first lookups scan every type; a later one builds the name index.
 * Either way, the same answers: a BTF never indexed (its lookup count
 * reset before each one) against one indexed from the start. */
static void lookups(const struct mb_btf *btf, bool scan, uint32_t *out)
{
	static const char *const names[] = {
		"sample", "sample___v2", "other", "int", "nothing", "",
	};
	struct mb_btf *m = (struct mb_btf *)btf;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *q = names[i];
		size_t len = mb_btf_essential_len(q);
		uint32_t id = 0;

		for (int kind = -1; kind <= BTF_KIND_TYPEDEF; kind++) {
			m->nr_lookups = scan ? 0 : m->nr_lookups;
			*out++ = mb_btf_find(btf, q, kind);
		}
		m->nr_lookups = scan ? 0 : m->nr_lookups;
		do
			*out++ = id = mb_btf_find_next_essential(btf, q, len, id);
		while (id);
	}
}

TEST(lookups_answer_the_same_before_and_after_the_index)
{
	uint32_t before[128] = { 0 }, after[128] = { 0 };
	struct mb_btf *scanned, *indexed;

	b_reset();
	b_struct("sample___v2", 0, 0);				/* 1 */
	b_int("int", 4, 32);					/* 2 */
	b_struct("sample", 4, 1);				/* 3 */
	b_member("x", 2, 0);
	b_type("sample", BTF_KIND_TYPEDEF, 0, 0, 3);		/* 4 */
	b_type("other", BTF_KIND_PTR, 0, 0, 3);			/* 5 */
	b_struct("sample___v2", 0, 0);				/* 6 */
	scanned = b_parse_ok();
	indexed = b_parse_ok();
	CHECK(!scanned->slots && !indexed->slots);	/* parse builds none */
	CHECK_EQ(mb_btf_index_names(indexed), 0);
	lookups(scanned, true, before);
	lookups(indexed, false, after);
	CHECK(!scanned->slots);
	CHECK(!memcmp(before, after, sizeof(before)));
	CHECK_EQ(mb_btf_find(scanned, "sample", BTF_KIND_TYPEDEF), 4);
	CHECK_EQ(mb_btf_find(indexed, "sample___v2", -1), 1);
	mb_btf_free(scanned);
	mb_btf_free(indexed);
}

/* The lookup after the sixth builds the index, by itself. */
TEST(the_seventh_lookup_builds_the_name_index)
{
	struct mb_btf *btf;

	b_reset();
	b_int("int", 4, 32);					/* 1 */
	btf = b_parse_ok();
	for (int i = 0; i < 6; i++)
		CHECK_EQ(mb_btf_find(btf, "int", BTF_KIND_INT), 1);
	CHECK(!btf->slots);
	CHECK_EQ(mb_btf_find(btf, "int", BTF_KIND_INT), 1);
	CHECK(btf->slots != NULL);
	mb_btf_free(btf);
}

/* Many types with one name share a chain, not a hash cluster. */
TEST(many_types_with_one_name_stay_findable)
{
	struct mb_btf *btf;
	uint32_t id = 0, n = 0;

	b_reset();
	for (int i = 0; i < 200; i++)
		b_type("same", BTF_KIND_FWD, 0, 0, 0);
	b_int("same", 4, 32);					/* 201 */
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_find(btf, "same", BTF_KIND_INT), 201);
	while ((id = mb_btf_find_next_essential(btf, "same", 4, id)))
		n++;
	CHECK_EQ(n, 201);
	mb_btf_free(btf);
}

/* ---- walking -------------------------------------------------------- */

TEST(resolve_size_goes_through_typedef_const_and_arrays)
{
	struct mb_btf *btf;

	b_reset();
	b_int("int", 4, 32);					/* 1 */
	b_array(1, 1, 4);					/* 2: int[4] */
	b_array(2, 1, 3);					/* 3: int[3][4] */
	b_type("grid", BTF_KIND_TYPEDEF, 0, 0, 3);		/* 4 */
	b_type("", BTF_KIND_CONST, 0, 0, 4);			/* 5 */
	b_type("", BTF_KIND_PTR, 0, 0, 5);			/* 6 */
	b_type("", BTF_KIND_FUNC_PROTO, 0, 0, 1);		/* 7 */
	b_type("fwd", BTF_KIND_FWD, 0, 0, 0);			/* 8 */
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_resolve_size(btf, 5), 48);
	CHECK_EQ(mb_btf_resolve_size(btf, 6), 8);	/* no "long": 8 */
	CHECK_EQ(mb_btf_resolve_size(btf, 0), -EINVAL);	/* void */
	CHECK_EQ(mb_btf_resolve_size(btf, 7), -EINVAL);
	CHECK_EQ(mb_btf_resolve_size(btf, 8), -EINVAL);
	CHECK_EQ(mb_btf_resolve_size(btf, 99), -EINVAL);
	mb_btf_free(btf);
}

TEST(resolve_size_of_a_pointer_is_the_targets_long)
{
	struct mb_btf *btf;

	b_reset();
	b_int("long int", 4, 32);				/* 1: ILP32 */
	b_type("", BTF_KIND_PTR, 0, 0, 1);			/* 2 */
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_resolve_size(btf, 2), 4);
	mb_btf_free(btf);
}

TEST(resolve_size_reports_overflow)
{
	struct mb_btf *btf;

	b_reset();
	b_int("long", 8, 64);					/* 1 */
	b_array(1, 1, 0xffffffff);				/* 2 */
	b_array(2, 1, 0xffffffff);				/* 3 */
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_resolve_size(btf, 2), 0xffffffffll * 8);
	CHECK_EQ(mb_btf_resolve_size(btf, 3), -E2BIG);
	mb_btf_free(btf);
}

TEST(skip_mods_stops_at_typedefs_unless_asked)
{
	struct mb_btf *btf;

	b_reset();
	b_int("int", 4, 32);					/* 1 */
	b_type("myint", BTF_KIND_TYPEDEF, 0, 0, 1);		/* 2 */
	b_type("", BTF_KIND_VOLATILE, 0, 0, 2);			/* 3 */
	b_type("", BTF_KIND_CONST, 0, 0, 3);			/* 4 */
	b_type("user", BTF_KIND_TYPE_TAG, 0, 0, 4);		/* 5 */
	b_type("", BTF_KIND_CONST, 0, 0, 0);			/* 6: const void */
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_skip_mods(btf, 5, false), 2);
	CHECK_EQ(mb_btf_skip_mods(btf, 5, true), 1);
	CHECK_EQ(mb_btf_skip_mods(btf, 1, true), 1);
	CHECK_EQ(mb_btf_skip_mods(btf, 6, true), 0);
	mb_btf_free(btf);
}

/* ---- the header ----------------------------------------------------- */

/* Parse b.blob after the test changed it (size bytes). */
static int parse_blob(size_t size)
{
	struct mb_btf *btf = NULL;
	int err;

	last_msg[0] = '\0';
	err = mb_btf_parse(b.blob, size, NULL, "test", &t_log, &btf);
	mb_btf_free(btf);
	return err;
}

static size_t int_blob(void)
{
	size_t size;

	b_reset();
	b_int("int", 4, 32);
	b_blob(&size);
	return size;
}

#define HDR ((struct btf_header *)b.blob)

TEST(rejects_a_truncated_header)
{
	int_blob();
	CHECK_EQ(parse_blob(10), -EINVAL);
	CHECK_CONTAINS(last_msg, "btf: test: 10 bytes, too short for a BTF header");
}

TEST(rejects_a_bad_magic)
{
	size_t size = int_blob();

	HDR->magic = 0x1234;
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "bad magic 0x1234");
}

TEST(rejects_version_2)
{
	size_t size = int_blob();

	HDR->version = 2;
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "version 2");
}

TEST(rejects_a_header_length_below_24_or_past_the_end)
{
	size_t size = int_blob();

	HDR->hdr_len = 20;
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "header length 20 outside");
	HDR->hdr_len = size + 4;
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "header length");
}

/* A newer 32-byte header: the sections move, the parser follows. */
TEST(accepts_a_longer_header)
{
	size_t size = int_blob();
	struct mb_btf *btf;

	memmove(b.blob + 32, b.blob + 24, size - 24);
	memset(b.blob + 24, 0, 8);
	HDR->hdr_len = 32;
	CHECK_EQ(mb_btf_parse(b.blob, size + 8, NULL, "test", &t_log, &btf), 0);
	CHECK_EQ(mb_btf_find(btf, "int", BTF_KIND_INT), 1);
	mb_btf_free(btf);
}

TEST(rejects_a_type_section_past_the_end)
{
	size_t size = int_blob();

	HDR->type_len = 0xfffffff0;	/* off + len would wrap */
	HDR->type_off = 0x20;
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "type section at 32, 4294967280 bytes, beyond");
}

TEST(rejects_a_string_section_past_the_end)
{
	size_t size = int_blob();

	HDR->str_len += 1;
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "string section at 16");
}

TEST(rejects_a_misaligned_type_section)
{
	size_t size = int_blob();

	HDR->type_off = 2;
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "not a multiple of 4");
}

TEST(rejects_a_string_table_without_its_nuls)
{
	size_t size = int_blob();

	b.blob[size - 1] = 'x';
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "string table does not end with \\0");
	size = int_blob();
	b.blob[size - b.strs_len] = 'x';
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "string table does not start with \\0");
}

/* ---- types ---------------------------------------------------------- */

TEST(rejects_a_truncated_type)
{
	size_t size = int_blob();

	HDR->type_len = 8;		/* 8 of the 16 bytes */
	HDR->str_off = 8;
	memmove(b.blob + 24 + 8, b.blob + 24 + 16, b.strs_len);
	CHECK_EQ(parse_blob(size - 8), -EINVAL);
	CHECK_CONTAINS(last_msg, "type [1] at offset 0 truncated: 8 bytes left");
}

TEST(rejects_members_past_the_type_section)
{
	b_reset();
	b_int("int", 4, 32);
	b_struct("s", 8, 3);		/* three members announced... */
	b_member("a", 1, 0);		/* ...one written */
	CHECK_REJECT(-EINVAL, "type [2] STRUCT: its 3 entries need 36 bytes, 12 left");
}

TEST(rejects_an_unknown_kind)
{
	b_reset();
	b_int("int", 4, 32);
	b_type("x", 20, 0, 0, 0);
	CHECK_REJECT(-EINVAL, "btf: test: type [2] has unknown kind 20");
}

TEST(rejects_a_name_offset_past_the_strings)
{
	b_reset();
	b_int("int", 4, 32);
	b.words[0] = 9999;
	CHECK_REJECT(-EINVAL, "type [1] INT: name offset 9999 beyond the string table");
}

TEST(rejects_a_member_name_offset_past_the_strings)
{
	b_reset();
	b_int("int", 4, 32);
	b_struct("s", 4, 1);
	w(5000), w(1), w(0);
	CHECK_REJECT(-EINVAL, "type [2] STRUCT member 0: name offset 5000");
}

TEST(rejects_an_enumerator_name_past_the_strings)
{
	b_reset();
	b_type("e", BTF_KIND_ENUM, 0, 1, 4);
	w(7000), w(1);
	CHECK_REJECT(-EINVAL, "type [1] ENUM enumerator 0: name offset 7000");
}

TEST(rejects_a_member_beyond_the_struct)
{
	b_reset();
	b_int("int", 4, 32);
	b_struct("s", 8, 2);
	b_member("a", 1, 0);
	b_member("x", 1, 256);
	CHECK_REJECT(-EINVAL, "type [2] STRUCT member 1 x at bit 256 (width 0) beyond size 8");
}

TEST(rejects_a_bitfield_ending_past_the_struct)
{
	b_reset();
	b_int("int", 4, 32);
	b_type("s", BTF_KIND_STRUCT, 1, 1, 4);	/* kflag: bitfield sizes */
	b_member("f", 1, 4 << 24 | 30);		/* 4 bits at bit 30 */
	CHECK_REJECT(-EINVAL, "member 0 f at bit 30 (width 4) beyond size 4");
}

TEST(accepts_a_flexible_array_at_the_end)
{
	struct mb_btf *btf;

	b_reset();
	b_int("int", 4, 32);
	b_array(1, 1, 0);
	b_struct("s", 4, 2);
	b_member("n", 1, 0);
	b_member("tail", 2, 32);
	btf = b_parse_ok();
	mb_btf_free(btf);
}

TEST(rejects_a_member_of_a_missing_type)
{
	b_reset();
	b_int("int", 4, 32);
	b_struct("s", 8, 4);
	b_member("a", 1, 0);
	b_member("b", 1, 8);
	b_member("c", 1, 16);
	b_member("d", 99999, 32);
	CHECK_REJECT(-EINVAL, "btf: test: type [2] STRUCT member 3 references missing type 99999");
}

TEST(rejects_a_pointer_to_a_missing_type)
{
	b_reset();
	b_type("", BTF_KIND_PTR, 0, 0, 2);
	CHECK_REJECT(-EINVAL, "type [1] PTR references missing type 2");
}

TEST(rejects_a_parameter_of_a_missing_type)
{
	b_reset();
	b_int("int", 4, 32);
	b_type("", BTF_KIND_FUNC_PROTO, 0, 1, 1);
	b_name_val("x", 7);
	CHECK_REJECT(-EINVAL, "type [2] FUNC_PROTO parameter 0 references missing type 7");
}

TEST(rejects_an_array_of_a_missing_type)
{
	b_reset();
	b_int("int", 4, 32);
	b_array(1, 5, 2);
	CHECK_REJECT(-EINVAL, "type [2] ARRAY index references missing type 5");
}

TEST(rejects_a_datasec_entry_of_a_missing_type)
{
	b_reset();
	b_type(".bss", BTF_KIND_DATASEC, 0, 1, 4);
	w(3), w(0), w(4);
	CHECK_REJECT(-EINVAL, "type [1] DATASEC entry 0 references missing type 3");
}

TEST(rejects_a_func_that_is_not_a_prototype)
{
	b_reset();
	b_int("int", 4, 32);
	b_type("f", BTF_KIND_FUNC, 0, 0, 1);
	CHECK_REJECT(-EINVAL, "type [2] FUNC f: type [1] is not a FUNC_PROTO");
}

TEST(rejects_an_int_of_a_strange_size)
{
	b_reset();
	b_int("int", 3, 24);
	CHECK_REJECT(-EINVAL, "type [1] INT: size 3 is not 1, 2, 4, 8 or 16");
	b_reset();
	b_int("int", 4, 33);
	CHECK_REJECT(-EINVAL, "type [1] INT: 33 bits at bit 0 beyond size 4");
}

TEST(rejects_an_enum_of_a_strange_size)
{
	b_reset();
	b_type("e", BTF_KIND_ENUM64, 0, 0, 5);
	CHECK_REJECT(-EINVAL, "type [1] ENUM64: size 5 is not 1, 2, 4 or 8");
}

TEST(rejects_a_self_referencing_typedef)
{
	b_reset();
	b_type("loop", BTF_KIND_TYPEDEF, 0, 0, 1);
	CHECK_REJECT(-ELOOP, "type [1] TYPEDEF refers back to itself");
}

TEST(rejects_a_const_volatile_loop)
{
	b_reset();
	b_int("int", 4, 32);					/* 1 */
	b_type("", BTF_KIND_CONST, 0, 0, 1);			/* 2: fine */
	b_type("", BTF_KIND_CONST, 0, 0, 4);			/* 3 */
	b_type("", BTF_KIND_VOLATILE, 0, 0, 5);			/* 4 */
	b_type("t", BTF_KIND_TYPEDEF, 0, 0, 3);			/* 5 */
	CHECK_REJECT(-ELOOP, "refers back to itself");
}

TEST(rejects_an_array_of_itself_and_a_pointer_to_itself)
{
	b_reset();
	b_array(1, 1, 2);
	CHECK_REJECT(-ELOOP, "type [1] ARRAY refers back to itself");
	b_reset();
	b_type("", BTF_KIND_PTR, 0, 0, 2);
	b_type("", BTF_KIND_PTR, 0, 0, 1);
	CHECK_REJECT(-ELOOP, "PTR refers back to itself");
}

/* A struct may hold a pointer to itself: that is no loop. */
TEST(accepts_a_struct_pointing_to_itself)
{
	struct mb_btf *btf;

	b_reset();
	b_struct("node", 8, 1);					/* 1 */
	b_member("next", 2, 0);
	b_type("", BTF_KIND_PTR, 0, 0, 1);			/* 2 */
	btf = b_parse_ok();
	CHECK_EQ(mb_btf_resolve_size(btf, 1), 8);
	mb_btf_free(btf);
}

/* ---- byte order and split BTF --------------------------------------- */

/* What clang -target bpfeb writes: every 32-bit word swapped (the kind
 * tails are all words), the 16-bit magic too, strings as they are. */
static size_t swapped_blob(void)
{
	size_t size;
	uint32_t *words;

	b_blob(&size);
	words = (uint32_t *)(b.blob + 4);
	for (uint32_t i = 0; i < (24 - 4 + b.nr_words * 4) / 4; i++)
		words[i] = __builtin_bswap32(words[i]);
	*(uint16_t *)b.blob = __builtin_bswap16(BTF_MAGIC);
	return size;
}

TEST(big_endian_btf_parses_to_the_same_types)
{
	struct mb_btf *le, *be;
	const void *le_data, *be_data;
	uint32_t le_size, be_size;
	size_t size;

	b_reset();
	b_every_kind();
	le = b_parse_ok();
	size = swapped_blob();
	CHECK_EQ(mb_btf_parse(b.blob, size, NULL, "be", &t_log, &be), 0);
	le_data = mb_btf_data(le, &le_size);
	be_data = mb_btf_data(be, &be_size);
	CHECK_EQ(be_size, le_size);
	CHECK(!memcmp(be_data, le_data, le_size));
	CHECK_EQ(mb_btf_find(be, "pair", BTF_KIND_STRUCT), 4);
	mb_btf_free(le);
	mb_btf_free(be);
}

TEST(big_endian_btf_is_checked_too)
{
	size_t size;

	b_reset();
	b_int("int", 4, 32);
	b_type("", BTF_KIND_PTR, 0, 0, 7);
	size = swapped_blob();
	CHECK_EQ(parse_blob(size), -EINVAL);
	CHECK_CONTAINS(last_msg, "type [2] PTR references missing type 7");
}

TEST(split_btf_continues_the_base_ids_and_strings)
{
	struct mb_btf *base, *split;
	uint32_t base_strs;
	size_t size;

	b_reset();
	b_int("int", 4, 32);					/* 1 */
	b_struct("task", 4, 1);					/* 2 */
	b_member("pid", 1, 0);
	base = b_parse_ok();
	base_strs = b.strs_len;
	b_split(base, base_strs);
	CHECK_EQ(b_struct("mod_state", 8, 1), 3);
	b_member("owner", 4, 0);
	CHECK_EQ(b_type("", BTF_KIND_PTR, 0, 0, 2), 4);
	b_blob(&size);
	CHECK_EQ(mb_btf_parse(b.blob, size, base, "mod", &t_log, &split), 0);
	CHECK_EQ(mb_btf_type_count(split), 5);
	CHECK_STR(mb_btf_name(split, 3), "mod_state");
	CHECK_STR(mb_btf_name(split, 2), "task");
	CHECK_STR(mb_btf_str(split, base_strs), "mod_state");
	CHECK_EQ(mb_btf_find(split, "task", BTF_KIND_STRUCT), 2);
	CHECK_EQ(mb_btf_find(split, "mod_state", -1), 3);
	CHECK_EQ(mb_btf_resolve_size(split, 4), 8);
	CHECK(mb_btf_type_mut(split, 2) == NULL);	/* the base's */
	mb_btf_free(split);
	mb_btf_free(base);
}

TEST(split_btf_rejects_a_reference_past_its_own_types)
{
	struct mb_btf *base, *split = NULL;
	size_t size;

	b_reset();
	b_int("int", 4, 32);
	base = b_parse_ok();
	b_split(base, b.strs_len);
	b_type("", BTF_KIND_PTR, 0, 0, 3);			/* 2 -> 3 */
	b_blob(&size);
	CHECK_EQ(mb_btf_parse(b.blob, size, base, "mod", &t_log, &split),
		 -EINVAL);
	CHECK_CONTAINS(last_msg, "btf: mod: type [2] PTR references missing type 3");
	mb_btf_free(base);
}

/* ---- .BTF.ext ------------------------------------------------------- */

/* Object BTF for the .BTF.ext tests: [1] int, [2] proto, [3] FUNC prog,
 * strings "prog", "kprobe/x", "file.c", "line", "0:1". */
static struct mb_btf *ext_btf(uint32_t *sec_off, uint32_t *str_off)
{
	b_reset();
	b_int("int", 4, 32);
	b_type("", BTF_KIND_FUNC_PROTO, 0, 0, 1);
	b_type("prog", BTF_KIND_FUNC, 0, 1, 2);
	*sec_off = b_str("kprobe/x");
	*str_off = b_str("0:1");
	return b_parse_ok();
}

static struct {
	uint32_t w[64];
	uint32_t n;
} e;

static void ew(uint32_t x)
{
	e.w[e.n++] = x;
}

/* Header (32 bytes) then three subsections of one record each. */
static size_t ext_blob(uint32_t sec, uint32_t str)
{
	e.n = 0;
	ew(BTF_MAGIC | BTF_VERSION << 16), ew(32);
	ew(0), ew(20);				/* func_info */
	ew(20), ew(28);				/* line_info */
	ew(48), ew(28);				/* core_relo */
	ew(8), ew(sec), ew(1), ew(0), ew(3);	/* insn 0: FUNC [3] */
	ew(16), ew(sec), ew(1), ew(8), ew(str), ew(str), ew(3 << 10 | 1);
	ew(16), ew(sec), ew(1), ew(16), ew(1), ew(str), ew(0);
	return e.n * 4;
}

static int ext_parse(size_t size, struct mb_btf *btf, struct mb_btf_ext **ext)
{
	last_msg[0] = '\0';
	return mb_btf_ext_parse(e.w, size, btf, "ext", &t_log, ext);
}

TEST(ext_gives_records_per_section)
{
	uint32_t sec, str;
	struct mb_btf *btf = ext_btf(&sec, &str);
	struct mb_btf_ext *ext;
	const struct mb_ext_sec *s;
	const struct bpf_core_relo *r;

	CHECK_EQ(ext_parse(ext_blob(sec, str), btf, &ext), 0);
	CHECK_EQ(ext->nr_func_info, 1);
	CHECK_EQ(ext->nr_line_info, 1);
	CHECK_EQ(ext->nr_core_relo, 1);
	s = mb_btf_ext_find(ext->core_relo, ext->nr_core_relo, "kprobe/x");
	CHECK(s != NULL);
	CHECK_EQ(s->nr_recs, 1);
	CHECK_EQ(s->rec_size, 16);
	r = s->recs;
	CHECK_EQ(r->insn_off, 16);
	CHECK_STR(mb_btf_str(btf, r->access_str_off), "0:1");
	CHECK(mb_btf_ext_find(ext->func_info, ext->nr_func_info, "xdp") == NULL);
	mb_btf_ext_free(ext);
	mb_btf_free(btf);
}

TEST(ext_with_a_24_byte_header_has_no_core_relo)
{
	uint32_t sec, str;
	struct mb_btf *btf = ext_btf(&sec, &str);
	struct mb_btf_ext *ext;
	size_t size = ext_blob(sec, str);

	e.w[1] = 24;			/* the data moves up 8 bytes... */
	memmove(&e.w[6], &e.w[8], size - 32);
	CHECK_EQ(ext_parse(size - 8, btf, &ext), 0);
	CHECK_EQ(ext->nr_func_info, 1);
	CHECK_EQ(ext->nr_core_relo, 0);
	mb_btf_ext_free(ext);
	mb_btf_free(btf);
}

TEST(ext_big_endian_reads_the_same)
{
	uint32_t sec, str;
	struct mb_btf *btf = ext_btf(&sec, &str);
	struct mb_btf_ext *ext;
	size_t size = ext_blob(sec, str);

	for (uint32_t i = 1; i < e.n; i++)
		e.w[i] = __builtin_bswap32(e.w[i]);
	e.w[0] = __builtin_bswap16(BTF_MAGIC) | BTF_VERSION << 16;
	CHECK_EQ(ext_parse(size, btf, &ext), 0);
	CHECK_EQ(ext->nr_line_info, 1);
	CHECK_EQ(((const struct bpf_line_info *)ext->line_info[0].recs)->line_col,
		 3 << 10 | 1);
	mb_btf_ext_free(ext);
	mb_btf_free(btf);
}

/* Break word i of a good .BTF.ext and check the message. */
static void ext_reject(uint32_t i, uint32_t val, const char *want)
{
	uint32_t sec, str;
	struct mb_btf *btf = ext_btf(&sec, &str);
	struct mb_btf_ext *ext = NULL;
	size_t size = ext_blob(sec, str);
	int err;

	e.w[i] = val;
	err = ext_parse(size, btf, &ext);
	mb_btf_ext_free(ext);
	mb_btf_free(btf);
	if (err != -EINVAL)
		FAILF("word %u = %u: got %d, expected -EINVAL", i, val, err);
	CHECK_CONTAINS(last_msg, want);
}

TEST(ext_rejects_a_bad_header)
{
	ext_reject(0, 0x1234, "bad .BTF.ext magic 0x1234");
	ext_reject(0, BTF_MAGIC | 1 << 16 | 1 << 24, "flags 0x1");
	ext_reject(1, 16, "header length 16 outside");
	ext_reject(1, 1000, "header length 1000 outside");
	ext_reject(2, 2, "func_info offset 2 is not a multiple of 4");
	ext_reject(3, 5000, "func_info at 0, 5000 bytes, beyond");
	ext_reject(6, 0xfffffffc, "core_relo at 4294967292");
}

TEST(ext_rejects_a_record_size_too_small_or_odd)
{
	ext_reject(8, 4, "func_info: record size 4 is below 8");
	ext_reject(13, 12, "line_info: record size 12 is below 16");
	ext_reject(20, 18, "core_relo: record size 18 is below 16 or not a multiple of 4");
}

TEST(ext_rejects_num_info_0)
{
	ext_reject(10, 0, "func_info of kprobe/x: no records (num_info 0)");
}

TEST(ext_rejects_too_many_records)
{
	ext_reject(10, 2, "func_info of kprobe/x: 2 records of 8 bytes overrun");
	ext_reject(22, 0x40000000, "core_relo of kprobe/x: 1073741824 records");
}

TEST(ext_rejects_a_section_name_outside_the_strings)
{
	ext_reject(9, 5000, "func_info block 0: section name offset 5000 is not a string of .BTF");
	ext_reject(21, 0, "core_relo block 0: section name offset 0");
}

TEST(ext_rejects_records_naming_what_is_not_there)
{
	ext_reject(12, 1, "func_info 0 of kprobe/x: type [1] is not a FUNC");
	ext_reject(11, 4, "func_info 0 of kprobe/x: insn_off 4 is not a multiple of 8");
	ext_reject(17, 9999, "line_info 0 of kprobe/x: file 9999");
	ext_reject(24, 77, "core_relo 0 of kprobe/x: type [77] does not exist");
	ext_reject(25, 0, "access string offset 0 is not a string");
	ext_reject(26, 13, "core_relo 0 of kprobe/x: unknown kind 13");
}

TEST(ext_rejects_a_truncated_block_header)
{
	uint32_t sec, str;
	struct mb_btf *btf = ext_btf(&sec, &str);
	struct mb_btf_ext *ext;
	size_t size = ext_blob(sec, str);

	e.w[3] = 24;			/* func_info: 4 more bytes, 1 word */
	CHECK_EQ(ext_parse(size, btf, &ext), -EINVAL);
	CHECK_CONTAINS(last_msg, "func_info block 1 at offset 20: truncated header");
	mb_btf_free(btf);
}

/* ---- real BTF ------------------------------------------------------- */

TEST(vmlinux_parses_with_its_well_known_types)
{
	const char *path = "/sys/kernel/btf/vmlinux";
	struct mb_btf *btf;
	int id;

	if (access(path, R_OK))
		SKIP("%s: not readable", path);
	CHECK_EQ(mb_btf_load_file(path, &t_log, &btf), 0);
	CHECK(mb_btf_type_count(btf) > 10000);
	id = mb_btf_find(btf, "task_struct", BTF_KIND_STRUCT);
	CHECK(id > 0);
	CHECK(mb_btf_resolve_size(btf, id) > 1000);
	CHECK(mb_btf_find(btf, "bpf_map_copy_value", BTF_KIND_FUNC) > 0);
	CHECK_EQ(mb_btf_resolve_size(btf, mb_btf_find(btf, "u64", BTF_KIND_TYPEDEF)), 8);
	/* ENUM64 since 6.0: PERF_CONTEXT_MAX is (u64)-4095. */
	id = mb_btf_find(btf, "perf_callchain_context", BTF_KIND_ENUM64);
	if (id > 0) {
		const struct btf_type *t = mb_btf_type(btf, id);
		uint32_t i = 0;

		while (i < btf_vlen(t) &&
		       strcmp(mb_btf_str(btf, btf_enum_name_off(t, i)),
			      "PERF_CONTEXT_MAX"))
			i++;
		CHECK(i < btf_vlen(t));
		CHECK(btf_enum_value(t, i) == (uint64_t)-4095);
	}
	mb_btf_free(btf);
}

/* The kernel's BTF is parsed where it is mapped, read-only: the same
 * bytes as a read gives, and no type to change. */
TEST(vmlinux_is_parsed_in_place_read_only)
{
	const char *path = "/sys/kernel/btf/vmlinux";
	struct mb_btf *btf;
	const void *data;
	void *file;
	uint32_t size;
	size_t file_size;

	if (access(path, R_OK))
		SKIP("%s: not readable", path);
	CHECK_EQ(mb_btf_load_file(path, &t_log, &btf), 0);
	CHECK_EQ(mb_read_file(path, &file, &file_size), 0);
	data = mb_btf_data(btf, &size);
	CHECK_EQ(size, file_size);
	CHECK(!memcmp(data, file, size));
	/* Mapped when the kernel allows it (recent kernels): read-only. */
	if (btf->map_len)
		CHECK(mb_btf_type_mut(btf, 1) == NULL);
	free(file);
	mb_btf_free(btf);
}

TEST(clang_big_endian_btf_equals_little_endian)
{
	struct mb_btf *le, *be;
	const uint8_t *le_data, *be_data;
	uint32_t le_size, be_size;

	CHECK_EQ(mb_btf_load_file(t_fixture("btf_sample.bpfel.btf"), &t_log, &le), 0);
	CHECK_EQ(mb_btf_load_file(t_fixture("btf_sample.bpfeb.btf"), &t_log, &be), 0);
	CHECK_EQ(mb_btf_type_count(be), mb_btf_type_count(le));
	le_data = mb_btf_data(le, &le_size);
	be_data = mb_btf_data(be, &be_size);
	CHECK_EQ(be_size, le_size);
	CHECK(!memcmp(be_data, le_data, le_size));
	for (uint32_t id = 1; id < mb_btf_type_count(le); id++) {
		CHECK_STR(mb_btf_name(be, id), mb_btf_name(le, id));
		CHECK_EQ(mb_btf_resolve_size(be, id), mb_btf_resolve_size(le, id));
	}
	mb_btf_free(le);
	mb_btf_free(be);
}

TEST(clang_sample_has_the_types_it_declares)
{
	struct mb_btf *btf;
	int id, n;

	CHECK_EQ(mb_btf_load_file(t_fixture("btf_sample.bpfeb.o"), &t_log, &btf), 0);
	id = mb_btf_find(btf, "sample", BTF_KIND_STRUCT);
	CHECK(id > 0);
	CHECK_EQ(mb_btf_resolve_size(btf, id), 120);	/* see btf_sample.c */
	CHECK(mb_btf_find(btf, "sample___v2", BTF_KIND_STRUCT) > 0);
	n = 0;			/* sample and sample___v2, not sample_core */
	for (uint32_t i = 0; (i = mb_btf_find_next_essential(btf, "sample", 6, i));)
		n++;
	CHECK_EQ(n, 2);
	CHECK(mb_btf_find(btf, "cv_int", BTF_KIND_TYPEDEF) > 0);
	CHECK(mb_btf_find(btf, "prog", BTF_KIND_FUNC) > 0);
	CHECK(mb_btf_find(btf, "color", BTF_KIND_ENUM) > 0);
	CHECK(mb_btf_find(btf, "payload", BTF_KIND_DECL_TAG) > 0);
	CHECK(mb_btf_find(btf, "user", BTF_KIND_TYPE_TAG) > 0);
	CHECK(mb_btf_find(btf, ".bss", BTF_KIND_DATASEC) > 0);
	mb_btf_free(btf);
}

TEST(clang_ext_parses_in_both_byte_orders)
{
	const char *order[] = { "bpfel", "bpfeb" };
	uint32_t nr_relo[2];

	for (int i = 0; i < 2; i++) {
		char name[64];
		struct mb_btf *btf;
		struct mb_btf_ext *ext;
		const struct mb_ext_sec *s;
		void *data;
		size_t size;

		snprintf(name, sizeof(name), "btf_sample.%s.btf", order[i]);
		CHECK_EQ(mb_btf_load_file(t_fixture(name), &t_log, &btf), 0);
		snprintf(name, sizeof(name), "btf_sample.%s.ext", order[i]);
		CHECK_EQ(mb_read_file(t_fixture(name), &data, &size), 0);
		CHECK_EQ(mb_btf_ext_parse(data, size, btf, name, &t_log, &ext), 0);
		s = mb_btf_ext_find(ext->func_info, ext->nr_func_info, "socket");
		CHECK(s != NULL);
		CHECK_STR(mb_btf_name(btf, ((const struct bpf_func_info *)s->recs)->type_id),
			  "prog");
		CHECK(ext->nr_line_info > 0);
		s = mb_btf_ext_find(ext->core_relo, ext->nr_core_relo, "socket");
		CHECK(s != NULL);
		nr_relo[i] = s->nr_recs;
		mb_btf_ext_free(ext);
		mb_btf_free(btf);
		free(data);
	}
	CHECK(nr_relo[0] > 0);
	CHECK_EQ(nr_relo[1], nr_relo[0]);
}

/* A BTF file outside sysfs is read into our own copy: writable. */
TEST(load_file_of_a_plain_file_gives_a_writable_copy)
{
	struct mb_btf *btf;

	CHECK_EQ(mb_btf_load_file(t_fixture("btf_sample.bpfel.btf"), &t_log, &btf), 0);
	CHECK(mb_btf_type_mut(btf, 1) != NULL);
	mb_btf_free(btf);
}

TEST(load_file_names_a_missing_file_and_an_elf_without_btf)
{
	struct mb_btf *btf;

	CHECK_EQ(mb_btf_load_file("/nonexistent/btf", &t_log, &btf), -ENOENT);
	CHECK_CONTAINS(last_msg, "btf: /nonexistent/btf: cannot read");
	CHECK_EQ(mb_btf_load_file("/proc/self/exe", &t_log, &btf), -ENOENT);
	CHECK_CONTAINS(last_msg, "ELF file without a .BTF section");
}
