// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iofunc_func_init(): the POSIX-layer default handlers.
 *
 * Slots left NULL are answered with _RESMGR_DEFAULT (other_func, else
 * ENOSYS; ENOTTY for devctl), as on QNX: space and msg have no default
 * there either; mmap is never sent (mmap(2) fails ENODEV).
 */
#include <string.h>

#include "kernel/kernel_i.h"

_Static_assert((sizeof(resmgr_connect_funcs_t) - RM_FIRST_FN) / RM_FN_SIZE ==
	       _RESMGR_CONNECT_NFUNCS, "_RESMGR_CONNECT_NFUNCS is stale");
_Static_assert((sizeof(resmgr_io_funcs_t) - RM_FIRST_FN) / RM_FN_SIZE ==
	       _RESMGR_IO_NFUNCS, "_RESMGR_IO_NFUNCS is stale");

static const resmgr_connect_funcs_t rm_connect_defaults = {
	.nfuncs		= _RESMGR_CONNECT_NFUNCS,
	.open		= iofunc_open_default,
};

static const resmgr_io_funcs_t rm_io_defaults = {
	.nfuncs		= _RESMGR_IO_NFUNCS,
	.read		= iofunc_read_default,
	.write		= iofunc_write_default,
	.close_ocb	= iofunc_close_ocb_default,
	.stat		= iofunc_stat_default,
	.devctl		= iofunc_devctl_default,
	.unblock	= iofunc_unblock_default,
	.pathconf	= iofunc_pathconf_default,
	.lseek		= iofunc_lseek_default,
	.chmod		= iofunc_chmod_default,
	.chown		= iofunc_chown_default,
	.utime		= iofunc_utime_default,
	.openfd		= iofunc_openfd_default,
	.fdinfo		= iofunc_fdinfo_default,
	.lock		= iofunc_lock_default,
	.close_dup	= iofunc_close_dup_default,
	.lock_ocb	= iofunc_lock_ocb_default,
	.unlock_ocb	= iofunc_unlock_ocb_default,
	.sync		= iofunc_sync_default,
};

/* Fill the first @n handlers of a table (an older, shorter one too). */
static void rm_table_init(void *tab, const void *defaults, unsigned n,
			  unsigned nmax)
{
	if (n > nmax)
		n = nmax;
	memcpy(tab, defaults, RM_FIRST_FN + n * RM_FN_SIZE);
	*(unsigned *)tab = n;
}

void iofunc_func_init(unsigned nconnect, resmgr_connect_funcs_t *connect,
		      unsigned nio, resmgr_io_funcs_t *io)
{
	if (connect)
		rm_table_init(connect, &rm_connect_defaults, nconnect,
			      _RESMGR_CONNECT_NFUNCS);
	if (io)
		rm_table_init(io, &rm_io_defaults, nio, _RESMGR_IO_NFUNCS);
}
