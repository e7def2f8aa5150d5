/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/slog.h> - the system logger, QNX's slogger, mapped onto syslog(3)
 * (and so the journal, where one runs).
 *
 *	slogf(_SLOG_SETCODE(_SLOGC_CHAR, 0), _SLOG_ERROR, "ser%d: %s", n, why);
 *
 * Each message goes to syslog() with the priority of its severity
 * (_SLOG_SHUTDOWN: LOG_EMERG, _SLOG_CRITICAL: LOG_CRIT, _SLOG_ERROR:
 * LOG_ERR, _SLOG_WARNING: LOG_WARNING, _SLOG_NOTICE: LOG_NOTICE,
 * _SLOG_INFO: LOG_INFO, _SLOG_DEBUG1/2: LOG_DEBUG) and the opcode in
 * front, "[major.minor] text"; with _SLOG_TEXTBIT in the severity it is
 * written to stderr as well, as on QNX.  The severities' values (0 most
 * severe to 7) and the opcode layout are libresmgr's own.
 */
#ifndef _SYS_SLOG_H
#define _SYS_SLOG_H

#include <stdarg.h>
#include <sys/resmgr_cdefs.h>
#include <sys/slogcodes.h>

#define _SLOG_SHUTDOWN	0	/* shut the system down now */
#define _SLOG_CRITICAL	1	/* unexpected, unrecoverable */
#define _SLOG_ERROR	2	/* unexpected, recoverable */
#define _SLOG_WARNING	3	/* expected error */
#define _SLOG_NOTICE	4
#define _SLOG_INFO	5
#define _SLOG_DEBUG1	6
#define _SLOG_DEBUG2	7
#define _SLOG_SEVMASK	0x7
#define _SLOG_TEXTBIT	0x8	/* severity flag: also write to stderr */

/* opcode: major code (<sys/slogcodes.h>) and a minor code 0-255. */
#define _SLOG_SETCODE(__major, __minor) \
	((int)(((unsigned)(__major) << 8) | ((unsigned)(__minor) & 0xffu)))
#define _SLOG_GETMAJOR(__code)	((int)((unsigned)(__code) >> 8))
#define _SLOG_GETMINOR(__code)	((int)((unsigned)(__code) & 0xffu))

__RESMGR_BEGIN_DECLS

/* Log a formatted message; returns its length, or -1 and errno. */
int slogf(int opcode, int severity, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
int vslogf(int opcode, int severity, const char *fmt, va_list arg)
	__attribute__((__format__(__printf__, 3, 0)));
/* Log @size bytes of @data (as hex) or @nargs ints. */
int slogb(int opcode, int severity, void *data, int size);
int slogi(int opcode, int severity, int nargs, ...);

__RESMGR_END_DECLS

#endif /* _SYS_SLOG_H */
