// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the "resmgr" filesystem.
 *
 * A server makes an attached name visible by mounting a resmgr
 * filesystem on it with the options "fd=<channel fd>,link=<link id>".
 * The mount's root is the attach point: a directory for a directory
 * prefix, otherwise a single device-like node.  Nothing about it is
 * cached: attributes come from the server on every stat, access is
 * decided by the server on every open (QNX's iofunc_open checks), so a
 * server's answer is never stale.
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/user_namespace.h>

#include "compat.h"
#include "resmgr_i.h"

/**
 * resmgr_connect_fill() - build the connect body and data of a request
 * @req:	an OPEN or STAT_PATH request
 * @link:	the link it goes through
 * @f_flags:	open(2) flags (0 for STAT_PATH)
 * @f_mode:	FMODE_READ/FMODE_WRITE asked for
 *
 * The data is the client's supplementary groups, then the path relative
 * to the attach point (always "" until directory prefixes resolve names).
 *
 * Return: 0 or -errno.
 */
int resmgr_connect_fill(struct resmgr_req *req, struct resmgr_link *link,
			unsigned int f_flags, fmode_t f_mode)
{
	const struct cred *cred = current_cred();
	struct user_namespace *ns = link->chan->user_ns;
	struct resmgr_connect_in *c = &req->in.connect;
	const char *path = "";
	size_t path_len = strlen(path) + 1;
	unsigned int ngroups, i;
	u32 *groups;
	int ret;

	ngroups = min_t(unsigned int, cred->group_info->ngroups,
			RESMGR_CONNECT_GROUPS_MAX);
	ret = resmgr_req_alloc_data(req, ngroups * sizeof(u32) + path_len, 0);
	if (ret)
		return ret;

	c->ioflag = resmgr_ioflag_encode(f_flags);
	c->access = (f_mode & FMODE_READ ? RESMGR_IOFLAG_READ : 0) |
		    (f_mode & FMODE_WRITE ? RESMGR_IOFLAG_WRITE : 0);
	c->umask = current_umask();
	c->path_len = path_len;
	c->ngroups = ngroups;
	c->cred.ruid = from_kuid_munged(ns, cred->uid);
	c->cred.euid = from_kuid_munged(ns, cred->euid);
	c->cred.suid = from_kuid_munged(ns, cred->suid);
	c->cred.fsuid = from_kuid_munged(ns, cred->fsuid);
	c->cred.rgid = from_kgid_munged(ns, cred->gid);
	c->cred.egid = from_kgid_munged(ns, cred->egid);
	c->cred.sgid = from_kgid_munged(ns, cred->sgid);
	c->cred.fsgid = from_kgid_munged(ns, cred->fsgid);
	req->in_body_len = sizeof(*c);

	groups = req->in_data;
	for (i = 0; i < ngroups; i++)
		groups[i] = from_kgid_munged(ns, cred->group_info->gid[i]);
	memcpy(groups + ngroups, path, path_len);
	return 0;
}

static struct resmgr_link *resmgr_sb_link(struct super_block *sb)
{
	return sb->s_fs_info;
}

/*
 * stat(2) and fstat(2) both arrive here with no open file, so both ask
 * the server as QNX's stat() does: open, stat and close in one message
 * (STAT_PATH).
 */
static int resmgr_getattr(resmgr_idmap_t *idmap, const struct path *path,
			  struct kstat *stat, u32 request_mask,
			  unsigned int query_flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct resmgr_link *link = resmgr_sb_link(inode->i_sb);
	struct user_namespace *ns = link->chan->user_ns;
	struct resmgr_stat *st;
	struct resmgr_req *req;
	int ret;

	req = resmgr_req_alloc(link->chan, RESMGR_OP_STAT_PATH, link, 0);
	if (!req)
		return -ENOMEM;
	ret = resmgr_connect_fill(req, link, 0, 0);
	if (!ret)
		ret = resmgr_req_send(req);
	if (!ret && req->oh.error)
		ret = -req->oh.error;
	if (ret)
		goto out;

	st = &req->out.stat;
	resmgr_fillattr(idmap, request_mask, inode, stat);
	/* The node's type is fixed by the attach; the rest is the server's. */
	stat->mode = (inode->i_mode & S_IFMT) | (st->mode & 07777);
	stat->nlink = st->nlink;
	stat->uid = make_kuid(ns, st->uid);
	stat->gid = make_kgid(ns, st->gid);
	stat->size = min_t(u64, st->size, MAX_LFS_FILESIZE);
	stat->blocks = st->blocks;
	if (st->blksize)
		stat->blksize = st->blksize;
	if (st->ino)
		stat->ino = st->ino;
	stat->rdev = S_ISCHR(inode->i_mode) ? new_decode_dev(st->rdev) : 0;
	stat->atime.tv_sec = st->atime_sec;
	stat->atime.tv_nsec = min_t(u32, st->atime_nsec, NSEC_PER_SEC - 1);
	stat->mtime.tv_sec = st->mtime_sec;
	stat->mtime.tv_nsec = min_t(u32, st->mtime_nsec, NSEC_PER_SEC - 1);
	stat->ctime.tv_sec = st->ctime_sec;
	stat->ctime.tv_nsec = min_t(u32, st->ctime_nsec, NSEC_PER_SEC - 1);
	i_size_write(inode, stat->size);
out:
	resmgr_req_put(req);
	return ret;
}

/*
 * The server is the authority on access, as on QNX: open sends the
 * client's credentials and the access wanted, and iofunc_open() checks.
 */
static int resmgr_permission(resmgr_idmap_t *idmap, struct inode *inode,
			     int mask)
{
	return 0;
}

static int resmgr_setattr(resmgr_idmap_t *idmap, struct dentry *dentry,
			  struct iattr *attr)
{
	/* O_TRUNC reached the server in the open's ioflag already. */
	if ((attr->ia_valid & ~(ATTR_SIZE | ATTR_OPEN | ATTR_MTIME | ATTR_CTIME)) == 0 &&
	    attr->ia_valid & ATTR_OPEN)
		return 0;
	/* chmod, chown, utime and truncate by path come with the I/O table. */
	return -EOPNOTSUPP;
}

static const struct inode_operations resmgr_inode_ops = {
	.getattr	= resmgr_getattr,
	.permission	= resmgr_permission,
	.setattr	= resmgr_setattr,
};

/*
 * A directory prefix.  Names under it are resolved by the server in one
 * message per path (a later step); until then none exist.
 */
static const struct inode_operations resmgr_dir_inode_ops = {
	.lookup		= simple_lookup,
	.getattr	= resmgr_getattr,
	.permission	= resmgr_permission,
	.setattr	= resmgr_setattr,
};

static int resmgr_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	simple_statfs(dentry, buf);
	buf->f_type = RESMGR_SUPER_MAGIC;
	return 0;
}

static const struct super_operations resmgr_super_ops = {
	.statfs		= resmgr_statfs,
	.drop_inode	= generic_delete_inode,
};

static int resmgr_fill_super(struct super_block *sb, struct fs_context *fc)
{
	/* sget_fc() moved the link reference from fc to the superblock. */
	struct resmgr_link *link = resmgr_sb_link(sb);
	struct inode *inode;

	sb->s_magic = RESMGR_SUPER_MAGIC;
	sb->s_op = &resmgr_super_ops;
	sb->s_time_gran = 1;

	inode = new_inode(sb);
	if (!inode)
		return -ENOMEM;
	inode->i_ino = 1;
	inode->i_mode = link->mode;
	inode->i_uid = current_fsuid();
	inode->i_gid = current_fsgid();
	resmgr_inode_init_times(inode);
	inode->i_op = &resmgr_inode_ops;
	inode->i_fop = &resmgr_file_ops;
	if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &resmgr_dir_inode_ops;
		set_nlink(inode, 2);
	}
	sb->s_root = d_make_root(inode);
	return sb->s_root ? 0 : -ENOMEM;
}

enum { RESMGR_OPT_FD, RESMGR_OPT_LINK };

static const struct fs_parameter_spec resmgr_fs_params[] = {
	fsparam_u32("fd", RESMGR_OPT_FD),
	fsparam_u32("link", RESMGR_OPT_LINK),
	{}
};

struct resmgr_fs_opts {
	int fd;
	u32 link;
	bool has_fd, has_link;
};

static int resmgr_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct resmgr_fs_opts *o = fc->fs_private;
	struct fs_parse_result result;
	int opt;

	opt = fs_parse(fc, resmgr_fs_params, param, &result);
	if (opt < 0)
		return opt;
	if (opt == RESMGR_OPT_FD) {
		o->fd = result.uint_32;
		o->has_fd = true;
	} else {
		o->link = result.uint_32;
		o->has_link = true;
	}
	return 0;
}

static int resmgr_get_tree(struct fs_context *fc)
{
	struct resmgr_fs_opts *o = fc->fs_private;
	struct resmgr_link *link;

	if (!o->has_fd || !o->has_link)
		return invalf(fc, "resmgr: fd= and link= are required");
	link = resmgr_link_from_fd(o->fd, o->link);
	if (IS_ERR(link))
		return PTR_ERR(link);
	fc->s_fs_info = link;
	return get_tree_nodev(fc, resmgr_fill_super);
}

static void resmgr_free_fc(struct fs_context *fc)
{
	if (fc->s_fs_info)
		resmgr_link_put(fc->s_fs_info);
	kfree(fc->fs_private);
}

static const struct fs_context_operations resmgr_context_ops = {
	.free		= resmgr_free_fc,
	.parse_param	= resmgr_parse_param,
	.get_tree	= resmgr_get_tree,
};

static int resmgr_init_fs_context(struct fs_context *fc)
{
	struct resmgr_fs_opts *opts;

	opts = kzalloc(sizeof(*opts), GFP_KERNEL);
	fc->fs_private = opts;
	if (!opts)
		return -ENOMEM;
	fc->ops = &resmgr_context_ops;
	return 0;
}

static void resmgr_kill_sb(struct super_block *sb)
{
	struct resmgr_link *link = resmgr_sb_link(sb);

	kill_anon_super(sb);
	if (link)
		resmgr_link_put(link);
}

static struct file_system_type resmgr_fs_type = {
	.owner		= THIS_MODULE,
	.name		= "resmgr",
	.init_fs_context = resmgr_init_fs_context,
	.parameters	= resmgr_fs_params,
	.kill_sb	= resmgr_kill_sb,
};
MODULE_ALIAS_FS("resmgr");

int __init resmgr_fs_init(void)
{
	return register_filesystem(&resmgr_fs_type);
}

void resmgr_fs_exit(void)
{
	unregister_filesystem(&resmgr_fs_type);
}
