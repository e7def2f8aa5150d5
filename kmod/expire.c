// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: taking detached and dead servers' names down.
 *
 * A server's names are mounts it made; if it dies, they must not stay
 * behind as dead ends.  Each bound mount sits on its link's expiry list;
 * when the link is detached or its server dies, the link goes on the
 * channel's @gone list and mark_mounts_for_expiry() unmounts its mount
 * as soon as no client uses it and no other mount sits on it.  That is
 * retried when a client lets go, and when a mount stacked on it (another
 * server of the same union) or inside it (a nested prefix) goes.  Once
 * unmounted, the empty placeholder the server created to mount on is
 * removed too, so the path is as it was before the server attached it.
 *
 * A server that detaches normally unmounts its own mount at once; the
 * list is for what it could not: a mount buried under another server's.
 *
 * The work owns one channel reference per queueing: whoever queues it
 * takes one (resmgr_chan_expire_queue()), and each run drops its own.
 *
 * A mount on an expiry list is never locked into a less privileged mount
 * namespace's copy (lock_mnt_tree()): anyone may unmount that copy and
 * see what the mount covers.  So only a mount over something not worth
 * hiding expires: its own placeholder, or another server's name.
 */
#include <linux/cred.h>
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
 * @cred:	the channel opener's credentials, to remove it with
 */
struct resmgr_placeholder {
	struct list_head node;
	u32 link;
	struct path path;
	const struct cred *cred;
};

/**
 * resmgr_bind_mountpoint() - where a mount RESMGR_IOC_BIND names sits
 * @root:	what BIND was given
 * @mp:		set to where @root is mounted, with references
 *
 * Return: 0; -EINVAL if @root is not the root of a resmgr mount, is not
 * mounted, or is a locked copy in another mount namespace (expiry must
 * never reach one: mark_mounts_for_expiry() WARNs).
 */
int resmgr_bind_mountpoint(const struct path *root, struct path *mp)
{
	*mp = *root;
	path_get(mp);
	/*
	 * mnt_flags are the VFS's, written under mount_lock, which is not
	 * ours to take: read once, as mnt_get_write_access() does.
	 */
	if (root->dentry == root->mnt->mnt_root &&
	    resmgr_sb_is_ours(root->mnt->mnt_sb) &&
	    !(READ_ONCE(root->mnt->mnt_flags) & MNT_LOCKED) && follow_up(mp))
		return 0;
	path_put(mp);
	return -EINVAL;
}

/**
 * resmgr_placeholder_new() - check a placeholder a BIND names
 * @root:	the root of the mount being bound
 * @mp:		where that mount sits (follow_up() of @root)
 * @fd:		an O_PATH descriptor of the placeholder, opened before the
 *		mount covered it
 * @cred:	the channel opener's credentials (the channel's f_cred)
 *
 * Only the very place this mount sits on qualifies, never another
 * mount point: an empty regular file, or a directory, of the mount's own
 * type.  A placeholder inside another server's directory prefix is that
 * server's name: the kernel leaves it to that server (removing it would
 * make the expiry work wait on a server while it holds the directory's
 * i_rwsem, and every lookup there behind it).
 *
 * Return: the placeholder to remove once unmounted; NULL if it is valid
 * but not the kernel's to remove; or an ERR_PTR.
 */
struct resmgr_placeholder *resmgr_placeholder_new(const struct path *root,
						  const struct path *mp, int fd,
						  const struct cred *cred)
{
	struct resmgr_placeholder *ph = ERR_PTR(-EINVAL);
	struct dentry *dentry;
	struct file *file;

	file = fget_raw(fd);
	if (!file)
		return ERR_PTR(-EBADF);
	dentry = file->f_path.dentry;
	if (!path_equal(&file->f_path, mp) ||
	    d_is_dir(dentry) != d_is_dir(root->dentry))
		goto out;
	if (!d_is_dir(dentry) && (!d_is_reg(dentry) || i_size_read(d_inode(dentry))))
		goto out;
	ph = NULL;
	if (resmgr_sb_is_ours(dentry->d_sb))
		goto out;
	ph = kzalloc(sizeof(*ph), GFP_KERNEL_ACCOUNT);
	if (!ph) {
		ph = ERR_PTR(-ENOMEM);
		goto out;
	}
	ph->path = file->f_path;
	path_get(&ph->path);
	ph->cred = get_cred(cred);
out:
	fput(file);
	return ph;
}

/**
 * resmgr_placeholder_free() - drop a placeholder without removing it
 * @ph:	the placeholder, or NULL
 */
void resmgr_placeholder_free(struct resmgr_placeholder *ph)
{
	if (!ph)
		return;
	put_cred(ph->cred);
	path_put(&ph->path);
	kfree(ph);
}

/*
 * Put @mnt, a mount of @link, on @link's expiry list, once.  If it was
 * unmounted meanwhile (a racing lazy umount by root), it may be on the
 * list after umount_tree() took it off; pin it, so the list never points
 * to a freed mount: that link and its channel then stay, which is safe.
 */
static void resmgr_mnt_expires(struct resmgr_link *link, struct vfsmount *mnt)
{
	if (test_and_set_bit(0, &link->expires))
		return;
	mnt_set_expiry(mnt, &link->expiry);
	/* The VFS's, as in resmgr_bind_mountpoint(). */
	if (READ_ONCE(mnt->mnt_flags) & MNT_UMOUNT)
		mntget(mnt);
}

/**
 * resmgr_link_bound() - a link's mount was bound: take it down with it
 * @chan:	the channel, attach_lock held
 * @link:	the link, just bound
 * @mnt:	its mount
 * @mp:		where @mnt sits
 * @ph:		the placeholder @mp is (from resmgr_placeholder_new()), or
 *		NULL; it is the channel's now
 *
 * The mount expires with the link only if it covers nothing worth
 * hiding: its placeholder, or a name of another server (a union member
 * below it, or the directory prefix it is nested in), which answers for
 * itself.  A mount over anything else stays when the server dies (its
 * calls fail with ENOTCONN) until it is unmounted: it is locked in a
 * less privileged namespace's copy, so what it covers stays covered.
 *
 * Except once another server's mount is stacked on it: buried, it can
 * no longer be unmounted by path, and only expiry can take it down once
 * it is detached, so a union member below ours expires from now on.
 */
void resmgr_link_bound(struct resmgr_chan *chan, struct resmgr_link *link,
		       struct vfsmount *mnt, const struct path *mp,
		       struct resmgr_placeholder *ph)
	__must_hold(&chan->attach_lock)
{
	struct super_block *below = mp->dentry->d_sb;

	lockdep_assert_held(&chan->attach_lock);
	if (ph) {
		ph->link = link->id;
		list_add_tail(&ph->node, &chan->placeholders);
	}
	if (!ph && !resmgr_sb_is_ours(below))
		return;
	resmgr_mnt_expires(link, mnt);
	/* Held by its superblock, which the mount @mp holds. */
	if (resmgr_sb_is_ours(below) && mp->dentry == mp->mnt->mnt_root)
		resmgr_mnt_expires(below->s_fs_info, mp->mnt);
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

/*
 * Remove a placeholder that nothing is mounted on any more, as the
 * server that opened the channel: the kworker's own credentials would
 * pass every permission check.
 */
static void resmgr_placeholder_remove(struct resmgr_placeholder *ph)
{
	struct dentry *dentry = ph->path.dentry;
	const struct cred *old;
	struct dentry *dir;

	old = override_creds(ph->cred);
	if (mnt_want_write(ph->path.mnt))
		goto out;
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
out:
	revert_creds(old);
}

/*
 * Remove the placeholders whose mounts are gone; true if any of a link
 * no longer attached remain (an attached link's stays while it lives).
 */
static bool resmgr_placeholders_reap(struct resmgr_chan *chan)
{
	struct resmgr_placeholder *ph, *tmp;
	LIST_HEAD(done);
	bool left = false;

	mutex_lock(&chan->attach_lock);
	list_for_each_entry_safe(ph, tmp, &chan->placeholders, node) {
		if (!d_mountpoint(ph->path.dentry))
			list_move(&ph->node, &done);
		else if (!resmgr_link_find(chan, ph->link))
			left = true;
	}
	mutex_unlock(&chan->attach_lock);

	list_for_each_entry_safe(ph, tmp, &done, node) {
		resmgr_placeholder_remove(ph);
		resmgr_placeholder_free(ph);
	}
	return left;
}

/**
 * resmgr_link_gone() - a link was detached: its mount is to go
 * @chan:	its channel, attach_lock held
 * @link:	the link, taken off chan->links; the reference that list
 *		held passes to chan->gone, or is dropped if it was never
 *		bound
 */
void resmgr_link_gone(struct resmgr_chan *chan, struct resmgr_link *link)
	__must_hold(&chan->attach_lock)
{
	lockdep_assert_held(&chan->attach_lock);
	if (link->flags & RESMGR_ATTACH_MOUNTS)
		resmgr_mount_forget(link);
	if (!link->un) {
		resmgr_link_put(link);
		return;
	}
	list_add_tail(&link->gone_node, &chan->gone);
}

/*
 * Unmount what is idle of the gone links' mounts; drop the links whose
 * mounts are all gone.  True if any remain.  mark_mounts_for_expiry()
 * unmounts a mount idle on two passes in a row (it takes namespace_sem:
 * no resmgr lock is held while it runs).
 */
static bool resmgr_gone_reap(struct resmgr_chan *chan)
{
	struct resmgr_link *link, *tmp;
	LIST_HEAD(batch);
	bool left;

	mutex_lock(&chan->attach_lock);
	list_splice_init(&chan->gone, &batch);
	mutex_unlock(&chan->attach_lock);

	list_for_each_entry_safe(link, tmp, &batch, gone_node) {
		mark_mounts_for_expiry(&link->expiry);
		mark_mounts_for_expiry(&link->expiry);
		if (list_empty_careful(&link->expiry)) {
			list_del_init(&link->gone_node);
			resmgr_link_put(link);
		}
	}

	mutex_lock(&chan->attach_lock);
	left = !list_empty(&batch);
	list_splice(&batch, &chan->gone);
	mutex_unlock(&chan->attach_lock);
	return left;
}

/**
 * resmgr_chan_expire() - work: unmount detached and dead names now idle
 * @work: chan->expire_work
 *
 * Then the placeholders of the mounts that went are removed.  Retries a
 * few times while anything is left, since a client's file drops its
 * mount reference only after ->release.
 */
void resmgr_chan_expire(struct work_struct *work)
{
	struct resmgr_chan *chan = container_of(to_delayed_work(work),
						struct resmgr_chan, expire_work);
	bool left;

	left = resmgr_gone_reap(chan);
	left |= resmgr_placeholders_reap(chan);
	mutex_lock(&chan->attach_lock);
	if (left && --chan->expire_tries > 0)
		resmgr_chan_expire_queue(chan, HZ / 4);
	mutex_unlock(&chan->attach_lock);
	resmgr_chan_put(chan);	/* this run's */
}

/**
 * resmgr_chan_expire_queue() - queue the expiry work
 * @chan:	the channel, attach_lock held, a reference held by the caller
 * @delay:	in jiffies
 *
 * A queued work owns one reference, taken here only when this call
 * queued it: if it was pending already, that queueing's reference
 * serves.  The run it becomes drops it (it may re-queue itself, with a
 * new one, before).  The run cannot reach its end before attach_lock is
 * released, so taking the reference after queueing is safe.
 */
void resmgr_chan_expire_queue(struct resmgr_chan *chan, unsigned long delay)
	__must_hold(&chan->attach_lock)
{
	lockdep_assert_held(&chan->attach_lock);
	if (queue_delayed_work(resmgr_wq, &chan->expire_work, delay))
		resmgr_chan_get(chan);
}

/**
 * resmgr_chan_expire_soon() - try taking detached names down again
 * @chan: the channel
 *
 * Called when a client lets go of a file of a detached link, when a
 * mount that sat on or in one of this channel's goes, and on a detach.
 * The file's own reference on the mount drops only after ->release
 * returns, hence the short delay and the few retries.
 */
void resmgr_chan_expire_soon(struct resmgr_chan *chan)
{
	mutex_lock(&chan->attach_lock);
	chan->expire_tries = 8;
	resmgr_chan_expire_queue(chan, HZ / 20);
	mutex_unlock(&chan->attach_lock);
}
