// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: a file's attributes - stat(2), access(2), chmod(2) and the
 * other setattrs.
 *
 * Nothing is cached: attributes come from the server on every stat
 * (STAT_PATH by name, STAT on an open once the name is gone), and every
 * change goes to the server, which alone decides whether the caller may
 * make it, as QNX's iofunc_stat, iofunc_chmod, iofunc_chown and
 * iofunc_utime do.  What the inode keeps (permission bits, owner, size)
 * is the server's last answer, for the VFS's own checks.
 */
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mnt_idmapping.h>
#include <linux/sched/signal.h>
#include <linux/user_namespace.h>

#include "compat.h"
#include "resmgr_i.h"

/*
 * The owner in @st as @sb's own server would give it.  In a union the
 * answer may come from a server in another user namespace than the one
 * the superblock's link (and resmgr_stat_apply()) maps ids with.
 */
static void resmgr_stat_owner_from(struct resmgr_stat *st,
				   struct resmgr_chan *from,
				   struct super_block *sb)
{
	struct user_namespace *to = resmgr_sb_link(sb)->chan->user_ns;

	if (from->user_ns == to)
		return;
	st->uid = from_kuid_munged(to, make_kuid(from->user_ns, st->uid));
	st->gid = from_kgid_munged(to, make_kgid(from->user_ns, st->gid));
}

/**
 * resmgr_stat_path() - STAT_PATH of @dentry's path
 * @dentry:	the name
 * @eflag:	RESMGR_EFLAG_*
 * @st:		gets the server's answer
 * @key:	if not NULL, gets the node's key (resmgr_node_inode())
 *
 * Return: 0, the server's errno negated, -ESTALE for a symbolic link to
 * follow, or the error of sending it.
 */
int resmgr_stat_path(struct dentry *dentry, u16 eflag, struct resmgr_stat *st,
		     struct resmgr_node_key *key)
{
	struct resmgr_connect_args a = { .eflag = eflag };
	struct resmgr_req *req;
	int ret;

	ret = resmgr_connect_call(dentry, RESMGR_OP_STAT_PATH, &a, &req);
	if (ret)
		return ret;
	*st = req->out.stat;
	if (key)
		resmgr_node_key_init(key, req->chan, st, 0);
	resmgr_stat_owner_from(st, req->chan, dentry->d_sb);
	resmgr_req_put(req);
	return 0;
}

/**
 * resmgr_stat_apply() - what the server said of a file, into its inode
 * @inode:	the inode
 * @st:		the server's answer
 *
 * The inode's type is fixed when it is made; permissions (but the set-id
 * bits) and owner follow the server, so that the VFS's own checks
 * (access(2), chdir(2)) judge what the server says now.
 */
void resmgr_stat_apply(struct inode *inode, const struct resmgr_stat *st)
{
	struct resmgr_link *link = inode->i_sb->s_fs_info;
	struct resmgr_inode_info *ii = resmgr_ii(inode);
	struct user_namespace *ns = link->chan->user_ns;
	kuid_t uid = make_kuid(ns, st->uid);
	kgid_t gid = make_kgid(ns, st->gid);

	spin_lock(&inode->i_lock);
	if (!ii->key_chan)
		ii->node = st->ino;
	inode->i_mode = (inode->i_mode & S_IFMT) |
			(st->mode & RESMGR_INODE_PERM);
	inode->i_uid = uid_valid(uid) ? uid : GLOBAL_ROOT_UID;
	inode->i_gid = gid_valid(gid) ? gid : GLOBAL_ROOT_GID;
	spin_unlock(&inode->i_lock);
}

/**
 * resmgr_inode_node() - the server's number for an inode's node
 * @inode:	the inode
 *
 * Return: what the server's last STAT of it said, 0 if none did.
 */
u64 resmgr_inode_node(struct inode *inode)
{
	struct resmgr_inode_info *ii = resmgr_ii(inode);
	u64 node;

	spin_lock(&inode->i_lock);
	node = ii->node;
	spin_unlock(&inode->i_lock);
	return node;
}

/*
 * i_size_write()'s writers must be serialized (on 32-bit SMP it is a
 * seqcount).  ->setattr runs under i_rwsem but ->getattr does not, so
 * every write of our i_size takes i_lock instead, as the i_mode and
 * owner updates of resmgr_stat_apply() do.
 */
static void resmgr_set_size(struct inode *inode, loff_t size)
{
	spin_lock(&inode->i_lock);
	i_size_write(inode, size);
	spin_unlock(&inode->i_lock);
}

/* STAT on the server OCB of @file's open. */
static int resmgr_stat_file(struct file *file, struct resmgr_stat *st)
{
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_req *req;
	int ret;

	req = resmgr_req_alloc(ocb->link->chan, RESMGR_OP_STAT, ocb->link,
			       ocb->close_req.ih.ocb);
	if (!req)
		return -ENOMEM;
	ret = resmgr_req_send(req);
	if (!ret && req->oh.error)
		ret = -req->oh.error;
	if (!ret)
		*st = req->out.stat;
	resmgr_req_put(req);
	return ret;
}

/**
 * resmgr_stat_open() - STAT on the server OCB of one of @inode's opens
 * @inode:	the inode
 * @st:		gets the server's answer
 *
 * Return: 0, -ENOENT when nothing is open, or the server's errno.
 */
int resmgr_stat_open(struct inode *inode, struct resmgr_stat *st)
{
	struct file *file;
	int ret;

	file = resmgr_inode_open_get(inode, NULL);
	if (!file)
		return -ENOENT;
	ret = resmgr_stat_file(file, st);
	fput(file);
	return ret;
}

/**
 * resmgr_open_size() - the size an OPEN reply gave, into the inode
 * @inode:	the inode opened
 * @out:	the reply; nothing without RESMGR_OPEN_SIZE
 */
void resmgr_open_size(struct inode *inode, const struct resmgr_open_out *out)
{
	if (out->flags & RESMGR_OPEN_SIZE)
		resmgr_set_size(inode, min_t(u64, out->size, MAX_LFS_FILESIZE));
}

/**
 * resmgr_size_at_least() - a write through us ended at @end
 * @inode:	the regular file written
 * @end:	where the bytes it took end
 *
 * The file is at least that long now, whatever else the server did:
 * copy_file_range(2) stops at i_size (generic_copy_file_checks()), and
 * must not miss what this very open wrote.  Never shrinks it.
 */
void resmgr_size_at_least(struct inode *inode, loff_t end)
{
	spin_lock(&inode->i_lock);
	if (end > i_size_read(inode))
		i_size_write(inode, min_t(loff_t, end, MAX_LFS_FILESIZE));
	spin_unlock(&inode->i_lock);
}

/**
 * resmgr_refresh_size() - learn an open file's size and mode from the server
 * @file: the open file
 *
 * Return: 0 or -errno.
 */
int resmgr_refresh_size(struct file *file)
{
	struct inode *inode = file_inode(file);
	struct resmgr_stat st;
	int ret;

	ret = resmgr_stat_file(file, &st);
	if (ret)
		return ret;
	resmgr_stat_apply(inode, &st);
	resmgr_set_size(inode, min_t(u64, st.size, MAX_LFS_FILESIZE));
	return 0;
}

/*
 * stat(2) and fstat(2) both arrive here with no open file.  While the
 * dentry still names the file, both ask the server as QNX's stat() does:
 * open, stat and close in one message (STAT_PATH) of the file's path.
 * A renamed file's dentry has moved with it (d_move), so its path is
 * still right.
 *
 * An unhashed dentry (other than the attach point, a root, which is never
 * hashed) no longer names its file: it was unlinked, removed
 * or renamed over, and the path may now name another file or none.  Only
 * an open file can be asked about then (fstat(2) must describe the open
 * file, as POSIX says), so STAT goes to one of its opens.  With none (a
 * removed working directory, an O_PATH descriptor) there is nothing that
 * still names it for the server: ENOENT, rather than STAT_PATH's answer
 * about whatever the name means now.
 */
int resmgr_getattr(resmgr_idmap_t *idmap, const struct path *path,
		   struct kstat *stat, u32 request_mask,
		   unsigned int query_flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct resmgr_link *link = resmgr_sb_link(inode->i_sb);
	struct user_namespace *ns = link->chan->user_ns;
	struct resmgr_stat st;
	int ret;

	/*
	 * AT_STATX_DONT_SYNC asks for what is known without a round trip,
	 * as NFS and FUSE give it: the inode's type, mode and owner as the
	 * server last said.  A server can so learn a mount id (statx) of its
	 * own name without sending itself a message it may be too busy to
	 * answer.
	 */
	if ((query_flags & AT_STATX_SYNC_TYPE) == AT_STATX_DONT_SYNC) {
		resmgr_fillattr(idmap, request_mask, inode, stat);
		return 0;
	}
	/*
	 * The attach point is a root: never hashed, and never removed.  A
	 * pipe whose name is gone lives on in the kernel alone: it is what
	 * the server last said of it.
	 */
	if (!IS_ROOT(path->dentry) && d_unhashed(path->dentry) &&
	    resmgr_kernel_fifo(inode)) {
		resmgr_fillattr(idmap, request_mask, inode, stat);
		return 0;
	}
	if (!IS_ROOT(path->dentry) && d_unhashed(path->dentry))
		ret = resmgr_stat_open(inode, &st);
	else
		ret = resmgr_stat_path(path->dentry, 0, &st, NULL);
	if (ret)
		return ret;

	resmgr_stat_apply(inode, &st);
	resmgr_fillattr(idmap, request_mask, inode, stat);
	/* The node's type is fixed by the attach; the rest is the server's. */
	stat->mode = (inode->i_mode & S_IFMT) | (st.mode & 07777);
	stat->nlink = st.nlink;
	stat->uid = make_kuid(ns, st.uid);
	stat->gid = make_kgid(ns, st.gid);
	stat->size = min_t(u64, st.size, MAX_LFS_FILESIZE);
	stat->blocks = st.blocks;
	if (st.blksize)
		stat->blksize = st.blksize;
	if (st.ino)
		stat->ino = st.ino;
	stat->rdev = S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode) ?
		     new_decode_dev(st.rdev) : 0;
	stat->atime.tv_sec = st.atime_sec;
	stat->atime.tv_nsec = min_t(u32, st.atime_nsec, NSEC_PER_SEC - 1);
	stat->mtime.tv_sec = st.mtime_sec;
	stat->mtime.tv_nsec = min_t(u32, st.mtime_nsec, NSEC_PER_SEC - 1);
	stat->ctime.tv_sec = st.ctime_sec;
	stat->ctime.tv_nsec = min_t(u32, st.ctime_nsec, NSEC_PER_SEC - 1);
	resmgr_set_size(inode, stat->size);
	return 0;
}

/*
 * The server is the authority on access, as on QNX: open sends the
 * client's credentials and the access wanted, and iofunc_open() checks.
 * Three questions are asked of the kernel that no open answers: access(2)
 * (MAY_ACCESS), chdir(2) (MAY_CHDIR) and whether execve(2) may run a
 * regular file (MAY_EXEC: the server granted a read open, which says
 * nothing of the execute bits).  For them the file's mode and owner come
 * from the server (STAT_PATH) and the usual rules apply, so that a
 * client gets the answer a QNX server's own check would give, and a
 * program with no execute bit fails EACCES, even for root.  The cost is
 * one message per access(2), chdir(2) and execve(2).
 */
int resmgr_permission(resmgr_idmap_t *idmap, struct inode *inode, int mask)
{
	bool exec = mask & MAY_EXEC && S_ISREG(inode->i_mode);
	struct resmgr_stat st;
	struct dentry *dentry;
	int ret;

	if (!exec && !(mask & (MAY_ACCESS | MAY_CHDIR)))
		return 0;
	if (mask & MAY_NOT_BLOCK)
		return -ECHILD;
	/*
	 * Our inodes have one dentry each (no hard links are cached).  The
	 * attach point is a root, never hashed, which d_find_alias() skips
	 * for all but directories: take it from the superblock.
	 */
	if (inode == d_inode(inode->i_sb->s_root))
		dentry = dget(inode->i_sb->s_root);
	else
		dentry = d_find_alias(inode);
	if (dentry) {
		ret = resmgr_stat_path(dentry, 0, &st, NULL);
		dput(dentry);
	} else if (exec) {
		/*
		 * A program no longer under any name (unlinked while open,
		 * run with execveat(AT_EMPTY_PATH)): ask through its open.
		 */
		ret = resmgr_stat_open(inode, &st);
		if (ret == -ENOENT)
			ret = -EACCES;
	} else {
		return 0;
	}
	if (ret)
		return ret;
	resmgr_stat_apply(inode, &st);
	return generic_permission(idmap, inode, mask);
}

/* The I/O part of a COMBINE: struct resmgr_io_extra, then the body. */
struct resmgr_combine_extra {
	struct resmgr_io_extra x;
	union {
		struct resmgr_space_in space;
		struct resmgr_chmod_in chmod;
		struct resmgr_chown_in chown;
		struct resmgr_utime_in utime;
	} body;
};

/*
 * chmod, chown, utimensat and truncate by path, and their f* forms,
 * which the VFS hands us without the file: open + the I/O message +
 * close in one COMBINE, as QNX's combine messages do.  The open asks for
 * no access (ioflag 0): the server checks what the operation needs.
 */
static int resmgr_combine(struct dentry *dentry, u16 opcode,
			  const void *body, u32 body_len)
{
	struct resmgr_combine_extra e = {};
	struct resmgr_connect_args a = {
		.extra_type = RESMGR_EXTRA_IO,
		.extra = &e,
		.extra_len = sizeof(e.x) + body_len,
	};

	e.x.opcode = opcode;
	e.x.body_len = body_len;
	memcpy(&e.body, body, body_len);
	/* Its reply has no body and a status >= 0 (resmgr_reply_check()). */
	return resmgr_connect_call(dentry, RESMGR_OP_COMBINE, &a, NULL);
}

/* Whether @file is an open of ours, granted: one with a kernel OCB. */
static bool resmgr_file_is_open(const struct file *file)
{
	return (file->f_op == &resmgr_file_ops ||
		file->f_op == &resmgr_stream_ops ||
		file->f_op == &resmgr_dir_ops) && file->private_data;
}

/* A setattr as its I/O message on @file's open, as QNX's f* calls do. */
static int resmgr_file_setattr(struct file *file, u16 opcode,
			       const void *body, u32 body_len)
{
	struct resmgr_req *req;
	int ret;

	req = resmgr_io_req(file, opcode);
	if (!req)
		return -ENOMEM;
	memcpy(&req->in, body, body_len);
	req->in_body_len = body_len;
	/* Its reply has no body and a status >= 0 (resmgr_reply_check()). */
	ret = resmgr_io_call(file, req);
	resmgr_req_put(req);
	return ret;
}

/*
 * Where a setattr goes.  ftruncate(2) comes with its open (ATTR_FILE):
 * SPACE on it, whatever kind of open it is.  fchmod(2), fchown(2) and
 * futimens(2) come with only the dentry, as chmod(2) does: a name still
 * hashed names the file (a rename moved the dentry with it), so the
 * message goes by path, as a COMBINE.  An unhashed dentry (other than an
 * attach point, a root) was unlinked or renamed over, and its path may
 * now name another file, which must not be changed: the message goes on
 * one of the file's own opens made with the caller's ids, as fstat(2)'s
 * STAT does (resmgr_getattr()), and with none there is nothing left that
 * names the file for the server: ENOENT.
 */
static int resmgr_setattr_send(struct dentry *dentry, const struct iattr *attr,
			       u16 opcode, const void *body, u32 body_len)
{
	struct file *file = attr->ia_valid & ATTR_FILE ? attr->ia_file : NULL;
	int ret;

	if (file && resmgr_file_is_open(file))
		return resmgr_file_setattr(file, opcode, body, body_len);
	if (IS_ROOT(dentry) || !d_unhashed(dentry))
		return resmgr_combine(dentry, opcode, body, body_len);
	file = resmgr_inode_open_get(d_inode(dentry), current_cred());
	if (!file)
		return -ENOENT;
	ret = resmgr_file_setattr(file, opcode, body, body_len);
	fput(file);
	return ret;
}

/*
 * The new size is the server's to judge, but two limits are the
 * kernel's alone: the caller's RLIMIT_FSIZE (with its SIGXFSZ) and what
 * the VFS can address.  inode_newsize_ok() would apply the rlimit only
 * when the size grows, judged from our cached i_size, which may be stale,
 * so any size above the limit is refused, growing or not.
 */
static int resmgr_newsize_ok(struct inode *inode, loff_t size)
{
	if (size > rlimit(RLIMIT_FSIZE)) {
		send_sig(SIGXFSZ, current, 0);
		return -EFBIG;
	}
	return size > inode->i_sb->s_maxbytes ? -EFBIG : 0;
}

static int resmgr_truncate(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	struct resmgr_space_in space = {
		.cmd = RESMGR_SPACE_FREE,
		.start = attr->ia_size,
		.len = 0,	/* everything from start on: the file ends there */
	};
	int ret;

	ret = resmgr_newsize_ok(inode, attr->ia_size);
	if (ret)
		return ret;
	return resmgr_setattr_send(dentry, attr, RESMGR_OP_SPACE, &space,
				   sizeof(space));
}

/*
 * chown(2): both ids in one CHOWN, in the server's user namespace.  An id
 * the server's namespace cannot represent is refused with EINVAL, as
 * chown(2) refuses an id the caller's own namespace cannot map; sending
 * it as RESMGR_ID_UNCHANGED would silently do nothing instead.
 */
static int resmgr_chown(resmgr_idmap_t *idmap, struct dentry *dentry,
			struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	struct resmgr_link *link = resmgr_sb_link(inode->i_sb);
	struct user_namespace *ns = link->chan->user_ns;
	struct resmgr_chown_in co = {
		.uid = RESMGR_ID_UNCHANGED,
		.gid = RESMGR_ID_UNCHANGED,
	};
	kuid_t uid = from_vfsuid(idmap, i_user_ns(inode), attr->ia_vfsuid);
	kgid_t gid = from_vfsgid(idmap, i_user_ns(inode), attr->ia_vfsgid);
	int ret;

	if (attr->ia_valid & ATTR_UID) {
		co.uid = from_kuid(ns, uid);
		if (co.uid == (u32)-1)
			return -EINVAL;
	}
	if (attr->ia_valid & ATTR_GID) {
		co.gid = from_kgid(ns, gid);
		if (co.gid == (u32)-1)
			return -EINVAL;
	}
	ret = resmgr_setattr_send(dentry, attr, RESMGR_OP_CHOWN, &co,
				  sizeof(co));
	/*
	 * The VFS judges the sticky bit of a directory by its cached owner
	 * (may_delete()), and a directory in the middle of a path is not
	 * asked about again: keep what the server just did.
	 */
	if (!ret) {
		spin_lock(&inode->i_lock);
		if (attr->ia_valid & ATTR_UID)
			inode->i_uid = uid;
		if (attr->ia_valid & ATTR_GID)
			inode->i_gid = gid;
		spin_unlock(&inode->i_lock);
	}
	return ret;
}

/*
 * utimensat(2), futimens(2), utime(2).  notify_change() has filled both
 * times, "now" for those not given explicitly (*_SET absent).  With
 * neither given (NULL times, or UTIME_NOW for each) the server may use
 * its own clock (RESMGR_UTIME_NOW); otherwise the explicit time and our
 * "now" for the other go as they are.  UTIME_OMIT leaves the bit out.
 */
static int resmgr_utime(struct dentry *dentry, const struct iattr *attr)
{
	unsigned int valid = attr->ia_valid;
	struct resmgr_utime_in ut = {
		.atime_sec = attr->ia_atime.tv_sec,
		.atime_nsec = attr->ia_atime.tv_nsec,
		.mtime_sec = attr->ia_mtime.tv_sec,
		.mtime_nsec = attr->ia_mtime.tv_nsec,
	};

	if (valid & ATTR_ATIME)
		ut.flags |= RESMGR_UTIME_ATIME;
	if (valid & ATTR_MTIME)
		ut.flags |= RESMGR_UTIME_MTIME;
	if (!(valid & (ATTR_ATIME_SET | ATTR_MTIME_SET)))
		ut.flags |= RESMGR_UTIME_NOW;
	return resmgr_setattr_send(dentry, attr, RESMGR_OP_UTIME, &ut,
				   sizeof(ut));
}

/*
 * Every attribute change goes to the server, which alone decides whether
 * the caller may make it (QNX's iofunc_chmod/chown/utime checks), so
 * setattr_prepare() is not called: its ownership checks would judge the
 * caller against the attach point's cached owner and mode, not the
 * file's.  What it does that only the kernel can, the file size limits,
 * is resmgr_newsize_ok(); the security hook already ran in
 * notify_change(), and with no xattrs there is no capability to kill.
 */
int resmgr_setattr(resmgr_idmap_t *idmap, struct dentry *dentry,
		   struct iattr *attr)
{
	unsigned int valid = attr->ia_valid;
	int ret;

	/*
	 * O_TRUNC: the server saw it in the open's ioflag and truncated (and
	 * touched the times) in its open handler.
	 */
	if (valid & ATTR_OPEN)
		return 0;
	/*
	 * notify_change() turns ATTR_KILL_SUID/SGID (chown, truncate) into a
	 * mode computed from our cached i_mode, the attach point's, not the
	 * file's; a CHMOD from it would overwrite the server's mode with
	 * stale bits.  Clearing set-id bits on chown and truncate is the
	 * server's job, done on its own mode, as QNX's iofunc layer does.
	 */
	if (valid & (ATTR_KILL_SUID | ATTR_KILL_SGID))
		valid &= ~ATTR_MODE;

	if (valid & ATTR_SIZE) {
		/*
		 * The times a truncate carries (ATTR_MTIME | ATTR_CTIME from
		 * ftruncate) are the server's to update with the size, as
		 * QNX's iofunc_space does.
		 */
		ret = resmgr_truncate(dentry, attr);
		if (ret >= 0) {
			resmgr_set_size(d_inode(dentry), attr->ia_size);
			resmgr_mapping_changed(d_inode(dentry));
		}
		return ret;
	}
	if (valid & (ATTR_UID | ATTR_GID)) {
		ret = resmgr_chown(idmap, dentry, attr);
		if (ret)
			return ret;
	}
	if (valid & ATTR_MODE) {
		struct resmgr_chmod_in cm = { .mode = attr->ia_mode & 07777 };

		ret = resmgr_setattr_send(dentry, attr, RESMGR_OP_CHMOD, &cm,
					  sizeof(cm));
		if (ret)
			return ret;
		/* The cached mode, as for the owner in resmgr_chown(). */
		spin_lock(&d_inode(dentry)->i_lock);
		d_inode(dentry)->i_mode = (d_inode(dentry)->i_mode & S_IFMT) |
					  (cm.mode & RESMGR_INODE_PERM);
		spin_unlock(&d_inode(dentry)->i_lock);
	}
	if (valid & (ATTR_ATIME | ATTR_MTIME))
		return resmgr_utime(dentry, attr);
	/*
	 * ATTR_CTIME alone asks for nothing the server does not already do:
	 * no system call sets ctime, and the server updates it itself with
	 * every change it makes.  The kill-priv bits are done above.
	 */
	return 0;
}

/* A name that is neither a directory nor a symbolic link: attributes. */
const struct inode_operations resmgr_inode_ops = {
	.getattr	= resmgr_getattr,
	.permission	= resmgr_permission,
	.setattr	= resmgr_setattr,
};
