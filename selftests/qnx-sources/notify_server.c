// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: select()/poll() support in a queue-like device.  The attr
 * keeps an iofunc_notify_t[3] (IOFUNC_NOTIFY_INIT), io_notify answers
 * with iofunc_notify() and the conditions true now, a write that makes
 * data available triggers the armed readers (IOFUNC_NOTIFY_INPUT_CHECK,
 * iofunc_notify_trigger()), and close_ocb removes the open's entries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct queue;
#define IOFUNC_ATTR_T	struct queue
#include <sys/iofunc.h>
#include <sys/dispatch.h>

struct queue {
	iofunc_attr_t attr;
	iofunc_notify_t notify[3];
	char data[512];
	int used;
};

static struct queue queue;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

static int io_notify(resmgr_context_t *ctp, io_notify_t *msg,
		     RESMGR_OCB_T *ocb)
{
	struct queue *q = ocb->attr;
	int trig = 0;

	if (q->used > 0)
		trig |= _NOTIFY_COND_INPUT;
	if (q->used < (int)sizeof(q->data))
		trig |= _NOTIFY_COND_OUTPUT;
	return iofunc_notify(ctp, msg, q->notify, trig, NULL, NULL);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	struct queue *q = ocb->attr;
	int room = (int)sizeof(q->data) - q->used;
	int nbytes = (int)_IO_WRITE_GET_NBYTES(msg);
	int status;

	if ((status = iofunc_write_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	if (nbytes > room)
		nbytes = room;
	if (resmgr_msgread(ctp, q->data + q->used, nbytes, sizeof(msg->i)) < 0)
		return errno;
	q->used += nbytes;

	if (IOFUNC_NOTIFY_INPUT_CHECK(q->notify, q->used, 0))
		iofunc_notify_trigger(q->notify, q->used, IOFUNC_NOTIFY_INPUT);

	_IO_SET_WRITE_NBYTES(ctp, nbytes);
	return EOK;
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
	io_funcs.notify = io_notify;
	io_funcs.write = io_write;
	io_funcs.close_ocb = io_close_ocb;

	iofunc_attr_init(&queue.attr, S_IFCHR | 0666, NULL, NULL);
	IOFUNC_NOTIFY_INIT(queue.notify);

	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/queue",
			  _FTYPE_ANY, 0, &connect_funcs, &io_funcs,
			  &queue) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
