/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/resmgr_cdefs.h> - how libresmgr's headers declare its functions.
 *
 * Every function a libresmgr header declares is inside
 * __RESMGR_BEGIN_DECLS ... __RESMGR_END_DECLS: C linkage for C++, and
 * default visibility, so the library (built with -fvisibility=hidden)
 * exports exactly what its headers declare and nothing it keeps to
 * itself.  A program built with -fvisibility=hidden is not affected: the
 * pragma covers only these declarations.
 */
#ifndef _SYS_RESMGR_CDEFS_H
#define _SYS_RESMGR_CDEFS_H

#ifdef __cplusplus
#define __RESMGR_BEGIN_DECLS \
	extern "C" { _Pragma("GCC visibility push(default)")
#define __RESMGR_END_DECLS \
	_Pragma("GCC visibility pop") }
#else
#define __RESMGR_BEGIN_DECLS	_Pragma("GCC visibility push(default)")
#define __RESMGR_END_DECLS	_Pragma("GCC visibility pop")
#endif

#endif /* _SYS_RESMGR_CDEFS_H */
