// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mount.resmgr, umount.resmgr: mount(8) and umount(8) helpers that turn
 * their requests into QNX mount requests (resmgr_mount(), which the
 * servers with an unnamed _FTYPE_MOUNT attach receive), as QNX's
 * "mount -T type special dir" does:
 *
 *	mount -t resmgr.<type> [-o options] <special> <dir>
 *	mount -t resmgr -o type=<type>[,options] <special> <dir>
 *	umount <dir>			(a resmgr mount)
 *
 * util-linux runs /sbin/mount.resmgr with "<special> <dir> [-sfnv] [-N
 * ns] [-o options] [-t resmgr.<type>]" and /sbin/umount.resmgr with
 * "<dir> [-nlfvr] [-N ns] [-t ...]".  Options ro, rw, nosuid, nodev,
 * noexec and remount become _MOUNT_* flags, "type=" names the type, and
 * the others go to the server as its data, a NUL-terminated
 * comma-separated list (QNX's "-o" string).  "none" or "-" as the special
 * means none.  umount.resmgr asks the servers first; when none takes the
 * request (ENODEV) it unmounts the name itself, as umount(8) would have.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/iomsg.h>

#define DATA_MAX	4096

static const struct {
	const char *name;
	int set, clear;
} known[] = {
	{ "ro", _MOUNT_READONLY, 0 },
	{ "rw", 0, _MOUNT_READONLY },
	{ "nosuid", _MOUNT_NOSUID, 0 },
	{ "suid", 0, _MOUNT_NOSUID },
	{ "nodev", _MOUNT_NODEV, 0 },
	{ "dev", 0, _MOUNT_NODEV },
	{ "noexec", _MOUNT_NOEXEC, 0 },
	{ "exec", 0, _MOUNT_NOEXEC },
	{ "remount", _MOUNT_REMOUNT, 0 },
	{ "defaults", 0, 0 },
};

/* Split @opts into flags, the type and the server's data; -1 if too long. */
static int parse_options(char *opts, int *flags, char **type, char *data)
{
	char *o, *save = NULL;
	size_t used = 0, i;

	for (o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!strcmp(o, known[i].name))
				break;
		if (i < sizeof(known) / sizeof(known[0])) {
			*flags = (*flags | known[i].set) & ~known[i].clear;
			continue;
		}
		if (!strncmp(o, "type=", 5)) {
			*type = o + 5;
			continue;
		}
		if (used + strlen(o) + 2 > DATA_MAX)
			return -1;
		used += sprintf(data + used, "%s%s", used ? "," : "", o);
	}
	return 0;
}

static int usage(const char *me)
{
	fprintf(stderr,
		"usage: %s <special> <dir> [-sfnv] [-N ns] [-o options] [-t resmgr.<type>]\n"
		"       umount.resmgr <dir> [-nlfvr] [-N ns] [-t type]\n", me);
	return 1;
}

int main(int argc, char **argv)
{
	char *me = basename(argv[0]), *type = NULL, *opts = NULL;
	bool unmount = !strncmp(me, "umount", 6), fake = false;
	static char data[DATA_MAX];
	int flags = 0, c, ret;
	char *special, *dir;

	/* GNU getopt(): options after the operands, as mount(8) puts them. */
	while ((c = getopt(argc, argv, "sfnvlrN:o:t:")) != -1) {
		switch (c) {
		case 'f':
			if (unmount)
				flags |= _MOUNT_FORCE;
			else
				fake = true;
			break;
		case 'o':
			opts = optarg;
			break;
		case 't':
			/* "resmgr.<type>", or just "resmgr" */
			type = strchr(optarg, '.') ? strchr(optarg, '.') + 1 : NULL;
			break;
		case 'N':	/* the namespace: mount(8) has entered it */
		case 's': case 'n': case 'v': case 'l': case 'r':
			break;
		default:
			return usage(me);
		}
	}
	if (argc - optind != (unmount ? 1 : 2))
		return usage(me);
	if (opts && parse_options(opts, &flags, &type, data) < 0) {
		fprintf(stderr, "%s: options too long\n", me);
		return 1;
	}
	if (unmount) {
		dir = argv[optind];
		if (!resmgr_umount(dir, flags))
			return 0;
		if (errno == ENODEV &&
		    !umount2(dir, flags & _MOUNT_FORCE ? MNT_FORCE : 0))
			return 0;
		fprintf(stderr, "%s: %s: %s\n", me, dir, strerror(errno));
		return 32;	/* mount(8)'s "mount failure" */
	}
	special = argv[optind];
	dir = argv[optind + 1];
	if (!strcmp(special, "none") || !strcmp(special, "-"))
		special = NULL;
	if (!type || !*type) {
		fprintf(stderr, "%s: no type: -t resmgr.<type> or -o type=<type>\n",
			me);
		return 1;
	}
	if (fake)
		return 0;
	ret = resmgr_mount(special, dir, flags, type, *data ? data : NULL,
			   *data ? (int)strlen(data) + 1 : 0);
	if (ret < 0) {
		fprintf(stderr, "%s: %s on %s: %s\n", me, type, dir,
			errno == ENODEV ? "no server mounts this type" :
					  strerror(errno));
		return 32;
	}
	return 0;
}
