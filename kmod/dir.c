// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: directory prefixes (RESMGR_ATTACH_DIR).
 *
 * The server resolves every path under its attach point itself, as a QNX
 * resource manager does: the kernel sends the whole path after the
 * attach point in ONE connect message and never asks per component.
 *
 *  - A component in the middle of a path (the VFS walks it with
 *    LOOKUP_PARENT) gets a "phantom" directory inode and no message.
 *  - The last component of an open(2) goes through ->atomic_open: one
 *    OPEN with the full path, the flags and the mode; the reply's mode
 *    says what was opened (0 under a prefix: a regular file) and the
 *    server's OCB is the file's, with no second message.  O_CREAT,
 *    O_EXCL, O_TRUNC, O_DIRECTORY and O_NOFOLLOW go in the ioflag and the
 *    server decides; the VFS turns a trailing slash into O_DIRECTORY,
 *    sent as RESMGR_EFLAG_DIR too.
 *  - A last component looked up for anything else (stat, unlink, rename,
 *    ...) costs one STAT_PATH, to learn its type; ENOENT makes a negative
 *    dentry.  A name about to be created (mkdir, mknod, symlink, link:
 *    LOOKUP_CREATE | LOOKUP_EXCL) is not asked about: the server answers
 *    EEXIST itself.
 *  - A symbolic link the server meets while resolving a path comes back
 *    as RESMGR_OUT_F_SYMLINK: the operation fails -ESTALE, the VFS walks
 *    again with LOOKUP_REVAL, and then every component is asked about
 *    (STAT_PATH), so links show up as S_IFLNK inodes whose ->get_link
 *    asks READLINK.  The VFS follows them and counts loops (ELOOP).
 *
 * Never stale: see resmgr_d_revalidate().  Unused directory dentries
 * stay in the dcache (reclaimable like any other) so the next walk
 * through them builds nothing; every other dentry goes once unused
 * (resmgr_d_delete()), so nothing the server may have changed lingers.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>

#include "resmgr_i.h"

/*
 * Give the in-lookup or negative @dentry an inode of @mode, the server's
 * node @key (NULL: unknown; see resmgr_node_inode()).  Returns the dentry
 * to use from now on (a reference the caller drops) or NULL for @dentry
 * itself, or an ERR_PTR().
 */
static struct dentry *resmgr_instantiate(struct dentry *dentry, umode_t mode,
					 struct resmgr_node_key *key)
{
	struct inode *inode = resmgr_node_inode(dentry->d_sb, mode, key);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (d_in_lookup(dentry))
		return d_splice_alias(inode, dentry);
	d_instantiate(dentry, inode);
	return NULL;
}

static struct dentry *resmgr_lookup(struct inode *dir, struct dentry *dentry,
				    unsigned int flags)
{
	struct resmgr_node_key key;
	struct resmgr_stat st;
	struct inode *inode;
	umode_t mode;
	int ret;

	if (dentry->d_name.len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	/* A component in the middle: the server sees it in the full path. */
	if ((flags & LOOKUP_PARENT) && !(flags & LOOKUP_REVAL)) {
		inode = resmgr_new_inode(dir->i_sb, S_IFDIR | 0555);
		if (!inode)
			return ERR_PTR(-ENOMEM);
		return d_splice_alias(inode, dentry);
	}
	/* A name to create: the server says EEXIST if it exists. */
	if ((flags & (LOOKUP_CREATE | LOOKUP_EXCL)) ==
	    (LOOKUP_CREATE | LOOKUP_EXCL)) {
		d_add(dentry, NULL);
		return NULL;
	}
	ret = resmgr_stat_path(dentry, flags & LOOKUP_DIRECTORY ?
			       RESMGR_EFLAG_DIR : 0, &st, &key);
	if (ret == -ENOENT) {
		d_add(dentry, NULL);
		return NULL;
	}
	if (!ret)
		ret = resmgr_server_mode(st.mode, &mode);
	if (ret)
		return ERR_PTR(ret);
	inode = resmgr_node_inode(dir->i_sb, mode, &key);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	resmgr_stat_apply(inode, &st);
	return d_splice_alias(inode, dentry);
}

/*
 * A program being run: execve() denied writes to its inode (i_writecount
 * below zero).  Its name keeps that inode while the server still has the
 * same node under it, so that an open for writing, O_TRUNC or truncate(2)
 * of the name finds it and fails ETXTBSY in the VFS, as on every Linux
 * file system, before any OPEN could let the server truncate the pages
 * the program runs from.
 */
static bool resmgr_running_program(struct inode *inode)
{
	return S_ISREG(inode->i_mode) && atomic_read(&inode->i_writecount) < 0;
}

/*
 * Whether a cached dentry may be used again.  The server can change its
 * names at any time without telling us, so:
 *  - a mountpoint is never invalidated: another server may be mounted
 *    on a name inside this prefix (a longer prefix wins through the
 *    VFS's mounts), and d_invalidate() would detach it;
 *  - a directory in the middle of a path is fine as it is: the server
 *    resolves the whole path again in the final message;
 *  - the last component of an open that is not a directory (but a
 *    running program's, or a FIFO's the kernel serves: it is asked
 *    about, below, and then opened as a pipe with no OPEN), and every
 *    negative dentry, are looked up again:
 *    ->atomic_open asks the server in the OPEN itself, so this costs no
 *    message;
 *  - a directory opened with O_DIRECTORY (opendir(3)) is kept: its OPEN
 *    says RESMGR_EFLAG_DIR, so a name that is no longer a directory fails
 *    ENOTDIR at the server, as it should, and a different type in the
 *    reply fails -ESTALE (resmgr_file_open());
 *  - any other open of a directory is asked about: the VFS would fail a
 *    write or O_CREAT open of it EISDIR before any OPEN is sent, and
 *    lookup flags say nothing of the access mode, so a name the server
 *    turned into a file must not be taken for the directory it was;
 *  - any other last component, and everything under LOOKUP_REVAL, is
 *    asked about (one STAT_PATH) and kept only if the server still says
 *    the same type.  That is the price of never being stale: stat(2)
 *    costs two messages, this one and ->getattr's.
 */
static int resmgr_d_revalidate(struct dentry *dentry, unsigned int flags)
{
	struct inode *inode = d_inode_rcu(dentry);
	struct resmgr_node_key key;
	struct resmgr_stat st;
	umode_t mode;
	int ret;

	if (d_mountpoint(dentry))
		return 1;
	if (!inode)
		return 0;
	if (!(flags & LOOKUP_REVAL)) {
		if (flags & LOOKUP_PARENT)
			return S_ISDIR(inode->i_mode);
		if (flags & LOOKUP_OPEN) {
			if (S_ISDIR(inode->i_mode)) {
				if ((flags & (LOOKUP_DIRECTORY |
					      LOOKUP_CREATE)) ==
				    LOOKUP_DIRECTORY)
					return 1;
			} else if (!resmgr_running_program(inode) &&
				   !resmgr_kernel_fifo(inode)) {
				return 0;
			}
		}
	}
	if (flags & LOOKUP_RCU)
		return -ECHILD;
	ret = resmgr_stat_path(dentry, flags & LOOKUP_DIRECTORY ?
			       RESMGR_EFLAG_DIR : 0, &st, &key);
	if (ret == -ENOENT || ret == -ESTALE)
		return 0;
	if (!ret)
		ret = resmgr_server_mode(st.mode, &mode);
	if (ret)
		return ret;
	if ((mode & S_IFMT) != (inode->i_mode & S_IFMT))
		return 0;
	/*
	 * A socket's inode is its node's, and so is a regular file's where
	 * the server numbers its files (resmgr_node_inode()): another node
	 * needs another.
	 */
	if (!resmgr_node_same(inode, &key))
		return 0;
	/* So is a program's, while it runs; see resmgr_running_program(). */
	if (S_ISREG(mode) && st.ino && resmgr_inode_node(inode) &&
	    resmgr_inode_node(inode) != st.ino)
		return 0;
	resmgr_stat_apply(inode, &st);
	return 1;
}

/*
 * Which unused dentries to drop at once.  A directory's dentry says only
 * "a directory was here": resmgr_d_revalidate() lets it serve as a path's
 * middle without asking and checks it with the server for any other use,
 * so keeping it costs no staleness and spares every later walk through it
 * a new inode and dentry.  Files, links and negative names go.
 */
static int resmgr_d_delete(const struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);

	return !inode || !S_ISDIR(inode->i_mode);
}

const struct dentry_operations resmgr_dentry_ops = {
	.d_revalidate	= resmgr_d_revalidate,
	.d_delete	= resmgr_d_delete,
};

/*
 * The OPEN met a symbolic link.  If the link is the last component, its
 * STAT_PATH says S_IFLNK: the dentry becomes the link and the VFS follows
 * it (or fails ELOOP for O_NOFOLLOW).  A link in the middle makes the
 * STAT_PATH fail -ESTALE too, and the VFS walks again, component by
 * component.
 */
static int resmgr_open_symlink(struct dentry *dentry, struct file *file)
{
	struct resmgr_node_key key;
	struct resmgr_stat st;
	struct dentry *res;
	umode_t mode;
	int ret;

	ret = resmgr_stat_path(dentry, 0, &st, &key);
	if (!ret)
		ret = resmgr_server_mode(st.mode, &mode);
	if (ret)
		return ret;
	if (!S_ISLNK(mode) || d_really_is_positive(dentry))
		return -ESTALE;
	res = resmgr_instantiate(dentry, mode, &key);
	if (IS_ERR(res))
		return PTR_ERR(res);
	return finish_no_open(file, res);
}

/*
 * The OPEN found a FIFO.  One the server numbers is a pipe (see
 * resmgr_node_inode()): the server's yes said the name exists and the
 * caller may open it; the kernel lets go of the server's open and opens
 * the node's inode itself, so that every opener meets at one pipe.
 * Return: 1 if the server does not number it (its open stands), 0 with
 * finish_no_open() done, or an error.
 */
static int resmgr_open_fifo(struct dentry *dentry, struct file *file,
			    struct resmgr_ocb *ocb, u64 server_ocb)
{
	struct resmgr_node_key key;
	struct resmgr_stat st;
	struct dentry *res = NULL;
	struct inode *inode;
	umode_t mode;
	int ret;

	ret = resmgr_stat_path(dentry, 0, &st, &key);
	if (!ret)
		ret = resmgr_server_mode(st.mode, &mode);
	if (!ret && !S_ISFIFO(mode))
		ret = -ESTALE;		/* it changed under us: walk again */
	if (!ret && !st.ino)
		return 1;
	resmgr_ocb_close_event(ocb, server_ocb);
	if (ret)
		return ret;
	if (d_really_is_positive(dentry)) {
		if (!resmgr_kernel_fifo(d_inode(dentry)) ||
		    !resmgr_node_same(d_inode(dentry), &key))
			return -ESTALE;
	} else {
		res = resmgr_instantiate(dentry, mode, &key);
		if (IS_ERR(res))
			return PTR_ERR(res);
	}
	inode = d_inode(res ? res : dentry);
	if (!resmgr_kernel_fifo(inode)) {
		dput(res);
		return -ESTALE;
	}
	resmgr_stat_apply(inode, &st);
	return finish_no_open(file, res);
}

static int resmgr_atomic_open(struct inode *dir, struct dentry *dentry,
			      struct file *file, unsigned int open_flag,
			      umode_t mode)
{
	struct resmgr_connect_args a = {
		.ioflag = resmgr_ioflag_encode(open_flag),
		.mode = open_flag & O_CREAT ? mode : 0,
		.eflag = open_flag & O_DIRECTORY ? RESMGR_EFLAG_DIR : 0,
		.f_mode = file->f_mode,
	};
	struct resmgr_node_key key;
	struct resmgr_open_out out;
	struct dentry *res = NULL;
	struct resmgr_ocb *ocb;
	u64 server_ocb;
	umode_t type;
	int ret;

	if (dentry->d_name.len > NAME_MAX)
		return -ENAMETOOLONG;
	ret = resmgr_open_send(dentry, &a, &ocb, &out);
	if (ret == -ESTALE)
		return resmgr_open_symlink(dentry, file);
	if (ret)
		return ret;
	server_ocb = out.ocb;
	type = out.mode ? out.mode : S_IFREG;
	/* O_NOFOLLOW on a link: there is nothing to open (and no f_op). */
	if (S_ISLNK(type)) {
		resmgr_ocb_close_event(ocb, server_ocb);
		return -ELOOP;
	}
	if (S_ISFIFO(type)) {
		ret = resmgr_open_fifo(dentry, file, ocb, server_ocb);
		if (ret <= 0)
			return ret;
	}

	resmgr_node_key_init(&key, ocb->link->chan, NULL, out.node);
	if (d_really_is_positive(dentry)) {
		/* Someone else looked it up meanwhile: it must agree. */
		if ((d_inode(dentry)->i_mode ^ type) & S_IFMT ||
		    !resmgr_node_same(d_inode(dentry), &key)) {
			resmgr_ocb_close_event(ocb, server_ocb);
			return -ESTALE;
		}
	} else {
		res = resmgr_instantiate(dentry, type, &key);
		if (IS_ERR(res)) {
			resmgr_ocb_close_event(ocb, server_ocb);
			return PTR_ERR(res);
		}
		if (res)
			dentry = res;
	}
	/*
	 * With O_EXCL the server's yes means it made the file; with O_CREAT
	 * alone, a server that negotiated it says so (fcntl(F_CREATED_QUERY),
	 * fsnotify's create event).  A claim for an open that could not
	 * create anything is ignored.
	 */
	if ((open_flag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL) ||
	    (open_flag & O_CREAT && out.flags & RESMGR_OPEN_CREATED &&
	     READ_ONCE(ocb->link->chan->features) & RESMGR_FEAT_OPEN_CREATED))
		file->f_mode |= FMODE_CREATED;
	ret = resmgr_finish_granted(file, dentry, ocb, server_ocb, out.flags);
	if (!ret)
		resmgr_open_size(file_inode(file), &out);
	dput(res);
	return ret;
}

/* A connect message naming @dentry, and @extra (a second path, ...). */
static int resmgr_dir_call(struct dentry *dentry, u16 opcode, u32 mode,
			   u16 extra_type, const void *extra, u32 extra_len)
{
	struct resmgr_connect_args a = {
		.mode = mode,
		.extra_type = extra_type,
		.extra = extra,
		.extra_len = extra_len,
	};

	if (dentry->d_name.len > NAME_MAX)
		return -ENAMETOOLONG;
	return resmgr_connect_call(dentry, opcode, &a, NULL);
}

/*
 * A connect message naming @dentry whose extra data is @other's path, as
 * the server asked sees it: both lie under the same attach, so the same
 * servers are asked about both (route.c).
 */
static int resmgr_dir_call2(struct dentry *dentry, u16 opcode,
			    u16 extra_type, struct dentry *other)
{
	struct resmgr_connect_args a = {
		.extra_type = extra_type,
		.other = other,
	};

	if (dentry->d_name.len > NAME_MAX)
		return -ENAMETOOLONG;
	return resmgr_connect_call(dentry, opcode, &a, NULL);
}

/* The new name the server made: it gets an inode of that type. */
static int resmgr_made(struct dentry *dentry, umode_t mode)
{
	struct resmgr_node_key key, *keyp = NULL;
	struct resmgr_stat st;
	struct dentry *res;

	/*
	 * A socket's or FIFO's inode is its node's (resmgr_node_inode()):
	 * ask the server its number.  Without one it is only this name's.
	 * Other types need no message: an open of the name gets its node's
	 * inode.
	 */
	if ((S_ISSOCK(mode) || S_ISFIFO(mode)) &&
	    !resmgr_stat_path(dentry, 0, &st, &key))
		keyp = &key;
	res = resmgr_instantiate(dentry, mode, keyp);

	if (IS_ERR(res))
		return PTR_ERR(res);
	dput(res);
	return 0;
}

static int resmgr_mknod(resmgr_idmap_t *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode, dev_t rdev)
{
	struct resmgr_mknod_extra x = { .rdev = new_encode_dev(rdev) };
	bool dev = S_ISCHR(mode) || S_ISBLK(mode);
	int ret;

	ret = resmgr_dir_call(dentry, RESMGR_OP_MKNOD, mode,
			      dev ? RESMGR_EXTRA_MKNOD : RESMGR_EXTRA_NONE,
			      dev ? &x : NULL, dev ? sizeof(x) : 0);
	return ret ? ret : resmgr_made(dentry, mode);
}

static int resmgr_create(resmgr_idmap_t *idmap, struct inode *dir,
			 struct dentry *dentry, umode_t mode, bool excl)
{
	return resmgr_mknod(idmap, dir, dentry, S_IFREG | (mode & 07777), 0);
}

static int resmgr_mkdir(resmgr_idmap_t *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode)
{
	return resmgr_mknod(idmap, dir, dentry, S_IFDIR | (mode & 07777), 0);
}

static int resmgr_unlink(struct inode *dir, struct dentry *dentry)
{
	int ret = resmgr_dir_call(dentry, RESMGR_OP_UNLINK, 0,
				  RESMGR_EXTRA_NONE, NULL, 0);

	if (!ret)
		resmgr_node_unlinked(d_inode(dentry));
	return ret;
}

static int resmgr_rmdir(struct inode *dir, struct dentry *dentry)
{
	int ret = resmgr_dir_call(dentry, RESMGR_OP_UNLINK, S_IFDIR,
				  RESMGR_EXTRA_NONE, NULL, 0);

	if (!ret)
		clear_nlink(d_inode(dentry));
	return ret;
}

/* rename(2): @path the new name, extra the old; the VFS moves the dentry. */
static int resmgr_rename(resmgr_idmap_t *idmap, struct inode *old_dir,
			 struct dentry *old_dentry, struct inode *new_dir,
			 struct dentry *new_dentry, unsigned int flags)
{
	int ret;

	if (flags)
		return -EINVAL;	/* RENAME_NOREPLACE etc.: no way to say it */
	ret = resmgr_dir_call2(new_dentry, RESMGR_OP_RENAME,
			       RESMGR_EXTRA_RENAME, old_dentry);
	if (!ret && d_really_is_positive(new_dentry))
		resmgr_node_unlinked(d_inode(new_dentry));
	return ret;
}

static int resmgr_link(struct dentry *old_dentry, struct inode *dir,
		       struct dentry *new_dentry)
{
	struct inode *inode = d_inode(old_dentry);
	int ret = resmgr_dir_call2(new_dentry, RESMGR_OP_LINK,
				   RESMGR_EXTRA_LINK, old_dentry);

	if (ret)
		return ret;
	/* An inode that is its node's is the new name's too. */
	if (resmgr_node_linked(inode)) {
		ihold(inode);
		d_instantiate(new_dentry, inode);
		return 0;
	}
	return resmgr_made(new_dentry, inode->i_mode);
}

/* symlink(2): LINK with the target, NUL-terminated, as extra data. */
static int resmgr_symlink(resmgr_idmap_t *idmap, struct inode *dir,
			  struct dentry *dentry, const char *target)
{
	size_t len = strlen(target) + 1;
	int ret;

	if (len > RESMGR_PATH_MAX)
		return -ENAMETOOLONG;
	ret = resmgr_dir_call(dentry, RESMGR_OP_LINK, 0, RESMGR_EXTRA_SYMLINK,
			      target, len);
	return ret ? ret : resmgr_made(dentry, S_IFLNK | 0777);
}

const struct inode_operations resmgr_dir_inode_ops = {
	.lookup		= resmgr_lookup,
	.atomic_open	= resmgr_atomic_open,
	.create		= resmgr_create,
	.mkdir		= resmgr_mkdir,
	.mknod		= resmgr_mknod,
	.unlink		= resmgr_unlink,
	.rmdir		= resmgr_rmdir,
	.rename		= resmgr_rename,
	.link		= resmgr_link,
	.symlink	= resmgr_symlink,
	.getattr	= resmgr_getattr,
	.permission	= resmgr_permission,
	.setattr	= resmgr_setattr,
};

/*
 * Following a link: READLINK of its path, every time (nothing is
 * cached).  The target is the reply's data, at most RESMGR_PATH_MAX
 * bytes and with no NUL inside.
 */
static const char *resmgr_get_link(struct dentry *dentry, struct inode *inode,
				   struct delayed_call *done)
{
	struct resmgr_connect_args a = { .out_cap = RESMGR_PATH_MAX };
	struct resmgr_req *req;
	size_t len;
	char *target;
	int ret;

	if (!dentry)
		return ERR_PTR(-ECHILD);
	ret = resmgr_connect_call(dentry, RESMGR_OP_READLINK, &a, &req);
	if (ret)
		return ERR_PTR(ret);
	len = req->oh.status;
	target = kmalloc(len + 1, GFP_KERNEL);
	if (target) {
		memcpy(target, req->out_data, len);
		target[len] = 0;
	}
	resmgr_req_put(req);
	if (!target)
		return ERR_PTR(-ENOMEM);
	if (resmgr_readlink_check(target, len)) {
		kfree(target);
		return ERR_PTR(-EIO);
	}
	set_delayed_call(done, kfree_link, target);
	return target;
}

const struct inode_operations resmgr_symlink_inode_ops = {
	.get_link	= resmgr_get_link,
	.getattr	= resmgr_getattr,
	.setattr	= resmgr_setattr,
};
