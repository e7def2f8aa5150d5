/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * serial.h - the serial example's own types: a bounded byte ring, the
 * requests a port keeps waiting, and a port.
 *
 * Locking, as on QNX: each port's fields are guarded by its attr lock
 * (iofunc_attr_lock(); the library's default lock_ocb takes it around
 * every I/O handler).  Moving bytes along the line touches both ports
 * (a write on one fills the other's receive ring), so the data handlers
 * take the peer's lock as well, always in port order (port_lock_peer()).
 */
#ifndef SERIAL_H
#define SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct port;
#define IOFUNC_ATTR_T	struct port
#define THREAD_POOL_PARAM_T	dispatch_context_t
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#include "serial_dcmd.h"

/* A bounded FIFO of bytes (one direction of the line). */
struct ring {
	unsigned char *buf;
	size_t size;
	size_t head;		/* where the oldest byte is */
	size_t len;		/* bytes held */
};

int ring_init(struct ring *r, size_t size);
size_t ring_room(const struct ring *r);
/* The oldest @n bytes (n <= len) as up to two iov parts; returns parts. */
int ring_data_iov(const struct ring *r, size_t n, iov_t iov[2]);
/* Free space for @n bytes (n <= room) as up to two iov parts. */
int ring_room_iov(const struct ring *r, size_t n, iov_t iov[2]);
/* The oldest @n bytes were taken / @n bytes were put in the room. */
void ring_consume(struct ring *r, size_t n);
void ring_commit(struct ring *r, size_t n);

/* A read or write that could not finish yet: its client stays blocked. */
struct waiter {
	struct waiter *next;
	int rcvid;
	RESMGR_OCB_T *ocb;
	size_t nbytes;		/* asked for (read) or to be written (write) */
	size_t done;		/* write: bytes already in the ring */
	size_t data_off;	/* write: where the data starts in the message */
};

/* Waiters in arrival order. */
struct waitq {
	struct waiter *head;
	struct waiter **tail;
};

void waitq_init(struct waitq *q);
void waitq_push(struct waitq *q, struct waiter *w);
struct waiter *waitq_pop(struct waitq *q);
/* Unlink and return the oldest waiter @match accepts, or NULL. */
struct waiter *waitq_take_if(struct waitq *q,
			     bool (*match)(const struct waiter *w, const void *arg),
			     const void *arg);
unsigned waitq_count(const struct waitq *q);

/* One end of the null-modem cable. */
struct port {
	iofunc_attr_t attr;	/* first: the library sees an iofunc_attr_t */
	iofunc_notify_t notify[3];
	struct port *peer;
	unsigned index;		/* lock order */
	struct ring rx;		/* written on the peer, read here */
	struct waitq readers;	/* reads here waiting for rx data */
	struct waitq writers;	/* writes here waiting for room in peer->rx */
	struct serial_config config;
	uint64_t rx_total;
	uint64_t tx_total;
};

/* Connect @a and @b with rings of @ring_size bytes each way. */
int port_pair_init(struct port *a, struct port *b, size_t ring_size);
void port_lock_peer(struct port *p);
void port_unlock_peer(struct port *p);
/* Fill in the I/O handlers the ports need (after iofunc_func_init()). */
void port_set_io_funcs(resmgr_io_funcs_t *io);

int port_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb);

#endif /* SERIAL_H */
