/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfs: an in-memory file system served as a QNX resource manager.
 *
 * Every node (file, directory, symlink, fifo) is one iofunc_attr_t with
 * its data; directories hold named entries pointing at nodes, so a file
 * with hard links is one node under several names.  A node is freed when
 * it has no names left (nlink 0) and no opens (attr.count 0).
 *
 * One lock guards the whole tree: the mount's attr_lock hook makes every
 * attr lock the library takes that same recursive mutex, so connect
 * handlers (which walk and change the tree) and I/O handlers never see
 * each other half done.
 */
#ifndef MEMFS_H
#define MEMFS_H

#include <stddef.h>
#include <stdint.h>

struct memfs_node;
#define IOFUNC_ATTR_T	struct memfs_node
#define THREAD_POOL_PARAM_T	dispatch_context_t
#include <sys/iofunc.h>
#include <sys/dispatch.h>

/* Readdir positions: "." is 0, ".." is 1, entries start here. */
#define MEMFS_FIRST_COOKIE	2

struct memfs_entry {
	struct memfs_entry *next;
	struct memfs_node *node;
	int64_t cookie;		/* readdir position; grows, never reused */
	char name[];
};

struct memfs_node {
	iofunc_attr_t attr;	/* first: the library sees only this */
	struct memfs_node *parent;	/* directories: for ".." */
	union {
		struct {		/* S_IFREG */
			char *data;
			size_t cap;
		} file;
		struct {		/* S_IFDIR */
			struct memfs_entry *entries;
			int64_t next_cookie;
		} dir;
		char *target;		/* S_IFLNK */
	} u;
};

extern resmgr_io_funcs_t memfs_io_funcs;

/* main.c: the tree lock (recursive) */
void memfs_lock(void);
void memfs_unlock(void);

/* tree.c */
struct memfs_node *memfs_node_new(mode_t mode);
void memfs_node_put(struct memfs_node *node);
struct memfs_entry *memfs_dir_find(struct memfs_node *dir, const char *name);
int memfs_dir_add(struct memfs_node *dir, const char *name,
		  struct memfs_node *node);
void memfs_dir_remove(struct memfs_node *dir, struct memfs_entry *entry);
int memfs_dir_empty(const struct memfs_node *dir);
/*
 * The largest file memfs keeps: a size past it is EFBIG, as past a file
 * system's s_maxbytes, not the ENOSPC of a failed allocation, so that a
 * caller can tell "too big for any file" from "no room now".
 */
#define MEMFS_FILE_MAX	((int64_t)INT32_MAX * 4)

int memfs_file_resize(struct memfs_node *node, int64_t size);
void memfs_touch(struct memfs_node *node, unsigned flags);

/* resolve.c */
enum memfs_follow { MEMFS_NOFOLLOW, MEMFS_FOLLOW };
struct memfs_where {
	const char *path;		/* the path resolved */
	struct memfs_node *dir;		/* the last component's directory */
	struct memfs_node *node;	/* what it names; NULL: nothing */
	const char *name;		/* the last component */
	const char *link_rest;		/* a symlink met: the path after it */
	struct memfs_node *link;	/* ... the link, or NULL */
};
int memfs_resolve(resmgr_context_t *ctp, struct memfs_node *root,
		  const char *path, char *scratch, size_t len,
		  struct memfs_where *w);
int memfs_reply_link_path(resmgr_context_t *ctp, const char *path);
int memfs_link_reply(resmgr_context_t *ctp, const struct memfs_where *w);

/* connect.c */
void memfs_connect_init(resmgr_connect_funcs_t *connect);
/* io.c */
void memfs_io_init(resmgr_io_funcs_t *io);

#endif /* MEMFS_H */
