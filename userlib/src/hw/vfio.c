// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The PCI devices a driver attaches, through VFIO.
 *
 * A QNX driver owns its device: it maps the BARs, takes the interrupt
 * and points the device's DMA engine at memory it allocated.  On Linux
 * the one interface that gives a process all three without handing it
 * the machine is VFIO: the device's DMA goes through the IOMMU, which
 * maps only the buffers this process registered (dma_mem.c), so a wrong
 * address faults instead of overwriting the kernel; interrupts arrive on
 * an eventfd, INTx masked by the kernel until the driver unmasks it (QNX's
 * rule for level interrupts); and the kernel quiesces the device when the
 * process dies (bus mastering off, interrupts off, a reset where the
 * device has one).  The group file is the exclusivity: a second process
 * opening it gets EBUSY.
 *
 * A device with no IOMMU group, or that vfio-pci does not drive and
 * cannot take, is attached through sysfs: configuration space and BARs
 * (device_map.c), no interrupts and no DMA, exclusive through a lock on
 * its config file.  UIO was measured and left out: it has no DMA
 * isolation, so every DMA buffer would be an unchecked physical address.
 *
 * One container per process holds every attached group, so a DMA
 * buffer's I/O virtual address (IOVA) is the same for all the process's
 * devices.  Everything here runs under rm_hw_lock: attach, detach and
 * buffer registration are rare, and interrupts never take it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "hw/hw_i.h"

#define RM_PCI_SYSFS		"/sys/bus/pci/devices"
#define RM_VFIO_DRIVER		"vfio-pci"
#define RM_BARS			6
#define RM_IORESOURCE_MEM	0x00000200	/* <linux/ioport.h> */
/* Where IOVAs start: page 0 stays unmapped so a NULL DMA address faults. */
#define RM_IOVA_START		0x100000ULL

struct rm_vgroup {
	int id;
	int fd;
	int refs;
};

struct rm_pci_dev {
	char name[32];
	int slot;
	int refs;
	bool exclusive;
	int fd;			/* VFIO device, or -1 */
	int cfg_fd;		/* sysfs config (both ways) */
	struct rm_vgroup *group;
	bool detached;		/* by the driver; its interrupt is still routed */
	uint64_t cfg_off;	/* VFIO config region */
	bool can_reset;
	struct {
		uint64_t phys, size;	/* CPU address, from sysfs */
		uint64_t off;		/* VFIO region offset */
		bool mmap;
	} bar[RM_BARS];
	int irq_index;		/* VFIO_PCI_{MSI,INTX}_IRQ_INDEX, or -1 */
	int irq_efd;		/* routed eventfd, or -1 */
};

struct rm_dma_buf {
	struct rm_dma_buf *next;	/* sorted by iova */
	uintptr_t vaddr;
	size_t len;
	uint64_t iova;
};

static pthread_mutex_t rm_hw_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rm_pci_dev *rm_devs[RM_PCI_MAX_ATTACHED];
static struct rm_vgroup *rm_groups[RM_PCI_MAX_ATTACHED];
static int rm_container = -1;
static int rm_ngroups;		/* groups in the container */
static struct rm_dma_buf *rm_bufs;

/* ----------------------------------------------------------- sysfs */

static int rm_sysfs_link(const char *name, const char *what, char *buf,
			 size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	char *base;

	snprintf(path, sizeof(path), RM_PCI_SYSFS "/%s/%s", name, what);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return errno;
	target[n] = 0;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return ENAMETOOLONG;
	memcpy(buf, base, strlen(base) + 1);
	return 0;
}

static int rm_sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return errno;
	n = write(fd, val, strlen(val));
	err = n < 0 ? errno : 0;
	close(fd);
	return err;
}

/*
 * Hand a device no kernel driver holds to vfio-pci, as an administrator
 * would with driver_override.  A device some other driver holds is never
 * taken away: EBUSY.
 */
static int rm_vfio_bind(const char *name)
{
	char drv[64], path[PATH_MAX];

	if (!rm_sysfs_link(name, "driver", drv, sizeof(drv)))
		return strcmp(drv, RM_VFIO_DRIVER) ? EBUSY : 0;
	if (access("/sys/bus/pci/drivers/" RM_VFIO_DRIVER, F_OK))
		return ENODEV;	/* vfio-pci is not loaded */
	snprintf(path, sizeof(path), RM_PCI_SYSFS "/%s/driver_override", name);
	if (rm_sysfs_write(path, RM_VFIO_DRIVER))
		return ENODEV;
	rm_sysfs_write("/sys/bus/pci/drivers_probe", name);
	if (!rm_sysfs_link(name, "driver", drv, sizeof(drv)) &&
	    !strcmp(drv, RM_VFIO_DRIVER))
		return 0;
	rm_sysfs_write(path, "\n");
	return ENODEV;
}

static void rm_bars_read(struct rm_pci_dev *dev)
{
	char path[PATH_MAX], line[128];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), RM_PCI_SYSFS "/%s/resource", dev->name);
	f = fopen(path, "re");
	if (!f)
		return;
	for (i = 0; i < RM_BARS && fgets(line, sizeof(line), f); i++) {
		uint64_t s, e, flags;

		if (sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64,
			   &s, &e, &flags) != 3 || !s)
			continue;
		dev->bar[i].phys = s;
		dev->bar[i].size = e - s + 1;
	}
	fclose(f);
}

/* ------------------------------------------------------- container */

static int rm_dma_map_one(struct rm_dma_buf *b)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = b->vaddr,
		.iova = b->iova,
		.size = b->len,
	};

	return ioctl(rm_container, VFIO_IOMMU_MAP_DMA, &map) < 0 ? errno : 0;
}

static void rm_dma_unmap_one(struct rm_dma_buf *b)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = b->iova,
		.size = b->len,
	};

	ioctl(rm_container, VFIO_IOMMU_UNMAP_DMA, &unmap);
}

static int rm_container_open(void)
{
	if (rm_container >= 0)
		return 0;
	rm_container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (rm_container < 0)
		return errno == ENOENT ? ENODEV : errno;
	if (ioctl(rm_container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    !ioctl(rm_container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU)) {
		close(rm_container);
		rm_container = -1;
		return ENODEV;
	}
	return 0;
}

/* Put group @g in the container; the first one picks the IOMMU model. */
static int rm_container_add(struct rm_vgroup *g)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	struct rm_dma_buf *b;
	int err;

	if (ioctl(g->fd, VFIO_GROUP_GET_STATUS, &st) < 0)
		return errno;
	/* Every device of the group must be vfio's (or driverless). */
	if (!(st.flags & VFIO_GROUP_FLAGS_VIABLE))
		return EBUSY;
	if (ioctl(g->fd, VFIO_GROUP_SET_CONTAINER, &rm_container) < 0)
		return errno;
	if (rm_ngroups++)
		return 0;
	if (ioctl(rm_container, VFIO_SET_IOMMU,
		  ioctl(rm_container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) ?
		  VFIO_TYPE1v2_IOMMU : VFIO_TYPE1_IOMMU) < 0) {
		err = errno;
		goto fail;
	}
	/* Buffers the driver allocated before it attached a device. */
	for (b = rm_bufs; b; b = b->next) {
		err = rm_dma_map_one(b);
		if (err)
			goto fail;
	}
	return 0;
fail:
	ioctl(g->fd, VFIO_GROUP_UNSET_CONTAINER);
	rm_ngroups--;
	return err;
}

static void rm_group_put(struct rm_vgroup *g)
{
	int i;

	if (--g->refs)
		return;
	ioctl(g->fd, VFIO_GROUP_UNSET_CONTAINER);
	close(g->fd);
	for (i = 0; i < RM_PCI_MAX_ATTACHED; i++)
		if (rm_groups[i] == g)
			rm_groups[i] = NULL;
	free(g);
	/* The last group took the IOMMU mappings with it. */
	if (!--rm_ngroups) {
		close(rm_container);
		rm_container = -1;
	}
}

static int rm_group_get(int id, struct rm_vgroup **out)
{
	struct rm_vgroup *g = NULL;
	char path[64];
	int i, slot = -1, err;

	for (i = 0; i < RM_PCI_MAX_ATTACHED; i++) {
		if (rm_groups[i] && rm_groups[i]->id == id) {
			rm_groups[i]->refs++;
			*out = rm_groups[i];
			return 0;
		}
		if (!rm_groups[i] && slot < 0)
			slot = i;
	}
	if (slot < 0)
		return ENOSPC;
	err = rm_container_open();
	if (err)
		return err;
	g = calloc(1, sizeof(*g));
	if (!g)
		return ENOMEM;
	g->id = id;
	g->refs = 1;
	snprintf(path, sizeof(path), "/dev/vfio/%d", id);
	/* EBUSY: another process holds the group, so the device. */
	g->fd = open(path, O_RDWR | O_CLOEXEC);
	if (g->fd < 0) {
		err = errno;
		goto fail;
	}
	err = rm_container_add(g);
	if (err) {
		close(g->fd);
		goto fail;
	}
	rm_groups[slot] = g;
	*out = g;
	return 0;
fail:
	free(g);
	if (!rm_ngroups) {
		close(rm_container);
		rm_container = -1;
	}
	return err;
}

/* ---------------------------------------------------------- devices */

static int rm_vfio_open(struct rm_pci_dev *dev)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	char grp[32];
	int i, err;

	err = rm_sysfs_link(dev->name, "iommu_group", grp, sizeof(grp));
	if (err)
		return ENODEV;
	err = rm_vfio_bind(dev->name);
	if (err)
		return err;
	err = rm_group_get(atoi(grp), &dev->group);
	if (err)
		return err;
	dev->fd = ioctl(dev->group->fd, VFIO_GROUP_GET_DEVICE_FD, dev->name);
	if (dev->fd < 0 || ioctl(dev->fd, VFIO_DEVICE_GET_INFO, &info) < 0) {
		err = errno;
		goto fail;
	}
	dev->can_reset = info.flags & VFIO_DEVICE_FLAGS_RESET;
	reg.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(dev->fd, VFIO_DEVICE_GET_REGION_INFO, &reg) < 0) {
		err = errno;
		goto fail;
	}
	dev->cfg_off = reg.offset;
	for (i = 0; i < RM_BARS; i++) {
		reg = (struct vfio_region_info){ .argsz = sizeof(reg),
						 .index = i };
		if (ioctl(dev->fd, VFIO_DEVICE_GET_REGION_INFO, &reg) < 0)
			continue;
		dev->bar[i].off = reg.offset;
		dev->bar[i].mmap = reg.flags & VFIO_REGION_INFO_FLAG_MMAP;
	}
	return 0;
fail:
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
	rm_group_put(dev->group);
	dev->group = NULL;
	return err;
}

int rm_pci_attach(const char *name, bool exclusive, struct rm_pci_dev **out)
{
	struct rm_pci_dev *dev = NULL;
	char path[PATH_MAX];
	int i, slot = -1, err;

	if (strlen(name) >= sizeof(dev->name))
		return EINVAL;
	pthread_mutex_lock(&rm_hw_lock);
	for (i = 0; i < RM_PCI_MAX_ATTACHED; i++) {
		if (rm_devs[i] && !strcmp(rm_devs[i]->name, name)) {
			if (rm_devs[i]->detached) {
				err = EBUSY;	/* until its interrupt goes */
				goto out;
			}
			/* Within a process, attaches share the device. */
			if (exclusive || rm_devs[i]->exclusive) {
				err = EBUSY;
				goto out;
			}
			rm_devs[i]->refs++;
			*out = rm_devs[i];
			err = 0;
			goto out;
		}
		if (!rm_devs[i] && slot < 0)
			slot = i;
	}
	err = ENOSPC;
	if (slot < 0)
		goto out;
	err = ENOMEM;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		goto out;
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	dev->slot = slot;
	dev->refs = 1;
	dev->exclusive = exclusive;
	dev->fd = dev->irq_efd = -1;
	dev->irq_index = -1;
	snprintf(path, sizeof(path), RM_PCI_SYSFS "/%s/config", name);
	dev->cfg_fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->cfg_fd < 0)
		dev->cfg_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (dev->cfg_fd < 0) {
		err = errno == ENOENT ? ENODEV : errno;
		goto out;
	}
	rm_bars_read(dev);
	err = rm_vfio_open(dev);
	if (err == ENODEV) {
		/* No VFIO for it: registers only, one process at a time. */
		err = flock(dev->cfg_fd, LOCK_EX | LOCK_NB) ?
		      (errno == EWOULDBLOCK ? EBUSY : errno) : 0;
	}
	if (err)
		goto out;
	rm_devs[slot] = dev;
	*out = dev;
	dev = NULL;
out:
	if (dev) {
		if (dev->cfg_fd >= 0)
			close(dev->cfg_fd);
		free(dev);
	}
	pthread_mutex_unlock(&rm_hw_lock);
	return err;
}

static void rm_irq_off(struct rm_pci_dev *dev)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = dev->irq_index,
	};

	if (dev->irq_efd < 0)
		return;
	ioctl(dev->fd, VFIO_DEVICE_SET_IRQS, &set);
	close(dev->irq_efd);
	dev->irq_efd = -1;
}

/* The caller holds rm_hw_lock. */
static void rm_pci_free(struct rm_pci_dev *dev)
{
	rm_devs[dev->slot] = NULL;
	if (dev->fd >= 0) {
		rm_irq_off(dev);
		close(dev->fd);
		rm_group_put(dev->group);
	}
	close(dev->cfg_fd);
	free(dev);
}

void rm_pci_detach(struct rm_pci_dev *dev)
{
	pthread_mutex_lock(&rm_hw_lock);
	/*
	 * While an InterruptAttach*() holds its vector, the device keeps
	 * its slot, so that the vector cannot come to name another device;
	 * InterruptDetach() of the last attach frees it.
	 */
	if (!--dev->refs) {
		if (dev->irq_efd >= 0)
			dev->detached = true;
		else
			rm_pci_free(dev);
	}
	pthread_mutex_unlock(&rm_hw_lock);
}

int rm_pci_cfg_read(struct rm_pci_dev *dev, unsigned int off, void *buf,
		    size_t n)
{
	ssize_t r;

	if (dev->fd >= 0)
		r = pread(dev->fd, buf, n, (off_t)(dev->cfg_off + off));
	else
		r = pread(dev->cfg_fd, buf, n, off);
	if (r < 0)
		return errno;
	return (size_t)r == n ? 0 : EINVAL;
}

int rm_pci_cfg_write(struct rm_pci_dev *dev, unsigned int off,
		     const void *buf, size_t n)
{
	ssize_t r;

	/*
	 * Without an IOMMU a bus master reaches all of memory: a device
	 * attached through sysfs may not become one.
	 */
	if (dev->fd < 0 && off <= 0x04 && off + n > 0x04 &&
	    (((const uint8_t *)buf)[0x04 - off] & 0x04))
		return EPERM;
	if (dev->fd >= 0)
		r = pwrite(dev->fd, buf, n, (off_t)(dev->cfg_off + off));
	else
		r = pwrite(dev->cfg_fd, buf, n, off);
	if (r < 0)
		return errno;
	return (size_t)r == n ? 0 : EINVAL;
}

int rm_pci_reset(struct rm_pci_dev *dev)
{
	if (dev->fd < 0 || !dev->can_reset)
		return ENOTSUP;
	return ioctl(dev->fd, VFIO_DEVICE_RESET) < 0 ? errno : 0;
}

/*
 * Pick the device's interrupt: its first MSI vector, else its INTx.
 * RESMGR_PCI_IRQ=intx in the environment skips MSI, for a device whose
 * MSI does not work (Linux's pci=nomsi, for one driver).
 */
static int rm_irq_pick(struct rm_pci_dev *dev)
{
	static const int order[] = { VFIO_PCI_MSI_IRQ_INDEX,
				     VFIO_PCI_INTX_IRQ_INDEX };
	const char *want = getenv("RESMGR_PCI_IRQ");
	size_t i;

	if (dev->fd < 0)
		return ENODEV;
	if (dev->irq_index >= 0)
		return 0;
	for (i = want && !strcmp(want, "intx") ? 1 : 0;
	     i < sizeof(order) / sizeof(order[0]); i++) {
		struct vfio_irq_info info = { .argsz = sizeof(info),
					      .index = order[i] };

		if (!ioctl(dev->fd, VFIO_DEVICE_GET_IRQ_INFO, &info) &&
		    info.count && (info.flags & VFIO_IRQ_INFO_EVENTFD)) {
			dev->irq_index = order[i];
			return 0;
		}
	}
	return ENODEV;
}

int rm_pci_vector(struct rm_pci_dev *dev, int *vector)
{
	int err;

	pthread_mutex_lock(&rm_hw_lock);
	err = rm_irq_pick(dev);
	pthread_mutex_unlock(&rm_hw_lock);
	if (!err)
		*vector = RM_IRQ_BASE + dev->slot * RM_IRQ_PER_DEV;
	return err;
}

/* The attached device @vector is of; the caller holds rm_hw_lock. */
static struct rm_pci_dev *rm_vector_dev(int vector)
{
	int slot;

	if (vector < RM_IRQ_BASE ||
	    vector >= RM_IRQ_BASE + RM_PCI_MAX_ATTACHED * RM_IRQ_PER_DEV ||
	    (vector - RM_IRQ_BASE) % RM_IRQ_PER_DEV)
		return NULL;
	slot = (vector - RM_IRQ_BASE) / RM_IRQ_PER_DEV;
	return rm_devs[slot];
}

int rm_irq_route(int vector, struct rm_irq_source *src)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;
	struct rm_pci_dev *dev;
	int32_t efd;
	int err;

	pthread_mutex_lock(&rm_hw_lock);
	dev = rm_vector_dev(vector);
	err = EINVAL;
	if (!dev)
		goto out;
	err = rm_irq_pick(dev);
	if (err)
		goto out;
	err = EBUSY;
	if (dev->irq_efd >= 0)
		goto out;
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	err = errno;
	if (efd < 0)
		goto out;
	*set = (struct vfio_irq_set){
		.argsz = sizeof(buf),
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = dev->irq_index,
		.count = 1,
	};
	memcpy(set->data, &efd, sizeof(efd));
	if (ioctl(dev->fd, VFIO_DEVICE_SET_IRQS, set) < 0) {
		err = errno;
		close(efd);
		goto out;
	}
	if (dev->irq_index == VFIO_PCI_MSI_IRQ_INDEX) {
		uint16_t cmd;

		/*
		 * An MSI is a write the device makes: without bus mastering
		 * it goes nowhere.  The driver asked for its interrupt, not
		 * for MSI, so it cannot know to set it.
		 */
		if (!rm_pci_cfg_read(dev, 0x04, &cmd, sizeof(cmd)) &&
		    !(cmd & 0x04)) {
			cmd |= 0x04;
			rm_pci_cfg_write(dev, 0x04, &cmd, sizeof(cmd));
		}
	}
	dev->irq_efd = efd;
	src->efd = efd;
	src->level = dev->irq_index == VFIO_PCI_INTX_IRQ_INDEX;
	err = 0;
out:
	pthread_mutex_unlock(&rm_hw_lock);
	return err;
}

void rm_irq_unroute(int vector)
{
	struct rm_pci_dev *dev;

	pthread_mutex_lock(&rm_hw_lock);
	dev = rm_vector_dev(vector);
	if (dev) {
		rm_irq_off(dev);
		if (dev->detached)
			rm_pci_free(dev);
	}
	pthread_mutex_unlock(&rm_hw_lock);
}

int rm_irq_unmask(int vector)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK,
		.index = VFIO_PCI_INTX_IRQ_INDEX,
		.count = 1,
	};
	struct rm_pci_dev *dev;
	int err = EINVAL;

	pthread_mutex_lock(&rm_hw_lock);
	dev = rm_vector_dev(vector);
	if (dev && dev->irq_efd >= 0)
		err = ioctl(dev->fd, VFIO_DEVICE_SET_IRQS, &set) < 0 ? errno : 0;
	pthread_mutex_unlock(&rm_hw_lock);
	return err;
}

int rm_vfio_map_bar(uint64_t phys, size_t len, int prot, void *addr,
		    int flags, void **out)
{
	long page = sysconf(_SC_PAGESIZE);
	int i, b, err = ENXIO;

	pthread_mutex_lock(&rm_hw_lock);
	for (i = 0; i < RM_PCI_MAX_ATTACHED && err == ENXIO; i++) {
		struct rm_pci_dev *dev = rm_devs[i];

		if (!dev || dev->fd < 0 || dev->detached)
			continue;
		for (b = 0; b < RM_BARS; b++) {
			uint64_t s = dev->bar[b].phys, off, pgoff;
			void *p;

			if (!s || phys < s || len > dev->bar[b].size ||
			    phys - s > dev->bar[b].size - len)
				continue;
			if (!dev->bar[b].mmap) {
				err = ENOTSUP;
				break;
			}
			off = phys - s;
			pgoff = off & ~((uint64_t)page - 1);
			p = mmap(flags & MAP_FIXED ?
				 (char *)addr - (off - pgoff) : addr,
				 len + (off - pgoff), prot,
				 MAP_SHARED | (flags & MAP_FIXED), dev->fd,
				 (off_t)(dev->bar[b].off + pgoff));
			if (p == MAP_FAILED) {
				err = errno;
				break;
			}
			*out = (char *)p + (off - pgoff);
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&rm_hw_lock);
	return err;
}

/* ------------------------------------------------------------- DMA */

int rm_dma_map(void *vaddr, size_t len, uint64_t limit, uint64_t *iova)
{
	struct rm_dma_buf *b, **pp;
	uint64_t at = RM_IOVA_START;
	int err = 0;

	b = calloc(1, sizeof(*b));
	if (!b)
		return ENOMEM;
	b->vaddr = (uintptr_t)vaddr;
	b->len = len;
	pthread_mutex_lock(&rm_hw_lock);
	/* First fit in IOVA space, below the device's reach. */
	for (pp = &rm_bufs; *pp; pp = &(*pp)->next) {
		if ((*pp)->iova >= at + len)
			break;
		at = (*pp)->iova + (*pp)->len;
	}
	if (at + len > limit || at + len < at) {
		err = ENOMEM;
		goto out;
	}
	b->iova = at;
	if (rm_ngroups) {
		err = rm_dma_map_one(b);
		if (err)
			goto out;
	}
	b->next = *pp;
	*pp = b;
	*iova = at;
	b = NULL;
out:
	pthread_mutex_unlock(&rm_hw_lock);
	free(b);
	return err;
}

int rm_dma_unmap(void *vaddr, size_t len)
{
	uintptr_t v = (uintptr_t)vaddr;
	struct rm_dma_buf *b, **pp;
	int err = ENOENT;

	pthread_mutex_lock(&rm_hw_lock);
	for (pp = &rm_bufs; (b = *pp); pp = &b->next) {
		if (v + len <= b->vaddr || v >= b->vaddr + b->len)
			continue;
		/* Part of a buffer: the IOMMU maps it whole. */
		err = EINVAL;
		if (b->vaddr != v || b->len != len)
			break;
		if (rm_ngroups)
			rm_dma_unmap_one(b);
		*pp = b->next;
		free(b);
		err = 0;
		break;
	}
	pthread_mutex_unlock(&rm_hw_lock);
	return err;
}

int rm_dma_lookup(const void *vaddr, uint64_t *iova, size_t *contig)
{
	uintptr_t v = (uintptr_t)vaddr;
	struct rm_dma_buf *b;
	int err = ENXIO;

	pthread_mutex_lock(&rm_hw_lock);
	/*
	 * An IOVA means something only to a device behind the IOMMU: with
	 * none attached, handing one out would let a device DMA to that
	 * physical address instead.
	 */
	if (!rm_ngroups) {
		err = ENODEV;
		goto out;
	}
	for (b = rm_bufs; b; b = b->next) {
		if (v >= b->vaddr && v - b->vaddr < b->len) {
			*iova = b->iova + (v - b->vaddr);
			*contig = b->len - (v - b->vaddr);
			err = 0;
			break;
		}
	}
out:
	pthread_mutex_unlock(&rm_hw_lock);
	return err;
}
