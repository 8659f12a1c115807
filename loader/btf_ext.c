/* btf_ext.c: .BTF.ext, what the compiler says about each instruction.
 *
 * Beside .BTF, clang -g writes .BTF.ext: for each code section, the
 * functions it holds (func_info), the source line of instructions
 * (line_info) and the CO-RE relocations (core_relo).  Its layout:
 *
 *	header: magic 0xeB9F, version 1, flags 0, hdr_len,
 *	        func_info off/len, line_info off/len,
 *	        core_relo off/len (only when hdr_len >= 32)
 *	each of the three, at hdr_len + off:
 *	        u32 rec_size
 *	        { u32 sec_name_off; u32 num_info; num_info * rec_size bytes }...
 *
 * sec_name_off is a string of the object's .BTF.  A record may be longer
 * than the struct we know (rec_size says): read our fields, skip the
 * rest.  Every record's insn_off is in bytes from the start of its
 * section; link.c and core.c check it against the section.
 *
 * mb_btf_ext_parse checks all of this, plus what each record names in
 * .BTF (a FUNC, strings, a type id), and returns per-section views into
 * its own copy of the data, byte-swapped to host order if need be.
 *
 * Reference: include/uapi/linux/bpf.h
 * (struct bpf_func_info, bpf_line_info, bpf_core_relo).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

#include "internal.h"
#include "btf.h"

/* The header as the file lays it out (the kernel has no UAPI for it). */
struct ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len; /* hdr_len >= 32 only */
};

#define EXT_HDR_MIN offsetof(struct ext_header, core_relo_off)

/* One of the three subsections, and how to check its records. */
struct ext_kind {
	const char *name; /* for messages */
	uint32_t min_rec; /* the fields we read */
	int (*check)(const struct mb_btf *btf, const uint32_t *rec,
		     const char *what, const char *sec, uint32_t i,
		     const struct mb_log *log);
};

static int check_func_info(const struct mb_btf *btf, const uint32_t *rec,
			   const char *what, const char *sec, uint32_t i,
			   const struct mb_log *log)
{
	const struct bpf_func_info *fi = (const void *)rec;
	const struct btf_type *t = mb_btf_type(btf, fi->type_id);

	if (!t || btf_kind(t) != BTF_KIND_FUNC)
		return mb_err(log, -EINVAL,
			      "btf: %s: func_info %u of %s: type [%u] is not a FUNC",
			      what, i, sec, fi->type_id);
	return 0;
}

static int check_line_info(const struct mb_btf *btf, const uint32_t *rec,
			   const char *what, const char *sec, uint32_t i,
			   const struct mb_log *log)
{
	const struct bpf_line_info *li = (const void *)rec;

	if (!mb_btf_str_ok(btf, li->file_name_off) ||
	    !mb_btf_str_ok(btf, li->line_off))
		return mb_err(log, -EINVAL,
			      "btf: %s: line_info %u of %s: file %u or line %u beyond the string table",
			      what, i, sec, li->file_name_off, li->line_off);
	return 0;
}

static int check_core_relo(const struct mb_btf *btf, const uint32_t *rec,
			   const char *what, const char *sec, uint32_t i,
			   const struct mb_log *log)
{
	const struct bpf_core_relo *r = (const void *)rec;

	if (!mb_btf_type(btf, r->type_id))
		return mb_err(log, -EINVAL,
			      "btf: %s: core_relo %u of %s: type [%u] does not exist",
			      what, i, sec, r->type_id);
	if (!mb_btf_str_ok(btf, r->access_str_off) ||
	    !*mb_btf_str(btf, r->access_str_off))
		return mb_err(log, -EINVAL,
			      "btf: %s: core_relo %u of %s: access string offset %u is not a string",
			      what, i, sec, r->access_str_off);
	if (r->kind > BPF_CORE_TYPE_MATCHES)
		return mb_err(log, -EINVAL,
			      "btf: %s: core_relo %u of %s: unknown kind %u",
			      what, i, sec, r->kind);
	return 0;
}

static const struct ext_kind ext_kinds[] = {
	{ "func_info", sizeof(struct bpf_func_info), check_func_info },
	{ "line_info", sizeof(struct bpf_line_info), check_line_info },
	{ "core_relo", sizeof(struct bpf_core_relo), check_core_relo },
};

/* Every record of one block; insn_off (the first field of all three)
 * must be a whole instruction. */
static int ext_check_recs(const struct mb_btf *btf, const struct ext_kind *k,
			  const uint8_t *recs, uint32_t nr, uint32_t rec_size,
			  const char *sec, const char *what,
			  const struct mb_log *log)
{
	for (uint32_t i = 0; i < nr; i++) {
		const uint32_t *rec =
			(const void *)(recs + (size_t)i * rec_size);
		int err;

		if (rec[0] % sizeof(struct bpf_insn))
			return mb_err(log, -EINVAL,
				      "btf: %s: %s %u of %s: insn_off %u is not a multiple of 8",
				      what, k->name, i, sec, rec[0]);
		err = k->check(btf, rec, what, sec, i, log);
		if (err)
			return err;
	}
	return 0;
}

/* Walk one subsection's blocks, checking each; with secs, fill them
 * (the first call counts into *nr, the second fills). */
static int ext_walk(const struct mb_btf *btf, const struct ext_kind *k,
		    const uint8_t *p, uint32_t len, struct mb_ext_sec *secs,
		    uint32_t *nr, const char *what, const struct mb_log *log)
{
	uint32_t rec_size, off = sizeof(uint32_t);

	if (len < sizeof(uint32_t))
		return mb_err(log, -EINVAL,
			      "btf: %s: %s: %u bytes, too short for its record size",
			      what, k->name, len);
	memcpy(&rec_size, p, sizeof(rec_size));
	if (rec_size < k->min_rec || rec_size % 4)
		return mb_err(log, -EINVAL,
			      "btf: %s: %s: record size %u is below %u or not a multiple of 4",
			      what, k->name, rec_size, k->min_rec);
	for (*nr = 0; off < len; (*nr)++) {
		const uint32_t *blk = (const void *)(p + off);
		uint64_t bytes;
		const char *sec;
		int err;

		if (len - off < 2 * sizeof(uint32_t))
			return mb_err(log, -EINVAL,
				      "btf: %s: %s block %u at offset %u: truncated header",
				      what, k->name, *nr, off);
		if (!mb_btf_str_ok(btf, blk[0]) || !*mb_btf_str(btf, blk[0]))
			return mb_err(log, -EINVAL,
				      "btf: %s: %s block %u: section name offset %u is not a string of .BTF",
				      what, k->name, *nr, blk[0]);
		sec = mb_btf_str(btf, blk[0]);
		bytes = (uint64_t)blk[1] * rec_size;
		if (!blk[1])
			return mb_err(log, -EINVAL,
				      "btf: %s: %s of %s: no records (num_info 0)",
				      what, k->name, sec);
		off += 2 * sizeof(uint32_t);
		if (bytes > len - off)
			return mb_err(log, -EINVAL,
				      "btf: %s: %s of %s: %u records of %u bytes overrun the subsection (%u bytes left)",
				      what, k->name, sec, blk[1], rec_size,
				      len - off);
		err = ext_check_recs(btf, k, p + off, blk[1], rec_size, sec,
				     what, log);
		if (err)
			return err;
		if (secs)
			secs[*nr] = (struct mb_ext_sec){ sec, p + off, blk[1],
							 rec_size };
		off += bytes;
	}
	return 0;
}

/* One subsection at hdr_len + off: inside the data, aligned; then walk
 * it twice, to count and to fill. */
static int ext_parse_kind(struct mb_btf_ext *ext, size_t size, uint32_t hdr_len,
			  uint32_t off, uint32_t len, bool swapped,
			  const struct mb_btf *btf, const struct ext_kind *k,
			  struct mb_ext_sec **secsp, uint32_t *nrp,
			  const char *what, const struct mb_log *log)
{
	uint8_t *p = (uint8_t *)ext->data + hdr_len + off;
	uint32_t nr;
	int err;

	if (!len)
		return 0;
	if (off % 4)
		return mb_err(log, -EINVAL,
			      "btf: %s: %s offset %u is not a multiple of 4",
			      what, k->name, off);
	if (off > size - hdr_len || len > size - hdr_len - off)
		return mb_err(log, -EINVAL,
			      "btf: %s: %s at %u, %u bytes, beyond the %zu bytes after the header",
			      what, k->name, off, len, size - hdr_len);
	if (swapped)
		for (uint32_t *w = (uint32_t *)p; w < (uint32_t *)p + len / 4;
		     w++)
			*w = __builtin_bswap32(*w);
	err = ext_walk(btf, k, p, len, NULL, &nr, what, log);
	if (err)
		return err;
	*secsp = mb_calloc(nr, sizeof(**secsp));
	if (!*secsp)
		return mb_err(log, -ENOMEM, "btf: %s: out of memory", what);
	*nrp = nr;
	return ext_walk(btf, k, p, len, *secsp, &nr, what, log);
}

/* Copy the data and read its header into h, in host order. */
static int ext_copy_header(struct mb_btf_ext *ext, const void *data,
			   size_t size, struct ext_header *h, bool *swapped,
			   const char *what, const struct mb_log *log)
{
	if (size < EXT_HDR_MIN)
		return mb_err(log, -EINVAL,
			      "btf: %s: %zu bytes, too short for a .BTF.ext header (%zu)",
			      what, size, EXT_HDR_MIN);
	if (size > UINT32_MAX)
		return mb_err(log, -E2BIG,
			      "btf: %s: %zu bytes, larger than 4 GiB", what,
			      size);
	ext->data = malloc(size);
	if (!ext->data)
		return mb_err(log, -ENOMEM, "btf: %s: out of memory", what);
	memcpy(ext->data, data, size);
	memset(h, 0, sizeof(*h));
	memcpy(h, data, size < sizeof(*h) ? size : sizeof(*h));
	*swapped = h->magic == __builtin_bswap16(BTF_MAGIC);
	if (h->magic != BTF_MAGIC && !*swapped)
		return mb_err(log, -EINVAL,
			      "btf: %s: bad .BTF.ext magic 0x%04x (expected 0x%04x)",
			      what, h->magic, BTF_MAGIC);
	if (*swapped)
		for (uint32_t *w = &h->hdr_len; w <= &h->core_relo_len; w++)
			*w = __builtin_bswap32(*w);
	if (h->version != BTF_VERSION || h->flags)
		return mb_err(log, -EINVAL,
			      "btf: %s: .BTF.ext version %u flags 0x%x, only version 1 without flags is known",
			      what, h->version, h->flags);
	if (h->hdr_len < EXT_HDR_MIN || h->hdr_len > size)
		return mb_err(log, -EINVAL,
			      "btf: %s: .BTF.ext header length %u outside [%zu, %zu]",
			      what, h->hdr_len, EXT_HDR_MIN, size);
	if (h->hdr_len % 4)
		return mb_err(log, -EINVAL,
			      "btf: %s: .BTF.ext header length %u is not a multiple of 4",
			      what, h->hdr_len);
	if (h->hdr_len < sizeof(*h))
		h->core_relo_off = h->core_relo_len = 0;
	return 0;
}

int mb_btf_ext_parse(const void *data, size_t size, const struct mb_btf *btf,
		     const char *what, const struct mb_log *log,
		     struct mb_btf_ext **extp)
{
	struct mb_btf_ext *ext = calloc(1, sizeof(*ext));
	struct ext_header h;
	bool swapped = false;
	int err;

	if (!ext)
		return mb_err(log, -ENOMEM, "btf: %s: out of memory", what);
	if (!btf) {
		free(ext);
		return mb_err(log, -EINVAL,
			      "btf: %s: .BTF.ext without .BTF to name its sections",
			      what);
	}
	err = ext_copy_header(ext, data, size, &h, &swapped, what, log);
	if (!err)
		err = ext_parse_kind(ext, size, h.hdr_len, h.func_info_off,
				     h.func_info_len, swapped, btf,
				     &ext_kinds[0], &ext->func_info,
				     &ext->nr_func_info, what, log);
	if (!err)
		err = ext_parse_kind(ext, size, h.hdr_len, h.line_info_off,
				     h.line_info_len, swapped, btf,
				     &ext_kinds[1], &ext->line_info,
				     &ext->nr_line_info, what, log);
	if (!err)
		err = ext_parse_kind(ext, size, h.hdr_len, h.core_relo_off,
				     h.core_relo_len, swapped, btf,
				     &ext_kinds[2], &ext->core_relo,
				     &ext->nr_core_relo, what, log);
	if (err) {
		mb_btf_ext_free(ext);
		return err;
	}
	*extp = ext;
	return 0;
}

void mb_btf_ext_free(struct mb_btf_ext *ext)
{
	if (!ext)
		return;
	free(ext->func_info);
	free(ext->line_info);
	free(ext->core_relo);
	free(ext->data);
	free(ext);
}

const struct mb_ext_sec *mb_btf_ext_find(const struct mb_ext_sec *secs,
					 uint32_t nr, const char *sec_name)
{
	for (uint32_t i = 0; i < nr; i++)
		if (!strcmp(secs[i].sec_name, sec_name))
			return &secs[i];
	return NULL;
}
