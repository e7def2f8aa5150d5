/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <signal.h> (libresmgr compat): libc's own, plus QNX's members and
 * kinds of struct sigevent, which QNX's <signal.h> brings in.
 */
#include_next <signal.h>

#ifndef _RESMGR_COMPAT_SIGNAL_H
#define _RESMGR_COMPAT_SIGNAL_H
#include <sys/siginfo.h>
#endif
