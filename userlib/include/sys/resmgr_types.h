/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/resmgr_types.h> - the types handlers are declared with.
 *
 * A resource manager that keeps more per-name or per-open state than
 * iofunc_attr_t / iofunc_ocb_t defines, before including any libresmgr
 * header,
 *
 *	#define IOFUNC_ATTR_T	struct my_attr	(starts with an iofunc_attr_t)
 *	#define IOFUNC_OCB_T	struct my_ocb	(starts with an iofunc_ocb_t)
 *	#define IOFUNC_MOUNT_T	struct my_mount	(starts with an iofunc_mount_t)
 *
 * and the handler tables, the iofunc_funcs_t hooks and the links between
 * the structures (ocb->attr, attr->mount) take those types; the iofunc_*()
 * helpers keep taking the base types, as on QNX.  RESMGR_HANDLE_T (what
 * connect handlers get) and RESMGR_OCB_T (what I/O handlers get) default
 * to them and can be overridden the same way.
 *
 * Both <sys/iofunc.h> and <sys/resmgr.h> include this first, so unlike on
 * QNX the result does not depend on which of them comes first.
 */
#ifndef _SYS_RESMGR_TYPES_H
#define _SYS_RESMGR_TYPES_H

#ifndef IOFUNC_ATTR_T
#define IOFUNC_ATTR_T	struct _iofunc_attr
#endif
#ifndef IOFUNC_OCB_T
#define IOFUNC_OCB_T	struct _iofunc_ocb
#endif
#ifndef IOFUNC_MOUNT_T
#define IOFUNC_MOUNT_T	struct _iofunc_mount
#endif
#ifndef RESMGR_HANDLE_T
#define RESMGR_HANDLE_T	IOFUNC_ATTR_T
#endif
#ifndef RESMGR_OCB_T
#define RESMGR_OCB_T	IOFUNC_OCB_T
#endif

/*
 * Declare the (struct) types at file scope before any prototype names
 * them; otherwise "struct x" met first in a parameter list would be a
 * different type in every prototype.  A typedef works whether the macro
 * names a struct tag or a typedef name.
 */
typedef IOFUNC_ATTR_T __resmgr_attr_type;
typedef IOFUNC_OCB_T __resmgr_ocb_type;
typedef IOFUNC_MOUNT_T __resmgr_mount_type;
typedef RESMGR_HANDLE_T __resmgr_handle_type;
typedef RESMGR_OCB_T __resmgr_bound_ocb_type;

#endif /* _SYS_RESMGR_TYPES_H */
