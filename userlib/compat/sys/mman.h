/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/mman.h> with QNX's additions (libresmgr compat): libc's own, NOFD
 * (<sys/platform.h>) for anonymous mappings, and device access:
 * mmap_device_memory() and mmap_device_io() with their unmaps,
 * PROT_NOCACHE and MAP_DEVICE_FAILED.  mmap() itself is glibc's: it
 * knows no MAP_PHYS.
 */
#include_next <sys/mman.h>

#ifndef _RESMGR_COMPAT_SYS_MMAN_H
#define _RESMGR_COMPAT_SYS_MMAN_H
#include <stddef.h>
#include <stdint.h>
#include <sys/platform.h>
#include <sys/resmgr_cdefs.h>

/*
 * Map uncached.  Device memory is always mapped uncached here, so this
 * only says so; our own value, which no Linux PROT_* uses (mmap(2)
 * refuses it, so pass it to mmap_device_memory() only).
 */
#ifndef PROT_NOCACHE
#define PROT_NOCACHE	0x00000800
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

__RESMGR_END_DECLS

#endif /* _RESMGR_COMPAT_SYS_MMAN_H */
