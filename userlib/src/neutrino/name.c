// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * name_attach(), name_detach(), name_open(), name_close(): a channel
 * found by name.
 *
 * On QNX the process manager keeps the names, under /dev/name/local (and
 * /dev/name/global for the network's).  Here a name is a symbolic link
 * in the same place, made by name_attach():
 *
 *	/dev/name/local/<name> -> "resmgr-chan:<pid>:<start>:<chid>"
 *
 * <start> is the process's start time (/proc/<pid>/stat), so a link left
 * by a process that died is never taken for a new process that got the
 * same pid.  The link is what `ls /dev/name/local` shows, and what
 * name_open() follows: it checks the process is the one that made the
 * link, ConnectAttach()es to its channel and sends the _IO_CONNECT
 * message a QNX name_attach() server answers (with MsgReply(rcvid, EOK,
 * ...)) before any of its own messages.
 *
 * A server that dies leaves its link behind; the next name_open() or
 * name_attach() of the name finds it dead and removes it.  Creating the
 * link with symlink(2) is atomic, so of two servers attaching one name
 * only one succeeds; the other gets EEXIST.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

#define RM_NAME_ROOT	"/dev/name"
#define RM_NAME_PREFIX	"resmgr-chan:"
/* The channel flags QNX's name_attach() creates its channel with. */
#define RM_NAME_CHF	(_NTO_CHF_DISCONNECT | _NTO_CHF_COID_DISCONNECT | \
			 _NTO_CHF_UNBLOCK)

struct rm_name {
	name_attach_t pub;
	bool own_channel;	/* made by name_attach(), not the caller's */
	char target[64];	/* what our link says */
	char path[];		/* the link */
};

/*
 * A name is relative, not empty, and has no empty, "." or ".."
 * component (QNX refuses the same).
 */
static int rm_name_check(const char *name)
{
	const char *c = name;

	if (!name || !*name || *name == '/')
		return EINVAL;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return EINVAL;
		c += n;
		if (*c == '/')
			c++;
		if (!*c && c[-1] == '/')
			return EINVAL;
	}
	return EOK;
}

/* The link of @name: /dev/name/{local,global}/@name. */
static int rm_name_path(char *buf, size_t room, const char *name, bool global)
{
	int n = snprintf(buf, room, "%s/%s/%s", RM_NAME_ROOT,
			 global ? "global" : "local", name);

	return n < 0 || (size_t)n >= room ? ENAMETOOLONG : EOK;
}

/* When process @pid started, in clock ticks since boot (stat field 22). */
static int rm_proc_start(pid_t pid, unsigned long long *start)
{
	char path[32], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? ESRCH : errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return ESRCH;
	buf[n] = '\0';
	/* The command name may hold anything: start after its last ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return ESRCH;
	/* Fields 3 to 21, then the start time. */
	for (int field = 3; field <= 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return ESRCH;
	}
	*start = strtoull(p + 1, NULL, 10);
	return EOK;
}

/*
 * Read the link at @path.  EOK and @pid/@chid: a live server's; ENOENT:
 * none; ESTALE: a dead server's (its target in @target); EEXIST:
 * something that is not a name.
 */
static int rm_name_read(const char *path, char *target, size_t room,
			pid_t *pid, int *chid)
{
	unsigned long long start, now;
	int p, c, used = 0;
	ssize_t n;

	n = readlink(path, target, room - 1);
	if (n < 0)
		return errno == EINVAL ? EEXIST : errno;
	target[n] = '\0';
	if (sscanf(target, RM_NAME_PREFIX "%d:%llu:%d%n", &p, &start, &c,
		   &used) != 3 || (size_t)used != (size_t)n || p <= 0 || c <= 0)
		return EEXIST;
	if (rm_proc_start(p, &now) || now != start)
		return ESTALE;
	*pid = p;
	*chid = c;
	return EOK;
}

/* Remove a dead server's link, unless someone replaced it meanwhile. */
static void rm_name_reap(const char *path, const char *target)
{
	char again[64];
	ssize_t n = readlink(path, again, sizeof(again) - 1);

	if (n < 0)
		return;
	again[n] = '\0';
	if (!strcmp(again, target))
		unlink(path);
}

/* The directories above @path: world-writable and sticky, as /tmp. */
static int rm_name_mkdirs(const char *path)
{
	char dir[PATH_MAX];
	size_t root = strlen(RM_NAME_ROOT);

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *s = dir + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(dir, 01777) == 0) {
			/* Not the umask's: anyone may attach a name. */
			if (chmod(dir, strlen(dir) == root ? 0755 : 01777))
				return errno;
		} else if (errno != EEXIST) {
			return errno;
		}
		*s = '/';
	}
	return EOK;
}

static int rm_name_link(struct rm_name *nm)
{
	char old[64];
	pid_t pid;
	int chid, err;

	err = rm_name_mkdirs(nm->path);
	if (err)
		return err;
	/* Twice at most: once more after removing a dead server's link. */
	for (int tries = 0; tries < 2; tries++) {
		if (symlink(nm->target, nm->path) == 0)
			return EOK;
		if (errno != EEXIST)
			return errno;
		err = rm_name_read(nm->path, old, sizeof(old), &pid, &chid);
		if (err == ENOENT)
			continue;	/* gone meanwhile */
		if (err != ESTALE)
			return EEXIST;
		rm_name_reap(nm->path, old);
	}
	return EEXIST;
}

name_attach_t *name_attach(dispatch_t *dpp, const char *path, unsigned flags)
{
	unsigned long long start;
	struct rm_name *nm;
	char link[PATH_MAX];
	int err, chid;

	err = rm_name_check(path);
	if (!err && (flags & ~NAME_FLAG_ATTACH_GLOBAL))
		err = EINVAL;
	if (!err)
		err = rm_name_path(link, sizeof(link), path,
				   flags & NAME_FLAG_ATTACH_GLOBAL);
	if (!err)
		err = rm_proc_start(getpid(), &start);
	if (err) {
		errno = err;
		return NULL;
	}
	nm = calloc(1, sizeof(*nm) + strlen(link) + 1);
	if (!nm)
		return NULL;
	strcpy(nm->path, link);
	if (dpp) {
		chid = rm_ipc_channel_of(dpp);
		if (chid < 0)
			chid = rm_ipc_publish(dpp, RM_NAME_CHF);
	} else {
		chid = ChannelCreate_r(RM_NAME_CHF);
		nm->own_channel = chid >= 0;
		dpp = chid >= 0 ? rm_ipc_channel(chid) : NULL;
	}
	if (chid < 0) {
		free(nm);
		errno = -chid;
		return NULL;
	}
	nm->pub.dpp = dpp;
	nm->pub.chid = chid;
	nm->pub.mntid = -1;
	snprintf(nm->target, sizeof(nm->target), RM_NAME_PREFIX "%d:%llu:%d",
		 (int)getpid(), start, chid);
	err = rm_name_link(nm);
	if (err) {
		if (nm->own_channel)
			ChannelDestroy(chid);
		free(nm);
		errno = err;
		return NULL;
	}
	return &nm->pub;
}

int name_detach(name_attach_t *attach, unsigned flags)
{
	struct rm_name *nm;

	if (!attach || (flags & ~NAME_FLAG_DETACH_SAVEDPP)) {
		errno = EINVAL;
		return -1;
	}
	nm = rm_container_of(attach, struct rm_name, pub);
	/* Only our own link: a name that was taken over is not ours. */
	rm_name_reap(nm->path, nm->target);
	if (!(flags & NAME_FLAG_DETACH_SAVEDPP)) {
		if (nm->own_channel) {
			ChannelDestroy(attach->chid);
		} else {
			rm_ipc_forget(attach->chid);
			dispatch_destroy(attach->dpp);
		}
	}
	free(nm);
	return 0;
}

/* The _IO_CONNECT a name_attach() server expects first, and answers. */
static int rm_name_hello(int coid, const char *name)
{
	size_t plen = strlen(name) + 1;
	struct _io_connect *c = calloc(1, sizeof(*c) + plen);
	long ret;

	if (!c)
		return ENOMEM;
	c->type = _IO_CONNECT;
	c->subtype = _IO_CONNECT_OPEN;
	c->file_type = _FTYPE_ANY;
	c->ioflag = O_RDWR;
	c->path_len = (uint16_t)plen;
	memcpy(c->path, name, plen);
	ret = MsgSend(coid, c, sizeof(*c) + plen, NULL, 0);
	free(c);
	return ret < 0 ? errno : EOK;
}

static int rm_name_open_in(const char *name, bool global)
{
	char link[PATH_MAX], target[64];
	pid_t pid;
	int chid, coid, err;

	err = rm_name_path(link, sizeof(link), name, global);
	if (!err)
		err = rm_name_read(link, target, sizeof(target), &pid, &chid);
	if (err == ESTALE) {
		rm_name_reap(link, target);
		err = ENOENT;
	} else if (err == EEXIST) {
		err = ENOENT;	/* something else is there: not a name */
	}
	if (err)
		return -err;
	coid = ConnectAttach_r(0, pid, chid, _NTO_SIDE_CHANNEL,
			       _NTO_COF_CLOEXEC);
	if (coid < 0)
		return coid == -ESRCH ? -ENOENT : coid;
	err = rm_name_hello(coid, name);
	if (err) {
		ConnectDetach(coid);
		return -err;
	}
	return coid;
}

int name_open(const char *name, int flags)
{
	int ret;

	ret = rm_name_check(name);
	if (!ret && (flags & ~(int)NAME_FLAG_ATTACH_GLOBAL))
		ret = EINVAL;
	if (ret) {
		errno = ret;
		return -1;
	}
	ret = rm_name_open_in(name, false);
	/* A global name is looked for only when asked, after the local. */
	if (ret == -ENOENT && (flags & NAME_FLAG_ATTACH_GLOBAL))
		ret = rm_name_open_in(name, true);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

int name_close(int coid)
{
	return ConnectDetach(coid);
}
