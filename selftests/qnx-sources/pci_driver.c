// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: the start of a QNX 7 PCI driver, as the PCI server and
 * interrupt chapters show it: pci_device_find() by vendor and device,
 * pci_device_attach() as the exclusive owner, pci_device_read_ba() and
 * mmap_device_memory() of the first memory BAR, pci_device_read_irq()
 * and InterruptAttachEvent() with a pulse to the driver's own channel,
 * InterruptUnmask() after each, a DMA buffer from mmap() with
 * MAP_PHYS | MAP_ANON and its device address from mem_offset64(), bus
 * mastering on through pci_device_write_cmd(), and everything given back
 * in reverse.  Given a vendor and a device id in hex, it waits for that
 * many interrupts of the device (it needs a machine with the device;
 * selftests/edu_test runs the same calls on QEMU's edu device).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/netmgr.h>
#include <sys/neutrino.h>
#include <sys/siginfo.h>
#include <hw/inout.h>
#include <pci/pci.h>

#define PULSE_CODE_INTR		(_PULSE_CODE_MINAVAIL + 1)
#define DMA_SIZE		(4 * 4096)

int main(int argc, char **argv)
{
	pci_ba_t ba[7];
	int_t nba = 7, nirq = 1, i, bar = -1;
	pci_irq_t irq;
	pci_devhdl_t hdl;
	pci_bdf_t bdf;
	pci_cmd_t cmd;
	pci_err_t err;
	struct sigevent ev;
	struct _pulse pulse;
	off64_t dma_phys;
	size_t contig;
	uintptr_t regs = 0;
	void *p, *dma;
	int chid, coid, id, count;

	if (argc < 4) {
		fprintf(stderr, "usage: %s <vid-hex> <did-hex> <interrupts>\n",
			argv[0]);
		return EXIT_FAILURE;
	}
	count = atoi(argv[3]);

	if (ThreadCtl(_NTO_TCTL_IO, 0) == -1) {
		fprintf(stderr, "%s: no I/O privilege: %s\n", argv[0],
			strerror(errno));
		return EXIT_FAILURE;
	}

	bdf = pci_device_find(0, (pci_vid_t)strtoul(argv[1], NULL, 16),
			      (pci_did_t)strtoul(argv[2], NULL, 16),
			      PCI_CCODE_ANY);
	if (bdf == PCI_BDF_NONE) {
		fprintf(stderr, "%s: no such device\n", argv[0]);
		return EXIT_FAILURE;
	}
	printf("device at B%u:D%u:F%u\n", (unsigned)PCI_BUS(bdf),
	       (unsigned)PCI_DEV(bdf), (unsigned)PCI_FUNC(bdf));

	hdl = pci_device_attach(bdf, pci_attachFlags_EXCLUSIVE_OWNER, &err);
	if (hdl == NULL) {
		fprintf(stderr, "%s: pci_device_attach: %s\n", argv[0],
			pci_strerror(err));
		return EXIT_FAILURE;
	}

	err = pci_device_read_ba(hdl, &nba, ba, pci_reqType_e_UNSPECIFIED);
	if (err != PCI_ERR_OK) {
		fprintf(stderr, "%s: pci_device_read_ba: %s\n", argv[0],
			pci_strerror(err));
		return EXIT_FAILURE;
	}
	for (i = 0; i < nba; i++) {
		if (ba[i].type != pci_asType_e_MEM ||
		    (ba[i].attr & pci_asAttr_e_EXPANSION_ROM))
			continue;
		p = mmap_device_memory(NULL, ba[i].size,
				       PROT_READ | PROT_WRITE | PROT_NOCACHE, 0,
				       ba[i].addr);
		if (p == MAP_FAILED) {
			perror("mmap_device_memory");
			return EXIT_FAILURE;
		}
		regs = (uintptr_t)p;
		bar = i;
		printf("BAR %d: %#llx, %llu bytes; first register %#x\n",
		       (int)ba[i].bar_num, (unsigned long long)ba[i].addr,
		       (unsigned long long)ba[i].size, in32(regs));
		break;
	}

	/* A DMA buffer and the address the device uses for it. */
	dma = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE | PROT_NOCACHE,
		   MAP_PHYS | MAP_ANON, NOFD, 0);
	if (dma == MAP_FAILED ||
	    mem_offset64(dma, NOFD, DMA_SIZE, &dma_phys, &contig) == -1) {
		perror("DMA buffer");
		return EXIT_FAILURE;
	}
	printf("DMA buffer at %#llx, %zu bytes contiguous\n",
	       (unsigned long long)dma_phys, contig);
	if (pci_device_read_cmd(bdf, &cmd) != PCI_ERR_OK ||
	    pci_device_write_cmd(hdl, cmd | PCI_COMMAND_MEM_ENABLE |
				 PCI_COMMAND_BUS_MASTER_ENABLE,
				 &cmd) != PCI_ERR_OK) {
		fprintf(stderr, "%s: cannot enable bus mastering\n", argv[0]);
		return EXIT_FAILURE;
	}

	err = pci_device_read_irq(hdl, &nirq, &irq);
	if (err != PCI_ERR_OK) {
		fprintf(stderr, "%s: pci_device_read_irq: %s\n", argv[0],
			pci_strerror(err));
		return EXIT_FAILURE;
	}
	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	if (chid == -1 || coid == -1) {
		perror("channel");
		return EXIT_FAILURE;
	}
	SIGEV_PULSE_INIT(&ev, coid, SIGEV_PULSE_PRIO_INHERIT, PULSE_CODE_INTR,
			 0);
	id = InterruptAttachEvent(irq, &ev, _NTO_INTR_FLAGS_TRK_MSK);
	if (id == -1) {
		perror("InterruptAttachEvent");
		return EXIT_FAILURE;
	}

	for (i = 0; i < count; i++) {
		if (MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL) == -1) {
			perror("MsgReceivePulse");
			break;
		}
		if (pulse.code != PULSE_CODE_INTR)
			continue;
		/* The device's own acknowledge goes here. */
		printf("interrupt %d\n", i + 1);
		InterruptUnmask(irq, id);
	}

	InterruptDetach(id);
	ConnectDetach(coid);
	ChannelDestroy(chid);
	munmap(dma, DMA_SIZE);
	if (bar >= 0)
		munmap_device_memory((void *)regs, ba[bar].size);
	pci_device_detach(hdl);
	return EXIT_SUCCESS;
}
