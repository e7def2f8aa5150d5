// SPDX-License-Identifier: GPL-2.0
/*
 * A QNX-style driver on a device the VM really has: examples/edu drives
 * QEMU's edu PCI device through VFIO (the VM runs with --iommu --device
 * edu), and Linux clients use /dev/edu.
 *
 * Through the driver: the factorial unit answered at its interrupt, from
 * several clients at once; DMA both ways with read() and write(); poll()
 * woken by a device interrupt; an interrupt storm; a second driver
 * refused while the first holds the device; the driver killed with DMA
 * in flight, its clients failed, and a new driver attaching and working.
 *
 * In the test's own process, the calls a driver makes: pci_device_*()
 * discovery and attach, DMA memory (mmap(MAP_PHYS | MAP_ANON),
 * mem_offset()) refused without an IOMMU behind it, and the interrupt
 * calls: SIGEV_INTR with InterruptWait(), the mask count (an interrupt
 * while masked waits for InterruptUnmask()), InterruptAttach() handlers,
 * detach.  The driver and interrupt tests run twice: with the device's
 * MSI and with its level-triggered INTx.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <hw/inout.h>
#include <pci/pci.h>
#include <sys/neutrino.h>

#include "kselftest_harness.h"
#include "example_server.h"
#include "../examples/edu/edu_dcmd.h"

#define EDU_PATH	"/dev/edu"
#define EDU_VID		0x1234
#define EDU_DID		0x11e8
#define WAIT_MS		20000	/* what an interrupt may take under TCG */
#define EDU_FILE	4095	/* /dev/edu's size (examples/edu/edu.c says why) */

/* Registers (examples/edu/edu.c has the whole map). */
#define EDU_IDENT	0x00
#define EDU_FACT	0x08
#define EDU_STATUS	0x20
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64

static bool vfio_ready(void)
{
	/* The stock kernels have it as a module (the debug kernels built in). */
	if (access("/sys/bus/pci/drivers/vfio-pci", F_OK) &&
	    system("modprobe vfio-pci 2>/dev/null"))
		return false;
	return !access("/sys/bus/pci/drivers/vfio-pci", F_OK) &&
	       !access("/dev/vfio/vfio", F_OK);
}

#define NEED_VFIO() do {						\
	if (!getenv("RESMGR_IN_VM"))					\
		SKIP(return, "not in a VM");				\
	ASSERT_NE(PCI_BDF_NONE,						\
		  pci_device_find(0, EDU_VID, EDU_DID, PCI_CCODE_ANY))	\
		TH_LOG("no edu device: boot the VM with --device edu");	\
	ASSERT_TRUE(vfio_ready())					\
		TH_LOG("no VFIO: boot the VM with --iommu");		\
} while (0)

static uint32_t factorial(uint32_t n)
{
	uint32_t r = 1;

	while (n > 1)
		r *= n--;
	return r;
}

/*
 * Each test runs with the device's MSI (edge: the library holds one that
 * comes while masked) and with its INTx (level: the kernel keeps it
 * masked until the unmask), which RESMGR_PCI_IRQ=intx selects.
 */
#define IRQ_VARIANTS(f)							\
	FIXTURE_VARIANT(f) {						\
		bool intx;						\
	};								\
	FIXTURE_VARIANT_ADD(f, msi) { .intx = false };			\
	FIXTURE_VARIANT_ADD(f, intx) { .intx = true }

static void irq_variant(bool intx)
{
	if (intx)
		setenv("RESMGR_PCI_IRQ", "intx", 1);
	else
		unsetenv("RESMGR_PCI_IRQ");
}

FIXTURE(drv) {
	pid_t driver;
	int fd;
};
IRQ_VARIANTS(drv);

FIXTURE_SETUP(drv)
{
	self->driver = -1;
	self->fd = -1;
	NEED_VFIO();
	irq_variant(variant->intx);
	self->driver = start_example("edu", EDU_PATH, NULL, 0);
	ASSERT_LT(0, self->driver);
	self->fd = open(EDU_PATH, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(drv)
{
	if (self->fd >= 0)
		close(self->fd);
	stop_example(self->driver);
}

TEST_F(drv, ident_and_factorial)
{
	uint32_t id = 0, n;

	ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_IDENT, &id));
	EXPECT_EQ(0xed, id & 0xff);
	for (n = 0; n <= 14; n++) {
		uint32_t v = n;

		ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_FACTORIAL, &v));
		EXPECT_EQ(factorial(n), v) TH_LOG("%u!", n);
	}
}

struct fact_arg {
	int fd;
	int base;
	int bad;
};

static void *fact_thread(void *p)
{
	struct fact_arg *a = p;
	int i;

	for (i = 0; i < 40; i++) {
		uint32_t n = (a->base + i) % 13, v = n;

		if (ioctl(a->fd, DCMD_EDU_FACTORIAL, &v) || v != factorial(n))
			a->bad++;
	}
	return NULL;
}

/* Clients on their own opens queue at the device; each gets its answer. */
TEST_F(drv, factorial_from_many_clients)
{
	struct fact_arg a[4];
	pthread_t th[4];
	int i;

	for (i = 0; i < 4; i++) {
		a[i] = (struct fact_arg){ .fd = open(EDU_PATH, O_RDWR),
					  .base = i * 3 };
		ASSERT_LE(0, a[i].fd);
		ASSERT_EQ(0, pthread_create(&th[i], NULL, fact_thread, &a[i]));
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(0, a[i].bad) TH_LOG("client %d", i);
		close(a[i].fd);
	}
}

TEST_F(drv, dma_write_then_read)
{
	unsigned char out[EDU_FILE], in[EDU_FILE];
	int i;

	for (i = 0; i < EDU_FILE; i++)
		out[i] = (unsigned char)(i * 7 + 3);
	ASSERT_EQ(EDU_FILE, pwrite(self->fd, out, sizeof(out), 0));
	memset(in, 0, sizeof(in));
	ASSERT_EQ(EDU_FILE, pread(self->fd, in, sizeof(in), 0));
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));

	/* A piece in the middle, and the rest unchanged around it. */
	ASSERT_EQ(5, pwrite(self->fd, "hello", 5, 1000));
	ASSERT_EQ(20, pread(self->fd, in, 20, 995));
	EXPECT_EQ(0, memcmp(in, out + 995, 5));
	EXPECT_EQ(0, memcmp(in + 5, "hello", 5));
	EXPECT_EQ(0, memcmp(in + 10, out + 1005, 10));

	/* The buffer's end: short, then end of file, then no room. */
	EXPECT_EQ(EDU_FILE - 4000, pread(self->fd, in, 200, 4000));
	EXPECT_EQ(0, pread(self->fd, in, 200, EDU_FILE));
	EXPECT_EQ(-1, pwrite(self->fd, out, 10, EDU_FILE));
	EXPECT_EQ(ENOSPC, errno);
	/* read() and write() move the open's offset; pread() did not. */
	ASSERT_EQ(0, lseek(self->fd, 0, SEEK_CUR));
	ASSERT_EQ(3, write(self->fd, "abc", 3));
	ASSERT_EQ(3, write(self->fd, "def", 3));
	ASSERT_EQ(0, lseek(self->fd, 0, SEEK_SET));
	ASSERT_EQ(6, read(self->fd, in, 6));
	EXPECT_EQ(0, memcmp(in, "abcdef", 6));
}

/* poll() sleeps until the device's interrupt, not a moment longer. */
TEST_F(drv, poll_woken_by_interrupt)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLPRI };
	struct edu_events ev;
	uint32_t bits = 0x00050000;
	int other = open(EDU_PATH, O_RDWR);
	pid_t raiser;

	ASSERT_LE(0, other);
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	raiser = fork();
	if (raiser == 0) {
		/* Another process has the device raise it. */
		_exit(ioctl(other, DCMD_EDU_RAISE, &bits) ? 1 : 0);
	}
	ASSERT_EQ(1, poll(&pfd, 1, WAIT_MS));
	EXPECT_TRUE(pfd.revents & POLLPRI);
	ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_EVENTS, &ev));
	EXPECT_EQ(1, ev.unseen);
	EXPECT_EQ(bits, ev.last_status);
	/* Collected: no longer ready for this open, still for the other. */
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	pfd.fd = other;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	close(other);
	int status;
	ASSERT_EQ(raiser, waitpid(raiser, &status, 0));
	EXPECT_EQ(0, status);

	/* Bits outside the raise mask are the driver's own: refused. */
	bits = 0x100;
	EXPECT_EQ(-1, ioctl(self->fd, DCMD_EDU_RAISE, &bits));
	EXPECT_EQ(EINVAL, errno);
}

/*
 * Interrupts faster than the driver handles them: each arrives while
 * the last is masked and is held until the unmask, none is lost at the
 * end (the last raise is seen) and the device still works.
 */
TEST_F(drv, interrupt_storm)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLPRI };
	struct edu_events ev;
	uint32_t bits, v;
	int i;

	for (i = 0; i < 2000; i++) {
		bits = 1u << (16 + i % 15);
		ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_RAISE, &bits));
	}
	ASSERT_EQ(1, poll(&pfd, 1, WAIT_MS));
	ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_EVENTS, &ev));
	EXPECT_LE(1, ev.raised);
	EXPECT_GE(2000, ev.raised);
	/* A last one, on its own, arrives as itself. */
	bits = 0x80000000;
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_RAISE, &bits));
		ASSERT_EQ(1, poll(&pfd, 1, WAIT_MS));
		ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_EVENTS, &ev));
		if (ev.last_status == bits)
			break;
	}
	EXPECT_EQ(bits, ev.last_status);
	v = 10;
	ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_FACTORIAL, &v));
	EXPECT_EQ(3628800, v);
}

TEST_F(drv, second_driver_refused)
{
	char said[256];
	uint32_t v = 5;

	EXPECT_EQ(-1, start_example("edu", EDU_PATH, said, sizeof(said)));
	EXPECT_NE(NULL, strstr(said, "owned by another driver"))
		TH_LOG("the second driver said: %s", said);
	/* The first still serves. */
	ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_FACTORIAL, &v));
	EXPECT_EQ(120, v);
}

/*
 * The driver dies with a DMA in flight: its clients fail at once, the
 * kernel quiesces the device, and the next driver attaches and works.
 */
TEST_F(drv, killed_with_dma_in_flight)
{
	unsigned char buf[EDU_FILE], back[EDU_FILE];
	int p[2], i, status;
	pci_cmd_t cmd;
	pid_t writer;
	uint32_t v;

	ASSERT_EQ(0, pipe(p));
	writer = fork();
	if (writer == 0) {
		close(p[0]);
		memset(buf, 0x5a, sizeof(buf));
		for (i = 0;; i++) {
			if (pwrite(self->fd, buf, sizeof(buf), 0) != sizeof(buf))
				_exit(errno == 0 ? 99 : 0);
			if (i == 0 && write(p[1], "x", 1) != 1)
				_exit(98);
		}
	}
	close(p[1]);
	/* One write done: the writer has the next one on the device. */
	ASSERT_EQ(1, read(p[0], buf, 1));
	close(p[0]);
	kill(self->driver, SIGKILL);
	waitpid(self->driver, NULL, 0);
	self->driver = -1;
	/*
	 * Quiesced by the time the driver is reaped: VFIO's release turned
	 * bus mastering off, so a DMA still queued goes nowhere.
	 */
	ASSERT_EQ(PCI_ERR_OK, pci_device_read_cmd(pci_device_find(0, EDU_VID,
			EDU_DID, PCI_CCODE_ANY), &cmd));
	EXPECT_FALSE(cmd & PCI_COMMAND_BUS_MASTER_ENABLE) TH_LOG("cmd %#x", cmd);
	ASSERT_EQ(writer, waitpid(writer, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("writer status %#x", status);
	close(self->fd);
	self->fd = -1;

	self->driver = start_example("edu", EDU_PATH, NULL, 0);
	ASSERT_LT(0, self->driver);
	self->fd = open(EDU_PATH, O_RDWR);
	ASSERT_LE(0, self->fd);
	v = 7;
	ASSERT_EQ(0, ioctl(self->fd, DCMD_EDU_FACTORIAL, &v));
	EXPECT_EQ(5040, v);
	for (i = 0; i < EDU_FILE; i++)
		buf[i] = (unsigned char)i;
	ASSERT_EQ(EDU_FILE, pwrite(self->fd, buf, sizeof(buf), 0));
	ASSERT_EQ(EDU_FILE, pread(self->fd, back, sizeof(back), 0));
	EXPECT_EQ(0, memcmp(buf, back, sizeof(buf)));
}

/* ------------------------------------------------- in this process */

FIXTURE(dev) {
	pci_bdf_t bdf;
	pci_devhdl_t hdl;
	uintptr_t regs;
	size_t regs_len;
	int irq;
};
IRQ_VARIANTS(dev);

FIXTURE_SETUP(dev)
{
	pci_ba_t ba[7];
	int_t nba = 7, nirq = 1;
	pci_err_t err;
	void *p;

	self->hdl = NULL;
	NEED_VFIO();
	irq_variant(variant->intx);
	self->bdf = pci_device_find(0, EDU_VID, EDU_DID, PCI_CCODE_ANY);
	self->hdl = pci_device_attach(self->bdf,
				      pci_attachFlags_EXCLUSIVE_OWNER, &err);
	ASSERT_NE(NULL, self->hdl) TH_LOG("%s", pci_strerror(err));
	ASSERT_EQ(PCI_ERR_OK, pci_device_read_ba(self->hdl, &nba, ba,
						 pci_reqType_e_UNSPECIFIED));
	ASSERT_LE(1, nba);
	ASSERT_EQ(0, ba[0].bar_num);
	ASSERT_EQ(pci_asType_e_MEM, ba[0].type);
	p = mmap_device_memory(NULL, ba[0].size, PROT_READ | PROT_WRITE |
			       PROT_NOCACHE, 0, ba[0].addr);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("%s", strerror(errno));
	self->regs = (uintptr_t)p;
	self->regs_len = ba[0].size;
	ASSERT_EQ(PCI_ERR_OK, pci_device_read_irq(self->hdl, &nirq, &self->irq));
	out32(self->regs + EDU_IRQ_ACK, in32(self->regs + EDU_IRQ_STATUS));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->hdl)
		pci_device_detach(self->hdl);
}

TEST(pci_discovery)
{
	pci_vid_t vid;
	pci_did_t did;
	pci_ccode_t cc;
	pci_bdf_t bdf;
	uint32_t id;

	if (!getenv("RESMGR_IN_VM"))
		SKIP(return, "not in a VM");
	bdf = pci_device_find(0, EDU_VID, EDU_DID, PCI_CCODE_ANY);
	ASSERT_NE(PCI_BDF_NONE, bdf);
	ASSERT_EQ(PCI_ERR_OK, pci_device_read_vid(bdf, &vid));
	ASSERT_EQ(PCI_ERR_OK, pci_device_read_did(bdf, &did));
	EXPECT_EQ(EDU_VID, vid);
	EXPECT_EQ(EDU_DID, did);
	ASSERT_EQ(PCI_ERR_OK, pci_device_cfg_rd32(bdf, 0, &id));
	EXPECT_EQ((uint32_t)EDU_DID << 16 | EDU_VID, id);
	ASSERT_EQ(PCI_ERR_OK, pci_device_read_ccode(bdf, &cc));
	/* The same device found by vendor and class; one edu only. */
	EXPECT_EQ(bdf, pci_device_find(0, EDU_VID, PCI_DID_ANY, cc));
	EXPECT_EQ(PCI_BDF_NONE, pci_device_find(1, EDU_VID, EDU_DID,
						PCI_CCODE_ANY));
	EXPECT_EQ(PCI_BDF_NONE, pci_device_find(0, 0x1234, 0x0001,
						PCI_CCODE_ANY));
	EXPECT_EQ(PCI_ERR_EINVAL, pci_device_cfg_rd32(bdf, 2, &id));
	EXPECT_EQ(PCI_ERR_ENODEV, pci_device_read_vid(PCI_BDF(0xfe, 31, 7),
						      &vid));
}

/* A device bound to a kernel driver is never taken from it. */
TEST(attach_refuses_kernel_driver_device)
{
	pci_err_t err = 0;
	pci_bdf_t bdf;

	if (!getenv("RESMGR_IN_VM"))
		SKIP(return, "not in a VM");
	/* A virtio device: the VM's / rides on virtio's 9p transport. */
	bdf = pci_device_find(0, 0x1af4, PCI_DID_ANY, PCI_CCODE_ANY);
	ASSERT_NE(PCI_BDF_NONE, bdf);
	EXPECT_EQ(NULL, pci_device_attach(bdf, pci_attachFlags_EXCLUSIVE_OWNER,
					  &err));
	EXPECT_EQ(PCI_ERR_ATTACH_EXCLUSIVE, err);
}

TEST_F(dev, attach_is_exclusive)
{
	pci_err_t err = 0;
	pid_t pid;
	int status;

	/* In this process... */
	EXPECT_EQ(NULL, pci_device_attach(self->bdf,
					  pci_attachFlags_EXCLUSIVE_OWNER, &err));
	EXPECT_EQ(PCI_ERR_ATTACH_EXCLUSIVE, err);
	/* ...and in another. */
	pid = fork();
	if (pid == 0) {
		pci_devhdl_t h = pci_device_attach(self->bdf,
						   pci_attachFlags_MULTI_OWNER,
						   &err);
		_exit(!h && err == PCI_ERR_ATTACH_EXCLUSIVE ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
}

TEST_F(dev, registers_through_vfio)
{
	uint32_t v;

	EXPECT_EQ(0xed, in32(self->regs + EDU_IDENT) & 0xff);
	out32(self->regs + 0x04, 0xa5a5a5a5);
	EXPECT_EQ(~0xa5a5a5a5u, in32(self->regs + 0x04));
	out32(self->regs + EDU_FACT, 6);
	while (in32(self->regs + EDU_STATUS) & 1)
		;
	v = in32(self->regs + EDU_FACT);
	EXPECT_EQ(720, v);
}

/* DMA memory has a device address only while a device is behind the IOMMU. */
TEST(dma_memory_needs_iommu)
{
	pci_devhdl_t hdl;
	size_t contig = 0;
	pci_err_t err;
	off_t off = 0;
	int fd = 0;
	void *p;

	if (!getenv("RESMGR_IN_VM"))
		SKIP(return, "not in a VM");
	p = resmgr_mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_NOCACHE,
			MAP_PHYS | MAP_ANON, NOFD, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mem_offset(p, NOFD, 8192, &off, &contig));
	EXPECT_EQ(ENODEV, errno);
	if (!vfio_ready())
		SKIP(return, "no VFIO");
	hdl = pci_device_attach(pci_device_find(0, EDU_VID, EDU_DID,
						PCI_CCODE_ANY),
				pci_attachFlags_EXCLUSIVE_OWNER, &err);
	ASSERT_NE(NULL, hdl);
	ASSERT_EQ(0, mem_offset(p, NOFD, 8192, &off, &contig));
	EXPECT_EQ(8192, contig);
	EXPECT_NE(0, off);
	EXPECT_EQ(0, off & 4095);
	/* Inside the buffer, and contiguous to its end. */
	ASSERT_EQ(0, posix_mem_offset((char *)p + 100, 8000, &off, &contig,
				      &fd));
	EXPECT_EQ(NOFD, fd);
	EXPECT_EQ(8000, contig);
	/* Not DMA memory; part of a buffer cannot be unmapped. */
	EXPECT_EQ(-1, mem_offset(&fd, NOFD, 4, &off, &contig));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-1, resmgr_munmap(p, 4096));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, resmgr_munmap(p, 8192));
	EXPECT_EQ(-1, mem_offset(p, NOFD, 8192, &off, &contig));
	pci_device_detach(hdl);
}

/* The device copies between two DMA buffers through its own. */
TEST_F(dev, dma_through_the_iommu)
{
	struct sigevent ev;
	uint8_t *a, *b;
	off_t ia, ib;
	pci_cmd_t cmd;
	int id, i;

	a = resmgr_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PHYS | MAP_ANON,
			NOFD, 0);
	b = resmgr_mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			MAP_PHYS | MAP_ANON | MAP_BELOW16M, NOFD, 0);
	ASSERT_NE(MAP_FAILED, a);
	ASSERT_NE(MAP_FAILED, b);
	ASSERT_EQ(0, mem_offset(a, NOFD, 4096, &ia, NULL));
	ASSERT_EQ(0, mem_offset(b, NOFD, 4096, &ib, NULL));
	EXPECT_GT(1 << 24, ib);
	ASSERT_EQ(PCI_ERR_OK, pci_device_read_cmd(self->bdf, &cmd));
	ASSERT_EQ(PCI_ERR_OK, pci_device_write_cmd(self->hdl, cmd |
		  PCI_COMMAND_MEM_ENABLE | PCI_COMMAND_BUS_MASTER_ENABLE, &cmd));
	EXPECT_TRUE(cmd & PCI_COMMAND_BUS_MASTER_ENABLE);
	for (i = 0; i < 4096; i++)
		a[i] = (uint8_t)(i ^ 0x3c);
	memset(b, 0, 4096);

	SIGEV_INTR_INIT(&ev);
	id = InterruptAttachEvent(self->irq, &ev, _NTO_INTR_FLAGS_TRK_MSK);
	ASSERT_LT(0, id) TH_LOG("%s", strerror(errno));
	/* RAM -> device, then device -> the other buffer. */
	out32(self->regs + 0x80, (uint32_t)ia);
	out32(self->regs + 0x88, 0x40000);
	out32(self->regs + 0x90, EDU_FILE);
	out32(self->regs + 0x98, 0x1 | 0x4);
	uint64_t ns = (uint64_t)WAIT_MS * 1000000;

	ASSERT_EQ(0, InterruptWait(0, &ns));
	EXPECT_EQ(0x100, in32(self->regs + EDU_IRQ_STATUS));
	out32(self->regs + EDU_IRQ_ACK, 0x100);
	EXPECT_EQ(0, InterruptUnmask(self->irq, id));
	out32(self->regs + 0x80, 0x40000);
	out32(self->regs + 0x88, (uint32_t)ib);
	out32(self->regs + 0x90, EDU_FILE);
	out32(self->regs + 0x98, 0x1 | 0x2 | 0x4);
	ASSERT_EQ(0, InterruptWait(0, &ns));
	out32(self->regs + EDU_IRQ_ACK, in32(self->regs + EDU_IRQ_STATUS));
	EXPECT_EQ(0, memcmp(a, b, EDU_FILE));
	EXPECT_EQ(0, InterruptDetach(id));
}

/* Delivery masks: the next interrupt waits for InterruptUnmask(). */
TEST_F(dev, masked_until_unmask)
{
	uint64_t ns = (uint64_t)WAIT_MS * 1000000, brief = 300000000;
	struct sigevent ev;
	int id;

	SIGEV_INTR_INIT(&ev);
	id = InterruptAttachEvent(self->irq, &ev, _NTO_INTR_FLAGS_TRK_MSK);
	ASSERT_LT(0, id);
	out32(self->regs + EDU_IRQ_RAISE, 0x10000);
	ASSERT_EQ(0, InterruptWait(0, &ns));
	out32(self->regs + EDU_IRQ_ACK, 0x10000);
	/* Masked by the delivery: a second interrupt is held... */
	out32(self->regs + EDU_IRQ_RAISE, 0x20000);
	EXPECT_EQ(-1, InterruptWait(0, &brief));
	EXPECT_EQ(ETIMEDOUT, errno);
	/* ...and arrives at the unmask. */
	EXPECT_EQ(0, InterruptUnmask(self->irq, id));
	ASSERT_EQ(0, InterruptWait(0, &ns));
	out32(self->regs + EDU_IRQ_ACK, 0x20000);
	EXPECT_EQ(0, InterruptUnmask(self->irq, id));
	/* An explicit mask holds the same way; detach drops the id's masks. */
	EXPECT_EQ(1, InterruptMask(self->irq, id));
	out32(self->regs + EDU_IRQ_RAISE, 0x40000);
	EXPECT_EQ(-1, InterruptWait(0, &brief));
	EXPECT_EQ(0, InterruptDetach(id));
	out32(self->regs + EDU_IRQ_ACK, 0x40000);
	EXPECT_EQ(-1, InterruptDetach(id));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, InterruptMask(self->irq, id));
	/* Not a vector of this process. */
	EXPECT_EQ(-1, InterruptAttachEvent(5, &ev, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, InterruptAttachEvent(self->irq, &ev, 0x80000000u));
	EXPECT_EQ(EINVAL, errno);
}

static intrspin_t spin;
static volatile int handled;

static const struct sigevent *isr(void *area, int id)
{
	struct { uintptr_t regs; struct sigevent ev; } *a = area;
	uint32_t st = in32(a->regs + EDU_IRQ_STATUS);

	/* The handler acknowledges the device itself, as an ISR does. */
	out32(a->regs + EDU_IRQ_ACK, st);
	InterruptLock(&spin);
	handled++;
	InterruptUnlock(&spin);
	return &a->ev;
}

/* A handler in the process: it runs per interrupt, unmasked after. */
TEST_F(dev, handler_runs_per_interrupt)
{
	uint64_t ns = (uint64_t)WAIT_MS * 1000000;
	struct { uintptr_t regs; struct sigevent ev; } area;
	int id, i, seen;

	area.regs = self->regs;
	SIGEV_INTR_INIT(&area.ev);
	id = InterruptAttach(self->irq, isr, &area, sizeof(area),
			     _NTO_INTR_FLAGS_TRK_MSK);
	ASSERT_LT(0, id);
	for (i = 0; i < 20; i++) {
		out32(self->regs + EDU_IRQ_RAISE, 0x10000u << (i % 8));
		ASSERT_EQ(0, InterruptWait(0, &ns)) TH_LOG("interrupt %d", i);
	}
	InterruptLock(&spin);
	seen = handled;
	InterruptUnlock(&spin);
	EXPECT_LE(20, seen);
	/* InterruptDisable() holds handlers off. */
	InterruptDisable();
	out32(self->regs + EDU_IRQ_RAISE, 0x10000);
	usleep(100000);
	EXPECT_EQ(seen, handled);
	InterruptEnable();
	ASSERT_EQ(0, InterruptWait(0, &ns));
	EXPECT_EQ(0, InterruptDetach(id));
}

/* The device stays attached while an interrupt of it is attached. */
TEST_F(dev, detach_device_before_interrupt)
{
	uint64_t ns = (uint64_t)WAIT_MS * 1000000;
	struct sigevent ev;
	pci_devhdl_t again;
	pci_err_t err = 0;
	int id;

	SIGEV_INTR_INIT(&ev);
	id = InterruptAttachEvent(self->irq, &ev, 0);
	ASSERT_LT(0, id);
	EXPECT_EQ(PCI_ERR_OK, pci_device_detach(self->hdl));
	self->hdl = NULL;
	/* Its vector still names it, and it still interrupts. */
	EXPECT_EQ(NULL, pci_device_attach(self->bdf,
					  pci_attachFlags_EXCLUSIVE_OWNER, &err));
	EXPECT_EQ(PCI_ERR_ATTACH_EXCLUSIVE, err);
	out32(self->regs + EDU_IRQ_RAISE, 0x10000);
	ASSERT_EQ(0, InterruptWait(0, &ns));
	out32(self->regs + EDU_IRQ_ACK, 0x10000);
	/*
	 * The last detach lets it go, with the register mapping (which
	 * holds the VFIO device open, as any mapping holds its file).
	 */
	EXPECT_EQ(0, InterruptDetach(id));
	EXPECT_EQ(0, munmap_device_memory((void *)self->regs, self->regs_len));
	again = pci_device_attach(self->bdf, pci_attachFlags_EXCLUSIVE_OWNER,
				  &err);
	ASSERT_NE(NULL, again) TH_LOG("%s", pci_strerror(err));
	self->hdl = again;
}

static volatile int self_detached = -2;

static const struct sigevent *isr_detach(void *area, int id)
{
	struct { uintptr_t regs; struct sigevent ev; } *a = area;

	out32(a->regs + EDU_IRQ_ACK, in32(a->regs + EDU_IRQ_STATUS));
	self_detached = InterruptDetach(id);
	return &a->ev;
}

/* A handler may detach itself; its event is still delivered. */
TEST_F(dev, handler_detaches_itself)
{
	uint64_t ns = (uint64_t)WAIT_MS * 1000000, brief = 300000000;
	struct { uintptr_t regs; struct sigevent ev; } area;
	int id;

	area.regs = self->regs;
	SIGEV_INTR_INIT(&area.ev);
	id = InterruptAttach(self->irq, isr_detach, &area, sizeof(area), 0);
	ASSERT_LT(0, id);
	out32(self->regs + EDU_IRQ_RAISE, 0x10000);
	ASSERT_EQ(0, InterruptWait(0, &ns));
	EXPECT_EQ(0, self_detached);
	EXPECT_EQ(-1, InterruptDetach(id));
	/* Gone: the next interrupt reaches no one. */
	out32(self->regs + EDU_IRQ_RAISE, 0x20000);
	EXPECT_EQ(-1, InterruptWait(0, &brief));
	EXPECT_EQ(ETIMEDOUT, errno);
	/* And the vector can be attached again. */
	id = InterruptAttachThread(self->irq, 0);
	ASSERT_LT(0, id);
	out32(self->regs + EDU_IRQ_ACK, in32(self->regs + EDU_IRQ_STATUS));
	out32(self->regs + EDU_IRQ_RAISE, 0x40000);
	ASSERT_EQ(0, InterruptWait(0, &ns));
	out32(self->regs + EDU_IRQ_ACK, 0x40000);
	/* _NTO_INTR_WAIT_FLAGS_UNMASK: the thread's own mask goes first. */
	out32(self->regs + EDU_IRQ_RAISE, 0x80000);
	ASSERT_EQ(0, InterruptWait(_NTO_INTR_WAIT_FLAGS_UNMASK, &ns));
	out32(self->regs + EDU_IRQ_ACK, 0x80000);
	EXPECT_EQ(0, InterruptDetach(id));
}

static void on_usr1(int sig)
{
}

/* A signal ends InterruptWait() with EINTR; a bad flag is EINVAL. */
TEST_F(dev, wait_ends_on_signal)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct sigevent ev;
	pid_t me = getpid();
	pid_t kid;
	int id;

	sigaction(SIGUSR1, &sa, NULL);
	SIGEV_INTR_INIT(&ev);
	id = InterruptAttachEvent(self->irq, &ev, 0);
	ASSERT_LT(0, id);
	/* Signals until one lands while the wait is on. */
	kid = fork();
	if (kid == 0) {
		for (;;) {
			usleep(50000);
			kill(me, SIGUSR1);
		}
	}
	EXPECT_EQ(-1, InterruptWait(0, NULL));
	EXPECT_EQ(EINTR, errno);
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	EXPECT_EQ(-1, InterruptWait(0x100, NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, InterruptDetach(id));
}

TEST_HARNESS_MAIN
