// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A bounded byte FIFO: one direction of the serial line.  Its data and
 * its free space are handed out as iov parts (two when they wrap), so a
 * reply can come straight from the ring (MsgReplyv) and a client's
 * write can go straight into it (MsgReadv).
 */
#include <errno.h>
#include <stdlib.h>

#include "serial.h"

int ring_init(struct ring *r, size_t size)
{
	r->buf = malloc(size);
	if (!r->buf)
		return ENOMEM;
	r->size = size;
	r->head = 0;
	r->len = 0;
	return EOK;
}

size_t ring_room(const struct ring *r)
{
	return r->size - r->len;
}

/* @n bytes from ring position @start, wrapping at the end. */
static int ring_span_iov(const struct ring *r, size_t start, size_t n,
			 iov_t iov[2])
{
	size_t first = r->size - start;

	if (n <= first) {
		SETIOV(&iov[0], r->buf + start, n);
		return 1;
	}
	SETIOV(&iov[0], r->buf + start, first);
	SETIOV(&iov[1], r->buf, n - first);
	return 2;
}

int ring_data_iov(const struct ring *r, size_t n, iov_t iov[2])
{
	return ring_span_iov(r, r->head, n, iov);
}

int ring_room_iov(const struct ring *r, size_t n, iov_t iov[2])
{
	return ring_span_iov(r, (r->head + r->len) % r->size, n, iov);
}

void ring_consume(struct ring *r, size_t n)
{
	r->head = (r->head + n) % r->size;
	r->len -= n;
	if (r->len == 0)
		r->head = 0;	/* keeps the next transfer in one part */
}

void ring_commit(struct ring *r, size_t n)
{
	r->len += n;
}
