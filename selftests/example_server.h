/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run one of examples/ as a server in its own process, for selftests
 * that drive it as a client would: started with its argument, awaited
 * until it prints "ready" (its name is attached by then), stopped with
 * SIGTERM.
 */
#ifndef EXAMPLE_SERVER_H
#define EXAMPLE_SERVER_H

#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Start build/examples/@name/@name @arg; its pid once it said "ready",
 * or -1 with what it said (stdout and stderr) in @said, if given.
 */
static pid_t start_example(const char *name, const char *arg, char *said,
			   size_t saidlen)
{
	char exe[PATH_MAX], bin[PATH_MAX + 64], line[256];
	ssize_t n, got = 0;
	int p[2];
	pid_t pid;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return -1;
	exe[n] = '\0';
	snprintf(bin, sizeof(bin), "%s/../examples/%s/%s", dirname(exe), name,
		 name);
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		execl(bin, bin, arg, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (pid > 0 && got < (ssize_t)sizeof(line) - 1 &&
	       (n = read(p[0], line + got, sizeof(line) - 1 - got)) > 0) {
		got += n;
		line[got] = '\0';
		if (strstr(line, "ready"))
			break;
	}
	line[got] = '\0';
	close(p[0]);
	if (said)
		snprintf(said, saidlen, "%s", line);
	if (pid > 0 && !strstr(line, "ready")) {
		if (!said)
			fprintf(stderr, "# %s: %s\n", name, line);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	return pid;
}

static void stop_example(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

#endif /* EXAMPLE_SERVER_H */
