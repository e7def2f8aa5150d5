// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * metronome_client - talks to examples/metronome by its name.
 *
 *	metronome_client [-n NAME] get
 *	metronome_client [-n NAME] set BPM [BEATS]
 *	metronome_client [-n NAME] wait [N]
 *
 * name_open()s NAME (default "metronome"), MsgSend()s one message (or,
 * for wait, N METRO_WAITs: each returns at the next beat) and prints
 * the state the server answers: "bpm B beats M beat K count N".
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>

#include "../metronome/metronome.h"

static void show(const struct metro_state *st)
{
	printf("bpm %u beats %u beat %u count %llu\n", st->bpm, st->beats,
	       st->beat, (unsigned long long)st->count);
}

/* A ^C on a held wait: MsgSend() fails EINTR once the server lets go. */
static void on_signal(int sig)
{
	(void)sig;
}

static void usage(void)
{
	fprintf(stderr, "usage: metronome_client [-n NAME] get | "
		"set BPM [BEATS] | wait [N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *name = METRONOME_NAME, *cmd;
	struct metro_state st;
	int opt, coid, ret = 0;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n')
			usage();
		name = optarg;
	}
	if (optind >= argc)
		usage();
	cmd = argv[optind++];

	coid = name_open(name, 0);
	if (coid == -1) {
		fprintf(stderr, "metronome_client: name_open %s: %s\n", name,
			strerror(errno));
		return 1;
	}
	if (!strcmp(cmd, "get") && optind == argc) {
		struct metro_msg m = { .type = METRO_GET };

		if (MsgSend(coid, &m, sizeof(m), &st, sizeof(st)) == -1)
			ret = errno;
		else
			show(&st);
	} else if (!strcmp(cmd, "set") && optind < argc &&
		   argc - optind <= 2) {
		struct metro_msg g = { .type = METRO_GET };
		struct metro_set m = { .type = METRO_SET };

		if (MsgSend(coid, &g, sizeof(g), &st, sizeof(st)) == -1) {
			ret = errno;
		} else {
			m.bpm = strtoul(argv[optind], NULL, 10);
			m.beats = optind + 1 < argc ?
				  strtoul(argv[optind + 1], NULL, 10) : st.beats;
			if (MsgSend(coid, &m, sizeof(m), &st, sizeof(st)) == -1)
				ret = errno;
			else
				show(&st);
		}
	} else if (!strcmp(cmd, "wait") && argc - optind <= 1) {
		struct metro_msg m = { .type = METRO_WAIT };
		long n = optind < argc ? strtol(argv[optind], NULL, 10) : 1;
		struct sigaction sa = { .sa_handler = on_signal };

		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);

		for (long i = 0; i < n && !ret; i++) {
			if (MsgSend(coid, &m, sizeof(m), &st, sizeof(st)) == -1)
				ret = errno;
			else
				show(&st);
		}
	} else {
		usage();
	}
	if (ret)
		fprintf(stderr, "metronome_client: %s: %s\n", cmd,
			strerror(ret));
	name_close(coid);
	return ret ? 1 : 0;
}
