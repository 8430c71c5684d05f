/*
 * explain.c: --print --explain.
 *
 * Each file source's first 64 KB (whole lines) is the sample its parser
 * looks at (parsers/infer.c); the parser is set up as --print sets it up
 * and infer_learn runs on the sample; infer_describe says what came of
 * it. Sources with a --format program say so; stdin and commands are not
 * read (their lines would be lost to the records).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "explain.h"
#include "parsers/parse.h"

#define EXPLAIN_SAMPLE	(64 * 1024)

/* Explain one file source; -1 when it cannot be read. */
static int
explain_file(const struct srcspec *sp, char *buf, char *out, size_t outsize)
{
	struct parser	 p;
	ssize_t		 n;
	size_t		 len;
	int		 fd;
	char		*nl;

	if ((fd = open(sp->arg, O_RDONLY)) == -1) {
		snprintf(out, outsize, "cannot open: %s", strerror(errno));
		return -1;
	}
	n = read(fd, buf, EXPLAIN_SAMPLE);
	close(fd);
	if (n < 0) {
		snprintf(out, outsize, "cannot read: %s", strerror(errno));
		return -1;
	}
	len = (size_t)n;
	/* Whole lines only (as the parser is fed). */
	if (len == EXPLAIN_SAMPLE && (nl = memrchr(buf, '\n', len)) != NULL)
		len = (size_t)(nl - buf) + 1;
	else if (len > 0 && buf[len - 1] != '\n' && len < EXPLAIN_SAMPLE)
		buf[len++] = '\n';
	parser_init(&p, sp->fmt);
	if (sp->fmt != NULL) {
		snprintf(out, outsize, "--format program (nothing learned)");
		return 0;
	}
	infer_learn(&p, buf, len);
	infer_describe(&p.inf, out, outsize);
	return 0;
}

/* Print what each source's parser makes of its first lines. */
int
explain_run(const struct options *opt)
{
	char	*buf = xmalloc(EXPLAIN_SAMPLE + 1), out[1024], name[512];
	size_t	 i;
	int	 status = 0;

	for (i = 0; i < opt->nsrcs; i++) {
		const struct srcspec *sp = &opt->srcs[i];

		sanitize_str(sp->arg, strlen(sp->arg), 200, name, sizeof name);
		if (sp->kind != SOURCE_FILE)
			snprintf(out, sizeof out, "%s: not a file, not sampled",
			    sp->kind == SOURCE_STDIN ? "stdin" : "a command");
		else if (explain_file(sp, buf, out, sizeof out) == -1) {
			fflush(stdout);
			fprintf(stderr, "tailor: %s: %s\n", name, out);
			status = 2;
			continue;
		}
		printf("%s: %s\n", name, out);
	}
	free(buf);
	return status;
}
