// SPDX-License-Identifier: GPL-2.0
/*
 * QNX names between processes: name_attach() in the test process,
 * name_open()/MsgSend()/name_close() in forked clients reporting through
 * their exit status, the _IO_CONNECT handshake and the disconnect pulse
 * a QNX name_attach() server expects, and the names' links under
 * /dev/name, including those of servers that died.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>

#include "kselftest_harness.h"

#define LOCAL	"/dev/name/local/"
#define GLOBAL	"/dev/name/global/"

union msg {
	uint16_t type;
	struct _pulse pulse;
	char data[256];
};

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static bool is_link(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* name_attach(), or a skip when the module is not there. */
#define ATTACH_OR_SKIP(att, dpp, name, flags)				\
	do {								\
		unlink(LOCAL name);					\
		unlink(GLOBAL name);					\
		(att) = name_attach(dpp, name, flags);			\
		if (!(att) && (errno == ENOENT || errno == EACCES))	\
			SKIP(return, "resmgr.ko not loaded");		\
		ASSERT_NE(NULL, (att)) TH_LOG("name_attach: %s",	\
					      strerror(errno));		\
	} while (0)

/* Receive the next message on @chid, which must be of @type. */
static int receive(int chid, union msg *m, uint16_t type)
{
	int rcvid = MsgReceive(chid, m, sizeof(*m), NULL);

	if (rcvid <= 0 || m->type != type)
		return -1;
	return rcvid;
}

/* A client: name_open(), one message, name_close(). */
static pid_t client(const char *name, int flags)
{
	pid_t pid = fork();

	if (pid == 0) {
		char reply[16] = "";
		int coid = name_open(name, flags);

		if (coid < 0)
			_exit(errno == ENOENT ? 2 : 3);
		if (MsgSend(coid, "\x55\x55ping", 7, reply, sizeof(reply)) != 3)
			_exit(4);
		if (strcmp(reply, "pong"))
			_exit(5);
		_exit(name_close(coid) ? 6 : 0);
	}
	return pid;
}

/* Serve client(): the handshake, its message, its disconnect pulse. */
static int serve(int chid, int *scoid)
{
	union msg m;
	int rcvid;

	rcvid = receive(chid, &m, _IO_CONNECT);
	if (rcvid < 0 || MsgReply(rcvid, EOK, NULL, 0))
		return 1;
	rcvid = receive(chid, &m, 0x5555);
	if (rcvid < 0 || strcmp(m.data + 2, "ping") ||
	    MsgReply(rcvid, 3, "pong", 5))
		return 2;
	if (MsgReceive(chid, &m, sizeof(m), NULL) != 0 ||
	    m.pulse.code != _PULSE_CODE_DISCONNECT)
		return 3;
	*scoid = m.pulse.scoid;
	return 0;
}

TEST(name_attach_open_send_close_detach)
{
	name_attach_t *att;
	struct stat st;
	int scoid;
	pid_t pid;

	ATTACH_OR_SKIP(att, NULL, "rmtest/alpha", 0);
	EXPECT_LT(0, att->chid);
	EXPECT_NE(NULL, att->dpp);
	/* As QNX shows it: an entry of /dev/name/local. */
	EXPECT_TRUE(is_link(LOCAL "rmtest/alpha"));
	ASSERT_EQ(0, stat("/dev/name/local", &st));
	EXPECT_EQ(01777, st.st_mode & 07777);

	pid = client("rmtest/alpha", 0);
	ASSERT_LE(0, pid);
	EXPECT_EQ(0, serve(att->chid, &scoid));
	EXPECT_EQ(0, exit_status(pid));

	EXPECT_EQ(0, name_detach(att, 0));
	EXPECT_FALSE(is_link(LOCAL "rmtest/alpha"));
	EXPECT_EQ(-1, name_open("rmtest/alpha", 0));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * QNX servers ConnectDetach() the scoid of a disconnect pulse.  Here it
 * is no descriptor of the server's, and must not close one that happens
 * to have that number.
 */
TEST(connectdetach_of_a_disconnect_scoid_closes_nothing)
{
	name_attach_t *att;
	int scoid, pfd[2];
	pid_t pid;

	ATTACH_OR_SKIP(att, NULL, "rmtest/scoid", 0);
	pid = client("rmtest/scoid", 0);
	ASSERT_LE(0, pid);
	ASSERT_EQ(0, serve(att->chid, &scoid));
	ASSERT_EQ(0, exit_status(pid));
	ASSERT_LT(0, scoid);
	ASSERT_EQ(0, pipe(pfd));
	/* A full run's pids pass the default 1024 descriptors: make room. */
	if (scoid >= getdtablesize()) {
		struct rlimit rl = { .rlim_cur = scoid + 1, .rlim_max = scoid + 1 };

		if (setrlimit(RLIMIT_NOFILE, &rl))
			SKIP(goto out, "no descriptor %d: %s", scoid,
			     strerror(errno));
	}
	ASSERT_EQ(scoid, dup2(pfd[0], scoid));
	EXPECT_EQ(-1, ConnectDetach(scoid));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_LE(0, fcntl(scoid, F_GETFD)) TH_LOG("descriptor %d closed", scoid);
	close(scoid);
out:
	close(pfd[0]);
	close(pfd[1]);
	name_detach(att, 0);
}

TEST(a_live_name_is_eexist_and_a_dead_servers_is_replaced)
{
	name_attach_t *again;
	char c, fake[128];
	int pfd[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(pfd));
	unlink(LOCAL "rmtest/beta");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (!name_attach(NULL, "rmtest/beta", 0))
			_exit(errno == ENOENT || errno == EACCES ? 2 : 1);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1) {
		if (exit_status(pid) == 2)
			SKIP(return, "resmgr.ko not loaded");
		ASSERT_TRUE(false) TH_LOG("the first server did not attach");
	}
	close(pfd[0]);

	/* The name is the live server's. */
	EXPECT_EQ(NULL, name_attach(NULL, "rmtest/beta", 0));
	EXPECT_EQ(EEXIST, errno);

	/* Its link outlives it, but name_open() does not take it... */
	ASSERT_EQ(0, kill(pid, SIGKILL));
	EXPECT_EQ(128 + SIGKILL, exit_status(pid));
	EXPECT_TRUE(is_link(LOCAL "rmtest/beta"));
	EXPECT_EQ(-1, name_open("rmtest/beta", 0));
	EXPECT_EQ(ENOENT, errno);
	/* ...and removes it. */
	EXPECT_FALSE(is_link(LOCAL "rmtest/beta"));

	/* A link naming this process but not its start: a reused pid. */
	snprintf(fake, sizeof(fake), "resmgr-chan:%d:1:3", (int)getpid());
	ASSERT_EQ(0, symlink(fake, LOCAL "rmtest/beta"));
	EXPECT_EQ(-1, name_open("rmtest/beta", 0));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, symlink(fake, LOCAL "rmtest/beta"));
	/* name_attach() replaces a dead server's link. */
	ATTACH_OR_SKIP(again, NULL, "rmtest/beta", 0);
	EXPECT_TRUE(is_link(LOCAL "rmtest/beta"));
	EXPECT_EQ(0, name_detach(again, 0));

	/* Something that is not a name is never replaced. */
	ASSERT_LE(0, mkdir(LOCAL "rmtest/beta", 0755));
	EXPECT_EQ(NULL, name_attach(NULL, "rmtest/beta", 0));
	EXPECT_EQ(EEXIST, errno);
	EXPECT_EQ(-1, name_open("rmtest/beta", 0));
	EXPECT_EQ(ENOENT, errno);
	rmdir(LOCAL "rmtest/beta");
}

TEST(bad_names_and_flags_are_einval)
{
	static const char *const bad[] = {
		"", "/abs", "a/../b", "..", ".", "a//b", "a/", "./a",
	};
	name_attach_t *att;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(NULL, name_attach(NULL, bad[i], 0)) TH_LOG("%s", bad[i]);
		EXPECT_EQ(EINVAL, errno) TH_LOG("%s", bad[i]);
		EXPECT_EQ(-1, name_open(bad[i], 0)) TH_LOG("%s", bad[i]);
		EXPECT_EQ(EINVAL, errno) TH_LOG("%s", bad[i]);
	}
	EXPECT_EQ(NULL, name_attach(NULL, NULL, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(NULL, name_attach(NULL, "rmtest/flags", 0x1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, name_open("rmtest/flags", 0x1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, name_detach(NULL, 0));
	EXPECT_EQ(EINVAL, errno);
	ATTACH_OR_SKIP(att, NULL, "rmtest/flags", 0);
	EXPECT_EQ(-1, name_detach(att, 0x1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, name_detach(att, 0));
}

/* A server may refuse the connection: name_open() fails with its errno. */
TEST(a_server_refusing_the_connect_fails_name_open)
{
	name_attach_t *att;
	union msg m;
	int rcvid;
	pid_t pid;

	ATTACH_OR_SKIP(att, NULL, "rmtest/refuse", 0);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (name_open("rmtest/refuse", 0) != -1)
			_exit(1);
		_exit(errno == EACCES ? 0 : 2);
	}
	rcvid = receive(att->chid, &m, _IO_CONNECT);
	ASSERT_LT(0, rcvid);
	EXPECT_EQ(0, MsgError(rcvid, EACCES));
	EXPECT_EQ(0, exit_status(pid));
	/* name_open() let go of the connection it made. */
	EXPECT_EQ(0, MsgReceive(att->chid, &m, sizeof(m), NULL));
	EXPECT_EQ(_PULSE_CODE_DISCONNECT, m.pulse.code);
	EXPECT_EQ(0, name_detach(att, 0));
}

TEST(global_names_are_found_only_when_asked)
{
	name_attach_t *att;
	int scoid;
	pid_t pid;

	ATTACH_OR_SKIP(att, NULL, "gtest", NAME_FLAG_ATTACH_GLOBAL);
	EXPECT_TRUE(is_link(GLOBAL "gtest"));
	EXPECT_FALSE(is_link(LOCAL "gtest"));
	EXPECT_EQ(-1, name_open("gtest", 0));
	EXPECT_EQ(ENOENT, errno);
	pid = client("gtest", NAME_FLAG_ATTACH_GLOBAL);
	ASSERT_LE(0, pid);
	EXPECT_EQ(0, serve(att->chid, &scoid));
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(0, name_detach(att, 0));
	EXPECT_FALSE(is_link(GLOBAL "gtest"));
}

/* A dispatch of the caller's: its descriptor becomes the channel. */
TEST(name_attach_publishes_the_callers_dispatch)
{
	name_attach_t *att;
	dispatch_t *dpp;
	int scoid, chid;
	union msg m;
	pid_t pid;

	dpp = dispatch_create();
	if (!dpp && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_NE(NULL, dpp);
	ATTACH_OR_SKIP(att, dpp, "rmtest/delta", 0);
	EXPECT_EQ(dpp, att->dpp);
	pid = client("rmtest/delta", 0);
	ASSERT_LE(0, pid);
	EXPECT_EQ(0, serve(att->chid, &scoid));
	EXPECT_EQ(0, exit_status(pid));
	/* SAVEDPP: the name goes, the dispatch stays the caller's. */
	chid = att->chid;
	EXPECT_EQ(0, name_detach(att, NAME_FLAG_DETACH_SAVEDPP));
	EXPECT_FALSE(is_link(LOCAL "rmtest/delta"));
	EXPECT_EQ(0, dispatch_destroy(dpp));
	/* The channel went with its dispatch. */
	EXPECT_EQ(-1, MsgReceive(chid, &m, sizeof(m), NULL));
	EXPECT_EQ(ESRCH, errno);
}

/*
 * QNX gives one scoid per client process and channel: each message of
 * the client and the disconnect pulse after its last connection carry
 * it, which is how a server finds the state it keeps per client.
 */
TEST(messages_and_the_disconnect_pulse_name_one_scoid)
{
	struct _msg_info info;
	name_attach_t *att;
	int rcvid, scoid;
	union msg m;
	pid_t pid;

	ATTACH_OR_SKIP(att, NULL, "rmtest/onescoid", 0);
	pid = client("rmtest/onescoid", 0);
	ASSERT_LE(0, pid);
	rcvid = MsgReceive(att->chid, &m, sizeof(m), &info);
	ASSERT_LT(0, rcvid);
	ASSERT_EQ(_IO_CONNECT, m.type);
	scoid = info.scoid;
	EXPECT_EQ(pid, info.pid);
	EXPECT_EQ(0, MsgReply(rcvid, EOK, NULL, 0));
	rcvid = MsgReceive(att->chid, &m, sizeof(m), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_EQ(scoid, info.scoid);
	EXPECT_EQ(0, MsgReply(rcvid, 3, "pong", 5));
	ASSERT_EQ(0, MsgReceive(att->chid, &m, sizeof(m), NULL));
	EXPECT_EQ(_PULSE_CODE_DISCONNECT, m.pulse.code);
	EXPECT_EQ(scoid, m.pulse.scoid);
	EXPECT_EQ(0, exit_status(pid));
	name_detach(att, 0);
}

/* What a dispatch server's handlers saw (the test's process only). */
static struct {
	int msg_scoid;		/* info.scoid of the last message */
	int pulse_scoid;
	int disconnect_scoid;
	int unblock_rcvid;
	uint64_t pulse_value;
	int held;		/* rcvid of the message answered later */
	int held_type;
	bool done;
} seen;

#define T_PING		0x5001	/* "pong" with status 3 */
#define T_FAIL		0x5002	/* the handler returns EDOM */
#define T_READ		0x5003	/* MsgRead() of bytes 2..5: status their sum */
#define T_LATER		0x5004	/* answered after its handler returned */
#define T_STUCK		0x5005	/* answered only when its sender is signalled */
#define T_NONE		0x6000	/* no handler */
#define P_CODE		7

static int on_msg(message_context_t *ctp, int type, unsigned flags,
		  void *handle)
{
	unsigned char b[4];

	seen.msg_scoid = ctp->info.scoid;
	switch (type) {
	case T_PING:
		MsgReply(ctp->rcvid, 3, "pong", 5);
		return 0;
	case T_FAIL:
		return EDOM;
	case T_READ:
		if (MsgRead(ctp->rcvid, b, sizeof(b), 2) != sizeof(b))
			return EIO;
		MsgReply(ctp->rcvid, b[0] + b[1] + b[2] + b[3], NULL, 0);
		return 0;
	case T_LATER:
	case T_STUCK:
		seen.held = ctp->rcvid;
		seen.held_type = type;
		return _RESMGR_NOREPLY;
	}
	return ENOSYS;
}

static int on_pulse(message_context_t *ctp, int code, unsigned flags,
		    void *handle)
{
	struct _pulse *p = &ctp->msg->pulse;

	if (code == P_CODE) {
		seen.pulse_scoid = p->scoid;
		memcpy(&seen.pulse_value, &p->value, sizeof(seen.pulse_value));
	} else if (code == _PULSE_CODE_UNBLOCK) {
		seen.unblock_rcvid = p->value.sival_int;
		MsgError(p->value.sival_int, EINTR);
	} else if (code == _PULSE_CODE_DISCONNECT) {
		seen.disconnect_scoid = p->scoid;
		seen.done = true;
	}
	return 0;
}

static void on_usr1(int sig)
{
}

/* A client of the dispatch server: each step's failure is its status. */
static pid_t dispatch_client(const char *name)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		unsigned char msg[16] = { 0 };
		uint16_t type;
		char reply[16] = "";
		int coid;

		sigaction(SIGUSR1, &sa, NULL);
		coid = name_open(name, 0);
		if (coid < 0)
			_exit(2);
		type = T_PING;
		memcpy(msg, &type, 2);
		if (MsgSend(coid, msg, 2, reply, sizeof(reply)) != 3 ||
		    strcmp(reply, "pong"))
			_exit(3);
		type = T_FAIL;
		memcpy(msg, &type, 2);
		if (MsgSend(coid, msg, 2, NULL, 0) != -1 || errno != EDOM)
			_exit(4);
		type = T_READ;
		memcpy(msg, &type, 2);
		memcpy(msg + 2, "\x01\x02\x03\x04", 4);
		if (MsgSend(coid, msg, 6, NULL, 0) != 10)
			_exit(5);
		type = T_NONE;
		memcpy(msg, &type, 2);
		if (MsgSend(coid, msg, 2, NULL, 0) != -1 || errno != ENOSYS)
			_exit(6);
		if (MsgSendPulsePtr(coid, 10, P_CODE, (void *)0x123456789abcULL))
			_exit(7);
		/* Answered after its handler returned, outside it. */
		type = T_LATER;
		memcpy(msg, &type, 2);
		if (MsgSend(coid, msg, 2, NULL, 0) != 44)
			_exit(8);
		/* Signalled while held: the server's unblock handler decides. */
		type = T_STUCK;
		memcpy(msg, &type, 2);
		if (MsgSend(coid, msg, 2, NULL, 0) != -1 || errno != EINTR)
			_exit(9);
		_exit(name_close(coid) ? 10 : 0);
	}
	return pid;
}

/*
 * A server as QNX writes one with a dispatch: name_attach(dpp, ...),
 * message_attach() and pulse_attach() handlers, a dispatch_block() /
 * dispatch_handler() loop, serving a client in another process.
 */
TEST(a_dispatch_serves_messages_and_pulses_from_other_processes)
{
	dispatch_context_t *ctp;
	name_attach_t *att;
	dispatch_t *dpp;
	int status;
	pid_t pid;

	dpp = dispatch_create();
	if (!dpp && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_NE(NULL, dpp);
	ATTACH_OR_SKIP(att, dpp, "rmtest/dispatch", 0);
	ASSERT_EQ(0, message_attach(dpp, NULL, T_PING, T_STUCK, on_msg, NULL));
	/* pulse_attach() returns the code, negative ones too. */
	ASSERT_EQ(P_CODE, pulse_attach(dpp, 0, P_CODE, on_pulse, NULL));
	ASSERT_EQ(_PULSE_CODE_UNBLOCK,
		  pulse_attach(dpp, 0, _PULSE_CODE_UNBLOCK, on_pulse, NULL));
	ASSERT_EQ(_PULSE_CODE_DISCONNECT,
		  pulse_attach(dpp, 0, _PULSE_CODE_DISCONNECT, on_pulse, NULL));
	ctp = dispatch_context_alloc(dpp);
	ASSERT_NE(NULL, ctp);
	memset(&seen, 0, sizeof(seen));

	pid = dispatch_client("rmtest/dispatch");
	ASSERT_LE(0, pid);
	while (!seen.done) {
		ASSERT_NE(NULL, dispatch_block(ctp));
		dispatch_handler(ctp);
		if (seen.held_type == T_LATER) {
			EXPECT_EQ(0, MsgReply(seen.held, 44, NULL, 0));
		} else if (seen.held_type == T_STUCK) {
			kill(pid, SIGUSR1);	/* it waits in MsgSend() */
		}
		seen.held_type = 0;
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* One scoid for the client's messages, pulses and disconnect. */
	EXPECT_EQ(pid, seen.msg_scoid);
	EXPECT_EQ(pid, seen.pulse_scoid);
	EXPECT_EQ(pid, seen.disconnect_scoid);
	EXPECT_EQ(0x123456789abcULL, seen.pulse_value);
	EXPECT_EQ(seen.held, seen.unblock_rcvid);
	dispatch_context_free(ctp);
	EXPECT_EQ(0, name_detach(att, NAME_FLAG_DETACH_SAVEDPP));
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

TEST_HARNESS_MAIN
