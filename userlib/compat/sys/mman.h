/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/mman.h> with QNX's additions (libresmgr compat): libc's own, NOFD
 * (<sys/platform.h>) for anonymous mappings, device access
 * (mmap_device_memory() and mmap_device_io() with their unmaps,
 * PROT_NOCACHE and MAP_DEVICE_FAILED), and DMA memory: mmap() with
 * MAP_PHYS, and mem_offset() for a buffer's device address.  A QNX
 * source's mmap() and munmap() become libresmgr's resmgr_mmap() and
 * resmgr_munmap(), which take the QNX flags and pass everything else to
 * libc's (define RESMGR_LINUX_MMAP to keep libc's names).
 */
#include_next <sys/mman.h>

#ifndef _RESMGR_COMPAT_SYS_MMAN_H
#define _RESMGR_COMPAT_SYS_MMAN_H
#include <stddef.h>
#include <stdint.h>
#include <sys/platform.h>
#include <sys/types.h>
#include <sys/resmgr_cdefs.h>

/*
 * Map uncached.  Device memory is always mapped uncached here, so this
 * only says so; our own value, which no Linux PROT_* uses (mmap(2)
 * refuses it, so pass it to mmap_device_memory() only).
 */
#ifndef PROT_NOCACHE
#define PROT_NOCACHE	0x00000800
#endif

/*
 * mmap() flags, our own values (bits no Linux MAP_* uses).  MAP_PHYS
 * with MAP_ANON: a DMA buffer, contiguous for the device (see
 * mem_offset()); MAP_PHYS alone: device memory at physical address
 * @off, as mmap_device_memory().  MAP_BELOW16M: a DMA buffer the device
 * sees below 16 MiB.  MAP_NOX64K: accepted, met by every buffer.
 */
#define MAP_PHYS		0x00800000
#define MAP_BELOW16M		0x01000000
#define MAP_NOX64K		0x02000000
#ifndef MAP_ANON
#define MAP_ANON		MAP_ANONYMOUS
#endif

/* What mmap_device_io() returns on failure. */
#define MAP_DEVICE_FAILED	((uintptr_t)MAP_FAILED)

__RESMGR_BEGIN_DECLS

/*
 * Map @len bytes of a device's memory at physical address @physical
 * (PROT_READ, PROT_WRITE, PROT_NOCACHE in @prot; MAP_FIXED in @flags
 * places it at @addr).  The range must lie inside one memory BAR of a
 * PCI device, which is mapped through its sysfs resource file: RAM and
 * addresses no device decodes are ENXIO.  Needs root (the resource
 * files are root's).  Returns the address, or MAP_FAILED and errno.
 */
void *mmap_device_memory(void *addr, size_t len, int prot, int flags,
			 uint64_t physical);
int munmap_device_memory(void *addr, size_t len);

/*
 * Gain access to @len I/O ports from @io (x86: ioperm(2), or iopl(2)
 * above the first 1024 ports; for the calling thread and the threads it
 * creates after, as ThreadCtl(_NTO_TCTL_IO) is).  Needs CAP_SYS_RAWIO.
 * Returns the handle for <hw/inout.h>'s calls (the port itself), or
 * MAP_DEVICE_FAILED and errno; ENOSYS where there are no I/O ports.
 */
uintptr_t mmap_device_io(size_t len, uint64_t io);
int munmap_device_io(uintptr_t io, size_t len);

/*
 * mmap() and munmap() that know MAP_PHYS (above).  A DMA buffer is
 * locked in, mapped for every device the process attached through VFIO
 * (<pci/pci.h>), and not inherited by fork(); it is unmapped whole.
 */
void *resmgr_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off);
int resmgr_munmap(void *addr, size_t len);

/*
 * The address a device uses for @addr (an I/O virtual address behind the
 * IOMMU, not a CPU physical address) and how many of @len bytes from it
 * are contiguous there.  @fd must be NOFD.  ENXIO: not DMA memory;
 * ENODEV: no device is attached through VFIO yet.  mem_offset() returns
 * -1 and errno; posix_mem_offset() returns the error number and sets
 * *@fildes to NOFD.
 */
int mem_offset(const void *addr, int fd, size_t len, off_t *off,
	       size_t *contig_len);
int mem_offset64(const void *addr, int fd, size_t len, off64_t *off,
		 size_t *contig_len);
int posix_mem_offset(const void *addr, size_t len, off_t *off,
		     size_t *contig_len, int *fildes);

#ifndef RESMGR_LINUX_MMAP
#define mmap(a, l, p, f, d, o)	resmgr_mmap(a, l, p, f, d, o)
#define mmap64(a, l, p, f, d, o) resmgr_mmap(a, l, p, f, d, o)
#define munmap(a, l)		resmgr_munmap(a, l)
#endif

__RESMGR_END_DECLS

#endif /* _RESMGR_COMPAT_SYS_MMAN_H */
