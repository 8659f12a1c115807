/* fuzz_usdt.c: .note.stapsdt into mb_usdt_notes_walk, and each note's
 * argument string into mb_usdt_parse_arg.
 *
 * The first input byte chooses the ELF class (bit 0), the byte order
 * (bit 1) and the architecture whose register names the arguments use
 * (bits 2-4); the rest is the note section (the seeds are the notes of
 * tests/usdt's target, whole and cut).
 */
#include <elf.h>

#include "fuzz.h"
#include "internal.h"
#include "usdt.h"

static const uint16_t machines[8] = {
	EM_X86_64, EM_386, EM_AARCH64, EM_ARM, 243 /* EM_RISCV */, EM_S390,
	EM_PPC64, 0,
};

/* Every blank-separated argument, as attach_usdt.c would see it. */
static int parse_args(const struct mb_usdt_note *n, void *ctx)
{
	uint16_t machine = *(const uint16_t *)ctx;
	const char *p = n->args;
	char buf[128];

	fuzz_msg_len += strlen(n->provider) + strlen(n->name);
	while (*(p += strspn(p, " "))) {
		size_t len = strcspn(p, " ");
		struct mb_usdt_arg a;
		const char *why;

		snprintf(buf, sizeof(buf), "%.*s", (int)len, p);
		if (mb_usdt_parse_arg(machine, buf, &a, &why))
			fuzz_msg_len += strlen(why);	/* a reason, always */
		else
			fuzz_msg_len += a.size + strlen(a.sym);
		p += len;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t machine;
	const char *why = NULL;
	uint8_t *copy;

	if (size < 1)
		return 0;
	machine = machines[(data[0] >> 2) & 7];
	/* an exact-size copy, so that a read past the end is caught */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	if (mb_usdt_notes_walk(copy, size - 1, data[0] & 1, data[0] & 2,
			       parse_args, &machine, &why) && !why)
		abort();			/* an error without a reason */
	free(copy);
	return 0;
}
