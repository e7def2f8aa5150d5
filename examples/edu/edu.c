// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * edu - a QNX-style driver for QEMU's "edu" educational PCI device,
 * served at /dev/edu.
 *
 * Written as a QNX driver is: it finds the device with pci_device_find(),
 * attaches it, maps BAR 0 with mmap_device_memory(), allocates its DMA
 * buffer with mmap(MAP_PHYS | MAP_ANON) and mem_offset64(), and takes the
 * device's interrupt as a pulse into its dispatch loop with
 * InterruptAttachEvent(), unmasking once it has acknowledged the device.
 *
 *  - devctl(DCMD_EDU_FACTORIAL): the device computes n!; the client waits
 *    (_RESMGR_NOREPLY) until the device's completion interrupt.
 *  - read()/write(): DMA between the device's 4 KiB buffer and the DMA
 *    buffer, answered at the DMA-done interrupt.
 *  - devctl(DCMD_EDU_RAISE) has the device raise an interrupt; every open
 *    then polls POLLPRI until it collects it with DCMD_EDU_EVENTS.
 *
 * The device does one thing at a time, so requests queue and each is
 * started when the one before it completes.
 *
 *	edu [-i index] [path]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/neutrino.h>

struct edu_ocb;
#define IOFUNC_OCB_T	struct edu_ocb
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <hw/inout.h>
#include <pci/pci.h>

#include "edu_dcmd.h"

#define EDU_VID			0x1234
#define EDU_DID			0x11e8

/* Registers of BAR 0; the device takes 4-byte accesses only. */
#define EDU_IDENT		0x00
#define EDU_FACT		0x08
#define EDU_STATUS		0x20
#define  EDU_STATUS_BUSY	0x01
#define  EDU_STATUS_IRQ_FACT	0x80	/* interrupt when n! is done */
#define EDU_IRQ_STATUS		0x24
#define EDU_IRQ_RAISE		0x60
#define EDU_IRQ_ACK		0x64
#define  EDU_IRQ_FACT		0x00000001u
#define  EDU_IRQ_DMA		0x00000100u
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define  EDU_DMA_START		0x01
#define  EDU_DMA_TO_RAM		0x02
#define  EDU_DMA_IRQ		0x04
/*
 * The device's own buffer, in its DMA address space.  The DMA engine's
 * range check is off by one (QEMU up to 8.x: a transfer may not end at
 * the buffer's last byte, and one that does stops the whole machine), so
 * the file is the buffer less its last byte.
 */
#define EDU_BUF_ADDR		0x40000
#define EDU_BUF_SIZE		4095

struct edu_ocb {
	iofunc_ocb_t hdr;
	uint64_t seen;		/* raised interrupts collected */
};

enum edu_op { EDU_OP_FACT, EDU_OP_READ, EDU_OP_WRITE };

/* A request the device works on or will. */
struct edu_req {
	struct edu_req *next;
	enum edu_op op;
	int rcvid;
	struct edu_ocb *ocb;
	uint32_t arg;		/* n, or the byte count */
	uint32_t off;		/* offset in the device's buffer */
	uint32_t data;		/* where a write's data starts in its message */
	bool advance;		/* moves the open's offset (not pread/pwrite) */
};

static struct {
	iofunc_attr_t attr;
	iofunc_notify_t notify[3];
	volatile uint32_t *regs;
	size_t regs_len;
	void *dma;		/* the DMA buffer, as the CPU sees it */
	uint64_t dma_addr;	/* and as the device does */
	int irq, iid;
	struct edu_req *queue, **tail;	/* queue: the one in progress */
	uint64_t raised, interrupts;
	uint32_t last_status;
} edu;

static uint32_t rd(unsigned int reg)
{
	return in32((uintptr_t)edu.regs + reg);
}

static void wr(unsigned int reg, uint32_t v)
{
	out32((uintptr_t)edu.regs + reg, v);
}

static struct edu_ocb *edu_ocb_calloc(resmgr_context_t *ctp,
				      iofunc_attr_t *attr)
{
	struct edu_ocb *o = calloc(1, sizeof(*o));

	if (o)
		o->seen = edu.raised;	/* an open sees only later ones */
	return o;
}

static void edu_ocb_free(struct edu_ocb *o)
{
	free(o);
}

static iofunc_funcs_t edu_ocb_funcs = {
	.nfuncs = _IOFUNC_NFUNCS,
	.ocb_calloc = edu_ocb_calloc,
	.ocb_free = edu_ocb_free,
};

static iofunc_mount_t edu_mount = { .funcs = &edu_ocb_funcs };

static struct edu_req *edu_pop(void)
{
	struct edu_req *r = edu.queue;

	edu.queue = r->next;
	if (!edu.queue)
		edu.tail = &edu.queue;
	return r;
}

/* Start the request at the head of the queue on the device. */
static void edu_start(void)
{
	struct edu_req *r;

	/* A write's data goes into the one DMA buffer as it starts. */
	while ((r = edu.queue) && r->op == EDU_OP_WRITE &&
	       MsgRead(r->rcvid, edu.dma, r->arg, r->data) != (ssize_t)r->arg) {
		MsgError(r->rcvid, EFAULT);
		free(edu_pop());
	}
	if (!r)
		return;
	switch (r->op) {
	case EDU_OP_FACT:
		wr(EDU_STATUS, EDU_STATUS_IRQ_FACT);
		wr(EDU_FACT, r->arg);
		break;
	case EDU_OP_WRITE:
		wr(EDU_DMA_SRC, (uint32_t)edu.dma_addr);
		wr(EDU_DMA_DST, EDU_BUF_ADDR + r->off);
		wr(EDU_DMA_COUNT, r->arg);
		wr(EDU_DMA_CMD, EDU_DMA_START | EDU_DMA_IRQ);
		break;
	case EDU_OP_READ:
		wr(EDU_DMA_SRC, EDU_BUF_ADDR + r->off);
		wr(EDU_DMA_DST, (uint32_t)edu.dma_addr);
		wr(EDU_DMA_COUNT, r->arg);
		wr(EDU_DMA_CMD, EDU_DMA_START | EDU_DMA_TO_RAM | EDU_DMA_IRQ);
		break;
	}
}

static void edu_queue(struct edu_req *r)
{
	bool idle = !edu.queue;

	r->next = NULL;
	*edu.tail = r;
	edu.tail = &r->next;
	if (idle)
		edu_start();
}

/* The head request finished: answer it and start the next. */
static void edu_complete(void)
{
	struct edu_req *r = edu.queue;
	struct {
		struct _io_devctl_reply o;
		uint32_t val;
	} dr;

	if (!r)
		return;
	edu_pop();
	if (r->rcvid == -1)	/* its open closed meanwhile */
		r->op = -1;
	switch ((int)r->op) {
	case EDU_OP_FACT:
		memset(&dr, 0, sizeof(dr));
		dr.o.nbytes = sizeof(dr.val);
		dr.val = rd(EDU_FACT);
		MsgReply(r->rcvid, EOK, &dr, sizeof(dr));
		break;
	case EDU_OP_READ:
		if (r->advance)
			r->ocb->hdr.offset += r->arg;
		MsgReply(r->rcvid, (long)r->arg, edu.dma, r->arg);
		break;
	case EDU_OP_WRITE:
		if (r->advance)
			r->ocb->hdr.offset += r->arg;
		MsgReply(r->rcvid, (long)r->arg, NULL, 0);
		break;
	}
	free(r);
	edu_start();
}

/* The interrupt's pulse: see what the device did, then unmask. */
static int edu_intr(message_context_t *ctp, int code, unsigned int flags,
		    void *handle)
{
	uint32_t st = rd(EDU_IRQ_STATUS);

	wr(EDU_IRQ_ACK, st);
	InterruptUnmask(edu.irq, edu.iid);
	edu.interrupts++;
	if (st & EDU_RAISE_MASK) {
		edu.raised++;
		edu.last_status = st & EDU_RAISE_MASK;
		iofunc_notify_trigger(edu.notify, 1, IOFUNC_NOTIFY_OBAND);
	}
	if (st & (EDU_IRQ_FACT | EDU_IRQ_DMA))
		edu_complete();
	return 0;
}

/*
 * A read or write at @xtype's offset (pread/pwrite) or the open's, within
 * the device's buffer; @hdr_end is where the message's header ends.
 */
static int edu_rw(resmgr_context_t *ctp, struct edu_ocb *ocb, enum edu_op op,
		  size_t nbytes, uint32_t xtype, const void *hdr_end,
		  size_t hdr)
{
	bool advance = (xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE;
	uint64_t off = ocb->hdr.offset;
	struct edu_req *r;

	if (!advance) {
		if ((xtype & _IO_XTYPE_MASK) != _IO_XTYPE_OFFSET)
			return ENOSYS;
		if (((const struct _xtype_offset *)hdr_end)->offset < 0)
			return EINVAL;
		off = ((const struct _xtype_offset *)hdr_end)->offset;
		hdr += sizeof(struct _xtype_offset);
	}
	if (off >= EDU_BUF_SIZE || !nbytes) {
		if (op == EDU_OP_WRITE && nbytes)
			return ENOSPC;
		_IO_SET_READ_NBYTES(ctp, 0);
		return _RESMGR_NPARTS(0);
	}
	if (nbytes > EDU_BUF_SIZE - off)
		nbytes = EDU_BUF_SIZE - off;
	r = calloc(1, sizeof(*r));
	if (!r)
		return ENOMEM;
	r->op = op;
	r->rcvid = ctp->rcvid;
	r->ocb = ocb;
	r->arg = (uint32_t)nbytes;
	r->off = (uint32_t)off;
	r->data = (uint32_t)hdr;
	r->advance = advance;
	edu_queue(r);
	return _RESMGR_NOREPLY;
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg,
		   RESMGR_OCB_T *ocb)
{
	int status;

	if ((status = iofunc_read_verify(ctp, msg, &ocb->hdr, NULL)) != EOK)
		return status;
	return edu_rw(ctp, ocb, EDU_OP_READ, _IO_READ_GET_NBYTES(msg),
		      msg->i.xtype, &msg->i + 1, sizeof(msg->i));
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg,
		    RESMGR_OCB_T *ocb)
{
	int status;

	if ((status = iofunc_write_verify(ctp, msg, &ocb->hdr, NULL)) != EOK)
		return status;
	return edu_rw(ctp, ocb, EDU_OP_WRITE, _IO_WRITE_GET_NBYTES(msg),
		      msg->i.xtype, &msg->i + 1, sizeof(msg->i));
}

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		     RESMGR_OCB_T *ocb)
{
	struct edu_events ev;
	struct edu_req *r;
	int status, nbytes = 0;
	void *data;

	status = iofunc_devctl_default(ctp, msg, &ocb->hdr);
	if (status != _RESMGR_DEFAULT)
		return status;
	data = _DEVCTL_DATA(msg->i);

	switch (msg->i.dcmd) {
	case DCMD_EDU_IDENT:
		*(uint32_t *)data = rd(EDU_IDENT);
		nbytes = sizeof(uint32_t);
		break;
	case DCMD_EDU_FACTORIAL:
		r = calloc(1, sizeof(*r));
		if (!r)
			return ENOMEM;
		r->op = EDU_OP_FACT;
		r->rcvid = ctp->rcvid;
		r->ocb = ocb;
		r->arg = *(uint32_t *)data;
		edu_queue(r);
		return _RESMGR_NOREPLY;
	case DCMD_EDU_RAISE:
		if (!*(uint32_t *)data ||
		    (*(uint32_t *)data & ~EDU_RAISE_MASK))
			return EINVAL;
		wr(EDU_IRQ_RAISE, *(uint32_t *)data);
		break;
	case DCMD_EDU_EVENTS:
		memset(&ev, 0, sizeof(ev));
		ev.raised = edu.raised;
		ev.unseen = edu.raised - ocb->seen;
		ev.interrupts = edu.interrupts;
		ev.last_status = edu.last_status;
		ocb->seen = edu.raised;
		memcpy(data, &ev, sizeof(ev));
		nbytes = sizeof(ev);
		break;
	default:
		return ENOSYS;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

static int io_notify(resmgr_context_t *ctp, io_notify_t *msg,
		     RESMGR_OCB_T *ocb)
{
	int trig = _NOTIFY_COND_OUTPUT;

	if (!edu.queue)
		trig |= _NOTIFY_COND_INPUT;
	if (edu.raised != ocb->seen)
		trig |= _NOTIFY_COND_OBAND;
	return iofunc_notify(ctp, msg, edu.notify, trig, NULL, NULL);
}

static int io_close_ocb(resmgr_context_t *ctp, void *reserved,
			RESMGR_OCB_T *ocb)
{
	struct edu_req *r;

	/* A request of this open still on the device answers no one. */
	for (r = edu.queue; r; r = r->next)
		if (r->ocb == ocb)
			r->ocb = NULL, r->rcvid = -1;
	iofunc_notify_remove(ctp, edu.notify);
	return iofunc_close_ocb_default(ctp, reserved, &ocb->hdr);
}

static int edu_setup(int index)
{
	pci_ba_t ba[6];
	int_t nba = 6, nirq = 1, i;
	pci_devhdl_t hdl;
	pci_cmd_t cmd;
	pci_bdf_t bdf;
	pci_err_t err;
	off64_t phys;

	bdf = pci_device_find(index, EDU_VID, EDU_DID, PCI_CCODE_ANY);
	if (bdf == PCI_BDF_NONE) {
		fprintf(stderr, "edu: no edu device %d\n", index);
		return -1;
	}
	hdl = pci_device_attach(bdf, pci_attachFlags_EXCLUSIVE_OWNER, &err);
	if (!hdl) {
		fprintf(stderr, "edu: pci_device_attach: %s\n",
			pci_strerror(err));
		return -1;
	}
	err = pci_device_read_ba(hdl, &nba, ba, pci_reqType_e_UNSPECIFIED);
	for (i = 0; err == PCI_ERR_OK && i < nba; i++)
		if (ba[i].bar_num == 0 && ba[i].type == pci_asType_e_MEM)
			break;
	if (err != PCI_ERR_OK || i == nba) {
		fprintf(stderr, "edu: no BAR 0\n");
		return -1;
	}
	edu.regs_len = ba[i].size;
	edu.regs = mmap_device_memory(NULL, ba[i].size,
				      PROT_READ | PROT_WRITE | PROT_NOCACHE, 0,
				      ba[i].addr);
	if (edu.regs == MAP_FAILED) {
		perror("edu: mmap_device_memory");
		return -1;
	}
	if ((rd(EDU_IDENT) & 0xff) != 0xed) {
		fprintf(stderr, "edu: not an edu device\n");
		return -1;
	}
	err = pci_device_read_irq(hdl, &nirq, &edu.irq);
	if (err != PCI_ERR_OK) {
		fprintf(stderr, "edu: no interrupt: %s\n", pci_strerror(err));
		return -1;
	}
	/* The DMA buffer, and the address the device reaches it at. */
	edu.dma = mmap(NULL, EDU_BUF_SIZE,
		       PROT_READ | PROT_WRITE | PROT_NOCACHE,
		       MAP_PHYS | MAP_ANON, NOFD, 0);
	if (edu.dma == MAP_FAILED ||
	    mem_offset64(edu.dma, NOFD, EDU_BUF_SIZE, &phys, NULL) == -1) {
		perror("edu: DMA buffer");
		return -1;
	}
	edu.dma_addr = (uint64_t)phys;
	if (pci_device_read_cmd(bdf, &cmd) != PCI_ERR_OK ||
	    pci_device_write_cmd(hdl, cmd | PCI_COMMAND_MEM_ENABLE |
				 PCI_COMMAND_BUS_MASTER_ENABLE, &cmd) !=
	    PCI_ERR_OK) {
		fprintf(stderr, "edu: cannot enable bus mastering\n");
		return -1;
	}
	/* Whatever a previous driver left raised. */
	wr(EDU_IRQ_ACK, rd(EDU_IRQ_STATUS));
	return 0;
}

int main(int argc, char **argv)
{
	resmgr_connect_funcs_t connect_funcs;
	resmgr_io_funcs_t io_funcs;
	resmgr_attr_t rattr;
	dispatch_context_t *ctp;
	const char *path = "/dev/edu";
	struct sigevent ev;
	dispatch_t *dpp;
	int opt, index = 0, code, coid;

	while ((opt = getopt(argc, argv, "i:")) != -1) {
		if (opt != 'i') {
			fprintf(stderr, "usage: edu [-i index] [path]\n");
			return EXIT_FAILURE;
		}
		index = atoi(optarg);
	}
	if (optind < argc)
		path = argv[optind];

	if (ThreadCtl(_NTO_TCTL_IO, 0) == -1) {
		perror("edu: ThreadCtl");
		return EXIT_FAILURE;
	}
	if (edu_setup(index))
		return EXIT_FAILURE;
	edu.tail = &edu.queue;

	dpp = dispatch_create();
	if (!dpp) {
		perror("edu: dispatch_create");
		return EXIT_FAILURE;
	}
	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = 2;
	rattr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.devctl = io_devctl;
	io_funcs.notify = io_notify;
	io_funcs.close_ocb = io_close_ocb;
	iofunc_attr_init(&edu.attr, S_IFCHR | 0666, NULL, NULL);
	edu.attr.mount = &edu_mount;
	edu.attr.nbytes = EDU_BUF_SIZE;
	IOFUNC_NOTIFY_INIT(edu.notify);
	if (resmgr_attach(dpp, &rattr, path, _FTYPE_ANY, 0, &connect_funcs,
			  &io_funcs, &edu.attr) == -1) {
		fprintf(stderr, "edu: resmgr_attach %s: %s\n", path,
			strerror(errno));
		return EXIT_FAILURE;
	}

	/* The interrupt arrives as a pulse in the dispatch loop. */
	code = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, edu_intr, NULL);
	coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	if (code == -1 || coid == -1) {
		perror("edu: pulse");
		return EXIT_FAILURE;
	}
	SIGEV_PULSE_INIT(&ev, coid, SIGEV_PULSE_PRIO_INHERIT, code, 0);
	edu.iid = InterruptAttachEvent(edu.irq, &ev, _NTO_INTR_FLAGS_TRK_MSK);
	if (edu.iid == -1) {
		perror("edu: InterruptAttachEvent");
		return EXIT_FAILURE;
	}

	ctp = dispatch_context_alloc(dpp);
	if (!ctp) {
		perror("edu: dispatch_context_alloc");
		return EXIT_FAILURE;
	}
	printf("edu: ready at %s\n", path);
	fflush(stdout);
	for (;;) {
		ctp = dispatch_block(ctp);
		if (!ctp) {
			perror("edu: dispatch_block");
			return EXIT_FAILURE;
		}
		dispatch_handler(ctp);
	}
}
