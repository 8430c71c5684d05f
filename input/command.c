/*
 * command.c: command sources (-c) and their children.
 *
 * A command runs under /bin/sh with stdin from /dev/null and stdout and
 * stderr into a pipe that the owner's loop reads (non-blocking, never
 * before poll says so). It runs in a process group of its own, so its
 * background children can be ended with it: every exit path of tailor
 * ends the groups -- SIGTERM, a grace period, SIGKILL (source_stop) --
 * and a signal handler or a fatal error reaches them through a table of
 * groups that only kill(2) reads (source_kill_all, async-signal-safe).
 * Exited commands are reaped as they go (source_reap), and their status
 * becomes the source's state message.
 */
#include "source_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "input/remote.h"

/*
 * Process groups of the commands still running, so that every exit path
 * can end them: a fatal error or a signal handler calls source_kill_all,
 * which only reads this table and calls kill(2) (async-signal-safe). Each
 * command runs in a process group of its own (its pid), so its background
 * children are ended with it.
 */
static volatile sig_atomic_t source_groups[SOURCE_GROUPS_MAX];

/* Remember a command's process group; its slot, or -1 when the table is full. */
static int
source_group_add(pid_t pgid)
{
	int	i;

	for (i = 0; i < SOURCE_GROUPS_MAX; i++)
		if (source_groups[i] == 0) {
			source_groups[i] = pgid;
			return i;
		}
	return -1;
}

/* Run a shell command; its stdout and stderr are the source. */
struct source *
source_open_command(const char *cmd, const struct source_ops *ops)
{
	struct source	*src = source_new(SOURCE_COMMAND, cmd, ops);
	int		 pfd[2], devnull;
	pid_t		 pid;
	char		*msg;

	if (pipe2(pfd, O_CLOEXEC) == -1) {
		source_set_state(src, SOURCE_ERROR, strerror(errno));
		return src;
	}
	pid = fork();
	if (pid == -1) {
		msg = xasprintf("fork: %s", strerror(errno));
		source_set_state(src, SOURCE_ERROR, msg);
		free(msg);
		close(pfd[0]);
		close(pfd[1]);
		return src;
	}
	if (pid == 0) {
		/* Child: stdin from /dev/null, stdout and stderr to the pipe. */
		devnull = open("/dev/null", O_RDONLY);
		if (devnull != -1)
			dup2(devnull, STDIN_FILENO);
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	setpgid(pid, pid);	/* also here: no race with the child's own call */
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);	/* read from the loop only */
	src->fd = pfd[0];
	src->pid = pid;
	src->group = source_group_add(pid);
	source_new_segment(src, 0);
	return src;
}

/* Send sig to every command's process group (signal-safe). */
void
source_kill_all(int sig)
{
	int	i;

	for (i = 0; i < SOURCE_GROUPS_MAX; i++)
		if (source_groups[i] > 0)
			kill(-(pid_t)source_groups[i], sig);
}

/* Is a command and all of its process group gone? Reaps it meanwhile. */
static int
source_gone(struct source *src)
{
	pid_t	pgid = src->pid;
	int	status;

	if (!src->exited && waitpid(src->pid, &status, WNOHANG) == src->pid)
		source_reap(src, src->pid, status);
	if (!src->exited)
		return 0;
	return src->group == -1 || kill(-pgid, 0) == -1;
}

/*
 * End the commands of srcs[0..n): SIGTERM to each process group, up to
 * grace_ms for them to go, then SIGKILL to what is left; each command is
 * reaped and its status recorded. Never waits without bound on a child
 * that ignores SIGTERM (SIGKILL cannot be ignored).
 */
void
source_stop(struct source **srcs, size_t n, int grace_ms)
{
	struct timespec	 ts = { 0, 10 * 1000 * 1000 };
	size_t		 i, left;
	int		 waited = 0, status;

	for (i = 0, left = 0; i < n; i++) {
		if (srcs[i] == NULL || srcs[i]->pid <= 0 || srcs[i]->stopped)
			continue;
		if (srcs[i]->group != -1)
			kill(-srcs[i]->pid, SIGTERM);
		if (!srcs[i]->exited)
			kill(srcs[i]->pid, SIGTERM);
		left++;
	}
	while (left > 0 && waited < grace_ms) {
		for (i = 0, left = 0; i < n; i++)
			if (srcs[i] != NULL && srcs[i]->pid > 0 &&
			    !srcs[i]->stopped && !source_gone(srcs[i]))
				left++;
		if (left > 0) {
			nanosleep(&ts, NULL);
			waited += 10;
		}
	}
	for (i = 0; i < n; i++) {
		struct source	*src = srcs[i];

		if (src == NULL || src->pid <= 0 || src->stopped)
			continue;
		if (src->group != -1)
			kill(-src->pid, SIGKILL);
		if (!src->exited) {
			kill(src->pid, SIGKILL);
			if (waitpid(src->pid, &status, 0) == src->pid)
				source_reap(src, src->pid, status);
		}
		if (src->group != -1)
			source_groups[src->group] = 0;
		src->stopped = 1;
	}
}

/* Reap the command child if pid is ours; record its exit status. */
int
source_reap(struct source *src, pid_t pid, int status)
{
	char	*msg;

	if (src->kind == SOURCE_REMOTE)
		return src->remote != NULL && remote_reap(src->remote, pid, status);
	if (src->pid != pid || src->exited)
		return 0;
	src->exited = 1;
	if (WIFEXITED(status))
		msg = xasprintf("command exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		msg = xasprintf("command killed by signal %d", WTERMSIG(status));
	else
		msg = xstrdup("command ended");
	source_set_state(src, SOURCE_EOF, msg);
	free(msg);
	return 1;
}
