/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A resmgr server speaking the raw protocol of uapi/linux/resmgr.h, with
 * no library in between, for selftests that check what the kernel does
 * on its own: the messages it sends, how it treats good and bad replies,
 * and what happens when either side dies.
 *
 * The server runs in a forked child so a test can kill it; what it saw is
 * counted in shared memory.  It serves one file whose content is
 * srv->content; behaviour is chosen by srv->mode.
 */
#ifndef RAW_SERVER_H
#define RAW_SERVER_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/resmgr.h>

enum raw_mode {
	RAW_NORMAL,
	RAW_NO_REPLY_READ,	/* hold every READ forever */
	RAW_READ_TOO_MUCH,	/* answer READ with more than asked */
	RAW_READ_SHORT_HDR,	/* answer READ with half a header */
	RAW_READ_WRONG_ID,	/* answer READ with an unknown id, then right */
	RAW_READ_BAD_STATUS,	/* status larger than the data supplied */
	RAW_DEFER_READ,		/* hand READs to another thread to answer */
	RAW_UNBLOCK_EINTR,	/* hold READs; answer EINTR on UNBLOCK */
};

#define RAW_CONTENT_MAX	(2 << 20)

/* The argument of RESMGR_IOC_DETACH for link @id. */
#define resmgr_detach_arg(id) \
	(&(struct resmgr_detach){ .size = sizeof(struct resmgr_detach), .link = (id) })

/* Commands the raw server knows (Linux ioctl encoding, as devctl's). */
#define RAW_DCMD_GET		_IOR('x', 1, int)	/* data 42, returns 7 */
#define RAW_DCMD_SET		_IOW('x', 2, int)	/* stores the int */
#define RAW_DCMD_DOUBLE		_IOWR('x', 3, int)	/* int in, twice it out */
#define RAW_DCMD_BIG		_IOR('x', 4, char[4096])	/* the content */
#define RAW_DCMD_TOO_MUCH	_IOR('x', 5, int)	/* answers 8 bytes */
#define RAW_DCMD_NEGATIVE	_IO('x', 6)		/* status -5 */
#define RAW_DCMD_PARTIAL	_IOR('x', 7, char[64])	/* answers 10 bytes */
#define RAW_DCMD_NOSYS		_IO('x', 8)		/* fails ENOSYS */
#define RAW_MAX_OCBS	64
#define RAW_RECORD_MAX	256	/* bytes after the in header recorded */
#define RAW_MAX_THREADS	8

struct raw_shared {
	volatile int ready;
	volatile int opens, close_dups, close_ocbs, reads, writes, stats;
	volatile int last_xtype;
	volatile uint32_t last_ioflag, last_uid;
	volatile long long written;	/* bytes taken by WRITE */
	volatile unsigned int write_sum;	/* checksum of written data */
	volatile int hostile_errno;	/* what XFER said to a bad reply */
	volatile int hostile_errno2;
	volatile int served[RAW_MAX_THREADS];	/* requests taken, per thread */
	volatile int deferred;			/* READs answered by the replier */
	volatile int close_ocb_events;		/* CLOSE_OCB messages */
	volatile int devctls;
	volatile int notifies;			/* NOTIFY messages */
	volatile int readable;			/* POLLIN is ready */
	volatile uint32_t notify_kh;		/* armed by a NOTIFY for POLLIN */
	volatile int make_readable;		/* test: 1 = become readable */
	volatile int notify_ret;		/* errno of RESMGR_IOC_NOTIFY */
	volatile int unblocks;			/* UNBLOCK events */
	volatile uint32_t unblock_info_flags;	/* MSGINFO of the target */
	volatile uint32_t last_dcmd;
	volatile int devctl_val;
	char content[RAW_CONTENT_MAX];
	size_t content_len;
	long long ocb_off[RAW_MAX_OCBS];
	volatile int ops[RESMGR_OP_MAX + 1];	/* messages, per opcode */
	struct raw_recorded {			/* each opcode's latest */
		struct resmgr_in_header ih;
		unsigned char body[RAW_RECORD_MAX];
	} last[RESMGR_OP_MAX + 1];
};

struct raw_reply;
struct raw_srv;

/*
 * A test's own handling of a message, run in the server before the
 * built-in one: fill the reply (r, iov[0..], *iovcnt as raw_serve()
 * does; *iovcnt = 0 sends none) and return true, or return false to
 * leave the message to raw_serve().
 */
typedef bool (*raw_handler_t)(struct raw_srv *srv, int chan,
			      struct resmgr_in_header *ih, int n,
			      struct raw_reply *r, struct iovec *iov,
			      int *iovcnt);

struct raw_srv {
	struct raw_shared *sh;
	enum raw_mode mode;
	raw_handler_t handler;	/* optional, see raw_handler_t */
	uint32_t attach_mode;	/* S_IFMT | permissions; 0: S_IFCHR | 0666 */
	int threads;		/* server threads on the channel; 0 means 1 */
	int chan;		/* in the server child */
	int defer_pipe[2];	/* RAW_DEFER_READ: receiver -> replier */
	pid_t pid;
	char path[128];
};

/* RESMGR_FEAT_* a raw server's HELLO asks for; none unless a test says. */
static uint64_t raw_features;

static inline int raw_chan_open(void)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
		.features = raw_features,
	};
	int fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ioctl(fd, RESMGR_IOC_HELLO, &h)) {
		close(fd);
		return -1;
	}
	raw_features = h.features;	/* what was granted */
	return fd;
}

/* Attach @path as @mode: ATTACH, placeholder, mount, BIND.  0 or -errno. */
static inline int raw_attach_mode(int chan, const char *path, uint32_t mode,
				  uint32_t *linkp)
{
	struct resmgr_attach at = {
		.size = sizeof(at), .mode = mode,
		.flags = S_ISDIR(mode) ? RESMGR_ATTACH_DIR : 0,
	};
	struct resmgr_bind b = { .size = sizeof(b), .flags = RESMGR_BIND_PLACEHOLDER };
	char opts[64];
	int fd;

	if (ioctl(chan, RESMGR_IOC_ATTACH, &at))
		return -errno;
	/* A directory prefix mounts on a directory. */
	if (S_ISDIR(mode)) {
		if (mkdir(path, 0700))
			return -errno;
	} else {
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		close(fd);
	}
	/* The placeholder, for the kernel to remove if we die. */
	b.placeholder_fd = open(path, O_PATH | O_CLOEXEC);
	snprintf(opts, sizeof(opts), "fd=%d,link=%u", chan, at.link);
	if (mount("resmgr", path, "resmgr", MS_NOSUID, opts))
		return -errno;
	b.link = at.link;
	b.path_fd = open(path, O_PATH | O_CLOEXEC);
	if (b.path_fd < 0 || ioctl(chan, RESMGR_IOC_BIND, &b))
		return -errno;
	close(b.path_fd);
	close(b.placeholder_fd);
	*linkp = at.link;
	return 0;
}

/* Attach srv->path: ATTACH, placeholder, mount, BIND.  0 or -errno. */
static inline int raw_attach(int chan, const char *path, uint32_t *linkp)
{
	return raw_attach_mode(chan, path, S_IFCHR | 0666, linkp);
}

struct raw_reply {
	struct resmgr_out_header oh;
	union {
		struct resmgr_open_out open;
		struct resmgr_stat stat;
		struct resmgr_lock_out lock;
	} body;
};

static inline int raw_xfer(int chan, struct iovec *iov, int iovcnt, void *buf,
			   size_t len)
{
	struct resmgr_xfer x = {
		.size = sizeof(x),
		.reply_iov = (uintptr_t)iov, .reply_iovcnt = iovcnt,
		.recv_buf = (uintptr_t)buf, .recv_len = len,
	};
	int ret;

	do {
		ret = ioctl(chan, RESMGR_IOC_XFER, &x);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

static inline int raw_reply_only(int chan, struct iovec *iov, int iovcnt)
{
	return raw_xfer(chan, iov, iovcnt, NULL, 0);
}

struct raw_deferred {
	uint64_t unique;
	long long pos;
	size_t cnt;
};

/* RAW_DEFER_READ: answer READs another thread received, a little later. */
static inline void *raw_replier(void *arg)
{
	struct raw_srv *srv = arg;
	struct raw_deferred d;

	while (read(srv->defer_pipe[0], &d, sizeof(d)) == sizeof(d)) {
		struct resmgr_out_header oh = {
			.len = sizeof(oh) + d.cnt, .unique = d.unique,
			.status = d.cnt,
		};
		struct iovec iov[2] = {
			{ &oh, sizeof(oh) }, { srv->sh->content + d.pos, d.cnt },
		};

		usleep(20000);
		if (raw_reply_only(srv->chan, iov, 2) == 0)
			__sync_add_and_fetch(&srv->sh->deferred, 1);
	}
	return NULL;
}

static inline void raw_serve(int chan, struct raw_srv *srv, int thread);

/* Data "arrives" when the test says so: wake the armed poller. */
static inline void *raw_notifier(void *arg)
{
	struct raw_srv *srv = arg;
	struct raw_shared *sh = srv->sh;

	for (;;) {
		usleep(1000);
		if (sh->make_readable != 1)
			continue;
		sh->make_readable = 2;
		sh->readable = 1;
		if (sh->notify_kh) {
			struct resmgr_notify n = {
				.size = sizeof(n),
				.kh = sh->notify_kh, .events = POLLIN | POLLRDNORM,
			};

			sh->notify_ret = ioctl(srv->chan, RESMGR_IOC_NOTIFY, &n) ?
					 errno : 0;
		}
	}
	return NULL;
}

struct raw_thread_arg {
	struct raw_srv *srv;
	int thread;
};

static inline void *raw_thread(void *arg)
{
	struct raw_thread_arg *a = arg;

	raw_serve(a->srv->chan, a->srv, a->thread);
	return NULL;
}

/* Serve until the channel dies.  Runs in the child, in each thread. */
static inline void raw_serve(int chan, struct raw_srv *srv, int thread)
{
	struct raw_shared *sh = srv->sh;
	size_t buflen = 64 * 1024;
	char *buf = malloc(buflen), *data = malloc(RAW_CONTENT_MAX);
	struct iovec iov[2];
	int iovcnt = 0, dval = 0;
	struct raw_reply r;

	for (;;) {
		struct resmgr_in_header *ih = (void *)buf;
		void *body = buf + sizeof(*ih);
		int n = raw_xfer(chan, iovcnt ? iov : NULL, iovcnt, buf, buflen);
		long long *off;

		iovcnt = 0;
		if (n < 0) {
			if (errno == ESRCH || errno == EINVAL)
				continue;	/* reply refused: keep serving */
			_exit(0);
		}
		__sync_add_and_fetch(&sh->served[thread], 1);
		if (ih->opcode <= RESMGR_OP_MAX) {
			struct raw_recorded *rec = &sh->last[ih->opcode];
			size_t blen = n - sizeof(*ih);

			rec->ih = *ih;
			memset(rec->body, 0, sizeof(rec->body));
			memcpy(rec->body, body, blen < sizeof(rec->body) ?
			       blen : sizeof(rec->body));
			__sync_add_and_fetch(&sh->ops[ih->opcode], 1);
		}
		memset(&r, 0, sizeof(r));
		r.oh.unique = ih->unique;
		r.oh.len = sizeof(r.oh);
		iov[0].iov_base = &r;
		iov[0].iov_len = sizeof(r.oh);
		iovcnt = 1;
		off = &sh->ocb_off[ih->ocb % RAW_MAX_OCBS];
		if (srv->handler &&
		    srv->handler(srv, chan, ih, n, &r, iov, &iovcnt))
			continue;

		switch (ih->opcode) {
		case RESMGR_OP_OPEN: {
			struct resmgr_connect_in *c = body;
			int id = __sync_add_and_fetch(&sh->opens, 1);

			sh->last_ioflag = c->ioflag;
			sh->last_uid = c->cred.euid;
			r.body.open.ocb = id;
			sh->ocb_off[id % RAW_MAX_OCBS] = 0;
			iov[0].iov_len = r.oh.len = sizeof(r.oh) + sizeof(r.body.open);
			break;
		}
		case RESMGR_OP_STAT_PATH:
		case RESMGR_OP_STAT:
			__sync_add_and_fetch(&sh->stats, 1);
			r.body.stat.mode = 0640;
			r.body.stat.nlink = 1;
			r.body.stat.ino = 4242;
			r.body.stat.size = sh->content_len;
			r.body.stat.mtime_sec = 1000000000;
			iov[0].iov_len = r.oh.len = sizeof(r.oh) + sizeof(r.body.stat);
			break;
		case RESMGR_OP_READ: {
			struct resmgr_rw_in *rw = body;
			long long pos = rw->xtype == RESMGR_XTYPE_OFFSET ? rw->offset : *off;
			size_t avail = pos < (long long)sh->content_len ?
				       sh->content_len - pos : 0;
			size_t cnt = rw->nbytes < avail ? rw->nbytes : avail;

			__sync_add_and_fetch(&sh->reads, 1);
			sh->last_xtype = rw->xtype;
			if (srv->mode == RAW_NO_REPLY_READ ||
			    srv->mode == RAW_UNBLOCK_EINTR) {
				iovcnt = 0;
				break;
			}
			if (srv->mode == RAW_DEFER_READ) {
				struct raw_deferred d = { ih->unique, pos, cnt };

				if (write(srv->defer_pipe[1], &d, sizeof(d)) != sizeof(d))
					_exit(1);
				iovcnt = 0;
				break;
			}
			iov[1].iov_base = sh->content + pos;
			iov[1].iov_len = cnt;
			iovcnt = 2;
			r.oh.status = cnt;
			r.oh.len = sizeof(r.oh) + cnt;
			if (rw->xtype != RESMGR_XTYPE_OFFSET) {
				*off = pos + cnt;
				r.oh.flags = RESMGR_OUT_F_OFFSET;
				r.oh.offset = *off;
			}
			if (srv->mode == RAW_READ_TOO_MUCH) {
				iov[1].iov_base = sh->content;
				iov[1].iov_len = rw->nbytes + 16;
				r.oh.len = sizeof(r.oh) + rw->nbytes + 16;
			} else if (srv->mode == RAW_READ_SHORT_HDR) {
				iov[0].iov_len = sizeof(r.oh) / 2;
				iovcnt = 1;
			} else if (srv->mode == RAW_READ_BAD_STATUS) {
				r.oh.status = cnt + 1;
			} else if (srv->mode == RAW_READ_WRONG_ID) {
				r.oh.unique += 1000;
				if (raw_reply_only(chan, iov, iovcnt) < 0)
					sh->hostile_errno2 = errno;
				r.oh.unique -= 1000;
				break;
			}
			if (srv->mode != RAW_NORMAL) {
				if (raw_reply_only(chan, iov, iovcnt) < 0)
					sh->hostile_errno = errno;
				iovcnt = 0;
			}
			break;
		}
		case RESMGR_OP_WRITE: {
			struct resmgr_rw_in *rw = body;
			size_t have = n - sizeof(*ih) - sizeof(*rw);
			struct resmgr_msgio m = {
				.size = sizeof(m),
				.unique = ih->unique, .offset = 0,
				.buf = (uintptr_t)data, .len = rw->nbytes,
			};
			unsigned int sum = 0;
			size_t i;

			__sync_add_and_fetch(&sh->writes, 1);
			sh->last_xtype = rw->xtype;
			/* Everything, the part we got and the rest, via MSGREAD. */
			m.offset = sizeof(*ih) + sizeof(*rw);
			if (ioctl(chan, RESMGR_IOC_MSGREAD, &m) != (int)rw->nbytes)
				have = 0;
			else
				have = rw->nbytes;
			for (i = 0; i < have; i++)
				sum = sum * 31 + (unsigned char)data[i];
			sh->write_sum = sum;
			sh->written += have;
			r.oh.status = have;
			if (rw->xtype != RESMGR_XTYPE_OFFSET) {
				*off += have;
				r.oh.flags = RESMGR_OUT_F_OFFSET;
				r.oh.offset = *off;
			}
			break;
		}
		case RESMGR_OP_LSEEK: {
			struct resmgr_lseek_in *l = body;
			long long base = l->whence == SEEK_SET ? 0 :
					 l->whence == SEEK_CUR ? *off :
					 (long long)sh->content_len;

			if (base + l->offset < 0) {
				r.oh.error = EINVAL;
				break;
			}
			*off = base + l->offset;
			r.oh.status = *off;
			r.oh.flags = RESMGR_OUT_F_OFFSET;
			r.oh.offset = *off;
			break;
		}
		case RESMGR_OP_DEVCTL: {
			struct resmgr_devctl_in *d = body;
			int *arg = (int *)(d + 1);

			__sync_add_and_fetch(&sh->devctls, 1);
			sh->last_dcmd = d->dcmd;
			iov[1].iov_base = &dval;
			iov[1].iov_len = sizeof(dval);
			switch (d->dcmd) {
			case RAW_DCMD_GET:
				dval = 42;
				r.oh.status = 7;
				iovcnt = 2;
				break;
			case RAW_DCMD_SET:
				sh->devctl_val = *arg;
				break;
			case RAW_DCMD_DOUBLE:
				dval = *arg * 2;
				iovcnt = 2;
				break;
			case RAW_DCMD_BIG:
				iov[1].iov_base = sh->content;
				iov[1].iov_len = 4096;
				iovcnt = 2;
				break;
			case RAW_DCMD_TOO_MUCH:
				iov[1].iov_len = 8;
				iovcnt = 2;
				break;
			case RAW_DCMD_NEGATIVE:
				r.oh.status = -5;
				break;
			case RAW_DCMD_NOSYS:
				r.oh.error = ENOSYS;
				break;
			case RAW_DCMD_PARTIAL:
				iov[1].iov_base = sh->content;
				iov[1].iov_len = 10;
				iovcnt = 2;
				break;
			default:
				r.oh.error = ENOTTY;
				break;
			}
			if (iovcnt == 2)
				r.oh.len = sizeof(r.oh) + iov[1].iov_len;
			if (d->dcmd == RAW_DCMD_TOO_MUCH || d->dcmd == RAW_DCMD_NEGATIVE) {
				if (raw_reply_only(chan, iov, iovcnt) < 0)
					sh->hostile_errno = errno;
				iovcnt = 0;
			}
			break;
		}
		case RESMGR_OP_NOTIFY: {
			struct resmgr_notify_in *nt = body;
			unsigned int ready = POLLOUT | POLLWRNORM;

			__sync_add_and_fetch(&sh->notifies, 1);
			if (sh->readable)
				ready |= POLLIN | POLLRDNORM;
			else if (nt->events & (POLLIN | POLLRDNORM))
				sh->notify_kh = nt->kh;	/* arm */
			r.oh.status = ready & nt->events;
			break;
		}
		case RESMGR_OP_CLOSE_DUP:
			__sync_add_and_fetch(&sh->close_dups, 1);
			/* The last reference: the OCB ends with it. */
			if (ih->flags & RESMGR_IN_F_LAST)
				__sync_add_and_fetch(&sh->close_ocbs, 1);
			break;
		case RESMGR_OP_CLOSE_OCB:
			__sync_add_and_fetch(&sh->close_ocbs, 1);
			__sync_add_and_fetch(&sh->close_ocb_events, 1);
			iovcnt = 0;
			break;
		case RESMGR_OP_UNBLOCK: {
			struct resmgr_unblock_in *u = body;
			struct resmgr_msginfo mi = { .size = sizeof(mi), .unique = u->target };

			__sync_add_and_fetch(&sh->unblocks, 1);
			iovcnt = 0;
			if (srv->mode != RAW_UNBLOCK_EINTR)
				break;
			if (!ioctl(chan, RESMGR_IOC_MSGINFO, &mi))
				sh->unblock_info_flags = mi.flags;
			/* QNX's iofunc_unblock: MsgError(rcvid, EINTR). */
			r.oh.unique = u->target;
			r.oh.error = EINTR;
			iovcnt = 1;
			break;
		}
		default:
			if (ih->opcode >= RESMGR_OP_CLOSE_OCB)
				iovcnt = 0;
			else
				r.oh.error = ENOSYS;
			break;
		}
	}
}

/*
 * Fork a server: the child opens a channel, attaches @path showing @mode
 * and runs @serve(@chan, @arg) until it is killed.  Returns 0 once the
 * name is attached, with the child in *@pid, or -errno.  For tests with
 * a serve loop of their own; raw_start() is this with raw_serve().
 */
static inline int raw_spawn(const char *path, uint32_t mode,
			    void (*serve)(int chan, void *arg), void *arg,
			    pid_t *pid)
{
	int pipefd[2], err = 0;

	if (pipe(pipefd))
		return -errno;
	*pid = fork();
	if (*pid < 0)
		return -errno;
	if (*pid == 0) {
		uint32_t link;
		int chan = raw_chan_open();

		close(pipefd[0]);
		err = chan < 0 ? -errno :
		      raw_attach_mode(chan, path, mode, &link);
		if (write(pipefd[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(1);
		close(pipefd[1]);
		serve(chan, arg);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &err, sizeof(err)) != sizeof(err))
		err = -EIO;
	close(pipefd[0]);
	return err;
}

/* Kill a raw_spawn() server and take its name down. */
static inline void raw_reap(pid_t *pid, const char *path)
{
	if (*pid > 0) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
		*pid = 0;
	}
	umount2(path, MNT_DETACH);
	/* A directory attach's placeholder is a directory. */
	if (unlink(path) && errno == EISDIR)
		rmdir(path);
}

/* raw_start()'s server: its helper threads, then the serve loop. */
static inline void raw_start_serve(int chan, void *arg)
{
	static struct raw_thread_arg args[RAW_MAX_THREADS];
	struct raw_srv *srv = arg;
	pthread_t thr;
	int i;

	srv->chan = chan;
	if (pthread_create(&thr, NULL, raw_notifier, srv))
		_exit(1);
	if (srv->mode == RAW_DEFER_READ &&
	    (pipe(srv->defer_pipe) ||
	     pthread_create(&thr, NULL, raw_replier, srv)))
		_exit(1);
	for (i = 1; i < srv->threads && i < RAW_MAX_THREADS; i++) {
		args[i].srv = srv;
		args[i].thread = i;
		if (pthread_create(&thr, NULL, raw_thread, &args[i]))
			_exit(1);
	}
	raw_serve(chan, srv, 0);
}

/* Start a server on @path in a child process.  0 or -errno. */
static inline int raw_start(struct raw_srv *srv, const char *path,
			    enum raw_mode mode)
{
	srv->sh = mmap(NULL, sizeof(*srv->sh), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (srv->sh == MAP_FAILED)
		return -errno;
	srv->mode = mode;
	snprintf(srv->path, sizeof(srv->path), "%s", path);
	return raw_spawn(path, srv->attach_mode ? srv->attach_mode :
			 S_IFCHR | 0666, raw_start_serve, srv, &srv->pid);
}

static inline void raw_stop(struct raw_srv *srv)
{
	raw_reap(&srv->pid, srv->path);
}

static inline double raw_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait up to @secs for *@counter to reach @want. */
static inline int raw_wait_count(volatile int *counter, int want, double secs)
{
	double end = raw_now() + secs;

	while (*counter < want && raw_now() < end)
		usleep(1000);
	return *counter;
}

#endif /* RAW_SERVER_H */
