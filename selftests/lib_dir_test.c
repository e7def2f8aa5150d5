// SPDX-License-Identifier: GPL-2.0
/*
 * A directory resource manager written with libresmgr, as a QNX one is:
 * a small tree (a file, a subdirectory with a file, a symlink) served
 * under a _RESMGR_FLAG_DIR attach, and ordinary Linux calls on it: open
 * of nested paths, readdir, stat/lstat, unlink, rmdir, rename, mkdir,
 * creat, symlink, readlink, following a link, link.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/resmgr.h>
#include <sys/resmgr_dirent.h>

#include "kselftest_harness.h"

/* A file, directory or link, and its content (or link target). */
struct obj {
	iofunc_attr_t attr;	/* first: an OCB's attr is its obj */
	char data[64];
};

/* A name: several may share an obj (hard links). */
struct node {
	int used;
	char name[32];
	struct node *parent;	/* NULL: the attach point */
	struct obj *obj;
};

#define NMAX	32
static struct node nodes[NMAX];
static struct obj objs[NMAX];
static int nobjs;
static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;

static struct obj *new_obj(mode_t mode, iofunc_attr_t *dattr,
			   struct _client_info *info, const char *data)
{
	struct obj *o = &objs[nobjs++];

	iofunc_attr_init(&o->attr, mode, dattr, info);
	o->attr.inode = nobjs;
	snprintf(o->data, sizeof(o->data), "%s", data);
	o->attr.nbytes = S_ISREG(mode) ? (int64_t)strlen(o->data) : 0;
	if (S_ISDIR(mode))
		o->attr.nlink = 2;
	return o;
}

static struct node *new_node(struct node *parent, const char *name,
			     struct obj *o)
{
	int i;

	for (i = 1; i < NMAX; i++) {
		if (nodes[i].used)
			continue;
		nodes[i].used = 1;
		snprintf(nodes[i].name, sizeof(nodes[i].name), "%s", name);
		nodes[i].parent = parent;
		nodes[i].obj = o;
		return &nodes[i];
	}
	return NULL;
}

static struct node *child(struct node *dir, const char *name, size_t len)
{
	int i;

	for (i = 1; i < NMAX; i++)
		if (nodes[i].used && nodes[i].parent == dir &&
		    strlen(nodes[i].name) == len &&
		    !strncmp(nodes[i].name, name, len))
			return &nodes[i];
	return NULL;
}

#define LINK_MET	(-1)

/*
 * Resolve @path: *@n the node (NULL if only the last component is
 * missing), *@dir its directory, *@last the last component.  A link
 * before the last component, or at it with @follow, is LINK_MET.
 */
static int resolve(const char *path, int follow, struct node **n,
		   struct node **dir, const char **last)
{
	struct node *cur = &nodes[0], *next;
	const char *p = path, *slash;
	size_t len;

	*dir = NULL;
	*last = path;
	while (*p) {
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		if (!S_ISDIR(cur->obj->attr.mode))
			return ENOTDIR;
		next = child(cur, p, len);
		*dir = cur;
		*last = p;
		if (!next) {
			*n = NULL;
			return slash && slash[1] ? ENOENT : EOK;
		}
		if (S_ISLNK(next->obj->attr.mode) && (follow || (slash && slash[1])))
			return LINK_MET;
		cur = next;
		if (!slash)
			break;
		p = slash + 1;
	}
	*n = cur;
	return EOK;
}

static int link_reply(resmgr_context_t *ctp)
{
	_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
	return EOK;
}

static int h_open(resmgr_context_t *ctp, io_open_t *msg,
		  RESMGR_HANDLE_T *handle, void *extra)
{
	struct node *n, *dir;
	const char *last;
	struct obj *o;
	int err;

	err = resolve(msg->connect.path, !(msg->connect.ioflag & O_NOFOLLOW),
		      &n, &dir, &last);
	if (err == LINK_MET)
		return link_reply(ctp);
	if (err)
		return err;
	if (!n) {
		if (!dir)
			return ENOENT;
		o = &objs[nobjs];
		err = iofunc_open(ctp, msg, &o->attr, &dir->obj->attr, NULL);
		if (err)
			return err;
		nobjs++;
		o->attr.inode = nobjs;
		n = new_node(dir, last, o);
		if (!n)
			return ENOSPC;
	} else {
		err = iofunc_open(ctp, msg, &n->obj->attr, NULL, NULL);
		if (err)
			return err;
	}
	return iofunc_ocb_attach(ctp, msg, NULL, &n->obj->attr, NULL);
}

/* The node of a directory obj (directories have one name). */
static struct node *dir_node(const struct obj *o)
{
	int i;

	for (i = 0; i < NMAX; i++)
		if (nodes[i].used && nodes[i].obj == o)
			return &nodes[i];
	return NULL;
}

/* Position 0 ".", 1 "..", 2 + i: nodes[i] if it is in the directory. */
static int h_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	struct obj *o = (struct obj *)ocb->attr;
	struct node *dn = dir_node(o);
	struct iofunc_dirent *d;
	size_t n = 0, reclen;
	const char *name;
	int64_t pos;
	int err, nb;

	err = iofunc_read_verify(ctp, msg, ocb, &nb);
	if (err)
		return err;
	if (!S_ISDIR(o->attr.mode)) {
		pos = ocb->offset;
		if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
			pos = ((struct _xtype_offset *)(&msg->i + 1))->offset;
		n = pos < o->attr.nbytes ? o->attr.nbytes - pos : 0;
		if (n > msg->i.nbytes)
			n = msg->i.nbytes;
		if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
			ocb->offset += n;
		_IO_SET_READ_NBYTES(ctp, n);
		return _RESMGR_PTR(ctp, o->data + pos, n);
	}
	for (pos = ocb->offset; pos < NMAX + 2; pos++) {
		if (pos >= 2 && !(nodes[pos - 2].used &&
				  nodes[pos - 2].parent == dn && pos - 2))
			continue;
		name = pos == 0 ? "." : pos == 1 ? ".." : nodes[pos - 2].name;
		reclen = IOFUNC_DIRENT_RECLEN(strlen(name));
		if (n + reclen > msg->i.nbytes)
			break;
		d = (struct iofunc_dirent *)(buf + n);
		memset(d, 0, reclen);
		d->d_ino = pos >= 2 ? nodes[pos - 2].obj->attr.inode : 0;
		d->d_offset = pos;
		d->d_reclen = reclen;
		d->d_namelen = strlen(name);
		strcpy(d->d_name, name);
		n += reclen;
	}
	ocb->offset = pos;
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, buf, n);
}

static int dir_empty(const struct node *dn)
{
	int i;

	for (i = 1; i < NMAX; i++)
		if (nodes[i].used && nodes[i].parent == dn)
			return 0;
	return 1;
}

static int h_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
		    RESMGR_HANDLE_T *handle, void *reserved)
{
	struct node *n, *dir;
	const char *last;
	int err = resolve(msg->connect.path, 0, &n, &dir, &last);

	if (err == LINK_MET)
		return link_reply(ctp);
	if (err)
		return err;
	if (!n || !dir)
		return !n ? ENOENT : EBUSY;
	if (S_ISDIR(n->obj->attr.mode) && !dir_empty(n))
		return ENOTEMPTY;
	err = iofunc_unlink(ctp, msg, &n->obj->attr, &dir->obj->attr, NULL);
	if (err)
		return err;
	n->used = 0;
	return EOK;
}

static int h_rename(resmgr_context_t *ctp, io_rename_t *msg,
		    RESMGR_HANDLE_T *handle, io_rename_extra_t *extra)
{
	struct node *on, *odir, *nn, *ndir;
	const char *olast, *nlast;
	int err;

	err = resolve(extra->path, 0, &on, &odir, &olast);
	if (!err)
		err = resolve(msg->connect.path, 0, &nn, &ndir, &nlast);
	if (err == LINK_MET)
		return link_reply(ctp);
	if (err)
		return err;
	if (!on || !odir || !ndir)
		return !on ? ENOENT : EBUSY;
	err = iofunc_rename(ctp, msg, &on->obj->attr, &odir->obj->attr,
			    nn ? &nn->obj->attr : NULL, &ndir->obj->attr, NULL);
	if (err || nn == on)
		return err;
	if (nn && S_ISDIR(nn->obj->attr.mode) && !dir_empty(nn))
		return ENOTEMPTY;
	if (nn)
		nn->used = 0;
	on->parent = ndir;
	snprintf(on->name, sizeof(on->name), "%s", nlast);
	return EOK;
}

static int h_mknod(resmgr_context_t *ctp, io_mknod_t *msg,
		   RESMGR_HANDLE_T *handle, void *reserved)
{
	struct _client_info info;
	struct node *n, *dir;
	const char *last;
	int err = resolve(msg->connect.path, 0, &n, &dir, &last);

	if (err == LINK_MET)
		return link_reply(ctp);
	if (err)
		return err;
	err = iofunc_mknod(ctp, msg, n ? &n->obj->attr : NULL,
			   dir ? &dir->obj->attr : NULL, NULL);
	if (!err)
		err = iofunc_client_info(ctp, 0, &info);
	if (err)
		return err;
	return new_node(dir, last, new_obj(msg->connect.mode, &dir->obj->attr,
					   &info, "")) ? EOK : ENOSPC;
}

static int h_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		      RESMGR_HANDLE_T *handle, void *reserved)
{
	struct node *n, *dir;
	const char *last;
	char target[64];
	size_t len;
	int err = resolve(msg->connect.path, 0, &n, &dir, &last);

	if (err == LINK_MET)
		return link_reply(ctp);
	if (err)
		return err;
	err = iofunc_readlink(ctp, msg, n ? &n->obj->attr : NULL, NULL);
	if (err)
		return err;
	snprintf(target, sizeof(target), "%s", n->obj->data);
	len = strlen(target) + 1;
	memset(&msg->link_reply, 0, sizeof(msg->link_reply));
	msg->link_reply.path_len = len;
	memcpy(&msg->link_reply + 1, target, len);
	_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
	return _RESMGR_PTR(ctp, &msg->link_reply, sizeof(msg->link_reply) + len);
}

static int h_link(resmgr_context_t *ctp, io_link_t *msg,
		  RESMGR_HANDLE_T *handle, io_link_extra_t *extra)
{
	struct _client_info info;
	struct node *n, *dir;
	const char *last;
	struct obj *o;
	int err = resolve(msg->connect.path, 0, &n, &dir, &last);

	if (err == LINK_MET)
		return link_reply(ctp);
	if (err)
		return err;
	err = iofunc_link(ctp, msg, n ? &n->obj->attr : NULL,
			  dir ? &dir->obj->attr : NULL, NULL);
	if (!err)
		err = iofunc_client_info(ctp, 0, &info);
	if (err)
		return err;
	if (msg->connect.extra_type == _IO_CONNECT_EXTRA_SYMLINK) {
		o = new_obj(S_IFLNK | 0777, &dir->obj->attr, &info, extra->path);
	} else {
		o = (struct obj *)((iofunc_ocb_t *)extra->ocb)->attr;
		if (S_ISDIR(o->attr.mode))
			return EPERM;
		o->attr.nlink++;
	}
	return new_node(dir, last, o) ? EOK : ENOSPC;
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

FIXTURE(tree) {
	char root[64];
	dispatch_t *dpp;
	int id;
};

FIXTURE_SETUP(tree)
{
	dispatch_context_t *ctp;
	struct node *sub;
	pthread_t thr;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(self->root, sizeof(self->root), "/tmp/lib-dir-%d", getpid());
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS,
			 &iofuncs);
	cfuncs.open = h_open;
	cfuncs.unlink = h_unlink;
	cfuncs.rename = h_rename;
	cfuncs.mknod = h_mknod;
	cfuncs.readlink = h_readlink;
	cfuncs.link = h_link;
	iofuncs.read = h_read;

	nodes[0].used = 1;
	nodes[0].obj = new_obj(S_IFDIR | 0755, NULL, NULL, "");
	new_node(&nodes[0], "file", new_obj(S_IFREG | 0644, NULL, NULL,
					    "file data"));
	sub = new_node(&nodes[0], "sub", new_obj(S_IFDIR | 0755, NULL, NULL, ""));
	new_node(sub, "inner", new_obj(S_IFREG | 0644, NULL, NULL, "inner data"));
	new_node(&nodes[0], "link", new_obj(S_IFLNK | 0777, NULL, NULL, "file"));

	self->dpp = dispatch_create();
	ASSERT_NE(NULL, self->dpp);
	self->id = resmgr_attach(self->dpp, NULL, self->root, _FTYPE_ANY,
				 _RESMGR_FLAG_DIR, &cfuncs, &iofuncs,
				 &nodes[0].obj->attr);
	ASSERT_LE(0, self->id);
	ctp = dispatch_context_alloc(self->dpp);
	ASSERT_NE(NULL, ctp);
	ASSERT_EQ(0, pthread_create(&thr, NULL, serve, ctp));
}

FIXTURE_TEARDOWN(tree)
{
	if (self->dpp)
		resmgr_detach(self->dpp, self->id, 0);
}

static char *at(FIXTURE_DATA(tree) *self, const char *sub)
{
	static char bufs[4][128];
	static int i;
	char *b = bufs[i++ % 4];

	snprintf(b, 128, "%s/%s", self->root, sub);
	return b;
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

/* The names in directory @path, sorted, comma-separated. */
static int list(const char *path, char *out, size_t len)
{
	char names[NMAX + 2][32], tmp[32];
	struct dirent *de;
	int n = 0, i, j;
	DIR *d = opendir(path);

	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < NMAX + 2)
		snprintf(names[n++], 32, "%.31s", de->d_name);
	closedir(d);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(names[i], names[j]) > 0) {
				strcpy(tmp, names[i]);
				strcpy(names[i], names[j]);
				strcpy(names[j], tmp);
			}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
			 i ? "," : "", names[i]);
	return n;
}

TEST_F(tree, open_nested_paths)
{
	char buf[64];
	struct stat st;

	ASSERT_EQ(9, read_file(at(self, "file"), buf, sizeof(buf)));
	EXPECT_STREQ("file data", buf);
	ASSERT_EQ(10, read_file(at(self, "sub/inner"), buf, sizeof(buf)));
	EXPECT_STREQ("inner data", buf);
	EXPECT_EQ(-ENOENT, read_file(at(self, "sub/none"), buf, sizeof(buf)));
	EXPECT_EQ(-ENOTDIR, read_file(at(self, "file/x"), buf, sizeof(buf)));
	ASSERT_EQ(0, stat(at(self, "sub"), &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	ASSERT_EQ(0, stat(at(self, "sub/inner"), &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(10, st.st_size);
}

TEST_F(tree, readdir)
{
	char names[512];

	EXPECT_EQ(5, list(self->root, names, sizeof(names)));
	EXPECT_STREQ(".,..,file,link,sub", names);
	EXPECT_EQ(3, list(at(self, "sub"), names, sizeof(names)));
	EXPECT_STREQ(".,..,inner", names);
}

TEST_F(tree, symlink_readlink_follow)
{
	char buf[64];
	struct stat st;

	ASSERT_EQ(0, lstat(at(self, "link"), &st));
	EXPECT_TRUE(S_ISLNK(st.st_mode));
	ASSERT_EQ(4, readlink(at(self, "link"), buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "file", 4));
	ASSERT_EQ(9, read_file(at(self, "link"), buf, sizeof(buf)));
	EXPECT_STREQ("file data", buf);

	ASSERT_EQ(0, symlink("sub", at(self, "sublink")));
	ASSERT_EQ(3, readlink(at(self, "sublink"), buf, sizeof(buf)));
	ASSERT_EQ(10, read_file(at(self, "sublink/inner"), buf, sizeof(buf)));
	EXPECT_STREQ("inner data", buf);
}

/* The server opens the link itself; Linux refuses to do I/O on it. */
TEST_F(tree, open_nofollow_of_link_is_eloop)
{
	EXPECT_EQ(-1, open(at(self, "link"), O_RDONLY | O_NOFOLLOW));
	EXPECT_EQ(ELOOP, errno);
}

TEST_F(tree, unlink_and_rmdir)
{
	char names[512];
	struct stat st;

	ASSERT_EQ(0, unlink(at(self, "file")));
	EXPECT_EQ(-1, stat(at(self, "file"), &st));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, rmdir(at(self, "sub")));
	EXPECT_EQ(ENOTEMPTY, errno);
	EXPECT_EQ(-1, unlink(at(self, "sub")));
	EXPECT_EQ(EISDIR, errno);
	ASSERT_EQ(0, unlink(at(self, "sub/inner")));
	ASSERT_EQ(0, rmdir(at(self, "sub")));
	ASSERT_EQ(0, unlink(at(self, "link")));
	EXPECT_EQ(2, list(self->root, names, sizeof(names)));
}

TEST_F(tree, rename)
{
	char buf[64];
	struct stat st;

	ASSERT_EQ(0, rename(at(self, "file"), at(self, "sub/moved")));
	EXPECT_EQ(-1, stat(at(self, "file"), &st));
	ASSERT_EQ(9, read_file(at(self, "sub/moved"), buf, sizeof(buf)));
	EXPECT_STREQ("file data", buf);
	ASSERT_EQ(0, rename(at(self, "sub/moved"), at(self, "sub/inner")));
	ASSERT_EQ(9, read_file(at(self, "sub/inner"), buf, sizeof(buf)));
	EXPECT_STREQ("file data", buf);
}

TEST_F(tree, mkdir_and_create)
{
	char names[512];
	struct stat st;
	int fd;

	ASSERT_EQ(0, mkdir(at(self, "newdir"), 0750));
	ASSERT_EQ(0, stat(at(self, "newdir"), &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(-1, mkdir(at(self, "newdir"), 0750));
	EXPECT_EQ(EEXIST, errno);
	fd = open(at(self, "newdir/f"), O_CREAT | O_WRONLY, 0640);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, stat(at(self, "newdir/f"), &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	EXPECT_EQ(3, list(at(self, "newdir"), names, sizeof(names)));
	EXPECT_STREQ(".,..,f", names);
}

TEST_F(tree, hard_link)
{
	struct stat a, b;
	char buf[64];

	ASSERT_EQ(0, link(at(self, "file"), at(self, "sub/hard")));
	ASSERT_EQ(0, stat(at(self, "file"), &a));
	ASSERT_EQ(0, stat(at(self, "sub/hard"), &b));
	EXPECT_EQ(a.st_ino, b.st_ino);
	EXPECT_EQ(2, b.st_nlink);
	ASSERT_EQ(9, read_file(at(self, "sub/hard"), buf, sizeof(buf)));
	EXPECT_STREQ("file data", buf);
	EXPECT_EQ(-1, link(at(self, "sub"), at(self, "sub2")));
}

TEST_HARNESS_MAIN
