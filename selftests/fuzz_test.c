// SPDX-License-Identifier: GPL-2.0
/*
 * Protocol fuzzer.  A raw server (raw_server.h) attaches a small
 * directory and answers the real traffic of a pool of client processes
 * (open, read, readv, pread, write, ioctl, poll, epoll, getdents64, stat,
 * lseek, dup, close; signalled and SIGKILLed at random moments) with
 * replies mutated from valid ones: ids, lengths, flags, error numbers,
 * status, offsets, open and stat bodies, dirent records, the reply's
 * iovec array; and it calls MSGREAD, MSGWRITE, MSGINFO, NOTIFY, DETACH
 * and reply-only XFERs with random ids at random moments, from a second
 * thread, while it holds requests and answers them late.
 *
 * What must hold, whatever the server sends:
 *  - no kernel report (tools/vm-run fails the run on oops, KASAN,
 *    lockdep, WARN, hung tasks, kmemleak, and checks the module unloads);
 *  - every client call returns, and a SIGKILLed client dies, within a
 *    generous deadline (-t);
 *  - the server's ioctls fail only with the errnos the uapi header
 *    documents, and a client never sees a kernel-internal errno (512 and
 *    up) nor more bytes than it asked for.
 *
 * Every random choice comes from a seeded PRNG (splitmix64): the seed is
 * printed, and -s SEED (or FUZZ_SEED) repeats the same choices; the
 * interleaving of processes still varies from run to run.  -n ROUNDS (or
 * FUZZ_ROUNDS) is the number of mutated replies to send; `make fuzz`
 * runs a long pass on the debug kernel.
 *
 * Output is TAP: one test, with the counts as comments.
 */
#include <dirent.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/syscall.h>

#include "raw_server.h"

#define FZ_DEFAULT_ROUNDS	5000
#define FZ_DEFAULT_STUCK	120	/* seconds a client call may take */
#define FZ_MAX_WORKERS		8
#define FZ_HELD_MAX		16
#define FZ_DATA_MAX		16384	/* client I/O sizes */
#define FZ_RECV_MAX		(64 * 1024)
#define FZ_KH_MAX		16
#define FZ_FDS			6

/* ------------------------------------------------------------ random */

static inline uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint32_t below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(splitmix64(s) % n) : 0;
}

static inline bool chance(uint64_t *s, unsigned int percent)
{
	return below(s, 100) < percent;
}

/* ------------------------------------------------------- shared state */

struct fz_worker {
	volatile pid_t pid;
	volatile int op;		/* the call under way, or -1 */
	volatile double since;		/* when it started */
	volatile long gen;		/* respawns of this slot */
};

struct fz_shared {
	volatile long long requests;	/* requests received */
	volatile long long mutated;	/* mutated replies sent: the rounds */
	volatile long long mut_accepted;	/* of them, taken by the kernel */
	volatile long long held;	/* requests answered late */
	volatile long long chaos;	/* random-moment calls */
	volatile long long fallback_refused;	/* valid reply refused */
	volatile long long client_ops;
	volatile long long client_eio;	/* calls failed EIO */
	volatile long long kills, signals;
	volatile double server_beat;
	volatile int nheld;		/* the server's held requests */
	volatile int stop;
	volatile int failed;
	char why[512];
	volatile uint32_t kh[FZ_KH_MAX];	/* NOTIFY handles seen */
	struct fz_worker w[FZ_MAX_WORKERS];
};

static struct fz_shared *sh;
static uint64_t seed;
static long long rounds = FZ_DEFAULT_ROUNDS;
static int nworkers = 4;
static double stuck_secs = FZ_DEFAULT_STUCK;
static char mnt[128];
static pid_t srv_pid;
static int verbose;

/* -v: a line per message and reply, to see how a failing seed got there. */
#define trace(fmt, ...) do {						\
	if (verbose)							\
		fprintf(stderr, "%.3f %d " fmt "\n", raw_now(), getpid(),	\
			##__VA_ARGS__);					\
} while (0)

static void fz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void fz_fail(const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("# failure (round %lld): %s\n", sh->mutated, why);
	if (__sync_lock_test_and_set(&sh->failed, 1))
		return;
	memcpy(sh->why, why, sizeof(why));
}

/* The errnos the uapi header lets a channel ioctl fail with. */
static bool server_errno_ok(int e)
{
	switch (e) {
	case EINVAL: case ESRCH: case EFAULT: case EMSGSIZE: case EAGAIN:
	case ETIMEDOUT: case EINTR: case ENOMEM: case E2BIG: case ENOENT:
	case EBUSY: case EOPNOTSUPP: case EPERM:
		return true;
	}
	return false;
}

static void check_server_errno(const char *call, int ret)
{
	if (ret < 0 && !server_errno_ok(errno))
		fz_fail("server %s failed with undocumented errno %d (%s)",
			call, errno, strerror(errno));
}

/* ------------------------------------------------------------- server */

/*
 * The tree: the attach point (a directory), "d" (a directory with two
 * names), "f" and "g" (files).  An OCB is a counter << 4 | node.
 */
enum { N_ROOT, N_D, N_F, N_G, N_NODES };
static const char *const node_path[N_NODES] = { "", "d", "f", "g" };
static const uint32_t node_mode[N_NODES] = {
	S_IFDIR | 0755, S_IFDIR | 0755, S_IFREG | 0666, S_IFREG | 0666,
};
static const char *const dir_names[2][3] = { { "d", "f", "g" }, { "x", "y", NULL } };
static unsigned char content[FZ_DATA_MAX];
static long long node_size[N_NODES] = { 0, 0, 4096, 100 };

struct fz_req {
	size_t n;			/* bytes received */
	long age;			/* loop count when held */
	union {
		struct resmgr_in_header ih;
		unsigned char raw[512];	/* header and the start of the body */
	};
};

struct fz_reply {
	size_t len;			/* valid bytes in buf */
	struct iovec iov[RESMGR_XFER_IOV_MAX + 16];
	int iovcnt;
	uintptr_t iovp;			/* the iov array as passed */
	bool mutated;
	uint64_t unique;		/* the request it answers */
	union {
		struct resmgr_out_header oh;
		unsigned char buf[sizeof(struct resmgr_out_header) + 512 +
				  FZ_DATA_MAX];
	};
};

static struct fz_req held[FZ_HELD_MAX];
static int nheld;
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t recent[64];		/* uniques seen lately */
static unsigned int nrecent;
static int fz_chan;
static sem_t chaos_kick;
static char *bad_page;			/* an unmapped address */
static long loops;

static int node_of(const char *path)
{
	int i;

	for (i = 0; i < N_NODES; i++)
		if (!strcmp(path, node_path[i]))
			return i;
	return -1;
}

static void reply_init(struct fz_reply *r, uint64_t unique)
{
	memset(&r->oh, 0, sizeof(r->oh));
	r->oh.unique = unique;
	r->unique = unique;
	r->len = sizeof(r->oh);
	r->mutated = false;
}

static void reply_error(struct fz_reply *r, int err)
{
	r->oh.error = err;
	r->len = sizeof(r->oh);
}

static void *reply_body(struct fz_reply *r, size_t len)
{
	void *p = r->buf + r->len;

	memset(p, 0, len);
	r->len += len;
	return p;
}

static void reply_stat(struct fz_reply *r, int node)
{
	struct resmgr_stat *st = reply_body(r, sizeof(*st));

	st->ino = 100 + node;
	st->size = node_size[node];
	st->mode = node_mode[node];
	st->nlink = S_ISDIR(node_mode[node]) ? 2 : 1;
	st->blksize = 4096;
	st->mtime_sec = 1000000000;
}

/* A directory READ: whole records from entry @pos on, at most @max bytes. */
static void reply_dir(struct fz_reply *r, int node, long long pos, size_t max)
{
	const char *const *names = dir_names[node == N_D];
	size_t start = r->len;

	if (max > FZ_DATA_MAX)
		max = FZ_DATA_MAX;
	for (; pos >= 0 && pos < 3 && names[pos]; pos++) {
		size_t nl = strlen(names[pos]);
		size_t rl = (sizeof(struct resmgr_dirent) + nl + 1 + 7) & ~7UL;
		struct resmgr_dirent *e;

		if (r->len - start + rl > max)
			break;
		e = reply_body(r, rl);
		e->ino = 200 + pos;
		e->next = pos + 1;
		e->reclen = rl;
		e->namelen = nl;
		e->type = names == dir_names[0] && pos == 0 ? DT_DIR : DT_REG;
		memcpy(e + 1, names[pos], nl);
	}
	r->oh.status = r->len - start;
}

/* The valid reply to @q; false for an event, which takes none. */
static bool build_reply(struct fz_req *q, struct fz_reply *r)
{
	struct resmgr_in_header *ih = &q->ih;
	void *body = ih + 1;
	int node = ih->ocb & 3;

	reply_init(r, ih->unique);
	switch (ih->opcode) {
	case RESMGR_OP_OPEN:
	case RESMGR_OP_STAT_PATH: {
		struct resmgr_connect_in *c = body;
		size_t off = sizeof(*ih) + sizeof(*c) + c->ngroups * 4;
		char path[64] = "";
		struct resmgr_open_out *o;
		int nd;

		if (off < q->n && off < sizeof(q->raw))
			snprintf(path, sizeof(path), "%.*s",
				 (int)(sizeof(q->raw) - off), (char *)q->raw + off);
		nd = node_of(path);
		if (nd < 0) {
			reply_error(r, ENOENT);
			break;
		}
		if (ih->opcode == RESMGR_OP_STAT_PATH) {
			reply_stat(r, nd);
			break;
		}
		if ((c->ioflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
			reply_error(r, EEXIST);
			break;
		}
		if (S_ISDIR(node_mode[nd]) && (c->ioflag & RESMGR_IOFLAG_WRITE)) {
			reply_error(r, EISDIR);
			break;
		}
		if (!S_ISDIR(node_mode[nd]) && (c->ioflag & O_DIRECTORY)) {
			reply_error(r, ENOTDIR);
			break;
		}
		o = reply_body(r, sizeof(*o));
		o->ocb = (uint64_t)(++loops) << 4 | nd;
		o->mode = node_mode[nd];
		/* What the granted features let a real server say. */
		if (S_ISREG(node_mode[nd]) && raw_features & RESMGR_FEAT_OPEN_SIZE) {
			o->flags |= RESMGR_OPEN_SIZE;
			o->size = node_size[nd];
		}
		if (S_ISREG(node_mode[nd]) && raw_features & RESMGR_FEAT_OPEN_NODE) {
			o->flags |= RESMGR_OPEN_NODE;
			o->node = 100 + nd;
		}
		break;
	}
	case RESMGR_OP_READ: {
		struct resmgr_rw_in *rw = body;
		long long pos = rw->offset;
		size_t cnt;

		if (S_ISDIR(node_mode[node])) {
			reply_dir(r, node, pos, rw->nbytes);
			break;
		}
		cnt = pos >= 0 && pos < node_size[node] ? node_size[node] - pos : 0;
		if (cnt > rw->nbytes)
			cnt = rw->nbytes;
		if (cnt > FZ_DATA_MAX)
			cnt = FZ_DATA_MAX;
		memcpy(reply_body(r, cnt), content + pos, cnt);
		r->oh.status = cnt;
		if ((rw->xtype & RESMGR_XTYPE_MASK) != RESMGR_XTYPE_OFFSET) {
			r->oh.flags = RESMGR_OUT_F_OFFSET;
			r->oh.offset = pos + cnt;
		}
		break;
	}
	case RESMGR_OP_WRITE: {
		struct resmgr_rw_in *rw = body;

		if (S_ISDIR(node_mode[node])) {
			reply_error(r, EISDIR);
			break;
		}
		r->oh.status = rw->nbytes;
		if ((rw->xtype & RESMGR_XTYPE_MASK) != RESMGR_XTYPE_OFFSET) {
			r->oh.flags = RESMGR_OUT_F_OFFSET;
			r->oh.offset = rw->offset + rw->nbytes;
		}
		break;
	}
	case RESMGR_OP_STAT:
		reply_stat(r, node);
		break;
	case RESMGR_OP_LSEEK: {
		struct resmgr_lseek_in *l = body;
		long long base = l->whence == SEEK_SET ? 0 :
				 l->whence == SEEK_CUR ? l->cur : node_size[node];

		if (l->whence > SEEK_END || base + l->offset < 0) {
			reply_error(r, EINVAL);
			break;
		}
		r->oh.status = base + l->offset;
		r->oh.flags = RESMGR_OUT_F_OFFSET;
		r->oh.offset = base + l->offset;
		break;
	}
	case RESMGR_OP_DEVCTL: {
		struct resmgr_devctl_in *d = body;
		size_t out = d->out_max < 4096 ? d->out_max : 4096;

		memset(reply_body(r, out), 0x5a, out);
		r->oh.status = 3;
		break;
	}
	case RESMGR_OP_NOTIFY: {
		struct resmgr_notify_in *nt = body;

		sh->kh[below(&seed, FZ_KH_MAX)] = nt->kh;
		r->oh.status = nt->events & (POLLOUT | POLLWRNORM |
					     (chance(&seed, 50) ? POLLIN | POLLRDNORM : 0));
		break;
	}
	case RESMGR_OP_CLOSE_DUP:
	case RESMGR_OP_SYNC:
		break;
	default:
		if (ih->opcode >= RESMGR_OP_CLOSE_OCB)
			return false;
		reply_error(r, ih->opcode < RESMGR_OP_READ ? EROFS : ENOSYS);
		break;
	}
	r->oh.len = r->len;
	r->iov[0].iov_base = r->buf;
	r->iov[0].iov_len = r->len;
	r->iovcnt = 1;
	r->iovp = (uintptr_t)r->iov;
	return true;
}

static uint64_t random_unique(uint64_t *s)
{
	switch (below(s, 8)) {
	case 0:
		return splitmix64(s);
	case 1:
		return below(s, 3);
	case 2:
		return 1ULL << 31 | below(s, 4);
	case 3:
		return ~0ULL - below(s, 2);
	default:
		return nrecent ? recent[below(s, nrecent < 64 ? nrecent : 64)] +
				 (int)below(s, 5) - 2 : 1;
	}
}

static int32_t random_errno(uint64_t *s)
{
	static const int32_t odd[] = {
		512, 513, 514, 515, 516, 517, 518, 519, 520, 521, 522, 523,
		524, 525, 526, 527, 528, 529, 530, 4094, 4095, 4096, -1, -4095,
		-512, INT32_MAX, INT32_MIN, ECHILD, ESTALE, ENOENT, ENOSYS,
		EINTR, EAGAIN, 511, 0,
	};

	switch (below(s, 4)) {
	case 0:
		return 512 + below(s, 4096 - 512);
	case 1:
		return 1 + below(s, 511);
	case 2:
		return (int32_t)splitmix64(s);
	default:
		return odd[below(s, sizeof(odd) / sizeof(odd[0]))];
	}
}

static int64_t random_i64(uint64_t *s, int64_t near)
{
	switch (below(s, 7)) {
	case 0:
		return -1 - below(s, 4096);
	case 1:
		return INT64_MAX - below(s, 2);
	case 2:
		return INT64_MIN + below(s, 2);
	case 3:
		return near + 1 + below(s, 4096);
	case 4:
		return near - 1;
	case 5:
		return (int64_t)splitmix64(s);
	default:
		return (int64_t)1 << below(s, 64);
	}
}

/* Break one dirent record of a directory READ's reply. */
static void mutate_dirent(uint64_t *s, struct fz_reply *r)
{
	unsigned char *data = r->buf + sizeof(r->oh);
	size_t dlen = r->len - sizeof(r->oh), off = 0, room;
	struct resmgr_dirent *e;

	if (dlen < sizeof(*e))
		return;
	/* Find a record to break: one of the first few. */
	e = (void *)data;
	for (int k = below(s, 3); k > 0; k--) {
		if (off + e->reclen + sizeof(*e) > dlen)
			break;
		off += e->reclen;
		e = (void *)(data + off);
	}
	room = dlen - off - sizeof(*e);
	if (room > (size_t)e->reclen - sizeof(*e) && e->reclen >= sizeof(*e))
		room = e->reclen - sizeof(*e);
	switch (below(s, 10)) {
	case 0:
		e->reclen = below(s, sizeof(*e) + 2);
		break;
	case 1:
		e->reclen = e->reclen + 1 + below(s, 7);
		break;
	case 2:
		e->reclen = 0xffff - below(s, 8);
		break;
	case 3:
		e->namelen = below(s, 2) ? 0 : 256 + below(s, 1000);
		break;
	case 4:
		e->namelen = e->reclen;
		break;
	case 5:
		if (room)
			((char *)(e + 1))[below(s, room)] = below(s, 2) ? '/' : '\0';
		break;
	case 6:
		e->next = random_i64(s, e->next);
		break;
	case 7:
		e->type = splitmix64(s);
		e->ino = below(s, 2) ? 0 : splitmix64(s);
		break;
	case 8:
		e->reserved[below(s, 3)] = 1 + below(s, 255);
		break;
	default:
		/* A name of ".", "..", or one with no NUL. */
		memset(e + 1, '.', room);
		e->namelen = below(s, 3);
		break;
	}
}

static void mutate_body(uint64_t *s, struct resmgr_in_header *ih,
			struct fz_reply *r)
{
	void *body = r->buf + sizeof(r->oh);
	size_t blen = r->len - sizeof(r->oh);

	if (ih->opcode == RESMGR_OP_OPEN && blen >= sizeof(struct resmgr_open_out)) {
		struct resmgr_open_out *o = body;

		switch (below(s, 5)) {
		case 0:
			o->ocb = below(s, 2) ? 0 : splitmix64(s);
			break;
		case 1:
			o->flags = 1U << below(s, 32);
			break;
		case 2:
			o->mode = below(s, 2) ? (uint32_t)splitmix64(s) :
				  (below(s, 16) << 12) | 0777;
			break;
		case 3:
			if (below(s, 2))
				o->node = splitmix64(s);
			else
				o->size = splitmix64(s);
			break;
		default:
			o->mode = 0;
			break;
		}
	} else if ((ih->opcode == RESMGR_OP_STAT ||
		    ih->opcode == RESMGR_OP_STAT_PATH) &&
		   blen >= sizeof(struct resmgr_stat)) {
		struct resmgr_stat *st = body;

		switch (below(s, 6)) {
		case 0:
			st->mode = below(s, 2) ? (uint32_t)splitmix64(s) :
				   (below(s, 16) << 12) | 07777;
			break;
		case 1:
			st->size = random_i64(s, st->size);
			st->blocks = splitmix64(s);
			break;
		case 2:
			st->nlink = splitmix64(s);
			st->uid = below(s, 2) ? ~0U : splitmix64(s);
			st->gid = splitmix64(s);
			break;
		case 3:
			st->atime_nsec = splitmix64(s);
			st->mtime_sec = random_i64(s, 0);
			break;
		case 4:
			st->reserved[below(s, 4)] = splitmix64(s);
			break;
		default:
			st->rdev = splitmix64(s);
			st->blksize = splitmix64(s);
			break;
		}
	} else if (ih->opcode == RESMGR_OP_READ && blen &&
		   S_ISDIR(node_mode[ih->ocb & 3])) {
		mutate_dirent(s, r);
	} else if (blen) {
		((unsigned char *)body)[below(s, blen)] ^= 1 << below(s, 8);
	}
}

/* The reply's iovec array, rearranged or broken. */
static void mutate_iov(uint64_t *s, struct fz_reply *r)
{
	size_t left = r->len, at = 0;
	int i, n;

	switch (below(s, 9)) {
	case 0:		/* many parts, some empty: still valid */
		n = 1 + below(s, RESMGR_XFER_IOV_MAX);
		for (i = 0; i < n; i++) {
			size_t part = i == n - 1 ? left : below(s, left + 1);

			r->iov[i].iov_base = r->buf + at;
			r->iov[i].iov_len = part;
			at += part;
			left -= part;
		}
		r->iovcnt = n;
		break;
	case 1:		/* too many parts */
		for (i = 1; i < RESMGR_XFER_IOV_MAX + 8; i++) {
			r->iov[i].iov_base = r->buf;
			r->iov[i].iov_len = 0;
		}
		r->iovcnt = RESMGR_XFER_IOV_MAX + 1 + below(s, 7);
		break;
	case 2:
		r->iovcnt = below(s, 2) ? 0x7fffffff : 1U << (8 + below(s, 20));
		break;
	case 3:		/* a part that is not there */
		r->iov[0].iov_base = below(s, 3) == 0 ? NULL :
				     below(s, 2) ? bad_page :
				     (void *)0xffff888000000000ULL;
		break;
	case 4:		/* the array itself is not there */
		r->iovp = below(s, 2) ? (uintptr_t)bad_page : 1 + below(s, 4096);
		break;
	case 5:		/* lengths that overflow */
		r->iov[1].iov_base = r->buf;
		r->iov[1].iov_len = SIZE_MAX - below(s, 16);
		r->iovcnt = 2;
		break;
	case 6:		/* longer than the header says, or shorter */
		r->iov[0].iov_len = below(s, 2) ? below(s, sizeof(r->oh)) :
				    r->len + below(s, 64);
		break;
	case 7:		/* a huge part that runs into unmapped memory */
		r->iov[0].iov_len = (size_t)1 << (16 + below(s, 15));
		break;
	default:
		r->iovcnt = 0;
		break;
	}
}

static void mutate(uint64_t *s, struct fz_req *q, struct fz_reply *r)
{
	int k, times = 1 + below(s, 3);

	r->mutated = true;
	for (k = 0; k < times; k++) {
		switch (below(s, 12)) {
		case 0:
			r->oh.unique = random_unique(s);
			break;
		case 1:
			r->oh.len = below(s, 2) ? random_i64(s, r->oh.len) :
				    r->oh.len + (int)below(s, 33) - 16;
			break;
		case 2:
		case 3:
			r->oh.error = random_errno(s);
			break;
		case 4:
			r->oh.status = random_i64(s, r->len - sizeof(r->oh));
			break;
		case 5:
			r->oh.flags = below(s, 2) ? 1U << below(s, 32) :
				      (uint32_t)splitmix64(s);
			break;
		case 6:
			r->oh.flags |= RESMGR_OUT_F_OFFSET;
			r->oh.offset = random_i64(s, r->oh.offset);
			break;
		case 7:
			r->oh.reserved = 1 + below(s, 1000);
			break;
		case 8:
		case 9:
			mutate_body(s, &q->ih, r);
			break;
		case 10:
			mutate_iov(s, r);
			break;
		default: {	/* trailing junk, counted in len or not */
			size_t more = 1 + below(s, 64);

			memset(r->buf + r->len, 0xa5, more);
			r->len += more;
			r->iov[0].iov_len = r->len;
			if (below(s, 2))
				r->oh.len = r->len;
			break;
		}
		}
	}
}

static int xfer(struct fz_reply *r, void *buf, size_t len, uint64_t timeout)
{
	struct resmgr_xfer x = {
		.size = sizeof(x),
		.reply_iov = r ? r->iovp : 0, .reply_iovcnt = r ? r->iovcnt : 0,
		.recv_buf = (uintptr_t)buf, .recv_len = len,
		.timeout_ns = timeout,
	};

	return ioctl(fz_chan, RESMGR_IOC_XFER, &x);
}

/*
 * An accepted reply that did not answer its request: one with another
 * id, or none at all (no iovec array, or an empty one, is "no reply").
 */
static bool reply_went_elsewhere(const struct fz_reply *r)
{
	return r->oh.unique != r->unique || !r->iovcnt || !r->iovp;
}

/*
 * Send @r, the reply to @q.  A mutated reply the kernel refused may have
 * left the request waiting (a wrong id finds nothing): the valid reply
 * follows, which finds nothing when the request was failed already.
 */
static void send_reply(struct fz_req *q, struct fz_reply *r)
{
	int ret = xfer(r, NULL, 0, 0);

	trace("reply %llu%s: unique %llu len %u error %d status %lld -> %d %d",
	      (unsigned long long)r->unique, r->mutated ? " mutated" : "",
	      (unsigned long long)r->oh.unique, r->oh.len, r->oh.error,
	      (long long)r->oh.status, ret, ret < 0 ? errno : 0);
	check_server_errno("XFER (reply)", ret);
	if (!r->mutated)
		return;
	__sync_add_and_fetch(&sh->mutated, 1);
	if (ret >= 0) {
		__sync_add_and_fetch(&sh->mut_accepted, 1);
		if (!reply_went_elsewhere(r))
			return;
	}
	if (!build_reply(q, r))
		return;		/* an event: there is no valid reply */
	ret = xfer(r, NULL, 0, 0);
	check_server_errno("XFER (valid reply)", ret);
	if (ret < 0 && errno != ESRCH)
		__sync_add_and_fetch(&sh->fallback_refused, 1);
}

/* Answer held request @i, with a valid or a mutated reply. */
static void release(int i, struct fz_reply *r, int err)
{
	struct fz_req q;

	pthread_mutex_lock(&held_lock);
	q = held[i];
	held[i] = held[--nheld];
	pthread_mutex_unlock(&held_lock);
	build_reply(&q, r);
	if (err)
		reply_error(r, err), r->oh.len = r->len, r->iov[0].iov_len = r->len;
	else if (chance(&seed, 50))
		mutate(&seed, &q, r);
	__sync_add_and_fetch(&sh->held, 1);
	send_reply(&q, r);
}

/* A channel call with random arguments, at a random moment. */
static void chaos_call(uint64_t *s, int chan)
{
	static char buf[8192];
	uint64_t id;
	int ret;

	pthread_mutex_lock(&held_lock);
	id = nheld && chance(s, 60) ? held[below(s, nheld)].ih.unique :
	     random_unique(s);
	pthread_mutex_unlock(&held_lock);
	__sync_add_and_fetch(&sh->chaos, 1);
	switch (below(s, 10)) {
	case 0:
	case 1: {
		struct resmgr_msgio m = {
			.size = sizeof(m), .unique = id,
			.offset = below(s, 4) ? below(s, 256) : splitmix64(s),
			.len = below(s, sizeof(buf) + 1),
			.buf = (uintptr_t)buf,
		};

		if (chance(s, 10))
			m.buf = below(s, 2) ? (uintptr_t)bad_page : 0;
		if (chance(s, 5))
			m.size = below(s, 64);
		ret = ioctl(chan, below(s, 2) ? RESMGR_IOC_MSGREAD :
			    RESMGR_IOC_MSGWRITE, &m);
		check_server_errno("MSGREAD/MSGWRITE", ret);
		break;
	}
	case 2: {
		static uint32_t groups[1024];
		struct resmgr_msginfo mi = { .size = sizeof(mi), .unique = id };

		/* The sender's groups, to good, bad or no memory. */
		if (chance(s, 50)) {
			mi.groups = chance(s, 80) ? (uintptr_t)groups :
				    (uintptr_t)bad_page;
			mi.groups_max = below(s, 2) ? 4 : below(s, 1025);
		}
		if (chance(s, 5))
			mi.size = below(s, sizeof(mi) + 16);
		ret = ioctl(chan, RESMGR_IOC_MSGINFO, &mi);
		check_server_errno("MSGINFO", ret);
		break;
	}
	case 3:
	case 4: {
		struct resmgr_notify n = {
			.size = sizeof(n),
			.kh = sh->kh[below(s, FZ_KH_MAX)] + (chance(s, 20) ?
							    below(s, 5) - 2 : 0),
			.events = chance(s, 80) ? POLLIN | POLLOUT | POLLRDNORM :
				  (uint32_t)splitmix64(s),
		};

		if (chance(s, 5))
			n.reserved = 1;
		ret = ioctl(chan, RESMGR_IOC_NOTIFY, &n);
		check_server_errno("NOTIFY", ret);
		break;
	}
	case 5: {	/* a reply nobody asked for, or to someone else */
		struct fz_reply *r = malloc(sizeof(*r));
		struct fz_req q = { .n = sizeof(q.ih) };

		q.ih.unique = id;
		q.ih.opcode = RESMGR_OP_CLOSE_DUP;
		build_reply(&q, r);
		if (chance(s, 50))
			mutate(s, &q, r);
		ret = xfer(r, NULL, 0, 0);
		check_server_errno("XFER (random id)", ret);
		free(r);
		break;
	}
	case 6: {
		/*
		 * A pulse to a client's connection: by a held request or a
		 * random one, or by pid; no fuzzing client registers one, so
		 * the best a server gets is EBADF.
		 */
		struct resmgr_deliver d = {
			.size = sizeof(d), .unique = id,
			.coid = below(s, 2) ? (int)below(s, 64) :
					      (int)splitmix64(s),
			.code = below(s, 4) ? (int)below(s, 256) - 128 :
					      (int)splitmix64(s),
			.priority = (int)below(s, 200) - 50,
			.value = splitmix64(s),
		};

		if (chance(s, 30)) {
			d.flags = RESMGR_DELIVER_CLIENT;
			d.unique = 0;
			d.pid = below(s, 2) ? getpid() + (int)below(s, 64) :
					      (int)splitmix64(s);
		}
		if (chance(s, 5))
			d.flags |= 1U << below(s, 32);
		if (chance(s, 5))
			d.reserved2 = 1;
		ret = ioctl(chan, RESMGR_IOC_DELIVER, &d);
		if (ret < 0 && errno != EBADF && errno != ENOTCONN)
			check_server_errno("DELIVER", ret);
		break;
	}
	case 7: {
		/*
		 * A client's credentials by pid: the fuzzing clients (some
		 * near this pid) or any number, into room that may be short,
		 * absent or not the caller's.
		 */
		struct resmgr_clientinfo ci = {
			.size = sizeof(ci),
			.pid = below(s, 2) ? getpid() + (int)below(s, 64) :
					     (int)splitmix64(s),
			.groups = below(s, 4) ? (uintptr_t)buf :
				  below(s, 2) ? (uintptr_t)bad_page : 0,
			.groups_max = below(s, 4) ? below(s, 8) :
				      (uint32_t)splitmix64(s) % 4096,
		};

		if (chance(s, 5))
			ci.flags = 1U << below(s, 32);
		if (chance(s, 5))
			ci.reserved = 1;
		ret = ioctl(chan, RESMGR_IOC_CLIENTINFO, &ci);
		check_server_errno("CLIENTINFO", ret);
		break;
	}
	case 8: {
		/*
		 * A mount request with strings that may be missing, empty,
		 * unterminated within their bound or not the caller's; no
		 * server here listens, so the best answer is ENODEV.
		 */
		static char big[RESMGR_PATH_MAX + 8];
		const uint64_t strs[] = {
			0, (uintptr_t)"", (uintptr_t)"/tmp/fz-mnt",
			(uintptr_t)"fztype", (uintptr_t)big,
			(uintptr_t)bad_page,
		};
		struct resmgr_mount m = {
			.size = sizeof(m),
			.flags = chance(s, 80) ? (uint32_t)below(s, 0x40) :
						 (uint32_t)splitmix64(s),
			.dir = strs[below(s, 6)],
			.type = strs[below(s, 6)],
			.special = strs[below(s, 6)],
			.data = below(s, 2) ? (uintptr_t)buf : strs[below(s, 6)],
			.data_len = below(s, 4) ? below(s, 64) :
				    (uint32_t)splitmix64(s) % 8192,
		};

		memset(big, 'm', sizeof(big) - 1);
		if (chance(s, 5))
			m.reserved = 1;
		ret = ioctl(chan, RESMGR_IOC_MOUNT, &m);
		if (ret < 0 && errno != ENODEV)
			check_server_errno("MOUNT", ret);
		break;
	}
	default: {
		struct resmgr_detach d = {
			.size = sizeof(d), .link = 0x10000 + below(s, 100),
		};

		ret = ioctl(chan, RESMGR_IOC_DETACH, &d);
		check_server_errno("DETACH", ret);
		break;
	}
	}
}

static void *chaos_thread(void *arg)
{
	uint64_t s = seed ^ 0x5eed;

	for (;;) {
		int k;

		while (sem_wait(&chaos_kick))
			;
		for (k = 1 + below(&s, 4); k > 0; k--)
			chaos_call(&s, fz_chan);
	}
	return NULL;
}

static void fz_serve(int chan, void *arg)
{
	struct fz_reply *r = malloc(sizeof(*r)), *rel = malloc(sizeof(*rel));
	struct fz_reply *pend = NULL;
	unsigned char *buf = malloc(FZ_RECV_MAX);
	struct fz_req q;
	pthread_t thr;
	int i;

	fz_chan = chan;
	seed ^= 0xc0ffee;
	memset(&q, 0, sizeof(q));
	if (sem_init(&chaos_kick, 0, 0) ||
	    pthread_create(&thr, NULL, chaos_thread, NULL))
		_exit(1);
	for (;;) {
		struct resmgr_in_header *ih = (void *)buf;
		int n;

		loops++;
		sh->server_beat = raw_now();
		sh->nheld = nheld;
		/* Late answers: the oldest, and now and then any. */
		for (i = 0; i < nheld; i++)
			if (loops - held[i].age > 8 || chance(&seed, 5))
				release(i--, rel, 0);
		n = xfer(pend, buf, FZ_RECV_MAX, nheld ? 2000000 : 0);
		if (pend)
			trace("reply %llu%s: unique %llu len %u error %d status %lld -> %d %d",
			      (unsigned long long)pend->unique,
			      pend->mutated ? " mutated" : "",
			      (unsigned long long)pend->oh.unique, pend->oh.len,
			      pend->oh.error, (long long)pend->oh.status, n,
			      n < 0 ? errno : 0);
		if (n >= (int)sizeof(*ih))
			trace("recv op %u unique %llu ocb %llx flags %x len %u pid %u",
			      ih->opcode, (unsigned long long)ih->unique,
			      (unsigned long long)ih->ocb, ih->flags, ih->len, ih->pid);
		if (n < 0) {
			int e = errno;

			if (e == EBADF || e == ENOTCONN)
				_exit(0);
			check_server_errno("XFER", n);
			if (pend && pend->mutated) {
				/* What send_reply() does, for a combined XFER. */
				__sync_add_and_fetch(&sh->mutated, 1);
				build_reply(&q, pend);
				n = xfer(pend, NULL, 0, 0);
				check_server_errno("XFER (valid reply)", n);
				if (n < 0 && errno != ESRCH)
					__sync_add_and_fetch(&sh->fallback_refused, 1);
			} else if (e == ETIMEDOUT || e == EAGAIN) {
				while (nheld)
					release(0, rel, 0);
			}
			pend = NULL;
			continue;
		}
		if (pend && pend->mutated) {
			__sync_add_and_fetch(&sh->mutated, 1);
			__sync_add_and_fetch(&sh->mut_accepted, 1);
			if (reply_went_elsewhere(pend)) {
				/* It went elsewhere, or was refused silently. */
				struct fz_req q2 = q;

				build_reply(&q2, pend);
				check_server_errno("XFER (valid reply)",
						   xfer(pend, NULL, 0, 0));
			}
		}
		pend = NULL;
		if (n < (int)sizeof(*ih))
			continue;
		__sync_add_and_fetch(&sh->requests, 1);
		recent[nrecent++ % 64] = ih->unique;
		memcpy(q.raw, buf, n < (int)sizeof(q.raw) ? n : (int)sizeof(q.raw));
		q.n = n;
		if (chance(&seed, 12))
			sem_post(&chaos_kick);

		if (ih->opcode == RESMGR_OP_UNBLOCK) {
			struct resmgr_unblock_in *u = (void *)(ih + 1);

			for (i = 0; i < nheld; i++)
				if (held[i].ih.unique == u->target &&
				    chance(&seed, 60)) {
					release(i, rel, EINTR);
					break;
				}
			continue;
		}
		if (ih->opcode == RESMGR_OP_WRITE && chance(&seed, 50)) {
			struct resmgr_rw_in *rw = (void *)(ih + 1);
			static char data[FZ_DATA_MAX];
			struct resmgr_msgio m = {
				.size = sizeof(m), .unique = ih->unique,
				.offset = sizeof(*ih) + sizeof(*rw),
				.len = rw->nbytes < sizeof(data) ? rw->nbytes : sizeof(data),
				.buf = (uintptr_t)data,
			};

			check_server_errno("MSGREAD",
					   ioctl(chan, RESMGR_IOC_MSGREAD, &m));
		}
		if (!build_reply(&q, r)) {
			/* An event: now and then, answer it anyway. */
			if (chance(&seed, 3)) {
				reply_init(r, ih->unique);
				r->oh.len = r->len;
				r->iov[0].iov_base = r->buf;
				r->iov[0].iov_len = r->len;
				r->iovcnt = 1;
				r->iovp = (uintptr_t)r->iov;
				r->mutated = true;
				send_reply(&q, r);
			}
			continue;
		}
		if (nheld < FZ_HELD_MAX && chance(&seed, 10)) {
			pthread_mutex_lock(&held_lock);
			held[nheld] = q;
			held[nheld++].age = loops;
			pthread_mutex_unlock(&held_lock);
			continue;
		}
		/* Opens get through more often, so I/O gets exercised. */
		if (chance(&seed, ih->opcode == RESMGR_OP_OPEN ? 30 : 70))
			mutate(&seed, &q, r);
		if (r->mutated && chance(&seed, 50)) {
			send_reply(&q, r);
			continue;
		}
		pend = r;	/* with the next receive */
	}
}

/* ------------------------------------------------------------ clients */

enum {
	OP_OPEN, OP_READ, OP_READV, OP_PREAD, OP_WRITE, OP_PWRITE, OP_IOCTL,
	OP_POLL, OP_EPOLL, OP_GETDENTS, OP_FSTAT, OP_STAT, OP_LSEEK, OP_DUP,
	OP_CLOSE, OP_FSYNC, OP_NR,
};

static const char *const op_name[OP_NR] = {
	"open", "read", "readv", "pread", "write", "pwrite", "ioctl", "poll",
	"epoll", "getdents64", "fstat", "stat", "lseek", "dup", "close",
	"fsync",
};

static void on_signal(int sig)
{
}

/* A client's result: never a kernel-internal errno, never too much. */
static void client_check(int op, long ret, size_t asked)
{
	if (ret < 0) {
		if (errno >= 512 || errno <= 0)
			fz_fail("client %s failed with errno %d", op_name[op], errno);
		if (errno == EIO)
			__sync_add_and_fetch(&sh->client_eio, 1);
	} else if (asked != (size_t)-1 && (size_t)ret > asked) {
		fz_fail("client %s returned %ld bytes of %zu asked",
			op_name[op], ret, asked);
	}
}

/* What getdents64(2) writes. */
struct fz_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void check_dirents(const char *buf, long n)
{
	long off = 0;

	while (off < n) {
		const struct fz_dirent64 *d = (const void *)(buf + off);
		size_t room;

		if (n - off < (long)sizeof(*d) || d->d_reclen < sizeof(*d) ||
		    d->d_reclen > n - off) {
			fz_fail("getdents64 gave a bad record at %ld of %ld", off, n);
			return;
		}
		room = d->d_reclen - offsetof(struct fz_dirent64, d_name);
		if (!memchr(d->d_name, '\0', room) || !d->d_name[0] ||
		    strchr(d->d_name, '/')) {
			fz_fail("getdents64 gave a bad name at %ld", off);
			return;
		}
		off += d->d_reclen;
	}
}

static void worker(int slot)
{
	struct fz_worker *w = &sh->w[slot];
	uint64_t s = seed ^ (0x100000001ULL * (slot + 1)) ^ ((uint64_t)w->gen << 40);
	static char data[FZ_DATA_MAX + 64];
	static const char *const paths[] = { "f", "g", "d", "", "none", "f/x", "d/x" };
	int fds[FZ_FDS], nfds = 0, i;
	struct sigaction sa = { .sa_handler = on_signal };
	char path[256];

	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
	memset(data, 'w', sizeof(data));
	while (!sh->stop && !sh->failed) {
		int op = nfds ? below(&s, OP_NR) : OP_OPEN;
		int slot_fd = nfds ? below(&s, nfds) : 0;
		int fd = nfds ? fds[slot_fd] : -1;
		size_t len = below(&s, 4) ? below(&s, 4096) : below(&s, FZ_DATA_MAX);
		long ret = 0;
		size_t asked = -1;

		if (op == OP_OPEN && nfds == FZ_FDS)
			op = OP_CLOSE;
		/*
		 * The time first: the parent reads the op, then the time, and
		 * must never pair this op with the time of an older one (or
		 * with 0, in a new client: "stuck for" its whole uptime).
		 */
		w->since = raw_now();
		__sync_synchronize();
		w->op = op;
		trace("client %d %s", slot, op_name[op]);
		switch (op) {
		case OP_OPEN:
		case OP_STAT: {
			static const int acc[] = { O_RDONLY, O_WRONLY, O_RDWR };
			int fl = acc[below(&s, 3)] | O_CLOEXEC;
			struct stat st;

			snprintf(path, sizeof(path), "%s/%s", mnt,
				 paths[below(&s, sizeof(paths) / sizeof(paths[0]))]);
			if (op == OP_STAT) {
				ret = below(&s, 2) ? stat(path, &st) : lstat(path, &st);
				break;
			}
			if (chance(&s, 20))
				fl |= O_NONBLOCK;
			if (chance(&s, 10))
				fl |= O_CREAT;
			if (chance(&s, 15))
				fl = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
			ret = open(path, fl, 0644);
			if (ret >= 0)
				fds[nfds++] = ret;
			break;
		}
		case OP_READ:
			ret = read(fd, data, len);
			asked = len;
			break;
		case OP_READV: {
			struct iovec iov[4];
			int k, cnt = 1 + below(&s, 4);

			for (k = 0, asked = 0; k < cnt; k++) {
				iov[k].iov_base = data + k * (FZ_DATA_MAX / 4);
				iov[k].iov_len = below(&s, FZ_DATA_MAX / 4);
				asked += iov[k].iov_len;
			}
			ret = below(&s, 2) ? readv(fd, iov, cnt) :
			      writev(fd, iov, cnt);
			break;
		}
		case OP_PREAD:
			ret = pread(fd, data, len, random_i64(&s, 4096) & (chance(&s, 70) ?
				    8191 : ~0ULL));
			asked = len;
			break;
		case OP_WRITE:
			ret = write(fd, data, len);
			asked = len;
			break;
		case OP_PWRITE:
			ret = pwrite(fd, data, len, below(&s, 8192));
			asked = len;
			break;
		case OP_IOCTL: {
			unsigned long cmd;
			int sz = below(&s, 4) ? 4 << below(&s, 6) : below(&s, 4096);

			switch (below(&s, 4)) {
			case 0:
				cmd = _IOC(_IOC_READ, 'x', below(&s, 16), sz);
				break;
			case 1:
				cmd = _IOC(_IOC_WRITE, 'x', below(&s, 16), sz);
				break;
			case 2:
				cmd = _IOC(_IOC_READ | _IOC_WRITE, 'x', below(&s, 16), sz);
				break;
			default:
				cmd = _IO('x', below(&s, 16));
				break;
			}
			ret = ioctl(fd, cmd, data);
			break;
		}
		case OP_POLL: {
			struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };

			ret = poll(&p, 1, below(&s, 5));
			break;
		}
		case OP_EPOLL: {
			struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };
			int ep = epoll_create1(EPOLL_CLOEXEC);

			ret = epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
			if (!ret)
				ret = epoll_wait(ep, &ev, 1, below(&s, 5));
			close(ep);
			break;
		}
		case OP_GETDENTS: {
			size_t sz = below(&s, 3) ? 4096 : 24 + below(&s, 64);

			ret = syscall(SYS_getdents64, fd, data, sz);
			asked = sz;
			if (ret > 0 && ret <= (long)sz)
				check_dirents(data, ret);
			break;
		}
		case OP_FSTAT: {
			struct stat st;

			ret = fstat(fd, &st);
			break;
		}
		case OP_LSEEK:
			ret = lseek(fd, random_i64(&s, 100), below(&s, 4));
			break;
		case OP_DUP: {
			int d = dup(fd);

			if (d >= 0 && nfds < FZ_FDS)
				fds[nfds++] = d;
			else if (d >= 0)
				close(d);
			break;
		}
		case OP_CLOSE:
			ret = close(fd);
			fds[slot_fd] = fds[--nfds];
			break;
		default:
			ret = below(&s, 2) ? fsync(fd) : fdatasync(fd);
			break;
		}
		w->op = -1;
		trace("client %d %s -> %ld %d", slot, op_name[op], ret,
		      ret < 0 ? errno : 0);
		client_check(op, ret, asked);
		__sync_add_and_fetch(&sh->client_ops, 1);
	}
	/* Each close is a call the parent watches, as the ones above. */
	for (i = 0; i < nfds; i++) {
		w->since = raw_now();
		__sync_synchronize();
		w->op = OP_CLOSE;
		close(fds[i]);
		w->op = -1;
	}
	_exit(0);
}

static void spawn_worker(int slot)
{
	struct fz_worker *w = &sh->w[slot];
	pid_t pid;

	w->op = -1;
	w->since = raw_now();
	pid = fork();
	if (pid == 0)
		worker(slot);
	w->pid = pid;
}

/* Print where each thread of @pid is in the kernel, for a stuck process. */
static void dump_task(const char *who, pid_t pid)
{
	char path[64], line[256];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/stack", pid,
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		printf("# %s %d thread %s:\n", who, pid, e->d_name);
		while (fgets(line, sizeof(line), f))
			printf("#   %s", line);
		fclose(f);
	}
	closedir(d);
}

/* What the failure report needs to tell a wedge from a slow machine. */
static void dump_stuck(pid_t client)
{
	printf("# server: last loop %.1f s ago, %d requests held\n",
	       raw_now() - sh->server_beat, sh->nheld);
	dump_task("client", client);
	dump_task("server", srv_pid);
}

/* Wait up to the deadline for @pid to go; false if it is stuck. */
static bool reap(pid_t pid)
{
	double end = raw_now() + stuck_secs;

	while (raw_now() < end) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return true;
		usleep(2000);
	}
	return false;
}

/*
 * Wait for client @i to finish on its own after the stop: its last
 * closes may each wait for a held answer, so it is stuck only when one
 * call lasts the deadline, not when all of them together do (a loaded
 * debug-kernel VM runs the same closes many times slower).
 */
static bool reap_finished(int i)
{
	struct fz_worker *w = &sh->w[i];
	double last = raw_now();

	for (;;) {
		double now = raw_now();

		if (waitpid(w->pid, NULL, WNOHANG) == w->pid)
			return true;
		if (w->op >= 0) {
			__sync_synchronize();	/* the op before its time */
			last = w->since;
		}
		if (now - last > stuck_secs)
			return false;
		usleep(2000);
	}
}

/* ----------------------------------------------------------------- main */

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n ROUNDS] [-w WORKERS] [-t SECS]\n"
		"  -s  PRNG seed (env FUZZ_SEED; default: from the clock)\n"
		"  -n  mutated replies to send (env FUZZ_ROUNDS; default %d)\n"
		"  -w  client processes (1..%d, default 4)\n"
		"  -t  seconds a client call may take before it counts as stuck\n"
		"  -v  trace every message, reply and client call on stderr\n",
		prog, FZ_DEFAULT_ROUNDS, FZ_MAX_WORKERS);
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t mseed = 0;
	double start, last_report, last_progress;
	long long last_mut = -1;
	int opt, i, err;
	const char *env;

	seed = (uint64_t)time(NULL) * 1000003 ^ getpid();
	if ((env = getenv("FUZZ_SEED")) && *env)
		seed = strtoull(env, NULL, 0);
	if ((env = getenv("FUZZ_ROUNDS")) && *env)
		rounds = strtoll(env, NULL, 0);
	while ((opt = getopt(argc, argv, "s:n:w:t:vh")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			rounds = strtoll(optarg, NULL, 0);
			break;
		case 'w':
			nworkers = atoi(optarg);
			break;
		case 't':
			stuck_secs = atof(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (nworkers < 1 || nworkers > FZ_MAX_WORKERS || rounds < 0)
		usage(argv[0]);
	/*
	 * The optional features change what a reply may say (an open's size
	 * and node number) and what the kernel does with it (one inode per
	 * node, a server thread lent the sender's priority, the sender's
	 * credentials kept with each request; IPC lets the chaos thread's
	 * RESMGR_IOC_DELIVER get past its feature check): the seed asks
	 * for each with an even chance, so runs cover both answers.
	 */
	mseed = seed ^ 0xfea7;
	raw_features = (chance(&mseed, 50) ? RESMGR_FEAT_OPEN_SIZE : 0) |
		       (chance(&mseed, 50) ? RESMGR_FEAT_OPEN_NODE : 0) |
		       (chance(&mseed, 50) ? RESMGR_FEAT_PRIO : 0) |
		       (chance(&mseed, 50) ? RESMGR_FEAT_SENDER : 0) |
		       (chance(&mseed, 50) ? RESMGR_FEAT_OPEN_CREATED : 0) |
		       (chance(&mseed, 50) ? RESMGR_FEAT_IPC : 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..1\n");
	printf("# seed 0x%016llx, %lld rounds (mutated replies), %d clients, features 0x%llx; repeat with FUZZ_SEED=0x%016llx\n",
	       (unsigned long long)seed, rounds, nworkers,
	       (unsigned long long)raw_features, (unsigned long long)seed);
	if (access("/dev/resmgr", F_OK)) {
		printf("ok 1 fuzz # SKIP no /dev/resmgr\n");
		return 4;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	bad_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || bad_page == MAP_FAILED)
		return 1;
	munmap(bad_page, 4096);
	for (i = 0; i < FZ_DATA_MAX; i++)
		content[i] = 'a' + i % 26;
	signal(SIGPIPE, SIG_IGN);
	mseed = seed;
	snprintf(mnt, sizeof(mnt), "/tmp/fuzz-%d", getpid());
	err = raw_spawn(mnt, S_IFDIR | 0755, fz_serve, NULL, &srv_pid);
	if (err) {
		printf("not ok 1 fuzz # server did not start: %s\n", strerror(-err));
		raw_reap(&srv_pid, mnt);
		return 1;
	}
	for (i = 0; i < nworkers; i++)
		spawn_worker(i);

	start = last_report = last_progress = raw_now();
	while (!sh->failed && sh->mutated < rounds) {
		double now = raw_now();

		usleep(2000);
		if (sh->mutated != last_mut) {
			last_mut = sh->mutated;
			last_progress = now;
		} else if (now - last_progress > stuck_secs) {
			fz_fail("no reply in %.0f s (server wedged?)", stuck_secs);
			break;
		}
		for (i = 0; i < nworkers; i++) {
			struct fz_worker *w = &sh->w[i];
			int op = w->op;

			/* The op before its time: see worker(). */
			__sync_synchronize();
			if (op >= 0 && now - w->since > stuck_secs) {
				fz_fail("client %d stuck in %s for %.0f s", i,
					op_name[op], now - w->since);
				dump_stuck(w->pid);
				break;
			}
		}
		if (waitpid(srv_pid, NULL, WNOHANG) == srv_pid) {
			srv_pid = 0;
			fz_fail("the server died");
			break;
		}
		/* Signals and SIGKILLs, at moments of the seed's choosing. */
		if (chance(&mseed, 4)) {
			i = below(&mseed, nworkers);
			kill(sh->w[i].pid, SIGUSR1);
			sh->signals++;
		}
		if (chance(&mseed, 1)) {
			i = below(&mseed, nworkers);
			kill(sh->w[i].pid, SIGKILL);
			sh->kills++;
			if (!reap(sh->w[i].pid)) {
				fz_fail("SIGKILLed client %d (in %s) did not die in %.0f s",
					i, sh->w[i].op >= 0 ? op_name[sh->w[i].op] : "-",
					stuck_secs);
				dump_stuck(sh->w[i].pid);
				break;
			}
			sh->w[i].gen++;
			spawn_worker(i);
		}
		if (now - last_report >= 60) {
			last_report = now;
			printf("# progress: %lld mutated replies, %lld requests, %.0f s, %.1f/s\n",
			       sh->mutated, sh->requests, now - start,
			       sh->mutated / (now - start));
		}
	}
	/* Every client must finish on its own. */
	sh->stop = 1;
	for (i = 0; i < nworkers; i++) {
		if (!reap_finished(i)) {
			int op = sh->w[i].op;

			fz_fail("client %d did not finish (in %s)", i,
				op >= 0 ? op_name[op] : "-");
			dump_stuck(sh->w[i].pid);
			kill(sh->w[i].pid, SIGKILL);
			if (!reap(sh->w[i].pid))
				fz_fail("client %d unkillable", i);
		}
	}
	raw_reap(&srv_pid, mnt);

	{
		double t = raw_now() - start;

		printf("# mutated replies: %lld (%lld accepted by the kernel), "
		       "requests %lld, held %lld, random-moment calls %lld, "
		       "valid replies refused %lld\n",
		       sh->mutated, sh->mut_accepted, sh->requests, sh->held,
		       sh->chaos, sh->fallback_refused);
		printf("# client calls %lld (%lld EIO), signals %lld, SIGKILLs %lld\n",
		       sh->client_ops, sh->client_eio, sh->signals, sh->kills);
		printf("# rounds: %lld in %.1f s (%.1f mutated replies/s)\n",
		       sh->mutated, t, sh->mutated / (t > 0 ? t : 1));
	}
	if (sh->failed) {
		printf("# FAILED at round %lld, seed 0x%016llx: %s\n",
		       sh->mutated, (unsigned long long)seed, sh->why);
		printf("not ok 1 fuzz # seed 0x%016llx round %lld: %s\n",
		       (unsigned long long)seed, sh->mutated, sh->why);
		return 1;
	}
	printf("ok 1 fuzz\n");
	return 0;
}
