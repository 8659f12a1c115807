/* harness.h: the tiny test harness every C test in tests/ uses.
 *
 * A test file defines tests with TEST(name) { ... } and checks with the
 * CHECK macros; the harness's main() runs them in order and prints one
 * line per test, which tests/run.sh counts:
 *
 *	ok NAME
 *	FAIL NAME: file:line: what was expected
 *	skip NAME: why it could not run
 *
 * A failed CHECK ends the test.  SKIP() is for what the machine cannot
 * do (no root, no such kernel feature); in CI a skip counts as a failure.
 */
#ifndef MB_HARNESS_H
#define MB_HARNESS_H

#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct t_case {
	const char *name;
	void (*fn)(void);
};

extern struct t_case t_cases[];
extern int t_nr_cases;
extern jmp_buf t_jmp;
extern char t_why[512];

enum { T_FAILED = 1, T_SKIPPED = 2 };

#define TEST(test)							\
	static void test(void);						\
	__attribute__((constructor)) static void t_reg_##test(void)	\
	{								\
		t_cases[t_nr_cases].name = #test;			\
		t_cases[t_nr_cases++].fn = test;			\
	}								\
	static void test(void)

#define T_STOP(kind, ...)						\
	do {								\
		snprintf(t_why, sizeof(t_why), __VA_ARGS__);		\
		longjmp(t_jmp, kind);					\
	} while (0)

#define FAILF(...) T_STOP(T_FAILED, __VA_ARGS__)
#define SKIP(...) T_STOP(T_SKIPPED, __VA_ARGS__)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			FAILF("%s:%d: %s", __FILE__, __LINE__, #cond);	\
	} while (0)

#define CHECK_EQ(got, want)						\
	do {								\
		long long t_g = (long long)(got), t_w = (long long)(want); \
		if (t_g != t_w)						\
			FAILF("%s:%d: %s is %lld, expected %lld (%s)",	\
			      __FILE__, __LINE__, #got, t_g, t_w, #want); \
	} while (0)

#define CHECK_STR(got, want)						\
	do {								\
		const char *t_g = (got), *t_w = (want);			\
		if (!t_g || strcmp(t_g, t_w))				\
			FAILF("%s:%d: %s is \"%.200s\", expected \"%.200s\"", \
			      __FILE__, __LINE__, #got,			\
			      t_g ? t_g : "(null)", t_w);		\
	} while (0)

/* got must contain want: for error messages. */
#define CHECK_CONTAINS(got, want)					\
	do {								\
		const char *t_g = (got), *t_w = (want);			\
		if (!t_g || !strstr(t_g, t_w))				\
			FAILF("%s:%d: %s is \"%.300s\", should contain \"%.100s\"", \
			      __FILE__, __LINE__, #got,			\
			      t_g ? t_g : "(null)", t_w);		\
	} while (0)

/* The file name beside this test program (rules.mk builds fixtures
 * there); a missing one fails the test. */
static inline const char *t_fixture(const char *name)
{
	static char path[PATH_MAX + 256];
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		FAILF("readlink /proc/self/exe: %s", strerror(errno));
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dirname(self), name);
	if (access(path, R_OK))
		FAILF("%.400s: missing (make tests builds it)", path);
	return path;
}

/* $B/sub (B: the build directory, build/ by default) as an absolute
 * path, for tests that chdir(); kept after the first call. */
static inline const char *t_build_path(const char *sub)
{
	static char path[PATH_MAX];
	char rel[256];

	if (path[0])
		return path;
	snprintf(rel, sizeof(rel), "%s/%s", getenv("B") ? getenv("B") : "build",
		 sub);
	if (!realpath(rel, path))
		snprintf(path, sizeof(path), "%s", rel);
	return path;
}

#ifdef T_MAIN
struct t_case t_cases[512];
int t_nr_cases;
jmp_buf t_jmp;
char t_why[512];

/* Does the command line select this test?  NAME runs only the named
 * tests; -NAME runs all but those; no argument runs every test. */
static int t_selected(int argc, char **argv, const char *name)
{
	int only = 0, match = 0;

	for (int a = 1; a < argc; a++) {
		if (argv[a][0] == '-' && !strcmp(argv[a] + 1, name))
			return 0;
		if (argv[a][0] != '-') {
			only = 1;
			match |= !strcmp(argv[a], name);
		}
	}
	return !only || match;
}

int main(int argc, char **argv)
{
	volatile int failed = 0;	/* volatile: kept across longjmp */

	for (volatile int i = 0; i < t_nr_cases; i++) {
		if (!t_selected(argc, argv, t_cases[i].name))
			continue;
		int r = setjmp(t_jmp);
		if (r == 0) {
			t_cases[i].fn();
			printf("ok %s\n", t_cases[i].name);
		} else if (r == T_SKIPPED) {
			printf("skip %s: %s\n", t_cases[i].name, t_why);
		} else {
			printf("FAIL %s: %s\n", t_cases[i].name, t_why);
			failed++;
		}
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
#endif
#endif
