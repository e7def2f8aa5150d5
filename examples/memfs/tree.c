// SPDX-License-Identifier: GPL-2.0
/*
 * memfs nodes and directories: allocation, entries, file storage.  The
 * caller holds the tree lock (any attr lock: they are all one).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "memfs.h"

struct memfs_node *memfs_node_new(mode_t mode)
{
	struct memfs_node *node = calloc(1, sizeof(*node));

	if (!node)
		return NULL;
	node->attr.mode = mode;
	if (S_ISDIR(mode))
		node->u.dir.next_cookie = MEMFS_FIRST_COOKIE;
	return node;
}

/*
 * Free @node if nothing names it and nothing has it open.  Called after
 * unlinking and after a close.
 */
void memfs_node_put(struct memfs_node *node)
{
	if (node->attr.nlink > 0 || node->attr.count > 0)
		return;
	if (S_ISREG(node->attr.mode))
		free(node->u.file.data);
	else if (S_ISLNK(node->attr.mode))
		free(node->u.target);
	/* A removed directory is empty: rmdir checked. */
	free(node);
}

struct memfs_entry *memfs_dir_find(struct memfs_node *dir, const char *name)
{
	struct memfs_entry *e;

	for (e = dir->u.dir.entries; e; e = e->next)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

/*
 * Entries are kept in creation order so that a readdir position (the
 * cookie) still means the same place after other entries come and go.
 */
int memfs_dir_add(struct memfs_node *dir, const char *name,
		  struct memfs_node *node)
{
	size_t len = strlen(name);
	struct memfs_entry *e = malloc(sizeof(*e) + len + 1), **tail;

	if (!e)
		return ENOMEM;
	memcpy(e->name, name, len + 1);
	e->node = node;
	e->next = NULL;
	e->cookie = dir->u.dir.next_cookie++;
	for (tail = &dir->u.dir.entries; *tail; tail = &(*tail)->next)
		;
	*tail = e;
	if (S_ISDIR(node->attr.mode))
		node->parent = dir;
	memfs_touch(dir, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	return EOK;
}

void memfs_dir_remove(struct memfs_node *dir, struct memfs_entry *entry)
{
	struct memfs_entry **pp;

	for (pp = &dir->u.dir.entries; *pp; pp = &(*pp)->next) {
		if (*pp == entry) {
			*pp = entry->next;
			break;
		}
	}
	free(entry);
	memfs_touch(dir, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
}

int memfs_dir_empty(const struct memfs_node *dir)
{
	return dir->u.dir.entries == NULL;
}

/* Set a regular file's size; new bytes read as zeros. */
int memfs_file_resize(struct memfs_node *node, int64_t size)
{
	size_t want = (size_t)size;
	char *data;

	if (size < 0)
		return EINVAL;
	if (size > MEMFS_FILE_MAX)
		return EFBIG;
	if (want > node->u.file.cap) {
		size_t cap = node->u.file.cap ? node->u.file.cap : 4096;

		while (cap < want)
			cap *= 2;
		data = realloc(node->u.file.data, cap);
		if (!data)
			return ENOSPC;
		node->u.file.data = data;
		node->u.file.cap = cap;
	}
	if (size > node->attr.nbytes)
		memset(node->u.file.data + node->attr.nbytes, 0,
		       want - (size_t)node->attr.nbytes);
	node->attr.nbytes = size;
	return EOK;
}

/* Mark times to update and make them current now. */
void memfs_touch(struct memfs_node *node, unsigned flags)
{
	node->attr.flags |= flags;
	iofunc_time_update(&node->attr);
}
