/* fuzz_btf.c: raw BTF (.BTF, a --btf file, vmlinux) into mb_btf_parse.
 *
 * The input is one BTF blob.  When it parses, every lookup that the rest
 * of the library makes on a parsed BTF is run over every type id: name,
 * size (arrays and modifiers resolved), modifier chains, the name index.
 * A blob that parse accepted must be safe to walk in all of these, to
 * print as C (btf_dump.c) and to rewrite for an old kernel
 * (btf_sanitize.c: the rewrite is parsed again, as the kernel would).
 */
#include "fuzz.h"
#include "btf.h"

/* The C dump and the rewrite of an old kernel's view, thrown away. */
static void rewrite(const struct mb_btf *btf)
{
	static FILE *null;
	struct mb_btf *again;
	uint32_t size;
	void *data;

	if (!null)
		null = fopen("/dev/null", "w");
	if (null)
		mb_btf_dump_c(btf, null, &fuzz_log);
	if (mb_btf_sanitize(btf, 0, &data, &size))
		return;
	if (!mb_btf_parse(data, size, NULL, "fuzz.sanitized", &fuzz_log, &again))
		mb_btf_free(again);
	free(data);
}

static void walk(const struct mb_btf *btf)
{
	uint32_t n = mb_btf_type_count(btf);

	for (uint32_t id = 0; id < n + 1; id++) {
		const struct btf_type *t = mb_btf_type(btf, id);
		const char *name = mb_btf_name(btf, id);

		fuzz_msg_len += strlen(name);
		(void)mb_btf_resolve_size(btf, id);
		(void)mb_btf_skip_mods(btf, id, true);
		(void)mb_btf_skip_mods(btf, id, false);
		if (!t || !*name)
			continue;
		fuzz_msg_len += strlen(mb_btf_kind_name(btf_kind(t)));
		(void)mb_btf_find(btf, name, btf_kind(t));
		(void)mb_btf_find_next_essential(btf, name,
						 mb_btf_essential_len(name), 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_btf *btf, *split;

	if (mb_btf_parse(data, size, NULL, "fuzz.btf", &fuzz_log, &btf))
		return 0;
	walk(btf);
	rewrite(btf);
	/* The same bytes as split BTF on top of themselves: a module's BTF
	 * continues vmlinux's ids and strings. */
	if (!mb_btf_parse(data, size, btf, "fuzz.split", &fuzz_log, &split)) {
		walk(split);
		mb_btf_free(split);
	}
	mb_btf_free(btf);
	return 0;
}
