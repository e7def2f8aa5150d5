/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * edu_dcmd.h - the device commands /dev/edu answers, shared by the
 * driver and its clients.
 *
 *	int fd = open("/dev/edu", O_RDWR);
 *	uint32_t n = 10;
 *
 *	devctl(fd, DCMD_EDU_FACTORIAL, &n, sizeof(n), NULL);	// n = 3628800
 *
 * A dcmd is a Linux ioctl number, so ioctl(fd, DCMD_EDU_FACTORIAL, &n)
 * works as well.  read() and write() move data between the caller and
 * the device's buffer (a 4095-byte file) by DMA, at the file offset; poll() reports
 * POLLPRI once the device raised an interrupt (DCMD_EDU_RAISE) the open
 * has not collected with DCMD_EDU_EVENTS.
 */
#ifndef EDU_DCMD_H
#define EDU_DCMD_H

#include <stdint.h>
#include <devctl.h>

/* The device's identification register (0x010000ed: version 1.0). */
#define DCMD_EDU_IDENT		__DIOF(_DCMD_MISC, 0x01, uint32_t)
/* n in, n! out (modulo 2^32), computed by the device. */
#define DCMD_EDU_FACTORIAL	__DIOTF(_DCMD_MISC, 0x02, uint32_t)
/* Have the device raise an interrupt with these status bits (EDU_RAISE_MASK). */
#define DCMD_EDU_RAISE		__DIOT(_DCMD_MISC, 0x03, uint32_t)

struct edu_events {
	uint64_t raised;	/* DCMD_EDU_RAISE interrupts, all opens */
	uint64_t unseen;	/* of those, since this open last asked */
	uint64_t interrupts;	/* every interrupt the driver handled */
	uint32_t last_status;	/* the raise bits of the last one */
	uint32_t reserved;
};
/* Collect the raised interrupts: POLLPRI clears for this open. */
#define DCMD_EDU_EVENTS		__DIOF(_DCMD_MISC, 0x04, struct edu_events)

/* The bits DCMD_EDU_RAISE may set. */
#define EDU_RAISE_MASK		0xffff0000u

#endif /* EDU_DCMD_H */
