// SPDX-License-Identifier: GPL-2.0
/*
 * hw_bench - interrupts and device round trips on QEMU's edu device, run
 * inside the VM for tools/bench (bench/run-in-vm binds the device to the
 * driver each mode needs).
 *
 *	hw_bench irq resmgr SECS	the device raises, the thread that
 *					attached with InterruptAttachEvent
 *					(SIGEV_INTR) returns from
 *					InterruptWait(), acknowledges and
 *					unmasks: libresmgr over VFIO
 *	hw_bench irq resmgr-pulse SECS	the same with a pulse to a channel of
 *					the process, received with
 *					MsgReceivePulse(), as a driver's
 *					dispatch loop gets it
 *	hw_bench irq vfio SECS		the same with no library: VFIO's
 *					MSI eventfd, read(2)
 *	hw_bench irq uio SECS		the same through uio_pci_generic:
 *					read(2) of /dev/uioN, INTx re-enabled
 *					with write(2)
 *	hw_bench fact PATH SECS		devctl(DCMD_EDU_FACTORIAL) on
 *					examples/edu's PATH: a client's round
 *					trip to the hardware and back through
 *					the driver's interrupt
 *	hw_bench ident PATH SECS	devctl(DCMD_EDU_IDENT): the same trip
 *					through the driver to a register, no
 *					interrupt
 *	hw_bench fact vfio|uio SECS	the factorial started and awaited by
 *					its completion interrupt, no library
 *
 * Each prints one JSON line as bench/bench.c does.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <hw/inout.h>
#include <pci/pci.h>
#include <sys/neutrino.h>
#include <linux/vfio.h>

#include "bench_common.h"
#include "../examples/edu/edu_dcmd.h"

#define EDU_VID		0x1234
#define EDU_DID		0x11e8
#define EDU_FACT	0x08
#define EDU_STATUS	0x20
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64
#define BATCH		16

/* A device the loop drives: its registers and how to await it. */
struct dev {
	uintptr_t regs;
	int wait_fd;		/* vfio: eventfd; uio: /dev/uioN */
	bool uio;
	int cfg_fd;		/* uio: the device's config space */
	int irq, iid;		/* resmgr */
	int chid;		/* resmgr-pulse: where the pulse goes */
};

static char edu_name[32];

static void edu_find(void)
{
	pci_bdf_t bdf = pci_device_find(0, EDU_VID, EDU_DID, PCI_CCODE_ANY);

	if (bdf == PCI_BDF_NONE) {
		errno = ENODEV;
		die("no edu device");
	}
	snprintf(edu_name, sizeof(edu_name), "0000:%02x:%02x.%x",
		 PCI_BUS(bdf), PCI_DEV(bdf), PCI_FUNC(bdf));
}

static void open_resmgr(struct dev *d)
{
	pci_ba_t ba[6];
	int_t nba = 6, nirq = 1;
	struct sigevent ev;
	pci_devhdl_t hdl;
	pci_err_t err;
	void *p;

	hdl = pci_device_attach(pci_device_find(0, EDU_VID, EDU_DID,
						PCI_CCODE_ANY),
				pci_attachFlags_EXCLUSIVE_OWNER, &err);
	if (!hdl) {
		errno = err;
		die("pci_device_attach");
	}
	if (pci_device_read_ba(hdl, &nba, ba, pci_reqType_e_UNSPECIFIED) ||
	    pci_device_read_irq(hdl, &nirq, &d->irq))
		die("pci_device_read");
	p = mmap_device_memory(NULL, ba[0].size, PROT_READ | PROT_WRITE |
			       PROT_NOCACHE, 0, ba[0].addr);
	if (p == MAP_FAILED)
		die("mmap_device_memory");
	d->regs = (uintptr_t)p;
	SIGEV_INTR_INIT(&ev);
	if (d->chid >= 0) {
		int coid = ConnectAttach(0, 0, d->chid, _NTO_SIDE_CHANNEL, 0);

		if (coid < 0)
			die("ConnectAttach");
		SIGEV_PULSE_INIT(&ev, coid, SIGEV_PULSE_PRIO_INHERIT, 1, 0);
	}
	d->iid = InterruptAttachEvent(d->irq, &ev, _NTO_INTR_FLAGS_TRK_MSK);
	if (d->iid == -1)
		die("InterruptAttachEvent");
}

/* VFIO by hand: container, group, device, BAR 0, MSI to an eventfd. */
static void open_vfio(struct dev *d)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	char path[PATH_MAX], grp[PATH_MAX], *g, buf[sizeof(struct vfio_irq_set) +
						  sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;
	int container, group, dev, efd;
	uint16_t cmd;
	ssize_t n;
	void *p;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group",
		 edu_name);
	n = readlink(path, grp, sizeof(grp) - 1);
	if (n < 0)
		die("iommu_group");
	grp[n] = 0;
	g = strrchr(grp, '/') + 1;
	container = open("/dev/vfio/vfio", O_RDWR);
	snprintf(path, sizeof(path), "/dev/vfio/%s", g);
	group = open(path, O_RDWR);
	if (container < 0 || group < 0 ||
	    ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		die("vfio group");
	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, edu_name);
	if (dev < 0 || ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &reg))
		die("vfio device");
	p = mmap(NULL, reg.size, PROT_READ | PROT_WRITE, MAP_SHARED, dev,
		 (off_t)reg.offset);
	if (p == MAP_FAILED)
		die("vfio mmap");
	d->regs = (uintptr_t)p;
	efd = eventfd(0, EFD_CLOEXEC);
	*set = (struct vfio_irq_set){
		.argsz = sizeof(buf),
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = VFIO_PCI_MSI_IRQ_INDEX,
		.count = 1,
	};
	memcpy(set->data, &efd, sizeof(efd));
	if (efd < 0 || ioctl(dev, VFIO_DEVICE_SET_IRQS, set))
		die("vfio irq");
	reg = (struct vfio_region_info){ .argsz = sizeof(reg),
					 .index = VFIO_PCI_CONFIG_REGION_INDEX };
	if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &reg) ||
	    pread(dev, &cmd, 2, (off_t)reg.offset + 4) != 2)
		die("vfio config");
	cmd |= 0x4;	/* bus master: the MSI is a write by the device */
	if (pwrite(dev, &cmd, 2, (off_t)reg.offset + 4) != 2)
		die("vfio config");
	d->wait_fd = efd;
}

/*
 * uio_pci_generic masks INTx with the command register's Interrupt
 * Disable bit; userspace clears it to let the next one in.
 */
static void uio_enable(struct dev *d)
{
	uint16_t cmd;

	if (pread(d->cfg_fd, &cmd, 2, 4) != 2)
		die("uio config");
	cmd &= ~0x400;
	if (pwrite(d->cfg_fd, &cmd, 2, 4) != 2)
		die("uio re-enable");
}

/* uio_pci_generic: /dev/uioN for INTx, BAR 0 from sysfs. */
static void open_uio(struct dev *d)
{
	char path[PATH_MAX];
	struct dirent *e;
	int fd = -1;
	DIR *dir;
	void *p;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/uio", edu_name);
	dir = opendir(path);
	if (!dir)
		die("not bound to uio_pci_generic");
	while ((e = readdir(dir)))
		if (!strncmp(e->d_name, "uio", 3)) {
			snprintf(path, sizeof(path), "/dev/%s", e->d_name);
			fd = open(path, O_RDWR);
		}
	closedir(dir);
	if (fd < 0)
		die("open /dev/uioN");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0",
		 edu_name);
	d->regs = 0;
	{
		int r = open(path, O_RDWR);

		p = r < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					      MAP_SHARED, r, 0);
		if (p == MAP_FAILED)
			die("resource0");
		close(r);
	}
	d->regs = (uintptr_t)p;
	d->wait_fd = fd;
	d->uio = true;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config",
		 edu_name);
	d->cfg_fd = open(path, O_RDWR);
	if (d->cfg_fd < 0)
		die("config");
	uio_enable(d);
}

static void dev_open(struct dev *d, const char *how)
{
	memset(d, 0, sizeof(*d));
	d->wait_fd = -1;
	d->chid = -1;
	edu_find();
	if (!strcmp(how, "resmgr-pulse")) {
		d->chid = ChannelCreate(0);
		if (d->chid < 0)
			die("ChannelCreate");
	}
	if (!strncmp(how, "resmgr", 6))
		open_resmgr(d);
	else if (!strcmp(how, "vfio"))
		open_vfio(d);
	else if (!strcmp(how, "uio"))
		open_uio(d);
	else
		exit(2);
	out32(d->regs + EDU_IRQ_ACK, in32(d->regs + EDU_IRQ_STATUS));
}

/* Await one interrupt, acknowledge the device, let the next one in. */
static void dev_wait(struct dev *d)
{
	uint64_t cnt;
	uint32_t n;

	if (d->chid >= 0) {
		struct _pulse pulse;

		if (MsgReceivePulse(d->chid, &pulse, sizeof(pulse), NULL))
			die("MsgReceivePulse");
	} else if (d->wait_fd < 0) {
		if (InterruptWait(0, NULL))
			die("InterruptWait");
	} else if (read(d->wait_fd, d->uio ? (void *)&n : (void *)&cnt,
			d->uio ? 4 : 8) < 0) {
		die("read");
	}
	out32(d->regs + EDU_IRQ_ACK, in32(d->regs + EDU_IRQ_STATUS));
	if (d->wait_fd < 0)
		InterruptUnmask(d->irq, d->iid);
	else if (d->uio)
		uio_enable(d);
}

static int bench_irq(const char *how, double secs)
{
	long long ops = 0;
	double t0, end;
	struct dev d;
	int i;

	dev_open(&d, how);
	label = "interrupt to handler";
	t0 = start_clock();
	end = t0 + secs;
	do {
		for (i = 0; i < BATCH; i++) {
			out32(d.regs + EDU_IRQ_RAISE, 0x10000);
			dev_wait(&d);
		}
		ops += BATCH;
	} while (now() < end);
	report("rtt-irq", 0, ops, now() - t0);
	return 0;
}

static int bench_fact(const char *how, double secs, bool ident)
{
	long long ops = 0;
	double t0, end;
	struct dev d;
	int i, fd = -1;

	if (how[0] == '/') {
		fd = open(how, O_RDWR);
		if (fd < 0)
			die(how);
	} else {
		dev_open(&d, how);
	}
	label = ident ? "devctl round trip, registers only" :
			"devctl round trip to the device";
	t0 = start_clock();
	end = t0 + secs;
	do {
		for (i = 0; i < BATCH; i++) {
			uint32_t v = 10;

			if (fd >= 0) {
				if (ioctl(fd, ident ? DCMD_EDU_IDENT :
					  DCMD_EDU_FACTORIAL, &v))
					die("devctl");
				continue;
			}
			out32(d.regs + EDU_STATUS, 0x80);
			out32(d.regs + EDU_FACT, v);
			dev_wait(&d);
			v = in32(d.regs + EDU_FACT);
		}
		ops += BATCH;
	} while (now() < end);
	report("rtt-fact", 0, ops, now() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "irq"))
		return bench_irq(argv[2], atof(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "fact"))
		return bench_fact(argv[2], atof(argv[3]), false);
	if (argc == 4 && !strcmp(argv[1], "ident") && argv[2][0] == '/')
		return bench_fact(argv[2], atof(argv[3]), true);
	fprintf(stderr, "usage: hw_bench irq resmgr|resmgr-pulse|vfio|uio SECS |\n"
			"       hw_bench fact PATH|vfio|uio SECS | ident PATH SECS\n");
	return 2;
}
