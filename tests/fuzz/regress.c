/* regress.c: main() for a fuzz harness built without libFuzzer.
 *
 *	regress_NAME FILE...
 *
 * Feeds each file to LLVMFuzzerTestOneInput and prints "ok NAME/FILE"
 * when it returns (tests/run.sh counts the lines).  A crash, a sanitizer
 * report or a hang is the failure: the program dies before its line.
 * make test runs it on tests/fuzz/regress/NAME/, the inputs that once
 * crashed the library.
 */
#include <libgen.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	const char *name = argc > 0 ? basename(argv[0]) : "regress_";

	if (!strncmp(name, "regress_", 8))
		name += 8;

	if (argc < 2) {
		printf("FAIL %s: no inputs given\n", name);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		void *data;
		size_t size;
		int err = mb_read_file(argv[i], &data, &size);

		if (err) {
			printf("FAIL %s/%s: cannot read: %s\n", name,
			       basename(argv[i]), strerror(-err));
			return 1;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		printf("ok %s/%s\n", name,
		       basename(argv[i]));
		fflush(stdout);
	}
	return 0;
}
