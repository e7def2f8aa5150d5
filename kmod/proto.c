// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: validation and encoding of protocol messages.
 *
 * Nothing here touches userspace memory or takes locks, so every rule
 * about what a server may send is checked in one place and covered by
 * the KUnit suite in proto_kunit.c.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <kunit/visibility.h>

#include "resmgr_i.h"

/**
 * resmgr_hello_negotiate() - check a handshake and fill in the answer
 * @hello: the caller's struct, already copied in and zero-extended
 *
 * Return: 0, or -EINVAL for non-zero reserved fields, -EPROTO for a major
 * version this module does not speak.
 */
int resmgr_hello_negotiate(struct resmgr_hello *hello)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hello->reserved); i++)
		if (hello->reserved[i])
			return -EINVAL;
	if (hello->in_hdr_size || hello->out_hdr_size || hello->max_inflight)
		return -EINVAL;
	if (hello->major != RESMGR_VERSION_MAJOR)
		return -EPROTO;

	hello->minor = RESMGR_VERSION_MINOR;
	hello->features &= RESMGR_FEAT_ALL;
	hello->in_hdr_size = sizeof(struct resmgr_in_header);
	hello->out_hdr_size = sizeof(struct resmgr_out_header);
	hello->max_inflight = resmgr_max_inflight;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_hello_negotiate);

/**
 * resmgr_out_header_check() - validate the fixed part of a reply
 * @oh:  the header, copied from the server
 * @len: bytes the server actually supplied for the whole reply
 *
 * Return: 0 if the header is well formed, -EINVAL otherwise.
 */
int resmgr_out_header_check(const struct resmgr_out_header *oh, size_t len)
{
	if (len < sizeof(*oh) || oh->len != len)
		return -EINVAL;
	if (oh->flags & ~RESMGR_OUT_F_ALL || oh->reserved)
		return -EINVAL;
	if (oh->error < 0 || oh->error >= MAX_ERRNO)
		return -EINVAL;
	/* An error reply carries nothing else (QNX MsgError()). */
	if (oh->error && (len != sizeof(*oh) || oh->flags))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_out_header_check);
