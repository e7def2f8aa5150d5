// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: mount requests - QNX's mount() reaching the servers that
 * mount things.
 *
 * A QNX file system server registers an unnamed _FTYPE_MOUNT attach and
 * receives, through its connect table's mount handler, every mount()
 * request: the mount point, the type, the special device and options;
 * it takes the ones of its type (typically by attaching the mount point)
 * and answers ENOSYS to the others, which then go to the next server.
 *
 * Here such an attach is a link with RESMGR_ATTACH_MOUNTS: it has no
 * name and is never mounted; it sits on resmgr_mount_links until it is
 * detached or its channel closes.  RESMGR_IOC_MOUNT (needs
 * CAP_SYS_ADMIN, as mount(2)) sends a MOUNT connect message to each in
 * turn, newest first, and returns the first answer that is not ENOSYS;
 * ENODEV if there is none, as mount(2) says of a type it does not know.
 *
 * Locking: resmgr_mount_lock guards the list, and is taken inside a
 * channel's attach_lock (resmgr_mount_forget() from resmgr_link_gone()).
 * A request copies the list with references taken and sends without the
 * lock, so a server's mount handler may itself attach, detach or ask
 * for a mount.
 */
#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "resmgr_i.h"

static LIST_HEAD(resmgr_mount_links);
static DEFINE_MUTEX(resmgr_mount_lock);

/*
 * Servers that may listen at once: enough for every file system type a
 * machine runs, and a bound on what one request walks.
 */
#define RESMGR_MOUNT_LISTENERS_MAX	64
static unsigned int resmgr_mount_nlinks;

/**
 * resmgr_mount_listen() - a RESMGR_ATTACH_MOUNTS link starts receiving
 * @link:	the new link; the list takes a reference of its own
 *
 * Called with the link's channel's attach_lock held, as every change of
 * the list is (see the top of the file for the lock order).
 *
 * Return: 0, or -ENOSPC when RESMGR_MOUNT_LISTENERS_MAX already listen.
 */
int resmgr_mount_listen(struct resmgr_link *link)
{
	int ret = 0;

	lockdep_assert_held(&link->chan->attach_lock);
	mutex_lock(&resmgr_mount_lock);
	if (resmgr_mount_nlinks >= RESMGR_MOUNT_LISTENERS_MAX) {
		ret = -ENOSPC;
	} else {
		kref_get(&link->kref);
		list_add(&link->mount_node, &resmgr_mount_links);
		resmgr_mount_nlinks++;
	}
	mutex_unlock(&resmgr_mount_lock);
	return ret;
}

/**
 * resmgr_mount_forget() - a listening link was detached
 * @link:	the link; its channel's attach_lock is held
 */
void resmgr_mount_forget(struct resmgr_link *link)
{
	bool listed;

	lockdep_assert_held(&link->chan->attach_lock);
	mutex_lock(&resmgr_mount_lock);
	listed = !list_empty(&link->mount_node);
	if (listed) {
		list_del_init(&link->mount_node);
		resmgr_mount_nlinks--;
	}
	mutex_unlock(&resmgr_mount_lock);
	if (listed)
		resmgr_link_put(link);
}

/* The listeners now, newest first, each with a reference taken. */
static unsigned int resmgr_mount_snapshot(struct resmgr_link **links)
{
	struct resmgr_link *link;
	unsigned int n = 0;

	mutex_lock(&resmgr_mount_lock);
	list_for_each_entry(link, &resmgr_mount_links, mount_node) {
		if (n == RESMGR_MOUNT_LISTENERS_MAX)
			break;
		kref_get(&link->kref);
		links[n++] = link;
	}
	mutex_unlock(&resmgr_mount_lock);
	return n;
}

/* A string from the requester: NULL for none, or an ERR_PTR. */
static char *resmgr_mount_string(u64 uptr, size_t max)
{
	char *s;

	if (!uptr)
		return NULL;
	s = strndup_user(u64_to_user_ptr(uptr), max + 1);
	if (!IS_ERR(s) && !*s) {
		kfree(s);
		return ERR_PTR(-EINVAL);
	}
	return s;
}

/*
 * The extra data of the MOUNT message: struct resmgr_mount_extra, the
 * type, the special device (each NUL-terminated, "" for none), then the
 * data.
 */
static void *resmgr_mount_extra_build(const struct resmgr_mount *m,
				      const char *type, const char *special,
				      size_t *lenp)
{
	size_t tlen = type ? strlen(type) + 1 : 1;
	size_t slen = special ? strlen(special) + 1 : 1;
	struct resmgr_mount_extra *x;
	size_t len = sizeof(*x) + tlen + slen + m->data_len;
	char *p;

	x = kzalloc(len, GFP_KERNEL_ACCOUNT);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->flags = m->flags;
	x->type_len = tlen;
	x->special_len = slen;
	x->data_len = m->data_len;
	p = (char *)(x + 1);
	if (type)
		memcpy(p, type, tlen);
	p += tlen;
	if (special)
		memcpy(p, special, slen);
	p += slen;
	if (m->data_len &&
	    copy_from_user(p, u64_to_user_ptr(m->data), m->data_len)) {
		kfree(x);
		return ERR_PTR(-EFAULT);
	}
	*lenp = len;
	return x;
}

/* Send the request to each listener in turn; see the top of the file. */
static int resmgr_mount_send(const char *dir, const void *extra,
			     size_t extra_len)
{
	struct resmgr_connect_args args = {
		.extra_type = RESMGR_EXTRA_MOUNT,
		.extra = extra,
		.extra_len = extra_len,
	};
	struct resmgr_link **links;
	unsigned int i, n;
	int ret = -ENODEV;

	links = kcalloc(RESMGR_MOUNT_LISTENERS_MAX, sizeof(*links),
			GFP_KERNEL);
	if (!links)
		return -ENOMEM;
	n = resmgr_mount_snapshot(links);
	for (i = 0; i < n && ret == -ENODEV; i++) {
		struct resmgr_req *req;
		int err;

		if (READ_ONCE(links[i]->detached))
			continue;
		req = resmgr_connect_req(links[i], dir, RESMGR_OP_MOUNT,
					 &args);
		/*
		 * EOVERFLOW: this server's user namespace cannot name the
		 * requester, so it cannot judge the request: the next may.
		 */
		if (IS_ERR(req)) {
			if (PTR_ERR(req) != -EOVERFLOW)
				ret = PTR_ERR(req);
			continue;
		}
		err = resmgr_connect_result(req, resmgr_req_send(req));
		resmgr_req_put(req);
		/* A dead server, like one that does not know the type. */
		if (err != -ENOSYS && err != -ENOTCONN)
			ret = err == -ESTALE ? -EINVAL : err;
	}
	for (i = 0; i < n; i++)
		resmgr_link_put(links[i]);
	kfree(links);
	return ret;
}

/**
 * resmgr_ioc_mount() - RESMGR_IOC_MOUNT, a mount request
 * @file:	the caller's channel
 * @ucmd:	struct resmgr_mount
 *
 * Return: the first answer other than ENOSYS of the listening servers,
 * -ENODEV without one; -EPERM without CAP_SYS_ADMIN; -EINVAL for bad
 * flags, an empty or too long string or too much data; -EFAULT.
 */
long resmgr_ioc_mount(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_mount *m = ucmd->cmd;
	char *dir, *type = NULL, *special = NULL;
	size_t extra_len;
	void *extra;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (m->flags & ~RESMGR_MOUNT_ALL || m->reserved ||
	    m->data_len > RESMGR_MOUNT_DATA_MAX || (m->data_len && !m->data) ||
	    !m->dir)
		return -EINVAL;
	/* strndup_user(): EINVAL for a string longer than its bound. */
	dir = resmgr_mount_string(m->dir, RESMGR_PATH_MAX - 1);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	type = resmgr_mount_string(m->type, RESMGR_MOUNT_TYPE_MAX);
	if (IS_ERR(type)) {
		ret = PTR_ERR(type);
		type = NULL;
		goto out;
	}
	special = resmgr_mount_string(m->special, RESMGR_PATH_MAX - 1);
	if (IS_ERR(special)) {
		ret = PTR_ERR(special);
		special = NULL;
		goto out;
	}
	extra = resmgr_mount_extra_build(m, type, special, &extra_len);
	if (IS_ERR(extra)) {
		ret = PTR_ERR(extra);
		goto out;
	}
	ret = resmgr_mount_send(dir, extra, extra_len);
	kfree(extra);
out:
	kfree(special);
	kfree(type);
	kfree(dir);
	return ret;
}
