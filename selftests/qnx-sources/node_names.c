// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: node descriptors in a resource manager that logs where its
 * clients are: ND_LOCAL_NODE, netmgr_strtond() on a "/net/node/..."
 * path, netmgr_ndtostr() for a display name, ND_NODE_CMP().  On Linux
 * every client is local.
 *
 * corpus: run
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/netmgr.h>

#include "tap.h"

int main(void)
{
	char name[256], path[512], *rest = NULL;
	int nd;

	plan(4);
	ok(netmgr_ndtostr(ND2S_LOCAL_STR, ND_LOCAL_NODE, name,
			  sizeof(name)) > 0, "netmgr_ndtostr() of this node");
	snprintf(path, sizeof(path), "/net/%s/dev/ser1", name);
	nd = netmgr_strtond(path, &rest);
	ok(nd != -1 && ND_NODE_CMP(nd, ND_LOCAL_NODE) == 0,
	   "netmgr_strtond(\"/net/<this node>/dev/ser1\") is local");
	ok(rest && strcmp(rest, "/dev/ser1") == 0, "... the path follows");
	ok(netmgr_strtond("elsewhere", NULL) == -1, "another node is not");
	return tap_done();
}
