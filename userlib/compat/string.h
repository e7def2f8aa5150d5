/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <string.h> with QNX's additions (libresmgr compat): libc's own, and
 * the case-insensitive comparisons QNX has under their DOS names.
 */
#include_next <string.h>

#ifndef _RESMGR_COMPAT_STRING_H
#define _RESMGR_COMPAT_STRING_H

#include <stddef.h>
#include <sys/platform.h>
#include <sys/resmgr_cdefs.h>

__RESMGR_BEGIN_DECLS

/* strcasecmp() and strncasecmp() under QNX's names. */
int stricmp(const char *s1, const char *s2);
int strnicmp(const char *s1, const char *s2, size_t len);

__RESMGR_END_DECLS

#endif /* _RESMGR_COMPAT_STRING_H */
