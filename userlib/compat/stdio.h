/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <stdio.h> with QNX's additions (libresmgr compat): libc's own, and
 * getopt(), optarg, optind, opterr and optopt, which QNX's <stdio.h>
 * declares (as POSIX.2 once required) and glibc's only does for old
 * X/Open programs.  With glibc these five names come from glibc's own
 * declarations (<bits/getopt_posix.h>, what its <unistd.h> uses), so
 * they are the same ones and nothing else of <unistd.h> comes along.
 * Elsewhere <unistd.h> is included.
 */
#include_next <stdio.h>

/* Only after the whole of libc's header (not one of its __need_ parts). */
#if !defined(_RESMGR_COMPAT_STDIO_H) && \
	(defined(_STDIO_H) || !defined(__GLIBC__))
#define _RESMGR_COMPAT_STDIO_H

#ifdef __GLIBC__
#include <bits/getopt_posix.h>
#else
#include <unistd.h>
#endif

#endif /* _RESMGR_COMPAT_STDIO_H */
