// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sample - the classic QNX "hello world" resource manager.
 *
 * Serves /dev/sample (or argv[1]): reading gives a line of text, with
 * lseek() and pread() working on it; writes are accepted and logged; and
 * devctl()/ioctl() answers the commands in sample_dcmd.h (a counter to
 * set and read, the length of the text) besides the iofunc layer's
 * DCMD_ALL_GETFLAGS/SETFLAGS.  Written as a QNX developer writes one:
 * only the build line differs.
 *
 * stdout gets one line per event, flushed at once, for scripts:
 *	sample: ready			attached, serving
 *	sample: open
 *	sample: stat			a stat()/fstat() (open + close inside)
 *	sample: write <n> bytes: <data>
 *	sample: devctl <dcmd>		a devctl()/ioctl(): the command's name
 *					(SAMPLE_DCMD_..., DCMD_ALL_...), else
 *					its number as 0x%08x
 *	sample: close_dup		a close(2)
 *	sample: close_ocb		the last close of an open
 * and on SIGUSR1, the totals.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>
#include <devctl.h>

#include "sample_dcmd.h"

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;

static char text[256];
static size_t text_len;
static int counter;

static volatile sig_atomic_t n_open, n_close_dup, n_close_ocb;

static void event(const char *what)
{
	printf("sample: %s\n", what);
	fflush(stdout);
}

/* Async-signal-safe: write(2) and hand-made numbers only. */
static char *put_num(char *p, unsigned long v)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (i)
		*p++ = tmp[--i];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static void report(int sig)
{
	char line[128], *p = line;

	p = put_str(p, "sample: totals: ");
	p = put_num(p, n_open);
	p = put_str(p, " opens, ");
	p = put_num(p, n_close_dup);
	p = put_str(p, " closes, ");
	p = put_num(p, n_close_ocb);
	p = put_str(p, " last closes\n");
	if (write(STDOUT_FILENO, line, p - line) < 0)
		return;
}

/*
 * stat() arrives as an open that is closed again at once (a combine
 * message); report it as one "stat" rather than as an open and a close.
 */
static bool is_stat(const io_open_t *msg)
{
	return msg->connect.subtype == _IO_CONNECT_COMBINE_CLOSE;
}

static int io_open(resmgr_context_t *ctp, io_open_t *msg,
		   RESMGR_HANDLE_T *handle, void *extra)
{
	int status = iofunc_open_default(ctp, msg, handle, extra);

	if (status == EOK && is_stat(msg)) {
		event("stat");
	} else if (status == EOK) {
		n_open++;
		event("open");
	}
	return status;
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	size_t nleft, nbytes;
	int nonblock, status;
	off_t off;

	if ((status = iofunc_read_verify(ctp, msg, ocb, &nonblock)) != EOK)
		return status;

	switch (msg->i.xtype & _IO_XTYPE_MASK) {
	case _IO_XTYPE_NONE:
		off = ocb->offset;
		break;
	case _IO_XTYPE_OFFSET:
		/* pread(): the position follows the header; the OCB's stays. */
		off = ((struct _xtype_offset *)(&msg->i + 1))->offset;
		break;
	default:
		return ENOSYS;
	}

	nleft = (size_t)off < text_len ? text_len - off : 0;
	nbytes = nleft < _IO_READ_GET_NBYTES(msg) ? nleft : _IO_READ_GET_NBYTES(msg);
	_IO_SET_READ_NBYTES(ctp, nbytes);
	if (nbytes == 0)
		return _RESMGR_NPARTS(0);

	SETIOV(ctp->iov, text + off, nbytes);
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset += nbytes;
	ocb->attr->flags |= IOFUNC_ATTR_ATIME;
	return _RESMGR_NPARTS(1);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	size_t nbytes = _IO_WRITE_GET_NBYTES(msg), done = 0, skip, shown = 0;
	char buf[4096];
	ssize_t n;
	int status;

	if ((status = iofunc_write_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;

	switch (msg->i.xtype & _IO_XTYPE_MASK) {
	case _IO_XTYPE_NONE:
		skip = sizeof(msg->i);
		break;
	case _IO_XTYPE_OFFSET:
		skip = sizeof(msg->i) + sizeof(struct _xtype_offset);
		break;
	default:
		return ENOSYS;
	}

	/* Take all of it; show the start. */
	while (done < nbytes) {
		n = resmgr_msgread(ctp, buf, nbytes - done < sizeof(buf) ?
				   nbytes - done : sizeof(buf), skip + done);
		if (n < 0)
			return errno;
		if (n == 0)
			break;
		if (done == 0) {
			shown = n;
			while (shown && buf[shown - 1] == '\n')
				shown--;
		}
		done += n;
	}
	if (nbytes)
		ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	printf("sample: write %zu bytes: %.*s\n", done, (int)shown, buf);
	fflush(stdout);

	_IO_SET_WRITE_NBYTES(ctp, done);
	return _RESMGR_NPARTS(0);
}

static void devctl_event(unsigned dcmd)
{
	switch (dcmd) {
	case SAMPLE_DCMD_GET_GREETING_LEN:
		event("devctl SAMPLE_DCMD_GET_GREETING_LEN");
		break;
	case SAMPLE_DCMD_SET_COUNTER:
		event("devctl SAMPLE_DCMD_SET_COUNTER");
		break;
	case SAMPLE_DCMD_GET_COUNTER:
		event("devctl SAMPLE_DCMD_GET_COUNTER");
		break;
	case DCMD_ALL_GETFLAGS:
		event("devctl DCMD_ALL_GETFLAGS");
		break;
	case DCMD_ALL_SETFLAGS:
		event("devctl DCMD_ALL_SETFLAGS");
		break;
	default:
		printf("sample: devctl 0x%08x\n", dcmd);
		fflush(stdout);
		break;
	}
}

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		     RESMGR_OCB_T *ocb)
{
	int status, nbytes = 0;
	void *data;

	devctl_event(msg->i.dcmd);

	/* DCMD_ALL_* (fcntl-style flags) are the iofunc layer's. */
	if ((status = iofunc_devctl_default(ctp, msg, ocb)) != _RESMGR_DEFAULT)
		return status;

	/* The data the client sent, and where the reply's data goes. */
	data = _DEVCTL_DATA(msg->i);

	switch (msg->i.dcmd) {
	case SAMPLE_DCMD_GET_GREETING_LEN:
		*(int *)data = (int)text_len;
		nbytes = sizeof(int);
		break;
	case SAMPLE_DCMD_SET_COUNTER:
		if (!(ocb->ioflag & _IO_FLAG_WR))
			return EBADF;
		counter = *(int *)data;
		break;
	case SAMPLE_DCMD_GET_COUNTER:
		*(int *)data = counter;
		nbytes = sizeof(int);
		break;
	default:
		return ENOSYS;
	}

	/* msg->o overlays msg->i: everything needed from it is read by now. */
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.ret_val = 0;
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

static int io_close_dup(resmgr_context_t *ctp, io_close_t *msg,
			RESMGR_OCB_T *ocb)
{
	n_close_dup++;
	event("close_dup");
	return iofunc_close_dup_default(ctp, msg, ocb);
}

/* An OCB opened for neither reading nor writing is a stat()'s. */
static int io_close_ocb(resmgr_context_t *ctp, void *reserved,
			RESMGR_OCB_T *ocb)
{
	if (ocb->ioflag & (_IO_FLAG_RD | _IO_FLAG_WR)) {
		n_close_ocb++;
		event("close_ocb");
	}
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/sample";
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	struct sigaction sa;
	dispatch_t *dpp;
	int id;

	text_len = snprintf(text, sizeof(text), "Hello from %s\n", path);
	if (text_len >= sizeof(text))
		text_len = sizeof(text) - 1;

	if ((dpp = dispatch_create()) == NULL) {
		fprintf(stderr, "%s: Unable to allocate dispatch handle: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = io_open;
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.devctl = io_devctl;
	io_funcs.close_dup = io_close_dup;
	io_funcs.close_ocb = io_close_ocb;

	iofunc_attr_init(&attr, S_IFNAM | 0666, 0, 0);
	attr.nbytes = text_len;

	id = resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &attr);
	if (id == -1) {
		fprintf(stderr, "%s: Unable to attach name %s: %s\n", argv[0],
			path, strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = report;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);

	ctp = dispatch_context_alloc(dpp);
	if (ctp == NULL) {
		fprintf(stderr, "%s: Unable to allocate a context: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}
	event("ready");

	while (1) {
		if ((ctp = dispatch_block(ctp)) == NULL) {
			fprintf(stderr, "%s: block error: %s\n", argv[0],
				strerror(errno));
			return EXIT_FAILURE;
		}
		dispatch_handler(ctp);
	}
}
