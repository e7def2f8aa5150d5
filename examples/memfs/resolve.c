// SPDX-License-Identifier: GPL-2.0
/*
 * Path resolution: under a _RESMGR_FLAG_DIR attach every connect message
 * carries the whole path below the attach point ("a/b/c", "" for the
 * root), and the server walks its own tree.  A symbolic link met on the
 * way is not followed here: the server answers with a link reply and
 * the client side (QNX: the libc; Linux: the kernel) resolves it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "memfs.h"

static struct memfs_node *step(struct memfs_node *cur, const char *name,
			       struct memfs_entry **entry)
{
	*entry = NULL;
	if (!strcmp(name, "."))
		return cur;
	if (!strcmp(name, ".."))
		return cur->parent ? cur->parent : cur;
	*entry = memfs_dir_find(cur, name);
	return *entry ? (*entry)->node : NULL;
}

/*
 * Walk @path from @root.  On success @w says what the last component's
 * directory is and what it names (possibly nothing, for creation); if
 * a symlink stood in the middle, @w->link is set instead and the caller
 * answers with memfs_link_reply().  @scratch holds a copy of the path.
 */
int memfs_resolve(resmgr_context_t *ctp, struct memfs_node *root,
		  const char *path, char *scratch, size_t len,
		  struct memfs_where *w)
{
	struct memfs_node *cur = root, *next;
	struct memfs_entry *entry;
	char *name, *rest;
	size_t n = strlen(path);
	int err;

	memset(w, 0, sizeof(*w));
	w->path = path;
	if (n >= len)
		return ENAMETOOLONG;
	memcpy(scratch, path, n + 1);
	while (n > 0 && scratch[n - 1] == '/')
		scratch[--n] = '\0';
	if (n == 0) {
		w->node = root;
		w->name = "";
		return EOK;
	}
	name = scratch;
	for (;;) {
		rest = strchr(name, '/');
		if (rest)
			*rest++ = '\0';
		if (strlen(name) > NAME_MAX)
			return ENAMETOOLONG;
		if (!S_ISDIR(cur->attr.mode))
			return ENOTDIR;
		/* Looking in a directory needs search permission on it. */
		err = iofunc_check_access(ctp, &cur->attr, S_IXUSR, NULL);
		if (err)
			return err;
		if (!*name) {		/* "a//b" */
			name = rest;
			continue;
		}
		next = step(cur, name, &entry);
		if (!rest) {
			w->dir = cur;
			w->name = path + (name - scratch);
			w->node = next;
			return EOK;
		}
		if (!next)
			return ENOENT;
		if (S_ISLNK(next->attr.mode)) {
			w->dir = cur;
			w->link = next;
			w->name = path + (name - scratch);
			w->link_rest = path + (rest - scratch);
			return EOK;
		}
		cur = next;
		name = rest;
	}
}

/*
 * A link reply carrying @path: struct _io_connect_link_reply, no
 * entries, then the path.  Built in a buffer of this thread's, as the
 * message buffer may be too small for a long path.
 */
int memfs_reply_link_path(resmgr_context_t *ctp, const char *path)
{
	static __thread struct {
		struct _io_connect_link_reply hdr;
		char path[PATH_MAX];
	} out;
	size_t n = strlen(path);

	if (n >= sizeof(out.path))
		return ENAMETOOLONG;
	memset(&out.hdr, 0, sizeof(out.hdr));
	memcpy(out.path, path, n + 1);
	out.hdr.path_len = n + 1;
	_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
	return _RESMGR_PTR(ctp, &out, sizeof(out.hdr) + n + 1);
}

/*
 * Answer that the path goes through symbolic link @w->link, as a QNX
 * file system does: a link reply whose path is the link's target with
 * the rest of the path after it (relative to the attach point unless the
 * target is absolute).  libresmgr turns it into "follow a link" for the
 * kernel, which walks the path itself.
 */
int memfs_link_reply(resmgr_context_t *ctp, const struct memfs_where *w)
{
	const char *target = w->link->u.target;
	size_t dirlen = target[0] == '/' ? 0 : (size_t)(w->name - w->path);
	char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "%.*s%s%s%s", (int)dirlen, w->path,
		     target, w->link_rest ? "/" : "",
		     w->link_rest ? w->link_rest : "");
	if (n < 0 || (size_t)n >= sizeof(path))
		return ENAMETOOLONG;
	return memfs_reply_link_path(ctp, path);
}
