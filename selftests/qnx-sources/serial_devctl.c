// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a serial driver's io_devctl, the devc-ser way: the iofunc
 * default first, then a switch over get_device_command(msg->i.dcmd) with
 * get_device_command(DCMD_CHR_*) case labels (<sys/dcmd_chr.h>), the
 * modem lines through the _SERCTL_ and _LINESTATUS_ bits, a close_ocb
 * handler that ends with iofunc_close_ocb(), and the timer pulse read
 * as ctp->msg->pulse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <devctl.h>
#include <sys/dcmd_chr.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

struct port {
	iofunc_attr_t attr;
	struct termios tios;
	unsigned lines;		/* _LINESTATUS_* */
	int rx_count;
	int opens;
};

static struct port port;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		     iofunc_ocb_t *ocb)
{
	void *data = _DEVCTL_DATA(msg->i);
	int nbytes = 0, status, bits;

	if ((status = iofunc_devctl_default(ctp, msg, ocb)) !=
	    _RESMGR_DEFAULT)
		return status;

	switch (get_device_command(msg->i.dcmd)) {
	case get_device_command(DCMD_CHR_TCGETATTR):
		memcpy(data, &port.tios, sizeof(port.tios));
		nbytes = sizeof(port.tios);
		break;
	case get_device_command(DCMD_CHR_TCSETATTR):
	case get_device_command(DCMD_CHR_TCSETATTRD):
	case get_device_command(DCMD_CHR_TCSETATTRF):
		memcpy(&port.tios, data, sizeof(port.tios));
		break;
	case get_device_command(DCMD_CHR_SERCTL):
		memcpy(&bits, data, sizeof(bits));
		if (bits & _SERCTL_DTR_CHG)
			port.lines = (bits & _SERCTL_DTR) ?
				port.lines | _LINESTATUS_SER_DTR :
				port.lines & ~_LINESTATUS_SER_DTR;
		if (bits & _SERCTL_RTS_CHG)
			port.lines = (bits & _SERCTL_RTS) ?
				port.lines | _LINESTATUS_SER_RTS :
				port.lines & ~_LINESTATUS_SER_RTS;
		break;
	case get_device_command(DCMD_CHR_LINESTATUS):
		memcpy(data, &port.lines, sizeof(port.lines));
		nbytes = sizeof(port.lines);
		break;
	case get_device_command(DCMD_CHR_ISCHARS):
		memcpy(data, &port.rx_count, sizeof(port.rx_count));
		nbytes = sizeof(port.rx_count);
		break;
	case get_device_command(DCMD_CHR_TCDRAIN):
	case get_device_command(DCMD_CHR_ISATTY):
		break;
	default:
		return ENOTTY;
	}

	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

static int io_close_ocb(resmgr_context_t *ctp, void *reserved,
			iofunc_ocb_t *ocb)
{
	port.opens--;
	return iofunc_close_ocb(ctp, ocb, ocb->attr);
}

static int timer_tick(message_context_t *ctp, int code, unsigned flags,
		      void *handle)
{
	if (ctp->rcvid == 0 && ctp->msg->pulse.code == code)
		port.rx_count = 0;
	return 0;
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
	io_funcs.devctl = io_devctl;
	io_funcs.close_ocb = io_close_ocb;
	iofunc_attr_init(&port.attr, S_IFCHR | 0666, NULL, NULL);
	cfmakeraw(&port.tios);

	if (pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, timer_tick, NULL) == -1 ||
	    resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/ser1",
			  _FTYPE_ANY, 0, &connect_funcs, &io_funcs,
			  &port.attr) == -1) {
		perror("attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
