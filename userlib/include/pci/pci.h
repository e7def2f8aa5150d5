/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <pci/pci.h> - QNX 7's PCI API for drivers, over Linux's sysfs and VFIO.
 *
 * A driver finds its device (pci_device_find()), attaches it
 * (pci_device_attach()), reads its BARs and interrupt, and maps the BARs
 * with mmap_device_memory().  Attaching goes through VFIO when the
 * device sits in an IOMMU group: the library binds a device no kernel
 * driver holds to vfio-pci, and the device's interrupt (InterruptAttach*()
 * in <sys/neutrino.h>) and DMA (mmap() with MAP_PHYS | MAP_ANON in
 * <sys/mman.h>) then work.  Without VFIO the device's registers and
 * configuration space still do.  See Documentation/porting.rst.
 *
 * Devices are named by bus, device and function on PCI domain 0.  The
 * constants are libresmgr's own values; pci_err_t values are errno
 * values, with PCI_ERR_OK 0.
 */
#ifndef _PCI_PCI_H
#define _PCI_PCI_H

#include <errno.h>
#include <stdint.h>
#include <sys/platform.h>
#include <sys/resmgr_cdefs.h>

typedef uint32_t pci_bdf_t;
typedef uint16_t pci_vid_t;
typedef uint16_t pci_did_t;
typedef uint16_t pci_ssvid_t;
typedef uint16_t pci_ssid_t;
typedef uint8_t pci_revid_t;
typedef uint32_t pci_ccode_t;
typedef uint16_t pci_cmd_t;
typedef uint16_t pci_stat_t;
typedef int_t pci_irq_t;
typedef int pci_err_t;
typedef struct _pci_devhdl *pci_devhdl_t;

/* Bus, device, function. */
#define PCI_BDF(b, d, f)	((pci_bdf_t)((((b) & 0xff) << 8) | \
				 (((d) & 0x1f) << 3) | ((f) & 0x7)))
#define PCI_BUS(bdf)		(((bdf) >> 8) & 0xff)
#define PCI_DEV(bdf)		(((bdf) >> 3) & 0x1f)
#define PCI_FUNC(bdf)		((bdf) & 0x7)
#define PCI_BDF_NONE		((pci_bdf_t)~0U)

/* pci_device_find() wildcards. */
#define PCI_VID_ANY		((pci_vid_t)0xffff)
#define PCI_DID_ANY		((pci_did_t)0xffff)
#define PCI_CCODE_ANY		((pci_ccode_t)~0U)

#define PCI_ERR_OK		0
#define PCI_ERR_EINVAL		EINVAL
#define PCI_ERR_ENODEV		ENODEV
#define PCI_ERR_ENOMEM		ENOMEM
#define PCI_ERR_EIO		EIO
#define PCI_ERR_ENOTSUP		ENOTSUP
#define PCI_ERR_EPERM		EPERM
/* Another process (or an exclusive attach of this one) owns it. */
#define PCI_ERR_ATTACH_EXCLUSIVE EBUSY
/* No more handles (attached devices per process). */
#define PCI_ERR_ATTACH_LIMIT	ENOSPC

/* pci_device_attach() flags. */
typedef uint32_t pci_attachFlags_t;
#define pci_attachFlags_OWNER		 0x1u	/* may write config space */
#define pci_attachFlags_EXCLUSIVE_OWNER	 0x3u	/* and no one else may attach */
#define pci_attachFlags_MULTI_OWNER	 0x1u
#define pci_attachFlags_DEFAULT		 pci_attachFlags_EXCLUSIVE_OWNER

/* What a BAR decodes. */
typedef enum {
	pci_asType_e_NONE = 0,
	pci_asType_e_MEM = 1,
	pci_asType_e_IO = 2,
} pci_asType_t;

typedef uint32_t pci_asAttr_t;
#define pci_asAttr_e_NONE		0x0u
#define pci_asAttr_e_64BIT		0x1u
#define pci_asAttr_e_PREFETCH		0x2u
#define pci_asAttr_e_EXPANSION_ROM	0x4u

/* pci_device_read_ba()'s request type: all the same here. */
typedef enum {
	pci_reqType_e_UNSPECIFIED = 0,
	pci_reqType_e_MANDATORY = 1,
	pci_reqType_e_ADVISORY = 2,
} pci_reqType_t;

typedef enum {
	pci_resetType_e_FUNCTION = 1,
	pci_resetType_e_BUS = 2,
} pci_resetType_t;

typedef struct {
	uint64_t addr;		/* CPU address, for mmap_device_memory() */
	uint64_t size;
	int_t bar_num;		/* 0..5 */
	pci_asType_t type;
	pci_asAttr_t attr;
} pci_ba_t;

/* The command register's bits (the PCI specification's). */
#define PCI_COMMAND_IO_ENABLE		0x0001u
#define PCI_COMMAND_MEM_ENABLE		0x0002u
#define PCI_COMMAND_BUS_MASTER_ENABLE	0x0004u
#define PCI_COMMAND_INTX_DISABLE	0x0400u

__RESMGR_BEGIN_DECLS

/*
 * The @idx'th device (from 0) matching @vid, @did and @classcode (each
 * may be its _ANY), or PCI_BDF_NONE.
 */
pci_bdf_t pci_device_find(uint_t idx, pci_vid_t vid, pci_did_t did,
			  pci_ccode_t classcode);

/*
 * Attach @bdf for driving it.  Returns a handle, or NULL with *@err (if
 * @err) set: PCI_ERR_ENODEV (no such device, or vfio-pci is needed and
 * cannot take it), PCI_ERR_ATTACH_EXCLUSIVE (another driver owns it; a
 * device bound to a kernel driver is never taken from it),
 * PCI_ERR_EPERM.
 */
pci_devhdl_t pci_device_attach(pci_bdf_t bdf, pci_attachFlags_t flags,
			       pci_err_t *err);
pci_err_t pci_device_detach(pci_devhdl_t hdl);
pci_bdf_t pci_device_bdf(pci_devhdl_t hdl);

pci_err_t pci_device_read_vid(pci_bdf_t bdf, pci_vid_t *vid);
pci_err_t pci_device_read_did(pci_bdf_t bdf, pci_did_t *did);
pci_err_t pci_device_read_ssvid(pci_bdf_t bdf, pci_ssvid_t *ssvid);
pci_err_t pci_device_read_ssid(pci_bdf_t bdf, pci_ssid_t *ssid);
pci_err_t pci_device_read_revid(pci_bdf_t bdf, pci_revid_t *revid);
pci_err_t pci_device_read_ccode(pci_bdf_t bdf, pci_ccode_t *ccode);
pci_err_t pci_device_read_cmd(pci_bdf_t bdf, pci_cmd_t *cmd);
pci_err_t pci_device_read_status(pci_bdf_t bdf, pci_stat_t *status);
/* Write the command register; *@cmd_set (if given) is what it reads back. */
pci_err_t pci_device_write_cmd(pci_devhdl_t hdl, pci_cmd_t cmd,
			       pci_cmd_t *cmd_set);

/*
 * The device's BARs: *@nba is @ba's size on entry and the number filled
 * in on return.  Addresses are CPU physical addresses.
 */
pci_err_t pci_device_read_ba(pci_devhdl_t hdl, int_t *nba, pci_ba_t *ba,
			     pci_reqType_t req);
/*
 * The device's interrupt vectors for InterruptAttach*(): *@nirq is @irq's
 * size on entry (NULL: one) and the count on return.  PCI_ERR_ENOTSUP
 * without VFIO.
 */
pci_err_t pci_device_read_irq(pci_devhdl_t hdl, int_t *nirq, pci_irq_t *irq);

pci_err_t pci_device_cfg_rd8(pci_bdf_t bdf, uint_t offset, uint8_t *val);
pci_err_t pci_device_cfg_rd16(pci_bdf_t bdf, uint_t offset, uint16_t *val);
pci_err_t pci_device_cfg_rd32(pci_bdf_t bdf, uint_t offset, uint32_t *val);
pci_err_t pci_device_cfg_wr8(pci_devhdl_t hdl, uint_t offset, uint8_t val,
			     uint8_t *readback);
pci_err_t pci_device_cfg_wr16(pci_devhdl_t hdl, uint_t offset, uint16_t val,
			      uint16_t *readback);
pci_err_t pci_device_cfg_wr32(pci_devhdl_t hdl, uint_t offset, uint32_t val,
			      uint32_t *readback);

/* Reset the device (a function reset through VFIO): PCI_ERR_ENOTSUP else. */
pci_err_t pci_device_reset(pci_devhdl_t hdl, pci_resetType_t type);

const char *pci_strerror(pci_err_t err);

__RESMGR_END_DECLS

#endif /* _PCI_PCI_H */
