// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device control of a port (serial_dcmd.h): its line settings and its
 * line status.  DCMD_ALL_GETFLAGS/SETFLAGS are the iofunc layer's.
 */
#include <errno.h>
#include <string.h>

#include "serial.h"

/* The rates a port accepts, as termios knows them. */
static const uint32_t serial_bauds[] = {
	50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600,
	19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600,
	1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000,
	4000000,
};

static bool config_valid(const struct serial_config *c)
{
	size_t i;

	if (c->data_bits < 5 || c->data_bits > 8 ||
	    c->parity > SERIAL_PARITY_SPACE ||
	    (c->stop_bits != 1 && c->stop_bits != 2) || c->reserved)
		return false;
	for (i = 0; i < sizeof(serial_bauds) / sizeof(serial_bauds[0]); i++)
		if (serial_bauds[i] == c->baud)
			return true;
	return false;
}

static bool config_equal(const struct serial_config *a,
			 const struct serial_config *b)
{
	return a->baud == b->baud && a->data_bits == b->data_bits &&
	       a->parity == b->parity && a->stop_bits == b->stop_bits;
}

static uint32_t clamp_u32(size_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Both ports' locks held. */
static void port_linestatus(const struct port *p, struct serial_linestatus *ls)
{
	const struct port *peer = p->peer;

	memset(ls, 0, sizeof(*ls));
	ls->rx_avail = clamp_u32(p->rx.len);
	ls->tx_room = p->writers.head ? 0 : clamp_u32(ring_room(&peer->rx));
	ls->ring_size = clamp_u32(p->rx.size);
	ls->readers_waiting = waitq_count(&p->readers);
	ls->writers_waiting = waitq_count(&p->writers);
	if (peer->attr.count)
		ls->flags |= SERIAL_LS_DCD;
	if (!config_equal(&p->config, &peer->config))
		ls->flags |= SERIAL_LS_MISMATCH;
	ls->rx_total = p->rx_total;
	ls->tx_total = p->tx_total;
}

int port_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	struct port *p = ocb->attr;
	void *data = _DEVCTL_DATA(msg->i);
	struct serial_linestatus ls;
	struct serial_config cfg;
	int ret, status = 0;
	size_t n = 0;

	ret = iofunc_devctl_default(ctp, msg, ocb);
	if (ret != _RESMGR_DEFAULT)
		return ret;

	switch (msg->i.dcmd) {
	case SERIAL_DCMD_SET_CONFIG:
		if (!(ocb->ioflag & _IO_FLAG_WR))
			return EBADF;
		if (resmgr_msgread(ctp, &cfg, sizeof(cfg), sizeof(msg->i)) !=
		    (ssize_t)sizeof(cfg))
			return EFAULT;
		if (!config_valid(&cfg))
			return EINVAL;
		p->config = cfg;	/* our own lock is held (lock_ocb) */
		break;
	case SERIAL_DCMD_GET_CONFIG:
		memcpy(data, &p->config, sizeof(p->config));
		n = sizeof(p->config);
		break;
	case SERIAL_DCMD_GET_LINESTATUS:
		port_lock_peer(p);
		port_linestatus(p, &ls);
		port_unlock_peer(p);
		memcpy(data, &ls, sizeof(ls));
		n = sizeof(ls);
		status = ls.rx_avail > INT32_MAX ? INT32_MAX : (int)ls.rx_avail;
		break;
	default:
		return _RESMGR_DEFAULT;	/* the client gets ENOTTY */
	}

	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.ret_val = status;
	msg->o.nbytes = n;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + n);
}
