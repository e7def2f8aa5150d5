// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * readdir(), readdir_r(), closedir(), scandir(), alphasort() and
 * versionsort() for QNX's struct dirent (<dirent.h>, libresmgr compat):
 * glibc reads the directory, and each entry is handed back in QNX's
 * layout from a buffer kept per stream (scandir(): one malloc() each).
 *
 * The library itself is built with RESMGR_LINUX_DIRENT; this file wants
 * the QNX declarations, so it drops that first.
 */
#undef RESMGR_LINUX_DIRENT
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resmgr_dirent.h>

/* glibc's own calls, under their names again. */
#undef readdir
#undef readdir_r
#undef closedir
#undef scandir
#undef alphasort
#undef versionsort

_Static_assert(sizeof(struct dirent) == sizeof(struct iofunc_dirent) &&
	       offsetof(struct dirent, d_name) ==
	       offsetof(struct iofunc_dirent, d_name),
	       "QNX struct dirent is struct iofunc_dirent's layout");

/* The entry readdir() last gave for one stream. */
struct qnx_dirbuf {
	struct qnx_dirbuf *next;
	DIR *dirp;
	union {
		struct dirent d;
		char room[IOFUNC_DIRENT_RECLEN(255)];
	} u;
};

static pthread_mutex_t dirbuf_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t dirbuf_once = PTHREAD_ONCE_INIT;
static struct qnx_dirbuf *dirbufs;

/* A child of fork() must not inherit the lock held. */
static void dirbuf_prepare(void)
{
	pthread_mutex_lock(&dirbuf_lock);
}

static void dirbuf_release(void)
{
	pthread_mutex_unlock(&dirbuf_lock);
}

static void dirbuf_init(void)
{
	pthread_atfork(dirbuf_prepare, dirbuf_release, dirbuf_release);
}

static struct qnx_dirbuf *dirbuf_get(DIR *dirp)
{
	struct qnx_dirbuf *b;

	pthread_once(&dirbuf_once, dirbuf_init);
	pthread_mutex_lock(&dirbuf_lock);
	for (b = dirbufs; b && b->dirp != dirp; b = b->next)
		;
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (b) {
			b->dirp = dirp;
			b->next = dirbufs;
			dirbufs = b;
		}
	}
	pthread_mutex_unlock(&dirbuf_lock);
	return b;
}

/* Fill @d from the next entry; 0, ENOENT at the end, or an errno. */
static int qnx_next(DIR *dirp, struct dirent *d)
{
	struct dirent64 *de;
	long pos;
	size_t len;

	pos = telldir(dirp);
	errno = 0;
	de = readdir64(dirp);
	if (!de)
		return errno ? errno : ENOENT;
	len = strnlen(de->d_name, 255);
	d->d_ino = de->d_ino;
	d->d_offset = pos;
	d->d_namelen = (int16_t)len;
	d->d_reclen = (int16_t)IOFUNC_DIRENT_RECLEN(len);
	memcpy(d->d_name, de->d_name, len);
	d->d_name[len] = '\0';
	return 0;
}

struct dirent *resmgr_qnx_readdir(DIR *dirp)
{
	struct qnx_dirbuf *b;
	int err;

	if (!dirp) {
		errno = EBADF;
		return NULL;
	}
	b = dirbuf_get(dirp);
	if (!b) {
		errno = ENOMEM;
		return NULL;
	}
	err = qnx_next(dirp, &b->u.d);
	if (err) {
		if (err != ENOENT)
			errno = err;
		return NULL;
	}
	return &b->u.d;
}

int resmgr_qnx_readdir_r(DIR *dirp, struct dirent *entry,
			 struct dirent **result)
{
	int err, saved = errno;

	*result = NULL;
	if (!dirp)
		return EBADF;
	err = qnx_next(dirp, entry);
	errno = saved;
	if (err == ENOENT)
		return 0;
	if (!err)
		*result = entry;
	return err;
}

int resmgr_qnx_closedir(DIR *dirp)
{
	struct qnx_dirbuf **pp, *b = NULL;

	pthread_mutex_lock(&dirbuf_lock);
	for (pp = &dirbufs; *pp; pp = &(*pp)->next) {
		if ((*pp)->dirp == dirp) {
			b = *pp;
			*pp = b->next;
			break;
		}
	}
	pthread_mutex_unlock(&dirbuf_lock);
	free(b);
	return closedir(dirp);
}

static int qnx_scandir_cmp(const void *a, const void *b, void *arg)
{
	int (*compar)(const struct dirent **, const struct dirent **) = arg;

	return compar((const struct dirent **)a, (const struct dirent **)b);
}

int resmgr_qnx_scandir(const char *dir, struct dirent ***namelist,
		       int (*sel)(const struct dirent *),
		       int (*compar)(const struct dirent **,
				     const struct dirent **))
{
	union {
		struct dirent d;
		char room[IOFUNC_DIRENT_RECLEN(255)];
	} u;
	struct dirent **list = NULL, **grown, *e;
	size_t n = 0, room = 0;
	int err = 0;
	DIR *dirp;

	if (!namelist) {
		errno = EINVAL;
		return -1;
	}
	dirp = opendir(dir);
	if (!dirp)
		return -1;
	while (!(err = qnx_next(dirp, &u.d))) {
		if (sel && !sel(&u.d))
			continue;
		if (n > INT_MAX - 1) {
			err = EOVERFLOW;
			break;
		}
		if (n == room) {
			room = room ? room * 2 : 16;
			grown = realloc(list, room * sizeof(*list));
			if (!grown) {
				err = ENOMEM;
				break;
			}
			list = grown;
		}
		e = malloc((size_t)u.d.d_reclen);
		if (!e) {
			err = ENOMEM;
			break;
		}
		memcpy(e, &u.d, (size_t)u.d.d_reclen);
		list[n++] = e;
	}
	closedir(dirp);
	if (err != ENOENT) {
		while (n)
			free(list[--n]);
		free(list);
		errno = err;
		return -1;
	}
	if (compar && n > 1)
		qsort_r(list, n, sizeof(*list), qnx_scandir_cmp,
			(void *)compar);
	*namelist = list;
	return (int)n;
}

int resmgr_qnx_alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

int resmgr_qnx_versionsort(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}
