// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's device mappings: mmap_device_memory() and mmap_device_io().
 *
 * A QNX driver maps its registers by physical address.  Here a physical
 * address is only ever mapped through the device that decodes it: the
 * memory BAR of a PCI device that contains the whole range, mapped
 * through VFIO when the process attached the device that way (vfio.c),
 * else from that device's sysfs resource file (which the kernel maps uncached, and
 * only if the BAR is not claimed by a driver that forbids it).  So an
 * address in RAM or no device's is ENXIO, never an unchecked /dev/mem
 * mapping.  I/O ports are the x86 port space, opened to the calling
 * thread with ioperm(2) (iopl(2) above the 1024 ports ioperm covers).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif

#include "hw/hw_i.h"

#define RM_PCI_DEVICES		"/sys/bus/pci/devices"
#define RM_PCI_BARS		6
#define RM_IORESOURCE_MEM	0x00000200	/* <linux/ioport.h> */

/*
 * The sysfs resource file of the memory BAR that holds [@phys, @phys +
 * @len), and where the BAR starts.  0, or an errno: ENXIO when no BAR
 * holds all of it.
 */
static int rm_bar_find(uint64_t phys, size_t len, char *file, size_t flen,
		       uint64_t *start)
{
	uint64_t last = phys + len - 1;
	struct dirent *d;
	int err = ENXIO;
	DIR *dir;

	if (!len || last < phys)
		return EINVAL;
	dir = opendir(RM_PCI_DEVICES);
	if (!dir)
		return ENXIO;
	while (err == ENXIO && (d = readdir(dir))) {
		char path[320], line[128];
		FILE *f;
		int bar;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), RM_PCI_DEVICES "/%s/resource",
			 d->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		for (bar = 0; bar < RM_PCI_BARS && fgets(line, sizeof(line), f);
		     bar++) {
			uint64_t s, e, flags;

			if (sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64,
				   &s, &e, &flags) != 3 ||
			    !(flags & RM_IORESOURCE_MEM) || s == 0 ||
			    phys < s || last > e)
				continue;
			snprintf(file, flen, RM_PCI_DEVICES "/%s/resource%d",
				 d->d_name, bar);
			*start = s;
			err = 0;
			break;
		}
		fclose(f);
	}
	closedir(dir);
	return err;
}

void *mmap_device_memory(void *addr, size_t len, int prot, int flags,
			 uint64_t physical)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t start, off, pgoff;
	char file[320];
	size_t maplen;
	void *p;
	int fd, err;

	if ((flags & ~MAP_FIXED) ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_NOCACHE))) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	/* A device the process attached through VFIO maps through it. */
	err = rm_vfio_map_bar(physical, len, prot & (PROT_READ | PROT_WRITE),
			      addr, flags, &p);
	if (!err)
		return p;
	if (err != ENXIO) {
		errno = err;
		return MAP_FAILED;
	}
	err = rm_bar_find(physical, len, file, sizeof(file), &start);
	if (err) {
		errno = err;
		return MAP_FAILED;
	}
	off = physical - start;
	pgoff = off & ~((uint64_t)page - 1);
	maplen = len + (off - pgoff);
	fd = open(file, (prot & PROT_WRITE ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return MAP_FAILED;
	/*
	 * With MAP_FIXED, @addr is where the register at @physical is to
	 * be: the page it is in goes where that page belongs.
	 */
	p = mmap(flags & MAP_FIXED ? (char *)addr - (off - pgoff) : addr,
		 maplen, prot & (PROT_READ | PROT_WRITE),
		 MAP_SHARED | (flags & MAP_FIXED), fd, (off_t)pgoff);
	err = errno;
	close(fd);
	if (p == MAP_FAILED) {
		errno = err;
		return MAP_FAILED;
	}
	return (char *)p + (off - pgoff);
}

int munmap_device_memory(void *addr, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)addr, base = a & ~((uintptr_t)page - 1);

	return munmap((void *)base, len + (a - base));
}

uintptr_t mmap_device_io(size_t len, uint64_t io)
{
#if defined(__x86_64__) || defined(__i386__)
	if (!len || io >= 0x10000 || io + len > 0x10000) {
		errno = EINVAL;
		return MAP_DEVICE_FAILED;
	}
	/* ioperm(2) covers the first 1024 ports; beyond, all of them. */
	if (io + len <= 0x400 ? ioperm(io, len, 1) : iopl(3))
		return MAP_DEVICE_FAILED;
	return (uintptr_t)io;
#else
	(void)len;
	(void)io;
	errno = ENOSYS;
	return MAP_DEVICE_FAILED;
#endif
}

int munmap_device_io(uintptr_t io, size_t len)
{
#if defined(__x86_64__) || defined(__i386__)
	if (!len || io >= 0x10000 || io + len > 0x10000) {
		errno = EINVAL;
		return -1;
	}
	/* iopl(3) is not taken back: other mappings may still use it. */
	return io + len <= 0x400 ? ioperm(io, len, 0) : 0;
#else
	(void)io;
	(void)len;
	errno = ENOSYS;
	return -1;
#endif
}
