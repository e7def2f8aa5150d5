// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: the client side of a CAN driver, as canctl's -e, -s, -i and
 * -c do it: devctl() with CAN_DEVCTL_ERROR, CAN_DEVCTL_GET_STATS,
 * CAN_DEVCTL_GET_INFO and CAN_DEVCTL_SET_TIMING on a mailbox, the
 * answers read from struct can_devctl_error, CAN_DEVCTL_STATS and
 * CAN_DEVCTL_INFO (its CANDEV_MODE), printed for a person.
 *
 * With a mailbox as argument (/dev/can1/rx0 of can_driver.c) it prints
 * what the driver says.  Without one it runs on the host against
 * /dev/null, which is no CAN driver: each command fails ENOTTY and
 * leaves the caller's structure alone, and the printers are checked on
 * answers filled in here.
 *
 * corpus: run
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <devctl.h>
#include <sys/can_dcmd.h>

#include "tap.h"

static int print_error(FILE *out, int fd)
{
	struct can_devctl_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	if ((rc = devctl(fd, CAN_DEVCTL_ERROR, &err, sizeof(err), NULL)) != EOK)
		return rc;
	fprintf(out, "ERROR drvr1 = 0x%08x\nERROR drvr2 = 0x%08x\n"
		"ERROR drvr3 = 0x%08x\nERROR drvr4 = 0x%08x\n",
		(unsigned)err.drvr1, (unsigned)err.drvr2,
		(unsigned)err.drvr3, (unsigned)err.drvr4);
	return EOK;
}

static void show_stats(FILE *out, const CAN_DEVCTL_STATS *st)
{
	fprintf(out, "transmitted_frames: %u\nreceived_frames: %u\n"
		"missing_ack: %u\ntotal_frame_errors: %u\n"
		"stuff/form/crc errors: %u/%u/%u\n"
		"bit errors (dom/recess): %u/%u\n"
		"receive overflows (hw/sw): %u/%u\n"
		"warning/passive/bus-off: %u/%u/%u\n"
		"interrupts (rx/tx/total): %u/%u/%u\n",
		(unsigned)st->transmitted_frames,
		(unsigned)st->received_frames, (unsigned)st->missing_ack,
		(unsigned)st->total_frame_errors, (unsigned)st->stuff_errors,
		(unsigned)st->form_errors, (unsigned)st->crc_errors,
		(unsigned)st->dom_bit_recess_errors,
		(unsigned)st->recess_bit_dom_errors,
		(unsigned)st->hw_receive_overflows,
		(unsigned)st->sw_receive_q_full,
		(unsigned)st->error_warning_state_count,
		(unsigned)st->error_passive_state_count,
		(unsigned)st->bus_off_state_count,
		(unsigned)st->rx_interrupts, (unsigned)st->tx_interrupts,
		(unsigned)st->total_interrupts);
}

static void show_info(FILE *out, const CAN_DEVCTL_INFO *in)
{
	fprintf(out, "description: %.*s\nmode: %s\nbit_rate: %u\n"
		"timing: brp %u sjw %u ts1 %u ts2 %u\n"
		"mailboxes: %u tx, %u rx\nqueues: %u messages, %u waiters\n"
		"loopback: %s%s%s\n",
		(int)sizeof(in->description), in->description,
		in->mode == CANDEV_MODE_RAW_FRAME ? "raw frames" : "I/O",
		(unsigned)in->bit_rate, (unsigned)in->bit_rate_prescaler,
		(unsigned)in->sync_jump_width, (unsigned)in->time_segment_1,
		(unsigned)in->time_segment_2, (unsigned)in->num_tx_mboxes,
		(unsigned)in->num_rx_mboxes, (unsigned)in->msgq_size,
		(unsigned)in->waitq_size,
		in->loopback_internal ? "internal" : "",
		in->loopback_external ? " external" : "",
		in->loopback_internal || in->loopback_external ? "" : "off");
}

static int set_timing(int fd, uint32_t clock, unsigned brp, unsigned sjw,
		      unsigned ts1, unsigned ts2)
{
	struct can_devctl_timing t;

	memset(&t, 0, sizeof(t));
	t.ref_clock_freq = clock;
	t.bit_rate_prescaler = (uint16_t)brp;
	t.sync_jump_width = (uint8_t)sjw;
	t.time_segment_1 = (uint8_t)ts1;
	t.time_segment_2 = (uint8_t)ts2;
	return devctl(fd, CAN_DEVCTL_SET_TIMING, &t, sizeof(t), NULL);
}

static int show_device(const char *path)
{
	CAN_DEVCTL_STATS st;
	CAN_DEVCTL_INFO in;
	int fd, rc;

	if ((fd = open(path, O_RDWR)) == -1) {
		perror(path);
		return 1;
	}
	if ((rc = print_error(stdout, fd)) != EOK)
		fprintf(stderr, "CAN_DEVCTL_ERROR: %s\n", strerror(rc));
	if ((rc = devctl(fd, CAN_DEVCTL_GET_STATS, &st, sizeof(st),
			 NULL)) == EOK)
		show_stats(stdout, &st);
	else
		fprintf(stderr, "CAN_DEVCTL_GET_STATS: %s\n", strerror(rc));
	if ((rc = devctl(fd, CAN_DEVCTL_GET_INFO, &in, sizeof(in),
			 NULL)) == EOK)
		show_info(stdout, &in);
	else
		fprintf(stderr, "CAN_DEVCTL_GET_INFO: %s\n", strerror(rc));
	close(fd);
	return rc == EOK ? 0 : 1;
}

int main(int argc, char **argv)
{
	CAN_DEVCTL_STATS st;
	CAN_DEVCTL_INFO in;
	char buf[1024];
	FILE *mem;
	int fd, rc;

	if (argc > 1)
		return show_device(argv[1]);

	plan(10);
	fd = open("/dev/null", O_RDWR);
	ok(fd >= 0, "open /dev/null");

	ok(get_device_direction(CAN_DEVCTL_GET_STATS) == DEVDIR_FROM &&
	   get_device_direction(CAN_DEVCTL_SET_TIMING) == DEVDIR_TO,
	   "statistics come from the driver, timing goes to it");
	rc = print_error(stdout, fd);
	ok(rc == ENOTTY, "CAN_DEVCTL_ERROR on no CAN driver: ENOTTY");

	memset(&st, 0x5a, sizeof(st));
	rc = devctl(fd, CAN_DEVCTL_GET_STATS, &st, sizeof(st), NULL);
	ok(rc == ENOTTY && st.total_interrupts == 0x5a5a5a5au,
	   "CAN_DEVCTL_GET_STATS: ENOTTY, the structure untouched");
	memset(&in, 0x5a, sizeof(in));
	rc = devctl(fd, CAN_DEVCTL_GET_INFO, &in, sizeof(in), NULL);
	ok(rc == ENOTTY && in.silent == 0x5a5a5a5au,
	   "CAN_DEVCTL_GET_INFO: ENOTTY, the structure untouched");
	ok(set_timing(fd, 16000000, 4, 1, 12, 3) == ENOTTY,
	   "CAN_DEVCTL_SET_TIMING: ENOTTY");
	close(fd);

	/* What a driver answers, printed as canctl -s and -i would. */
	memset(&st, 0, sizeof(st));
	st.transmitted_frames = 3;
	st.received_frames = 2;
	st.sw_receive_q_full = 1;
	st.total_interrupts = 5;
	mem = fmemopen(buf, sizeof(buf), "w");
	show_stats(mem, &st);
	fclose(mem);
	ok(strstr(buf, "transmitted_frames: 3\nreceived_frames: 2\n") &&
	   strstr(buf, "overflows (hw/sw): 0/1\n"), "statistics printed");

	memset(&in, 0, sizeof(in));
	memset(in.description, 'x', sizeof(in.description));	/* no NUL */
	in.mode = CANDEV_MODE_RAW_FRAME;
	in.bit_rate = 500000;
	in.bit_rate_prescaler = 2;
	in.sync_jump_width = 1;
	in.time_segment_1 = 12;
	in.time_segment_2 = 3;
	in.loopback_internal = 1;
	mem = fmemopen(buf, sizeof(buf), "w");
	show_info(mem, &in);
	fclose(mem);
	ok(strstr(buf, "mode: raw frames\nbit_rate: 500000\n") != NULL,
	   "information printed with its CANDEV_MODE");
	ok(strstr(buf, "brp 2 sjw 1 ts1 12 ts2 3") &&
	   strstr(buf, "loopback: internal\n"), "bit timing and loopback");
	ok(strlen(strchr(buf, ':') + 2) > CAN_DEVCTL_DESCRIPTION_MAX &&
	   strchr(buf, '\n') - buf == 13 + CAN_DEVCTL_DESCRIPTION_MAX,
	   "a description without its NUL is cut at the array's end");
	return tap_done();
}
