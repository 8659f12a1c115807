/* fuzz_btf_ext.c: .BTF.ext into mb_btf_ext_parse.
 *
 * .BTF.ext names sections and types of its .BTF, so the input carries
 * both: a little-endian u32 length, that many bytes of BTF, then the
 * .BTF.ext (the seeds are the .BTF/.BTF.ext pairs of our test objects).
 * When it parses, every record of every section is read back through
 * mb_btf_ext_find, as link.c and core.c do.
 */
#include "fuzz.h"

static void read_secs(const struct mb_ext_sec *secs, uint32_t nr)
{
	for (uint32_t i = 0; i < nr; i++) {
		const struct mb_ext_sec *s = &secs[i];
		const uint8_t *p = s->recs;
		uint32_t sum = 0;

		if (mb_btf_ext_find(secs, nr, s->sec_name) == NULL)
			abort();	/* a section it just listed */
		/* every byte of every record, rec_size each */
		for (uint64_t b = 0; b < (uint64_t)s->nr_recs * s->rec_size; b++)
			sum += p[b];
		fuzz_msg_len += sum + strlen(s->sec_name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *btf_data;
	size_t btf_size;
	struct mb_btf *btf;
	struct mb_btf_ext *ext;

	if (fuzz_take(&data, &size, &btf_data, &btf_size))
		return 0;
	if (mb_btf_parse(btf_data, btf_size, NULL, "fuzz.btf", &fuzz_log, &btf))
		return 0;
	if (!mb_btf_ext_parse(data, size, btf, "fuzz.ext", &fuzz_log, &ext)) {
		read_secs(ext->func_info, ext->nr_func_info);
		read_secs(ext->line_info, ext->nr_line_info);
		read_secs(ext->core_relo, ext->nr_core_relo);
		mb_btf_ext_free(ext);
	}
	mb_btf_free(btf);
	return 0;
}
