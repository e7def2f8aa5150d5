/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/slog2.h> - QNX 7's logger (slogger2) API, mapped onto syslog(3).
 *
 * slog2_register() makes the buffer handles a program logs to; every
 * message whose severity is at most the buffer set's verbosity goes to
 * syslog() with the priority of its severity (as <sys/slog.h>'s), as
 * "buffer_name: text" ("buffer_name [code]: text" for a non-zero code).
 * Buffers and pages are not kept: syslog (or the journal) is the log.
 * slog2_reset() forgets the buffer sets registered before.  The values
 * of the constants are libresmgr's own.
 */
#ifndef _SYS_SLOG2_H
#define _SYS_SLOG2_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/resmgr_cdefs.h>

#define SLOG2_SHUTDOWN		0
#define SLOG2_CRITICAL		1
#define SLOG2_ERROR		2
#define SLOG2_WARNING		3
#define SLOG2_NOTICE		4
#define SLOG2_INFO		5
#define SLOG2_DEBUG1		6
#define SLOG2_DEBUG2		7
#define SLOG2_INVALID_VERBOSITY	0xff

#define SLOG2_MAX_BUFFERS	4

/* slog2_register() flags: accepted, no effect (nothing is buffered). */
#define SLOG2_ALLOC_TYPE_SHMEM		0x0001u
#define SLOG2_ALLOC_TYPE_PHYSICAL	0x0002u
#define SLOG2_DISCARD_NEWLINE		0x0004u
#define SLOG2_TRY_REUSE_BUFFER_SET	0x0008u
#define SLOG2_LIMIT_RETRIES		0x0010u
#define SLOG2_QUIET			0x0020u
#define SLOG2_HINT_SKIP_BUFFER_0	0x0100u
#define SLOG2_HINT_SKIP_BUFFER_1	0x0200u
#define SLOG2_HINT_SKIP_BUFFER_2	0x0400u
#define SLOG2_HINT_SKIP_BUFFER_3	0x0800u

typedef struct slog2_buffer_s *slog2_buffer_t;

typedef struct {
	const char *buffer_name;
	int num_pages;			/* ignored */
} slog2_buffer_config_t;

typedef struct {
	int num_buffers;		/* 1 to SLOG2_MAX_BUFFERS */
	const char *buffer_set_name;	/* the program's name, usually */
	uint8_t verbosity_level;	/* log severities up to this */
	slog2_buffer_config_t buffer_config[SLOG2_MAX_BUFFERS];
	uint32_t max_retries;		/* ignored */
} slog2_buffer_set_config_t;

/*
 * slog2fa()'s arguments: each value follows a tag that says what it is,
 * and SLOG2_FA_END ends the list.  The tags are libresmgr's own values.
 */
#define __SLOG2_FA_TAG_END		0x5f10
#define __SLOG2_FA_TAG_UNSIGNED		0x5f11
#define __SLOG2_FA_TAG_SIGNED		0x5f12
#define __SLOG2_FA_TAG_STRING		0x5f13
#define __SLOG2_FA_TAG_STAR		0x5f14

#define SLOG2_FA_UNSIGNED(_v) \
	__SLOG2_FA_TAG_UNSIGNED, (unsigned long long)(_v)
#define SLOG2_FA_SIGNED(_v)	__SLOG2_FA_TAG_SIGNED, (long long)(_v)
#define SLOG2_FA_STRING(_s)	__SLOG2_FA_TAG_STRING, (const char *)(_s)
/* the value of a '*' width or precision */
#define SLOG2_FA_STAR(_v)	__SLOG2_FA_TAG_STAR, (int)(_v)
#define SLOG2_FA_END		__SLOG2_FA_TAG_END

__RESMGR_BEGIN_DECLS

/*
 * Fill @handles[0 .. config->num_buffers - 1]; the first becomes the
 * default buffer (used when a call passes NULL) unless one is set.
 * Returns 0, or -1 and errno (EINVAL, ENOMEM).
 */
int slog2_register(slog2_buffer_set_config_t *config,
		   slog2_buffer_t *handles, uint32_t flags);
/* The buffer a NULL handle means; returns the previous one. */
slog2_buffer_t slog2_set_default_buffer(slog2_buffer_t buffer);
/* Change the verbosity of @buffer's set (NULL: the default buffer's). */
int slog2_set_verbosity(slog2_buffer_t buffer, uint8_t verbosity);
uint8_t slog2_get_verbosity(slog2_buffer_t buffer);
/* Forget every buffer set; returns 0. */
int slog2_reset(void);

/*
 * Log a message: a format, or a string as it is (slog2c).  Returns 0
 * (also when the verbosity filters it out), or -1 and errno.
 */
int slog2f(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	   const char *format, ...)
	__attribute__((__format__(__printf__, 4, 5)));
int vslog2f(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	    const char *format, va_list arg)
	__attribute__((__format__(__printf__, 4, 0)));
int slog2c(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	   const char *data);
/*
 * slog2f() with typed arguments: SLOG2_FA_SIGNED(v), SLOG2_FA_UNSIGNED(v),
 * SLOG2_FA_STRING(s), SLOG2_FA_STAR(n) for a '*' width or precision,
 * then SLOG2_FA_END.  Each conversion of @format takes the next one,
 * whatever its length modifier says (an integer conversion prints the
 * whole 64-bit value; a string for a number conversion prints as %s, a
 * number for %s as a number).  Floating-point conversions have no
 * argument type and print the spec as it is, as do conversions left
 * when the arguments end; %n writes nothing.
 */
int slog2fa(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	    const char *format, ...);

__RESMGR_END_DECLS

#endif /* _SYS_SLOG2_H */
