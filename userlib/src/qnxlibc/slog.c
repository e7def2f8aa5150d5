// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's system-logger calls, slog (<sys/slog.h>) and slog2
 * (<sys/slog2.h>), on syslog(3).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
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
