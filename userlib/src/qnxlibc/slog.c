// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's system-logger calls, slog (<sys/slog.h>) and slog2
 * (<sys/slog2.h>), on syslog(3).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/slog.h>
#include <sys/slog2.h>

#include "common.h"
#include "common.h"
#include "qnxlibc/slog.h"

/* A message longer than this is cut (syslog's own lines are shorter). */
#define SLOG_MAX	1024

static void slog_syslog(int priority, const char *msg)
{
	syslog(priority, "%s", msg);
}

void (*rm_slog_sink)(int priority, const char *msg) = slog_syslog;

/* QNX severities, 0 (most severe) to 7, as syslog priorities. */
static int slog_priority(int severity)
{
	static const int prio[] = {
		LOG_EMERG, LOG_CRIT, LOG_ERR, LOG_WARNING,
		LOG_NOTICE, LOG_INFO, LOG_DEBUG, LOG_DEBUG,
	};

	return prio[severity & _SLOG_SEVMASK];
}

static int slog_emit(int opcode, int severity, const char *text)
{
	char msg[SLOG_MAX];
	int n;

	n = snprintf(msg, sizeof(msg), "[%d.%d] %s", _SLOG_GETMAJOR(opcode),
		     _SLOG_GETMINOR(opcode), text);
	rm_slog_sink(slog_priority(severity), msg);
	if (severity & _SLOG_TEXTBIT)
		fprintf(stderr, "%s\n", text);
	return n < (int)sizeof(msg) ? n : (int)sizeof(msg) - 1;
}

int vslogf(int opcode, int severity, const char *fmt, va_list arg)
{
	char text[SLOG_MAX];

	if ((unsigned)severity & ~(unsigned)(_SLOG_SEVMASK | _SLOG_TEXTBIT)) {
		errno = EINVAL;
		return -1;
	}
	vsnprintf(text, sizeof(text), fmt, arg);
	return slog_emit(opcode, severity, text);
}

int slogf(int opcode, int severity, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vslogf(opcode, severity, fmt, ap);
	va_end(ap);
	return rc;
}

int slogb(int opcode, int severity, void *data, int size)
{
	const unsigned char *p = data;
	char text[SLOG_MAX];
	int i, n = 0;

	if (size < 0) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < size && n < (int)sizeof(text) - 3; i++)
		n += snprintf(text + n, sizeof(text) - n, "%02x", p[i]);
	text[n] = '\0';
	return slog_emit(opcode, severity & _SLOG_SEVMASK, text);
}

int slogi(int opcode, int severity, int nargs, ...)
{
	char text[SLOG_MAX];
	va_list ap;
	int i, n = 0;

	if (nargs < 0) {
		errno = EINVAL;
		return -1;
	}
	text[0] = '\0';
	va_start(ap, nargs);
	for (i = 0; i < nargs && n < (int)sizeof(text) - 12; i++)
		n += snprintf(text + n, sizeof(text) - n, "%s%d", i ? " " : "",
			      va_arg(ap, int));
	va_end(ap);
	return slog_emit(opcode, severity & _SLOG_SEVMASK, text);
}

/* ---------------------------------------------------------------- slog2 */

/* Names longer than this are cut. */
#define SLOG2_NAME_MAX	64

struct slog2_set;

struct slog2_buffer_s {
	struct slog2_set *set;
	char name[SLOG2_NAME_MAX];
};

/* A registered buffer set, with its buffers; freed by slog2_reset(). */
struct slog2_set {
	struct slog2_set *next;
	uint8_t verbosity;
	struct slog2_buffer_s buffers[SLOG2_MAX_BUFFERS];
};

static pthread_mutex_t slog2_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slog2_set *slog2_sets;
static slog2_buffer_t slog2_default;

int slog2_register(slog2_buffer_set_config_t *config,
		   slog2_buffer_t *handles, uint32_t flags)
{
	struct slog2_set *set;
	int i;

	if (!config || !handles || config->num_buffers < 1 ||
	    config->num_buffers > SLOG2_MAX_BUFFERS) {
		errno = EINVAL;
		return -1;
	}
	set = calloc(1, sizeof(*set));
	if (!set) {
		errno = ENOMEM;
		return -1;
	}
	set->verbosity = config->verbosity_level;
	for (i = 0; i < config->num_buffers; i++) {
		const char *name = config->buffer_config[i].buffer_name;

		if (!name)
			name = config->buffer_set_name ?
				config->buffer_set_name : "";
		set->buffers[i].set = set;
		snprintf(set->buffers[i].name, sizeof(set->buffers[i].name),
			 "%s", name);
		handles[i] = &set->buffers[i];
	}
	pthread_mutex_lock(&slog2_lock);
	set->next = slog2_sets;
	slog2_sets = set;
	if (!slog2_default)
		slog2_default = handles[0];
	pthread_mutex_unlock(&slog2_lock);
	return 0;
}

slog2_buffer_t slog2_set_default_buffer(slog2_buffer_t buffer)
{
	slog2_buffer_t old;

	pthread_mutex_lock(&slog2_lock);
	old = slog2_default;
	slog2_default = buffer;
	pthread_mutex_unlock(&slog2_lock);
	return old;
}

static slog2_buffer_t slog2_buffer(slog2_buffer_t buffer)
{
	if (!buffer) {
		pthread_mutex_lock(&slog2_lock);
		buffer = slog2_default;
		pthread_mutex_unlock(&slog2_lock);
	}
	return buffer;
}

int slog2_set_verbosity(slog2_buffer_t buffer, uint8_t verbosity)
{
	buffer = slog2_buffer(buffer);
	if (!buffer) {
		errno = EINVAL;
		return -1;
	}
	__atomic_store_n(&buffer->set->verbosity, verbosity, __ATOMIC_RELAXED);
	return 0;
}

uint8_t slog2_get_verbosity(slog2_buffer_t buffer)
{
	buffer = slog2_buffer(buffer);
	if (!buffer)
		return SLOG2_INVALID_VERBOSITY;
	return __atomic_load_n(&buffer->set->verbosity, __ATOMIC_RELAXED);
}

/*
 * Forget (and free) every buffer set; handles from before must not be
 * used again, as on QNX.
 */
int slog2_reset(void)
{
	struct slog2_set *set;

	pthread_mutex_lock(&slog2_lock);
	set = slog2_sets;
	slog2_sets = NULL;
	slog2_default = NULL;
	pthread_mutex_unlock(&slog2_lock);
	while (set) {
		struct slog2_set *next = set->next;

		free(set);
		set = next;
	}
	return 0;
}

int slog2c(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	   const char *data)
{
	char msg[SLOG_MAX];

	buffer = slog2_buffer(buffer);
	if (!buffer || !data) {
		errno = EINVAL;
		return -1;
	}
	if (severity > __atomic_load_n(&buffer->set->verbosity,
				       __ATOMIC_RELAXED))
		return 0;
	if (code)
		snprintf(msg, sizeof(msg), "%s [%u]: %s", buffer->name, code,
			 data);
	else
		snprintf(msg, sizeof(msg), "%s: %s", buffer->name, data);
	rm_slog_sink(slog_priority(severity > SLOG2_DEBUG2 ? SLOG2_DEBUG2 :
				   severity), msg);
	return 0;
}

int vslog2f(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	    const char *format, va_list arg)
{
	char text[SLOG_MAX];

	if (!format) {
		errno = EINVAL;
		return -1;
	}
	vsnprintf(text, sizeof(text), format, arg);
	return slog2c(buffer, code, severity, text);
}

int slog2f(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	   const char *format, ...)
{
	va_list ap;
	int rc;

	va_start(ap, format);
	rc = vslog2f(buffer, code, severity, format, ap);
	va_end(ap);
	return rc;
}

/* One slog2fa() argument: its tag and its value. */
struct slog2fa_arg {
	int tag;
	long long s;
	unsigned long long u;
	const char *str;
};

/* The next argument; false at SLOG2_FA_END or a tag that is not one. */
static bool slog2fa_next(va_list *ap, struct slog2fa_arg *a)
{
	a->tag = va_arg(*ap, int);
	switch (a->tag) {
	case __SLOG2_FA_TAG_UNSIGNED:
		a->u = va_arg(*ap, unsigned long long);
		a->s = (long long)a->u;
		return true;
	case __SLOG2_FA_TAG_SIGNED:
		a->s = va_arg(*ap, long long);
		a->u = (unsigned long long)a->s;
		return true;
	case __SLOG2_FA_TAG_STAR:
		a->s = va_arg(*ap, int);
		a->u = (unsigned long long)a->s;
		return true;
	case __SLOG2_FA_TAG_STRING:
		a->str = va_arg(*ap, const char *);
		if (!a->str)
			a->str = "(null)";
		return true;
	default:
		return false;
	}
}

/* Append to @out (@room bytes, *@pos used) what snprintf() makes. */
static void slog2fa_put(char *out, size_t room, size_t *pos,
			const char *fmt, ...)
	__attribute__((__format__(__printf__, 4, 5)));
static void slog2fa_put(char *out, size_t room, size_t *pos,
			const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*pos >= room - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out + *pos, room - *pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos = *pos + (size_t)n < room - 1 ? *pos + (size_t)n :
		       room - 1;
}

/*
 * One conversion, spec[] its flags, width and precision ('*'s already
 * replaced), @conv its letter, @a its argument.
 */
static void slog2fa_conv(char *out, size_t room, size_t *pos,
			 const char *spec, char conv,
			 const struct slog2fa_arg *a)
{
	char f[48];

	if (a->tag == __SLOG2_FA_TAG_STRING) {
		snprintf(f, sizeof(f), "%%%ss", conv == 's' ? spec : "");
		slog2fa_put(out, room, pos, f, a->str);
		return;
	}
	switch (conv) {
	case 'd':
	case 'i':
		snprintf(f, sizeof(f), "%%%sll%c", spec, conv);
		slog2fa_put(out, room, pos, f, a->s);
		break;
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		snprintf(f, sizeof(f), "%%%sll%c", spec, conv);
		slog2fa_put(out, room, pos, f, a->u);
		break;
	case 'c':
		snprintf(f, sizeof(f), "%%%sc", spec);
		slog2fa_put(out, room, pos, f, (int)a->s);
		break;
	case 'p':
		slog2fa_put(out, room, pos, "%#llx", a->u);
		break;
	default:	/* 's' and anything else: the number as it is */
		snprintf(f, sizeof(f), "%%%sll%c", spec,
			 a->tag == __SLOG2_FA_TAG_SIGNED ? 'd' : 'u');
		slog2fa_put(out, room, pos, f, a->s);
		break;
	}
}

/*
 * Expand @format with the tagged arguments into @out.  Everything that
 * is not a conversion with an argument for it is copied as it is.
 */
static void slog2fa_format(char *out, size_t room, const char *format,
			   va_list *ap)
{
	const char *p = format, *start;
	struct slog2fa_arg a;
	bool more = true;
	char spec[40];
	size_t pos = 0, n;

	out[0] = '\0';
	while (*p && pos < room - 1) {
		if (*p != '%') {
			out[pos++] = *p++;
			out[pos] = '\0';
			continue;
		}
		start = p++;
		if (*p == '%') {
			out[pos++] = *p++;
			out[pos] = '\0';
			continue;
		}
		/* flags, width, precision: '*' takes an argument */
		n = 0;
		while (*p && strchr("-+ #0'123456789.*", *p)) {
			if (*p == '*') {
				if (more && (more = slog2fa_next(ap, &a)) &&
				    a.tag != __SLOG2_FA_TAG_STRING)
					n += (size_t)snprintf(spec + n,
							      sizeof(spec) - n,
							      "%d", (int)a.s);
			} else if (n < sizeof(spec) - 1) {
				spec[n++] = *p;
			}
			if (n >= sizeof(spec))
				n = sizeof(spec) - 1;
			spec[n] = '\0';
			p++;
		}
		spec[n] = '\0';
		/* length modifiers say nothing: the tag gives the type */
		while (*p && strchr("hljztLq", *p))
			p++;
		if (!*p)
			break;
		if (*p == 'n') {
			if (more)
				more = slog2fa_next(ap, &a);
			p++;
			continue;
		}
		if (strchr("eEfFgGaA", *p) || !more ||
		    !(more = slog2fa_next(ap, &a))) {
			/* no argument for it: the spec as written */
			slog2fa_put(out, room, &pos, "%.*s",
				    (int)(p + 1 - start), start);
			p++;
			continue;
		}
		slog2fa_conv(out, room, &pos, spec, *p, &a);
		p++;
	}
}

int slog2fa(slog2_buffer_t buffer, uint16_t code, uint8_t severity,
	    const char *format, ...)
{
	char text[SLOG_MAX];
	va_list ap;

	if (!format) {
		errno = EINVAL;
		return -1;
	}
	va_start(ap, format);
	slog2fa_format(text, sizeof(text), format, &ap);
	va_end(ap);
	return slog2c(buffer, code, severity, text);
}
