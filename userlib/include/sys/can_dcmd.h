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
 *
 * The structures have QNX's names and members; their layouts are
 * libresmgr's, of fixed-size members (CANDEV_MODE is an int), so each
 * command is the same for 32- and 64-bit programs.  struct
 * can_devctl_error has no typedef: its QNX name is the command's.
 */
#ifndef _SYS_CAN_DCMD_H
#define _SYS_CAN_DCMD_H

#include <stdint.h>
#include <devctl.h>

#define CAN_CMD_CODE		0x40

/* Data bytes of a CAN frame. */
#define CAN_MSG_DATA_MAX	8
/* A frame's id when the client used write(), which names none. */
#define CAN_MSG_MID_UNKNOWN	UINT32_MAX

/*
 * How a driver uses its mailboxes: each with a message id of its own
 * (read() and write() on /dev/canN/rxM and txM), or one receive and one
 * transmit mailbox moving whole frames with the RAW commands below.
 */
typedef enum {
	CANDEV_MODE_IO,
	CANDEV_MODE_RAW_FRAME
} CANDEV_MODE;

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

/*
 * The controller's error state, CAN_DEVCTL_ERROR.  What each word holds
 * is the driver's (typically its error and status registers, and the
 * receive and transmit error counters); a client prints them.
 */
struct can_devctl_error {
	uint32_t drvr1;
	uint32_t drvr2;
	uint32_t drvr3;
	uint32_t drvr4;
};

/* The driver's counters since it started, CAN_DEVCTL_GET_STATS. */
typedef struct can_devctl_stats {
	uint32_t transmitted_frames;
	uint32_t received_frames;
	uint32_t missing_ack;		/* frames no node acknowledged */
	uint32_t total_frame_errors;	/* all of the next six */
	uint32_t stuff_errors;
	uint32_t form_errors;
	uint32_t dom_bit_recess_errors;	/* sent dominant, read recessive */
	uint32_t recess_bit_dom_errors;	/* sent recessive, read dominant */
	uint32_t parity_errors;
	uint32_t crc_errors;
	uint32_t hw_receive_overflows;	/* frames the controller lost */
	uint32_t sw_receive_q_full;	/* frames the driver's queue lost */
	uint32_t error_warning_state_count;	/* entries into each state */
	uint32_t error_passive_state_count;
	uint32_t bus_off_state_count;
	uint32_t bus_idle_count;
	uint32_t power_down_count;
	uint32_t wake_up_count;
	uint32_t rx_interrupts;
	uint32_t tx_interrupts;
	uint32_t total_interrupts;
} CAN_DEVCTL_STATS;

/* Bytes of can_devctl_info.description, its terminating NUL included. */
#define CAN_DEVCTL_DESCRIPTION_MAX	64

/* What the driver is and how it is set up, CAN_DEVCTL_GET_INFO. */
typedef struct can_devctl_info {
	char description[CAN_DEVCTL_DESCRIPTION_MAX];	/* NUL-terminated */
	uint32_t msgq_size;		/* frames a mailbox's queue holds */
	uint32_t waitq_size;		/* clients that may wait at once */
	CANDEV_MODE mode;
	uint32_t bit_rate;		/* bits per second */
	uint16_t bit_rate_prescaler;	/* the bit timing, in time quanta */
	uint8_t sync_jump_width;
	uint8_t time_segment_1;
	uint8_t time_segment_2;
	uint32_t num_tx_mboxes;
	uint32_t num_rx_mboxes;
	uint32_t loopback_external;	/* 1: each flag is on */
	uint32_t loopback_internal;
	uint32_t autobus_on;		/* back on the bus after bus-off */
	uint32_t silent;		/* listen only: no acknowledgements */
} CAN_DEVCTL_INFO;

/* New bit timing, CAN_DEVCTL_SET_TIMING (0 ref_clock_freq: unchanged). */
typedef struct can_devctl_timing {
	uint32_t ref_clock_freq;	/* the controller's clock, Hz */
	uint16_t bit_rate_prescaler;
	uint8_t sync_jump_width;
	uint8_t time_segment_1;
	uint8_t time_segment_2;
} CAN_DEVCTL_TIMING;

/*
 * The data of any command above, as a driver's io_devctl() sees it at
 * _DEVCTL_DATA(msg->i).
 */
typedef union {
	uint32_t mid;
	uint32_t mfilter;
	uint32_t prio;
	uint32_t timestamp;
	uint32_t print_debug_all;	/* CAN_DEVCTL_DEBUG_INFO2 */
	struct can_devctl_error error;
	CAN_MSG canmsg;
	CAN_DEVCTL_STATS stats;
	CAN_DEVCTL_INFO info;
	CAN_DEVCTL_TIMING timing;
} DCMD_DATA;

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
/* The controller's error state. */
#define CAN_DEVCTL_ERROR \
	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 15, struct can_devctl_error)
/* The driver's counters; what it is and how it is set up. */
#define CAN_DEVCTL_GET_STATS \
	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 16, struct can_devctl_stats)
#define CAN_DEVCTL_GET_INFO \
	__DIOF(_DCMD_MISC, CAN_CMD_CODE + 17, struct can_devctl_info)
/* Change the bit timing. */
#define CAN_DEVCTL_SET_TIMING \
	__DIOT(_DCMD_MISC, CAN_CMD_CODE + 18, struct can_devctl_timing)

#endif /* _SYS_CAN_DCMD_H */
