// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a driver decoding a little-endian device's descriptor and
 * keeping statistics shared with its interrupt thread: <gulliver.h>'s
 * ENDIAN_LE*() and UNALIGNED_RET*() for a packed structure read from
 * the device, ENDIAN_BE*() for a network-order field, and <atomic.h>'s
 * atomic_add()/atomic_set()/atomic_clr() on the shared counters and
 * flags.
 *
 * corpus: run
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <atomic.h>
#include <gulliver.h>

#include "tap.h"

#define DEV_FLAG_RX	0x1
#define DEV_FLAG_TX	0x2

static volatile unsigned rx_bytes;
static volatile unsigned dev_flags;

static void *irq_thread(void *arg)
{
	int i;

	for (i = 0; i < 50000; i++) {
		atomic_add(&rx_bytes, 2);
		atomic_set(&dev_flags, DEV_FLAG_RX);
	}
	return NULL;
}

int main(void)
{
	/* A descriptor as the device lays it out: packed, little endian. */
	static const unsigned char desc[11] = {
		0x7f,				/* type */
		0x34, 0x12,			/* vendor, LE16 at offset 1 */
		0x78, 0x56, 0x34, 0x12,		/* serial, LE32 at offset 3 */
		0x0a, 0x00, 0x00, 0x01,		/* address, BE32 at offset 7 */
	};
	uint16_t vendor = ENDIAN_LE16(UNALIGNED_RET16(desc + 1));
	uint32_t serial = ENDIAN_LE32(UNALIGNED_RET32(desc + 3));
	uint32_t addr = ENDIAN_BE32(UNALIGNED_RET32(desc + 7));
	unsigned char out[8];
	pthread_t t;
	unsigned old;

	plan(6);
	ok(vendor == 0x1234, "LE16 at an odd offset");
	ok(serial == 0x12345678, "LE32 at an odd offset");
	ok(addr == 0x0a000001, "BE32 (network order)");
	memset(out, 0, sizeof(out));
	UNALIGNED_PUT32(out + 1, ENDIAN_LE32(0xcafef00d));
	ok(out[1] == 0x0d && out[4] == 0xca, "UNALIGNED_PUT32 of an LE32");

	pthread_create(&t, NULL, irq_thread, NULL);
	irq_thread(NULL);
	pthread_join(t, NULL);
	ok(rx_bytes == 200000, "atomic_add() from two threads");
	old = atomic_clr_value(&dev_flags, DEV_FLAG_RX);
	ok(old == DEV_FLAG_RX && dev_flags == 0,
	   "atomic_clr_value() returns the flags before");
	return tap_done();
}
