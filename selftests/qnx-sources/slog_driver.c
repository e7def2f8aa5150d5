// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a driver's logging, both generations: slogf() with an opcode
 * from _SLOG_SETCODE(_SLOGC_CHAR, n) as QNX 6 drivers log, and a
 * slog2 buffer set registered at start-up with slog2f()/slog2c() as
 * QNX 7 ones do.  (Not run on the host: it would write to the host's
 * syslog.  selftests/corpus_test runs it in the VM, reading its lines
 * at /dev/log.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/slog.h>
#include <sys/slogcodes.h>
#include <sys/slog2.h>

static slog2_buffer_t log_main, log_irq;

static int log_init(const char *progname)
{
	slog2_buffer_set_config_t cfg;
	slog2_buffer_t handles[2];

	memset(&cfg, 0, sizeof(cfg));
	cfg.buffer_set_name = progname;
	cfg.num_buffers = 2;
	cfg.verbosity_level = SLOG2_INFO;
	cfg.buffer_config[0].buffer_name = "main";
	cfg.buffer_config[0].num_pages = 8;
	cfg.buffer_config[1].buffer_name = "irq";
	cfg.buffer_config[1].num_pages = 2;
	if (slog2_register(&cfg, handles, 0) == -1)
		return -1;
	log_main = handles[0];
	log_irq = handles[1];
	slog2_set_default_buffer(log_main);
	return 0;
}

int main(int argc, char **argv)
{
	int port = 1;

	if (log_init(argv[0]) == -1) {
		slogf(_SLOG_SETCODE(_SLOGC_CHAR, 0), _SLOG_ERROR,
		      "%s: slog2_register failed", argv[0]);
		return EXIT_FAILURE;
	}
	slogf(_SLOG_SETCODE(_SLOGC_CHAR, port), _SLOG_INFO | _SLOG_TEXTBIT,
	      "ser%d: started", port);
	slog2f(log_main, 0, SLOG2_INFO, "port %d ready", port);
	slog2c(log_irq, 1, SLOG2_DEBUG1, "irq attached");
	slog2f(NULL, 0, SLOG2_WARNING, "%d overruns", 0);
	slog2_set_verbosity(log_main, SLOG2_DEBUG2);
	return slog2_reset() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
