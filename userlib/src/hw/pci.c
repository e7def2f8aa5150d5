// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX 7's PCI API (<pci/pci.h>) over Linux's sysfs: finding devices,
 * reading their configuration space, and attaching one for driving
 * (vfio.c).  Reads by bus/device/function go to the device's sysfs
 * config file, so they need no attach (root sees all of configuration
 * space, others its first 64 bytes, as Linux allows); writes need a
 * handle and go through the attached device.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pci/pci.h>

#include "hw/hw_i.h"

#define RM_PCI_SYSFS	"/sys/bus/pci/devices"

struct _pci_devhdl {
	pci_bdf_t bdf;
	pci_attachFlags_t flags;
	struct rm_pci_dev *dev;
};

static void rm_bdf_name(pci_bdf_t bdf, char *buf, size_t len)
{
	snprintf(buf, len, "0000:%02x:%02x.%x", PCI_BUS(bdf), PCI_DEV(bdf),
		 PCI_FUNC(bdf));
}

static int rm_cfg_pread(pci_bdf_t bdf, unsigned int off, void *buf, size_t n)
{
	char name[32], path[96];
	ssize_t r;
	int fd;

	if (bdf & ~0xffffU)
		return EINVAL;
	rm_bdf_name(bdf, name, sizeof(name));
	snprintf(path, sizeof(path), RM_PCI_SYSFS "/%s/config", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? ENODEV : errno;
	r = pread(fd, buf, n, off);
	close(fd);
	if (r < 0)
		return errno;
	/* Beyond what the caller may read, or beyond config space. */
	return (size_t)r == n ? 0 : EINVAL;
}

pci_bdf_t pci_device_find(uint_t idx, pci_vid_t vid, pci_did_t did,
			  pci_ccode_t classcode)
{
	pci_bdf_t found = PCI_BDF_NONE, best = PCI_BDF_NONE;
	struct dirent *d;
	uint_t seen = 0;
	DIR *dir;

	/*
	 * sysfs lists devices in no promised order; QNX's index counts in
	 * bus/device/function order, so count matches below each candidate.
	 */
	dir = opendir(RM_PCI_SYSFS);
	if (!dir)
		return PCI_BDF_NONE;
	for (;;) {
		pci_bdf_t next = PCI_BDF_NONE;

		rewinddir(dir);
		while ((d = readdir(dir))) {
			unsigned int dom, b, dv, f;
			uint32_t id, cc;
			pci_bdf_t bdf;

			if (sscanf(d->d_name, "%x:%x:%x.%x", &dom, &b, &dv,
				   &f) != 4 || dom)
				continue;
			bdf = PCI_BDF(b, dv, f);
			if (best != PCI_BDF_NONE && bdf <= best)
				continue;
			if (next != PCI_BDF_NONE && bdf >= next)
				continue;
			if (rm_cfg_pread(bdf, 0, &id, sizeof(id)) ||
			    rm_cfg_pread(bdf, 8, &cc, sizeof(cc)))
				continue;
			if ((vid != PCI_VID_ANY && (id & 0xffff) != vid) ||
			    (did != PCI_DID_ANY && (id >> 16) != did) ||
			    (classcode != PCI_CCODE_ANY &&
			     (cc >> 8) != classcode))
				continue;
			next = bdf;
		}
		if (next == PCI_BDF_NONE)
			break;
		if (seen++ == idx) {
			found = next;
			break;
		}
		best = next;
	}
	closedir(dir);
	return found;
}

pci_devhdl_t pci_device_attach(pci_bdf_t bdf, pci_attachFlags_t flags,
			       pci_err_t *err)
{
	struct _pci_devhdl *h;
	char name[32];
	uint16_t vid;
	int e;

	if ((bdf & ~0xffffU) || (flags & ~pci_attachFlags_EXCLUSIVE_OWNER)) {
		e = EINVAL;
		goto fail;
	}
	e = rm_cfg_pread(bdf, 0, &vid, sizeof(vid));
	if (e)
		goto fail;
	h = calloc(1, sizeof(*h));
	e = ENOMEM;
	if (!h)
		goto fail;
	rm_bdf_name(bdf, name, sizeof(name));
	e = rm_pci_attach(name, flags == pci_attachFlags_EXCLUSIVE_OWNER,
			  &h->dev);
	if (e) {
		free(h);
		goto fail;
	}
	h->bdf = bdf;
	h->flags = flags;
	if (err)
		*err = PCI_ERR_OK;
	return h;
fail:
	if (err)
		*err = e;
	return NULL;
}

pci_err_t pci_device_detach(pci_devhdl_t hdl)
{
	if (!hdl)
		return PCI_ERR_EINVAL;
	rm_pci_detach(hdl->dev);
	free(hdl);
	return PCI_ERR_OK;
}

pci_bdf_t pci_device_bdf(pci_devhdl_t hdl)
{
	return hdl ? hdl->bdf : PCI_BDF_NONE;
}

#define RM_CFG_READER(fn, type, off, shift, mask)			\
pci_err_t fn(pci_bdf_t bdf, type *val)					\
{									\
	uint32_t v;							\
	int err;							\
									\
	if (!val)							\
		return PCI_ERR_EINVAL;					\
	err = rm_cfg_pread(bdf, (off), &v, sizeof(v));			\
	if (!err)							\
		*val = (type)((v >> (shift)) & (mask));			\
	return err;							\
}

RM_CFG_READER(pci_device_read_vid, pci_vid_t, 0x00, 0, 0xffff)
RM_CFG_READER(pci_device_read_did, pci_did_t, 0x00, 16, 0xffff)
RM_CFG_READER(pci_device_read_cmd, pci_cmd_t, 0x04, 0, 0xffff)
RM_CFG_READER(pci_device_read_status, pci_stat_t, 0x04, 16, 0xffff)
RM_CFG_READER(pci_device_read_revid, pci_revid_t, 0x08, 0, 0xff)
RM_CFG_READER(pci_device_read_ccode, pci_ccode_t, 0x08, 8, 0xffffff)
RM_CFG_READER(pci_device_read_ssvid, pci_ssvid_t, 0x2c, 0, 0xffff)
RM_CFG_READER(pci_device_read_ssid, pci_ssid_t, 0x2c, 16, 0xffff)

pci_err_t pci_device_cfg_rd8(pci_bdf_t bdf, uint_t offset, uint8_t *val)
{
	return val ? rm_cfg_pread(bdf, offset, val, 1) : PCI_ERR_EINVAL;
}

pci_err_t pci_device_cfg_rd16(pci_bdf_t bdf, uint_t offset, uint16_t *val)
{
	if (!val || (offset & 1))
		return PCI_ERR_EINVAL;
	return rm_cfg_pread(bdf, offset, val, 2);
}

pci_err_t pci_device_cfg_rd32(pci_bdf_t bdf, uint_t offset, uint32_t *val)
{
	if (!val || (offset & 3))
		return PCI_ERR_EINVAL;
	return rm_cfg_pread(bdf, offset, val, 4);
}

/* A config write by the owner, and what the register reads back. */
static pci_err_t rm_cfg_write(pci_devhdl_t hdl, uint_t offset,
			      const void *val, void *readback, size_t n)
{
	int err;

	if (!hdl || (offset & (n - 1)))
		return PCI_ERR_EINVAL;
	if (!(hdl->flags & pci_attachFlags_OWNER))
		return PCI_ERR_EPERM;
	err = rm_pci_cfg_write(hdl->dev, offset, val, n);
	if (!err && readback)
		err = rm_pci_cfg_read(hdl->dev, offset, readback, n);
	return err;
}

pci_err_t pci_device_cfg_wr8(pci_devhdl_t hdl, uint_t offset, uint8_t val,
			     uint8_t *readback)
{
	return rm_cfg_write(hdl, offset, &val, readback, 1);
}

pci_err_t pci_device_cfg_wr16(pci_devhdl_t hdl, uint_t offset, uint16_t val,
			      uint16_t *readback)
{
	return rm_cfg_write(hdl, offset, &val, readback, 2);
}

pci_err_t pci_device_cfg_wr32(pci_devhdl_t hdl, uint_t offset, uint32_t val,
			      uint32_t *readback)
{
	return rm_cfg_write(hdl, offset, &val, readback, 4);
}

pci_err_t pci_device_write_cmd(pci_devhdl_t hdl, pci_cmd_t cmd,
			       pci_cmd_t *cmd_set)
{
	return rm_cfg_write(hdl, 0x04, &cmd, cmd_set, sizeof(cmd));
}

pci_err_t pci_device_read_ba(pci_devhdl_t hdl, int_t *nba, pci_ba_t *ba,
			     pci_reqType_t req)
{
	char name[32], path[96], line[128];
	int_t n = 0;
	int bar;
	FILE *f;

	if (!hdl || !nba || *nba < 0 || (*nba && !ba))
		return PCI_ERR_EINVAL;
	rm_bdf_name(hdl->bdf, name, sizeof(name));
	snprintf(path, sizeof(path), RM_PCI_SYSFS "/%s/resource", name);
	f = fopen(path, "re");
	if (!f)
		return errno;
	/* Lines 0-5 are the BARs, 6 the expansion ROM. */
	for (bar = 0; bar < 7 && fgets(line, sizeof(line), f); bar++) {
		unsigned long long s, e, fl;
		pci_ba_t b = { 0 };

		if (sscanf(line, "%llx %llx %llx", &s, &e, &fl) != 3 || !s)
			continue;
		if (n >= *nba)
			break;
		b.addr = s;
		b.size = e - s + 1;
		b.bar_num = bar;
		b.type = (fl & 0x100) ? pci_asType_e_IO :	/* IORESOURCE_IO */
			 pci_asType_e_MEM;
		if (fl & 0x00100000)			/* IORESOURCE_MEM_64 */
			b.attr |= pci_asAttr_e_64BIT;
		if (fl & 0x00002000)			/* IORESOURCE_PREFETCH */
			b.attr |= pci_asAttr_e_PREFETCH;
		if (bar == 6)
			b.attr |= pci_asAttr_e_EXPANSION_ROM;
		ba[n++] = b;
	}
	fclose(f);
	*nba = n;
	return PCI_ERR_OK;
}

pci_err_t pci_device_read_irq(pci_devhdl_t hdl, int_t *nirq, pci_irq_t *irq)
{
	int vector, err;

	if (!hdl || !irq || (nirq && *nirq < 1))
		return PCI_ERR_EINVAL;
	err = rm_pci_vector(hdl->dev, &vector);
	if (err)
		return err == ENODEV ? PCI_ERR_ENOTSUP : err;
	irq[0] = vector;
	if (nirq)
		*nirq = 1;
	return PCI_ERR_OK;
}

pci_err_t pci_device_reset(pci_devhdl_t hdl, pci_resetType_t type)
{
	if (!hdl || (type != pci_resetType_e_FUNCTION &&
		     type != pci_resetType_e_BUS))
		return PCI_ERR_EINVAL;
	if (!(hdl->flags & pci_attachFlags_OWNER))
		return PCI_ERR_EPERM;
	return rm_pci_reset(hdl->dev);
}

const char *pci_strerror(pci_err_t err)
{
	switch (err) {
	case PCI_ERR_OK:
		return "no error";
	case PCI_ERR_ATTACH_EXCLUSIVE:
		return "device owned by another driver";
	case PCI_ERR_ATTACH_LIMIT:
		return "too many attached devices";
	case PCI_ERR_ENOTSUP:
		return "not supported for this device (no VFIO)";
	default:
		return strerror(err);
	}
}
