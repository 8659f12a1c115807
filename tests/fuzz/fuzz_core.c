/* fuzz_core.c: one CO-RE record through the pure resolver.
 *
 * Input: [u32 len][local BTF][u32 len][target BTF][bpf_core_relo, 16
 * bytes][instructions...] (lengths little-endian).  The seeds are each
 * CO-RE record of our test objects, with its section's instructions and
 * the case's target BTF (tests/core: NAME.target.o) or its own.
 *
 * mb_core_relocate_insns must check the record against both BTFs and
 * the instructions (insn_off, type id, access string, kind, the opcode
 * it patches) and fail with a message, never read outside them.  The
 * record is resolved twice, the second time through the candidate cache
 * that the first filled, as core_object.c does for a whole object.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *local_data, *target_data;
	size_t local_size, target_size, nr_insns;
	struct mb_btf *local, *target;
	struct bpf_core_relo rec;
	const uint8_t *code;
	struct bpf_insn *insns;
	struct mb_core_result res;

	if (fuzz_take(&data, &size, &local_data, &local_size) ||
	    fuzz_take(&data, &size, &target_data, &target_size) ||
	    size < sizeof(rec))
		return 0;
	memcpy(&rec, data, sizeof(rec));
	data += sizeof(rec);
	size -= sizeof(rec);
	nr_insns = size / sizeof(*insns);
	/* exactly nr_insns, so ASan sees a read one past the end */
	insns = malloc(nr_insns ? nr_insns * sizeof(*insns) : 1);
	if (!insns)
		return 0;
	code = data;

	if (!mb_btf_parse(local_data, local_size, NULL, "fuzz.local",
			  &fuzz_log, &local)) {
		if (!mb_btf_parse(target_data, target_size, NULL,
				  "fuzz.target", &fuzz_log, &target)) {
			struct mb_core_ctx ctx = {
				.local = local, .target = target,
				.where = "fuzz", .log = &fuzz_log,
				.cache = mb_core_cache_new(local),
			};

			for (int pass = 0; pass < 2; pass++) {
				memcpy(insns, code, nr_insns * sizeof(*insns));
				if (mb_core_relocate_insns(&ctx, &rec, insns,
							   nr_insns, &res))
					break;
			}
			mb_core_cache_free(ctx.cache);
			mb_btf_free(target);
		}
		mb_btf_free(local);
	}
	free(insns);
	return 0;
}
