// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX libc's string extras (<string.h>, libresmgr compat) and sopen()
 * (<share.h>).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <share.h>

int stricmp(const char *s1, const char *s2)
{
	return strcasecmp(s1, s2);
}

int strnicmp(const char *s1, const char *s2, size_t len)
{
	return strncasecmp(s1, s2, len);
}

int sopen(const char *path, int oflag, int shflag, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (shflag != SH_DENYNO && shflag != SH_COMPAT) {
		errno = EINVAL;
		return -1;
	}
	if (oflag & (O_CREAT | O_TMPFILE)) {
		va_start(ap, shflag);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return open(path, oflag, mode);
}
