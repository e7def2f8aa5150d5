// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: taking a dead server's names down.
 *
 * A server's names are mounts it made; if it dies, they must not stay
 * behind as dead ends.  Each bound mount sits on the channel's expiry
 * list, and when the channel closes mark_mounts_for_expiry() unmounts
 * every one that no client is using.  A mount still in use is retried
 * when its last client lets go.  Once unmounted, the empty placeholder the
 * server created to mount on is removed too, so the path is as it was
 * before the server attached it.
 */
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>

#include "compat.h"
#include "resmgr_i.h"

/**
 * struct resmgr_placeholder - an empty file or directory a server mounted on
 * @node:	in chan->placeholders
 * @link:	the link mounted on it
 * @path:	where it is (references held)
 */
struct resmgr_placeholder {
	struct list_head node;
	u32 link;
	struct path path;
};

/**
 * resmgr_placeholder_add() - remember a placeholder to remove at death
 * @chan:	the channel, attach_lock held
 * @link:	the link mounted on it
 * @fd:		an O_PATH descriptor of the placeholder, opened before the
 *		mount covered it
 *
 * Only an empty regular file or a directory, of the link's own type, that
 * is now a mount point qualifies.
 *
 * Return: 0 or -errno.
 */
int resmgr_placeholder_add(struct resmgr_chan *chan, struct resmgr_link *link,
			   int fd)
{
	struct resmgr_placeholder *ph;
	struct dentry *dentry;
	struct file *file;
	int ret = -EINVAL;

	file = fget_raw(fd);
	if (!file)
		return -EBADF;
	dentry = file->f_path.dentry;
	if (!d_mountpoint(dentry) || d_is_dir(dentry) != S_ISDIR(link->mode))
		goto out;
	if (!d_is_dir(dentry) && (!d_is_reg(dentry) || i_size_read(d_inode(dentry))))
		goto out;
	ret = -ENOMEM;
	ph = kzalloc(sizeof(*ph), GFP_KERNEL_ACCOUNT);
	if (!ph)
		goto out;
	ph->link = link->id;
	ph->path = file->f_path;
	path_get(&ph->path);
	list_add_tail(&ph->node, &chan->placeholders);
	ret = 0;
out:
	fput(file);
	return ret;
}

static void resmgr_placeholder_free(struct resmgr_placeholder *ph)
{
	path_put(&ph->path);
	kfree(ph);
}

/**
 * resmgr_placeholders_forget() - drop placeholders without removing them
 * @chan:	the channel
 * @link:	only this link's, and only those no longer mounted on (the
 *		server unmounted and removes them itself); 0 for all
 *
 * A detached link's mount the server could not unmount (another
 * server's mount is stacked on it) keeps its placeholder on the list,
 * to be removed with it when the channel dies.
 */
void resmgr_placeholders_forget(struct resmgr_chan *chan, u32 link)
{
	struct resmgr_placeholder *ph, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&chan->attach_lock);
	list_for_each_entry_safe(ph, tmp, &chan->placeholders, node)
		if (!link ||
		    (ph->link == link && !d_mountpoint(ph->path.dentry)))
			list_move(&ph->node, &gone);
	mutex_unlock(&chan->attach_lock);

	list_for_each_entry_safe(ph, tmp, &gone, node)
		resmgr_placeholder_free(ph);
}

/* Remove a placeholder that nothing is mounted on any more. */
static void resmgr_placeholder_remove(struct resmgr_placeholder *ph)
{
	struct dentry *dentry = ph->path.dentry;
	struct dentry *dir;

	if (mnt_want_write(ph->path.mnt))
		return;
	dir = dget_parent(dentry);
	inode_lock_nested(d_inode(dir), I_MUTEX_PARENT);
	/*
	 * Still where it was (not removed or renamed meanwhile: a removed
	 * dentry we hold stays positive but unhashed), nothing mounted on
	 * it, and still empty.
	 */
	if (dentry->d_parent == dir && !d_unhashed(dentry) &&
	    d_really_is_positive(dentry) && !d_mountpoint(dentry)) {
		resmgr_idmap_t *idmap = resmgr_mnt_idmap(ph->path.mnt);

		if (d_is_dir(dentry))
			vfs_rmdir(idmap, d_inode(dir), dentry);
		else if (!i_size_read(d_inode(dentry)))
			vfs_unlink(idmap, d_inode(dir), dentry, NULL);
	}
	inode_unlock(d_inode(dir));
	dput(dir);
	mnt_drop_write(ph->path.mnt);
}

/* Remove the placeholders whose mounts are gone; true if any remain. */
static bool resmgr_placeholders_reap(struct resmgr_chan *chan)
{
	struct resmgr_placeholder *ph, *tmp;
	LIST_HEAD(done);
	bool left;

	mutex_lock(&chan->attach_lock);
	list_for_each_entry_safe(ph, tmp, &chan->placeholders, node)
		if (!d_mountpoint(ph->path.dentry))
			list_move(&ph->node, &done);
	left = !list_empty(&chan->placeholders);
	mutex_unlock(&chan->attach_lock);

	list_for_each_entry_safe(ph, tmp, &done, node) {
		resmgr_placeholder_remove(ph);
		resmgr_placeholder_free(ph);
	}
	return left;
}

/**
 * resmgr_chan_expire() - work: unmount a dead server's idle names
 * @work: chan->expire_work
 *
 * mark_mounts_for_expiry() unmounts a mount that is idle on two passes
 * in a row, so a mount a client still uses survives; then the
 * placeholders of the mounts that went are removed.  Retries a few times
 * while anything is left, since a client's file drops its mount
 * reference only after ->release.
 */
void resmgr_chan_expire(struct work_struct *work)
{
	struct resmgr_chan *chan = container_of(to_delayed_work(work),
						struct resmgr_chan, expire_work);
	bool left;

	mark_mounts_for_expiry(&chan->expiry);
	mark_mounts_for_expiry(&chan->expiry);
	left = resmgr_placeholders_reap(chan);
	if ((left || !list_empty_careful(&chan->expiry)) &&
	    --chan->expire_tries > 0) {
		queue_delayed_work(resmgr_wq, &chan->expire_work, HZ / 4);
		return;
	}
	resmgr_chan_put(chan);
}

/**
 * resmgr_chan_expire_soon() - retry unmounting a dead server's names
 * @chan: the channel, dead
 *
 * Called when a client lets go of a file on a dead channel; the file's
 * own reference on the mount drops only after ->release returns, hence
 * the short delay and the few retries.
 */
void resmgr_chan_expire_soon(struct resmgr_chan *chan)
{
	bool queued;

	resmgr_chan_get(chan);
	mutex_lock(&chan->attach_lock);
	chan->expire_tries = 8;
	queued = queue_delayed_work(resmgr_wq, &chan->expire_work, HZ / 20);
	mutex_unlock(&chan->attach_lock);
	if (!queued)
		resmgr_chan_put(chan);
}

/**
 * resmgr_chan_expire_if_dead() - retry a dead server's mounts now
 * @chan: a channel, dead or not
 *
 * For a mount that could not go while another was stacked on it.
 */
void resmgr_chan_expire_if_dead(struct resmgr_chan *chan)
{
	bool dead;

	spin_lock(&chan->lock);
	dead = chan->dead;
	spin_unlock(&chan->lock);
	if (dead)
		resmgr_chan_expire_soon(chan);
}
