// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: reading a directory - getdents64(2), readdir(3).
 *
 * A directory's listing is READs on its OCB, each answered with struct
 * resmgr_dirent records (checked by resmgr_dirent_check(), proto.c), and
 * its positions are the server's cookies, so telldir/seekdir/rewinddir
 * are the server's.  Where several servers answer for one directory (a
 * union, or a nested prefix: route.c), their listings follow each other
 * in route order and each name shows once, as a lookup would find it.
 * fs/fuse split readdir.c out of its dir.c for the same reason: it is
 * one concern of its own, next to resolving names (dir.c).
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/stringhash.h>

#include "resmgr_i.h"

/* Bytes of directory entries asked for per READ. */
#define RESMGR_DIR_READ		PAGE_SIZE

/*
 * A union directory's positions: which server in the route (route.c) in
 * the top bits, that server's cookie in the rest.  A plain directory's
 * positions are its server's cookies as they are.
 */
#define RESMGR_DIR_MEMBER_SHIFT	56
#define RESMGR_DIR_MEMBER_MAX	127	/* its end: loff_t stays positive */
#define RESMGR_DIR_COOKIE_MASK	((1ULL << RESMGR_DIR_MEMBER_SHIFT) - 1)

/**
 * struct resmgr_dir_walk - one getdents(2) over a directory's servers
 * @ctx:	where entries go; ctx->pos is the position
 * @dir:	the directory
 * @in_union:	positions are RESMGR_DIR_MEMBER_SHIFT-encoded
 * @member:	the server in the route being read (@in_union)
 */
struct resmgr_dir_walk {
	struct dir_context *ctx;
	struct dentry *dir;
	bool in_union;
	unsigned int member;
};

/*
 * Whether a name in the listing of a later server of a union is hidden:
 * a lookup of it would be answered by an earlier one (the first
 * w->member servers of the route).  One STAT_PATH per earlier server
 * that passes; "." and ".." are the first server's.
 */
static bool resmgr_dir_hidden(struct resmgr_dir_walk *w, const char *name,
			      unsigned int len)
{
	struct resmgr_connect_args a = {};
	struct resmgr_route r;
	int ret;

	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	ret = resmgr_route_start_child(&r, w->dir, name, len);
	if (ret)
		return false;
	r.limit = w->member;
	ret = resmgr_route_call(&r, RESMGR_OP_STAT_PATH, &a, NULL);
	resmgr_route_end(&r);
	return !resmgr_route_passes(ret);
}

/*
 * Emit the records of one READ reply.  Returns 1 to read on, 0 when the
 * caller's buffer is full, or -errno for a bad record, no progress or a
 * cookie too large to share a union's position.
 */
static int resmgr_dir_emit(struct resmgr_dir_walk *w, const char *data,
			   size_t len)
{
	struct dir_context *ctx = w->ctx;
	loff_t start = ctx->pos;
	size_t off = 0;

	while (off < len) {
		struct resmgr_dirent rec;
		const char *name = data + off + sizeof(rec);
		loff_t next;
		u64 ino;
		int n;

		n = resmgr_dirent_check(data + off, len - off, &rec);
		if (n < 0)
			return n;
		next = rec.next;
		if (w->in_union) {
			if (rec.next > RESMGR_DIR_COOKIE_MASK)
				return -EOVERFLOW;
			next |= (loff_t)w->member << RESMGR_DIR_MEMBER_SHIFT;
		}
		off += n;
		if (w->member && resmgr_dir_hidden(w, name, rec.namelen)) {
			ctx->pos = next;
			continue;
		}
		/* glibc skips d_ino 0: make one up from the name. */
		ino = rec.ino ? rec.ino :
		      full_name_hash(NULL, name, rec.namelen) | 1;
		if (!dir_emit(ctx, name, rec.namelen, ino, rec.type))
			return 0;
		ctx->pos = next;
	}
	/* A server whose positions never move would loop us forever. */
	return ctx->pos == start ? -EIO : 1;
}

/*
 * READs on one server's directory OCB from the position's cookie, a page
 * of struct resmgr_dirent records each, until the server answers 0 bytes
 * (returns 1: its end) or the caller's buffer is full (returns 0).
 */
static int resmgr_dir_read(struct resmgr_dir_walk *w, struct resmgr_link *link,
			   u64 server_ocb, bool nonblock)
{
	for (;;) {
		struct resmgr_req *req;
		int ret;

		req = resmgr_req_alloc(link->chan, RESMGR_OP_READ, link,
				       server_ocb);
		if (!req)
			return -ENOMEM;
		if (nonblock)
			req->ih.flags |= RESMGR_IN_F_NONBLOCK;
		req->in.rw.xtype = RESMGR_XTYPE_OFFSET;
		req->in.rw.offset = w->in_union ?
			w->ctx->pos & RESMGR_DIR_COOKIE_MASK : w->ctx->pos;
		req->in.rw.nbytes = RESMGR_DIR_READ;
		req->in_body_len = sizeof(req->in.rw);
		ret = resmgr_req_alloc_data(req, 0, RESMGR_DIR_READ);
		if (!ret) {
			/* MSGWRITE gaps read as zeros, not old heap. */
			memset(req->out_data, 0, RESMGR_DIR_READ);
			ret = resmgr_req_send(req);
		}
		if (!ret && req->oh.error)
			ret = -req->oh.error;
		if (!ret)
			ret = req->oh.status > 0 ?
			      resmgr_dir_emit(w, req->out_data,
					      req->oh.status) : 2;
		resmgr_req_put(req);
		if (ret != 1)
			return ret == 2 ? 1 : ret;
	}
}

/*
 * One server of a union directory: open the directory's path on it,
 * read from the position, close.  Returns 1 when it is done (or has no
 * such directory), 0 when the caller's buffer is full, 2 when the route
 * has no such server (the end of the listing), or -errno.
 */
static int resmgr_dir_read_member(struct resmgr_dir_walk *w)
{
	struct resmgr_connect_args a = {
		.ioflag = resmgr_ioflag_encode(O_RDONLY | O_DIRECTORY),
		.eflag = RESMGR_EFLAG_DIR,
		.f_mode = FMODE_READ,
	};
	struct resmgr_open_out out;
	struct resmgr_ocb *ocb;
	struct resmgr_route r;
	unsigned int i;
	umode_t type;
	int ret;

	ret = resmgr_route_start(&r, w->dir, NULL);
	if (ret)
		return ret;
	for (i = 0; i <= w->member; i++) {
		ret = -ENOENT;	/* pass each server before the one wanted */
		if (!resmgr_route_next(&r, &ret)) {
			resmgr_route_end(&r);
			return 2;
		}
	}
	ret = resmgr_open_one(r.link, r.path, &a, &ocb, &out);
	if (resmgr_route_passes(ret) || ret == -ENOTDIR) {
		ret = 1;	/* nothing of that name here */
	} else if (!ret) {
		type = out.mode ? out.mode & S_IFMT :
		       *r.path ? S_IFREG : r.link->mode & S_IFMT;
		ret = S_ISDIR(type) ? resmgr_dir_read(w, r.link, out.ocb,
						      false) : 1;
		resmgr_ocb_close_event(ocb, out.ocb);
	}
	resmgr_route_end(&r);
	return ret;
}

/*
 * getdents64(2), readdir(3).  The position after each entry is the
 * server's cookie (its record's @next), so telldir/seekdir/rewinddir are
 * the server's.  A directory where several servers answer (a union, or
 * a nested prefix: resmgr_ocb.union_dir) lists them one after the other
 * in route order, each name once: a later server's entry is left out
 * when an earlier server has that name, as a lookup would find it there.
 * That costs a STAT_PATH per entry per earlier server, and an OPEN and a
 * CLOSE_OCB per server per getdents(2); a plain directory costs neither.
 */
static int resmgr_readdir(struct file *file, struct dir_context *ctx)
{
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_dir_walk w = { .ctx = ctx, .dir = file->f_path.dentry };
	int ret;

	if (!ocb->union_dir) {
		if (resmgr_ocb_ended(file))
			return -EBADF;
		ret = resmgr_dir_read(&w, ocb->link, ocb->close_req.ih.ocb,
				      file->f_flags & O_NONBLOCK);
		return ret < 0 ? ret : 0;
	}
	w.in_union = true;
	for (;;) {
		w.member = ctx->pos >> RESMGR_DIR_MEMBER_SHIFT;
		if (w.member >= RESMGR_DIR_MEMBER_MAX)
			return 0;	/* past the end: no more servers */
		ret = resmgr_dir_read_member(&w);
		if (ret != 1)
			return ret < 0 ? ret : 0;
		ctx->pos = (loff_t)(w.member + 1) << RESMGR_DIR_MEMBER_SHIFT;
	}
}

/* Positions are the server's cookies: only SEEK_SET and SEEK_CUR. */
static loff_t resmgr_dir_llseek(struct file *file, loff_t offset, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_file_llseek_size(file, offset, whence, OFFSET_MAX, 0);
}

const struct file_operations resmgr_dir_ops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_file_open,
	.read		= generic_read_dir,
	.iterate_shared	= resmgr_readdir,
	.llseek		= resmgr_dir_llseek,
	/* A directory open is an OCB like any: devctl, notify, sync. */
	.poll		= resmgr_poll,
	.unlocked_ioctl	= resmgr_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.fsync		= resmgr_fsync,
	.flush		= resmgr_file_flush,
	.release	= resmgr_file_release,
};
