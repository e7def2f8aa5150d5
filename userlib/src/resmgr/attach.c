// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * resmgr_attach()/resmgr_detach(): putting a name in the filesystem.
 *
 * The kernel allocates a link (RESMGR_IOC_ATTACH), the name appears when
 * a "resmgr" filesystem for that link is mounted on the path, and
 * RESMGR_IOC_BIND ties the mount to the channel so it disappears if the
 * server dies.  mount(2) needs an existing mount point: if the path does
 * not exist, an empty placeholder is created and removed again on
 * detach.
 *
 * Several servers may attach the same path: their mounts stack, and the
 * kernel asks them in turn (a union, see uapi/linux/resmgr.h).  A detach
 * then must take down this server's mount and no other: umount(2) of the
 * path would remove the top one, which may be another server's.  So the
 * root of our own mount is kept open, and a detach unmounts only when
 * that is what the path shows; a mount buried under another server's
 * stays, inert once detached, and the kernel takes it down as soon as
 * nothing uses it or is mounted on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "dispatch/dispatch_i.h"

struct rm_link *rm_link_find(dispatch_t *dpp, int id)
{
	struct rm_link *link;

	pthread_mutex_lock(&dpp->lock);
	for (link = dpp->links; link; link = link->next)
		if (link->id == id && link->attached)
			break;
	pthread_mutex_unlock(&dpp->lock);
	return link;
}

uint32_t rm_attach_flags(unsigned flags)
{
	uint32_t k = 0;

	if (flags & _RESMGR_FLAG_BEFORE)
		k |= RESMGR_ATTACH_BEFORE;
	if (flags & _RESMGR_FLAG_AFTER)
		k |= RESMGR_ATTACH_AFTER;
	if (flags & _RESMGR_FLAG_OPAQUE)
		k |= RESMGR_ATTACH_OPAQUE;
	if (flags & _RESMGR_FLAG_DIR)
		k |= RESMGR_ATTACH_DIR;
	return k;
}

/*
 * What the name shows in the filesystem.  The handle is opaque to
 * resmgr_attach(), but with the iofunc layer (the QNX convention, and
 * the only case where a handle is given to the library) it is the
 * name's iofunc_attr_t, so its mode is used; without a handle, 0666.
 */
uint32_t rm_attach_mode(unsigned flags, const void *handle)
{
	const iofunc_attr_t *attr = handle;

	if (flags & _RESMGR_FLAG_DIR)
		return S_IFDIR | 0755;
	if (!attr)
		return S_IFCHR | 0666;
	if (S_ISREG(attr->mode))
		return S_IFREG | (attr->mode & 07777);
	return S_IFCHR | (attr->mode & 07777);
}

static int rm_placeholder_make(const char *path, unsigned flags,
			       enum rm_placeholder *made)
{
	struct statx stx;
	int fd;

	*made = RM_PLACEHOLDER_NONE;
	/*
	 * Only whether something is there: DONT_SYNC asks no server of a
	 * union already at @path (it could be this very thread's, or answer
	 * ENOENT about its own attach point).
	 */
	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC,
		  0, &stx) == 0)
		return 0;
	if (errno != ENOENT)
		return -1;
	if (flags & _RESMGR_FLAG_DIR) {
		if (mkdir(path, 0755) < 0)
			return errno == EEXIST ? 0 : -1;
		*made = RM_PLACEHOLDER_DIR;
		return 0;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	*made = RM_PLACEHOLDER_FILE;
	return 0;
}

static void rm_placeholder_remove(const char *path, enum rm_placeholder made)
{
	if (made == RM_PLACEHOLDER_DIR)
		rmdir(path);
	else if (made == RM_PLACEHOLDER_FILE)
		unlink(path);
}

static int rm_mount(dispatch_t *dpp, struct rm_link *link)
{
	struct resmgr_bind bind;
	char opts[64];
	int fd, ph = -1, ret;

	memset(&bind, 0, sizeof(bind));
	bind.size = sizeof(bind);
	/* The placeholder itself, before the mount covers it. */
	if (link->placeholder != RM_PLACEHOLDER_NONE) {
		ph = open(link->path, O_PATH | O_CLOEXEC);
		if (ph < 0)
			return -1;
		bind.flags = RESMGR_BIND_PLACEHOLDER;
		bind.placeholder_fd = ph;
	}
	snprintf(opts, sizeof(opts), "fd=%d,link=%u", dpp->fd,
		 (unsigned)link->id);
	if (mount("resmgr", link->path, "resmgr", MS_NOSUID, opts) < 0) {
		ret = -1;
		goto out;
	}
	fd = open(link->path, O_PATH | O_CLOEXEC);
	if (fd >= 0) {
		bind.link = link->id;
		bind.path_fd = fd;
		ret = rm_ioctl(dpp->fd, RESMGR_IOC_BIND, &bind);
	}
	if (fd < 0 || ret < 0) {
		int err = errno;

		/* Ours, and on top: we just mounted it. */
		if (fd >= 0)
			close(fd);
		umount2(link->path, MNT_DETACH);
		errno = err;
		ret = -1;
	} else {
		link->root_fd = fd;
	}
out:
	if (ph >= 0) {
		int err = errno;

		close(ph);
		errno = err;
	}
	return ret < 0 ? -1 : 0;
}

/* Whether the mount at link->path is ours (not another server's on top). */
static bool rm_mount_on_top(struct rm_link *link)
{
	struct statx ours, top;

	if (link->root_fd < 0)
		return true;	/* mounted, not bound: attaching failed */
	/* DONT_SYNC: no message, which could be to this very thread. */
	if (statx(link->root_fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC,
		  STATX_MNT_ID, &ours) ||
	    statx(AT_FDCWD, link->path, AT_NO_AUTOMOUNT | AT_STATX_DONT_SYNC,
		  STATX_MNT_ID, &top))
		return true;
	if (!(ours.stx_mask & top.stx_mask & STATX_MNT_ID))
		return true;	/* cannot tell: as before unions */
	return ours.stx_mnt_id == top.stx_mnt_id;
}

/* Take a name away again (also when attaching failed half way); keeps errno. */
static void rm_unattach(dispatch_t *dpp, struct rm_link *link, bool mounted)
{
	struct resmgr_detach d = { .size = sizeof(d), .link = link->id };
	int err = errno;

	/* A mount-request link has no name: nothing is mounted for it. */
	if (link->mounts)
		mounted = false;

	if (mounted && !rm_mount_on_top(link)) {
		/*
		 * Another server's mount is stacked on ours: unmounting the
		 * path would take theirs.  Ours stays, inert after the
		 * detach below, and so does its placeholder: the kernel
		 * removes both once nothing is mounted on ours.
		 */
		mounted = false;
		link->placeholder = RM_PLACEHOLDER_NONE;
	}
	if (link->root_fd >= 0) {
		close(link->root_fd);
		link->root_fd = -1;
	}
	if (mounted)
		umount2(link->path, MNT_DETACH);
	rm_placeholder_remove(link->path, link->placeholder);
	rm_ioctl(dpp->fd, RESMGR_IOC_DETACH, &d);
	errno = err;
}

int resmgr_attach(dispatch_t *dpp, resmgr_attr_t *attr, const char *path,
		  enum _file_type file_type, unsigned flags,
		  const resmgr_connect_funcs_t *connect_funcs,
		  const resmgr_io_funcs_t *io_funcs, RESMGR_HANDLE_T *handle)
{
	struct resmgr_attach ka;
	struct rm_link *link;
	size_t msg_max = attr && attr->msg_max_size > RM_MSG_MIN ?
			 attr->msg_max_size : RM_MSG_MIN;
	unsigned nparts = attr && attr->nparts_max > RM_NPARTS_MIN ?
			  attr->nparts_max : RM_NPARTS_MIN;

	/*
	 * QNX's unnamed mount registration: no path (or "/"), _FTYPE_MOUNT
	 * and _RESMGR_FLAG_FTYPEONLY.  The link gets mount requests only
	 * (RESMGR_ATTACH_MOUNTS); nothing appears in the file system.  Any
	 * other FTYPEONLY attach would need the kernel to route by file
	 * type, which it does not.
	 */
	bool mounts = flags & _RESMGR_FLAG_FTYPEONLY &&
		      file_type == _FTYPE_MOUNT &&
		      (!path || !strcmp(path, "/"));

	if (mounts)
		path = "/";
	if (!dpp || !path || !*path ||
	    (flags & _RESMGR_FLAG_FTYPEONLY && !mounts)) {
		errno = EINVAL;
		return -1;
	}
	if (nparts > RM_NPARTS_MAX)
		nparts = RM_NPARTS_MAX;
	link = calloc(1, sizeof(*link));
	if (!link)
		return -1;
	link->path = strdup(path);
	if (!link->path) {
		free(link);
		return -1;
	}
	link->root_fd = -1;
	link->connect = connect_funcs;
	link->io = io_funcs;
	link->handle = handle;
	link->dir = flags & _RESMGR_FLAG_DIR;
	link->mounts = mounts;
	link->other_func = attr ? attr->other_func : NULL;

	memset(&ka, 0, sizeof(ka));
	ka.size = sizeof(ka);
	ka.flags = mounts ? RESMGR_ATTACH_MOUNTS : rm_attach_flags(flags);
	ka.mode = rm_attach_mode(flags, handle);
	ka.file_type = file_type;
	if (rm_ioctl(dpp->fd, RESMGR_IOC_ATTACH, &ka) < 0)
		goto fail_free;
	link->id = ka.link;
	if (!mounts &&
	    rm_placeholder_make(path, flags, &link->placeholder) < 0) {
		rm_unattach(dpp, link, false);
		goto fail_free;
	}
	if (!mounts && rm_mount(dpp, link) < 0) {
		rm_unattach(dpp, link, false);
		goto fail_free;
	}

	pthread_mutex_lock(&dpp->lock);
	link->attached = true;
	link->next = dpp->links;
	dpp->links = link;
	if (msg_max > dpp->msg_max_size)
		dpp->msg_max_size = msg_max;
	if (nparts > dpp->nparts_max)
		dpp->nparts_max = nparts;
	pthread_mutex_unlock(&dpp->lock);
	return link->id;

fail_free:
	free(link->path);
	free(link);
	return -1;
}

/*
 * @flags: the name goes away in every case; opens already made keep
 * working until they are closed (the kernel decides what they see).
 */
/* The search for link @id: its path (copied out), whether a directory. */
struct rm_link_find {
	int id;
	char *path;
	bool dir;
};

static bool rm_link_find_in(dispatch_t *dpp, void *arg)
{
	struct rm_link_find *f = arg;
	struct rm_link *link;

	pthread_mutex_lock(&dpp->lock);
	for (link = dpp->links; link; link = link->next)
		if (link->id == f->id && link->attached)
			break;
	if (link) {
		f->path = link->path ? strdup(link->path) : NULL;
		f->dir = link->dir;
	}
	pthread_mutex_unlock(&dpp->lock);
	return link != NULL;
}

/*
 * Fill @f for link @id; 0, or -1 and errno: @missing if no dispatch has
 * @id (link ids are per dispatch: the newest that has it answers).
 */
static int rm_link_lookup(int id, struct rm_link_find *f, int missing)
{
	memset(f, 0, sizeof(*f));
	f->id = id;
	if (!rm_dispatch_each(rm_link_find_in, f)) {
		errno = missing;
		return -1;
	}
	if (!f->path) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/*
 * The device and inode numbers of attach @id, as the kernel gives them
 * for the name (its mount's device; the inode number of its root).  They
 * are read with AT_STATX_DONT_SYNC, which the kernel answers from the
 * inode without a message, so a server may ask from its own handlers.
 * Link ids are per dispatch: with several in one process, the newest
 * dispatch that has @id answers.
 */
int resmgr_devino(int id, dev_t *pdevno, ino_t *pino)
{
	struct rm_link_find f;
	struct statx stx;
	int ret, err;

	if (rm_link_lookup(id, &f, ENOENT) < 0)
		return -1;
	ret = statx(AT_FDCWD, f.path, AT_STATX_DONT_SYNC | AT_NO_AUTOMOUNT,
		    STATX_INO, &stx);
	err = errno;
	free(f.path);
	if (ret < 0) {
		errno = err;
		return -1;
	}
	if (pdevno)
		*pdevno = makedev(stx.stx_dev_major, stx.stx_dev_minor);
	if (pino)
		*pino = stx.stx_ino;
	return 0;
}

int resmgr_detach(dispatch_t *dpp, int id, unsigned flags)
{
	struct rm_link *link;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	for (link = dpp->links; link; link = link->next)
		if (link->id == id && link->attached)
			break;
	if (link)
		link->attached = false;
	pthread_mutex_unlock(&dpp->lock);
	if (!link) {
		errno = EINVAL;
		return -1;
	}
	rm_unattach(dpp, link, true);
	return 0;
}

void rm_links_destroy(dispatch_t *dpp)
{
	struct rm_link *link, *next;

	for (link = dpp->links; link; link = next) {
		next = link->next;
		if (link->attached)
			rm_unattach(dpp, link, true);
		free(link->path);
		free(link);
	}
	dpp->links = NULL;
}

/*
 * The path attach @id was made at (QNX's resmgr_pathname()), as
 * resmgr_attach() was given it, with a trailing slash for a
 * _RESMGR_FLAG_DIR attach.  There is no network: the "globally unique"
 * path and the _RESMGR_PATHNAME_LOCALPATH one are the same.  Copies at
 * most @maxbuf bytes, NUL-terminated; returns the full length with its
 * NUL, or -1 and errno (EINVAL, ESRCH: no attach has @id, ENOMEM).  Link
 * ids are per dispatch: with several, the newest that has @id answers.
 */
int resmgr_pathname(int id, unsigned flags, char *path, int maxbuf)
{
	struct rm_link_find f;
	const char *slash;
	size_t len;
	int n;

	if (maxbuf < 0 || (maxbuf && !path) ||
	    (flags & ~_RESMGR_PATHNAME_LOCALPATH)) {
		errno = EINVAL;
		return -1;
	}
	if (rm_link_lookup(id, &f, ESRCH) < 0)
		return -1;
	len = strlen(f.path);
	slash = f.dir && (!len || f.path[len - 1] != '/') ? "/" : "";
	n = snprintf(path, (size_t)maxbuf, "%s%s", f.path, slash);
	free(f.path);
	if (n < 0)
		return -1;
	return n + 1;
}
