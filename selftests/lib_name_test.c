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

TEST_HARNESS_MAIN
