// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: fcntl(2) record locks, kept by the server (LOCK, QNX's
 * _IO_LOCK).
 *
 * The server owns the lock table, as a network filesystem's server does:
 * it alone sees every client of the file, and it answers F_GETLK.  The
 * kernel only translates between struct file_lock and the message:
 *  - a POSIX lock belongs to a process: its owner is the client's tgid as
 *    the server's pid namespace sees it (the same number in_header.pid
 *    carries, so the server can match it to CLOSE_DUP);
 *  - an OFD lock (F_OFD_SETLK, FL_OFDLCK) belongs to the open file
 *    description: RESMGR_LOCK_OFD, and its owner is the kernel OCB's kh,
 *    unique among the channel's live opens;
 *  - [fl_start, fl_end] becomes start and len, with fl_end == OFFSET_MAX
 *    ("to the end of the file, however far it grows") as len 0.
 *
 * F_SETLKW waits like any request: the server holds the LOCK until it can
 * grant it; a signal sends the server an UNBLOCK event (req.c) and it
 * answers EINTR; a fatal signal frees the waiter at once.
 *
 * Unlocking on close is the server's job, not ours.  The VFS calls
 * locks_remove_posix() on every close and locks_remove_file() on the last
 * one, but they only reach ->lock when the inode's own lock list has
 * entries, and ours is always empty: no lock is ever recorded locally.
 * So the server drops a process's POSIX locks on the CLOSE_DUP of any of
 * its descriptors for the file (in_header.pid names the process, as
 * POSIX's "any close releases them" wants), and an open's OFD locks when
 * the OCB ends (CLOSE_DUP with RESMGR_IN_F_LAST, or CLOSE_OCB).
 * libresmgr's iofunc layer does that.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>

#include "compat.h"
#include "resmgr_i.h"

/*
 * A holder's pid from the server (its namespace) as the VFS keeps it in
 * fl_pid: a number in the initial namespace, which fcntl_getlk()
 * translates into the caller's.  A pid of 0 (an OFD lock) or of a process
 * that is gone becomes -1, which F_GETLK shows as is, as Linux shows an
 * OFD lock.
 */
static pid_t resmgr_lock_holder_pid(struct resmgr_chan *chan, u32 pid)
{
	pid_t nr = 0;

	if (pid && pid <= PID_MAX_LIMIT) {
		rcu_read_lock();
		nr = pid_nr(find_pid_ns(pid, chan->pid_ns));
		rcu_read_unlock();
	}
	return nr ? nr : -1;
}

/* F_GETLK: the conflicting lock the server reports, or F_UNLCK. */
static int resmgr_lock_report(struct resmgr_chan *chan, struct file_lock *fl,
			      const struct resmgr_lock_out *lo)
{
	pid_t pid;

	if (resmgr_lock_out_check(lo))
		return -EIO;
	resmgr_fl_set_type(fl, lo->type);
	if (lo->type == F_UNLCK)
		return 0;
	fl->fl_start = lo->start;
	fl->fl_end = lo->len ? lo->start + lo->len - 1 : OFFSET_MAX;
	pid = resmgr_lock_holder_pid(chan, lo->pid);
	/*
	 * The VFS shows -1 for any lock flagged OFD, and F_OFD_GETLK flags
	 * the caller's query so: drop the flag for a holder with a pid.
	 */
	if (pid > 0)
		resmgr_fl_set_flags(fl, resmgr_fl_flags(fl) & ~FL_OFDLCK);
	resmgr_fl_set_pid(fl, pid);
	return 0;
}

/**
 * resmgr_lock() - ->lock: F_GETLK, F_SETLK and F_SETLKW (and OFD forms)
 * @file:	the file
 * @cmd:	the fcntl command; the VFS has turned OFD commands into the
 *		plain ones with FL_OFDLCK set
 * @fl:		the lock, its range already absolute
 *
 * Return: 0, or -errno (EAGAIN: conflict; EDEADLK; EINTR: SETLKW
 * interrupted; EIO: a malformed answer).
 */
int resmgr_lock(struct file *file, int cmd, struct file_lock *fl)
{
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_chan *chan = ocb->link->chan;
	struct resmgr_lock_in *li;
	struct resmgr_req *req;
	u32 lcmd, pid;
	int ret;

	if (IS_GETLK(cmd))
		lcmd = RESMGR_LOCK_GET;
	else if (IS_SETLKW(cmd))
		lcmd = RESMGR_LOCK_SETW;
	else if (IS_SETLK(cmd))
		lcmd = RESMGR_LOCK_SET;
	else
		return -EINVAL;		/* F_CANCELLK: only lockd asks */

	req = resmgr_io_req(file, RESMGR_OP_LOCK);
	if (!req)
		return -ENOMEM;
	pid = task_tgid_nr_ns(current, chan->pid_ns);
	li = &req->in.lock;
	li->cmd = lcmd;
	li->type = resmgr_fl_type(fl);
	li->start = fl->fl_start;
	li->len = fl->fl_end == OFFSET_MAX ? 0 : fl->fl_end - fl->fl_start + 1;
	li->pid = pid;
	if (resmgr_fl_flags(fl) & FL_OFDLCK) {
		li->flags = RESMGR_LOCK_OFD;
		li->owner = ocb->kh;
	} else {
		li->owner = pid;
	}
	req->in_body_len = sizeof(*li);

	ret = resmgr_io_call(file, req);
	if (!ret && lcmd == RESMGR_LOCK_GET)
		ret = resmgr_lock_report(chan, fl, &req->out.lock);
	resmgr_req_put(req);
	return ret;
}
