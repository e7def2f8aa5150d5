/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The hardware layer inside the library: PCI devices a driver attached
 * through VFIO, their interrupts and the DMA memory their IOMMU maps.
 * pci.c is QNX's PCI API, vfio.c the VFIO container, groups and devices
 * under it, dma_mem.c the driver's DMA buffers, device_map.c register
 * mappings; the Neutrino layer's Interrupt*() calls (nto_interrupt.c)
 * use the interrupt calls below.
 */
#ifndef _RESMGR_HW_I_H
#define _RESMGR_HW_I_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

/*
 * Interrupt vectors.  pci_device_read_irq() reports a device's interrupt
 * as RM_IRQ_BASE + slot * RM_IRQ_PER_DEV + n, where slot is the device's
 * place among the process's attached devices: a number no Linux IRQ
 * number is, so that a vector names one device of this process even when
 * two devices share a legacy interrupt line.
 */
#define RM_IRQ_BASE		0x10000
#define RM_IRQ_PER_DEV		32
#define RM_PCI_MAX_ATTACHED	32

/* The interrupt a vector stands for, once its device set it up. */
struct rm_irq_source {
	int efd;		/* eventfd the kernel signals per interrupt */
	bool level;		/* INTx: the kernel masks it until unmasked */
};

/*
 * Route interrupt @vector of an attached device to a new eventfd (MSI
 * where the device has it, INTx otherwise).  0 or an errno: EINVAL for a
 * number that is no vector of ours, ENODEV when its device is not
 * attached through VFIO, EBUSY when the vector is already routed.
 */
RM_HIDDEN int rm_irq_route(int vector, struct rm_irq_source *src);
/* Stop the routing rm_irq_route() set up and close its eventfd. */
RM_HIDDEN void rm_irq_unroute(int vector);
/* INTx: let the kernel deliver the line again after it fired. */
RM_HIDDEN int rm_irq_unmask(int vector);

/*
 * Map [@vaddr, @vaddr + @len) for DMA by every attached device, at an
 * I/O virtual address below @limit; the IOVA is in *@iova.  Buffers
 * mapped before the first attach are mapped when it happens.
 */
RM_HIDDEN int rm_dma_map(void *vaddr, size_t len, uint64_t limit,
			 uint64_t *iova);
/* 0, ENOENT (no DMA buffer there) or EINVAL (part of one). */
RM_HIDDEN int rm_dma_unmap(void *vaddr, size_t len);
/*
 * The device address of @vaddr and the bytes contiguous from it there:
 * ENXIO for memory that is no DMA buffer, ENODEV while no device is
 * behind the IOMMU.
 */
RM_HIDDEN int rm_dma_lookup(const void *vaddr, uint64_t *iova,
			    size_t *contig);

/*
 * A PCI device this process attached: through VFIO when the device is
 * (or can be) bound to vfio-pci and sits in an IOMMU group, which gives
 * interrupts and DMA; otherwise through sysfs, registers and
 * configuration space only, held with a lock on its config file.
 * @name is its sysfs name ("0000:00:01.0").
 */
struct rm_pci_dev;

RM_HIDDEN int rm_pci_attach(const char *name, bool exclusive,
			    struct rm_pci_dev **out);
RM_HIDDEN void rm_pci_detach(struct rm_pci_dev *dev);
RM_HIDDEN int rm_pci_cfg_read(struct rm_pci_dev *dev, unsigned int off,
			      void *buf, size_t n);
RM_HIDDEN int rm_pci_cfg_write(struct rm_pci_dev *dev, unsigned int off,
			       const void *buf, size_t n);
RM_HIDDEN int rm_pci_reset(struct rm_pci_dev *dev);
/* The device's interrupt vector; ENODEV without VFIO or an interrupt. */
RM_HIDDEN int rm_pci_vector(struct rm_pci_dev *dev, int *vector);

/*
 * mmap_device_memory() of a BAR of a device attached through VFIO: maps
 * it through the VFIO device.  ENXIO when no such device holds it.
 */
RM_HIDDEN int rm_vfio_map_bar(uint64_t phys, size_t len, int prot,
			      void *addr, int flags, void **out);

#endif /* _RESMGR_HW_I_H */
