/* test_perm.c: the lockdown file's text parsed as the kernel writes it
 * (security/lockdown/lockdown.c: each mode the kernel supports, the
 * current one in brackets, space-separated, a newline at the end). */
#include <string.h>

#include "harness.h"
#include "internal.h"

#define CHECK_MODE(text, want)                                   \
	do {                                                     \
		const char *m_ = mb_lockdown_parse(text);        \
		CHECK_STR(m_ ? m_ : "(null)", want);             \
	} while (0)

TEST(lockdown_mode_is_the_bracketed_word)
{
	CHECK_MODE("[none] integrity confidentiality\n", "none");
	CHECK_MODE("none [integrity] confidentiality\n", "integrity");
	CHECK_MODE("none integrity [confidentiality]\n", "confidentiality");
}

TEST(lockdown_text_without_a_known_mode_is_unknown)
{
	CHECK_MODE("", "(null)");
	CHECK_MODE("none integrity confidentiality\n", "(null)");
	CHECK_MODE("none [integ", "(null)");
	CHECK_MODE("[integrityx] none\n", "(null)");
	CHECK_MODE("[] none\n", "(null)");
}

TEST(lockdown_mode_is_read_once_and_known_or_null)
{
	const char *m = mb_kernel_lockdown();

	CHECK(mb_kernel_lockdown() == m);
	CHECK(!m || !strcmp(m, "none") || !strcmp(m, "integrity") ||
	      !strcmp(m, "confidentiality"));
}
