// SPDX-License-Identifier: GPL-2.0
/*
 * memfs connect handlers: everything that names a path.  Each resolves
 * msg->connect.path itself (resolve.c), leaves permissions, the sticky
 * bit and most link counting to the iofunc helpers (iofunc_open,
 * iofunc_unlink, iofunc_rename, iofunc_mknod, iofunc_link,
 * iofunc_readlink) as a QNX file system does, and changes the tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "memfs.h"

/* Resolve @msg's path under the tree lock; see memfs_resolve(). */
static int where(resmgr_context_t *ctp, struct _io_connect *c,
		 struct memfs_node *root, char *scratch,
		 struct memfs_where *w)
{
	return memfs_resolve(ctp, root, c->path, scratch, PATH_MAX, w);
}

static int io_open(resmgr_context_t *ctp, io_open_t *msg,
		   RESMGR_HANDLE_T *root, void *extra)
{
	uint32_t ioflag = msg->connect.ioflag;
	struct memfs_node *node;
	char scratch[PATH_MAX];
	struct memfs_where w;
	int err;

	memfs_lock();
	err = where(ctp, &msg->connect, root, scratch, &w);
	if (err)
		goto out;
	if (w.link) {
		err = memfs_link_reply(ctp, &w);
		goto out;
	}
	node = w.node;
	if (node && (ioflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		err = EEXIST;
		goto out;
	}
	/*
	 * A final symlink: an open follows it (unless O_NOFOLLOW); stat,
	 * chmod and the like by path (combine messages) act on the link.
	 */
	if (node && S_ISLNK(node->attr.mode) &&
	    msg->connect.subtype == _IO_CONNECT_OPEN) {
		if (ioflag & O_NOFOLLOW) {
			err = ELOOP;
			goto out;
		}
		w.link = node;
		w.link_rest = NULL;
		err = memfs_link_reply(ctp, &w);
		goto out;
	}
	/*
	 * A name that must be a directory.  A final symlink reaching here
	 * (a stat: the kernel follows links itself, as chdir(2) through
	 * one does) is answered as the link, which may lead to one.
	 */
	if (node && !S_ISDIR(node->attr.mode) && !S_ISLNK(node->attr.mode) &&
	    ((ioflag & O_DIRECTORY) ||
	     (msg->connect.eflag & _IO_CONNECT_EFLAG_DIR))) {
		err = ENOTDIR;
		goto out;
	}
	if (!node) {
		if (!(ioflag & O_CREAT)) {
			err = ENOENT;
			goto out;
		}
		if (msg->connect.eflag & _IO_CONNECT_EFLAG_DIR) {
			err = EISDIR;
			goto out;
		}
		/* A removed directory takes no new names. */
		if (w.dir->attr.nlink == 0) {
			err = ENOENT;
			goto out;
		}
		node = memfs_node_new(S_IFREG);
		if (!node) {
			err = ENOMEM;
			goto out;
		}
		err = iofunc_open(ctp, msg, &node->attr, &w.dir->attr, NULL);
		if (err == EOK && !S_ISREG(node->attr.mode))
			err = EINVAL;	/* open(2) creates regular files only */
		if (err == EOK)
			err = memfs_dir_add(w.dir, w.name, node);
		if (err) {
			free(node);
			goto out;
		}
	} else {
		err = iofunc_open(ctp, msg, &node->attr, NULL, NULL);
		if (err)
			goto out;
		/*
		 * An inert device node or a socket has nothing to read or
		 * write: what Linux answers for a device with no driver.
		 */
		if ((S_ISCHR(node->attr.mode) || S_ISBLK(node->attr.mode) ||
		     S_ISSOCK(node->attr.mode)) &&
		    (ioflag & (_IO_FLAG_RD | _IO_FLAG_WR))) {
			err = ENXIO;
			goto out;
		}
		if ((ioflag & O_TRUNC) && (ioflag & _IO_FLAG_WR) &&
		    S_ISREG(node->attr.mode)) {
			memfs_file_resize(node, 0);
			memfs_touch(node, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
		}
	}
	err = iofunc_ocb_attach(ctp, msg, NULL, &node->attr, &memfs_io_funcs);
	if (err)
		memfs_node_put(node);
out:
	memfs_unlock();
	return err;
}

static int io_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
		     RESMGR_HANDLE_T *root, void *reserved)
{
	int rmdir = S_ISDIR(msg->connect.mode);
	struct memfs_entry *entry;
	struct memfs_node *node;
	char scratch[PATH_MAX];
	struct memfs_where w;
	int err;

	memfs_lock();
	err = where(ctp, &msg->connect, root, scratch, &w);
	if (err)
		goto out;
	if (w.link) {
		err = memfs_link_reply(ctp, &w);
		goto out;
	}
	node = w.node;
	if (!node) {
		err = ENOENT;
	} else if (node == root) {
		err = EBUSY;
	} else if (!strcmp(w.name, ".")) {
		err = EINVAL;
	} else if (!strcmp(w.name, "..")) {
		err = ENOTEMPTY;
	} else if (rmdir && !S_ISDIR(node->attr.mode)) {
		err = ENOTDIR;
	} else if (!rmdir && S_ISDIR(node->attr.mode)) {
		err = EISDIR;
	} else if (rmdir && !memfs_dir_empty(node)) {
		err = ENOTEMPTY;
	}
	if (err)
		goto out;
	/* Permissions, the sticky bit, and the link counts. */
	err = iofunc_unlink(ctp, msg, &node->attr, &w.dir->attr, NULL);
	if (err)
		goto out;
	entry = memfs_dir_find(w.dir, w.name);
	memfs_dir_remove(w.dir, entry);
	memfs_touch(node, IOFUNC_ATTR_CTIME);
	memfs_node_put(node);
out:
	memfs_unlock();
	return err;
}

/* Is @node @dir or above it? */
static int is_ancestor(const struct memfs_node *node,
		       const struct memfs_node *dir)
{
	for (; dir; dir = dir->parent)
		if (dir == node)
			return 1;
	return 0;
}

static int io_rename(resmgr_context_t *ctp, io_rename_t *msg,
		     RESMGR_HANDLE_T *root, io_rename_extra_t *extra)
{
	char old_scratch[PATH_MAX], new_scratch[PATH_MAX];
	struct memfs_where ow, nw;
	struct memfs_node *node, *victim;
	int err;

	memfs_lock();
	err = memfs_resolve(ctp, root, extra->path, old_scratch, PATH_MAX, &ow);
	if (err == EOK && ow.link)
		err = memfs_link_reply(ctp, &ow);
	if (err)
		goto out;
	err = where(ctp, &msg->connect, root, new_scratch, &nw);
	if (err == EOK && nw.link)
		err = memfs_link_reply(ctp, &nw);
	if (err)
		goto out;
	node = ow.node;
	victim = nw.node;
	if (!node)
		err = ENOENT;
	else if (node == root || !ow.dir || !nw.dir ||
		 !strcmp(ow.name, ".") || !strcmp(ow.name, "..") ||
		 !strcmp(nw.name, ".") || !strcmp(nw.name, ".."))
		err = node == root ? EBUSY : EINVAL;
	else if (node == victim)
		goto out;	/* the same file: nothing to do (POSIX) */
	else if (S_ISDIR(node->attr.mode) && is_ancestor(node, nw.dir))
		err = EINVAL;
	else if (victim && S_ISDIR(victim->attr.mode) &&
		 !S_ISDIR(node->attr.mode))
		err = EISDIR;
	else if (victim && !S_ISDIR(victim->attr.mode) &&
		 S_ISDIR(node->attr.mode))
		err = ENOTDIR;
	else if (victim && S_ISDIR(victim->attr.mode) &&
		 !memfs_dir_empty(victim))
		err = ENOTEMPTY;
	else if (nw.dir->attr.nlink == 0)
		err = ENOENT;
	if (err)
		goto out;
	/* Permissions and the sticky bit on both sides. */
	err = iofunc_rename(ctp, msg, &node->attr, &ow.dir->attr,
			    victim ? &victim->attr : NULL, &nw.dir->attr, NULL);
	if (err)
		goto out;
	if (victim) {
		memfs_dir_remove(nw.dir, memfs_dir_find(nw.dir, nw.name));
		if (S_ISDIR(victim->attr.mode)) {
			victim->attr.nlink = 0;
			nw.dir->attr.nlink--;
		} else {
			victim->attr.nlink--;
		}
		memfs_touch(victim, IOFUNC_ATTR_CTIME);
		memfs_node_put(victim);
	}
	memfs_dir_remove(ow.dir, memfs_dir_find(ow.dir, ow.name));
	if (S_ISDIR(node->attr.mode)) {	/* its ".." moves */
		ow.dir->attr.nlink--;
		nw.dir->attr.nlink++;
	}
	err = memfs_dir_add(nw.dir, nw.name, node);
	memfs_touch(node, IOFUNC_ATTR_CTIME);
out:
	memfs_unlock();
	return err;
}

/* A new node @name in @w->dir, of @mode, owned by the client. */
static int make_node(resmgr_context_t *ctp, struct memfs_where *w,
		     mode_t mode, struct memfs_node **out)
{
	struct _client_info info;
	struct memfs_node *node;
	int err;

	if (w->dir->attr.nlink == 0)
		return ENOENT;
	err = iofunc_client_info(ctp, 0, &info);
	if (err)
		return err;
	node = memfs_node_new(mode);
	if (!node)
		return ENOMEM;
	iofunc_attr_init(&node->attr, mode, &w->dir->attr, &info);
	err = memfs_dir_add(w->dir, w->name, node);
	if (err) {
		free(node);
		return err;
	}
	*out = node;
	return EOK;
}

static int io_mknod(resmgr_context_t *ctp, io_mknod_t *msg,
		    RESMGR_HANDLE_T *root, void *reserved)
{
	mode_t mode = msg->connect.mode;
	struct memfs_node *node;
	char scratch[PATH_MAX];
	struct memfs_where w;
	int err;

	memfs_lock();
	err = where(ctp, &msg->connect, root, scratch, &w);
	if (err == EOK && w.link)
		err = memfs_link_reply(ctp, &w);
	if (err)
		goto out;
	if (w.node) {
		err = EEXIST;
		goto out;
	}
	/*
	 * Device nodes and sockets are kept as inert entries, as tmpfs
	 * keeps them on a nodev mount: the kernel never gives a name under
	 * a resmgr prefix a device's operations, so all a device node can
	 * be is its type and number (stat, chmod, rename, unlink).  A unix
	 * socket's name is what bind() makes; connect() finds the socket
	 * by the cached inode, in the kernel.
	 */
	switch (mode & S_IFMT) {
	case S_IFDIR: case S_IFREG: case S_IFIFO:
	case S_IFCHR: case S_IFBLK: case S_IFSOCK:
		break;
	default:
		err = EINVAL;
		goto out;
	}
	/* Write and search permission on the directory; its ".." count. */
	err = iofunc_mknod(ctp, msg, NULL, &w.dir->attr, NULL);
	if (err)
		goto out;
	err = make_node(ctp, &w, mode, &node);
	if (err == EOK && S_ISDIR(mode))
		node->attr.nlink = 2;		/* its name and its "." */
	if (err == EOK && (S_ISCHR(mode) || S_ISBLK(mode)) && reserved)
		node->attr.rdev = ((io_mknod_extra_t *)reserved)->rdev;
out:
	memfs_unlock();
	return err;
}

static int io_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		       RESMGR_HANDLE_T *root, void *reserved)
{
	char scratch[PATH_MAX];
	struct memfs_where w;
	int err;

	memfs_lock();
	err = where(ctp, &msg->connect, root, scratch, &w);
	if (err)
		goto out;
	if (w.link) {
		err = memfs_link_reply(ctp, &w);
		goto out;
	}
	if (!w.node) {
		err = ENOENT;
		goto out;
	}
	err = iofunc_readlink(ctp, msg, &w.node->attr, NULL);
	if (err)
		goto out;
	/* The target itself, as the path of a link reply. */
	err = memfs_reply_link_path(ctp, w.node->u.target);
	iofunc_time_update(&w.node->attr);
out:
	memfs_unlock();
	return err;
}

static int io_link(resmgr_context_t *ctp, io_link_t *msg,
		   RESMGR_HANDLE_T *root, io_link_extra_t *extra)
{
	struct memfs_where w;
	struct memfs_node *node;
	char scratch[PATH_MAX];
	size_t len;
	int err;

	memfs_lock();
	err = where(ctp, &msg->connect, root, scratch, &w);
	if (err == EOK && w.link)
		err = memfs_link_reply(ctp, &w);
	if (err)
		goto out;
	if (w.node) {
		err = EEXIST;
		goto out;
	}
	if (msg->connect.extra_type == _IO_CONNECT_EXTRA_SYMLINK) {
		len = strlen(extra->path);
		if (len == 0 || len >= PATH_MAX) {
			err = len ? ENAMETOOLONG : ENOENT;
			goto out;
		}
		err = iofunc_link(ctp, msg, NULL, &w.dir->attr, NULL);
		if (err == EOK)
			err = make_node(ctp, &w, S_IFLNK | 0777, &node);
		if (err)
			goto out;
		node->u.target = strdup(extra->path);
		node->attr.nbytes = len;
		goto out;
	}
	/*
	 * A hard link: the library opened the existing file (through
	 * io_open) and gives its OCB.
	 */
	node = ((iofunc_ocb_t *)extra->ocb)->attr;
	if (S_ISDIR(node->attr.mode)) {
		err = EPERM;
		goto out;
	}
	if (w.dir->attr.nlink == 0) {
		err = ENOENT;
		goto out;
	}
	err = iofunc_link(ctp, msg, NULL, &w.dir->attr, NULL);
	if (err)
		goto out;
	err = memfs_dir_add(w.dir, w.name, node);
	if (err == EOK)
		node->attr.nlink++;
	memfs_touch(node, IOFUNC_ATTR_CTIME);
out:
	memfs_unlock();
	return err;
}

void memfs_connect_init(resmgr_connect_funcs_t *connect)
{
	connect->open = io_open;
	connect->unlink = io_unlink;
	connect->rename = io_rename;
	connect->mknod = io_mknod;
	connect->readlink = io_readlink;
	connect->link = io_link;
}
