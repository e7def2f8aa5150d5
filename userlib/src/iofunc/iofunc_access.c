// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who the client is, and what it may do to a name.
 */
#include <errno.h>
#include <string.h>

#include "dispatch/dispatch_i.h"
#include "iofunc/iofunc_i.h"

/*
 * The client's identity.  For connect messages (open) these are the
 * credentials sent with the request; for I/O messages, those of the
 * process that opened the file, as Linux checks file->f_cred.  @ioflag
 * is not used: Linux has no O_REALIDS.
 */
int iofunc_client_info(resmgr_context_t *ctp, int ioflag,
		       struct _client_info *info)
{
	const struct rm_cred *c;
	int err = rm_ctx_cred(rm_ctx(ctp), &c);

	if (err == EOK)
		*info = c->ci;
	return err;
}

bool rm_in_group(const struct rm_cred *c, gid_t gid)
{
	const gid_t *groups = c->groups ? c->groups : c->ci.cred.grouplist;
	uint32_t i;

	if (c->ci.cred.egid == gid)
		return true;
	for (i = 0; i < c->ngroups; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/*
 * @checkmode: S_IRUSR/S_IWUSR/S_IXUSR for the access wanted (in owner
 * position, whatever class the client is in), S_ISUID for "is the
 * owner", S_ISGID for "is in the group".  Root may do anything.
 */
int rm_check_access(const struct rm_cred *c, const iofunc_attr_t *attr,
		    mode_t checkmode)
{
	mode_t want = checkmode & S_IRWXU, have;
	uid_t uid = c->ci.cred.euid;

	if (uid == 0)
		return EOK;
	if ((checkmode & S_ISUID) && uid == attr->uid)
		return EOK;
	if ((checkmode & S_ISGID) && rm_in_group(c, attr->gid))
		return EOK;
	if (!want)
		return EPERM;
	/* Only the first class that matches counts, as in POSIX. */
	if (uid == attr->uid)
		have = attr->mode & S_IRWXU;
	else if (rm_in_group(c, attr->gid))
		have = (attr->mode & S_IRWXG) << 3;
	else
		have = (attr->mode & S_IRWXO) << 6;
	return (have & want) == want ? EOK : EACCES;
}

int iofunc_check_access(resmgr_context_t *ctp, const iofunc_attr_t *attr,
			mode_t checkmode, const struct _client_info *info)
{
	const struct rm_cred *c;
	struct rm_cred given;
	int err;

	if (info) {
		given.ci = *info;
		given.groups = NULL;
		given.ngroups = info->cred.ngroups < _CLIENT_INFO_NGROUPS ?
				info->cred.ngroups : _CLIENT_INFO_NGROUPS;
		c = &given;
	} else {
		err = rm_ctx_cred(rm_ctx(ctp), &c);
		if (err)
			return err;
	}
	return rm_check_access(c, attr, checkmode);
}
