// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Queues of blocked requests (struct waiter), oldest first: a port
 * answers its waiting reads and writes in the order they came.
 */
#include "serial.h"

void waitq_init(struct waitq *q)
{
	q->head = NULL;
	q->tail = &q->head;
}

void waitq_push(struct waitq *q, struct waiter *w)
{
	w->next = NULL;
	*q->tail = w;
	q->tail = &w->next;
}

struct waiter *waitq_pop(struct waitq *q)
{
	struct waiter *w = q->head;

	if (w) {
		q->head = w->next;
		if (!q->head)
			q->tail = &q->head;
	}
	return w;
}

struct waiter *waitq_take_if(struct waitq *q,
			     bool (*match)(const struct waiter *w, const void *arg),
			     const void *arg)
{
	struct waiter **pp, *w;

	for (pp = &q->head; (w = *pp); pp = &w->next) {
		if (!match(w, arg))
			continue;
		*pp = w->next;
		if (q->tail == &w->next)
			q->tail = pp;
		return w;
	}
	return NULL;
}

unsigned waitq_count(const struct waitq *q)
{
	const struct waiter *w;
	unsigned n = 0;

	for (w = q->head; w; w = w->next)
		n++;
	return n;
}
