// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: names QNX sources use without including their headers,
 * because QNX's <devctl.h> and <sys/iomsg.h> bring them: the limits
 * (PATH_MAX, PIPE_BUF, INT_MAX, CHAR_BIT), struct stat and struct
 * statvfs, utime()'s struct utimbuf, and the kernel calls of
 * <sys/neutrino.h>.  Only those two headers are included besides
 * <stdio.h>, <stdlib.h>, <string.h> and <unistd.h>.
 *
 * corpus: run
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <devctl.h>
#include <sys/iomsg.h>

#include "tap.h"

/* A filesystem's DCMD_FSYS_STATVFS-style answer. */
static void fill_statvfs(struct statvfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_bsize = 512;
	st->f_namemax = NAME_MAX;
}

int main(void)
{
	char path[PATH_MAX];
	struct utimbuf times;
	struct statvfs sv;
	struct stat st;
	int (*reply)(int, long, const void *, size_t) = MsgReply;
	FILE *f;

	plan(6);
	ok(PATH_MAX >= 256 && PIPE_BUF >= 512 && CHAR_BIT == 8 &&
	   INT_MAX > 0, "limits from <devctl.h>");

	fill_statvfs(&sv);
	ok(sv.f_namemax == NAME_MAX, "struct statvfs");

	snprintf(path, sizeof(path), "/tmp/qnx-corpus-%d", (int)getpid());
	f = fopen(path, "w");
	ok(f != NULL, "create a file");
	if (f)
		fclose(f);
	times.actime = 1000000;
	times.modtime = 2000000;
	ok(utime(path, &times) == 0, "utime() with a struct utimbuf");
	ok(stat(path, &st) == 0 && st.st_mtime == 2000000 &&
	   S_ISREG(st.st_mode), "stat() sees it");
	unlink(path);

	ok(reply != NULL, "MsgReply() declared");
	return tap_done();
}
