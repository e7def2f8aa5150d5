// SPDX-License-Identifier: GPL-2.0
/*
 * Device registers the QNX way, on a device the VM really has: QEMU's
 * edu PCI device (tools/run-tests boots every VM with "--device edu").
 * mmap_device_memory() of its BAR 0 by physical address, then
 * <hw/inout.h>'s calls on the mapping: the identification register, the
 * liveness register (which answers the complement of what was written),
 * the factorial unit (started by a write, busy until done), the le/be
 * forms; the same calls on I/O ports after mmap_device_io(), reading the
 * device's vendor and device id through the PCI configuration ports; and
 * what is refused: memory no device decodes, a range past the BAR, bad
 * flags, and a caller without privilege.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <hw/inout.h>

#include "kselftest_harness.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_ID		0x00	/* 0xRRrr00ed: major, minor, "ed" */
#define EDU_LIVENESS	0x04	/* reads back the complement */
#define EDU_FACT	0x08	/* write n, read n! */
#define EDU_STATUS	0x20	/* bit 0: the factorial unit is busy */
#define EDU_BAR_SIZE	0x100000

struct edu {
	unsigned int bus, dev, fn;
	uint64_t bar0;
};

static unsigned long sysfs_hex(const char *dev, const char *attr)
{
	char path[320];
	unsigned long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", dev, attr);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lx", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* Find the edu device and its BAR 0, as a driver's PCI lookup would. */
static bool find_edu(struct edu *e)
{
	struct dirent *d;
	bool found = false;
	DIR *dir = opendir("/sys/bus/pci/devices");

	if (!dir)
		return false;
	while (!found && (d = readdir(dir))) {
		char path[320];
		uint64_t s, end, flags;
		unsigned int dom;
		FILE *f;

		if (sysfs_hex(d->d_name, "vendor") != EDU_VENDOR ||
		    sysfs_hex(d->d_name, "device") != EDU_DEVICE)
			continue;
		if (sscanf(d->d_name, "%x:%x:%x.%x", &dom, &e->bus, &e->dev,
			   &e->fn) != 4)
			continue;
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/%s/resource", d->d_name);
		f = fopen(path, "r");
		if (f && fscanf(f, "%" SCNx64 " %" SCNx64 " %" SCNx64, &s, &end,
				&flags) == 3) {
			e->bar0 = s;
			found = s != 0;
		}
		if (f)
			fclose(f);
	}
	closedir(dir);
	return found;
}

#define NEED_EDU(e) do {						\
	if (!getenv("RESMGR_IN_VM"))					\
		SKIP(return, "not in a VM");				\
	ASSERT_TRUE(find_edu(e))					\
		TH_LOG("no edu device: boot the VM with --device edu");	\
} while (0)

TEST(registers_in_device_memory)
{
	struct edu e;
	uintptr_t base;
	uint32_t id;
	void *p;
	int spins;

	NEED_EDU(&e);
	p = mmap_device_memory(NULL, 0x100, PROT_READ | PROT_WRITE | PROT_NOCACHE,
			       0, e.bar0);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap_device_memory: %s",
					strerror(errno));
	base = (uintptr_t)p;
	id = in32(base + EDU_ID);
	EXPECT_EQ(0xed, id & 0xffff);
	EXPECT_EQ(id, *(volatile uint32_t *)p);
	EXPECT_EQ(__builtin_bswap32(id), inbe32(base + EDU_ID));
	EXPECT_EQ(id, inle32(base + EDU_ID));
	/* (edu answers 4- and 8-byte accesses only: no in8()/in16() here.) */

	out32(base + EDU_LIVENESS, 0x12345678);
	EXPECT_EQ(~0x12345678u, in32(base + EDU_LIVENESS));
	outbe32(base + EDU_LIVENESS, 0x01020304);
	EXPECT_EQ(~0x04030201u, in32(base + EDU_LIVENESS));

	/* The factorial unit: a write starts it, the status says done. */
	out32(base + EDU_FACT, 10);
	for (spins = 0; (in32(base + EDU_STATUS) & 1) && spins < 1000000;
	     spins++)
		;
	EXPECT_EQ(0, in32(base + EDU_STATUS) & 1);
	EXPECT_EQ(3628800u, in32(base + EDU_FACT));
	EXPECT_EQ(0, munmap_device_memory(p, 0x100));

	/* A register in the middle of a page: the pointer is to it. */
	p = mmap_device_memory(NULL, 4, PROT_READ | PROT_WRITE, 0,
			       e.bar0 + EDU_LIVENESS);
	ASSERT_NE(MAP_FAILED, p);
	*(volatile uint32_t *)p = 7;
	EXPECT_EQ(~7u, *(volatile uint32_t *)p);
	EXPECT_EQ(0, munmap_device_memory(p, 4));
}

TEST(only_what_a_device_decodes)
{
	struct edu e;

	NEED_EDU(&e);
	/* Low RAM is no device's. */
	EXPECT_EQ(MAP_FAILED, mmap_device_memory(NULL, 4096, PROT_READ, 0,
						 0x100000));
	EXPECT_EQ(ENXIO, errno);
	/* Running past the end of the BAR. */
	EXPECT_EQ(MAP_FAILED, mmap_device_memory(NULL, 8192, PROT_READ, 0,
						 e.bar0 + EDU_BAR_SIZE - 4096));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(MAP_FAILED, mmap_device_memory(NULL, 0, PROT_READ, 0,
						 e.bar0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap_device_memory(NULL, 4096, PROT_EXEC, 0,
						 e.bar0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap_device_memory(NULL, 4096, PROT_READ,
						 MAP_PRIVATE, e.bar0));
	EXPECT_EQ(EINVAL, errno);
}

/* PCI configuration mechanism #1: the id dword of (bus, dev, fn). */
static uint32_t pci_cfg_id(const struct edu *e)
{
	out32(0xcf8, 0x80000000u | e->bus << 16 | e->dev << 11 | e->fn << 8);
	return in32(0xcfc);
}

TEST(registers_in_io_ports)
{
	struct edu e;
	uintptr_t io;

	NEED_EDU(&e);
	io = mmap_device_io(8, 0xcf8);
	ASSERT_NE(MAP_DEVICE_FAILED, io) TH_LOG("mmap_device_io: %s",
						strerror(errno));
	EXPECT_EQ(0xcf8, io);
	EXPECT_EQ((uint32_t)EDU_DEVICE << 16 | EDU_VENDOR, pci_cfg_id(&e));
	EXPECT_EQ(0, munmap_device_io(io, 8));
	EXPECT_EQ(MAP_DEVICE_FAILED, mmap_device_io(2, 0xffff));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_DEVICE_FAILED, mmap_device_io(0, 0x80));
	EXPECT_EQ(EINVAL, errno);
}

TEST(an_unprivileged_driver_gets_nothing)
{
	struct edu e;
	int status;
	pid_t pid;

	NEED_EDU(&e);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(4000) || setuid(4000))
			_exit(100);
		if (mmap_device_memory(NULL, 4096, PROT_READ, 0, e.bar0) !=
		    MAP_FAILED || (errno != EACCES && errno != EPERM))
			_exit(1);
		if (mmap_device_io(8, 0xcf8) != MAP_DEVICE_FAILED ||
		    (errno != EPERM && errno != ENOSYS))
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
