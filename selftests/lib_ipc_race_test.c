// SPDX-License-Identifier: GPL-2.0
/*
 * QNX message passing under load and at its edges, as QNX programs do
 * it, every party a process of its own: 64 clients sending to one name
 * served by a thread pool on a dispatch; clients SIGKILLed while the
 * server writes into their reply buffers with MsgWrite(); and a server
 * killed with clients in each state (SEND-blocked, REPLY-blocked, and
 * connected but idle), every one of which must fail at once with a clear
 * errno.  Run on the debug kernels, these are also KASAN, lockdep and
 * kmemleak checks of the paths that tear down half-done messages.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#define THREAD_POOL_PARAM_T	dispatch_context_t
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>

#include "kselftest_harness.h"

#define T_WORK		(_IO_MAX + 40)
#define SENDERS		64
#define MSGS		40
#define PAYLOAD		200

struct work {
	uint16_t type;
	uint16_t client;
	uint32_t seq;
	unsigned char data[PAYLOAD];
};

static atomic_int handled;

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The reply: the payload's sum, and the sequence number back. */
static int on_work(message_context_t *ctp, int type, unsigned flags,
		   void *handle)
{
	struct work w;
	int sum = 0, i;

	/* Read it whole, past what the dispatch received. */
	if (MsgRead(ctp->rcvid, &w, sizeof(w), 0) != sizeof(w))
		return EIO;
	for (i = 0; i < PAYLOAD; i++)
		sum += w.data[i];
	atomic_fetch_add(&handled, 1);
	MsgReply(ctp->rcvid, sum, &w.seq, sizeof(w.seq));
	return 0;
}

/* A client: MSGS messages, each answer checked; status: what failed. */
static pid_t work_client(const char *name, int idx)
{
	unsigned int seed = idx + 1;
	struct work w;
	uint32_t back;
	int coid, sum, i, j;
	pid_t pid = fork();

	if (pid)
		return pid;
	coid = name_open(name, 0);
	if (coid < 0)
		_exit(2);
	for (i = 0; i < MSGS; i++) {
		w.type = T_WORK;
		w.client = idx;
		w.seq = i;
		for (sum = 0, j = 0; j < PAYLOAD; j++) {
			w.data[j] = rand_r(&seed);
			sum += w.data[j];
		}
		back = ~0U;
		if (MsgSend(coid, &w, sizeof(w), &back, sizeof(back)) != sum)
			_exit(3);
		if (back != (uint32_t)i)
			_exit(4);
	}
	_exit(name_close(coid) ? 5 : 0);
}

TEST(sixty_four_senders_on_one_name_and_a_thread_pool)
{
	thread_pool_attr_t pattr;
	thread_pool_t *pool;
	name_attach_t *att;
	pid_t pids[SENDERS];
	dispatch_t *dpp;
	int i, ok = 0;

	dpp = dispatch_create();
	if (!dpp && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_NE(NULL, dpp);
	unlink("/dev/name/local/rmtest/pool64");
	att = name_attach(dpp, "rmtest/pool64", 0);
	ASSERT_NE(NULL, att);
	ASSERT_EQ(0, message_attach(dpp, NULL, T_WORK, T_WORK, on_work, NULL));
	memset(&pattr, 0, sizeof(pattr));
	pattr.handle = dpp;
	pattr.context_alloc = dispatch_context_alloc;
	pattr.block_func = dispatch_block;
	pattr.handler_func = dispatch_handler;
	pattr.context_free = dispatch_context_free;
	pattr.unblock_func = dispatch_unblock;
	pattr.lo_water = 2;
	pattr.increment = 1;
	pattr.hi_water = 4;
	pattr.maximum = 8;
	pool = thread_pool_create(&pattr, 0);
	ASSERT_NE(NULL, pool);
	ASSERT_EQ(0, thread_pool_start(pool));

	atomic_store(&handled, 0);
	for (i = 0; i < SENDERS; i++)
		pids[i] = work_client("rmtest/pool64", i);
	for (i = 0; i < SENDERS; i++) {
		int st = pids[i] > 0 ? exit_status(pids[i]) : -1;

		if (st == 0)
			ok++;
		else
			TH_LOG("client %d: status %d", i, st);
	}
	EXPECT_EQ(SENDERS, ok);
	EXPECT_EQ(SENDERS * MSGS, atomic_load(&handled));
	EXPECT_EQ(0, thread_pool_destroy(pool));
	EXPECT_EQ(0, name_detach(att, NAME_FLAG_DETACH_SAVEDPP));
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

#define REPLY_BYTES	(256 * 1024)
#define KILL_ROUNDS	60

struct killer {
	pid_t victim;
	unsigned int delay_us;
};

static void *kill_later(void *arg)
{
	struct killer *k = arg;
	struct timespec ts = { 0, (long)k->delay_us * 1000 };

	nanosleep(&ts, NULL);
	kill(k->victim, SIGKILL);
	return NULL;
}

/*
 * The server holds a message and writes 256 KiB into the sender's reply
 * buffer 4 KiB at a time, by offset, while another thread SIGKILLs the
 * sender at a random moment.  Each MsgWrite() and the final MsgReply()
 * either works or fails ESRCH: the sender's memory is never touched
 * after it is gone, and the server never sees any other error.
 */
TEST(senders_killed_while_the_server_writes_their_buffers)
{
	static char chunk[4096];
	unsigned int seed = 7;
	int chid, round, errs = 0, killed = 0;
	pid_t server = getpid();

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	memset(chunk, 0x5a, sizeof(chunk));
	for (round = 0; round < KILL_ROUNDS; round++) {
		struct killer k;
		struct _msg_info info;
		pthread_t th;
		char buf[8];
		long off;
		int rcvid, st;
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			char *reply = malloc(REPLY_BYTES);
			int coid;

			close(chid);
			coid = ConnectAttach(0, server, chid,
					     _NTO_SIDE_CHANNEL, 0);
			if (!reply || coid < 0)
				_exit(2);
			_exit(MsgSend(coid, "go", 3, reply, REPLY_BYTES) < 0 ?
			      3 : 0);
		}
		rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
		ASSERT_LT(0, rcvid);
		k.victim = pid;
		k.delay_us = rand_r(&seed) % 4000;
		ASSERT_EQ(0, pthread_create(&th, NULL, kill_later, &k));
		for (off = 0; ; off = (off + sizeof(chunk)) % REPLY_BYTES) {
			if (MsgWrite(rcvid, chunk, sizeof(chunk), off) < 0) {
				if (errno != ESRCH)
					errs++;
				break;
			}
		}
		if (MsgReply(rcvid, 0, NULL, 0) < 0 && errno != ESRCH)
			errs++;
		pthread_join(th, NULL);
		st = exit_status(pid);
		if (st == 128 + SIGKILL)
			killed++;
		else if (st != 0)
			errs++;
	}
	EXPECT_EQ(0, errs);
	/* The writes go on until the sender is gone, so it always is. */
	EXPECT_EQ(KILL_ROUNDS, killed);
	EXPECT_EQ(0, ChannelDestroy(chid));
}

/* Is @pid blocked in ioctl(2) (where MsgSend() waits)? */
static bool in_ioctl(pid_t pid)
{
	char path[64], line[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return !strncmp(line, "16 ", 3);
}

enum { REPLY_BLOCKED = 3, SEND_BLOCKED = 3, IDLE = 2 };
#define CLIENTS	(REPLY_BLOCKED + SEND_BLOCKED + IDLE)

/*
 * A client of (@server, @chid): sends one message unless @idle, in which
 * case it says it is connected on @attached, waits on @go and then
 * sends.  Exit status 0 when the send failed with what a dead server
 * gives (ENOTCONN, or ESRCH once the channel is gone), otherwise what
 * happened.
 */
static pid_t dying_client(pid_t server, int chid, bool idle, int go,
			  int attached)
{
	char c, reply[8];
	int coid;
	pid_t pid = fork();

	if (pid)
		return pid;
	coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);
	if (coid < 0)
		_exit(2);
	if (idle && (write(attached, "a", 1) != 1 || read(go, &c, 1) < 0))
		_exit(3);
	if (MsgSend(coid, "x", 2, reply, sizeof(reply)) >= 0)
		_exit(4);
	_exit(errno == ENOTCONN || errno == ESRCH ? 0 : 10 + errno);
}

TEST(a_dead_server_fails_senders_in_every_state)
{
	int ready[2], go[2], attached[2], chid, i;
	pid_t server, pids[CLIENTS];
	char c;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(attached));
	server = fork();
	ASSERT_LE(0, server);
	if (server == 0) {
		char buf[8];
		int n;

		chid = ChannelCreate(_NTO_CHF_UNBLOCK | _NTO_CHF_DISCONNECT);
		if (chid < 0 || write(ready[1], &chid, sizeof(chid)) < 0)
			_exit(2);
		/* Take REPLY_BLOCKED messages and answer none of them. */
		for (n = 0; n < REPLY_BLOCKED;)
			if (MsgReceive(chid, buf, sizeof(buf), NULL) > 0)
				n++;
		if (write(ready[1], &n, sizeof(n)) < 0)
			_exit(3);
		pause();
		_exit(0);
	}
	ASSERT_EQ(sizeof(chid), read(ready[0], &chid, sizeof(chid)));
	for (i = 0; i < REPLY_BLOCKED; i++)
		pids[i] = dying_client(server, chid, false, go[0], -1);
	/* All three are received: they are REPLY-blocked now. */
	ASSERT_EQ(sizeof(i), read(ready[0], &i, sizeof(i)));
	for (; i < REPLY_BLOCKED + SEND_BLOCKED; i++)
		pids[i] = dying_client(server, chid, false, go[0], -1);
	for (; i < CLIENTS; i++)
		pids[i] = dying_client(server, chid, true, go[0], attached[1]);
	/* The idle ones connect while the server lives. */
	for (i = 0; i < IDLE; i++)
		ASSERT_EQ(1, read(attached[0], &c, 1));
	/* Wait until each sender is in its MsgSend(), and the idle in read. */
	for (i = 0; i < REPLY_BLOCKED + SEND_BLOCKED; i++) {
		int tries = 0;

		while (!in_ioctl(pids[i]) && tries++ < 10000)
			usleep(1000);
		EXPECT_TRUE(in_ioctl(pids[i])) TH_LOG("sender %d", i);
	}
	kill(server, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, exit_status(server));
	/* The idle ones send only now, to a channel that is gone. */
	for (i = 0; i < IDLE; i++)
		ASSERT_EQ(1, write(go[1], "g", 1));
	for (i = 0; i < CLIENTS; i++)
		EXPECT_EQ(0, exit_status(pids[i])) TH_LOG("client %d", i);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	close(attached[0]);
	close(attached[1]);
}

TEST_HARNESS_MAIN
