// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: an fsysinfo-style reporter: devctl(DCMD_FSYS_STATISTICS) on
 * any file of a filesystem (DCMD_FSYS_STATISTICS_CLR with -z, which
 * also zeroes the counters), then the struct fs_stats members such
 * tools read: the version, the mount's flags and times, the cache's
 * hit rate from s_buf_rcache against s_buf_rphys, the bytes moved, and
 * the requests by kind.
 *
 * With a path as argument (a file of fsys_stats.c) it prints what the
 * filesystem says.  Without one it runs on the host against /dev/null,
 * which keeps no statistics: both commands fail ENOTTY and leave the
 * caller's structure alone, and the report is checked on counters
 * filled in here.
 *
 * corpus: run
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <devctl.h>
#include <sys/dcmd_blk.h>
#include <sys/fs_stats.h>
#include <sys/iofunc.h>

#include "tap.h"

static unsigned percent(uint64_t part, uint64_t whole)
{
	return whole ? (unsigned)(part * 100 / whole) : 0;
}

static void report(FILE *out, const struct fs_stats *st)
{
	time_t mounted = (time_t)st->s_time_mount;
	uint64_t reads = st->s_buf_rcache + st->s_buf_rphys;

	fprintf(out, "version %u%s\n", (unsigned)st->s_version,
		st->s_version == FS_STATS_VERSION ? "" : " (unknown)");
	fprintf(out, "mounted %s", st->s_time_mount ? ctime(&mounted) :
		"at an unknown time\n");
	fprintf(out, "flags: %s\n",
		st->s_fsys_flags & _MOUNT_READONLY ? "read-only" :
		"read-write");
	if (st->s_time_clr)
		fprintf(out, "counting since %lld\n",
			(long long)st->s_time_clr);
	fprintf(out, "cache: %llu reads, %u%% hits; %llu writes kept\n",
		(unsigned long long)reads, percent(st->s_buf_rcache, reads),
		(unsigned long long)st->s_buf_wcache);
	fprintf(out, "device: %llu bytes read, %llu written, %llu errors\n",
		(unsigned long long)st->s_buf_rphys_bytes,
		(unsigned long long)st->s_buf_wphys_bytes,
		(unsigned long long)st->s_buf_badblks);
	fprintf(out, "clients: %llu bytes read, %llu written\n",
		(unsigned long long)st->s_syscall_read_bytes,
		(unsigned long long)st->s_syscall_write_bytes);
	fprintf(out, "requests: open %llu stat %llu read %llu write %llu "
		"devctl %llu trunc %llu chmod %llu chown %llu sync %llu\n",
		(unsigned long long)st->s_syscall_open,
		(unsigned long long)st->s_syscall_stat,
		(unsigned long long)st->s_syscall_read,
		(unsigned long long)st->s_syscall_write,
		(unsigned long long)st->s_syscall_devctl,
		(unsigned long long)st->s_syscall_trunc,
		(unsigned long long)st->s_syscall_modes,
		(unsigned long long)st->s_syscall_owner,
		(unsigned long long)st->s_syscall_sync);
}

static int show(const char *path, int clear)
{
	struct fs_stats st;
	int fd, rc;

	if ((fd = open(path, O_RDONLY)) == -1) {
		perror(path);
		return 1;
	}
	rc = devctl(fd, clear ? DCMD_FSYS_STATISTICS_CLR :
		    DCMD_FSYS_STATISTICS, &st, sizeof(st), NULL);
	close(fd);
	if (rc != EOK) {
		fprintf(stderr, "%s: %s\n", path, strerror(rc));
		return 1;
	}
	report(stdout, &st);
	return 0;
}

int main(int argc, char **argv)
{
	struct fs_stats st;
	char buf[2048];
	FILE *mem;
	int fd, rc;

	if (argc > 2 && strcmp(argv[1], "-z") == 0)
		return show(argv[2], 1);
	if (argc > 1)
		return show(argv[1], 0);

	plan(8);
	ok(get_device_direction(DCMD_FSYS_STATISTICS) == DEVDIR_FROM &&
	   get_device_direction(DCMD_FSYS_STATISTICS_CLR) == DEVDIR_FROM,
	   "both commands bring the counters back");
	fd = open("/dev/null", O_RDONLY);
	ok(fd >= 0, "open /dev/null");
	memset(&st, 0x5a, sizeof(st));
	rc = devctl(fd, DCMD_FSYS_STATISTICS, &st, sizeof(st), NULL);
	ok(rc == ENOTTY && st.s_syscall_open == 0x5a5a5a5a5a5a5a5aull,
	   "DCMD_FSYS_STATISTICS on no filesystem server: ENOTTY, untouched");
	rc = devctl(fd, DCMD_FSYS_STATISTICS_CLR, &st, sizeof(st), NULL);
	ok(rc == ENOTTY, "DCMD_FSYS_STATISTICS_CLR: ENOTTY");
	close(fd);

	/* What a filesystem answers, reported as fsysinfo would. */
	memset(&st, 0, sizeof(st));
	st.s_version = FS_STATS_VERSION;
	st.s_fsys_flags = _MOUNT_READONLY;
	st.s_time_mount = 86400;
	st.s_buf_rcache = 3;
	st.s_buf_rphys = 1;
	st.s_buf_rphys_bytes = 4096;
	st.s_syscall_read_bytes = 100;
	st.s_syscall_open = 2;
	st.s_syscall_read = 4;
	mem = fmemopen(buf, sizeof(buf), "w");
	report(mem, &st);
	fclose(mem);
	ok(strncmp(buf, "version ", 8) == 0 && !strstr(buf, "(unknown)") &&
	   strstr(buf, "flags: read-only\n") != NULL,
	   "version and mount flags");
	ok(strstr(buf, "mounted ") && strstr(buf, "1970\n") &&
	   !strstr(buf, "counting since"), "the mount time through ctime()");
	ok(strstr(buf, "cache: 4 reads, 75% hits;") &&
	   strstr(buf, "device: 4096 bytes read, 0 written, 0 errors\n"),
	   "cache hit rate and device bytes");
	ok(strstr(buf, "clients: 100 bytes read") &&
	   strstr(buf, "requests: open 2 stat 0 read 4 "),
	   "client bytes and requests by kind");
	return tap_done();
}
