// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Directory reads: the QNX dirents a read handler built
 * (<sys/resmgr_dirent.h>) as the kernel's struct resmgr_dirent records.
 *
 * Nothing here does I/O, so the unit tests can check it on built records.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/resmgr_dirent.h>

#include "kernel/kernel_i.h"

#define RM_DNAME_OFF	offsetof(struct iofunc_dirent, d_name)

/* The record at @p (@avail bytes left) if it is well formed, else NULL. */
static const struct iofunc_dirent *rm_qdirent(const unsigned char *p,
					      size_t avail,
					      struct iofunc_dirent *d)
{
	if (avail < RM_DNAME_OFF)
		return NULL;
	memcpy(d, p, RM_DNAME_OFF);
	if (d->d_namelen < 1 || d->d_namelen > 255 || d->d_offset < 0 ||
	    d->d_reclen < (int16_t)(RM_DNAME_OFF + d->d_namelen) ||
	    (size_t)d->d_reclen > avail ||
	    memchr(p + RM_DNAME_OFF, '\0', d->d_namelen))
		return NULL;
	return (const void *)p;
}

size_t rm_dirent_size(size_t namelen)
{
	return (sizeof(struct resmgr_dirent) + namelen + 1 + 7) & ~(size_t)7;
}

/*
 * Translate the @len bytes of QNX records at @in into struct
 * resmgr_dirent records at @out (@room bytes).  Each record's next is
 * the following record's d_offset; the last one's is @end (-1: its
 * d_offset + 1).  Only whole records, as many as fit.  Returns the bytes
 * written: 0 for no records, -EINVAL if even the first does not fit (as
 * getdents(2) says of a small buffer), -EIO for a malformed record.
 */
ssize_t rm_dirents_translate(const void *in, size_t len, int64_t end,
			     void *out, size_t room)
{
	const unsigned char *p = in, *stop = p + len;
	unsigned char *o = out;
	struct iofunc_dirent d, nd;
	struct resmgr_dirent k;
	size_t done = 0, klen;

	if (!len)
		return 0;
	if (!rm_qdirent(p, len, &d))
		return -EIO;
	for (;;) {
		const unsigned char *next = p + d.d_reclen;
		bool last = next >= stop;

		if (!last && !rm_qdirent(next, stop - next, &nd))
			return -EIO;
		klen = rm_dirent_size(d.d_namelen);
		if (done + klen > room)
			return done ? (ssize_t)done : -EINVAL;
		memset(&k, 0, sizeof(k));
		k.ino = d.d_ino;
		k.next = last ? (end >= 0 ? end : d.d_offset + 1) : nd.d_offset;
		k.reclen = klen;
		k.namelen = d.d_namelen;
		k.type = rm_dirent_extra_type(p);
		memset(o + done, 0, klen);
		memcpy(o + done, &k, sizeof(k));
		memcpy(o + done + sizeof(k), p + RM_DNAME_OFF, d.d_namelen);
		done += klen;
		if (last)
			return done;
		p = next;
		d = nd;
	}
}
