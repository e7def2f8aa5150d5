// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The QNX libc extras libresmgr adds: the compat headers' names
 * (<stdlib.h> min/max, <string.h> stricmp, <unistd.h> delay, <time.h>
 * nanosecond helpers and spins, <pthread.h> attributes, <sys/stat.h>,
 * <sys/types.h>, <sys/mman.h>) and <sys/neutrino.h> clocks, <atomic.h>,
 * <gulliver.h>, <sys/slog.h>, <sys/slog2.h> (slog2fa() too), <sys/netmgr.h>,
 * <share.h>.
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
#include "kselftest_harness.h"

__SRCVERSION("qnx_libc_test.c $Rev: 1 $");
__SRCVERSION("twice, without the semicolon")

static uint64_t now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

TEST(compat_header_names)
{
	uint_t u = 3;
	int_t i = -3;
	int a = 1, b = 2;

	EXPECT_TRUE(max(a, b) == 2 && min(a, b) == 1 && __max(-1, -2) == -1 &&
		    __min(-1, -2) == -2);
	/* max() of mixed types, as a macro */
	EXPECT_TRUE(max(1.5, 2) == 2.0);
	EXPECT_TRUE(u == 3 && i == -3 && sizeof(uint_t) == sizeof(unsigned) &&
		    sizeof(int_t) == sizeof(int));
	EXPECT_EQ(-1, NOFD);
	/* __PAGESIZE: a power of two */
	EXPECT_TRUE(__PAGESIZE >= 4096 && (__PAGESIZE & (__PAGESIZE - 1)) == 0);
	EXPECT_TRUE(_S_IFREG == S_IFREG && _S_IFDIR == S_IFDIR &&
		    _S_IFMT == S_IFMT && _S_IFNAM == S_IFNAM &&
		    S_ISNAM(S_IFNAM | 0644) && !S_ISCHR(S_IFNAM) &&
		    !S_ISREG(S_IFNAM));
	/* S_IPERMS: the permission bits */
	EXPECT_EQ(0777, S_IPERMS);
#if defined(__LITTLEENDIAN__) && !defined(__BIGENDIAN__)
	EXPECT_EQ(__ORDER_LITTLE_ENDIAN__, __BYTE_ORDER__);
#else
	EXPECT_EQ(__ORDER_BIG_ENDIAN__, __BYTE_ORDER__);
#endif
}

TEST(stricmp_strnicmp_and_sopen)
{
	int fd;

	/* equal, and ordered, ignoring case */
	EXPECT_EQ(0, stricmp("Hello", "hELLO"));
	EXPECT_TRUE(stricmp("apple", "BANANA") < 0 &&
		    stricmp("Zed", "alpha") > 0);
	/* strnicmp: only the first len */
	EXPECT_TRUE(strnicmp("DEVc-ser8250", "devc-SERusb", 8) == 0 &&
		    strnicmp("DEVc-ser8250", "devc-SERusb", 9) != 0);

	/* sopen SH_DENYNO: an ordinary open */
	fd = sopen("/tmp", O_RDONLY, SH_DENYNO);
	EXPECT_LE(0, fd);
	if (fd >= 0)
		close(fd);
	errno = 0;
	/* sopen SH_DENYWR: EINVAL (Linux cannot deny) */
	EXPECT_TRUE(sopen("/tmp", O_RDONLY, SH_DENYWR) == -1 &&
		    errno == EINVAL);
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

TEST(delay_waits_and_returns_the_ms_left_when_interrupted)
{
	struct sigaction sa;
	pthread_t t;
	uint64_t t0;
	int kicks = 0;

	t0 = now_ns(CLOCK_MONOTONIC);
	EXPECT_EQ(0, delay(0));
	/* delay(20) returns 0 after at least 20 ms */
	EXPECT_EQ(0, delay(20));
	EXPECT_LE(20000000ULL, now_ns(CLOCK_MONOTONIC) - t0);

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
	/* cut short by a signal: the ms left */
	EXPECT_TRUE(delay_left > 0 && delay_left <= 60000)
		TH_LOG("%u ms left, %d kicks", delay_left, kicks);
}

TEST(clocks_nanospin_and_clockcycles)
{
	struct timespec ts = { 0, 0 };
	struct _clockperiod period;
	uint64_t before, t, after, c0, c1;

	nsec2timespec(&ts, 5123456789ULL);
	EXPECT_TRUE(ts.tv_sec == 5 && ts.tv_nsec == 123456789);
	EXPECT_EQ(5123456789ULL, timespec2nsec(&ts));

	/* ClockTime reads the clock, in ns */
	before = now_ns(CLOCK_REALTIME);
	EXPECT_EQ(0, ClockTime(CLOCK_REALTIME, NULL, &t));
	after = now_ns(CLOCK_REALTIME);
	EXPECT_TRUE(before <= t && t <= after);
	/* of no clock: -1, EINVAL (-EINVAL from ClockTime_r) */
	errno = 0;
	EXPECT_TRUE(ClockTime(-12345, NULL, &t) == -1 && errno == EINVAL);
	EXPECT_EQ(-EINVAL, ClockTime_r(-12345, NULL, &t));

	/* nanospin_ns(2 ms) spins at least 2 ms */
	c0 = ClockCycles();
	t = now_ns(CLOCK_MONOTONIC);
	EXPECT_EQ(EOK, nanospin_ns(2000000));
	EXPECT_LE(2000000, now_ns(CLOCK_MONOTONIC) - t);
	c1 = ClockCycles();
	/* ClockCycles counts RESMGR_CLOCKCYCLES_PER_SEC a second */
	EXPECT_LE(2 * RESMGR_CLOCKCYCLES_PER_SEC / 1000, c1 - c0);
	/* nanospin(1 ms) spins at least 1 ms */
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000;
	t = now_ns(CLOCK_MONOTONIC);
	EXPECT_EQ(EOK, nanospin(&ts));
	EXPECT_LE(1000000, now_ns(CLOCK_MONOTONIC) - t);
	/* a bad timespec */
	ts.tv_nsec = 1000000000;
	EXPECT_EQ(EINVAL, nanospin(&ts));
	EXPECT_EQ(EOK, nanospin_calibrate(0));

	/* ClockPeriod gives the resolution */
	memset(&period, 0, sizeof(period));
	EXPECT_TRUE(ClockPeriod(CLOCK_REALTIME, NULL, &period, 0) == 0 &&
		    period.nsec > 0) TH_LOG("%u ns", period.nsec);
	errno = 0;
	EXPECT_TRUE(ClockPeriod(-12345, NULL, &period, 0) == -1 &&
		    errno == EINVAL);
}

static pthread_mutex_t rmutex = PTHREAD_RMUTEX_INITIALIZER;

TEST(pthread_stacklazy_and_recursive_mutexes)
{
	pthread_mutexattr_t ma;
	pthread_attr_t attr;
	pthread_mutex_t m;
	int v = -1, type;

	/* pthread_attr_setstacklazy: both values, others EINVAL */
	pthread_attr_init(&attr);
	EXPECT_TRUE(pthread_attr_setstacklazy(&attr, PTHREAD_STACK_LAZY) == 0 &&
		    pthread_attr_setstacklazy(&attr, PTHREAD_STACK_NOTLAZY) ==
			    0);
	EXPECT_EQ(EINVAL, pthread_attr_setstacklazy(&attr, 7));
	/* Linux stacks are lazy */
	EXPECT_TRUE(pthread_attr_getstacklazy(&attr, &v) == 0 &&
		    v == PTHREAD_STACK_LAZY);
	pthread_attr_destroy(&attr);

	/* setrecursive(ENABLE): the mutex locks twice in one thread */
	pthread_mutexattr_init(&ma);
	EXPECT_EQ(0, pthread_mutexattr_setrecursive(&ma,
						    PTHREAD_RECURSIVE_ENABLE));
	EXPECT_TRUE(pthread_mutexattr_getrecursive(&ma, &v) == 0 &&
		    v == PTHREAD_RECURSIVE_ENABLE);
	pthread_mutex_init(&m, &ma);
	EXPECT_TRUE(pthread_mutex_lock(&m) == 0 &&
		    pthread_mutex_trylock(&m) == 0);
	pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	pthread_mutex_destroy(&m);
	/* DISABLE: not recursive any more; others EINVAL */
	EXPECT_EQ(0, pthread_mutexattr_setrecursive(&ma,
						    PTHREAD_RECURSIVE_DISABLE));
	EXPECT_TRUE(pthread_mutexattr_gettype(&ma, &type) == 0 &&
		    type != PTHREAD_MUTEX_RECURSIVE);
	EXPECT_EQ(EINVAL, pthread_mutexattr_setrecursive(&ma, 5));
	pthread_mutexattr_destroy(&ma);

	/* PTHREAD_RMUTEX_INITIALIZER: recursive */
	EXPECT_TRUE(pthread_mutex_lock(&rmutex) == 0 &&
		    pthread_mutex_trylock(&rmutex) == 0);
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

TEST(atomic_ops_and_their_values)
{
	volatile unsigned v = 10;
	pthread_t t[2];

	atomic_add(&v, 5);
	EXPECT_EQ(15, v);
	/* the _value forms return the old value */
	EXPECT_EQ(15, atomic_add_value(&v, 1));
	atomic_sub(&v, 6);
	EXPECT_EQ(10, v);
	EXPECT_EQ(10, atomic_sub_value(&v, 10));
	atomic_set(&v, 0x5);
	EXPECT_EQ(0x5, atomic_set_value(&v, 0x30));
	atomic_clr(&v, 0x1);
	EXPECT_EQ(0x34, atomic_clr_value(&v, 0x10));
	atomic_toggle(&v, 0x3);
	EXPECT_EQ(0x27, atomic_toggle_value(&v, 0x1));
	EXPECT_EQ(0x26, v);

	/* atomic_add from two threads loses nothing */
	pthread_create(&t[0], NULL, adder, NULL);
	pthread_create(&t[1], NULL, adder, NULL);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	EXPECT_EQ(200000, counter);
}

TEST(gulliver_endian_and_unaligned)
{
	unsigned char raw[16] = { 0 };
	uint32_t w = 0x11223344;
	uint16_t h = 0xabcd;
	uint64_t q = 0x0102030405060708ULL;

	EXPECT_EQ(0x3412, ENDIAN_RET16(0x1234));
	EXPECT_EQ(0x44332211, ENDIAN_RET32(0x11223344));
	EXPECT_EQ(0x0807060504030201ULL, ENDIAN_RET64(0x0102030405060708ULL));
#ifdef __LITTLEENDIAN__
	EXPECT_TRUE(ENDIAN_LE32(0x11223344) == 0x11223344 &&
		    ENDIAN_BE32(0x11223344) == 0x44332211 &&
		    ENDIAN_BE16(0x1234) == 0x3412 && ENDIAN_LE64(q) == q);
#else
	EXPECT_TRUE(ENDIAN_BE32(0x11223344) == 0x11223344 &&
		    ENDIAN_LE32(0x11223344) == 0x44332211);
#endif
	/* ENDIAN_SWAP16/32/64 in place */
	ENDIAN_SWAP16(&h);
	ENDIAN_SWAP32(&w);
	ENDIAN_SWAP64(&q);
	EXPECT_TRUE(h == 0xcdab && w == 0x44332211 &&
		    q == 0x0807060504030201ULL);

	/* UNALIGNED_PUT/RET at odd addresses */
	UNALIGNED_PUT32(raw + 1, 0xdeadbeef);
	UNALIGNED_PUT16(raw + 7, 0x1234);
	UNALIGNED_PUT64(raw + 9 - 2, 0);
	UNALIGNED_PUT64(raw + 3, 0x1122334455667788ULL);
	EXPECT_TRUE(UNALIGNED_RET64(raw + 3) == 0x1122334455667788ULL &&
		    UNALIGNED_RET16(raw + 1) ==
		    (uint16_t)(ENDIAN_LE32(0xdeadbeef) & 0xffff));
}

static int sink_calls, sink_prio;
static char sink_msg[1100];

static void test_sink(int priority, const char *msg)
{
	sink_calls++;
	sink_prio = priority;
	snprintf(sink_msg, sizeof(sink_msg), "%s", msg);
}

TEST(slog_goes_to_syslog_with_its_code)
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
	EXPECT_TRUE(_SLOG_GETMAJOR(code) == _SLOGC_TEST &&
		    _SLOG_GETMINOR(code) == 3);
	/* slogf: syslog LOG_ERR, "[major.minor] text", its length */
	n = slogf(code, _SLOG_ERROR, "port %d: %s", 2, "overrun");
	EXPECT_TRUE(sink_calls == 1 && sink_prio == LOG_ERR &&
		    strcmp(sink_msg, "[10000.3] port 2: overrun") == 0)
		TH_LOG("\"%s\"", sink_msg);
	EXPECT_EQ((int)strlen(sink_msg), n);
	for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++) {
		sink_prio = -1;
		slogf(code, sev[i].severity, "x");
		EXPECT_EQ(sev[i].priority, sink_prio)
			TH_LOG("severity %s", sev[i].name);
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
		/* _SLOG_TEXTBIT: syslog and stderr too */
		EXPECT_TRUE(sink_prio == LOG_WARNING &&
			    strcmp(line, "to stderr 7\n") == 0);
	}
	/* no severity */
	errno = 0;
	EXPECT_TRUE(slogf(code, 99, "x") == -1 && errno == EINVAL);
	/* slogi: the ints; slogb: the bytes in hex */
	slogi(code, _SLOG_INFO, 3, 1, -2, 30);
	EXPECT_STREQ("[10000.3] 1 -2 30", sink_msg);
	slogb(code, _SLOG_INFO, "\x01\xab", 2);
	EXPECT_STREQ("[10000.3] 01ab", sink_msg);
}

TEST(slog2_buffers_verbosity_and_default_buffer)
{
	slog2_buffer_set_config_t cfg;
	slog2_buffer_t h[2];
	int calls;

	rm_slog_sink = test_sink;
	memset(&cfg, 0, sizeof(cfg));
	errno = 0;
	/* no buffers */
	EXPECT_TRUE(slog2_register(&cfg, h, 0) == -1 && errno == EINVAL);
	cfg.num_buffers = 2;
	cfg.buffer_set_name = "mydriver";
	cfg.verbosity_level = SLOG2_INFO;
	cfg.buffer_config[0].buffer_name = "hi_rate";
	cfg.buffer_config[0].num_pages = 4;
	cfg.buffer_config[1].buffer_name = "lo_rate";
	cfg.buffer_config[1].num_pages = 1;
	EXPECT_EQ(0, slog2_register(&cfg, h, 0));

	/* above the verbosity: not logged */
	calls = sink_calls;
	EXPECT_EQ(0, slog2f(h[0], 0, SLOG2_DEBUG1, "noise %d", 1));
	EXPECT_EQ(calls, sink_calls);
	/* slog2f: syslog LOG_WARNING, "buffer [code]: text" */
	slog2f(h[1], 7, SLOG2_WARNING, "late by %d ms", 3);
	EXPECT_TRUE(sink_calls == calls + 1 && sink_prio == LOG_WARNING &&
		    strcmp(sink_msg, "lo_rate [7]: late by 3 ms") == 0)
		TH_LOG("\"%s\"", sink_msg);
	/* slog2c with NULL: the default buffer, the first registered */
	slog2c(NULL, 0, SLOG2_INFO, "default");
	EXPECT_TRUE(strcmp(sink_msg, "hi_rate: default") == 0 &&
		    sink_prio == LOG_INFO);
	EXPECT_EQ(h[0], slog2_set_default_buffer(h[1]));
	/* the verbosity is the whole buffer set's: DEBUG2 logged now */
	EXPECT_EQ(0, slog2_set_verbosity(NULL, SLOG2_DEBUG2));
	EXPECT_EQ(SLOG2_DEBUG2, slog2_get_verbosity(h[0]));
	slog2f(NULL, 0, SLOG2_DEBUG2, "now %s", "logged");
	EXPECT_TRUE(strcmp(sink_msg, "lo_rate: now logged") == 0 &&
		    sink_prio == LOG_DEBUG);
	/* no default buffer after slog2_reset */
	EXPECT_EQ(0, slog2_reset());
	errno = 0;
	EXPECT_TRUE(slog2c(NULL, 0, SLOG2_INFO, "x") == -1 && errno == EINVAL);
}

TEST(slog2fa_formats_typed_arguments)
{
	slog2_buffer_set_config_t cfg;
	slog2_buffer_t h;
	int calls;

	rm_slog_sink = test_sink;
	memset(&cfg, 0, sizeof(cfg));
	cfg.num_buffers = 1;
	cfg.buffer_set_name = "drv";
	cfg.verbosity_level = SLOG2_INFO;
	cfg.buffer_config[0].buffer_name = "main";
	ASSERT_EQ(0, slog2_register(&cfg, &h, 0));

	/* each conversion takes the next typed argument, 64 bits whole */
	calls = sink_calls;
	EXPECT_EQ(0, slog2fa(h, 3, SLOG2_WARNING,
			     "port %s: %d errors, mask %#x, total %u%%",
			     SLOG2_FA_STRING("ser1"), SLOG2_FA_SIGNED(-12),
			     SLOG2_FA_UNSIGNED(0xbeef),
			     SLOG2_FA_UNSIGNED(10000000000ULL), SLOG2_FA_END));
	EXPECT_TRUE(sink_calls == calls + 1 && sink_prio == LOG_WARNING &&
		    strcmp(sink_msg, "main [3]: port ser1: -12 errors, "
			   "mask 0xbeef, total 10000000000%") == 0)
		TH_LOG("\"%s\"", sink_msg);
	/* length modifiers are the tag's business; '*' takes SLOG2_FA_STAR */
	slog2fa(h, 0, SLOG2_INFO, "[%*ld] [%-4hd] [%.*s]",
		SLOG2_FA_STAR(5), SLOG2_FA_SIGNED(42), SLOG2_FA_SIGNED(7),
		SLOG2_FA_STAR(3), SLOG2_FA_STRING("abcdef"), SLOG2_FA_END);
	EXPECT_TRUE(strcmp(sink_msg, "main: [   42] [7   ] [abc]") == 0)
		TH_LOG("\"%s\"", sink_msg);
	/* arguments that end early: the rest of the format as written */
	slog2fa(h, 0, SLOG2_INFO, "a=%d b=%d c=%s", SLOG2_FA_SIGNED(1),
		SLOG2_FA_END);
	EXPECT_TRUE(strcmp(sink_msg, "main: a=1 b=%d c=%s") == 0)
		TH_LOG("\"%s\"", sink_msg);
	/* a string for %d prints as a string; NULL as (null) */
	slog2fa(h, 0, SLOG2_INFO, "%d %s", SLOG2_FA_STRING("x"),
		SLOG2_FA_STRING(NULL), SLOG2_FA_END);
	EXPECT_TRUE(strcmp(sink_msg, "main: x (null)") == 0)
		TH_LOG("\"%s\"", sink_msg);
	/* filtered by the verbosity like slog2f */
	calls = sink_calls;
	EXPECT_EQ(0, slog2fa(h, 0, SLOG2_DEBUG1, "%d", SLOG2_FA_SIGNED(1),
			     SLOG2_FA_END));
	EXPECT_EQ(calls, sink_calls);
	errno = 0;
	EXPECT_TRUE(slog2fa(h, 0, SLOG2_INFO, NULL, SLOG2_FA_END) == -1 &&
		    errno == EINVAL);
	slog2_reset();
}

TEST(netmgr_knows_only_the_local_node)
{
	char host[256], buf[300], *end = NULL;
	char path[600];
	char *dot;

	gethostname(host, sizeof(host));
	host[sizeof(host) - 1] = '\0';
	dot = strchr(host, '.');
	if (dot)
		*dot = '\0';

	EXPECT_EQ(0, ND_LOCAL_NODE);
	EXPECT_EQ(0, ND_NODE_CMP(ND_LOCAL_NODE, 0));
	/* netmgr_strtond: "", localhost, the host name */
	EXPECT_EQ(ND_LOCAL_NODE, netmgr_strtond("", NULL));
	EXPECT_EQ(ND_LOCAL_NODE, netmgr_strtond("localhost", NULL));
	EXPECT_EQ(ND_LOCAL_NODE, netmgr_strtond(host, NULL));
	/* /net/host~qos/path: local, *endstr at the path */
	snprintf(path, sizeof(path), "/net/%s~loadbalance/dev/ser1", host);
	EXPECT_TRUE(netmgr_strtond(path, &end) == ND_LOCAL_NODE && end &&
		    strcmp(end, "/dev/ser1") == 0);
	/* a plain path: local */
	EXPECT_TRUE(netmgr_strtond("/dev/ser1", &end) == ND_LOCAL_NODE &&
		    strcmp(end, "/dev/ser1") == 0);
	/* another node: -1, ENOENT */
	errno = 0;
	EXPECT_TRUE(netmgr_strtond("no-such-node.example", NULL) == -1 &&
		    errno == ENOENT);
	/* netmgr_ndtostr(NAME_SHOW): the host name */
	EXPECT_TRUE(netmgr_ndtostr(ND2S_NAME_SHOW, ND_LOCAL_NODE, buf,
				   sizeof(buf)) == (int)strlen(host) &&
		    strcmp(buf, host) == 0);
	/* DIR_SHOW: "/" (no Qnet) */
	EXPECT_TRUE(netmgr_ndtostr(ND2S_DIR_SHOW, ND_LOCAL_NODE, buf,
				   sizeof(buf)) == 1 &&
		    strcmp(buf, "/") == 0);
	/* cut to the buffer, full length returned */
	EXPECT_TRUE(netmgr_ndtostr(ND2S_NAME_SHOW, ND_LOCAL_NODE, buf, 2) ==
		    (int)strlen(host) && strlen(buf) <= 1);
	/* another node: EINVAL */
	errno = 0;
	EXPECT_TRUE(netmgr_ndtostr(0, 5, buf, sizeof(buf)) == -1 &&
		    errno == EINVAL);
	EXPECT_EQ(ND_LOCAL_NODE,
		  netmgr_remote_nd(ND_LOCAL_NODE, ND_LOCAL_NODE));
}

TEST_HARNESS_MAIN
