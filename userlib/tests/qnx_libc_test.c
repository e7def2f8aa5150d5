// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The QNX libc extras libresmgr adds: the compat headers' names
 * (<stdlib.h> min/max, <string.h> stricmp, <unistd.h> delay, <time.h>
 * nanosecond helpers and spins, <pthread.h> attributes, <sys/stat.h>,
 * <sys/types.h>, <sys/mman.h>) and <sys/neutrino.h> clocks, <atomic.h>,
 * <gulliver.h>, <sys/slog.h>, <sys/slog2.h>, <sys/netmgr.h>, <share.h>.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <atomic.h>
#include <gulliver.h>
#include <share.h>
#include <sys/netmgr.h>
#include <sys/neutrino.h>
#include <sys/slog.h>
#include <sys/slog2.h>

#include "testlib.h"
#include "qnxlibc/slog.h"

__SRCVERSION("qnx_libc_test.c $Rev: 1 $");
__SRCVERSION("twice, without the semicolon")

static uint64_t now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void test_small_names(void)
{
	uint_t u = 3;
	int_t i = -3;
	int a = 1, b = 2;

	ok(max(a, b) == 2 && min(a, b) == 1 && __max(-1, -2) == -1 &&
	   __min(-1, -2) == -2, "min, max, __min, __max");
	ok(max(1.5, 2) == 2.0, "max() of mixed types, as a macro");
	ok(u == 3 && i == -3 && sizeof(uint_t) == sizeof(unsigned) &&
	   sizeof(int_t) == sizeof(int), "uint_t, int_t");
	ok(NOFD == -1, "NOFD");
	ok(__PAGESIZE >= 4096 && (__PAGESIZE & (__PAGESIZE - 1)) == 0,
	   "__PAGESIZE: a power of two");
	ok(_S_IFREG == S_IFREG && _S_IFDIR == S_IFDIR && _S_IFMT == S_IFMT &&
	   _S_IFNAM == S_IFNAM && S_ISNAM(S_IFNAM | 0644) &&
	   !S_ISCHR(S_IFNAM) && !S_ISREG(S_IFNAM), "_S_IF*, S_IFNAM");
	is(S_IPERMS, 0777, "S_IPERMS: the permission bits");
#if defined(__LITTLEENDIAN__) && !defined(__BIGENDIAN__)
	ok(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "__LITTLEENDIAN__");
#else
	ok(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, "__BIGENDIAN__");
#endif
}

static void test_strings(void)
{
	int fd;

	ok(stricmp("Hello", "hELLO") == 0, "stricmp: equal ignoring case");
	ok(stricmp("apple", "BANANA") < 0 && stricmp("Zed", "alpha") > 0,
	   "stricmp: ordered ignoring case");
	ok(strnicmp("DEVc-ser8250", "devc-SERusb", 8) == 0 &&
	   strnicmp("DEVc-ser8250", "devc-SERusb", 9) != 0,
	   "strnicmp: only the first len");

	fd = sopen("/tmp", O_RDONLY, SH_DENYNO);
	ok(fd >= 0, "sopen SH_DENYNO: an ordinary open");
	if (fd >= 0)
		close(fd);
	errno = 0;
	ok(sopen("/tmp", O_RDONLY, SH_DENYWR) == -1 && errno == EINVAL,
	   "sopen SH_DENYWR: EINVAL (Linux cannot deny)");
}

static volatile sig_atomic_t delay_done;
static unsigned int delay_left;

static void on_signal(int sig)
{
}

static void *delay_thread(void *arg)
{
	delay_left = delay(60000);
	delay_done = 1;
	return NULL;
}

static void test_delay(void)
{
	struct sigaction sa;
	pthread_t t;
	uint64_t t0;
	int kicks = 0;

	t0 = now_ns(CLOCK_MONOTONIC);
	is(delay(0), 0, "delay(0)");
	is(delay(20), 0, "delay(20) returns 0 ...");
	ok(now_ns(CLOCK_MONOTONIC) - t0 >= 20000000ULL,
	   "... after at least 20 ms");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&t, NULL, delay_thread, NULL);
	while (!delay_done) {
		pthread_kill(t, SIGUSR1);
		kicks++;
		usleep(1000);
	}
	pthread_join(t, NULL);
	ok(delay_left > 0 && delay_left <= 60000,
	   "delay() cut short by a signal returns the ms left (%u, %d kicks)",
	   delay_left, kicks);
}

static void test_time(void)
{
	struct timespec ts = { 0, 0 };
	struct _clockperiod period;
	uint64_t before, t, after, c0, c1;

	nsec2timespec(&ts, 5123456789ULL);
	ok(ts.tv_sec == 5 && ts.tv_nsec == 123456789, "nsec2timespec");
	ok(timespec2nsec(&ts) == 5123456789ULL, "timespec2nsec");

	before = now_ns(CLOCK_REALTIME);
	is(ClockTime(CLOCK_REALTIME, NULL, &t), 0, "ClockTime reads ...");
	after = now_ns(CLOCK_REALTIME);
	ok(before <= t && t <= after, "... the clock, in ns");
	errno = 0;
	ok(ClockTime(-12345, NULL, &t) == -1 && errno == EINVAL,
	   "ClockTime of no clock: -1, EINVAL");
	is(ClockTime_r(-12345, NULL, &t), -EINVAL, "ClockTime_r: -EINVAL");

	c0 = ClockCycles();
	t = now_ns(CLOCK_MONOTONIC);
	is(nanospin_ns(2000000), EOK, "nanospin_ns(2 ms) ...");
	ok(now_ns(CLOCK_MONOTONIC) - t >= 2000000, "... spins at least 2 ms");
	c1 = ClockCycles();
	ok(c1 - c0 >= 2 * RESMGR_CLOCKCYCLES_PER_SEC / 1000,
	   "ClockCycles counts RESMGR_CLOCKCYCLES_PER_SEC a second");
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000;
	t = now_ns(CLOCK_MONOTONIC);
	is(nanospin(&ts), EOK, "nanospin(1 ms) ...");
	ok(now_ns(CLOCK_MONOTONIC) - t >= 1000000, "... spins at least 1 ms");
	ts.tv_nsec = 1000000000;
	is(nanospin(&ts), EINVAL, "nanospin of a bad timespec: EINVAL");
	is(nanospin_calibrate(0), EOK, "nanospin_calibrate");

	memset(&period, 0, sizeof(period));
	ok(ClockPeriod(CLOCK_REALTIME, NULL, &period, 0) == 0 &&
	   period.nsec > 0, "ClockPeriod gives the resolution (%u ns)",
	   period.nsec);
	errno = 0;
	ok(ClockPeriod(-12345, NULL, &period, 0) == -1 && errno == EINVAL,
	   "ClockPeriod of no clock: EINVAL");
}

static pthread_mutex_t rmutex = PTHREAD_RMUTEX_INITIALIZER;

static void test_pthread(void)
{
	pthread_mutexattr_t ma;
	pthread_attr_t attr;
	pthread_mutex_t m;
	int v = -1, type;

	pthread_attr_init(&attr);
	ok(pthread_attr_setstacklazy(&attr, PTHREAD_STACK_LAZY) == 0 &&
	   pthread_attr_setstacklazy(&attr, PTHREAD_STACK_NOTLAZY) == 0,
	   "pthread_attr_setstacklazy: both values");
	is(pthread_attr_setstacklazy(&attr, 7), EINVAL, "... others EINVAL");
	ok(pthread_attr_getstacklazy(&attr, &v) == 0 &&
	   v == PTHREAD_STACK_LAZY, "... Linux stacks are lazy");
	pthread_attr_destroy(&attr);

	pthread_mutexattr_init(&ma);
	is(pthread_mutexattr_setrecursive(&ma, PTHREAD_RECURSIVE_ENABLE), 0,
	   "pthread_mutexattr_setrecursive(ENABLE)");
	ok(pthread_mutexattr_getrecursive(&ma, &v) == 0 &&
	   v == PTHREAD_RECURSIVE_ENABLE, "... getrecursive says so");
	pthread_mutex_init(&m, &ma);
	ok(pthread_mutex_lock(&m) == 0 && pthread_mutex_trylock(&m) == 0,
	   "... the mutex locks twice in one thread");
	pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	pthread_mutex_destroy(&m);
	is(pthread_mutexattr_setrecursive(&ma, PTHREAD_RECURSIVE_DISABLE), 0,
	   "setrecursive(DISABLE) ...");
	ok(pthread_mutexattr_gettype(&ma, &type) == 0 &&
	   type != PTHREAD_MUTEX_RECURSIVE, "... not recursive any more");
	is(pthread_mutexattr_setrecursive(&ma, 5), EINVAL, "... others EINVAL");
	pthread_mutexattr_destroy(&ma);

	ok(pthread_mutex_lock(&rmutex) == 0 &&
	   pthread_mutex_trylock(&rmutex) == 0,
	   "PTHREAD_RMUTEX_INITIALIZER: recursive");
	pthread_mutex_unlock(&rmutex);
	pthread_mutex_unlock(&rmutex);
}

static volatile unsigned counter;

static void *adder(void *arg)
{
	int i;

	for (i = 0; i < 100000; i++)
		atomic_add(&counter, 1);
	return NULL;
}

static void test_atomic(void)
{
	volatile unsigned v = 10;
	pthread_t t[2];

	atomic_add(&v, 5);
	is(v, 15, "atomic_add");
	is(atomic_add_value(&v, 1), 15, "atomic_add_value returns the old value");
	atomic_sub(&v, 6);
	is(v, 10, "atomic_sub");
	is(atomic_sub_value(&v, 10), 10, "atomic_sub_value");
	atomic_set(&v, 0x5);
	is(atomic_set_value(&v, 0x30), 0x5, "atomic_set, atomic_set_value");
	atomic_clr(&v, 0x1);
	is(atomic_clr_value(&v, 0x10), 0x34, "atomic_clr, atomic_clr_value");
	atomic_toggle(&v, 0x3);
	is(atomic_toggle_value(&v, 0x1), 0x27, "atomic_toggle(_value)");
	is(v, 0x26, "... and the result");

	pthread_create(&t[0], NULL, adder, NULL);
	pthread_create(&t[1], NULL, adder, NULL);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	is(counter, 200000, "atomic_add from two threads loses nothing");
}

static void test_gulliver(void)
{
	unsigned char raw[16] = { 0 };
	uint32_t w = 0x11223344;
	uint16_t h = 0xabcd;
	uint64_t q = 0x0102030405060708ULL;

	is(ENDIAN_RET16(0x1234), 0x3412, "ENDIAN_RET16");
	is(ENDIAN_RET32(0x11223344), 0x44332211, "ENDIAN_RET32");
	ok(ENDIAN_RET64(0x0102030405060708ULL) == 0x0807060504030201ULL,
	   "ENDIAN_RET64");
#ifdef __LITTLEENDIAN__
	ok(ENDIAN_LE32(0x11223344) == 0x11223344 &&
	   ENDIAN_BE32(0x11223344) == 0x44332211 &&
	   ENDIAN_BE16(0x1234) == 0x3412 && ENDIAN_LE64(q) == q,
	   "ENDIAN_LE*/BE* on a little-endian host");
#else
	ok(ENDIAN_BE32(0x11223344) == 0x11223344 &&
	   ENDIAN_LE32(0x11223344) == 0x44332211,
	   "ENDIAN_LE*/BE* on a big-endian host");
#endif
	ENDIAN_SWAP16(&h);
	ENDIAN_SWAP32(&w);
	ENDIAN_SWAP64(&q);
	ok(h == 0xcdab && w == 0x44332211 && q == 0x0807060504030201ULL,
	   "ENDIAN_SWAP16/32/64 in place");

	UNALIGNED_PUT32(raw + 1, 0xdeadbeef);
	UNALIGNED_PUT16(raw + 7, 0x1234);
	UNALIGNED_PUT64(raw + 9 - 2, 0);
	UNALIGNED_PUT64(raw + 3, 0x1122334455667788ULL);
	ok(UNALIGNED_RET64(raw + 3) == 0x1122334455667788ULL &&
	   UNALIGNED_RET16(raw + 1) == (uint16_t)(ENDIAN_LE32(0xdeadbeef) &
						   0xffff),
	   "UNALIGNED_PUT/RET at odd addresses");
}

static int sink_calls, sink_prio;
static char sink_msg[1100];

static void test_sink(int priority, const char *msg)
{
	sink_calls++;
	sink_prio = priority;
	snprintf(sink_msg, sizeof(sink_msg), "%s", msg);
}

static void test_slog(void)
{
	static const struct {
		int severity, priority;
		const char *name;
	} sev[] = {
		{ _SLOG_SHUTDOWN, LOG_EMERG, "_SLOG_SHUTDOWN" },
		{ _SLOG_CRITICAL, LOG_CRIT, "_SLOG_CRITICAL" },
		{ _SLOG_ERROR, LOG_ERR, "_SLOG_ERROR" },
		{ _SLOG_WARNING, LOG_WARNING, "_SLOG_WARNING" },
		{ _SLOG_NOTICE, LOG_NOTICE, "_SLOG_NOTICE" },
		{ _SLOG_INFO, LOG_INFO, "_SLOG_INFO" },
		{ _SLOG_DEBUG1, LOG_DEBUG, "_SLOG_DEBUG1" },
		{ _SLOG_DEBUG2, LOG_DEBUG, "_SLOG_DEBUG2" },
	};
	int code = _SLOG_SETCODE(_SLOGC_TEST, 3), n;
	unsigned i;

	rm_slog_sink = test_sink;
	ok(_SLOG_GETMAJOR(code) == _SLOGC_TEST && _SLOG_GETMINOR(code) == 3,
	   "_SLOG_SETCODE/GETMAJOR/GETMINOR");
	n = slogf(code, _SLOG_ERROR, "port %d: %s", 2, "overrun");
	ok(sink_calls == 1 && sink_prio == LOG_ERR &&
	   strcmp(sink_msg, "[10000.3] port 2: overrun") == 0,
	   "slogf: syslog LOG_ERR, \"[major.minor] text\" (%s)", sink_msg);
	is(n, (int)strlen(sink_msg), "... returns its length");
	for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++) {
		sink_prio = -1;
		slogf(code, sev[i].severity, "x");
		is(sink_prio, sev[i].priority, "severity %s: syslog priority %d",
		   sev[i].name, sev[i].priority);
	}
	{
		FILE *err = tmpfile();
		char line[64] = "";
		int saved = dup(2);

		fflush(stderr);
		dup2(fileno(err), 2);
		slogf(code, _SLOG_WARNING | _SLOG_TEXTBIT, "to stderr %d", 7);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		rewind(err);
		if (!fgets(line, sizeof(line), err))
			line[0] = '\0';
		fclose(err);
		ok(sink_prio == LOG_WARNING &&
		   strcmp(line, "to stderr 7\n") == 0,
		   "_SLOG_TEXTBIT: syslog and stderr too");
	}
	errno = 0;
	ok(slogf(code, 99, "x") == -1 && errno == EINVAL,
	   "slogf of no severity: EINVAL");
	slogi(code, _SLOG_INFO, 3, 1, -2, 30);
	ok(strcmp(sink_msg, "[10000.3] 1 -2 30") == 0, "slogi: the ints");
	slogb(code, _SLOG_INFO, "\x01\xab", 2);
	ok(strcmp(sink_msg, "[10000.3] 01ab") == 0, "slogb: the bytes in hex");
	rm_slog_sink = NULL;
}

static void test_slog2(void)
{
	slog2_buffer_set_config_t cfg;
	slog2_buffer_t h[2];
	int calls;

	rm_slog_sink = test_sink;
	memset(&cfg, 0, sizeof(cfg));
	errno = 0;
	ok(slog2_register(&cfg, h, 0) == -1 && errno == EINVAL,
	   "slog2_register of no buffers: EINVAL");
	cfg.num_buffers = 2;
	cfg.buffer_set_name = "mydriver";
	cfg.verbosity_level = SLOG2_INFO;
	cfg.buffer_config[0].buffer_name = "hi_rate";
	cfg.buffer_config[0].num_pages = 4;
	cfg.buffer_config[1].buffer_name = "lo_rate";
	cfg.buffer_config[1].num_pages = 1;
	is(slog2_register(&cfg, h, 0), 0, "slog2_register");

	calls = sink_calls;
	is(slog2f(h[0], 0, SLOG2_DEBUG1, "noise %d", 1), 0,
	   "slog2f above the verbosity ...");
	is(sink_calls, calls, "... is not logged");
	slog2f(h[1], 7, SLOG2_WARNING, "late by %d ms", 3);
	ok(sink_calls == calls + 1 && sink_prio == LOG_WARNING &&
	   strcmp(sink_msg, "lo_rate [7]: late by 3 ms") == 0,
	   "slog2f: syslog LOG_WARNING, \"buffer [code]: text\" (%s)",
	   sink_msg);
	slog2c(NULL, 0, SLOG2_INFO, "default");
	ok(strcmp(sink_msg, "hi_rate: default") == 0 && sink_prio == LOG_INFO,
	   "slog2c with NULL: the default buffer, the first registered");
	ok(slog2_set_default_buffer(h[1]) == h[0], "slog2_set_default_buffer");
	is(slog2_set_verbosity(NULL, SLOG2_DEBUG2), 0, "slog2_set_verbosity");
	is(slog2_get_verbosity(h[0]), SLOG2_DEBUG2,
	   "... for the whole buffer set");
	slog2f(NULL, 0, SLOG2_DEBUG2, "now %s", "logged");
	ok(strcmp(sink_msg, "lo_rate: now logged") == 0 &&
	   sink_prio == LOG_DEBUG, "... DEBUG2 logged now");
	is(slog2_reset(), 0, "slog2_reset");
	errno = 0;
	ok(slog2c(NULL, 0, SLOG2_INFO, "x") == -1 && errno == EINVAL,
	   "... no default buffer after it");
	rm_slog_sink = NULL;
}

static void test_netmgr(void)
{
	char host[256], buf[300], *end = NULL;
	char path[600];
	char *dot;

	gethostname(host, sizeof(host));
	host[sizeof(host) - 1] = '\0';
	dot = strchr(host, '.');
	if (dot)
		*dot = '\0';

	ok(ND_LOCAL_NODE == 0, "ND_LOCAL_NODE is 0");
	ok(ND_NODE_CMP(ND_LOCAL_NODE, 0) == 0, "ND_NODE_CMP");
	is(netmgr_strtond("", NULL), ND_LOCAL_NODE, "netmgr_strtond(\"\")");
	is(netmgr_strtond("localhost", NULL), ND_LOCAL_NODE, "... localhost");
	is(netmgr_strtond(host, NULL), ND_LOCAL_NODE, "... the host name");
	snprintf(path, sizeof(path), "/net/%s~loadbalance/dev/ser1", host);
	ok(netmgr_strtond(path, &end) == ND_LOCAL_NODE && end &&
	   strcmp(end, "/dev/ser1") == 0,
	   "... /net/host~qos/path: local, *endstr at the path");
	ok(netmgr_strtond("/dev/ser1", &end) == ND_LOCAL_NODE &&
	   strcmp(end, "/dev/ser1") == 0, "... a plain path: local");
	errno = 0;
	ok(netmgr_strtond("no-such-node.example", NULL) == -1 &&
	   errno == ENOENT, "... another node: -1, ENOENT");
	ok(netmgr_ndtostr(ND2S_NAME_SHOW, ND_LOCAL_NODE, buf, sizeof(buf)) ==
	   (int)strlen(host) && strcmp(buf, host) == 0,
	   "netmgr_ndtostr(NAME_SHOW): the host name");
	ok(netmgr_ndtostr(ND2S_DIR_SHOW, ND_LOCAL_NODE, buf, sizeof(buf)) == 1 &&
	   strcmp(buf, "/") == 0, "... DIR_SHOW: \"/\" (no Qnet)");
	ok(netmgr_ndtostr(ND2S_NAME_SHOW, ND_LOCAL_NODE, buf, 2) ==
	   (int)strlen(host) && strlen(buf) <= 1,
	   "... cut to the buffer, full length returned");
	errno = 0;
	ok(netmgr_ndtostr(0, 5, buf, sizeof(buf)) == -1 && errno == EINVAL,
	   "... another node: EINVAL");
	is(netmgr_remote_nd(ND_LOCAL_NODE, ND_LOCAL_NODE), ND_LOCAL_NODE,
	   "netmgr_remote_nd");
}

int main(void)
{
	tap_start();
	test_small_names();
	test_strings();
	test_delay();
	test_time();
	test_pthread();
	test_atomic();
	test_gulliver();
	test_slog();
	test_slog2();
	test_netmgr();
	return tap_end();
}
