// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: select()/poll() support in a FIFO-like device.  The attr
 * keeps an iofunc_notify_t[3] (IOFUNC_NOTIFY_INIT), io_notify answers
 * with iofunc_notify() and the conditions true now; a write wakes
 * readers waiting for at least that much data, a read wakes writers
 * waiting for that much room, with the two-argument
 * IOFUNC_NOTIFY_INPUT_CHECK(nop, cnt) and IOFUNC_NOTIFY_OUTPUT_CHECK(nop,
 * cnt) QNX's own managers use (and the three-argument form, whose last
 * argument says "a transition: wake anyone armed"); close_ocb removes the
 * open's entries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fifo;
#define IOFUNC_ATTR_T	struct fifo
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define FIFO_SIZE	1024

struct fifo {
	iofunc_attr_t attr;
	iofunc_notify_t notify[3];
	char buf[FIFO_SIZE];
	int len;
};

static struct fifo fifo;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

static void wake(struct fifo *f, int was_empty)
{
	int room = FIFO_SIZE - f->len;

	if (f->len && IOFUNC_NOTIFY_INPUT_CHECK(f->notify, f->len))
		iofunc_notify_trigger(f->notify, f->len, IOFUNC_NOTIFY_INPUT);
	if (room && IOFUNC_NOTIFY_OUTPUT_CHECK(f->notify, room))
		iofunc_notify_trigger(f->notify, room, IOFUNC_NOTIFY_OUTPUT);
	if (was_empty && f->len &&
	    IOFUNC_NOTIFY_OBAND_CHECK(f->notify, f->len, 1))
		iofunc_notify_trigger(f->notify, f->len, IOFUNC_NOTIFY_OBAND);
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct fifo *f = ocb->attr;
	int n = (int)msg->i.nbytes < f->len ? (int)msg->i.nbytes : f->len;
	static char out[FIFO_SIZE];
	int status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	memcpy(out, f->buf, n);
	memmove(f->buf, f->buf + n, f->len - n);
	f->len -= n;
	wake(f, 0);
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, out, n);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	struct fifo *f = ocb->attr;
	int n = (int)msg->i.nbytes;
	int was_empty = f->len == 0;
	int status;

	if ((status = iofunc_write_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	if (n > FIFO_SIZE - f->len)
		n = FIFO_SIZE - f->len;
	if (resmgr_msgread(ctp, f->buf + f->len, n, sizeof(msg->i)) < 0)
		return errno;
	f->len += n;
	wake(f, was_empty);
	_IO_SET_WRITE_NBYTES(ctp, n);
	return EOK;
}

static int io_notify(resmgr_context_t *ctp, io_notify_t *msg,
		     RESMGR_OCB_T *ocb)
{
	struct fifo *f = ocb->attr;
	int trig = 0;

	if (f->len)
		trig |= _NOTIFY_COND_INPUT;
	if (f->len < FIFO_SIZE)
		trig |= _NOTIFY_COND_OUTPUT;
	return iofunc_notify(ctp, msg, f->notify, trig, NULL, NULL);
}

static int io_close_ocb(resmgr_context_t *ctp, void *reserved,
			RESMGR_OCB_T *ocb)
{
	iofunc_notify_remove(ctp, ocb->attr->notify);
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

int main(int argc, char **argv)
{
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	if ((dpp = dispatch_create()) == NULL)
		return EXIT_FAILURE;
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.notify = io_notify;
	io_funcs.close_ocb = io_close_ocb;
	iofunc_attr_init(&fifo.attr, S_IFIFO | 0666, NULL, NULL);
	IOFUNC_NOTIFY_INIT(fifo.notify);

	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/fifo",
			  _FTYPE_ANY, 0, &connect_funcs, &io_funcs,
			  &fifo) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
