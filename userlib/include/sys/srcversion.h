/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/srcversion.h> - __SRCVERSION(id), the file-scope version stamp
 * QNX sources carry:
 *
 *	__SRCVERSION("$URL: ... $ $Rev: 1234 $");
 *
 * libresmgr keeps nothing of it: the macro is a file-scope declaration,
 * its own semicolon included, that names nothing new: valid any number
 * of times, with or without a semicolon after it (an empty declaration,
 * which only -Wpedantic remarks on), in C and C++.
 */
#ifndef _SYS_SRCVERSION_H
#define _SYS_SRCVERSION_H

#ifndef __SRCVERSION
#define __SRCVERSION(__id)	extern int __resmgr_srcversion_unused;
#endif

#endif /* _SYS_SRCVERSION_H */
