/*
 * replay_main.c: run a libFuzzer target over its corpus without libFuzzer.
 *
 * `make test` builds every tests/fuzz/fuzz_*.c with gcc and this main, and
 * replays each file of tests/fuzz/corpus/<name>/ through the target, so
 * every input a fuzzer ever found stays a regression test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Feed one file to the target. */
static int
replay_file(const char *path)
{
	FILE	*f = fopen(path, "rb");
	uint8_t	*buf;
	long	 n;

	if (f == NULL)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

/* Replay every file of each directory (or file) named on the command line. */
int
main(int argc, char **argv)
{
	int	 i, count = 0;

	for (i = 1; i < argc; i++) {
		DIR		*d = opendir(argv[i]);
		struct dirent	*de;
		char		 path[4096];

		if (d == NULL) {
			if (replay_file(argv[i]) != 0) {
				fprintf(stderr, "replay: cannot read %s\n", argv[i]);
				return 1;
			}
			count++;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[i], de->d_name);
			if (replay_file(path) != 0) {
				fprintf(stderr, "replay: cannot read %s\n", path);
				closedir(d);
				return 1;
			}
			count++;
		}
		closedir(d);
	}
	printf("replay %s: %d inputs ok\n", argc > 1 ? argv[1] : "", count);
	return 0;
}
