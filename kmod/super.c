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
static void resmgr_inode_setup(struct inode *inode, umode_t mode)
{
	struct super_block *sb = inode->i_sb;
	struct inode *root = sb->s_root ? d_inode(sb->s_root) : NULL;

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
}

/**
 * resmgr_new_inode() - an inode for a name the server resolved
 * @sb:		the superblock
 * @mode:	its type and permissions
 *
 * Directories get the connect table (dir.c), symbolic links ->get_link,
 * everything else, whatever its type, the server's file operations: a
 * device under a prefix is the server's to serve, not the kernel's (a
 * FIFO too, unless the server numbers it: see resmgr_node_inode()).
 *
 * Return: the inode, or NULL.
 */
struct inode *resmgr_new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = sb->s_root ? get_next_ino() : 1;
	resmgr_inode_setup(inode, mode);
	return inode;
}

/**
 * resmgr_node_key_init() - what names a server's node
 * @key:	filled in
 * @chan:	the channel that answered for it
 * @st:		its STAT, or NULL if none was asked
 * @node:	without @st, the node number an OPEN reply gave, or 0
 */
void resmgr_node_key_init(struct resmgr_node_key *key,
			  struct resmgr_chan *chan, const struct resmgr_stat *st,
			  u64 node)
{
	key->chan = chan->serial;
	key->node = st ? st->ino : node;
	key->stat = st;
	key->ident = READ_ONCE(chan->features) & RESMGR_FEAT_OPEN_NODE;
}

/*
 * Keyed inodes are hashed by channel and node (hashval is only a hint);
 * both are set before the inode is hashed and never change, and the
 * type is part of the key, so this reads nothing a concurrent
 * resmgr_stat_apply() writes.  The inode stays ours to read until it
 * leaves the hash, as resmgr_free_inode() frees it after that.
 */
static int resmgr_node_test(struct inode *inode, void *data)
{
	const struct resmgr_node_key *key = data;
	const struct resmgr_inode_info *ii = resmgr_ii(inode);

	return !((inode->i_mode ^ key->type) & S_IFMT) &&
	       ii->key_chan == key->chan && ii->node == key->node;
}

static int resmgr_node_set(struct inode *inode, void *data)
{
	const struct resmgr_node_key *key = data;
	struct resmgr_inode_info *ii = resmgr_ii(inode);

	inode->i_ino = key->node;
	inode->i_mode = key->type & S_IFMT;
	ii->key_chan = key->chan;
	ii->node = key->node;
	return 0;
}

/*
 * Whether @mode's inode is shared by every name of its node: a unix
 * socket's always (Linux finds a bound socket by its inode, so however
 * often the name is looked up again, it must come back to the inode
 * bind() made while that lives), a regular file's when the server said
 * its numbers name its files (RESMGR_FEAT_OPEN_NODE): flock(2), exec's
 * write denial and the page cache then belong to the file, not to one
 * name or open of it.
 */
static bool resmgr_node_keyed(umode_t mode, const struct resmgr_node_key *key)
{
	if (!key || !key->node)
		return false;
	return S_ISSOCK(mode) || S_ISFIFO(mode) ||
	       (S_ISREG(mode) && key->ident);
}

/**
 * resmgr_node_inode() - the inode for a node the server numbered
 * @sb:		the superblock
 * @mode:	its type and permissions
 * @key:	the server's name for the node; NULL, or a node of 0, if
 *		unknown
 *
 * Every name gets an inode of its own (resmgr_new_inode()) but those of
 * the types resmgr_node_keyed() says: they are found by @key, which
 * includes the type, so that numbers of different servers, or a number
 * a server gave a file and then a socket, never meet.  The last unlink
 * of such a name unhashes its inode (resmgr_node_unlinked()), so a new
 * node that reuses the number is not taken for it.
 *
 * Return: the inode (a new reference), or NULL.
 */
struct inode *resmgr_node_inode(struct super_block *sb, umode_t mode,
				struct resmgr_node_key *key)
{
	struct inode *inode;

	unsigned long hashval;

	if (!resmgr_node_keyed(mode, key))
		return resmgr_new_inode(sb, mode);
	key->type = mode & S_IFMT;
	hashval = (unsigned long)(key->node ^ key->chan);
	/*
	 * A regular file's number from a STAT is the server's handler's
	 * (io_stat), which may be careless; its OPEN's is what the server
	 * binds an open to.  So only an open makes a file's shared inode; a
	 * lookup joins it if it exists, and else makes its name its own.
	 */
	if (S_ISREG(mode) && key->stat) {
		inode = ilookup5(sb, hashval, resmgr_node_test, key);
		return inode ? inode : resmgr_new_inode(sb, mode);
	}
	inode = iget5_locked(sb, hashval, resmgr_node_test, resmgr_node_set,
			     key);
	if (!inode || !(inode->i_state & I_NEW))
		return inode;
	resmgr_inode_setup(inode, mode);
	/*
	 * A FIFO the server numbers is a pipe, as on every Linux file
	 * system: every opener of the node meets at this inode's pipe, and
	 * its opens, reads and writes never reach the server.
	 */
	if (S_ISFIFO(mode))
		init_special_inode(inode, inode->i_mode, 0);
	unlock_new_inode(inode);
	return inode;
}

/**
 * resmgr_kernel_fifo() - whether @inode is a FIFO the kernel serves
 * @inode:	an inode of ours
 *
 * Return: true for a numbered FIFO (resmgr_node_inode()), which is
 * opened as a pipe; an unnumbered one stays its server's to open.
 */
bool resmgr_kernel_fifo(struct inode *inode)
{
	return S_ISFIFO(inode->i_mode) && resmgr_ii(inode)->key_chan;
}

/**
 * resmgr_node_same() - whether @inode may stand for the node @key names
 * @inode:	an inode of ours
 * @key:	what the server says is under its name now
 *
 * A keyed inode is its node's only.  Any other inode is its name's, and
 * stands for whatever node the name has (its attach point's, for a
 * single-name attach, whose root cannot be looked up again).
 *
 * Return: false if @inode is keyed and the server now has another node
 * under the name.
 */
bool resmgr_node_same(struct inode *inode, const struct resmgr_node_key *key)
{
	struct resmgr_inode_info *ii = resmgr_ii(inode);

	if (!key->node || !ii->key_chan)
		return true;
	return ii->key_chan == key->chan && ii->node == key->node;
}

/**
 * resmgr_node_linked() - a new name for @inode's node was made
 * @inode:	its inode (i_rwsem held, as vfs_link() holds it)
 *
 * Return: true if @inode is its node's, and so the new name's too.
 */
bool resmgr_node_linked(struct inode *inode)
{
	if (!resmgr_ii(inode)->key_chan)
		return false;
	inc_nlink(inode);
	return true;
}

/**
 * resmgr_node_unlinked() - a name of @inode's node was removed
 * @inode:	the inode of the name unlinked or renamed over (i_rwsem held)
 *
 * The last name of a keyed node takes it out of the hash: from then on
 * the number may be given to a new node.  Whether it was the last, only
 * the server knows: a keyed file that is open is asked (one STAT on an
 * open of it, which the name's removal left valid), and keeps its inode
 * while it has names, so that opens by the names left meet the opens
 * made before (flock(2), a running program's ETXTBSY).  A file nobody
 * has open has nothing to share, so it goes from the hash unasked, as a
 * socket does: a new inode for a node that lives on costs nothing, a
 * shared inode for a new node would mix two files.
 */
void resmgr_node_unlinked(struct inode *inode)
{
	struct resmgr_stat st;

	if (resmgr_ii(inode)->key_chan && S_ISREG(inode->i_mode) &&
	    !resmgr_stat_open(inode, &st) && st.nlink) {
		set_nlink(inode, st.nlink);
		return;
	}
	clear_nlink(inode);
	remove_inode_hash(inode);
}

static int resmgr_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	simple_statfs(dentry, buf);
	buf->f_type = RESMGR_SUPER_MAGIC;
	return 0;
}

static struct kmem_cache *resmgr_inode_cachep;

static struct inode *resmgr_alloc_inode(struct super_block *sb)
{
	struct resmgr_inode_info *ii;

	ii = alloc_inode_sb(sb, resmgr_inode_cachep, GFP_KERNEL);
	if (!ii)
		return NULL;
	spin_lock_init(&ii->lock);
	INIT_LIST_HEAD(&ii->ocbs);
	ii->node = 0;
	ii->key_chan = 0;
	return &ii->vfs_inode;
}

/* After an RCU grace period: see resmgr_node_test(). */
static void resmgr_free_inode(struct inode *inode)
{
	kmem_cache_free(resmgr_inode_cachep, resmgr_ii(inode));
}

static void resmgr_inode_init_once(void *p)
{
	struct resmgr_inode_info *ii = p;

	inode_init_once(&ii->vfs_inode);
}

/* Every open holds its inode, so no OCB is listed on it any more. */
static void resmgr_evict_inode(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
	clear_inode(inode);
}

static const struct super_operations resmgr_super_ops = {
	.alloc_inode	= resmgr_alloc_inode,
	.free_inode	= resmgr_free_inode,
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
	int ret;

	resmgr_inode_cachep = kmem_cache_create("resmgr_inode",
						sizeof(struct resmgr_inode_info),
						0, SLAB_RECLAIM_ACCOUNT |
						SLAB_ACCOUNT,
						resmgr_inode_init_once);
	if (!resmgr_inode_cachep)
		return -ENOMEM;
	ret = register_filesystem(&resmgr_fs_type);
	if (ret)
		kmem_cache_destroy(resmgr_inode_cachep);
	return ret;
}

void resmgr_fs_exit(void)
{
	unregister_filesystem(&resmgr_fs_type);
	/* Inodes are freed after a grace period (resmgr_free_inode()). */
	rcu_barrier();
	kmem_cache_destroy(resmgr_inode_cachep);
}
