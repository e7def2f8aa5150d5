// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A driver's DMA memory, the QNX way: mmap() with MAP_PHYS | MAP_ANON
 * for a buffer, mem_offset() or posix_mem_offset() for the address the
 * device uses.  <sys/mman.h> (compat) routes a QNX source's mmap() and
 * munmap() here.
 *
 * The buffer is ordinary locked-in shared memory that the IOMMU maps
 * contiguously at an I/O virtual address (vfio.c): contiguous for the
 * device, which is what a driver needs physical contiguity for, and
 * reachable by no device of any other process.  So the "physical"
 * address a driver gets is that IOVA; it means nothing to the CPU, as
 * a bus address need not on QNX either.  MAP_BELOW16M keeps it below
 * 16 MiB; every buffer is below 4 GiB.  The memory is not inherited
 * over fork(): a child's copy would not be the one the device sees.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hw/hw_i.h"

#define RM_DMA_LIMIT		(1ULL << 32)
#define RM_DMA_LIMIT_16M	(1ULL << 24)
#define RM_MAP_QNX		(MAP_PHYS | MAP_BELOW16M | MAP_NOX64K)

static void *rm_dma_alloc(void *addr, size_t len, int prot, int flags)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t iova;
	void *p;
	int err;

	if (!len || (flags & MAP_FIXED)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	len = (len + page - 1) & ~((size_t)page - 1);
	p = mmap(addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC),
		 MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return p;
	madvise(p, len, MADV_DONTFORK);
	err = rm_dma_map(p, len, flags & MAP_BELOW16M ? RM_DMA_LIMIT_16M :
			 RM_DMA_LIMIT, &iova);
	if (err) {
		munmap(p, len);
		errno = err;
		return MAP_FAILED;
	}
	return p;
}

void *resmgr_mmap(void *addr, size_t len, int prot, int flags, int fd,
		  off_t off)
{
	if (!(flags & MAP_PHYS))
		return mmap(addr, len, prot & ~PROT_NOCACHE,
			    flags & ~RM_MAP_QNX, fd, off);
	if (flags & MAP_ANONYMOUS) {
		if (fd != NOFD || off) {
			errno = EINVAL;
			return MAP_FAILED;
		}
		return rm_dma_alloc(addr, len, prot, flags);
	}
	/* Physical memory at @off: only a device's, never RAM. */
	if (fd != NOFD) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	return mmap_device_memory(addr, len, prot, flags & MAP_FIXED,
				  (uint64_t)off);
}

int resmgr_munmap(void *addr, size_t len)
{
	int err = rm_dma_unmap(addr, len);

	if (err == EINVAL) {
		errno = EINVAL;
		return -1;
	}
	return munmap(addr, len);
}

int posix_mem_offset(const void *addr, size_t len, off_t *off,
		     size_t *contig_len, int *fildes)
{
	uint64_t iova;
	size_t contig;
	int err;

	if (!off || !contig_len || !fildes)
		return EINVAL;
	err = rm_dma_lookup(addr, &iova, &contig);
	if (err)
		return err;
	*off = (off_t)iova;
	*contig_len = contig < len ? contig : len;
	*fildes = NOFD;
	return 0;
}

int mem_offset64(const void *addr, int fd, size_t len, __off64_t *off,
		 size_t *contig_len)
{
	uint64_t iova;
	size_t contig;
	int err;

	if (fd != NOFD || !off) {
		errno = EINVAL;
		return -1;
	}
	err = rm_dma_lookup(addr, &iova, &contig);
	if (err) {
		errno = err;
		return -1;
	}
	*off = (__off64_t)iova;
	if (contig_len)
		*contig_len = contig < len ? contig : len;
	return 0;
}

int mem_offset(const void *addr, int fd, size_t len, off_t *off,
	       size_t *contig_len)
{
	__off64_t o;

	if (!off) {
		errno = EINVAL;
		return -1;
	}
	if (mem_offset64(addr, fd, len, &o, contig_len))
		return -1;
	*off = (off_t)o;
	return 0;
}
