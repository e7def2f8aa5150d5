// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a client of a device's devctl() commands.  The commands are
 * built with __DIOF/__DIOT/__DIOTF/__DION in a header the driver and
 * its clients share; devctl() returns EOK or an errno value (it does
 * not return -1), and *dev_info_ptr gets the driver's answer.
 *
 * Run on the host against /dev/null, which knows none of them: each
 * fails ENOTTY, as a QNX driver's "not mine" does for a Linux device.
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

#include "tap.h"

/* What a driver's shared header would say. */
struct demo_config {
	uint32_t baud;
	uint8_t bits;
	uint8_t parity;
	uint16_t flags;
};

#define DEMO_GET_CONFIG	__DIOF(_DCMD_MISC, 0x01, struct demo_config)
#define DEMO_SET_CONFIG	__DIOT(_DCMD_MISC, 0x02, struct demo_config)
#define DEMO_SWAP	__DIOTF(_DCMD_MISC, 0x03, uint32_t)
#define DEMO_RESET	__DION(_DCMD_MISC, 0x04)

int main(void)
{
	struct demo_config cfg;
	uint32_t word = 0x11223344;
	int info = -1, flags = 0;
	int fd, rc;

	plan(7);
	fd = open("/dev/null", O_RDWR);
	ok(fd >= 0, "open /dev/null");

	memset(&cfg, 0, sizeof(cfg));
	rc = devctl(fd, DEMO_GET_CONFIG, &cfg, sizeof(cfg), &info);
	ok(rc == ENOTTY, "an unknown __DIOF command fails ENOTTY, not -1");
	ok(errno == ENOTTY, "... with errno set too");

	rc = devctl(fd, DEMO_SET_CONFIG, &cfg, sizeof(cfg), NULL);
	ok(rc == ENOTTY, "__DIOT with no dev_info_ptr");
	rc = devctl(fd, DEMO_SWAP, &word, sizeof(word), &info);
	ok(rc == ENOTTY && word == 0x11223344, "__DIOTF leaves the data alone");
	rc = devctl(fd, DEMO_RESET, NULL, 0, NULL);
	ok(rc == ENOTTY, "__DION");
	rc = devctl(fd, DCMD_ALL_GETFLAGS, &flags, sizeof(flags), NULL);
	ok(rc == ENOTTY, "DCMD_ALL_GETFLAGS on a device that is no resmgr");
	close(fd);
	return tap_done();
}
