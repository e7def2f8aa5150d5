// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a driver's register access, as QNX's hardware chapters show
 * it: mmap_device_memory() of a device's memory by physical address with
 * PROT_NOCACHE, in32()/out32() and the endian forms on it, and
 * ThreadCtl(_NTO_TCTL_IO) with mmap_device_io() for a device's I/O
 * ports.  Given a physical address and a port in hex, it reads the first
 * register of each and prints them (it needs a machine with that
 * device; selftests/hw_test runs the same calls on QEMU's edu device).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/neutrino.h>
#include <hw/inout.h>

#define REG_ID		0x00
#define REG_CTRL	0x04

int main(int argc, char **argv)
{
	uint64_t phys;
	uintptr_t regs, port;
	void *p;

	if (argc < 3) {
		fprintf(stderr, "usage: %s <phys-hex> <port-hex>\n", argv[0]);
		return EXIT_FAILURE;
	}
	phys = strtoull(argv[1], NULL, 16);

	if (ThreadCtl(_NTO_TCTL_IO, 0) == -1) {
		fprintf(stderr, "%s: no I/O privilege: %s\n", argv[0],
			strerror(errno));
		return EXIT_FAILURE;
	}

	p = mmap_device_memory(NULL, 0x1000, PROT_READ | PROT_WRITE |
			       PROT_NOCACHE, 0, phys);
	if (p == MAP_FAILED) {
		fprintf(stderr, "%s: mmap_device_memory: %s\n", argv[0],
			strerror(errno));
		return EXIT_FAILURE;
	}
	regs = (uintptr_t)p;
	printf("id %08x (le %08x, be %08x)\n", (unsigned)in32(regs + REG_ID),
	       (unsigned)inle32(regs + REG_ID), (unsigned)inbe32(regs + REG_ID));
	out32(regs + REG_CTRL, in32(regs + REG_CTRL));
	munmap_device_memory(p, 0x1000);

	port = mmap_device_io(4, strtoull(argv[2], NULL, 16));
	if (port == MAP_DEVICE_FAILED) {
		fprintf(stderr, "%s: mmap_device_io: %s\n", argv[0],
			strerror(errno));
		return EXIT_FAILURE;
	}
	printf("port %02x\n", (unsigned)in8(port));
	munmap_device_io(port, 4);
	return EXIT_SUCCESS;
}
