// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fcntl() record locks in the POSIX layer (attr->lock_list).
 *
 * A lock belongs to an owner: a process (POSIX locks; the client's pid)
 * or an open (OFD locks; the OCB).  Locks of one owner never conflict
 * with each other; a new lock replaces whatever the owner held in its
 * range, and adjacent locks of the same type and owner are merged, so
 * the list never holds more records than the owners' distinct ranges.
 *
 * F_SETLKW that cannot be granted is held: the request is queued (its
 * rcvid) and the handler returns _RESMGR_NOREPLY.  Whenever locks go
 * (unlock, a process's close, an open's last close), the queue is
 * walked in order and every waiter that can now be granted gets its lock
 * and its reply.  A signalled waiter is answered EINTR by
 * iofunc_unblock().  Everything here runs under the attr lock.
 *
 * Records come from iofunc_lock_calloc() and go back to
 * iofunc_lock_free() (iofunc_lock_alloc.c), which a server may replace.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iofunc/iofunc_i.h"

struct rm_lock {
	struct rm_lock *next;
	uint64_t owner;		/* pid, or the OCB's address for OFD */
	bool ofd;
	pid_t pid;		/* who set it, for F_GETLK */
	short type;		/* F_RDLCK, F_WRLCK (F_UNLCK: a request) */
	int64_t start;
	int64_t end;		/* inclusive; INT64_MAX: to the end, always */
};

struct rm_lock_waiter {
	struct rm_lock_waiter *next;
	int rcvid;
	const iofunc_ocb_t *ocb;	/* the open it came on (not used) */
	struct rm_lock want;
};

struct _iofunc_lock_list {
	struct rm_lock *locks;
	struct rm_lock_waiter *waiters;	/* in arrival order */
};

/* A record of @size from the hook, for the request on @ctp and @ocb. */
static void *rm_lock_alloc(resmgr_context_t *ctp, const iofunc_ocb_t *ocb,
			   size_t size)
{
	return iofunc_lock_calloc(ctp, (iofunc_ocb_t *)ocb, size);
}

static void rm_lock_release(void *rec, size_t size)
{
	if (rec)
		iofunc_lock_free(rec, size);
}

static bool rm_lock_same_owner(const struct rm_lock *a, const struct rm_lock *b)
{
	return a->ofd == b->ofd && a->owner == b->owner;
}

static bool rm_lock_overlap(const struct rm_lock *a, const struct rm_lock *b)
{
	return a->start <= b->end && b->start <= a->end;
}

static bool rm_lock_conflict(const struct rm_lock *held,
			     const struct rm_lock *want)
{
	return !rm_lock_same_owner(held, want) && rm_lock_overlap(held, want) &&
	       (held->type == F_WRLCK || want->type == F_WRLCK);
}

/*
 * The first lock in the file that conflicts with @want: the one with the
 * lowest start, whatever order the list is in, as F_GETLK reports it.
 */
static const struct rm_lock *rm_lock_find_conflict(const struct _iofunc_lock_list *ll,
						   const struct rm_lock *want)
{
	const struct rm_lock *l, *first = NULL;

	for (l = ll ? ll->locks : NULL; l; l = l->next)
		if (rm_lock_conflict(l, want) &&
		    (!first || l->start < first->start))
			first = l;
	return first;
}

/*
 * Set @want (F_UNLCK: remove) for its owner.  Needs at most two new
 * records (a split lock's tail, the new lock); they are allocated first
 * so that a failure changes nothing.
 */
static int rm_lock_apply(resmgr_context_t *ctp, const iofunc_ocb_t *ocb,
			 struct _iofunc_lock_list *ll,
			 const struct rm_lock *want)
{
	struct rm_lock *spare[2] = {
		rm_lock_alloc(ctp, ocb, sizeof(struct rm_lock)),
		rm_lock_alloc(ctp, ocb, sizeof(struct rm_lock)) };
	struct rm_lock **pp, *l, *n;
	struct rm_lock w = *want;

	if (!spare[0] || !spare[1]) {
		rm_lock_release(spare[0], sizeof(struct rm_lock));
		rm_lock_release(spare[1], sizeof(struct rm_lock));
		return ENOLCK;
	}
	for (pp = &ll->locks; (l = *pp);) {
		if (!rm_lock_same_owner(l, &w)) {
			pp = &l->next;
			continue;
		}
		/* The same type touching it: merge into the new lock. */
		if (w.type == l->type &&
		    l->start <= (w.end == INT64_MAX ? w.end : w.end + 1) &&
		    w.start <= (l->end == INT64_MAX ? l->end : l->end + 1)) {
			w.start = l->start < w.start ? l->start : w.start;
			w.end = l->end > w.end ? l->end : w.end;
			*pp = l->next;
			rm_lock_release(l, sizeof(*l));
			continue;
		}
		if (!rm_lock_overlap(l, &w)) {
			pp = &l->next;
			continue;
		}
		if (l->start < w.start && l->end > w.end) {
			/* w is inside l: l keeps its head, a new tail follows. */
			n = spare[1];
			spare[1] = NULL;
			*n = *l;
			n->start = w.end + 1;
			l->end = w.start - 1;
			n->next = l->next;
			l->next = n;
			pp = &n->next;
		} else if (l->start < w.start) {
			l->end = w.start - 1;
			pp = &l->next;
		} else if (l->end > w.end) {
			l->start = w.end + 1;
			pp = &l->next;
		} else {
			*pp = l->next;
			rm_lock_release(l, sizeof(*l));
		}
	}
	if (w.type != F_UNLCK) {
		n = spare[0];
		spare[0] = NULL;
		*n = w;
		n->next = ll->locks;
		ll->locks = n;
	}
	rm_lock_release(spare[0], sizeof(struct rm_lock));
	rm_lock_release(spare[1], sizeof(struct rm_lock));
	return EOK;
}

/* Drop the list once nothing is on it. */
static void rm_lock_list_gc(iofunc_attr_t *attr)
{
	struct _iofunc_lock_list *ll = attr->lock_list;

	if (ll && !ll->locks && !ll->waiters) {
		rm_lock_release(ll, sizeof(*ll));
		attr->lock_list = NULL;
	}
}

/*
 * Grant, in order, every waiter whose range is free now (@ctp: the
 * request that freed it).
 */
static void rm_lock_wake(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	struct _iofunc_lock_list *ll = attr->lock_list;
	struct rm_lock_waiter **pp, *w;
	int err;

	if (!ll)
		return;
	for (pp = &ll->waiters; (w = *pp);) {
		if (rm_lock_find_conflict(ll, &w->want)) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		err = rm_lock_apply(ctp, w->ocb, ll, &w->want);
		if (err) {
			MsgError(w->rcvid, err);
		} else if (MsgReply(w->rcvid, 0, NULL, 0) < 0) {
			/*
			 * The client is gone (killed while it waited): nobody
			 * owns this lock, so it must not stay.
			 */
			w->want.type = F_UNLCK;
			rm_lock_apply(ctp, w->ocb, ll, &w->want);
		}
		rm_lock_release(w, sizeof(*w));
	}
	rm_lock_list_gc(attr);
}

/* Remove the locks of owner (@ofd, @owner), then wake who can go. */
static void rm_lock_drop_owner(resmgr_context_t *ctp, iofunc_attr_t *attr,
			       bool ofd, uint64_t owner)
{
	struct _iofunc_lock_list *ll = attr->lock_list;
	struct rm_lock **pp, *l;

	if (!ll)
		return;
	for (pp = &ll->locks; (l = *pp);) {
		if (l->ofd == ofd && l->owner == owner) {
			*pp = l->next;
			rm_lock_release(l, sizeof(*l));
		} else {
			pp = &l->next;
		}
	}
	rm_lock_wake(ctp, attr);
}

/* Is thread @tid of process @pid running (not a zombie, not gone)? */
static bool rm_thread_alive(pid_t pid, const char *tid)
{
	char path[320], buf[512], *p;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)pid, tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "tid (comm) S ...": the name may hold anything, even ")". */
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] && p[2] != 'Z' && p[2] != 'X';
}

/*
 * Has process @pid exited?  Locks are per process, so it has once none
 * of its threads runs (the leader may be a zombie while others run).
 * Without a /proc to look in, nobody is known to have exited.
 */
static bool rm_pid_exited(pid_t pid)
{
	char path[64];
	struct dirent *d;
	bool alive = false;
	DIR *dir;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT && access("/proc/self/task", F_OK) == 0;
	while (!alive && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			alive = rm_thread_alive(pid, d->d_name);
	closedir(dir);
	return !alive;
}

/*
 * Drop the POSIX locks in @want's way whose process has exited.  Its
 * close of the file drops them too, but a dying process's CLOSE_DUP is
 * an event nobody waits for: a request another thread takes after it
 * (F_GETLK by the parent that reaped it) may run first and must not see
 * a dead process's locks.
 */
static void rm_lock_reap_exited(resmgr_context_t *ctp, iofunc_attr_t *attr,
				const struct rm_lock *want)
{
	const struct rm_lock *l;

again:
	for (l = attr->lock_list ? attr->lock_list->locks : NULL; l;
	     l = l->next) {
		if (l->ofd || !rm_lock_conflict(l, want) ||
		    !rm_pid_exited((pid_t)l->owner))
			continue;
		rm_lock_drop_owner(ctp, attr, false, l->owner);
		goto again;
	}
}

/*
 * Would making @want wait deadlock?  Only the simple cycle is seen: the
 * holder of the conflicting lock is itself waiting for a lock that
 * @want's owner holds.
 */
static bool rm_lock_deadlock(const struct _iofunc_lock_list *ll,
			     const struct rm_lock *holder,
			     const struct rm_lock *want)
{
	const struct rm_lock_waiter *w;
	const struct rm_lock *l;

	for (w = ll->waiters; w; w = w->next) {
		if (!rm_lock_same_owner(&w->want, holder))
			continue;
		for (l = ll->locks; l; l = l->next)
			if (rm_lock_same_owner(l, want) &&
			    rm_lock_conflict(l, &w->want))
				return true;
	}
	return false;
}

/* The request's range, absolute and inclusive. */
static int rm_lock_range(const flock_t *fl, const iofunc_ocb_t *ocb,
			 const iofunc_attr_t *attr, struct rm_lock *w)
{
	int64_t base, start;

	if (rm_seek_base(fl->l_whence, ocb, attr, &base))
		return EINVAL;
	if (__builtin_add_overflow(base, (int64_t)fl->l_start, &start))
		return EOVERFLOW;
	if (start < 0 || fl->l_len < 0)
		return EINVAL;
	w->start = start;
	if (fl->l_len == 0)
		w->end = INT64_MAX;
	else if (__builtin_add_overflow(start, (int64_t)fl->l_len - 1, &w->end))
		return EOVERFLOW;
	return EOK;
}

static int rm_lock_get(resmgr_context_t *ctp, io_lock_t *msg,
		       const struct rm_lock *want, iofunc_attr_t *attr)
{
	flock_t *fl = _IO_LOCK_FLOCK(msg);
	const struct rm_lock *l;

	if (want->type == F_UNLCK)
		return EINVAL;
	l = rm_lock_find_conflict(attr->lock_list, want);
	memset(fl, 0, sizeof(*fl));
	fl->l_whence = SEEK_SET;
	fl->l_type = F_UNLCK;
	if (l) {
		fl->l_type = l->type;
		fl->l_start = l->start;
		fl->l_len = l->end == INT64_MAX ? 0 : l->end - l->start + 1;
		/* An OFD lock has no process: -1, as Linux reports it. */
		fl->l_pid = l->ofd ? -1 : l->pid;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	return _RESMGR_PTR(ctp, msg, sizeof(msg->o) + sizeof(*fl));
}

static int rm_lock_wait(resmgr_context_t *ctp, iofunc_attr_t *attr,
			const iofunc_ocb_t *ocb, const struct rm_lock *want,
			const struct rm_lock *holder)
{
	struct _iofunc_lock_list *ll = attr->lock_list;
	struct rm_lock_waiter *w, **pp;

	if (rm_lock_deadlock(ll, holder, want))
		return EDEADLK;
	/* Only a request that may be answered later can wait. */
	if (ctp->rcvid <= 0)
		return EAGAIN;
	w = rm_lock_alloc(ctp, ocb, sizeof(*w));
	if (!w)
		return ENOLCK;
	w->rcvid = ctp->rcvid;
	w->ocb = ocb;
	w->want = *want;
	for (pp = &ll->waiters; *pp; pp = &(*pp)->next)
		;
	*pp = w;
	return _RESMGR_NOREPLY;
}

int iofunc_lock(resmgr_context_t *ctp, io_lock_t *msg, iofunc_ocb_t *ocb,
		iofunc_attr_t *attr)
{
	flock_t *fl = _IO_LOCK_FLOCK(msg);
	const struct rm_lock *holder;
	struct rm_lock want;
	int err;

	if (msg->i.nbytes < sizeof(*fl))
		return EINVAL;
	memset(&want, 0, sizeof(want));
	want.ofd = (msg->i.flags & _IO_LOCK_OFD) != 0;
	want.owner = want.ofd ? (uint64_t)(uintptr_t)ocb : (uint64_t)ctp->info.pid;
	want.pid = ctp->info.pid;
	want.type = fl->l_type;
	if (want.type != F_RDLCK && want.type != F_WRLCK && want.type != F_UNLCK)
		return EINVAL;
	err = rm_lock_range(fl, ocb, attr, &want);
	if (err)
		return err;
	if (want.type != F_UNLCK)
		rm_lock_reap_exited(ctp, attr, &want);
	if (msg->i.subtype == F_GETLK)
		return rm_lock_get(ctp, msg, &want, attr);
	if (msg->i.subtype != F_SETLK && msg->i.subtype != F_SETLKW)
		return EINVAL;
	/* A read lock needs an open for reading, a write lock for writing. */
	if ((want.type == F_RDLCK && !(ocb->ioflag & _IO_FLAG_RD)) ||
	    (want.type == F_WRLCK && !(ocb->ioflag & _IO_FLAG_WR)))
		return EBADF;
	if (!attr->lock_list) {
		if (want.type == F_UNLCK)
			return EOK;
		attr->lock_list = rm_lock_alloc(ctp, ocb,
						sizeof(*attr->lock_list));
		if (!attr->lock_list)
			return ENOLCK;
	}
	holder = want.type == F_UNLCK ? NULL :
		 rm_lock_find_conflict(attr->lock_list, &want);
	if (holder && msg->i.subtype == F_SETLK)
		err = EAGAIN;
	else if (holder)
		err = rm_lock_wait(ctp, attr, ocb, &want, holder);
	else
		err = rm_lock_apply(ctp, ocb, attr->lock_list, &want);
	/* An unlock or a downgrade may free someone; an error leaves it. */
	if (err == EOK)
		rm_lock_wake(ctp, attr);
	else if (err != _RESMGR_NOREPLY)
		rm_lock_list_gc(attr);
	return err;
}

int iofunc_lock_default(resmgr_context_t *ctp, io_lock_t *msg,
			iofunc_ocb_t *ocb)
{
	return iofunc_lock(ctp, msg, ocb, ocb->attr);
}

/* A close(2) by process @pid: its POSIX locks on the file go (POSIX). */
void rm_lock_close_dup(resmgr_context_t *ctp, iofunc_attr_t *attr, pid_t pid)
{
	rm_lock_drop_owner(ctp, attr, false, (uint64_t)pid);
}

/*
 * The open's last close: its OFD locks go, and requests still waiting
 * on it (another thread of a process that closed it) fail EBADF.
 */
void rm_lock_close_ocb(resmgr_context_t *ctp, iofunc_attr_t *attr,
		       const iofunc_ocb_t *ocb)
{
	struct _iofunc_lock_list *ll = attr->lock_list;
	struct rm_lock_waiter **pp, *w;

	if (!ll)
		return;
	for (pp = &ll->waiters; (w = *pp);) {
		if (w->ocb != ocb) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		MsgError(w->rcvid, EBADF);
		rm_lock_release(w, sizeof(*w));
	}
	rm_lock_drop_owner(ctp, attr, true, (uint64_t)(uintptr_t)ocb);
}

/* Forget waiter @rcvid; true if it was one (the caller answers it). */
bool rm_lock_unblock(iofunc_attr_t *attr, int rcvid)
{
	struct _iofunc_lock_list *ll = attr->lock_list;
	struct rm_lock_waiter **pp, *w;

	for (pp = ll ? &ll->waiters : NULL; pp && (w = *pp); pp = &w->next) {
		if (w->rcvid != rcvid)
			continue;
		*pp = w->next;
		rm_lock_release(w, sizeof(*w));
		rm_lock_list_gc(attr);
		return true;
	}
	return false;
}

void rm_lock_count(const iofunc_attr_t *attr, uint32_t *rlocks,
		   uint32_t *wlocks)
{
	const struct rm_lock *l;

	*rlocks = *wlocks = 0;
	for (l = attr->lock_list ? attr->lock_list->locks : NULL; l; l = l->next) {
		if (l->type == F_RDLCK)
			(*rlocks)++;
		else
			(*wlocks)++;
	}
}
