// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: connect messages - a path and what to do with it.
 *
 * Every operation on a name (open, stat, unlink, rename, mkdir, readlink,
 * ...) is one connect message, QNX's _IO_CONNECT: the client's
 * credentials and supplementary groups, the path relative to the attach
 * point, and extra data of the opcode's type (uapi "Connect messages").
 * This file builds that message, sends it along the name's route
 * (route.c) and says what the reply means; which names exist and what
 * they are is the callers' concern (attr.c, dir.c, ocb.c).
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

#include "resmgr_i.h"

/**
 * resmgr_cred_fill() - a task's credentials as a server sees them
 * @c:		filled
 * @cred:	the credentials
 * @ns:		the server's user namespace; an id it cannot name is the
 *		overflow id
 */
void resmgr_cred_fill(struct resmgr_cred *c, const struct cred *cred,
		      struct user_namespace *ns)
{
	c->ruid = from_kuid_munged(ns, cred->uid);
	c->euid = from_kuid_munged(ns, cred->euid);
	c->suid = from_kuid_munged(ns, cred->suid);
	c->fsuid = from_kuid_munged(ns, cred->fsuid);
	c->rgid = from_kgid_munged(ns, cred->gid);
	c->egid = from_kgid_munged(ns, cred->egid);
	c->sgid = from_kgid_munged(ns, cred->sgid);
	c->fsgid = from_kgid_munged(ns, cred->fsgid);
}

/*
 * The connect body and data of a request: the client's supplementary
 * groups, the path relative to the attach point, then, 8-byte aligned,
 * @a->extra_len bytes of @a->extra of type @a->extra_type.  The message
 * header and the connect body are multiples of 8 bytes, so aligning the
 * offset inside the data aligns it in the message.
 */
static int resmgr_connect_build(struct resmgr_req *req,
				struct resmgr_link *link,
				const struct resmgr_connect_args *a)
{
	const struct cred *cred = current_cred();
	const struct group_info *gi = cred->group_info;
	struct user_namespace *ns = link->chan->user_ns;
	struct resmgr_connect_in *c = &req->in.connect;
	const char *path = a->path ? a->path : "";
	size_t path_len = strlen(path) + 1;
	unsigned int ngroups, i;
	size_t extra_off;
	u32 *groups;
	int ret;

	if (path_len > RESMGR_PATH_MAX)
		return -ENAMETOOLONG;
	/*
	 * The ids the server judges access by must be the caller's own: an
	 * id its user namespace cannot name would go as the overflow id,
	 * which the server cannot tell from the real "nobody" and would
	 * grant nobody's rights.  Refuse the call, as FUSE does.
	 */
	if (!kuid_has_mapping(ns, cred->fsuid) ||
	    !kgid_has_mapping(ns, cred->fsgid) ||
	    !kuid_has_mapping(ns, cred->euid) ||
	    !kgid_has_mapping(ns, cred->egid))
		return -EOVERFLOW;
	/*
	 * Every supplementary group goes: a group cut off the list would
	 * escape a mode that gives its members less than others (0604).
	 * ngroups is 16 bits; NGROUPS_MAX is one more than that holds.
	 */
	if (gi->ngroups > U16_MAX)
		return -E2BIG;
	ngroups = 0;
	for (i = 0; i < gi->ngroups; i++)
		ngroups += kgid_has_mapping(ns, gi->gid[i]);
	extra_off = ngroups * sizeof(u32) + path_len;
	if (a->extra_len)
		extra_off = ALIGN(extra_off, 8);
	ret = resmgr_req_alloc_data(req, extra_off + a->extra_len, a->out_cap);
	if (ret)
		return ret;

	c->ioflag = a->ioflag;
	c->mode = a->mode;
	c->eflag = a->eflag;
	c->access = (a->f_mode & FMODE_READ ? RESMGR_IOFLAG_READ : 0) |
		    (a->f_mode & FMODE_WRITE ? RESMGR_IOFLAG_WRITE : 0);
	c->umask = current_umask();
	c->path_len = path_len;
	c->ngroups = ngroups;
	c->extra_type = a->extra_type;
	c->extra_len = a->extra_len;
	resmgr_cred_fill(&c->cred, cred, ns);
	req->in_body_len = sizeof(*c);

	/*
	 * A group the server's namespace cannot name owns none of its
	 * files: leaving it out changes no answer, sending it as the
	 * overflow gid would add a group the caller is not in.
	 */
	groups = req->in_data;
	for (i = 0, ngroups = 0; i < gi->ngroups; i++)
		if (kgid_has_mapping(ns, gi->gid[i]))
			groups[ngroups++] = from_kgid(ns, gi->gid[i]);
	memcpy(groups + ngroups, path, path_len);
	if (a->extra_len) {
		/* The alignment padding goes out as zeros, never as stale heap. */
		memset(req->in_data + ngroups * sizeof(u32) + path_len, 0,
		       extra_off - ngroups * sizeof(u32) - path_len);
		memcpy(req->in_data + extra_off, a->extra, a->extra_len);
	}
	return 0;
}

/**
 * resmgr_connect_req() - a connect message to one server
 * @link:	the server's link
 * @path:	the path relative to @link's attach point
 * @opcode:	a connect opcode
 * @a:		the rest of the body and the extra data (@a->path and
 *		@a->other unused)
 *
 * Return: the request, ready to send, or an ERR_PTR().
 */
struct resmgr_req *resmgr_connect_req(struct resmgr_link *link,
				      const char *path, u16 opcode,
				      const struct resmgr_connect_args *a)
{
	struct resmgr_connect_args args = *a;
	struct resmgr_req *req;
	int ret;

	args.path = path;
	req = resmgr_req_alloc(link->chan, opcode, link, 0);
	if (!req)
		return ERR_PTR(-ENOMEM);
	ret = resmgr_connect_build(req, link, &args);
	if (ret) {
		resmgr_req_put(req);
		return ERR_PTR(ret);
	}
	return req;
}

/**
 * resmgr_connect_result() - what a connect message's reply means
 * @req:	the request, sent
 * @ret:	resmgr_req_send()'s result
 *
 * Return: 0, the server's errno negated, or -ESTALE when the server met
 * a symbolic link the kernel must follow (RESMGR_OUT_F_SYMLINK): the VFS
 * then walks the path again with LOOKUP_REVAL, one component at a time.
 */
int resmgr_connect_result(struct resmgr_req *req, int ret)
{
	if (ret)
		return ret;
	if (req->oh.error)
		return -req->oh.error;
	if (req->oh.flags & RESMGR_OUT_F_SYMLINK)
		return -ESTALE;
	return 0;
}

/**
 * resmgr_route_call() - send a connect message along a route and wait
 * @r:		the route, started, not yet walked
 * @opcode:	a connect opcode
 * @a:		the rest of the body and the extra data; with r->xpath, the
 *		extra data is that path
 * @reqp:	if not NULL, gets the request on success (the caller puts it)
 *
 * The message goes to each server of the route in turn, each with the
 * path the name has for it, until one answers other than ENOENT or
 * ENOSYS (resmgr_route_next()).
 *
 * Return: see resmgr_connect_result(), or the error of building it.
 */
int resmgr_route_call(struct resmgr_route *r, u16 opcode,
		      const struct resmgr_connect_args *a,
		      struct resmgr_req **reqp)
{
	struct resmgr_connect_args args = *a;
	struct resmgr_req *req = NULL;
	int ret;

	while (resmgr_route_next(r, &ret)) {
		if (r->xpath) {
			args.extra = r->xpath;
			args.extra_len = strlen(r->xpath) + 1;
		}
		if (req)
			resmgr_req_put(req);
		req = resmgr_connect_req(r->link, r->path, opcode, &args);
		if (IS_ERR(req)) {
			ret = PTR_ERR(req);
			req = NULL;
			continue;	/* an error that does not pass: the end */
		}
		ret = resmgr_connect_result(req, resmgr_req_send(req));
	}
	if (!ret && reqp)
		*reqp = req;
	else if (req)
		resmgr_req_put(req);
	return ret;
}

/**
 * resmgr_connect_call() - send a connect message about @dentry and wait
 * @dentry:	the name it is about
 * @opcode:	a connect opcode
 * @a:		the rest of the body and the extra data; with @a->other,
 *		the extra data is that name's path
 * @reqp:	if not NULL, gets the request on success (the caller puts it)
 *
 * The message goes along the name's route (route.c): see
 * resmgr_route_call().
 *
 * Return: see resmgr_connect_result(), or the error of building it.
 */
int resmgr_connect_call(struct dentry *dentry, u16 opcode,
			const struct resmgr_connect_args *a,
			struct resmgr_req **reqp)
{
	struct resmgr_route r;
	int ret;

	ret = resmgr_route_start(&r, dentry, a->other);
	if (ret)
		return ret;
	ret = resmgr_route_call(&r, opcode, a, reqp);
	resmgr_route_end(&r);
	return ret;
}
