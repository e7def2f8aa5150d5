/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where slogf() and slog2f() messages go: syslog(), unless the unit
 * tests put their own sink here.
 */
#ifndef _RESMGR_SLOG_H
#define _RESMGR_SLOG_H

extern void (*rm_slog_sink)(int priority, const char *msg)
	__attribute__((visibility("hidden")));

#endif
