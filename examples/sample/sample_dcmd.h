/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sample_dcmd.h - the device commands /dev/sample answers, shared by the
 * resource manager and its clients.
 *
 * A QNX client:
 *
 *	#include <devctl.h>
 *	#include "sample_dcmd.h"
 *
 *	int fd = open("/dev/sample", O_RDWR), len, count = 42, err;
 *
 *	err = devctl(fd, SAMPLE_DCMD_GET_GREETING_LEN, &len, sizeof(len), NULL);
 *	err = devctl(fd, SAMPLE_DCMD_SET_COUNTER, &count, sizeof(count), NULL);
 *	err = devctl(fd, SAMPLE_DCMD_GET_COUNTER, &count, sizeof(count), NULL);
 *
 * (each returns EOK or an error number; commands the sample does not
 * know are ENOSYS, the usual QNX answer).  A dcmd is a Linux ioctl
 * number, so a Linux program may use ioctl(fd, SAMPLE_DCMD_GET_COUNTER,
 * &count) instead, and so may Python:
 *
 *	fcntl.ioctl(fd, 0x8004EF03, bytearray(4))	# GET_COUNTER
 *
 * (the values: GET_GREETING_LEN 0x8004EF01, SET_COUNTER 0x4004EF02,
 * GET_COUNTER 0x8004EF03 with x86's and Arm's ioctl encoding).
 */
#ifndef SAMPLE_DCMD_H
#define SAMPLE_DCMD_H

#include <devctl.h>

/* Length of the text a read gives, in bytes. */
#define SAMPLE_DCMD_GET_GREETING_LEN	__DIOF(_DCMD_MISC, 0x01, int)
/* Set the counter (needs an open for writing: EBADF otherwise). */
#define SAMPLE_DCMD_SET_COUNTER		__DIOT(_DCMD_MISC, 0x02, int)
/* Read the counter. */
#define SAMPLE_DCMD_GET_COUNTER		__DIOF(_DCMD_MISC, 0x03, int)

#endif /* SAMPLE_DCMD_H */
