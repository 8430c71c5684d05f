/*
 * main.c: tailor's command line.
 *
 * Parses the options (the contract in tailor.1 and the README), refuses
 * bad input before anything runs (exit 2 and one line naming the option,
 * the value and what is wrong), builds the filter, the logger tree and the --format program,
 * and hands them to --print (cli/print.c) or the TUI (tui/app.c). The only
 * file that calls exit().
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/app.h"
#include "config.h"
#include "model/options.h"
#include "explain.h"
#include "print.h"
#include "core/xmalloc.h"
#include "filters/filter.h"
#include "parsers/level.h"
#include "parsers/pyfmt.h"
#include "parsers/record.h"
#include "parsers/tseek.h"
#include "parsers/tspec.h"
#include "input/remote.h"

#ifndef TAILOR_VERSION
#define TAILOR_VERSION "0.1.0"
#endif

static const char usage_text[] =
"Usage: tailor [OPTION]... [SOURCE]...\n"
"Follow and read logs as records (time, level, logger), in split panes.\n"
"\n"
"Sources:\n"
"  SOURCE              a file, followed by name like tail -F, or - for stdin\n"
"                      (.gz .zst .bz2 .xz files are read as their text)\n"
"  -R, --rotated       also read a file's rotated predecessors first, oldest\n"
"                      first (NAME.N[.gz], NAME-YYYYMMDD[.gz]), as one source\n"
"  -c, --command CMD   follow the output of a shell command\n"
"  ssh://[USER@]HOST[:PORT]/PATH  a remote file (PATH may be a glob) through\n"
"                      ssh; reconnects and resumes without loss\n"
"      --ssh CMD       the ssh command for ssh:// sources (default ssh;\n"
"                      e.g. 'ssh -F ./ssh_config'; config: ssh = CMD)\n"
"\n"
"Output:\n"
"  -p, --print         no TUI: print passing records to stdout and exit\n"
"                      (exit 0 printed something, 1 nothing, 2 error)\n"
"  -f, --follow        with --print: keep following, like tail -F\n"
"  -n, --lines N       start from the last N records of each source\n"
"      --json          with --print: one JSON object per record\n"
"      --stats         with --print: counts per source, level and logger\n"
"      --explain       with --print: the layout each source gets, and why\n"
"  -m, --merge         interleave sources by timestamp\n"
"  -q, --quiet         with --print: no ==> NAME <== headers\n"
"\n"
"Filters:\n"
"  -l, --level LVL     minimum level (trace debug info notice warning error critical)\n"
"      --levels LIST   exactly these levels, comma-separated\n"
"  -g, --grep RE       keep records matching RE (repeatable: all must match)\n"
"  -x, --exclude RE    drop records matching RE (repeatable: any drops)\n"
"  -i, --ignore-case   regexes ignore case\n"
"  -s, --case-sensitive  regexes respect case (default: smart case)\n"
"  -L, --logger NAME   show only the logger subtree NAME (repeatable)\n"
"  -X, --hide-logger NAME  hide the logger subtree NAME (repeatable)\n"
"  -C, --collapse NAME fold each run of NAME's subtree into one summary row\n"
"                      (one line with --print; WARNING and above still shown)\n"
"      --since T       records at or after T (2026-11-27 14:05[:30.250][Z],\n"
"                      a time of day 14:05, or -1h, -30m, -2d, now)\n"
"      --until T       records before T (same forms)\n"
"\n"
"Parsing:\n"
"      --format FMT    parse with this Python logging format string (%, { or $ style)\n"
"      --datefmt FMT   strftime format of %(asctime)s, as in Python\n"
"\n"
"Display:\n"
"      --theme NAME|FILE  colour theme (default, dark-256, light-256,\n"
"                      solarized-dark, high-contrast, mono)\n"
"      --no-color      attributes only (NO_COLOR is honoured too)\n"
"      --view compact|raw  panes show records compact (time of day, level,\n"
"                      short logger, message; default) or as written;\n"
"                      --print --view compact prints records compact\n"
"      --poll          never use inotify (network file systems)\n"
"      --binary        with --print: print a binary file to a terminal too\n"
"      --no-config     ignore the config file ($XDG_CONFIG_HOME/tailor/config)\n"
"  -h, --help          this help\n"
"  -V, --version       version\n"
"\n"
"Examples:\n"
"  tailor /var/log/api.log /var/log/worker.log\n"
"  tailor -p -l error -g payment api.log      # like grep, over whole records\n";

enum {
	OPT_LEVELS = 256,
	OPT_FORMAT,
	OPT_DATEFMT,
	OPT_JSON,
	OPT_STATS,
	OPT_EXPLAIN,
	OPT_THEME,
	OPT_NO_COLOR,
	OPT_POLL,
	OPT_BINARY,
	OPT_NO_CONFIG,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_VIEW,
	OPT_SSH
};

static const struct option long_options[] = {
	{ "command",		required_argument,	NULL, 'c' },
	{ "print",		no_argument,		NULL, 'p' },
	{ "follow",		no_argument,		NULL, 'f' },
	{ "rotated",		no_argument,		NULL, 'R' },
	{ "lines",		required_argument,	NULL, 'n' },
	{ "level",		required_argument,	NULL, 'l' },
	{ "levels",		required_argument,	NULL, OPT_LEVELS },
	{ "grep",		required_argument,	NULL, 'g' },
	{ "exclude",		required_argument,	NULL, 'x' },
	{ "ignore-case",	no_argument,		NULL, 'i' },
	{ "case-sensitive",	no_argument,		NULL, 's' },
	{ "logger",		required_argument,	NULL, 'L' },
	{ "hide-logger",	required_argument,	NULL, 'X' },
	{ "collapse",		required_argument,	NULL, 'C' },
	{ "format",		required_argument,	NULL, OPT_FORMAT },
	{ "datefmt",		required_argument,	NULL, OPT_DATEFMT },
	{ "json",		no_argument,		NULL, OPT_JSON },
	{ "stats",		no_argument,		NULL, OPT_STATS },
	{ "explain",		no_argument,		NULL, OPT_EXPLAIN },
	{ "merge",		no_argument,		NULL, 'm' },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "theme",		required_argument,	NULL, OPT_THEME },
	{ "no-color",		no_argument,		NULL, OPT_NO_COLOR },
	{ "poll",		no_argument,		NULL, OPT_POLL },
	{ "binary",		no_argument,		NULL, OPT_BINARY },
	{ "no-config",		no_argument,		NULL, OPT_NO_CONFIG },
	{ "since",		required_argument,	NULL, OPT_SINCE },
	{ "until",		required_argument,	NULL, OPT_UNTIL },
	{ "view",		required_argument,	NULL, OPT_VIEW },
	{ "ssh",		required_argument,	NULL, OPT_SSH },
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 }
};

/* Refuse bad input: one line, exit 2. */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list	ap;

	fputs("tailor: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* Append to a string list. */
static void
push(const char ***list, size_t *n, const char *s)
{
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = s;
}

/* Append a source spec. */
static void
push_src(struct options *opt, enum source_kind kind, const char *arg)
{
	opt->srcs = xreallocarray(opt->srcs, opt->nsrcs + 1, sizeof *opt->srcs);
	opt->srcs[opt->nsrcs].kind = kind;
	opt->srcs[opt->nsrcs].arg = arg;
	opt->nsrcs++;
}

/* Parse -l / --levels values into a mask. */
static uint32_t
parse_levels(const char *opt, const char *arg, int minimum)
{
	char		*copy = xstrdup(arg), *tok, *save = NULL;
	uint32_t	 mask = 0;
	int		 l, i;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		l = level_from_user(tok);
		if (l < 0)
			die("%s '%s': unknown level '%s' (valid: %s)", opt, arg,
			    tok, level_user_names());
		if (minimum) {
			for (i = l; i < LEVEL_COUNT; i++)
				mask |= LEVEL_BIT(i);
		} else
			mask |= LEVEL_BIT(l);
	}
	free(copy);
	if (mask == 0)
		die("%s '%s': no level given (valid: %s)", opt, arg,
		    level_user_names());
	return mask;
}

/* Parse argv into opt; refuses bad input. */
/* How tailor shows things, and --help / --version: parse_option's rest. */
static void
parse_display_option(int c, char *arg, struct options *opt, int *no_config)
{
	switch (c) {
	case OPT_THEME:
		opt->theme = arg;
		break;
	case OPT_NO_COLOR:
		opt->no_color = 1;
		break;
	case OPT_POLL:
		opt->poll = 1;
		break;
	case OPT_BINARY:
		opt->binary = 1;
		break;
	case OPT_NO_CONFIG:
		*no_config = 1;
		break;
	case OPT_VIEW:
		if (strcmp(arg, "compact") == 0) {
			opt->view_raw = 0;
			opt->print_compact = 1;
		} else if (strcmp(arg, "raw") == 0) {
			opt->view_raw = 1;
			opt->print_compact = 0;
		} else
			die("--view '%s': compact or raw", arg);
		break;
	case 'h':
		fputs(usage_text, stdout);
		exit(0);
	case 'V':
		printf("tailor %s\n", TAILOR_VERSION);
		exit(0);
	default:
		fprintf(stderr, "Try 'tailor --help' for more information.\n");
		exit(2);
	}
}

/* One option (or, as code 1, an operand in its place); exits on bad input. */
static void
parse_option(int c, char *arg, struct options *opt, int *no_config,
    int *levels_given)
{
	char	*end;

	switch (c) {
	case 1:
		push_src(opt, strcmp(arg, "-") == 0 ? SOURCE_STDIN :
		    remote_is_url(arg) ? SOURCE_REMOTE : SOURCE_FILE, arg);
		break;
	case OPT_SSH:
		opt->ssh = arg;
		break;
	case 'c':
		push_src(opt, SOURCE_COMMAND, arg);
		break;
	case 'p':
		opt->print = 1;
		break;
	case 'f':
		opt->follow = 1;
		break;
	case 'R':
		opt->rotated = 1;
		break;
	case 'n':
		opt->lines = strtoll(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || opt->lines < 0)
			die("-n '%s': not a number of records", arg);
		break;
	case 'l':
		opt->levels = parse_levels("-l", arg, 1);
		*levels_given = 1;
		break;
	case OPT_LEVELS:
		opt->levels = parse_levels("--levels", arg, 0);
		*levels_given = 1;
		break;
	case 'g':
		push(&opt->grep, &opt->ngrep, arg);
		break;
	case 'x':
		push(&opt->exclude, &opt->nexclude, arg);
		break;
	case 'i':
		opt->rcase = REGEX_ICASE;
		break;
	case 's':
		opt->rcase = REGEX_CASE;
		break;
	case 'L':
		push(&opt->only, &opt->nonly, arg);
		break;
	case 'X':
		push(&opt->hide, &opt->nhide, arg);
		break;
	case 'C':
		if (*arg == '\0')
			die("-C '': empty logger name");
		push(&opt->collapse, &opt->ncollapse, arg);
		break;
	case OPT_FORMAT:
		opt->format = arg;
		break;
	case OPT_SINCE:
		opt->since = arg;
		break;
	case OPT_UNTIL:
		opt->until = arg;
		break;
	case OPT_DATEFMT:
		opt->datefmt = arg;
		break;
	case OPT_JSON:
		opt->json = 1;
		break;
	case OPT_EXPLAIN:
		opt->explain = 1;
		break;
	case OPT_STATS:
		opt->stats = 1;
		break;
	case 'm':
		opt->merge = 1;
		break;
	case 'q':
		opt->quiet = 1;
		break;
	default:
		parse_display_option(c, arg, opt, no_config);
	}
}

/*
 * Parse the command line. Options may come after operands, as GNU tools
 * take them (getopt's in-order mode: an operand comes back as code 1, so
 * files and -c commands keep their command-line order); after "--" every
 * argument is a source.
 */
static void
parse_args(int argc, char **argv, struct options *opt, int *no_config, int *levels_given)
{
	int	c;

	memset(opt, 0, sizeof *opt);
	opt->view_raw = -1;		/* not given */
	opt->lines = -1;
	opt->levels = LEVEL_MASK_ALL;
	opt->rcase = REGEX_SMART;
	while ((c = getopt_long(argc, argv, "-c:pfRn:l:g:x:isL:X:C:mqhV",
	    long_options, NULL)) != -1)
		parse_option(c, optarg, opt, no_config, levels_given);
	for (; optind < argc; optind++) {
		if (strcmp(argv[optind], "-") == 0)
			push_src(opt, SOURCE_STDIN, "-");
		else if (remote_is_url(argv[optind]))
			push_src(opt, SOURCE_REMOTE, argv[optind]);
		else
			push_src(opt, SOURCE_FILE, argv[optind]);
	}
	if (getenv("NO_COLOR") != NULL)
		opt->no_color = 1;
	if (opt->nsrcs == 0) {
		if (isatty(STDIN_FILENO))
			die("no source given (try 'tailor FILE...', "
			    "'tailor -c CMD' or 'tailor --help')");
		push_src(opt, SOURCE_STDIN, "-");
	}
	if ((opt->json || opt->stats || opt->quiet) && !opt->print)
		opt->print = opt->json || opt->stats ? 1 : opt->print;
}

/* The newest record time of the file sources (for a time of day), or TIME_UNKNOWN. */
static int64_t
newest_time(const struct options *opt)
{
	struct stat	st;
	int64_t		t, newest = TIME_UNKNOWN;
	size_t		i;
	int		fd;

	for (i = 0; i < opt->nsrcs; i++) {
		if (opt->srcs[i].kind != SOURCE_FILE ||
		    (fd = open(opt->srcs[i].arg, O_RDONLY | O_NONBLOCK |
		    O_CLOEXEC)) == -1)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    tseek_last(fd, (uint64_t)st.st_size, opt->srcs[i].fmt,
		    &t) == 0 && (newest == TIME_UNKNOWN || t > newest))
			newest = t;
		close(fd);
	}
	return newest;
}

/* --since / --until into the filter's time range; refuses bad times. */
static void
build_time_range(const struct options *opt, struct filter *f)
{
	struct tspec	 since, until;
	char		*cause = NULL;
	int64_t		 now = tspec_now(), newest = TIME_UNKNOWN;

	if (opt->since != NULL && tspec_parse(opt->since, &since, &cause) == -1)
		die("--since '%s': %s", opt->since, cause);
	if (opt->until != NULL && tspec_parse(opt->until, &until, &cause) == -1)
		die("--until '%s': %s", opt->until, cause);
	if ((opt->since != NULL && since.kind == TSPEC_TIME_OF_DAY) ||
	    (opt->until != NULL && until.kind == TSPEC_TIME_OF_DAY))
		newest = newest_time(opt);
	if (opt->since != NULL)
		f->since = tspec_resolve(&since, now, newest);
	if (opt->until != NULL)
		f->until = tspec_resolve(&until, now, newest);
	if (opt->since != NULL && opt->until != NULL && f->until <= f->since)
		die("--until '%s': not after --since '%s'", opt->until,
		    opt->since);
}

/* Build the filter from the options; refuses patterns that do not compile. */
static void
build_filter(const struct options *opt, struct filter *f, struct ltree *tree)
{
	char	*cause = NULL;
	size_t	 i;

	filter_init(f);
	f->rcase = (enum regex_case)opt->rcase;
	filter_set_levels(f, opt->levels);
	for (i = 0; i < opt->ngrep; i++)
		if (filter_add_include(f, opt->grep[i], &cause) == -1)
			die("-g '%s': %s", opt->grep[i], cause);
	for (i = 0; i < opt->nexclude; i++)
		if (filter_add_exclude(f, opt->exclude[i], &cause) == -1)
			die("-x '%s': %s", opt->exclude[i], cause);
	build_time_range(opt, f);
	for (i = 0; i < opt->nonly; i++) {
		if (*opt->only[i] == '\0')
			die("-L '': empty logger name");
		lsel_set(f->lsel, ltree_intern(tree, opt->only[i],
		    strlen(opt->only[i])), LSEL_ONLY);
	}
	for (i = 0; i < opt->nhide; i++) {
		if (*opt->hide[i] == '\0')
			die("-X '': empty logger name");
		lsel_set(f->lsel, ltree_intern(tree, opt->hide[i],
		    strlen(opt->hide[i])), LSEL_HIDE);
	}
	filter_touch(f);
}

/*
 * Read the config file and apply what the command line did not set.
 * Problems are reported (file and line) and the rest still applies: on
 * stderr for --print, on the TUI's status line otherwise.
 */
static void
apply_config(struct options *opt, struct config *cfg, int levels_given)
{
	char	*path = config_path(), *msgs = NULL, *nl;
	size_t	 msglen = 0;
	FILE	*errs = open_memstream(&msgs, &msglen);

	if (errs == NULL)
		errs = stderr;
	config_load(cfg, path, errs);
	if (errs != stderr)
		fclose(errs);
	free(path);
	if (msgs != NULL && msglen > 0) {
		if (opt->print)
			fputs(msgs, stderr);
		else {
			nl = strchr(msgs, '\n');
			if (nl != NULL)
				*nl = '\0';
			opt->config_note = xstrdup(msgs);
		}
	}
	free(msgs);
	if (opt->theme == NULL && cfg->theme != NULL)
		opt->theme = cfg->theme;
	if (!levels_given && cfg->level != NULL)
		opt->levels = parse_levels("config level", cfg->level, 1);
	if (cfg->wrap == 1)
		opt->wrap = 1;
	if (cfg->no_color == 1)
		opt->no_color = 1;
	opt->keys = cfg->keys;
	opt->nkeys = cfg->nkeys;
}

/* Give every source its Formatter: --format for all, else the config's glob rules. */
static void
compile_formats(struct options *opt, const struct config *cfg, struct pyfmt *all)
{
	const struct config_format	*cf;
	char				*cause = NULL;
	size_t				 i;

	for (i = 0; i < opt->nsrcs; i++) {
		const char *path = opt->srcs[i].kind == SOURCE_FILE ?
		    opt->srcs[i].arg : NULL;

		opt->srcs[i].collapse = config_names_for(cfg, CONFIG_COLLAPSE,
		    path, &opt->srcs[i].ncollapse);
		opt->srcs[i].hide = config_names_for(cfg, CONFIG_HIDE, path,
		    &opt->srcs[i].nhide);
		opt->srcs[i].only = config_names_for(cfg, CONFIG_ONLY, path,
		    &opt->srcs[i].nonly);
		opt->srcs[i].view_raw = opt->view_raw;
		if (opt->view_raw < 0) {	/* no --view: the config's */
			opt->srcs[i].view_raw = opt->srcs[i].kind == SOURCE_FILE ?
			    config_view_for(cfg, opt->srcs[i].arg) : cfg->view;
			if (opt->srcs[i].view_raw < 0)
				opt->srcs[i].view_raw = 0;
		}
		opt->srcs[i].rotated = opt->srcs[i].kind == SOURCE_FILE &&
		    (opt->rotated || config_rotated_for(cfg, opt->srcs[i].arg));
		opt->srcs[i].fmt = all;
		if (all != NULL || opt->srcs[i].kind != SOURCE_FILE)
			continue;
		cf = config_format_for(cfg, opt->srcs[i].arg);
		if (cf == NULL)
			continue;
		opt->srcs[i].fmt = pyfmt_compile(cf->format, 0, cf->datefmt, &cause);
		if (opt->srcs[i].fmt == NULL)
			die("config format %s: %s", cf->glob, cause);
	}
	opt->highlights = config_names_for(cfg, CONFIG_HIGHLIGHT, NULL,
	    &opt->nhighlights);
	if (opt->view_raw < 0)		/* the merged pane's */
		opt->view_raw = cfg->view == 1;
}

/*
 * ssh:// sources: check the URLs, pick the ssh command (--ssh, else
 * $TAILOR_SSH, else the config's ssh =, else ssh) and hand it and --print's
 * mode to input/remote.c through the environment; expand remote globs into
 * one source per file (a glob that cannot be expanded stays one source,
 * which reports why). Returns the expanded URLs to free.
 */
static char **
setup_remote(struct options *opt, const struct config *cfg)
{
	struct remote_url	 u;
	struct srcspec		*old;
	char			*cause = NULL, **list, **keep = NULL;
	const char		*ssh;
	size_t			 i, j, n, nold, nkeep = 0;

	for (i = 0; i < opt->nsrcs; i++)
		if (opt->srcs[i].kind == SOURCE_REMOTE)
			break;
	if (i == opt->nsrcs)
		return NULL;
	ssh = opt->ssh != NULL ? opt->ssh : getenv(REMOTE_ENV_SSH);
	if (ssh == NULL || *ssh == '\0')
		ssh = cfg->ssh != NULL ? cfg->ssh : "ssh";
	setenv(REMOTE_ENV_SSH, ssh, 1);
	/* 1: read to the end; 0: follow (--print -f); 2: follow from the tail (TUI). */
	setenv(REMOTE_ENV_ONCE, !opt->print ? "2" : opt->follow ? "0" : "1", 1);

	old = opt->srcs;
	nold = opt->nsrcs;
	opt->srcs = NULL;
	opt->nsrcs = 0;
	for (i = 0; i < nold; i++) {
		if (old[i].kind != SOURCE_REMOTE) {
			push_src(opt, old[i].kind, old[i].arg);
			continue;
		}
		if (remote_url_parse(old[i].arg, &u, &cause) == -1)
			die("%s: %s", old[i].arg, cause);
		n = remote_url_is_glob(&u);
		remote_url_free(&u);
		if (!n) {
			push_src(opt, SOURCE_REMOTE, old[i].arg);
			continue;
		}
		list = remote_expand(old[i].arg, ssh, &cause);
		if (list == NULL || list[0] == NULL) {
			if (list == NULL) {
				fprintf(stderr, "tailor: %s: %s\n", old[i].arg, cause);
				free(cause);
				cause = NULL;
			}
			push_src(opt, SOURCE_REMOTE, old[i].arg);
			free(list);
			continue;
		}
		for (j = 0; list[j] != NULL; j++) {
			push_src(opt, SOURCE_REMOTE, list[j]);
			keep = xreallocarray(keep, nkeep + 2, sizeof *keep);
			keep[nkeep++] = list[j];
			keep[nkeep] = NULL;
		}
		free(list);
	}
	free(old);
	return keep;
}

/* tailor's entry point. */
int
main(int argc, char **argv)
{
	struct options	 opt;
	struct filter	 filter;
	struct ltree	*tree;
	struct pyfmt	*fmt = NULL;
	struct config	 cfg;
	char		*cause = NULL, **urls;
	int		 status, no_config = 0, levels_given = 0;
	size_t		 i;

	setlocale(LC_ALL, "");
	parse_args(argc, argv, &opt, &no_config, &levels_given);
	config_init(&cfg);
	if (!no_config)
		apply_config(&opt, &cfg, levels_given);
	if (opt.datefmt != NULL && opt.format == NULL)
		die("--datefmt '%s': needs --format", opt.datefmt);
	if (opt.format != NULL) {
		fmt = pyfmt_compile(opt.format, 0, opt.datefmt, &cause);
		if (fmt == NULL)
			die("--format '%s': %s", opt.format, cause);
	}
	urls = setup_remote(&opt, &cfg);
	compile_formats(&opt, &cfg, fmt);
	tree = ltree_create();
	build_filter(&opt, &filter, tree);

	if (opt.print && opt.explain)
		status = explain_run(&opt);
	else if (opt.print)
		status = print_run(&opt, &filter, tree, fmt);
	else
		status = app_run(&opt, &filter, tree, fmt);

	filter_free(&filter);
	ltree_free(tree);
	for (i = 0; i < opt.nsrcs; i++)
		if (opt.srcs[i].fmt != fmt)
			pyfmt_free(opt.srcs[i].fmt);
	pyfmt_free(fmt);
	config_free(&cfg);
	free((char *)(uintptr_t)opt.config_note);
	free(opt.grep);
	free(opt.exclude);
	free(opt.only);
	free(opt.hide);
	free(opt.collapse);
	free(opt.highlights);
	for (i = 0; i < opt.nsrcs; i++) {
		free(opt.srcs[i].collapse);
		free(opt.srcs[i].hide);
		free(opt.srcs[i].only);
	}
	free(opt.srcs);
	for (i = 0; urls != NULL && urls[i] != NULL; i++)
		free(urls[i]);
	free(urls);
	return status;
}
