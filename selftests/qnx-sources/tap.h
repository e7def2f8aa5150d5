/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * TAP for the corpus programs that run on the host: plan(n), then one
 * ok(cond, name) per check; main returns tap_done(), 0 when all passed.
 * Not part of any QNX pattern; the only thing the programs share.
 */
#ifndef QNX_SOURCES_TAP_H
#define QNX_SOURCES_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

static inline void plan(int n)
{
	printf("1..%d\n", n);
}

static inline void ok(int cond, const char *what)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
}

static inline int tap_done(void)
{
	return tap_failed ? 1 : 0;
}

#endif
