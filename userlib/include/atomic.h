/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <atomic.h> - QNX's atomic operations on an unsigned int, each a
 * sequentially consistent read-modify-write (libresmgr's own, on GCC's
 * __atomic built-ins):
 *
 *	atomic_add(loc, n)	*loc += n
 *	atomic_sub(loc, n)	*loc -= n
 *	atomic_set(loc, bits)	*loc |= bits
 *	atomic_clr(loc, bits)	*loc &= ~bits
 *	atomic_toggle(loc, bits) *loc ^= bits
 *
 * and the *_value() forms, which return the value *loc had before.
 */
#ifndef _ATOMIC_H_INCLUDED
#define _ATOMIC_H_INCLUDED

#define __RESMGR_ATOMIC(__name, __op)					\
static inline unsigned __name##_value(volatile unsigned *__loc,	\
				      unsigned __v)			\
{									\
	return __atomic_##__op(__loc, __v, __ATOMIC_SEQ_CST);		\
}									\
static inline void __name(volatile unsigned *__loc, unsigned __v)	\
{									\
	(void)__atomic_##__op(__loc, __v, __ATOMIC_SEQ_CST);		\
}
__RESMGR_ATOMIC(atomic_add, fetch_add)
__RESMGR_ATOMIC(atomic_sub, fetch_sub)
__RESMGR_ATOMIC(atomic_set, fetch_or)
__RESMGR_ATOMIC(atomic_toggle, fetch_xor)
#undef __RESMGR_ATOMIC

static inline unsigned atomic_clr_value(volatile unsigned *__loc,
					unsigned __bits)
{
	return __atomic_fetch_and(__loc, ~__bits, __ATOMIC_SEQ_CST);
}

static inline void atomic_clr(volatile unsigned *__loc, unsigned __bits)
{
	(void)__atomic_fetch_and(__loc, ~__bits, __ATOMIC_SEQ_CST);
}

#endif /* _ATOMIC_H_INCLUDED */
