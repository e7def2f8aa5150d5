// SPDX-License-Identifier: GPL-2.0
/*
 * Union prefixes (the comment above RESMGR_ATTACH_BEFORE in
 * uapi/linux/resmgr.h), through libresmgr: several servers attached at
 * one path are asked in turn (BEFORE members latest first, plain members
 * latest first, AFTER members earliest first) until one answers something
 * other than ENOENT or ENOSYS; a directory prefix's connect messages that
 * every member passes go on to an enclosing prefix unless a member is
 * opaque; a directory read lists each name once; dead and detached
 * members are skipped; an open stays with the member that granted it.
 *
 * Every server is a child process with its own channel.  What it serves
 * (a table of names), what it answers, and what it was asked live in a
 * shared mapping, so the test can change a member's answers while it
 * runs and see which members a client's call reached, in which order.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/resmgr.h>
#include <sys/resmgr_dirent.h>

#include "kselftest_harness.h"

#define NSRV	8		/* server ids 1 .. NSRV - 1 */
#define NENT	40		/* names per server */
#define NASK	256		/* connect messages remembered */
#define WAIT_MS	10000		/* longest wait for a server or a mount */
#define NOBODY	65534

/* A name a server has: "" is its attach point. */
struct ent {
	char name[24];
	char data[40];		/* a file's content, a link's target */
	mode_t mode;		/* 0: no such name */
};

/* One server: its names and answers (set by the test), its counters. */
struct member {
	struct ent ent[NENT];
	int answer;		/* every connect handler answers this; 0: serve */
	int64_t cookie_base;	/* added to its directory positions */
	int opens;		/* opens granted */
	int reads, writes;	/* of files (not directories) */
	int stats;		/* io_stat runs (stat, fstat) */
	pid_t pid;
	int cmd;		/* to the server: 'd' detaches */
	int reply;		/* from it: the attach's, the detach's errno */
};

/* One connect message a server was asked. */
struct ask {
	int id;
	char kind;		/* 'o' open, 's' stat, 'u' unlink, 'r' readlink */
	char path[27];
};

struct shared {
	struct member m[NSRV];
	int nasks;
	struct ask ask[NASK];
	char client_buf[64];	/* what a forked client read */
};

static struct shared *sh;

/* ------------------------------------------------------------ the server */

static int me;				/* this server's id */
static struct member *M;		/* and its part of the shared state */
static iofunc_attr_t attrs[NENT];	/* attrs[i] is M->ent[i]'s */
static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;

static void note(char kind, const char *path)
{
	int i = __sync_fetch_and_add(&sh->nasks, 1);

	if (i >= NASK)
		return;
	sh->ask[i].id = me;
	sh->ask[i].kind = kind;
	snprintf(sh->ask[i].path, sizeof(sh->ask[i].path), "%s", path);
}

static int ent_find(const char *path)
{
	int i;

	for (i = 0; i < NENT; i++)
		if (M->ent[i].mode && !strcmp(M->ent[i].name, path))
			return i;
	return -1;
}

/* The attr of entry @i, brought up to date with the test's table. */
static iofunc_attr_t *ent_attr(int i)
{
	iofunc_attr_t *a = &attrs[i];

	a->mode = M->ent[i].mode;
	a->inode = me * 1000 + i + 1;
	a->nbytes = S_ISREG(a->mode) ? strlen(M->ent[i].data) : 0;
	a->nlink = S_ISDIR(a->mode) ? 2 : 1;
	return a;
}

static int ent_of(const RESMGR_OCB_T *ocb)
{
	return ocb->attr - attrs;
}

static int h_open(resmgr_context_t *ctp, io_open_t *msg,
		  RESMGR_HANDLE_T *handle, void *extra)
{
	bool is_stat = msg->connect.subtype != _IO_CONNECT_OPEN;
	int i, err;

	note(is_stat ? 's' : 'o', msg->connect.path);
	if (M->answer)
		return M->answer;
	i = ent_find(msg->connect.path);
	if (i < 0)
		return ENOENT;
	if (S_ISLNK(M->ent[i].mode) && !(msg->connect.ioflag & O_NOFOLLOW)) {
		_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
		return EOK;
	}
	err = iofunc_open(ctp, msg, ent_attr(i), NULL, NULL);
	if (!err)
		err = iofunc_ocb_attach(ctp, msg, NULL, &attrs[i], NULL);
	if (!err && !is_stat)
		__sync_add_and_fetch(&M->opens, 1);
	return err;
}

static int h_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
		    RESMGR_HANDLE_T *handle, void *reserved)
{
	int i;

	note('u', msg->connect.path);
	if (M->answer)
		return M->answer;
	i = ent_find(msg->connect.path);
	if (i <= 0)
		return i < 0 ? ENOENT : EBUSY;
	M->ent[i].mode = 0;
	return EOK;
}

static int h_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		      RESMGR_HANDLE_T *handle, void *reserved)
{
	size_t len;
	int i, err;

	note('r', msg->connect.path);
	if (M->answer)
		return M->answer;
	i = ent_find(msg->connect.path);
	if (i < 0)
		return ENOENT;
	err = iofunc_readlink(ctp, msg, ent_attr(i), NULL);
	if (err)
		return err;
	len = strlen(M->ent[i].data) + 1;
	memset(&msg->link_reply, 0, sizeof(msg->link_reply));
	msg->link_reply.path_len = len;
	memcpy(&msg->link_reply + 1, M->ent[i].data, len);
	_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
	return _RESMGR_PTR(ctp, &msg->link_reply, sizeof(msg->link_reply) + len);
}

/* Is @name directly in directory @dir?  Returns its last component. */
static const char *in_dir(const char *dir, const char *name)
{
	size_t dl = strlen(dir);

	if (!*name)
		return NULL;
	if (dl) {
		if (strncmp(name, dir, dl) || name[dl] != '/')
			return NULL;
		name += dl + 1;
	}
	return strchr(name, '/') ? NULL : name;
}

/*
 * Position 0 ".", 1 "..", 2 + j entry j if it is in the directory; each
 * plus the cookie base (but 0 is always the start).
 */
static int read_dir(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	const char *dir = M->ent[ent_of(ocb)].name, *name;
	size_t n = 0, reclen, room = msg->i.nbytes;
	int64_t pos = ocb->offset, base = M->cookie_base;
	struct iofunc_dirent *d;
	uint64_t ino;

	if (room > sizeof(buf))
		room = sizeof(buf);
	if (pos >= base)
		pos -= base;
	for (; pos < NENT + 2; pos++) {
		if (pos < 2) {
			name = pos ? ".." : ".";
			ino = pos ? 0 : ocb->attr->inode;
		} else {
			if (!M->ent[pos - 2].mode)
				continue;
			name = in_dir(dir, M->ent[pos - 2].name);
			if (!name)
				continue;
			ino = me * 1000 + pos - 2 + 1;
		}
		reclen = IOFUNC_DIRENT_RECLEN(strlen(name));
		if (n + reclen > room)
			break;
		d = (struct iofunc_dirent *)(buf + n);
		memset(d, 0, reclen);
		d->d_ino = ino;
		d->d_offset = pos + base;
		d->d_reclen = reclen;
		d->d_namelen = strlen(name);
		strcpy(d->d_name, name);
		n += reclen;
	}
	ocb->offset = pos + base;
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, buf, n);
}

static int h_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	const char *data = M->ent[ent_of(ocb)].data;
	int64_t off = ocb->offset, len = strlen(data), n;
	int err = iofunc_read_verify(ctp, msg, ocb, NULL);

	if (err)
		return err;
	if (S_ISDIR(ocb->attr->mode))
		return read_dir(ctp, msg, ocb);
	__sync_add_and_fetch(&M->reads, 1);
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		off = ((struct _xtype_offset *)(&msg->i + 1))->offset;
	n = off < len ? len - off : 0;
	if (n > msg->i.nbytes)
		n = msg->i.nbytes;
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset = off + n;
	_IO_SET_READ_NBYTES(ctp, n);
	return n ? _RESMGR_PTR(ctp, data + off, n) : _RESMGR_NPARTS(0);
}

static int h_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	struct ent *e = &M->ent[ent_of(ocb)];
	size_t skip = sizeof(msg->i), nbytes = msg->i.nbytes;
	int64_t off = ocb->offset;
	ssize_t got;
	int err = iofunc_write_verify(ctp, msg, ocb, NULL);

	if (err)
		return err;
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET) {
		off = ((struct _xtype_offset *)(&msg->i + 1))->offset;
		skip += sizeof(struct _xtype_offset);
	}
	if (off > (int64_t)strlen(e->data) || off + nbytes >= sizeof(e->data))
		return EFBIG;
	got = resmgr_msgread(ctp, e->data + off, nbytes, skip);
	if (got < 0)
		return errno;
	if (off + got > (int64_t)strlen(e->data))
		e->data[off + got] = '\0';
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset = off + got;
	__sync_add_and_fetch(&M->writes, 1);
	_IO_SET_WRITE_NBYTES(ctp, got);
	return _RESMGR_NPARTS(0);
}

static int h_stat(resmgr_context_t *ctp, io_stat_t *msg, RESMGR_OCB_T *ocb)
{
	__sync_add_and_fetch(&M->stats, 1);
	ent_attr(ent_of(ocb));
	return iofunc_stat_default(ctp, msg, ocb);
}

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	while ((ctp = dispatch_block(ctp)))
		dispatch_handler(ctp);
	return NULL;
}

/*
 * The server's process: attach, say so on @reply (0 or the attach's
 * errno), serve on a thread, and detach when @cmd says 'd'.  It exits
 * when the test closes @cmd (or dies).
 */
static void __attribute__((noreturn))
server_main(int id, const char *path, unsigned int flags, int cmd, int reply)
{
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	pthread_t thr;
	int i, lid, res;
	char c;

	me = id;
	M = &sh->m[id];
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS,
			 &iofuncs);
	cfuncs.open = h_open;
	cfuncs.unlink = h_unlink;
	cfuncs.readlink = h_readlink;
	iofuncs.read = h_read;
	iofuncs.write = h_write;
	iofuncs.stat = h_stat;
	for (i = 0; i < NENT; i++)
		iofunc_attr_init(&attrs[i], S_IFREG | 0644, NULL, NULL);
	ent_attr(0);
	dpp = dispatch_create();
	lid = dpp ? resmgr_attach(dpp, NULL, path, _FTYPE_ANY, flags, &cfuncs,
				  &iofuncs, &attrs[0]) : -1;
	res = lid < 0 ? errno : 0;
	ctp = res ? NULL : dispatch_context_alloc(dpp);
	if (!res && (!ctp || pthread_create(&thr, NULL, serve, ctp)))
		res = ENOMEM;
	if (write(reply, &res, sizeof(res)) != sizeof(res) || res)
		_exit(0);
	while (read(cmd, &c, 1) == 1) {
		if (c != 'd')
			continue;
		res = resmgr_detach(dpp, lid, 0) ? errno : 0;
		if (write(reply, &res, sizeof(res)) != sizeof(res))
			break;
	}
	_exit(0);
}

/* ---------------------------------------------------------- the test side */

/* Give server @id the name @name (a directory if @mode says so). */
static void put(int id, const char *name, mode_t mode, const char *data)
{
	struct member *m = &sh->m[id];
	int i;

	for (i = 0; i < NENT; i++)
		if (!m->ent[i].mode || !strcmp(m->ent[i].name, name))
			break;
	if (i == NENT)
		abort();
	snprintf(m->ent[i].name, sizeof(m->ent[i].name), "%s", name);
	snprintf(m->ent[i].data, sizeof(m->ent[i].data), "%s", data ? data : "");
	m->ent[i].mode = mode;
}

static struct ent *ent_named(int id, const char *name)
{
	int i;

	for (i = 0; i < NENT; i++)
		if (sh->m[id].ent[i].mode && !strcmp(sh->m[id].ent[i].name, name))
			return &sh->m[id].ent[i];
	return NULL;
}

/* The inode number server @id gives its name @name; 0 if it has none. */
static ino_t ino_of(int id, const char *name)
{
	struct ent *e = ent_named(id, name);

	return e ? id * 1000 + (e - sh->m[id].ent) + 1 : 0;
}

/* What server @id holds in its file @name. */
static const char *data_of(int id, const char *name)
{
	struct ent *e = ent_named(id, name);

	return e ? e->data : "(none)";
}

/* A plain file server: its attach point is a file holding @data. */
static void put_node(int id, const char *data)
{
	put(id, "", S_IFCHR | 0666, data);
}

/* A directory server's attach point. */
static void put_root(int id)
{
	put(id, "", S_IFDIR | 0755, NULL);
}

static int reply_wait(struct member *m)
{
	struct pollfd p = { .fd = m->reply, .events = POLLIN };
	int res;

	if (poll(&p, 1, WAIT_MS) != 1 ||
	    read(m->reply, &res, sizeof(res)) != sizeof(res))
		return -1;
	return res;
}

/* Start server @id at @path; 0, or the errno its resmgr_attach() failed with. */
static int srv_start(int id, const char *path, unsigned int flags)
{
	struct member *m = &sh->m[id];
	int cmd[2], reply[2], k;
	pid_t pid;

	if (pipe2(cmd, O_CLOEXEC) || pipe2(reply, O_CLOEXEC))
		return -1;
	pid = fork();	/* not into *m: the child shares it */
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* Other servers must see their own pipes close. */
		for (k = 0; k < NSRV; k++) {
			if (sh->m[k].pid > 0 && k != id) {
				close(sh->m[k].cmd);
				close(sh->m[k].reply);
			}
		}
		close(cmd[1]);
		close(reply[0]);
		server_main(id, path, flags, cmd[0], reply[1]);
	}
	close(cmd[0]);
	close(reply[1]);
	m->pid = pid;
	m->cmd = cmd[1];
	m->reply = reply[0];
	return reply_wait(m);
}

/* Server @id's resmgr_detach(): 0 or its errno. */
static int srv_detach(int id)
{
	struct member *m = &sh->m[id];

	if (write(m->cmd, "d", 1) != 1)
		return -1;
	return reply_wait(m);
}

/* SIGKILL server @id and wait until it is gone. */
static void srv_kill(int id)
{
	struct member *m = &sh->m[id];

	if (m->pid <= 0)
		return;
	kill(m->pid, SIGKILL);
	waitpid(m->pid, NULL, 0);
	close(m->cmd);
	close(m->reply);
	m->pid = 0;
}

static void reset_counts(void)
{
	int id;

	for (id = 0; id < NSRV; id++) {
		sh->m[id].opens = 0;
		sh->m[id].reads = 0;
		sh->m[id].writes = 0;
		sh->m[id].stats = 0;
	}
	sh->nasks = 0;
}

/* The ids of the servers asked @kind about @path, in order ("21"). */
static const char *asked(char kind, const char *path)
{
	static char out[NASK + 1];
	int i, n = 0;

	for (i = 0; i < sh->nasks && i < NASK; i++)
		if (sh->ask[i].kind == kind && !strcmp(sh->ask[i].path, path))
			out[n++] = '0' + sh->ask[i].id;
	out[n] = '\0';
	return out;
}

/* Every @kind message asked, in order: "id:path id:path". */
static const char *trace(char kind)
{
	static char out[NASK * 32];
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < sh->nasks && i < NASK; i++)
		if (sh->ask[i].kind == kind)
			n += snprintf(out + n, sizeof(out) - n, "%s%d:%s",
				      n ? " " : "", sh->ask[i].id,
				      sh->ask[i].path);
	return out;
}

/* How many connect messages server @id was asked about @path. */
static int asks_to(int id, const char *path)
{
	int i, n = 0;

	for (i = 0; i < sh->nasks && i < NASK; i++)
		if (sh->ask[i].id == id && !strcmp(sh->ask[i].path, path))
			n++;
	return n;
}

/* Read @path into @buf (NUL-terminated): the length, or -errno. */
static int slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY), err;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	return n;
}

/* The content of @path, or its error ("ENOENT", "ENOTCONN", "errno N"). */
static const char *content(const char *path)
{
	static char bufs[4][64];
	static int next;
	char *b = bufs[next++ % 4];
	int n = slurp(path, b, 64);

	if (n == -ENOENT)
		return "ENOENT";
	if (n == -ENOTCONN)
		return "ENOTCONN";
	if (n < 0)
		snprintf(b, 64, "errno %d", -n);
	return b;
}

/* slurp() as uid/gid NOBODY in a child: its result; the data in client_buf. */
static int slurp_as_nobody(const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -ENOMEM;
	if (pid == 0) {
		int n;

		if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(255);
		n = slurp(path, sh->client_buf, sizeof(sh->client_buf));
		_exit(n < 0 ? -n : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -ENOTRECOVERABLE;
	return -WEXITSTATUS(status);
}

/*
 * resmgr mounts on @path now (@below: on @path or under it); with
 * @detach, lazily unmount each one found instead.
 */
static int resmgr_mounts(const char *path, bool below, bool detach)
{
	char line[1024], mp[512], *sep;
	FILE *f = fopen("/proc/self/mountinfo", "r");
	size_t len = strlen(path);
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %*s %*s %*s %511s", mp) != 1)
			continue;
		sep = strstr(line, " - ");
		if (!sep || strncmp(sep + 3, "resmgr ", 7))
			continue;
		if (strcmp(mp, path) &&
		    !(below && !strncmp(mp, path, len) && mp[len] == '/'))
			continue;
		n++;
		if (detach)
			umount2(mp, MNT_DETACH);
	}
	fclose(f);
	return n;
}

static int mounts_at(const char *path)
{
	return resmgr_mounts(path, false, false);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait (bounded) until no resmgr mount is left on @path and, if
 * @gone, @path itself no longer exists.  True if so.
 */
static bool wait_unmounted(const char *path, bool gone)
{
	long end = now_ms() + WAIT_MS;
	struct stat st;

	for (;;) {
		bool absent = lstat(path, &st) && errno == ENOENT;

		if (mounts_at(path) == 0 && (!gone || absent))
			return true;
		if (now_ms() > end)
			return false;
		usleep(10000);
	}
}

/* What is left on @path, for a failure's log. */
static const char *leftover(const char *path)
{
	static char out[128];
	struct stat st;
	int err = lstat(path, &st) ? errno : 0;

	snprintf(out, sizeof(out), "%s: %d resmgr mounts left, lstat: %s",
		 path, mounts_at(path), err ? strerror(err) : "exists");
	return out;
}

static int rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	return remove(p) && errno != ENOENT ? -1 : 0;
}

FIXTURE(u) {
	char base[64];
};

FIXTURE_SETUP(u)
{
	static int serial;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	snprintf(self->base, sizeof(self->base), "/tmp/union-%d-%d", getpid(),
		 serial++);
	ASSERT_EQ(0, mkdir(self->base, 0755));
}

FIXTURE_TEARDOWN(u)
{
	long end = now_ms() + 3000;
	int id;

	if (!sh || sh == MAP_FAILED)
		return;
	for (id = 1; id < NSRV; id++)
		srv_kill(id);
	/* Dead servers' mounts go by themselves; a test failed if not. */
	while (resmgr_mounts(self->base, true, false) > 0 && now_ms() < end)
		usleep(10000);
	while (resmgr_mounts(self->base, true, true) > 0 && now_ms() < end + 1000)
		usleep(10000);
	nftw(self->base, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* @rel under the test's directory, in one of a ring of buffers. */
static const char *at(FIXTURE_DATA(u) *self, const char *rel)
{
	static char bufs[8][128];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", self->base, rel);
	return b;
}

#define AT(rel) at(self, rel)

/* ------------------------------------------- 1: two servers at one name */

/* Server 1 ("earlier") then server 2 ("later") attached at the name @dev. */
static int two_nodes(const char *dev)
{
	put_node(1, "earlier");
	put_node(2, "later");
	return srv_start(1, dev, 0) || srv_start(2, dev, 0) ? -1 : 0;
}

TEST_F(u, later_server_answers_first)
{
	const char *dev = AT("dev");

	ASSERT_EQ(0, two_nodes(dev));
	reset_counts();
	EXPECT_STREQ("later", content(dev));
	EXPECT_STREQ("2", asked('o', ""));
	EXPECT_EQ(0, sh->m[1].opens);
}

TEST_F(u, enoent_and_enosys_pass_to_the_earlier_server)
{
	const char *dev = AT("dev");
	int err[] = { ENOENT, ENOSYS }, i;

	ASSERT_EQ(0, two_nodes(dev));
	for (i = 0; i < 2; i++) {
		sh->m[2].answer = err[i];
		reset_counts();
		EXPECT_STREQ("earlier", content(dev)) TH_LOG("later said %d", err[i]);
		EXPECT_STREQ("21", asked('o', ""));
		EXPECT_EQ(1, sh->m[1].opens);
		EXPECT_EQ(1, sh->m[1].reads);
		EXPECT_EQ(0, sh->m[2].reads);
	}
}

TEST_F(u, other_errors_end_the_walk)
{
	const char *dev = AT("dev");
	int err[] = { EACCES, EPERM, EBUSY, EIO }, i;

	ASSERT_EQ(0, two_nodes(dev));
	for (i = 0; i < 4; i++) {
		sh->m[2].answer = err[i];
		reset_counts();
		EXPECT_EQ(-1, open(dev, O_RDONLY));
		EXPECT_EQ(err[i], errno);
		EXPECT_STREQ("2", asked('o', ""));
		EXPECT_EQ(0, asks_to(1, ""));
	}
}

/* When all pass: ENOENT if any said ENOENT, else ENOSYS. */
TEST_F(u, all_passing_is_enoent_if_any_said_so)
{
	static const struct { int later, earlier, client; } c[] = {
		{ ENOENT, ENOENT, ENOENT },
		{ ENOSYS, ENOENT, ENOENT },
		{ ENOENT, ENOSYS, ENOENT },
		{ ENOSYS, ENOSYS, ENOSYS },
	};
	const char *dev = AT("dev");
	unsigned int i;

	ASSERT_EQ(0, two_nodes(dev));
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		sh->m[2].answer = c[i].later;
		sh->m[1].answer = c[i].earlier;
		reset_counts();
		EXPECT_EQ(-1, open(dev, O_RDONLY));
		EXPECT_EQ(c[i].client, errno) TH_LOG("later %d, earlier %d",
						      c[i].later, c[i].earlier);
		EXPECT_STREQ("21", asked('o', ""));
	}
}

/* ------------------------------------------------------ 2: order flags */

/*
 * Attached in this order: 1 BEFORE, 2 plain, 3 AFTER, 4 plain, 5 AFTER,
 * 6 BEFORE.  Asked: BEFORE latest first (6, 1), plain latest first
 * (4, 2), AFTER earliest first (3, 5).
 */
TEST_F(u, before_plain_after_order)
{
	static const unsigned int flags[] = {
		0, _RESMGR_FLAG_BEFORE, 0, _RESMGR_FLAG_AFTER, 0,
		_RESMGR_FLAG_AFTER, _RESMGR_FLAG_BEFORE,
	};
	const char *dev = AT("dev");
	int id;

	for (id = 1; id <= 6; id++) {
		put_node(id, "x");
		ASSERT_EQ(0, srv_start(id, dev, flags[id])) TH_LOG("server %d", id);
	}
	/*
	 * Only now: resmgr_attach() looks at the path first, and a path
	 * every member says ENOENT about is one it would create.
	 */
	for (id = 1; id <= 6; id++)
		sh->m[id].answer = ENOENT;
	reset_counts();
	EXPECT_EQ(-1, open(dev, O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_STREQ("614235", asked('o', ""));
	/* The first to accept ends it. */
	sh->m[2].answer = 0;
	reset_counts();
	EXPECT_STREQ("x", content(dev));
	EXPECT_STREQ("6142", asked('o', ""));
	EXPECT_EQ(1, sh->m[2].opens);
}

TEST_F(u, before_and_after_together_is_einval)
{
	struct stat st;

	put_node(1, "x");
	EXPECT_EQ(EINVAL, srv_start(1, AT("dev"),
				    _RESMGR_FLAG_BEFORE | _RESMGR_FLAG_AFTER));
	EXPECT_EQ(0, mounts_at(AT("dev")));
	EXPECT_EQ(-1, lstat(AT("dev"), &st));
	EXPECT_EQ(ENOENT, errno);
}

/* ----------------------------------------------- 3: directory union */

#define LOWER	1
#define UPPER	2

/*
 * Two directory servers at "d": the lower attached first.  Each has its
 * own names and some in common ("both", "blink", "sub", s00..s09).
 */
static void dir_names(void)
{
	char name[8];
	int i;

	put_root(LOWER);
	put_root(UPPER);
	put(LOWER, "both", S_IFREG | 0644, "lower both");
	put(UPPER, "both", S_IFREG | 0644, "upper both");
	put(LOWER, "onlylower", S_IFREG | 0644, "lower only");
	put(UPPER, "onlyupper", S_IFREG | 0644, "upper only");
	put(LOWER, "llink", S_IFLNK | 0777, "lower-target");
	put(LOWER, "blink", S_IFLNK | 0777, "lower-both-target");
	put(UPPER, "blink", S_IFLNK | 0777, "upper-both-target");
	put(LOWER, "sub", S_IFDIR | 0755, NULL);
	put(UPPER, "sub", S_IFDIR | 0755, NULL);
	put(LOWER, "sub/l", S_IFREG | 0644, "lower sub");
	put(UPPER, "sub/u", S_IFREG | 0644, "upper sub");
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "s%02d", i);
		put(LOWER, name, S_IFREG | 0644, "lower s");
		put(UPPER, name, S_IFREG | 0644, "upper s");
	}
	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "l%02d", i);
		put(LOWER, name, S_IFREG | 0644, "lower l");
		snprintf(name, sizeof(name), "u%02d", i);
		put(UPPER, name, S_IFREG | 0644, "upper u");
	}
}

static int dir_union(FIXTURE_DATA(u) *self)
{
	dir_names();
	if (srv_start(LOWER, AT("d"), _RESMGR_FLAG_DIR) ||
	    srv_start(UPPER, AT("d"), _RESMGR_FLAG_DIR))
		return -1;
	reset_counts();
	return 0;
}

/*
 * The server a listed @name should come from: UPPER or LOWER, 0 if
 * neither has it, -1 for "." and ".." (either's).
 */
static int expected_owner(const char *name)
{
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -1;
	if (ino_of(UPPER, name))
		return UPPER;
	return ino_of(LOWER, name) ? LOWER : 0;
}

/* Names the union's root should list, "." and ".." included. */
static int expected_count(void)
{
	int i, n = 2;

	for (i = 1; i < NENT; i++) {
		const struct ent *e = &sh->m[LOWER].ent[i];

		if (e->mode && !strchr(e->name, '/') && !ino_of(UPPER, e->name))
			n++;
		e = &sh->m[UPPER].ent[i];
		if (e->mode && !strchr(e->name, '/'))
			n++;
	}
	return n;
}

/*
 * Check one listing: every name once, each from the member a lookup of
 * it reaches (its d_ino), and nothing else.
 */
static void check_listing(struct __test_metadata *_metadata, int n,
			 char names[][32], const ino_t *inos)
{
	int i, j, owner;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			EXPECT_STRNE(names[i], names[j]) TH_LOG("listed twice");
		owner = expected_owner(names[i]);
		EXPECT_NE(0, owner) TH_LOG("%s is nobody's", names[i]);
		if (owner > 0) {
			EXPECT_EQ(ino_of(owner, names[i]), inos[i])
				TH_LOG("%s: not the entry of server %d",
				       names[i], owner);
		}
	}
	EXPECT_EQ(expected_count(), n);
}

TEST_F(u, dir_open_reaches_the_member_that_has_the_name)
{
	ASSERT_EQ(0, dir_union(self));
	EXPECT_STREQ("upper both", content(AT("d/both")));
	EXPECT_STREQ("upper only", content(AT("d/onlyupper")));
	EXPECT_STREQ("lower only", content(AT("d/onlylower")));
	EXPECT_STREQ("21", asked('o', "onlylower"));
	EXPECT_STREQ("2", asked('o', "both"));
	EXPECT_EQ(0, asks_to(LOWER, "both"));
	/* In a directory both have, each one's own names. */
	EXPECT_STREQ("lower sub", content(AT("d/sub/l")));
	EXPECT_STREQ("upper sub", content(AT("d/sub/u")));
	EXPECT_STREQ("ENOENT", content(AT("d/none")));
	EXPECT_STREQ("ENOENT", content(AT("d/sub/none")));
	EXPECT_STREQ("21", asked('o', "none"));
}

TEST_F(u, dir_stat_and_readlink_route_like_open)
{
	char buf[64] = "";
	struct stat st;

	ASSERT_EQ(0, dir_union(self));
	ASSERT_EQ(0, stat(AT("d/onlylower"), &st));
	EXPECT_EQ(ino_of(LOWER, "onlylower"), st.st_ino);
	EXPECT_EQ(strlen("lower only"), st.st_size);
	ASSERT_EQ(0, stat(AT("d/both"), &st));
	EXPECT_EQ(ino_of(UPPER, "both"), st.st_ino);
	ASSERT_EQ(0, stat(AT("d/onlyupper"), &st));
	EXPECT_EQ(ino_of(UPPER, "onlyupper"), st.st_ino);
	ASSERT_EQ(0, stat(AT("d/sub/l"), &st));
	EXPECT_EQ(ino_of(LOWER, "sub/l"), st.st_ino);
	EXPECT_EQ(-1, stat(AT("d/none"), &st));
	EXPECT_EQ(ENOENT, errno);

	ASSERT_EQ(0, lstat(AT("d/llink"), &st));
	EXPECT_TRUE(S_ISLNK(st.st_mode));
	EXPECT_EQ(12, readlink(AT("d/llink"), buf, sizeof(buf) - 1));
	EXPECT_STREQ("lower-target", buf);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(17, readlink(AT("d/blink"), buf, sizeof(buf) - 1));
	EXPECT_STREQ("upper-both-target", buf);
	EXPECT_EQ(0, asks_to(LOWER, "blink"));
	EXPECT_STREQ("21", asked('r', "llink"));
}

/* Unlink goes where open goes: the upper's name first, then the lower's shows. */
TEST_F(u, dir_unlink_routes_like_open)
{
	struct stat st;

	ASSERT_EQ(0, dir_union(self));
	ASSERT_EQ(0, unlink(AT("d/onlylower")));
	EXPECT_STREQ("21", asked('u', "onlylower"));
	EXPECT_EQ(0, ino_of(LOWER, "onlylower"));
	EXPECT_EQ(-1, stat(AT("d/onlylower"), &st));
	EXPECT_EQ(ENOENT, errno);

	ASSERT_EQ(0, unlink(AT("d/both")));
	EXPECT_EQ(0, ino_of(UPPER, "both"));
	EXPECT_NE(0, ino_of(LOWER, "both"));
	EXPECT_STREQ("lower both", content(AT("d/both")));
	ASSERT_EQ(0, unlink(AT("d/both")));
	EXPECT_EQ(0, ino_of(LOWER, "both"));
	EXPECT_EQ(-1, unlink(AT("d/both")));
	EXPECT_EQ(ENOENT, errno);
}

/* The names in directory @path as readdir(3) gives them; their count. */
static int readdir_all(const char *path, char names[][32], ino_t *inos, int max)
{
	struct dirent *de;
	DIR *d = opendir(path);
	int n = 0;

	if (!d)
		return -errno;
	while (n < max && (de = readdir(d))) {
		snprintf(names[n], 32, "%.31s", de->d_name);
		inos[n++] = de->d_ino;
	}
	closedir(d);
	return n;
}

static void sort_names(char names[][32], int n)
{
	char tmp[32];
	int i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(names[i], names[j]) > 0) {
				memcpy(tmp, names[i], 32);
				memcpy(names[i], names[j], 32);
				memcpy(names[j], tmp, 32);
			}
}

TEST_F(u, dir_readdir_lists_each_name_once)
{
	char names[2 * NENT + 4][32];
	ino_t inos[2 * NENT + 4];
	int n;

	ASSERT_EQ(0, dir_union(self));
	n = readdir_all(AT("d"), names, inos, 2 * NENT + 4);
	ASSERT_LT(0, n);
	check_listing(_metadata, n, names, inos);

	/* A name removed from the upper is listed from the lower. */
	ASSERT_EQ(0, unlink(AT("d/s03")));
	n = readdir_all(AT("d"), names, inos, 2 * NENT + 4);
	ASSERT_LT(0, n);
	check_listing(_metadata, n, names, inos);
}

/* getdents64(2) with room for one entry at a time. */
TEST_F(u, dir_readdir_with_a_small_buffer)
{
	char names[2 * NENT + 4][32], buf[40] __attribute__((aligned(8)));
	ino_t inos[2 * NENT + 4];
	int fd, n = 0, calls = 0;
	long got, off;

	ASSERT_EQ(0, dir_union(self));
	fd = open(AT("d"), O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	while ((got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		calls++;
		for (off = 0; off < got; ) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *de = (void *)(buf + off);

			ASSERT_GT(2 * NENT + 4, n);
			snprintf(names[n], 32, "%.31s", de->name);
			inos[n++] = de->ino;
			off += de->reclen;
		}
	}
	EXPECT_EQ(0, got);
	close(fd);
	EXPECT_EQ(n, calls);
	check_listing(_metadata, n, names, inos);
}

/* telldir() positions, the lower's part included, lead back to their entry. */
TEST_F(u, dir_seekdir_back_into_the_lower_part)
{
	char names[2 * NENT + 4][32];
	long pos[2 * NENT + 4];
	struct dirent *de;
	int n = 0, i, first_lower = -1;
	DIR *d;

	ASSERT_EQ(0, dir_union(self));
	d = opendir(AT("d"));
	ASSERT_NE(NULL, d);
	for (;;) {
		ASSERT_GT(2 * NENT + 4, n);
		pos[n] = telldir(d);
		de = readdir(d);
		if (!de)
			break;
		snprintf(names[n], 32, "%.31s", de->d_name);
		if (first_lower < 0 && expected_owner(names[n]) == LOWER)
			first_lower = n;
		n++;
	}
	EXPECT_EQ(expected_count(), n);
	ASSERT_LE(0, first_lower);
	/* Every position, backwards, then forwards from the lower's first. */
	for (i = n - 1; i >= 0; i--) {
		seekdir(d, pos[i]);
		de = readdir(d);
		ASSERT_NE(NULL, de) TH_LOG("position %d (%s)", i, names[i]);
		EXPECT_STREQ(names[i], de->d_name);
	}
	seekdir(d, pos[first_lower]);
	for (i = first_lower; i < n; i++) {
		de = readdir(d);
		ASSERT_NE(NULL, de) TH_LOG("ended before %s", names[i]);
		EXPECT_STREQ(names[i], de->d_name);
	}
	EXPECT_EQ(NULL, readdir(d));
	rewinddir(d);
	de = readdir(d);
	ASSERT_NE(NULL, de);
	EXPECT_STREQ(names[0], de->d_name);
	closedir(d);
}

/* A directory both members have lists both members' names in it. */
TEST_F(u, dir_subdirectory_lists_both_members)
{
	char names[8][32];
	ino_t inos[8];

	ASSERT_EQ(0, dir_union(self));
	ASSERT_EQ(4, readdir_all(AT("d/sub"), names, inos, 8));
	sort_names(names, 4);
	EXPECT_STREQ(".", names[0]);
	EXPECT_STREQ("..", names[1]);
	EXPECT_STREQ("l", names[2]);
	EXPECT_STREQ("u", names[3]);
}

/*
 * A member's cookies must leave the kernel room to say which member a
 * union position is in: larger ones end the listing with an error, after
 * the members before it, never with a wrong or endless one.
 */
TEST_F(u, dir_member_cookies_too_large_for_a_union_fail)
{
	char names[2 * NENT + 4][32];
	struct dirent *de;
	int n = 0, i;
	DIR *d;

	sh->m[LOWER].cookie_base = 1LL << 60;
	ASSERT_EQ(0, dir_union(self));
	d = opendir(AT("d"));
	ASSERT_NE(NULL, d);
	errno = 0;
	while (n < 2 * NENT + 4 && (de = readdir(d)))
		snprintf(names[n++], 32, "%.31s", de->d_name);
	EXPECT_EQ(EOVERFLOW, errno);
	closedir(d);
	/* The upper's names came ("." and ".." too), none of the lower's. */
	for (i = 0; i < n; i++)
		if (strcmp(names[i], ".") && strcmp(names[i], ".."))
			EXPECT_NE(0, ino_of(UPPER, names[i])) TH_LOG("%s", names[i]);
	EXPECT_EQ(2 + 26, n);
}

/* ------------------------------------------------- 4: nested prefixes */

#define OUTER	3
#define INNER	4
#define INNER2	5	/* attached before INNER at the same path */

/*
 * OUTER at X has "sub" and names in it; INNER at X/sub has its own
 * names; with @inner2, INNER2 at X/sub too (attached first) has others.
 */
static int nested(FIXTURE_DATA(u) *self, unsigned int inner_flags, bool inner2)
{
	put_root(INNER2);
	put(INNER2, "onlyinner2", S_IFREG | 0644, "inner2 data");
	put_root(OUTER);
	put(OUTER, "sub", S_IFDIR | 0755, NULL);
	put(OUTER, "sub/onlyouter", S_IFREG | 0644, "outer data");
	put(OUTER, "sub/both", S_IFREG | 0644, "outer both");
	put_root(INNER);
	put(INNER, "onlyinner", S_IFREG | 0644, "inner data");
	put(INNER, "both", S_IFREG | 0644, "inner both");
	if (srv_start(OUTER, AT("X"), _RESMGR_FLAG_DIR) ||
	    (inner2 && srv_start(INNER2, AT("X/sub"), _RESMGR_FLAG_DIR)) ||
	    srv_start(INNER, AT("X/sub"), _RESMGR_FLAG_DIR | inner_flags))
		return -1;
	reset_counts();
	return 0;
}

TEST_F(u, nested_prefix_falls_through_to_the_outer)
{
	struct stat st;

	ASSERT_EQ(0, nested(self, 0, false));
	EXPECT_STREQ("inner data", content(AT("X/sub/onlyinner")));
	EXPECT_STREQ("inner both", content(AT("X/sub/both")));
	EXPECT_EQ(0, asks_to(OUTER, "sub/onlyinner"));
	EXPECT_EQ(0, asks_to(OUTER, "sub/both"));
	reset_counts();
	EXPECT_STREQ("outer data", content(AT("X/sub/onlyouter")));
	/* Asked in this order, each with the path the name has there. */
	EXPECT_STREQ("4:onlyouter 3:sub/onlyouter", trace('o'));
	EXPECT_EQ(1, sh->m[OUTER].reads);

	ASSERT_EQ(0, stat(AT("X/sub/onlyouter"), &st));
	EXPECT_EQ(ino_of(OUTER, "sub/onlyouter"), st.st_ino);
	EXPECT_STREQ("ENOENT", content(AT("X/sub/none")));
	EXPECT_LT(0, asks_to(OUTER, "sub/none"));
}

/*
 * An opaque member stops the walk at its union: the other members of
 * that union are still asked (the plain INNER2 below it), the outer
 * prefix never.
 */
TEST_F(u, opaque_inner_prefix_hides_the_outer)
{
	struct stat st;

	ASSERT_EQ(0, nested(self, _RESMGR_FLAG_OPAQUE, true));
	EXPECT_STREQ("inner data", content(AT("X/sub/onlyinner")));
	EXPECT_STREQ("inner2 data", content(AT("X/sub/onlyinner2")));
	reset_counts();
	EXPECT_STREQ("ENOENT", content(AT("X/sub/onlyouter")));
	EXPECT_STREQ("4:onlyouter 5:onlyouter", trace('o'));
	EXPECT_EQ(-1, stat(AT("X/sub/onlyouter"), &st));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, asks_to(OUTER, "sub/onlyouter"));
	EXPECT_EQ(0, sh->m[OUTER].opens);
}

/* Opaque or not is the member's own: a plain one below it does not hide. */
TEST_F(u, plain_inner_members_let_the_walk_go_outwards)
{
	ASSERT_EQ(0, nested(self, 0, true));
	EXPECT_STREQ("outer data", content(AT("X/sub/onlyouter")));
	EXPECT_STREQ("inner2 data", content(AT("X/sub/onlyinner2")));
	reset_counts();
	EXPECT_STREQ("ENOENT", content(AT("X/sub/none")));
	EXPECT_STREQ("4:none 5:none 3:sub/none", trace('o'));
}

/* A single name inside a directory prefix passes to it the same way. */
TEST_F(u, nested_name_falls_through_to_the_outer)
{
	put_root(OUTER);
	put(OUTER, "dev", S_IFREG | 0644, "outer dev");
	put_node(INNER, "inner dev");
	ASSERT_EQ(0, srv_start(OUTER, AT("X"), _RESMGR_FLAG_DIR));
	ASSERT_EQ(0, srv_start(INNER, AT("X/dev"), 0));
	EXPECT_STREQ("inner dev", content(AT("X/dev")));
	sh->m[INNER].answer = ENOENT;
	reset_counts();
	EXPECT_STREQ("outer dev", content(AT("X/dev")));
	EXPECT_STREQ("4: 3:dev", trace('o'));
	sh->m[INNER].answer = EACCES;
	reset_counts();
	EXPECT_EQ(-1, open(AT("X/dev"), O_RDONLY));
	EXPECT_EQ(EACCES, errno);
	EXPECT_STREQ("4:", trace('o'));
}

/* A listing of the inner prefix shows the names a lookup would find outside. */
TEST_F(u, nested_readdir_lists_the_outer_names_too)
{
	char names[8][32];
	ino_t inos[8];
	int n, i;

	ASSERT_EQ(0, nested(self, 0, false));
	n = readdir_all(AT("X/sub"), names, inos, 8);
	ASSERT_EQ(5, n);
	for (i = 0; i < n; i++) {
		if (!strcmp(names[i], "both")) {
			EXPECT_EQ(ino_of(INNER, "both"), inos[i]);
		} else if (!strcmp(names[i], "onlyouter")) {
			EXPECT_EQ(ino_of(OUTER, "sub/onlyouter"), inos[i]);
		}
	}
	sort_names(names, n);
	EXPECT_STREQ(".", names[0]);
	EXPECT_STREQ("..", names[1]);
	EXPECT_STREQ("both", names[2]);
	EXPECT_STREQ("onlyinner", names[3]);
	EXPECT_STREQ("onlyouter", names[4]);
}

TEST_F(u, nested_readdir_under_an_opaque_prefix_lists_only_inside)
{
	char names[8][32];
	ino_t inos[8];
	int n;

	ASSERT_EQ(0, nested(self, _RESMGR_FLAG_OPAQUE, false));
	n = readdir_all(AT("X/sub"), names, inos, 8);
	ASSERT_EQ(4, n);
	sort_names(names, n);
	EXPECT_STREQ("both", names[2]);
	EXPECT_STREQ("onlyinner", names[3]);
}

/* ---------------------------------------------------- 5: member death */

/*
 * A client's open of the upper keeps its mount (a dead server's mount
 * goes only when unused), yet new opens reach the lower at once.
 */
TEST_F(u, dead_upper_member_leaves_the_lower_serving)
{
	const char *dev = AT("dev");
	struct stat st;
	char buf[8];
	int fd;

	ASSERT_EQ(0, two_nodes(dev));
	EXPECT_STREQ("later", content(dev));
	EXPECT_EQ(2, mounts_at(dev));
	fd = open(dev, O_RDONLY);
	ASSERT_LE(0, fd);
	srv_kill(2);
	EXPECT_STREQ("earlier", content(dev));
	EXPECT_EQ(0, stat(dev, &st));
	/* The open the dead one granted fails clearly. */
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(ENOTCONN, errno);
	close(fd);
	srv_kill(1);
	EXPECT_TRUE(wait_unmounted(dev, true))
		TH_LOG("%s", leftover(dev));
}

TEST_F(u, dead_lower_member_is_skipped)
{
	ASSERT_EQ(0, dir_union(self));
	EXPECT_STREQ("lower only", content(AT("d/onlylower")));
	srv_kill(LOWER);
	EXPECT_STREQ("upper both", content(AT("d/both")));
	EXPECT_STREQ("upper only", content(AT("d/onlyupper")));
	/* Skipped, not ENOTCONN. */
	EXPECT_STREQ("ENOENT", content(AT("d/onlylower")));
	srv_kill(UPPER);
	EXPECT_TRUE(wait_unmounted(AT("d"), true))
		TH_LOG("%s", leftover(AT("d")));
}

/* --------------------------------------------------------- 6: detach */

TEST_F(u, detached_lower_member_is_skipped_and_upper_stays)
{
	ASSERT_EQ(0, dir_union(self));
	ASSERT_EQ(0, srv_detach(LOWER));
	reset_counts();
	EXPECT_STREQ("upper only", content(AT("d/onlyupper")));
	EXPECT_STREQ("upper both", content(AT("d/both")));
	EXPECT_STREQ("ENOENT", content(AT("d/onlylower")));
	EXPECT_EQ(0, asks_to(LOWER, "onlylower"));
	EXPECT_LE(1, mounts_at(AT("d")));
	ASSERT_EQ(0, srv_detach(UPPER));
	EXPECT_TRUE(wait_unmounted(AT("d"), true))
		TH_LOG("%s", leftover(AT("d")));
}

TEST_F(u, detached_upper_member_uncovers_the_lower)
{
	ASSERT_EQ(0, dir_union(self));
	EXPECT_STREQ("lower only", content(AT("d/onlylower")));
	ASSERT_EQ(0, srv_detach(UPPER));
	EXPECT_STREQ("lower both", content(AT("d/both")));
	EXPECT_STREQ("lower only", content(AT("d/onlylower")));
	EXPECT_STREQ("ENOENT", content(AT("d/onlyupper")));
	EXPECT_EQ(1, mounts_at(AT("d")));
	ASSERT_EQ(0, srv_detach(LOWER));
	EXPECT_TRUE(wait_unmounted(AT("d"), true))
		TH_LOG("%s", leftover(AT("d")));
}

/* Over a directory that existed: afterwards it is there as it was. */
TEST_F(u, detaching_both_restores_what_was_there)
{
	const char *d = AT("d");
	char real[128];
	struct stat st;
	int fd;

	ASSERT_EQ(0, mkdir(d, 0755));
	snprintf(real, sizeof(real), "%s/real", d);
	fd = open(real, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(4, write(fd, "real", 4));
	close(fd);
	ASSERT_EQ(0, dir_union(self));
	EXPECT_STREQ("ENOENT", content(real));
	ASSERT_EQ(0, srv_detach(LOWER));
	EXPECT_STREQ("upper only", content(AT("d/onlyupper")));
	ASSERT_EQ(0, srv_detach(UPPER));
	EXPECT_TRUE(wait_unmounted(d, false))
		TH_LOG("%s", leftover(d));
	ASSERT_EQ(0, stat(d, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_STREQ("real", content(real));
}

/* ----------------------------------------------- 7: permission checks */

TEST_F(u, access_denied_by_a_member_ends_the_walk)
{
	dir_names();
	put(UPPER, "secret", S_IFREG | 0600, "upper secret");
	put(LOWER, "secret", S_IFREG | 0644, "lower secret");
	ASSERT_EQ(0, srv_start(LOWER, AT("d"), _RESMGR_FLAG_DIR));
	ASSERT_EQ(0, srv_start(UPPER, AT("d"), _RESMGR_FLAG_DIR));
	reset_counts();
	EXPECT_EQ(-EACCES, slurp_as_nobody(AT("d/secret")));
	EXPECT_LT(0, asks_to(UPPER, "secret"));
	EXPECT_EQ(0, asks_to(LOWER, "secret"));
	/* A name only the lower has passes the upper for nobody too. */
	EXPECT_EQ(0, slurp_as_nobody(AT("d/onlylower")));
	EXPECT_STREQ("lower only", sh->client_buf);
	/* And root is let in by the upper. */
	EXPECT_STREQ("upper secret", content(AT("d/secret")));
}

/* ------------------------------------- 8: an open stays with its member */

TEST_F(u, open_file_talks_to_the_member_that_granted_it)
{
	char buf[64] = "";
	struct stat st;
	int fd;

	ASSERT_EQ(0, dir_union(self));
	fd = open(AT("d/onlylower"), O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, sh->m[LOWER].opens);
	EXPECT_EQ(0, sh->m[UPPER].opens);
	EXPECT_EQ(5, read(fd, buf, 5));
	EXPECT_STREQ("lower", buf);
	EXPECT_EQ(3, pwrite(fd, "LOW", 3, 0));
	EXPECT_STREQ("LOWer only", data_of(LOWER, "onlylower"));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(ino_of(LOWER, "onlylower"), st.st_ino);
	EXPECT_EQ(1, sh->m[LOWER].stats);

	/* The upper gets the same name now: the open still goes to the lower. */
	put(UPPER, "onlylower", S_IFREG | 0644, "upper now");
	EXPECT_STREQ("upper now", content(AT("d/onlylower")));
	reset_counts();
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(5, pread(fd, buf, 5, 5));
	EXPECT_STREQ(" only", buf);
	EXPECT_EQ(2, write(fd, "!!", 2));
	EXPECT_EQ(1, sh->m[LOWER].reads);
	EXPECT_EQ(1, sh->m[LOWER].writes);
	EXPECT_EQ(0, sh->m[UPPER].reads);
	EXPECT_EQ(0, sh->m[UPPER].writes);
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(ino_of(LOWER, "onlylower"), st.st_ino);
	EXPECT_EQ(0, sh->m[UPPER].stats);
	close(fd);
}

TEST_HARNESS_MAIN
