// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a client sending a command whose data is in pieces with
 * devctlv(), and the POSIX 1003.26 spelling posix_devctl(); the serial
 * commands of <sys/dcmd_chr.h> from a client.  Run on the host against
 * /dev/null, which answers none: each call returns ENOTTY.
 *
 * corpus: run
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <devctl.h>
#include <sys/dcmd_chr.h>
#include <sys/neutrino.h>

#include "tap.h"

struct frame_hdr {
	uint16_t id;
	uint16_t len;
};

#define MYDEV_SEND_FRAME	__DIOT(_DCMD_MISC, 0x40, char[64])

int main(void)
{
	struct frame_hdr hdr = { 7, 5 };
	char payload[5] = { 'h', 'e', 'l', 'l', 'o' };
	struct termios tios;
	iov_t sv[2];
	int fd, info = -1, bits;

	plan(4);
	fd = open("/dev/null", O_RDWR);
	ok(fd != -1, "open /dev/null");

	SETIOV(&sv[0], &hdr, sizeof(hdr));
	SETIOV(&sv[1], payload, sizeof(payload));
	ok(devctlv(fd, MYDEV_SEND_FRAME, 2, 0, sv, NULL, &info) == ENOTTY,
	   "devctlv() of a header and a payload: ENOTTY from /dev/null");

	ok(posix_devctl(fd, DCMD_CHR_TCGETATTR, &tios, sizeof(tios), NULL) ==
	   ENOTTY, "posix_devctl(DCMD_CHR_TCGETATTR): ENOTTY");
	bits = _SERCTL_DTR | _SERCTL_DTR_CHG;
	ok(devctl(fd, DCMD_CHR_SERCTL, &bits, sizeof(bits), NULL) == ENOTTY,
	   "devctl(DCMD_CHR_SERCTL): ENOTTY");
	close(fd);
	return tap_done();
}
