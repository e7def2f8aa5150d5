// SPDX-License-Identifier: GPL-2.0
/*
 * Who is on the other end, as a QNX program asks it through libresmgr:
 * ConnectClientInfo() after MsgReceive() (a raw connection) or in an
 * io_open handler (a resource manager's open) gives the sender's real,
 * effective and saved ids and groups, as the kernel took them when it
 * sent, not the server's and not anything the sender said; after the
 * reply, for a client still connected, its ids as they are now;
 * _msg_info.priority is the sender's SCHED_FIFO priority;
 * ConnectServerInfo() names a connection's server and channel, and fails
 * once the server has gone.  Clients are forked children that take other
 * ids with setresuid()/setresgid()/setgroups() and report through their
 * exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>
#include <linux/resmgr.h>

#include "kselftest_harness.h"

/* The ids a client takes: every one distinct, none the server's. */
#define C_RUID	1001
#define C_EUID	1002
#define C_SUID	1003
#define C_RGID	2001
#define C_EGID	2002
#define C_SGID	2003
static const gid_t c_groups[] = { 4242, 4343, 4444 };
#define C_NGROUPS	ARRAY_SIZE(c_groups)

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* In a child: become the client; false if it could not. */
static bool become_client(void)
{
	return !setgroups(C_NGROUPS, c_groups) &&
	       !setresgid(C_RGID, C_EGID, C_SGID) &&
	       !setresuid(C_RUID, C_EUID, C_SUID);
}

static void expect_client(struct __test_metadata *_metadata,
			  const struct _client_info *ci, pid_t pid)
{
	EXPECT_EQ(0, ci->nd);
	EXPECT_EQ(pid, ci->pid);
	EXPECT_EQ(C_RUID, ci->cred.ruid);
	EXPECT_EQ(C_EUID, ci->cred.euid);
	EXPECT_EQ(C_SUID, ci->cred.suid);
	EXPECT_EQ(C_RGID, ci->cred.rgid);
	EXPECT_EQ(C_EGID, ci->cred.egid);
	EXPECT_EQ(C_SGID, ci->cred.sgid);
	EXPECT_EQ(C_NGROUPS, ci->cred.ngroups);
	for (size_t i = 0; i < C_NGROUPS && i < ci->cred.ngroups; i++)
		EXPECT_EQ(c_groups[i], ci->cred.grouplist[i]);
	EXPECT_EQ(_NTO_CI_FULL_GROUPS, ci->flags & _NTO_CI_FULL_GROUPS);
}

/*
 * A child that becomes the client (if @other_ids), runs at SCHED_FIFO
 * @prio (if not 0), connects to (@server, @chid) and sends one message
 * claiming to be root.
 */
static pid_t sender(pid_t server, int chid, bool other_ids, int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	static const char claim[] = "uid=0 gid=0";
	pid_t pid = fork();
	char reply[8];
	int coid;

	if (pid)
		return pid;
	/*
	 * Not the channel's holder too: a server that fails before it
	 * replies must not leave this child waiting on a channel it keeps
	 * open itself.
	 */
	close(chid);
	if (other_ids && !become_client())
		_exit(2);
	if (prio && sched_setscheduler(0, SCHED_FIFO, &sp))
		_exit(3);
	coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);
	if (coid < 0)
		_exit(4);
	_exit(MsgSend(coid, claim, sizeof(claim), reply, sizeof(reply)) == 0 ?
	      0 : 5);
}

static int make_channel(void)
{
	return ChannelCreate(0);
}

TEST(raw_connection_gives_the_senders_kernel_credentials)
{
	struct _client_info ci, few;
	struct _msg_info info;
	struct resmgr_msginfo mi;
	int chid, rcvid;
	char buf[32];
	gid_t groups[2];
	pid_t pid;

	chid = make_channel();
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	ASSERT_EQ(0, geteuid()) TH_LOG("the test changes ids: run it as root");
	pid = sender(getpid(), chid, true, 0);
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_STREQ("uid=0 gid=0", buf);

	memset(&ci, 0xa5, sizeof(ci));
	ASSERT_EQ(0, ConnectClientInfo(info.scoid, &ci, _CLIENT_INFO_NGROUPS));
	expect_client(_metadata, &ci, pid);

	/* Room for fewer groups: as many as fit, and no "full" flag. */
	memset(&few, 0, sizeof(few));
	ASSERT_EQ(0, ConnectClientInfo(info.scoid, &few, 1));
	EXPECT_EQ(1, few.cred.ngroups);
	EXPECT_EQ(c_groups[0], few.cred.grouplist[0]);
	EXPECT_EQ(0, few.cred.grouplist[1]);
	EXPECT_EQ(0, few.flags & _NTO_CI_FULL_GROUPS);
	EXPECT_EQ(C_EUID, few.cred.euid);
	EXPECT_EQ(-1, ConnectClientInfo(info.scoid, &few, -1));
	EXPECT_EQ(EINVAL, errno);

	/*
	 * The kernel's answers overwrite whatever the asker put in: the
	 * ids come from the sender's credentials, nowhere else.
	 */
	memset(&mi, 0, sizeof(mi));
	mi.size = sizeof(mi);
	mi.unique = rcvid;
	mi.cred.ruid = 0;
	mi.cred.euid = 0;
	mi.cred.rgid = 0;
	mi.cred.egid = 0;
	mi.ngroups = 99;
	mi.groups = (uintptr_t)groups;
	mi.groups_max = 2;
	ASSERT_EQ(0, ioctl(chid, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(pid, mi.pid);
	EXPECT_EQ(C_RUID, mi.cred.ruid);
	EXPECT_EQ(C_EUID, mi.cred.euid);
	EXPECT_EQ(C_EUID, mi.cred.fsuid);
	EXPECT_EQ(C_EGID, mi.cred.fsgid);
	EXPECT_EQ(C_NGROUPS, mi.ngroups);
	EXPECT_EQ(c_groups[1], groups[1]);
	/* Malformed asks. */
	mi.reserved2 = 1;
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(EINVAL, errno);
	mi.reserved2 = 0;
	mi.groups = 0;
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(EINVAL, errno);
	mi.groups = 8;	/* not the caller's memory */
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(EFAULT, errno);

	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	/* Gone, and with it its connection: nobody to tell of. */
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(-1, ConnectClientInfo(info.scoid, &ci, _CLIENT_INFO_NGROUPS));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(0, ChannelDestroy(chid));
}

/*
 * QNX answers for any client still connected, not only one whose
 * message the server holds: after the reply, the client's ids as they
 * are now (it changes them meanwhile); once it has gone, ESRCH; a
 * process that never connected is no client either.
 */
TEST(connected_client_without_a_message_in_hand)
{
	static const char claim[] = "hello";
	struct resmgr_clientinfo rci;
	struct _client_info ci;
	struct _msg_info info;
	int chid, rcvid, go[2], said[2];
	pid_t server = getpid(), pid;
	gid_t groups[4];
	char buf[32], c;

	chid = make_channel();
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	ASSERT_EQ(0, geteuid()) TH_LOG("the test changes ids: run it as root");
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(said));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int coid;

		close(chid);
		close(go[1]);
		close(said[0]);
		if (!become_client())
			_exit(2);
		coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);
		if (coid < 0)
			_exit(3);
		if (MsgSend(coid, claim, sizeof(claim), NULL, 0))
			_exit(4);
		/* Connected, nothing sent: the effective id moves. */
		if (setresuid(-1, C_SUID, -1) || write(said[1], "s", 1) != 1)
			_exit(5);
		/* Stay connected until told to go. */
		_exit(read(go[0], &c, 1) == 1 ? 0 : 6);
	}
	close(go[0]);
	close(said[1]);
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	ASSERT_EQ(1, read(said[0], &c, 1));

	memset(&ci, 0xa5, sizeof(ci));
	ASSERT_EQ(0, ConnectClientInfo(info.scoid, &ci, _CLIENT_INFO_NGROUPS));
	EXPECT_EQ(pid, ci.pid);
	EXPECT_EQ(C_RUID, ci.cred.ruid);
	EXPECT_EQ(C_SUID, ci.cred.euid);	/* now, not when it sent */
	EXPECT_EQ(C_EGID, ci.cred.egid);
	EXPECT_EQ(C_NGROUPS, ci.cred.ngroups);
	EXPECT_EQ(c_groups[2], ci.cred.grouplist[2]);
	EXPECT_EQ(_NTO_CI_FULL_GROUPS, ci.flags & _NTO_CI_FULL_GROUPS);

	/* The query itself: malformed asks, and a process that is no client. */
	memset(&rci, 0, sizeof(rci));
	rci.size = sizeof(rci);
	rci.pid = pid;
	rci.groups = (uintptr_t)groups;
	rci.groups_max = 4;
	ASSERT_EQ(0, ioctl(chid, RESMGR_IOC_CLIENTINFO, &rci));
	EXPECT_EQ(C_SUID, rci.cred.euid);
	EXPECT_EQ(C_NGROUPS, rci.ngroups);
	EXPECT_EQ(c_groups[0], groups[0]);
	rci.flags = 1;
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_CLIENTINFO, &rci));
	EXPECT_EQ(EINVAL, errno);
	rci.flags = 0;
	rci.reserved = 1;
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_CLIENTINFO, &rci));
	EXPECT_EQ(EINVAL, errno);
	rci.reserved = 0;
	rci.groups = 0;
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_CLIENTINFO, &rci));
	EXPECT_EQ(EINVAL, errno);
	rci.groups = 8;	/* not the caller's memory */
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_CLIENTINFO, &rci));
	EXPECT_EQ(EFAULT, errno);
	rci.groups = 0;
	rci.groups_max = 0;
	rci.pid = getppid();
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_CLIENTINFO, &rci));
	EXPECT_EQ(ESRCH, errno);
	rci.pid = 0;
	EXPECT_EQ(-1, ioctl(chid, RESMGR_IOC_CLIENTINFO, &rci));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, ConnectClientInfo(getppid(), &ci, 0));
	EXPECT_EQ(ESRCH, errno);

	ASSERT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(-1, ConnectClientInfo(info.scoid, &ci, _CLIENT_INFO_NGROUPS));
	EXPECT_EQ(ESRCH, errno);
	close(go[1]);
	close(said[0]);
	EXPECT_EQ(0, ChannelDestroy(chid));
}

/* A sender that is the server's own user: the server's ids come back. */
TEST(raw_connection_of_root_is_root)
{
	struct _client_info ci;
	struct _msg_info info;
	int chid, rcvid;
	char buf[32];
	pid_t pid;

	chid = make_channel();
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = sender(getpid(), chid, false, 0);
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	ASSERT_EQ(0, ConnectClientInfo(info.scoid, &ci, _CLIENT_INFO_NGROUPS));
	EXPECT_EQ(pid, ci.pid);
	EXPECT_EQ(geteuid(), ci.cred.euid);
	EXPECT_EQ(getuid(), ci.cred.ruid);
	EXPECT_EQ(getegid(), ci.cred.egid);
	EXPECT_EQ(getsid(0), ci.sid);
	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(0, ChannelDestroy(chid));
}

TEST(msg_info_priority_is_the_senders)
{
	struct _msg_info info, again;
	int chid, rcvid;
	char buf[32];
	pid_t pid;

	chid = ChannelCreate(_NTO_CHF_FIXED_PRIORITY);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = sender(getpid(), chid, false, 31);
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_EQ(31, info.priority);
	ASSERT_EQ(0, MsgInfo(rcvid, &again));
	EXPECT_EQ(31, again.priority);
	EXPECT_EQ(info.scoid, again.scoid);
	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	EXPECT_EQ(0, exit_status(pid));

	/* A SCHED_OTHER sender: 0. */
	pid = sender(getpid(), chid, false, 0);
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_EQ(0, info.priority);
	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(0, ChannelDestroy(chid));
}

TEST(connect_server_info_until_the_server_dies)
{
	struct _server_info si;
	int up[2], chid, coid;
	pid_t server;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, pipe(up));
	server = fork();
	ASSERT_LE(0, server);
	if (!server) {
		close(up[0]);
		chid = ChannelCreate(0);
		if (write(up[1], &chid, sizeof(chid)) != sizeof(chid))
			_exit(2);
		pause();	/* until killed */
		_exit(3);
	}
	close(up[1]);
	ASSERT_EQ(sizeof(chid), read(up[0], &chid, sizeof(chid)));
	close(up[0]);
	ASSERT_LT(0, chid);
	coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, coid);

	memset(&si, 0xa5, sizeof(si));
	EXPECT_EQ(coid, ConnectServerInfo(0, coid, &si));
	EXPECT_EQ(0, si.nd);
	EXPECT_EQ(server, si.pid);
	EXPECT_EQ(chid, si.chid);
	EXPECT_LT(0, si.scoid);
	EXPECT_EQ(coid, si.coid);
	EXPECT_EQ(coid, ConnectServerInfo(getpid(), coid, NULL));

	/* Not a connection. */
	EXPECT_EQ(-1, ConnectServerInfo(0, STDIN_FILENO, &si));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ConnectServerInfo(0, -1, &si));
	EXPECT_EQ(EINVAL, errno);

	/* The server goes: the connection is dead. */
	ASSERT_EQ(0, kill(server, SIGKILL));
	EXPECT_EQ(128 + SIGKILL, exit_status(server));
	EXPECT_EQ(-1, ConnectServerInfo(0, coid, &si));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(0, ConnectDetach(coid));
	EXPECT_EQ(-1, ConnectServerInfo(0, coid, &si));
	EXPECT_EQ(EINVAL, errno);
}

/* A resource manager whose io_open asks who the opener is. */
static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;
static struct _client_info opener;
/* Read after the opener has exited, which the handler's reply precedes. */
static int opener_err = -1, opener_prio = -1;

static int info_open(resmgr_context_t *ctp, io_open_t *msg,
		     RESMGR_HANDLE_T *handle, void *extra)
{
	opener_err = ConnectClientInfo(ctp->info.scoid, &opener,
				       _CLIENT_INFO_NGROUPS) ? errno : 0;
	opener_prio = ctp->info.priority;
	return iofunc_open_default(ctp, msg, handle, extra);
}

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	for (;;) {
		ctp = dispatch_block(ctp);
		if (!ctp)
			return NULL;
		dispatch_handler(ctp);
	}
}

TEST(resmgr_open_gives_the_openers_credentials)
{
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	char path[64];
	pthread_t thr;
	int id, fd;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, geteuid()) TH_LOG("the test changes ids: run it as root");
	snprintf(path, sizeof(path), "/tmp/lib-conninfo-%d", getpid());
	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS, &iofuncs);
	cfuncs.open = info_open;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	id = resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs, &iofuncs, &attr);
	ASSERT_LE(0, id);
	ctp = dispatch_context_alloc(dpp);
	ASSERT_NE(NULL, ctp);
	ASSERT_EQ(0, pthread_create(&thr, NULL, serve, ctp));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct sched_param sp = { .sched_priority = 23 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			_exit(2);
		if (!become_client())
			_exit(3);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			_exit(4);
		_exit(close(fd) ? 5 : 0);
	}
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(0, opener_err) TH_LOG("ConnectClientInfo: %s", strerror(opener_err));
	if (!opener_err)
		expect_client(_metadata, &opener, pid);
	EXPECT_EQ(23, opener_prio);
	EXPECT_EQ(0, resmgr_detach(dpp, id, 0));
}

TEST_HARNESS_MAIN
