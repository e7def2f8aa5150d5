// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the "resmgr" filesystem - its superblock and inodes.
 *
 * A server makes an attached name visible by mounting a resmgr
 * filesystem on it with the options "fd=<channel fd>,link=<link id>".
 * The mount's root is the attach point: a directory for a directory
 * prefix (whose names dir.c resolves), otherwise a single device-like
 * node.  Nothing about it is cached: attributes come from the server on
 * every stat (attr.c), access is decided by the server on every open
 * (QNX's iofunc_open checks), so a server's answer is never stale.
 */
#include <linux/backing-dev.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/statfs.h>

#include "compat.h"
#include "resmgr_i.h"

static struct file_system_type resmgr_fs_type;

/**
 * resmgr_dentry_path() - the path of @dentry relative to its attach point
 * @dentry:	a dentry of a resmgr superblock
 * @buf:	RESMGR_PATH_BUF bytes
 *
 * "a/b/c", or "" for the attach point itself.  dentry_path_raw() walks
 * the parents under rename_lock's seqcount and retries when a rename
 * raced with it, so the path is one that existed as a whole.
 *
 * Return: the path, inside @buf, or ERR_PTR(-ENAMETOOLONG) when it is
 * longer than RESMGR_PATH_MAX bytes with its NUL.
 */
char *resmgr_dentry_path(struct dentry *dentry, char *buf)
{
	char *p = dentry_path_raw(dentry, buf, RESMGR_PATH_BUF);

	if (IS_ERR(p))
		return ERR_PTR(-ENAMETOOLONG);
	return p + 1;	/* skip the leading '/' */
}

/* Whether @sb is one of ours: its s_fs_info is then a struct resmgr_link. */
bool resmgr_sb_is_ours(struct super_block *sb)
{
	return sb->s_type == &resmgr_fs_type;
}

/*
 * Everything about a new inode but its number.  The root of a link
 * takes its owner from the mounter, every later inode from the root
 * until the server says otherwise (resmgr_stat_apply()).
 */
static int resmgr_inode_setup(struct inode *inode, umode_t mode)
{
	struct super_block *sb = inode->i_sb;
	struct inode *root = sb->s_root ? d_inode(sb->s_root) : NULL;
	struct resmgr_inode_info *ii;

	ii = kzalloc(sizeof(*ii), GFP_KERNEL_ACCOUNT);
	if (!ii)
		return -ENOMEM;
	spin_lock_init(&ii->lock);
	INIT_LIST_HEAD(&ii->ocbs);
	inode->i_private = ii;
	inode->i_mode = (mode & S_IFMT) | (mode & RESMGR_INODE_PERM);
	inode->i_uid = root ? root->i_uid : current_fsuid();
	inode->i_gid = root ? root->i_gid : current_fsgid();
	resmgr_inode_init_times(inode);
	if (S_ISDIR(mode)) {
		inode->i_op = &resmgr_dir_inode_ops;
		inode->i_fop = &resmgr_dir_ops;
		set_nlink(inode, 2);
	} else if (S_ISLNK(mode)) {
		inode->i_op = &resmgr_symlink_inode_ops;
	} else {
		inode->i_op = &resmgr_inode_ops;
		inode->i_fop = &resmgr_file_ops;
		resmgr_mapping_init(inode);
	}
	return 0;
}

/**
 * resmgr_new_inode() - an inode for a name the server resolved
 * @sb:		the superblock
 * @mode:	its type and permissions
 *
 * Directories get the connect table (dir.c), symbolic links ->get_link,
 * everything else, whatever its type, the server's file operations: a
 * device or FIFO under a prefix is the server's to serve, not the
 * kernel's.
 *
 * Return: the inode, or NULL.
 */
struct inode *resmgr_new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = sb->s_root ? get_next_ino() : 1;
	if (resmgr_inode_setup(inode, mode)) {
		iput(inode);
		return NULL;
	}
	return inode;
}

/*
 * Sockets are found by the server's node number: a socket inode is
 * hashed with it as i_ino (compared here without i_private, which an
 * inode being evicted, still hashed, may have freed).
 */
static int resmgr_socket_test(struct inode *inode, void *data)
{
	return S_ISSOCK(inode->i_mode) && inode->i_ino == *(ino_t *)data;
}

static int resmgr_socket_set(struct inode *inode, void *data)
{
	inode->i_ino = *(ino_t *)data;
	inode->i_mode = S_IFSOCK;
	return 0;
}

/**
 * resmgr_node_inode() - the inode for a node the server numbered
 * @sb:		the superblock
 * @mode:	its type and permissions
 * @server_ino:	the server's number for the node (struct resmgr_stat.ino),
 *		0 if unknown
 *
 * Every name gets an inode of its own (resmgr_new_inode()) but a unix
 * socket's: Linux finds a bound socket by its inode, so however often
 * the name is looked up again (an open refreshes it, see
 * resmgr_d_revalidate()), it must come back to the inode bind() made
 * while that lives.  Unlinking or renaming over it unhashes the inode
 * (resmgr_socket_forget()), so a new node that reuses the number is not
 * taken for it.
 *
 * Return: the inode (a new reference), or NULL.
 */
struct inode *resmgr_node_inode(struct super_block *sb, umode_t mode,
				u64 server_ino)
{
	ino_t ino = server_ino;
	struct inode *inode;

	if (!S_ISSOCK(mode) || !ino)
		return resmgr_new_inode(sb, mode);
	inode = iget5_locked(sb, ino, resmgr_socket_test, resmgr_socket_set,
			     &ino);
	if (!inode || !(inode->i_state & I_NEW))
		return inode;
	if (resmgr_inode_setup(inode, mode)) {
		iget_failed(inode);
		return NULL;
	}
	unlock_new_inode(inode);
	return inode;
}

/**
 * resmgr_socket_forget() - a socket's node is gone from the server
 * @inode: the inode of the name unlinked or replaced
 */
void resmgr_socket_forget(struct inode *inode)
{
	if (S_ISSOCK(inode->i_mode))
		remove_inode_hash(inode);
}

static int resmgr_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	simple_statfs(dentry, buf);
	buf->f_type = RESMGR_SUPER_MAGIC;
	return 0;
}

/* Every open holds its inode, so no OCB is listed on it any more. */
static void resmgr_evict_inode(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
	clear_inode(inode);
	kfree(inode->i_private);
	inode->i_private = NULL;
}

static const struct super_operations resmgr_super_ops = {
	.statfs		= resmgr_statfs,
	.evict_inode	= resmgr_evict_inode,
	.drop_inode	= generic_delete_inode,
};

static int resmgr_fill_super(struct super_block *sb, struct fs_context *fc)
{
	/* sget_fc() moved the link reference from fc to the superblock. */
	struct resmgr_link *link = resmgr_sb_link(sb);
	struct inode *inode;

	sb->s_magic = RESMGR_SUPER_MAGIC;
	sb->s_op = &resmgr_super_ops;
	/*
	 * Not SB_I_NODEV: may_open() would then refuse every S_IFCHR name,
	 * the attach point of a device-like server (/dev/ser1) included, and
	 * it guards nothing here, as our device nodes never get an i_rdev or
	 * the kernel's device fops.  Programs run from here: exec reads them
	 * through the page cache (mapping.c).
	 */
	sb->s_time_gran = 1;
	/* Sizes are the server's: let fallocate and truncate reach it. */
	sb->s_maxbytes = MAX_LFS_FILESIZE;

	/* Under a directory prefix names come and go behind our back. */
	if (S_ISDIR(link->mode))
		sb->s_d_op = &resmgr_dentry_ops;
	/*
	 * Where regular files can be, a backing device of our own gives
	 * their mappings readahead (the shared no-op one has none, so every
	 * fault would be a READ of one page): resmgr_readahead() reads a
	 * window with one message.  A device's attach needs none.
	 */
	if (S_ISDIR(link->mode) || S_ISREG(link->mode)) {
		int ret = super_setup_bdi(sb);

		if (ret)
			return ret;
		sb->s_bdi->ra_pages = RESMGR_READAHEAD_PAGES;
		sb->s_bdi->io_pages = RESMGR_READAHEAD_PAGES;
	}
	inode = resmgr_new_inode(sb, link->mode);
	if (!inode)
		return -ENOMEM;
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
	if (link) {
		/* A dead server's mount under this one can go now. */
		resmgr_union_kick(link);
		resmgr_link_put(link);
	}
}

static struct file_system_type resmgr_fs_type = {
	.owner		= THIS_MODULE,
	.name		= "resmgr",
	.init_fs_context = resmgr_init_fs_context,
	.parameters	= resmgr_fs_params,
	.kill_sb	= resmgr_kill_sb,
};

int __init resmgr_fs_init(void)
{
	return register_filesystem(&resmgr_fs_type);
}

void resmgr_fs_exit(void)
{
	unregister_filesystem(&resmgr_fs_type);
}
