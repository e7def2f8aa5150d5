// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a dev-can style CAN driver in raw frame mode, the loopback
 * of a self-test: a receive and a transmit mailbox (/dev/can1/rx0 and
 * /dev/can1/tx1), each its own attach, and one io_devctl that reads
 * and answers every <sys/can_dcmd.h> command through a DCMD_DATA
 * pointer at _DEVCTL_DATA(msg->i): message id and filter, the raw frame
 * commands, and the controller's error state, statistics, information
 * and bit timing (CAN_DEVCTL_ERROR, _GET_STATS, _GET_INFO, _SET_TIMING),
 * counting what it does in a CAN_DEVCTL_STATS.
 *
 * The device's directory is argv[1] (/dev/can1 by default); the
 * mailboxes are attached in it.  A server: selftests/corpus_test runs
 * it in the VM, with can_canctl.c, the client side.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <devctl.h>
#include <sys/can_dcmd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define RXQ_SIZE	16

struct mailbox {
	iofunc_attr_t attr;	/* first: the OCB's attr is the mailbox */
	int is_tx;
	uint32_t mid;
	uint32_t mfilter;
};

static struct mailbox rx0, tx1;
static CAN_MSG rxq[RXQ_SIZE];
static unsigned rxq_head, rxq_count;
static CAN_DEVCTL_STATS stats;
static CAN_DEVCTL_INFO info;
static uint32_t error_flags;	/* the "status register" CAN_DEVCTL_ERROR reads */
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

/* The loopback "controller": a frame sent is received at once. */
static int can_transmit(const CAN_MSG *m)
{
	if (m->len > CAN_MSG_DATA_MAX)
		return EINVAL;
	stats.transmitted_frames++;
	stats.tx_interrupts++;
	stats.total_interrupts++;
	if (rxq_count == RXQ_SIZE) {
		stats.sw_receive_q_full++;
		error_flags |= 1u;
		return EOK;
	}
	rxq[(rxq_head + rxq_count++) % RXQ_SIZE] = *m;
	stats.received_frames++;
	stats.rx_interrupts++;
	stats.total_interrupts++;
	return EOK;
}

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		     iofunc_ocb_t *ocb)
{
	struct mailbox *mb = (struct mailbox *)ocb->attr;
	DCMD_DATA *data = (DCMD_DATA *)_DEVCTL_DATA(msg->i);
	int nbytes = 0, status;

	if ((status = iofunc_devctl_default(ctp, msg, ocb)) !=
	    _RESMGR_DEFAULT)
		return status;

	switch (msg->i.dcmd) {
	case CAN_DEVCTL_GET_MID:
		data->mid = mb->mid;
		nbytes = sizeof(data->mid);
		break;
	case CAN_DEVCTL_SET_MID:
		mb->mid = data->mid;
		break;
	case CAN_DEVCTL_GET_MFILTER:
		if (mb->is_tx)
			return EINVAL;
		data->mfilter = mb->mfilter;
		nbytes = sizeof(data->mfilter);
		break;
	case CAN_DEVCTL_SET_MFILTER:
		if (mb->is_tx)
			return EINVAL;
		mb->mfilter = data->mfilter;
		break;
	case CAN_DEVCTL_TX_FRAME_RAW:
		if (!mb->is_tx)
			return EINVAL;
		if ((status = can_transmit(&data->canmsg)) != EOK)
			return status;
		break;
	case CAN_DEVCTL_RX_FRAME_RAW_NOBLOCK:
		if (mb->is_tx)
			return EINVAL;
		if (rxq_count == 0)
			return EAGAIN;
		data->canmsg = rxq[rxq_head];
		rxq_head = (rxq_head + 1) % RXQ_SIZE;
		rxq_count--;
		nbytes = sizeof(data->canmsg);
		break;
	case CAN_DEVCTL_ERROR:
		memset(&data->error, 0, sizeof(data->error));
		data->error.drvr1 = error_flags;	/* read and clear */
		error_flags = 0;
		data->error.drvr2 = stats.total_frame_errors;
		nbytes = sizeof(data->error);
		break;
	case CAN_DEVCTL_GET_STATS:
		memcpy(&data->stats, &stats, sizeof(CAN_DEVCTL_STATS));
		nbytes = sizeof(data->stats);
		break;
	case CAN_DEVCTL_GET_INFO:
		data->info = info;
		nbytes = sizeof(data->info);
		break;
	case CAN_DEVCTL_SET_TIMING:
		if (data->timing.bit_rate_prescaler == 0 ||
		    data->timing.time_segment_1 == 0 ||
		    data->timing.time_segment_2 == 0)
			return EINVAL;
		info.bit_rate_prescaler = data->timing.bit_rate_prescaler;
		info.sync_jump_width = data->timing.sync_jump_width;
		info.time_segment_1 = data->timing.time_segment_1;
		info.time_segment_2 = data->timing.time_segment_2;
		if (data->timing.ref_clock_freq)
			info.bit_rate = data->timing.ref_clock_freq /
				(info.bit_rate_prescaler *
				 (1u + info.time_segment_1 +
				  info.time_segment_2));
		break;
	case CAN_DEVCTL_DEBUG_INFO:
		fprintf(stderr, "can1: %u frames queued, mode %s\n", rxq_count,
			info.mode == CANDEV_MODE_RAW_FRAME ? "raw" : "io");
		break;
	default:
		return ENOTTY;
	}

	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

static int attach(dispatch_t *dpp, resmgr_attr_t *ra, const char *path,
		  struct mailbox *mb)
{
	iofunc_attr_init(&mb->attr, S_IFCHR | 0666, NULL, NULL);
	return resmgr_attach(dpp, ra, path, _FTYPE_ANY, 0, &connect_funcs,
			     &io_funcs, &mb->attr);
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/can1";
	char rx_path[PATH_MAX], tx_path[PATH_MAX];
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	memset(&info, 0, sizeof(info));
	snprintf(info.description, sizeof(info.description),
		 "loopback CAN controller (self-test)");
	info.msgq_size = RXQ_SIZE;
	info.waitq_size = 1;
	info.mode = CANDEV_MODE_RAW_FRAME;
	info.bit_rate = 250000;
	info.bit_rate_prescaler = 2;
	info.sync_jump_width = 1;
	info.time_segment_1 = 12;
	info.time_segment_2 = 3;
	info.num_rx_mboxes = 1;
	info.num_tx_mboxes = 1;
	info.loopback_internal = 1;
	rx0.mfilter = 0xffffffff;
	tx1.is_tx = 1;

	if ((dpp = dispatch_create()) == NULL) {
		perror("dispatch_create");
		return EXIT_FAILURE;
	}
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = sizeof(io_devctl_t) + sizeof(DCMD_DATA);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.devctl = io_devctl;

	snprintf(rx_path, sizeof(rx_path), "%s/rx0", dev);
	snprintf(tx_path, sizeof(tx_path), "%s/tx1", dev);
	if (attach(dpp, &resmgr_attr, rx_path, &rx0) == -1 ||
	    attach(dpp, &resmgr_attr, tx_path, &tx1) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
