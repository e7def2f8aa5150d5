/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * serial_dcmd.h - the device commands the serial example's ports
 * (/dev/rser1, /dev/rser2) answer, shared by the driver and its clients.
 *
 * A QNX client:
 *
 *	#include <devctl.h>
 *	#include "serial_dcmd.h"
 *
 *	struct serial_config cfg = { .baud = 115200, .data_bits = 8,
 *				     .parity = SERIAL_PARITY_NONE,
 *				     .stop_bits = 1 };
 *	struct serial_linestatus ls;
 *
 *	err = devctl(fd, SERIAL_DCMD_SET_CONFIG, &cfg, sizeof(cfg), NULL);
 *	err = devctl(fd, SERIAL_DCMD_GET_LINESTATUS, &ls, sizeof(ls), NULL);
 *
 * A dcmd is a Linux ioctl number, so a Linux program may call
 * ioctl(fd, SERIAL_DCMD_GET_CONFIG, &cfg) instead.  Only fixed-width
 * fields: the structure's size is part of the command.
 *
 * The ports also answer DCMD_ALL_GETFLAGS / DCMD_ALL_SETFLAGS
 * (<sys/dcmd_all.h>); any other command fails with ENOTTY.
 */
#ifndef SERIAL_DCMD_H
#define SERIAL_DCMD_H

#include <stdint.h>
#include <devctl.h>

/* struct serial_config.parity */
#define SERIAL_PARITY_NONE	0
#define SERIAL_PARITY_ODD	1
#define SERIAL_PARITY_EVEN	2
#define SERIAL_PARITY_MARK	3
#define SERIAL_PARITY_SPACE	4

/* A port's line settings; a new port has 9600 8N1. */
struct serial_config {
	uint32_t baud;		/* a standard rate, 50 to 4000000 */
	uint8_t data_bits;	/* 5 to 8 */
	uint8_t parity;		/* SERIAL_PARITY_* */
	uint8_t stop_bits;	/* 1 or 2 */
	uint8_t reserved;	/* 0 */
};

/* struct serial_linestatus.flags */
#define SERIAL_LS_DCD		0x0001u	/* the other end is open (carrier) */
#define SERIAL_LS_MISMATCH	0x0002u	/* the two ends' settings differ */

/* What is going on on a port's line right now. */
struct serial_linestatus {
	uint32_t rx_avail;	/* bytes a read on this port gets at once */
	uint32_t tx_room;	/* bytes a write on this port takes at once */
	uint32_t ring_size;	/* capacity of each direction's buffer */
	uint32_t readers_waiting;	/* reads on this port blocked for data */
	uint32_t writers_waiting;	/* writes on this port blocked for room */
	uint32_t flags;		/* SERIAL_LS_* */
	uint64_t rx_total;	/* bytes received since the driver started */
	uint64_t tx_total;	/* bytes sent since the driver started */
};

/* Change the line settings (an open for writing: EBADF otherwise). */
#define SERIAL_DCMD_SET_CONFIG	__DIOT(_DCMD_CHR, 0x40, struct serial_config)
/* The line settings. */
#define SERIAL_DCMD_GET_CONFIG	__DIOF(_DCMD_CHR, 0x41, struct serial_config)
/* The line status; the ioctl's value is rx_avail too. */
#define SERIAL_DCMD_GET_LINESTATUS \
	__DIOF(_DCMD_CHR, 0x42, struct serial_linestatus)

#endif /* SERIAL_DCMD_H */
