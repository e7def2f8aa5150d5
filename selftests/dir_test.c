// SPDX-License-Identifier: GPL-2.0
/*
 * Directory prefixes: the server resolves whole paths, one message per
 * operation.  A raw-protocol server serves a small in-memory tree.
 */
#include <dirent.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include "kselftest_harness.h"
#include "raw_server.h"

#define NODES	64
#define BIG	300	/* entries of "big": several READs */

struct node {
	char path[256];
	uint32_t mode;
	uint32_t uid;
	char data[256];		/* file content or link target */
};

struct tree {
	struct node n[NODES];
	volatile int ops[RESMGR_OP_MAX + 1];
	char last_path[RESMGR_OP_MAX + 1][512];
	char last_extra[RESMGR_OP_MAX + 1][512];
	struct resmgr_connect_in last_c[RESMGR_OP_MAX + 1];
	long long off[NODES];
	unsigned char combine_body[64];	/* io_extra + body of the last */
	uint32_t mknod_rdev;
};

static struct tree *T;

static struct node *find(const char *path)
{
	int i;

	for (i = 0; i < NODES; i++)
		if (T->n[i].mode && !strcmp(T->n[i].path, path))
			return &T->n[i];
	return NULL;
}

static struct node *add(const char *path, uint32_t mode, const char *data)
{
	int i;

	for (i = 0; i < NODES; i++)
		if (!T->n[i].mode) {
			snprintf(T->n[i].path, sizeof(T->n[i].path), "%s", path);
			snprintf(T->n[i].data, sizeof(T->n[i].data), "%s", data);
			T->n[i].mode = mode;
			T->n[i].uid = 0;
			return &T->n[i];
		}
	return NULL;
}

/*
 * Resolve @path: 0 and *np, an errno, or -1 for a symbolic link in the
 * middle (or at the end when @follow).  "deep/..." is dirs all the way.
 */
static int resolve(const char *path, bool follow, struct node **np)
{
	static struct node deep = { .mode = S_IFDIR | 0755 };
	char pre[512];
	const char *p = path;

	if (!strncmp(path, "deep", 4) && (!path[4] || path[4] == '/')) {
		*np = &deep;
		return 0;
	}
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		struct node *n;

		snprintf(pre, sizeof(pre), "%.*s", (int)len, path);
		n = find(pre);
		if (!n)
			return ENOENT;
		if (S_ISLNK(n->mode) && (slash || follow))
			return -1;
		if (!slash) {
			*np = n;
			return 0;
		}
		if (!S_ISDIR(n->mode))
			return ENOTDIR;
		p = slash + 1;
	}
}

static bool handler(struct raw_srv *srv, int chan, struct resmgr_in_header *ih,
		    int n, struct raw_reply *r, struct iovec *iov, int *iovcnt)
{
	static char buf[8192];
	struct resmgr_connect_in *c = (void *)(ih + 1);
	const char *path = (const char *)(c + 1) + c->ngroups * 4;
	const char *extra = path + ((c->ngroups * 4 + c->path_len + 7) & ~7) -
			    c->ngroups * 4;
	struct node *nd = NULL;
	int err;

	if (ih->opcode >= RESMGR_OP_CLOSE_OCB)
		return false;
	T->ops[ih->opcode]++;
	if (ih->opcode == RESMGR_OP_READ && ih->ocb && ih->ocb <= NODES) {
		/* A file: its data, from the open's own offset. */
		struct resmgr_rw_in *rw = (void *)(ih + 1);
		struct node *f = &T->n[ih->ocb - 1];
		long long *o = &T->off[ih->ocb - 1];
		long long pos = rw->xtype == RESMGR_XTYPE_OFFSET ? rw->offset : *o;
		long long len = strlen(f->data);
		long long cnt = pos < len ? len - pos : 0;

		if (cnt > rw->nbytes)
			cnt = rw->nbytes;
		iov[1].iov_base = f->data + pos;
		iov[1].iov_len = cnt;
		*iovcnt = 2;
		r->oh.status = cnt;
		r->oh.len = sizeof(r->oh) + cnt;
		if (rw->xtype != RESMGR_XTYPE_OFFSET) {
			*o = pos + cnt;
			r->oh.flags = RESMGR_OUT_F_OFFSET;
			r->oh.offset = *o;
		}
		return true;
	}
	if (ih->opcode >= RESMGR_OP_READ) {
		if (ih->opcode != RESMGR_OP_READ || ih->ocb < 1000)
			return false;
		/* A directory READ: ocb 1000 + node, offset = entry index. */
		struct resmgr_rw_in *rw = (void *)(ih + 1);
		struct node *d = &T->n[ih->ocb - 1000];
		size_t off = 0;
		long long i = rw->offset, k = 0;

		for (;; i++) {
			struct resmgr_dirent *e = (void *)(buf + off);
			char name[256];
			int j;

			if (!strcmp(d->path, "big")) {
				if (i >= BIG)
					break;
				snprintf(name, sizeof(name), "e%03lld", i);
			} else if (!strcmp(d->path, "bad")) {
				if (i >= 1)
					break;
				strcpy(name, "x/y");
			} else {
				size_t pl = strlen(d->path);

				for (j = 0, k = 0; j < NODES; j++) {
					struct node *c2 = &T->n[j];
					const char *rest = c2->path + (pl ? pl + 1 : 0);

					if (!c2->mode || !c2->path[0] ||
					    (pl && (strncmp(c2->path, d->path, pl) ||
						    c2->path[pl] != '/')) ||
					    strchr(rest, '/'))
						continue;
					if (k++ == i)
						break;
				}
				if (j == NODES)
					break;
				snprintf(name, sizeof(name), "%s",
					 T->n[j].path + (pl ? pl + 1 : 0));
			}
			size_t rl = (sizeof(*e) + strlen(name) + 1 + 7) & ~7;

			if (off + rl > rw->nbytes)
				break;
			memset(e, 0, rl);
			e->next = i + 1;
			e->reclen = rl;
			e->namelen = strlen(name);
			e->type = DT_UNKNOWN;
			memcpy(e + 1, name, e->namelen);
			off += rl;
		}
		iov[1].iov_base = buf;
		iov[1].iov_len = off;
		*iovcnt = 2;
		r->oh.status = off;
		r->oh.len = sizeof(r->oh) + off;
		return true;
	}

	snprintf(T->last_path[ih->opcode], 512, "%s", path);
	if (c->extra_len)
		snprintf(T->last_extra[ih->opcode], 512, "%s", extra);
	T->last_c[ih->opcode] = *c;
	err = resolve(path, ih->opcode == RESMGR_OP_OPEN &&
		      !(c->ioflag & O_NOFOLLOW), &nd);
	if (err < 0) {
		r->oh.flags = RESMGR_OUT_F_SYMLINK;
		return true;
	}
	switch (ih->opcode) {
	case RESMGR_OP_OPEN:
		if (err == ENOENT && c->ioflag & O_CREAT) {
			nd = add(path, S_IFREG | (c->mode & 0777), "");
			err = 0;
		} else if (!err && (c->ioflag & (O_CREAT | O_EXCL)) ==
			   (O_CREAT | O_EXCL)) {
			err = EEXIST;
		}
		if (err)
			break;
		r->body.open.ocb = S_ISDIR(nd->mode) ? 1000 + (nd - T->n) :
				   nd - T->n + 1;
		r->body.open.mode = nd->mode;
		T->off[nd - T->n] = 0;
		iov[0].iov_len = r->oh.len = sizeof(r->oh) + sizeof(r->body.open);
		return true;
	case RESMGR_OP_STAT_PATH:
		if (err)
			break;
		r->body.stat.mode = nd->mode;
		r->body.stat.uid = nd->uid;
		r->body.stat.nlink = 1;
		r->body.stat.size = strlen(nd->data);
		iov[0].iov_len = r->oh.len = sizeof(r->oh) + sizeof(r->body.stat);
		return true;
	case RESMGR_OP_READLINK:
		if (!err && !S_ISLNK(nd->mode))
			err = EINVAL;
		if (err)
			break;
		iov[1].iov_base = nd->data;
		iov[1].iov_len = strlen(nd->data);
		r->oh.status = iov[1].iov_len;
		r->oh.len = sizeof(r->oh) + iov[1].iov_len;
		*iovcnt = 2;
		return true;
	case RESMGR_OP_MKNOD:
		if (c->extra_type == RESMGR_EXTRA_MKNOD)
			T->mknod_rdev = ((struct resmgr_mknod_extra *)extra)->rdev;
		if (!err)
			err = EEXIST;
		else if (err == ENOENT && add(path, c->mode, ""))
			err = 0;
		break;
	case RESMGR_OP_UNLINK:
		if (!err)
			nd->mode = 0;
		break;
	case RESMGR_OP_RENAME:
		if (resolve(extra, false, &nd) == 0)
			snprintf(nd->path, sizeof(nd->path), "%s", path);
		err = nd ? 0 : ENOENT;
		break;
	case RESMGR_OP_LINK:
		if (!err)
			err = EEXIST;
		else if (c->extra_type == RESMGR_EXTRA_SYMLINK)
			err = add(path, S_IFLNK | 0777, extra) ? 0 : ENOSPC;
		else if (resolve(extra, false, &nd) == 0)
			err = add(path, nd->mode, nd->data) ? 0 : ENOSPC;
		break;
	case RESMGR_OP_COMBINE:
		if (!err)
			memcpy(T->combine_body, extra, sizeof(T->combine_body));
		break;
	default:
		err = ENOSYS;
	}
	r->oh.error = err;
	return true;
}

FIXTURE(dir) {
	struct raw_srv srv;
	char p[128];
};

FIXTURE_SETUP(dir)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	T = mmap(NULL, sizeof(*T), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, T);
	memset(T, 0, sizeof(*T));
	add("", S_IFDIR | 0755, "");
	add("d1", S_IFDIR | 0755, "");
	add("d1/d2", S_IFDIR | 0755, "");
	add("d1/d2/d3", S_IFDIR | 0755, "");
	add("d1/d2/d3/f", S_IFREG | 0644, "hello");
	add("file", S_IFREG | 0644, "data");
	add("priv", S_IFREG | 0600, "secret");
	add("lnk", S_IFLNK | 0777, "d1");
	add("loop1", S_IFLNK | 0777, "loop2");
	add("loop2", S_IFLNK | 0777, "loop1");
	add("big", S_IFDIR | 0755, "");
	add("bad", S_IFDIR | 0755, "");
	snprintf(self->p, sizeof(self->p), "/tmp/dirt-%d", getpid());
	memset(&self->srv, 0, sizeof(self->srv));
	self->srv.handler = handler;
	self->srv.attach_mode = S_IFDIR | 0755;
	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	umask(0);
}

FIXTURE_TEARDOWN(dir)
{
	raw_stop(&self->srv);
}

static void reset(void)
{
	memset((void *)T->ops, 0, sizeof(T->ops));
}

static char *at(FIXTURE_DATA(dir) *self, const char *rel)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", self->p, rel);
	return buf[k];
}

TEST_F(dir, one_open_per_open_of_a_deep_path)
{
	char b[16] = {};
	int fd;

	reset();
	fd = open(at(self, "d1/d2/d3/f"), O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, T->ops[RESMGR_OP_OPEN]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_STREQ("d1/d2/d3/f", T->last_path[RESMGR_OP_OPEN]);
	EXPECT_EQ(5, read(fd, b, sizeof(b)));
	close(fd);
	/* Again: the cached dentries cost nothing either. */
	reset();
	fd = open(at(self, "d1/d2/d3/f"), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(1, T->ops[RESMGR_OP_OPEN]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
}

TEST_F(dir, flags_errors_and_eflag)
{
	struct stat st;
	int fd;

	reset();
	EXPECT_EQ(-1, open(at(self, "d1/none"), O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(1, T->ops[RESMGR_OP_OPEN]);
	fd = open(at(self, "d1/new"), O_CREAT | O_EXCL | O_WRONLY, 0640);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(O_CREAT | O_EXCL, T->last_c[RESMGR_OP_OPEN].ioflag &
		  (O_CREAT | O_EXCL));
	EXPECT_EQ(2, T->last_c[RESMGR_OP_OPEN].ioflag & 3);	/* write */
	EXPECT_EQ(0640, T->last_c[RESMGR_OP_OPEN].mode & 07777);
	EXPECT_EQ(-1, open(at(self, "d1/new"), O_CREAT | O_EXCL | O_WRONLY, 0640));
	EXPECT_EQ(EEXIST, errno);
	EXPECT_EQ(-1, open(at(self, "file/x"), O_RDONLY));
	EXPECT_EQ(ENOTDIR, errno);
	fd = open(at(self, "d1"), O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_STREQ("d1", T->last_path[RESMGR_OP_OPEN]);
	EXPECT_EQ(RESMGR_EFLAG_DIR, T->last_c[RESMGR_OP_OPEN].eflag);
	/* A trailing slash names a directory too. */
	fd = open(at(self, "d1/d2/d3/"), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_STREQ("d1/d2/d3", T->last_path[RESMGR_OP_OPEN]);
	EXPECT_EQ(RESMGR_EFLAG_DIR, T->last_c[RESMGR_OP_OPEN].eflag);
	EXPECT_EQ(-1, open(at(self, "file/"), O_RDONLY));
	EXPECT_EQ(ENOTDIR, errno);
	fd = open(at(self, "file"), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(0, T->last_c[RESMGR_OP_OPEN].eflag);
	ASSERT_EQ(0, stat(at(self, "d1/d2/d3/f"), &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(5, st.st_size);
	EXPECT_STREQ("d1/d2/d3/f", T->last_path[RESMGR_OP_STAT_PATH]);
	ASSERT_EQ(0, stat(at(self, "d1/d2/"), &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(-1, stat(at(self, "d1/gone"), &st));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(dir, readdir_across_reads_and_seek)
{
	int seen[BIG] = {}, n = 0, reads;
	struct dirent *de;
	long pos = -1;
	DIR *d;

	reset();
	d = opendir(at(self, "big"));
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		int i;

		ASSERT_EQ(1, sscanf(de->d_name, "e%d", &i));
		ASSERT_LT(i, BIG);
		seen[i]++;
		n++;
		if (i == 100)
			pos = telldir(d);
	}
	EXPECT_EQ(BIG, n);
	for (n = 0; n < BIG; n++)
		EXPECT_EQ(1, seen[n]);
	reads = T->ops[RESMGR_OP_READ];
	EXPECT_LE(3, reads);
	seekdir(d, pos);
	de = readdir(d);
	ASSERT_NE(NULL, de);
	EXPECT_STREQ("e101", de->d_name);
	rewinddir(d);
	de = readdir(d);
	ASSERT_NE(NULL, de);
	EXPECT_STREQ("e000", de->d_name);
	closedir(d);
	/* The root lists the tree's top level. */
	d = opendir(self->p);
	ASSERT_NE(NULL, d);
	n = 0;
	while ((de = readdir(d)))
		n += !strcmp(de->d_name, "d1") || !strcmp(de->d_name, "file");
	EXPECT_EQ(2, n);
	closedir(d);
}

/*
 * A directory open is an OCB like a file's: ioctl reaches the server as
 * DEVCTL, poll as NOTIFY and fsync as SYNC (a directory fsync after a
 * rename is common); reading the directory goes on after them.
 */
TEST_F(dir, directory_open_takes_devctl_poll_and_sync)
{
	struct pollfd pfd;
	struct dirent *de;
	int fd, v = 0, syncs;
	DIR *d;

	d = opendir(at(self, "big"));
	ASSERT_NE(NULL, d);
	de = readdir(d);
	ASSERT_NE(NULL, de);
	EXPECT_STREQ("e000", de->d_name);
	fd = dirfd(d);
	EXPECT_EQ(7, ioctl(fd, RAW_DCMD_GET, &v));
	EXPECT_EQ(42, v);
	syncs = self->srv.sh->ops[RESMGR_OP_SYNC];
	/* The raw server has no SYNC handler: ENOSYS, but it was asked. */
	EXPECT_EQ(-1, fsync(fd));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(syncs + 1, self->srv.sh->ops[RESMGR_OP_SYNC]);
	pfd.fd = fd;
	pfd.events = POLLOUT;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLOUT, pfd.revents);
	de = readdir(d);
	ASSERT_NE(NULL, de);
	EXPECT_STREQ("e001", de->d_name);
	closedir(d);
}

TEST_F(dir, bad_dirent_is_eio)
{
	char buf[4096];
	int fd = open(at(self, "bad"), O_RDONLY | O_DIRECTORY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, syscall(SYS_getdents64, fd, buf, sizeof(buf)));
	EXPECT_EQ(EIO, errno);
	close(fd);
}

TEST_F(dir, symlinks_are_followed_and_loops_fail)
{
	char b[16] = {};
	struct stat st;
	int fd, closes;

	fd = open(at(self, "lnk/d2/d3/f"), O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, read(fd, b, sizeof(b)));
	EXPECT_STREQ("hello", b);
	close(fd);
	EXPECT_STREQ("d1/d2/d3/f", T->last_path[RESMGR_OP_OPEN]);
	EXPECT_LE(1, T->ops[RESMGR_OP_READLINK]);
	EXPECT_EQ(-1, open(at(self, "loop1/x"), O_RDONLY));
	EXPECT_EQ(ELOOP, errno);
	/* A link at the end: followed, unless O_NOFOLLOW. */
	fd = open(at(self, "lnk"), O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	close(fd);
	EXPECT_STREQ("d1", T->last_path[RESMGR_OP_OPEN]);
	/* The server grants it as a link: ELOOP, and its OCB is ended. */
	closes = self->srv.sh->ops[RESMGR_OP_CLOSE_OCB];
	EXPECT_EQ(-1, open(at(self, "lnk"), O_RDONLY | O_NOFOLLOW));
	EXPECT_EQ(ELOOP, errno);
	EXPECT_EQ(closes + 1, raw_wait_count(&self->srv.sh->ops[RESMGR_OP_CLOSE_OCB],
					     closes + 1, 10));
	EXPECT_EQ(find("lnk") - T->n + 1,
		  self->srv.sh->last[RESMGR_OP_CLOSE_OCB].ih.ocb);
	ASSERT_EQ(0, lstat(at(self, "lnk"), &st));
	EXPECT_TRUE(S_ISLNK(st.st_mode));
	EXPECT_EQ(2, readlink(at(self, "lnk"), b, sizeof(b)));
	ASSERT_EQ(0, stat(at(self, "lnk"), &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
}

TEST_F(dir, connect_table)
{
	struct stat st;

	ASSERT_EQ(0, mkdir(at(self, "nd"), 0750));
	EXPECT_STREQ("nd", T->last_path[RESMGR_OP_MKNOD]);
	EXPECT_EQ(S_IFDIR | 0750, T->last_c[RESMGR_OP_MKNOD].mode);
	ASSERT_EQ(0, stat(at(self, "nd"), &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(-1, mkdir(at(self, "nd"), 0750));
	EXPECT_EQ(EEXIST, errno);
	ASSERT_EQ(0, mkfifo(at(self, "nd/fifo"), 0600));
	EXPECT_EQ(S_IFIFO | 0600, T->last_c[RESMGR_OP_MKNOD].mode);
	ASSERT_EQ(0, rename(at(self, "file"), at(self, "nd/file2")));
	EXPECT_STREQ("nd/file2", T->last_path[RESMGR_OP_RENAME]);
	EXPECT_STREQ("file", T->last_extra[RESMGR_OP_RENAME]);
	EXPECT_EQ(RESMGR_EXTRA_RENAME, T->last_c[RESMGR_OP_RENAME].extra_type);
	ASSERT_EQ(0, stat(at(self, "nd/file2"), &st));
	EXPECT_EQ(-1, stat(at(self, "file"), &st));
	ASSERT_EQ(0, symlink("../d1", at(self, "nd/sl")));
	EXPECT_STREQ("nd/sl", T->last_path[RESMGR_OP_LINK]);
	EXPECT_STREQ("../d1", T->last_extra[RESMGR_OP_LINK]);
	EXPECT_EQ(RESMGR_EXTRA_SYMLINK, T->last_c[RESMGR_OP_LINK].extra_type);
	ASSERT_EQ(0, stat(at(self, "nd/sl/d2"), &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	ASSERT_EQ(0, unlink(at(self, "nd/file2")));
	EXPECT_STREQ("nd/file2", T->last_path[RESMGR_OP_UNLINK]);
	EXPECT_EQ(0, T->last_c[RESMGR_OP_UNLINK].mode);
	ASSERT_EQ(0, unlink(at(self, "nd/sl")));
	ASSERT_EQ(0, unlink(at(self, "nd/fifo")));
	ASSERT_EQ(0, rmdir(at(self, "nd")));
	EXPECT_EQ(S_IFDIR, T->last_c[RESMGR_OP_UNLINK].mode);
	EXPECT_EQ(-1, stat(at(self, "nd"), &st));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(dir, more_connect_messages)
{
	struct resmgr_io_extra *x = (void *)T->combine_body;
	struct stat st;

	ASSERT_EQ(0, chmod(at(self, "d1/d2/d3/f"), 0600));
	EXPECT_STREQ("d1/d2/d3/f", T->last_path[RESMGR_OP_COMBINE]);
	EXPECT_EQ(RESMGR_OP_CHMOD, x->opcode);
	ASSERT_EQ(0, truncate(at(self, "d1/d2/d3/f"), 2));
	EXPECT_EQ(RESMGR_OP_SPACE, x->opcode);
	ASSERT_EQ(0, mknod(at(self, "d1/cdev"), S_IFCHR | 0600, makedev(1, 3)));
	EXPECT_EQ(S_IFCHR | 0600, T->last_c[RESMGR_OP_MKNOD].mode);
	EXPECT_EQ(RESMGR_EXTRA_MKNOD, T->last_c[RESMGR_OP_MKNOD].extra_type);
	EXPECT_EQ(0x103, T->mknod_rdev);	/* new_encode_dev(1, 3) */
	ASSERT_EQ(0, link(at(self, "d1/d2/d3/f"), at(self, "d1/hard")));
	EXPECT_STREQ("d1/hard", T->last_path[RESMGR_OP_LINK]);
	EXPECT_STREQ("d1/d2/d3/f", T->last_extra[RESMGR_OP_LINK]);
	EXPECT_EQ(RESMGR_EXTRA_LINK, T->last_c[RESMGR_OP_LINK].extra_type);
	ASSERT_EQ(0, stat(at(self, "d1/hard"), &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	/* rename(2) flags have no message to carry them. */
	EXPECT_EQ(-1, syscall(SYS_renameat2, AT_FDCWD, at(self, "d1/hard"),
			      AT_FDCWD, at(self, "d1/hard2"), 1 /* NOREPLACE */));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(dir, never_stale)
{
	struct stat st;
	struct node *n = find("file");
	int fd;

	ASSERT_EQ(0, stat(at(self, "file"), &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	fd = open(at(self, "file"), O_RDONLY);
	ASSERT_LE(0, fd);
	/* The server makes it a directory behind our back. */
	n->mode = S_IFDIR | 0755;
	ASSERT_EQ(0, stat(at(self, "file"), &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	close(fd);
	fd = open(at(self, "file"), O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	close(fd);
	/* ... and removes it. */
	n->mode = 0;
	EXPECT_EQ(-1, stat(at(self, "file"), &st));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, open(at(self, "file"), O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
	/* A name that did not exist appears. */
	ASSERT_NE(NULL, add("file", S_IFREG | 0644, "x"));
	ASSERT_EQ(0, stat(at(self, "file"), &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	fd = open(at(self, "file"), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
}

/*
 * fstat(2) of an open whose name is gone describes that open: STAT on its
 * OCB (the raw server's answer: ino 4242, mode 0640), never STAT_PATH of
 * a name that may now mean another file or none.
 */
TEST_F(dir, fstat_of_an_open_whose_name_is_gone_asks_the_open)
{
	struct raw_recorded *rec = &self->srv.sh->last[RESMGR_OP_STAT];
	uint64_t file_ocb = find("file") - T->n + 1;
	uint64_t big_ocb = 1000 + (find("big") - T->n);
	struct stat st;
	int fd, fd2, dfd;

	/* Unlinked while open. */
	fd = open(at(self, "file"), O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, unlink(at(self, "file")));
	reset();
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(1, T->ops[RESMGR_OP_STAT]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_EQ(file_ocb, rec->ih.ocb);
	EXPECT_EQ(4242, st.st_ino);
	EXPECT_EQ(S_IFREG | 0640, st.st_mode);
	close(fd);

	/* Renamed over while open: the name is the other file's now. */
	ASSERT_NE(NULL, add("file", S_IFREG | 0644, "data"));
	fd = open(at(self, "file"), O_RDONLY);
	ASSERT_LE(0, fd);
	fd2 = open(at(self, "file"), O_RDONLY);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, rename(at(self, "priv"), at(self, "file")));
	reset();
	ASSERT_EQ(0, fstat(fd2, &st));
	EXPECT_EQ(1, T->ops[RESMGR_OP_STAT]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_EQ(file_ocb, rec->ih.ocb);
	close(fd2);
	/* The other open of it is still asked, once the first is closed. */
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(2, T->ops[RESMGR_OP_STAT]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
	close(fd);

	/* A directory removed while open. */
	dfd = open(at(self, "big"), O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, dfd);
	ASSERT_EQ(0, rmdir(at(self, "big")));
	reset();
	ASSERT_EQ(0, fstat(dfd, &st));
	EXPECT_EQ(1, T->ops[RESMGR_OP_STAT]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_EQ(big_ocb, rec->ih.ocb);
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	close(dfd);
}

/* A renamed open keeps its name: its dentry moved with it. */
TEST_F(dir, fstat_of_a_renamed_open_asks_its_new_path)
{
	struct stat st;
	int fd;

	fd = open(at(self, "file"), O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rename(at(self, "file"), at(self, "moved")));
	reset();
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT]);
	EXPECT_EQ(1, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_STREQ("moved", T->last_path[RESMGR_OP_STAT_PATH]);
	EXPECT_EQ(S_IFREG | 0644, st.st_mode);
	close(fd);
}

/*
 * A removed working directory has no open to ask, and its path names
 * nothing of it any more: ENOENT, no message.
 */
TEST_F(dir, stat_of_a_removed_cwd_is_enoent)
{
	struct stat st;
	int here = open(".", O_RDONLY | O_DIRECTORY);

	ASSERT_LE(0, here);
	ASSERT_EQ(0, chdir(at(self, "big")));
	ASSERT_EQ(0, rmdir(at(self, "big")));
	reset();
	EXPECT_EQ(-1, stat(".", &st));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT]);
	ASSERT_EQ(0, fchdir(here));
	close(here);
	/* The attach point, a root, is never hashed, yet names itself. */
	ASSERT_EQ(0, stat(self->p, &st));
	EXPECT_EQ(1, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_TRUE(S_ISDIR(st.st_mode));
}

TEST_F(dir, dotdot_leaves_the_prefix)
{
	struct stat a, b;

	ASSERT_EQ(0, stat(at(self, "d1/d2/../../.."), &a));
	ASSERT_EQ(0, stat("/tmp", &b));
	EXPECT_EQ(b.st_ino, a.st_ino);
	EXPECT_EQ(b.st_dev, a.st_dev);
}

TEST_F(dir, path_too_long)
{
	char comp[201];
	int i, fd;

	memset(comp, 'a', 200);
	comp[200] = 0;
	fd = open(".", O_RDONLY | O_DIRECTORY);
	ASSERT_EQ(0, chdir(at(self, "deep")));
	/* 21 components of 201 bytes: past RESMGR_PATH_MAX in the prefix. */
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, chdir(comp));
	EXPECT_EQ(-1, open(comp, O_RDONLY));
	EXPECT_EQ(ENAMETOOLONG, errno);
	ASSERT_EQ(0, fchdir(fd));
	close(fd);
}

TEST_F(dir, access_as_another_user)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct stat st;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		if (access(at(self, "priv"), R_OK) != -1 || errno != EACCES)
			_exit(3);
		if (access(at(self, "d1/d2/d3/f"), R_OK))
			_exit(4);
		if (access(at(self, "d1/d2/d3/f"), W_OK) != -1)
			_exit(5);
		if (stat(at(self, "priv"), &st) || (st.st_mode & 0777) != 0600)
			_exit(6);
		if (chdir(at(self, "d1/d2")))
			_exit(7);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* What a raw server recorded as the path of its latest @op. */
static const char *recorded_path(struct raw_srv *srv, int op)
{
	struct resmgr_connect_in *c = (void *)srv->sh->last[op].body;

	return (const char *)(c + 1) + c->ngroups * 4;
}

TEST_F(dir, longest_prefix_wins)
{
	struct raw_srv inner = { .attach_mode = S_IFDIR | 0755 };
	struct raw_srv dev = {};
	int fd;

	/* Another prefix inside this one, on a directory the outer made. */
	ASSERT_EQ(0, raw_start(&inner, at(self, "d1/d2/in"), RAW_NORMAL));
	EXPECT_STREQ("d1/d2/in", T->last_path[RESMGR_OP_MKNOD]);
	reset();
	fd = open(at(self, "d1/d2/in/x/y"), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(0, T->ops[RESMGR_OP_OPEN]);
	EXPECT_EQ(0, T->ops[RESMGR_OP_STAT_PATH]);
	EXPECT_EQ(1, inner.sh->opens);
	EXPECT_STREQ("x/y", recorded_path(&inner, RESMGR_OP_OPEN));
	/* The outer server's stat of its own names leaves the mount be. */
	fd = open(at(self, "d1/d2"), O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	close(fd);
	fd = open(at(self, "d1/d2/in/z"), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(2, inner.sh->opens);
	raw_stop(&inner);

	/* A device-like name inside the prefix: "" is its whole path. */
	ASSERT_EQ(0, raw_start(&dev, at(self, "d1/dev"), RAW_NORMAL));
	reset();
	fd = open(at(self, "d1/dev"), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(0, T->ops[RESMGR_OP_OPEN]);
	EXPECT_EQ(1, dev.sh->opens);
	EXPECT_STREQ("", recorded_path(&dev, RESMGR_OP_OPEN));
	raw_stop(&dev);
}

TEST_F(dir, dead_server_fails_fast)
{
	struct stat st;

	kill(self->srv.pid, SIGKILL);
	waitpid(self->srv.pid, NULL, 0);
	self->srv.pid = 0;
	EXPECT_EQ(-1, open(at(self, "d1/d2/d3/f"), O_RDONLY));
	EXPECT_EQ(-1, stat(at(self, "d1/d2/d3/f"), &st));
	EXPECT_EQ(-1, open(at(self, "d1/new"), O_CREAT | O_WRONLY, 0600));
}

TEST_HARNESS_MAIN
