// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * metronome - a QNX-style server: a name, a timer that pulses it, and a
 * resource manager.
 *
 *	metronome [-n NAME] [-p PATH] [-b BPM] [-m BEATS]
 *
 * name_attach()es NAME (default "metronome") and serves the messages of
 * metronome.h on it; a timer (TimerCreate() with a SIGEV_PULSE to its
 * own channel) strikes a beat BPM times a minute; a METRO_WAIT message
 * is held (the client stays REPLY-blocked) until the next beat.  PATH
 * (default /dev/metronome) is a resource manager on the same state:
 * reading it gives "bpm B beats M beat K count N", writing "bpm B" or
 * "beats M" (or both) changes the tempo.
 *
 * stdout gets "metronome: ready pid N" once both are attached.  SIGTERM,
 * SIGINT or SIGHUP detach the name and the path and end it.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>
#include <sys/siginfo.h>

#include "metronome.h"

#define CODE_BEAT	(_PULSE_CODE_MINAVAIL + 0)
#define CODE_QUIT	(_PULSE_CODE_MINAVAIL + 1)
#define MAX_WAITERS	64

union msg {
	uint16_t type;
	struct _pulse pulse;
	struct metro_msg m;
	struct metro_set set;
	char raw[64];
};

static struct {
	pthread_mutex_t lock;
	struct metro_state st;
	int timer;
	int waiter[MAX_WAITERS];	/* rcvids of METRO_WAIT, 0: free */
} metro = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int metro_check(uint32_t bpm, uint32_t beats)
{
	if (bpm < METRO_BPM_MIN || bpm > METRO_BPM_MAX ||
	    beats < 1 || beats > METRO_BEATS_MAX)
		return EINVAL;
	return EOK;
}

/* A new tempo: the next beat comes one new period from now. */
static int metro_set(uint32_t bpm, uint32_t beats)
{
	struct _itimer it;
	int err = metro_check(bpm, beats);

	if (err)
		return err;
	pthread_mutex_lock(&metro.lock);
	metro.st.bpm = bpm;
	metro.st.beats = beats;
	if (metro.st.beat > beats)
		metro.st.beat = beats;
	it.nsec = it.interval_nsec = 60000000000ULL / bpm;
	if (TimerSettime(metro.timer, 0, &it, NULL) == -1)
		err = errno;
	pthread_mutex_unlock(&metro.lock);
	return err;
}

static struct metro_state metro_get(void)
{
	struct metro_state st;

	pthread_mutex_lock(&metro.lock);
	st = metro.st;
	pthread_mutex_unlock(&metro.lock);
	return st;
}

/* A beat: the next in the measure, and every waiter answered. */
static void beat(void)
{
	struct metro_state st;

	pthread_mutex_lock(&metro.lock);
	metro.st.count++;
	metro.st.beat = metro.st.beat % metro.st.beats + 1;
	st = metro.st;
	pthread_mutex_unlock(&metro.lock);
	for (int i = 0; i < MAX_WAITERS; i++) {
		if (metro.waiter[i]) {
			MsgReply(metro.waiter[i], EOK, &st, sizeof(st));
			metro.waiter[i] = 0;
		}
	}
}

static int hold(int rcvid)
{
	for (int i = 0; i < MAX_WAITERS; i++) {
		if (!metro.waiter[i]) {
			metro.waiter[i] = rcvid;
			return EOK;
		}
	}
	return EAGAIN;
}

/* A held client was signalled: let it go (_NTO_CHF_UNBLOCK). */
static void unblock(int rcvid)
{
	for (int i = 0; i < MAX_WAITERS; i++) {
		if (metro.waiter[i] == rcvid) {
			metro.waiter[i] = 0;
			MsgError(rcvid, EINTR);
		}
	}
}

static void message(int rcvid, const union msg *msg, long len)
{
	struct metro_state st;
	int err;

	if (len < (long)sizeof(msg->type)) {
		MsgError(rcvid, EBADMSG);
		return;
	}
	switch (msg->type) {
	case _IO_CONNECT:	/* name_open() */
		MsgReply(rcvid, EOK, NULL, 0);
		return;
	case METRO_GET:
		st = metro_get();
		MsgReply(rcvid, EOK, &st, sizeof(st));
		return;
	case METRO_SET:
		if (len < (long)sizeof(msg->set)) {
			MsgError(rcvid, EBADMSG);
			return;
		}
		err = metro_set(msg->set.bpm, msg->set.beats);
		if (err) {
			MsgError(rcvid, err);
			return;
		}
		st = metro_get();
		MsgReply(rcvid, EOK, &st, sizeof(st));
		return;
	case METRO_WAIT:
		err = hold(rcvid);
		if (err)
			MsgError(rcvid, err);
		return;
	default:
		MsgError(rcvid, ENOSYS);
		return;
	}
}

/* ---------------------------------------------- /dev/metronome */

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	/* Replies go out after we return: not from this stack frame. */
	static char text[128];
	struct metro_state st = metro_get();
	int nonblock, status, len;
	size_t n;

	status = iofunc_read_verify(ctp, msg, ocb, &nonblock);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	len = snprintf(text, sizeof(text),
		       "bpm %u beats %u beat %u count %llu\n", st.bpm,
		       st.beats, st.beat, (unsigned long long)st.count);
	n = ocb->offset < len ? (size_t)(len - ocb->offset) : 0;
	if (n > _IO_READ_GET_NBYTES(msg))
		n = _IO_READ_GET_NBYTES(msg);
	_IO_SET_READ_NBYTES(ctp, n);
	if (!n)
		return _RESMGR_NPARTS(0);
	SETIOV(ctp->iov, text + ocb->offset, n);
	ocb->offset += n;
	return _RESMGR_NPARTS(1);
}

/* "bpm B", "beats M", or both, in any order. */
static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	size_t nbytes = _IO_WRITE_GET_NBYTES(msg);
	struct metro_state st = metro_get();
	char buf[128], *save, *tok;
	unsigned long bpm = st.bpm, beats = st.beats;
	int status;

	status = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	if (nbytes >= sizeof(buf))
		return EFBIG;
	if (resmgr_msgread(ctp, buf, nbytes, sizeof(msg->i)) != (ssize_t)nbytes)
		return EIO;
	buf[nbytes] = '\0';
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		char *val = strtok_r(NULL, " \t\n", &save), *end;
		unsigned long v;

		if (!val)
			return EINVAL;
		v = strtoul(val, &end, 10);
		if (*end || end == val)
			return EINVAL;
		if (!strcmp(tok, "bpm"))
			bpm = v;
		else if (!strcmp(tok, "beats"))
			beats = v;
		else
			return EINVAL;
	}
	if (bpm > UINT32_MAX || beats > UINT32_MAX)
		return EINVAL;
	status = metro_set(bpm, beats);
	if (status)
		return status;
	_IO_SET_WRITE_NBYTES(ctp, nbytes);
	return _RESMGR_NPARTS(0);
}

static void *serve_path(void *arg)
{
	dispatch_context_t *ctp = arg;

	for (;;) {
		ctp = dispatch_block(ctp);
		if (!ctp)
			break;
		dispatch_handler(ctp);
	}
	return NULL;
}

/* ------------------------------------------------------- main */

/* The signals the signal thread takes, and where it sends them. */
struct sigs {
	sigset_t set;
	int coid;		/* a connection to our own channel */
};

/* SIGTERM and friends become a pulse: the receive loop ends. */
static void *signals(void *arg)
{
	struct sigs *sigs = arg;
	int sig;

	sigwait(&sigs->set, &sig);
	MsgSendPulse(sigs->coid, -1, CODE_QUIT, sig);
	return NULL;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: metronome [-n NAME] [-p PATH] [-b BPM] [-m BEATS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *name = METRONOME_NAME, *path = "/dev/metronome";
	unsigned long bpm = 120, beats = 4;
	static struct sigs sigs;
	dispatch_context_t *dctp;
	resmgr_attr_t rattr;
	name_attach_t *att;
	pthread_t tid, stid;
	struct _msg_info info;
	struct sigevent ev;
	dispatch_t *dpp;
	union msg msg;
	int opt, id, rcvid;

	while ((opt = getopt(argc, argv, "n:p:b:m:")) != -1) {
		switch (opt) {
		case 'n':
			name = optarg;
			break;
		case 'p':
			path = optarg;
			break;
		case 'b':
			bpm = strtoul(optarg, NULL, 10);
			break;
		case 'm':
			beats = strtoul(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || metro_check(bpm, beats))
		usage();

	/* Only the signal thread takes these. */
	sigemptyset(&sigs.set);
	sigaddset(&sigs.set, SIGTERM);
	sigaddset(&sigs.set, SIGINT);
	sigaddset(&sigs.set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs.set, NULL);

	att = name_attach(NULL, name, 0);
	if (!att) {
		fprintf(stderr, "metronome: name_attach %s: %s\n", name,
			strerror(errno));
		return 1;
	}
	/* A connection to our own channel, for the timer's pulses. */
	sigs.coid = ConnectAttach(0, 0, att->chid, _NTO_SIDE_CHANNEL, 0);
	if (sigs.coid == -1) {
		perror("metronome: ConnectAttach");
		return 1;
	}
	SIGEV_PULSE_INIT(&ev, sigs.coid, 10, CODE_BEAT, 0);
	metro.timer = TimerCreate(CLOCK_MONOTONIC, &ev);
	if (metro.timer == -1) {
		perror("metronome: TimerCreate");
		return 1;
	}
	metro.st.beat = 0;
	if (metro_set(bpm, beats)) {
		perror("metronome: TimerSettime");
		return 1;
	}

	dpp = dispatch_create();
	if (!dpp) {
		perror("metronome: dispatch_create");
		return 1;
	}
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);
	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = 1;
	rattr.msg_max_size = 2048;
	id = resmgr_attach(dpp, &rattr, path, _FTYPE_ANY, 0, &connect_funcs,
			   &io_funcs, &attr);
	if (id == -1) {
		fprintf(stderr, "metronome: resmgr_attach %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	dctp = dispatch_context_alloc(dpp);
	if (!dctp || pthread_create(&tid, NULL, serve_path, dctp) ||
	    pthread_create(&stid, NULL, signals, &sigs)) {
		fprintf(stderr, "metronome: cannot start its threads\n");
		return 1;
	}
	printf("metronome: ready pid %d\n", (int)getpid());
	fflush(stdout);

	for (;;) {
		rcvid = MsgReceive(att->chid, &msg, sizeof(msg), &info);
		if (rcvid == -1) {
			if (errno == EINTR)
				continue;
			perror("metronome: MsgReceive");
			break;
		}
		if (rcvid > 0) {
			message(rcvid, &msg, info.msglen);
			continue;
		}
		switch (msg.pulse.code) {
		case CODE_BEAT:
			beat();
			break;
		case _PULSE_CODE_UNBLOCK:
			unblock(msg.pulse.value.sival_int);
			break;
		case _PULSE_CODE_DISCONNECT:
			/* As on QNX; nothing to free here. */
			ConnectDetach(msg.pulse.scoid);
			break;
		case CODE_QUIT:
			goto out;
		}
	}
out:
	TimerDestroy(metro.timer);
	resmgr_detach(dpp, id, 0);
	name_detach(att, 0);
	printf("metronome: done\n");
	return 0;
}
