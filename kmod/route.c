// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: where a connect message goes - union and nested prefixes.
 *
 * QNX's path manager answers "who resolves this path?" with a list of
 * servers, and the client asks each in turn until one does not say
 * ENOENT or ENOSYS.  Here the VFS picks the mount (the longest prefix,
 * the top of a stack of mounts on one path) and this file supplies the
 * rest of the list: a route.
 *
 *  - Servers that mount on the same path form a union (struct
 *    resmgr_union).  A mount joins the union of the resmgr mount it
 *    covers when its server binds it (RESMGR_IOC_BIND), so whichever
 *    mount the VFS lands on, its superblock's link leads to the same
 *    union and the same order.  The order is kept in the member list:
 *    RESMGR_ATTACH_BEFORE members first, then plain ones, then
 *    RESMGR_ATTACH_AFTER ones; the latest BEFORE or plain member goes
 *    to the front of its group, the latest AFTER member to the back.
 *  - A union whose attach point lies in another server's directory
 *    prefix covers nothing by itself: when all its members pass, the
 *    route goes on to the covering union (@cover) with the path
 *    prefixed by where the attach point is there (@cover_path).  An
 *    OPAQUE member stops that.
 *
 * Members that died or detached stay on the list (their mounts may
 * outlive them while clients use them) and are skipped.  A union lives
 * while any member link does; the links hold it, and it holds the union
 * it lies in.
 *
 * A route is walked one member at a time, taking a reference on each
 * link only while it is asked, so nothing is allocated but the path
 * buffers and no lock is held while a server thinks.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "resmgr_i.h"

static void resmgr_union_release(struct kref *kref)
{
	struct resmgr_union *un = container_of(kref, struct resmgr_union,
					       kref);

	if (un->cover)
		kref_put(&un->cover->kref, resmgr_union_release);
	kfree(un);
}

VISIBLE_IF_KUNIT struct resmgr_union *
resmgr_union_new(struct resmgr_union *cover, const char *cover_path)
{
	size_t len = strlen(cover_path) + 1;
	struct resmgr_union *un;

	un = kzalloc(struct_size(un, cover_path, len), GFP_KERNEL_ACCOUNT);
	if (!un)
		return NULL;
	kref_init(&un->kref);
	spin_lock_init(&un->lock);
	INIT_LIST_HEAD(&un->members);
	memcpy(un->cover_path, cover_path, len);
	if (cover) {
		kref_get(&cover->kref);
		un->cover = cover;
	}
	return un;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_union_new);

/*
 * Put @link in @un where its flags say, and make @un its union; the
 * caller's reference on @un becomes the link's.
 */
VISIBLE_IF_KUNIT void resmgr_union_insert(struct resmgr_union *un,
					  struct resmgr_link *link)
{
	struct resmgr_link *m;

	spin_lock(&un->lock);
	WRITE_ONCE(link->un, un);
	if (link->flags & RESMGR_ATTACH_BEFORE) {
		list_add(&link->un_node, &un->members);
	} else if (link->flags & RESMGR_ATTACH_AFTER) {
		list_add_tail(&link->un_node, &un->members);
	} else {
		/* In front of the first member that is not a BEFORE one. */
		list_for_each_entry(m, &un->members, un_node)
			if (!(m->flags & RESMGR_ATTACH_BEFORE))
				break;
		list_add_tail(&link->un_node, &m->un_node);
	}
	spin_unlock(&un->lock);
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_union_insert);

/**
 * resmgr_union_join() - @link's mount at @root joins the union there
 * @link:	the link, bound for the first time
 * @root:	the root of a mount of @link
 *
 * Looks under the mount: the root of another resmgr mount means the same
 * path, so its union; a name inside a directory prefix means a nested
 * prefix, whose union covers a new one; anything else, a new union of
 * its own.  Called once per link (RESMGR_IOC_BIND refuses a second).
 *
 * Return: 0 or -ENOMEM.
 */
int resmgr_union_join(struct resmgr_link *link, const struct path *root)
{
	struct resmgr_union *un = NULL, *cover = NULL;
	struct path up = *root;
	char *buf = NULL;
	const char *cover_path = "";
	int ret = -ENOMEM;

	path_get(&up);
	if (follow_up(&up) && resmgr_sb_is_ours(up.dentry->d_sb)) {
		struct resmgr_link *below = up.dentry->d_sb->s_fs_info;
		/*
		 * Held by @below, which its mounted superblock holds.  Its
		 * server may be binding it right now (under another
		 * channel's attach_lock): then it is not in a union yet and
		 * ours starts a new one.
		 */
		struct resmgr_union *below_un = READ_ONCE(below->un);

		if (up.dentry == up.dentry->d_sb->s_root) {
			un = below_un;
		} else if (below_un) {
			buf = kmalloc(RESMGR_PATH_BUF, GFP_KERNEL);
			if (!buf)
				goto out;
			cover_path = resmgr_dentry_path(up.dentry, buf);
			if (IS_ERR(cover_path)) {
				ret = PTR_ERR(cover_path);
				goto out;
			}
			cover = below_un;
		}
	}
	if (un)
		kref_get(&un->kref);
	else
		un = resmgr_union_new(cover, cover_path);
	if (!un)
		goto out;
	resmgr_union_insert(un, link);
	ret = 0;
out:
	kfree(buf);
	path_put(&up);
	return ret;
}

/**
 * resmgr_union_leave() - @link is going away: off its union's list
 * @link:	the link, its last reference gone
 */
void resmgr_union_leave(struct resmgr_link *link)
{
	struct resmgr_union *un = link->un;

	if (!un)
		return;
	spin_lock(&un->lock);
	list_del(&link->un_node);
	spin_unlock(&un->lock);
	WRITE_ONCE(link->un, NULL);
	kref_put(&un->kref, resmgr_union_release);
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_union_leave);

/*
 * The @idx'th member of @un with a reference taken, NULL past the end,
 * or ERR_PTR(-ENOENT) for a member whose last reference is going: it is
 * about to leave the list, and counts as one to skip.
 */
VISIBLE_IF_KUNIT struct resmgr_link *
resmgr_union_member(struct resmgr_union *un, unsigned int idx)
{
	struct resmgr_link *m, *found = NULL;

	spin_lock(&un->lock);
	list_for_each_entry(m, &un->members, un_node) {
		if (idx--)
			continue;
		found = kref_get_unless_zero(&m->kref) ? m : ERR_PTR(-ENOENT);
		break;
	}
	spin_unlock(&un->lock);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_union_member);

/**
 * resmgr_union_kick() - a mount of @link went: let detached ones go
 * @link:	the link of a superblock being killed
 *
 * A mount with another mounted on it cannot be unmounted: a detached or
 * dead server's mount under a live one's in a union, or a dead directory
 * prefix with a nested prefix (and its placeholder) inside.  Now that
 * one is gone, the detached members of this union and of the unions it
 * lies in try again.
 */
void resmgr_union_kick(struct resmgr_link *link)
{
	struct resmgr_union *un;
	struct resmgr_link *m;
	unsigned int i;

	for (un = READ_ONCE(link->un); un; un = un->cover) {
		for (i = 0; (m = resmgr_union_member(un, i)); i++) {
			if (IS_ERR(m))
				continue;
			if (m != link && READ_ONCE(m->detached))
				resmgr_chan_expire_soon(m->chan);
			resmgr_link_put(m);
		}
	}
}

/*
 * Put @prefix and a '/' in front of the path at *@pathp, which lies at
 * the end of @buf (RESMGR_PATH_BUF bytes).  "" becomes @prefix alone.
 */
VISIBLE_IF_KUNIT int resmgr_path_prepend(char *buf, char **pathp,
					 const char *prefix)
{
	size_t plen = strlen(prefix);
	char *path = *pathp;
	bool slash = *path;

	/* Keep the byte the leading '/' had: the same limit as before. */
	if ((size_t)(path - buf) < plen + slash + 1)
		return -ENAMETOOLONG;
	if (slash)
		*--path = '/';
	path -= plen;
	memcpy(path, prefix, plen);
	*pathp = path;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_path_prepend);

/**
 * resmgr_route_start() - the route of a connect message about @dentry
 * @r:		the route, uninitialised
 * @dentry:	the name the message is about
 * @other:	a second name whose path the message carries (RENAME, LINK),
 *		or NULL
 *
 * Return: 0, or -ENOMEM, -ENAMETOOLONG; on error nothing is held.
 */
int resmgr_route_start(struct resmgr_route *r, struct dentry *dentry,
		       struct dentry *other)
{
	struct resmgr_link *link = dentry->d_sb->s_fs_info;

	memset(r, 0, sizeof(*r));
	r->first = link;
	r->un = READ_ONCE(link->un);	/* a BIND may set it meanwhile */
	r->buf = kmalloc(other ? 2 * RESMGR_PATH_BUF : RESMGR_PATH_BUF,
			 GFP_KERNEL);
	if (!r->buf)
		return -ENOMEM;
	r->path = resmgr_dentry_path(dentry, r->buf);
	if (!IS_ERR(r->path) && other) {
		r->xpath = resmgr_dentry_path(other, r->buf + RESMGR_PATH_BUF);
		if (IS_ERR(r->xpath))
			r->path = r->xpath;
	}
	if (IS_ERR(r->path)) {
		kfree(r->buf);
		r->buf = NULL;
		return PTR_ERR(r->path);
	}
	r->err = -ENOENT;
	return 0;
}

/**
 * resmgr_route_start_child() - the route of a name in directory @dir
 * @r:		the route, uninitialised
 * @dir:	the directory
 * @name:	the name in it (not NUL-terminated)
 * @len:	its length
 *
 * For names a directory listing returns, which have no dentry.
 *
 * Return: see resmgr_route_start().
 */
int resmgr_route_start_child(struct resmgr_route *r, struct dentry *dir,
			     const char *name, unsigned int len)
{
	char *end, *start;
	size_t plen;
	int ret;

	ret = resmgr_route_start(r, dir, NULL);
	if (ret)
		return ret;
	plen = strlen(r->path);
	end = r->buf + RESMGR_PATH_BUF;
	/* "dir/name" and its NUL where "dir" and its NUL were, at the end. */
	start = end - (plen + !!plen + len + 1);
	if (start <= r->buf) {
		resmgr_route_end(r);
		return -ENAMETOOLONG;
	}
	memmove(start, r->path, plen);
	if (plen)
		start[plen++] = '/';
	memcpy(start + plen, name, len);
	start[plen + len] = 0;
	r->path = start;
	return 0;
}

/*
 * Whether @link can be asked about r->path now.  A dead server's is
 * remembered: if no other server answers, its clients get ENOTCONN, as
 * without a union, rather than "no such name".
 */
static bool resmgr_route_usable(struct resmgr_route *r,
				struct resmgr_link *link)
{
	if (READ_ONCE(link->detached)) {
		if (READ_ONCE(link->chan->dead))
			r->dead = true;
		return false;
	}
	return !*r->path || S_ISDIR(link->mode);
}

/* The next member to ask, with a reference, or NULL at the end. */
static struct resmgr_link *resmgr_route_pick(struct resmgr_route *r)
{
	struct resmgr_link *link;

	for (;;) {
		if (!r->un) {
			/* Never bound: the dentry's own link alone. */
			if (r->asked || !resmgr_route_usable(r, r->first))
				return NULL;
			kref_get(&r->first->kref);
			return r->first;
		}
		link = resmgr_union_member(r->un, r->next++);
		if (IS_ERR(link))
			continue;
		if (link) {
			if (resmgr_route_usable(r, link))
				return link;
			resmgr_link_put(link);
			continue;
		}
		/* This union is done: on to the one it lies in. */
		if (r->opaque || !r->un->cover)
			return NULL;
		if (resmgr_path_prepend(r->buf, &r->path,
					r->un->cover_path) ||
		    (r->xpath &&
		     resmgr_path_prepend(r->buf + RESMGR_PATH_BUF, &r->xpath,
					 r->un->cover_path))) {
			r->err = -ENAMETOOLONG;
			return NULL;
		}
		r->un = r->un->cover;
		r->next = 0;
	}
}

/**
 * resmgr_route_passes() - whether a server's answer passes a message on
 * @err:	the answer, 0 or -errno
 *
 * ENOENT: no such name here.  ENOSYS is what a QNX server answers for a
 * message it has no handler for (the iofunc layer's default), not a
 * system call number: the kernel only passes it through.
 *
 * Return: true for -ENOENT and -ENOSYS.
 */
bool resmgr_route_passes(int err)
{
	return err == -ENOENT || err == -ENOSYS;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_route_passes);

/**
 * resmgr_route_next() - on to the next server, if the last one passed
 * @r:		the route, started
 * @ret:	in: the last server's answer (ignored before the first);
 *		out: the final answer when this returns false
 *
 * ENOENT and ENOSYS pass the message on; anything else is the answer.
 * When every server passed, the answer is -ENOENT if any said so, else
 * -ENOSYS; when none could be asked, -ENOTCONN if one is there but dead,
 * else -ENOENT.
 *
 * Return: true with r->link and r->path (and r->xpath) set for the next
 * server to ask; false when @ret holds the answer.
 */
bool resmgr_route_next(struct resmgr_route *r, int *ret)
{
	if (r->link) {
		resmgr_link_put(r->link);
		r->link = NULL;
	}
	if (r->asked) {
		if (!resmgr_route_passes(*ret))
			return false;
		/* ENOENT says more about a name than ENOSYS does. */
		if (r->err != -ENOENT || r->asked == 1)
			r->err = *ret;
	}
	r->link = NULL;
	if (!r->limit || r->asked < r->limit)
		r->link = resmgr_route_pick(r);
	if (!r->link) {
		*ret = !r->asked && r->dead ? -ENOTCONN : r->err;
		return false;
	}
	if (r->link->flags & RESMGR_ATTACH_OPAQUE)
		r->opaque = true;
	r->asked++;
	return true;
}

/**
 * resmgr_route_end() - let go of what a route holds
 * @r:	the route, started
 */
void resmgr_route_end(struct resmgr_route *r)
{
	if (r->link)
		resmgr_link_put(r->link);
	r->link = NULL;
	kfree(r->buf);
	r->buf = NULL;
}

/**
 * resmgr_route_in_union() - whether a name under @sb may have more than
 *			     one server
 * @sb:	a resmgr superblock
 *
 * True when its union has another member or covers another union, even
 * if they are dead now: directory positions must mean the same for the
 * whole life of an open directory (see dir.c).
 */
bool resmgr_route_in_union(struct super_block *sb)
{
	struct resmgr_link *link = sb->s_fs_info;
	struct resmgr_union *un = READ_ONCE(link->un);
	bool more;

	if (!un)
		return false;
	spin_lock(&un->lock);
	more = un->cover || !list_is_singular(&un->members);
	spin_unlock(&un->lock);
	return more;
}
