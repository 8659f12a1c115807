/* btf_text.c: BTF as text (`minibpf btf dump FILE`), one line per type
 * and one indented line per member, in the form bpftool prints (`bpftool
 * btf dump file FILE`), so that the two can be diffed:
 *
 *	[4] STRUCT 'task' size=16 vlen=2
 *		'pid' type_id=2 bits_offset=0
 *		'next' type_id=5 bits_offset=64
 *
 * Names are printed as the string table holds them, '(anon)' for none.
 * Only the printing is here: the BTF was checked when it was parsed
 * (btf_check.c), so every tail read below lies inside the type section.
 * A file is never split BTF: ids start at 1.
 */
#include <inttypes.h>
#include <stdio.h>

#include "internal.h"
#include "btf.h"
#include "log.h"

static const char *raw_name(const struct mb_btf *btf, uint32_t off)
{
	const char *s = mb_btf_str(btf, off);

	return *s ? s : "(anon)";
}

static const char *int_encoding(uint32_t enc)
{
	if (enc & BTF_INT_SIGNED)
		return "SIGNED";
	if (enc & BTF_INT_CHAR)
		return "CHAR";
	if (enc & BTF_INT_BOOL)
		return "BOOL";
	return "(none)";
}

static const char *linkage_name(uint32_t linkage)
{
	static const char *const names[] = { "static", "global", "extern" };

	return linkage < ARRAY_SIZE(names) ? names[linkage] : "(unknown)";
}

static void print_members(FILE *f, const struct mb_btf *btf,
			  const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);

	for (uint32_t i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t bits = btf_member_bitfield_size(t, m);

		fprintf(f, "\t'%s' type_id=%u bits_offset=%u",
			raw_name(btf, m->name_off), m->type,
			btf_member_bit_offset(t, m));
		if (bits)
			fprintf(f, " bitfield_size=%u", bits);
		fputc('\n', f);
	}
}

static void print_enum(FILE *f, const struct mb_btf *btf,
		       const struct btf_type *t)
{
	bool sgn = btf_kflag(t);
	bool is64 = btf_kind(t) == BTF_KIND_ENUM64;

	fprintf(f, " encoding=%s size=%u vlen=%u\n",
		sgn ? "SIGNED" : "UNSIGNED", t->size, btf_vlen(t));
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint64_t v = btf_enum_value(t, i);
		const char *name = raw_name(btf, btf_enum_name_off(t, i));

		if (is64)
			fprintf(f,
				sgn ? "\t'%s' val=%" PRId64 "LL\n" :
				      "\t'%s' val=%" PRIu64 "ULL\n",
				name, v);
		else if (sgn)
			fprintf(f, "\t'%s' val=%d\n", name, (int32_t)v);
		else
			fprintf(f, "\t'%s' val=%u\n", name, (uint32_t)v);
	}
}

static void print_proto(FILE *f, const struct mb_btf *btf,
			const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);

	fprintf(f, " ret_type_id=%u vlen=%u\n", t->type, btf_vlen(t));
	for (uint32_t i = 0; i < btf_vlen(t); i++, p++)
		fprintf(f, "\t'%s' type_id=%u\n", raw_name(btf, p->name_off),
			p->type);
}

static void print_datasec(FILE *f, const struct mb_btf *btf,
			  const struct btf_type *t)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);

	fprintf(f, " size=%u vlen=%u\n", t->size, btf_vlen(t));
	for (uint32_t i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *vt = mb_btf_type(btf, v->type);

		fprintf(f, "\ttype_id=%u offset=%u size=%u (%s '%s')\n",
			v->type, v->offset, v->size,
			vt ? mb_btf_kind_name(btf_kind(vt)) : "UNKNOWN",
			vt ? raw_name(btf, vt->name_off) : "(anon)");
	}
}

/* What follows "[id] KIND 'name'" for the kinds with no member lines. */
static void print_simple(FILE *f, const struct btf_type *t)
{
	uint32_t w;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		w = btf_int_word(t);
		fprintf(f, " size=%u bits_offset=%u nr_bits=%u encoding=%s",
			t->size, BTF_INT_OFFSET(w), BTF_INT_BITS(w),
			int_encoding(BTF_INT_ENCODING(w)));
		break;
	case BTF_KIND_ARRAY:
		fprintf(f, " type_id=%u index_type_id=%u nr_elems=%u",
			btf_array(t)->type, btf_array(t)->index_type,
			btf_array(t)->nelems);
		break;
	case BTF_KIND_FWD:
		fprintf(f, " fwd_kind=%s", btf_kflag(t) ? "union" : "struct");
		break;
	case BTF_KIND_FUNC:
		fprintf(f, " type_id=%u linkage=%s", t->type,
			linkage_name(btf_vlen(t)));
		break;
	case BTF_KIND_VAR:
		fprintf(f, " type_id=%u, linkage=%s", t->type,
			linkage_name(*(const uint32_t *)(t + 1)));
		break;
	case BTF_KIND_FLOAT:
		fprintf(f, " size=%u", t->size);
		break;
	case BTF_KIND_DECL_TAG:
		fprintf(f, " type_id=%u component_idx=%d", t->type,
			*(const int32_t *)(t + 1));
		break;
	default: /* PTR, TYPEDEF, the modifiers, TYPE_TAG */
		fprintf(f, " type_id=%u", t->type);
	}
	fputc('\n', f);
}

void mb_btf_print_raw(FILE *f, const struct mb_btf *btf)
{
	for (uint32_t id = 1; id < mb_btf_type_count(btf); id++) {
		const struct btf_type *t = mb_btf_type(btf, id);

		fprintf(f, "[%u] %s '%s'", id, mb_btf_kind_name(btf_kind(t)),
			raw_name(btf, t->name_off));
		switch (btf_kind(t)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			fprintf(f, " size=%u vlen=%u\n", t->size, btf_vlen(t));
			print_members(f, btf, t);
			break;
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			print_enum(f, btf, t);
			break;
		case BTF_KIND_FUNC_PROTO:
			print_proto(f, btf, t);
			break;
		case BTF_KIND_DATASEC:
			print_datasec(f, btf, t);
			break;
		default:
			print_simple(f, t);
		}
	}
}
