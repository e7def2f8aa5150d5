// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a resource manager's own pulses and timers in its dispatch
 * loop: pulse_attach() with MSG_FLAG_ALLOC_PULSE for a code of its own,
 * message_connect() for a connection to its own channel, MsgSendPulse()
 * on it, _PULSE_CODE_DISCONNECT for clients that went away, and
 * dispatch_timeout() for a receive that gives up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>

static int ticks, gone;

static int tick(message_context_t *ctp, int code, unsigned flags, void *handle)
{
	struct _pulse *pulse = (struct _pulse *)ctp->msg;

	ticks += pulse->value.sival_int;
	return 0;
}

static int disconnect(message_context_t *ctp, int code, unsigned flags,
		      void *handle)
{
	gone++;
	return 0;
}

int main(void)
{
	struct timespec timeout = { 1, 0 };
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	int code, coid;

	if ((dpp = dispatch_create()) == NULL)
		return EXIT_FAILURE;
	code = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, tick, NULL);
	if (code == -1 ||
	    pulse_attach(dpp, 0, _PULSE_CODE_DISCONNECT, disconnect, NULL) == -1)
		return EXIT_FAILURE;
	if ((coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL)) == -1)
		return EXIT_FAILURE;
	if (dispatch_timeout(dpp, &timeout) == -1)
		return EXIT_FAILURE;

	ctp = dispatch_context_alloc(dpp);
	if (MsgSendPulse(coid, -1, code, 5) == -1)
		return EXIT_FAILURE;
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	if (errno != ETIMEDOUT)
		return EXIT_FAILURE;

	ConnectDetach(coid);
	printf("%d ticks, %d clients gone\n", ticks, gone);
	return ticks == 5 ? EXIT_SUCCESS : EXIT_FAILURE;
}
