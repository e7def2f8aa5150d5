// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * <sys/netmgr.h>: node descriptors, with the local node the only one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/netmgr.h>

/* The host name, and where its domain starts ("" when it has none). */
static void netmgr_host(char *host, size_t size, const char **domain)
{
	char *dot;

	if (gethostname(host, size) == -1)
		host[0] = '\0';
	host[size - 1] = '\0';
	dot = strchr(host, '.');
	*domain = dot ? dot : host + strlen(host);
}

/* Is [name, name + len) a name of this node? */
static int netmgr_is_local(const char *name, size_t len)
{
	const char *domain;
	char host[256];
	size_t short_len;

	if (len == 9 && strncasecmp(name, "localhost", 9) == 0)
		return 1;
	netmgr_host(host, sizeof(host), &domain);
	short_len = (size_t)(domain - host);
	return len && ((len == strlen(host) && !strncasecmp(name, host, len)) ||
		       (len == short_len && !strncasecmp(name, host, len)));
}

int netmgr_strtond(const char *nodename, char **endstr)
{
	const char *p = nodename, *end = nodename;

	if (!p) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * "" and "/..." (this node's own root) are the local node; else a
	 * node name, alone or as "/net/name", with an optional "~qos".
	 */
	if (*p != '\0' && (*p != '/' || strncmp(p, "/net/", 5) == 0)) {
		if (*p == '/')
			p += 5;
		end = p + strcspn(p, "/~");
		if (!netmgr_is_local(p, (size_t)(end - p))) {
			errno = ENOENT;
			return -1;
		}
		if (*end == '~')	/* a quality of service: any will do */
			end += strcspn(end, "/");
	}
	if (endstr)
		*endstr = (char *)end;
	return ND_LOCAL_NODE;
}

int netmgr_ndtostr(unsigned flags, int nd, char *buf, size_t maxbuf)
{
	char out[512], host[256];
	const char *domain;
	int n = 0;

	if (ND_NODE_CMP(nd, ND_LOCAL_NODE) != 0) {
		errno = EINVAL;
		return -1;
	}
	netmgr_host(host, sizeof(host), &domain);
	if (flags & ND2S_DIR_SHOW)
		n += snprintf(out + n, sizeof(out) - n, "/");
	if (flags & (ND2S_NAME_SHOW | ND2S_LOCAL_STR)) {
		n += snprintf(out + n, sizeof(out) - n, "%.*s",
			      (int)(domain - host), host);
		if ((flags & ND2S_DOMAIN_SHOW) && !(flags & ND2S_LOCAL_STR))
			n += snprintf(out + n, sizeof(out) - n, "%s", domain);
	}
	if (flags & ND2S_QOS_SHOW)
		n += snprintf(out + n, sizeof(out) - n, "~loadbalance");
	if (buf && maxbuf)
		snprintf(buf, maxbuf, "%s", out);
	return n;
}

int netmgr_remote_nd(int remote_nd, int local_nd)
{
	if (ND_NODE_CMP(remote_nd, ND_LOCAL_NODE) != 0 ||
	    ND_NODE_CMP(local_nd, ND_LOCAL_NODE) != 0) {
		errno = EINVAL;
		return -1;
	}
	return ND_LOCAL_NODE;
}
