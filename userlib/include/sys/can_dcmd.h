/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/can_dcmd.h> - the devctl() commands of CAN drivers (dev-can-*
 * style: a directory of mailboxes such as /dev/can1/rx0 and tx5), as QNX
 * names them, and the message they move.
 *
 * Each command is a Linux ioctl number of class _DCMD_MISC with the
 * direction and size of its data (<devctl.h>); CAN_CMD_CODE and the
 * command numbers are libresmgr's own, below the 0xf0 the class's own
 * commands start at (<sys/dcmd_misc.h>), so a driver's private commands
 * at CAN_CMD_CODE + 100 and up still fit the 8-bit command number.
 * Linux's own CAN stack (SocketCAN) is another interface; this one is
 * for ported drivers and their ported clients.
 */
#ifndef _SYS_CAN_DCMD_H
#define _SYS_CAN_DCMD_H

#include <stdint.h>
#include <devctl.h>

#define CAN_CMD_CODE		0x40

/* Data bytes of a CAN frame. */
#define CAN_MSG_DATA_MAX	8

/* What a frame carries besides its data. */
typedef struct can_msg_ext {
	uint32_t timestamp;		/* the driver's clock at receipt */
	uint32_t is_extended_mid;	/* 1: a 29-bit id, 0: an 11-bit one */
	uint32_t is_remote_frame;	/* 1: a remote frame request */
} CAN_MSG_EXT;

/* One CAN frame. */
typedef struct can_msg {
	uint8_t dat[CAN_MSG_DATA_MAX];	/* the data */
	uint8_t len;			/* bytes of dat[] used */
	uint32_t mid;			/* the message id */
	CAN_MSG_EXT ext;
} CAN_MSG;

/* A mailbox's message id (11-bit ids: bits 18-28; 29-bit: bits 0-28). */
#define CAN_DEVCTL_GET_MID	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 0, uint32_t)
#define CAN_DEVCTL_SET_MID	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 1, uint32_t)
/* A receive mailbox's message filter (mask). */
#define CAN_DEVCTL_GET_MFILTER	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 2, uint32_t)
#define CAN_DEVCTL_SET_MFILTER	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 3, uint32_t)
/* A transmit mailbox's priority. */
#define CAN_DEVCTL_GET_PRIO	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 4, uint32_t)
#define CAN_DEVCTL_SET_PRIO	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 5, uint32_t)
/* The driver's timestamp clock. */
#define CAN_DEVCTL_GET_TIMESTAMP \
	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 6, uint32_t)
#define CAN_DEVCTL_SET_TIMESTAMP \
	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 7, uint32_t)
/* The next received frame with its id and extras; send any frame. */
#define CAN_DEVCTL_READ_CANMSG_EXT \
	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 8, struct can_msg)
#define CAN_DEVCTL_WRITE_CANMSG_EXT \
	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 9, struct can_msg)
/* Raw frame mode: receive (waiting or not), transmit. */
#define CAN_DEVCTL_RX_FRAME_RAW_BLOCK \
	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 10, struct can_msg)
#define CAN_DEVCTL_RX_FRAME_RAW_NOBLOCK \
	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 11, struct can_msg)
#define CAN_DEVCTL_TX_FRAME_RAW \
	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 12, struct can_msg)
/* Have the driver log its state (of one mailbox, or of all). */
#define CAN_DEVCTL_DEBUG_INFO	__DION(_DCMD_MISC, CAN_CMD_CODE + 13)
#define CAN_DEVCTL_DEBUG_INFO2	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 14, uint32_t)

#endif /* _SYS_CAN_DCMD_H */
