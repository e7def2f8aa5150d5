/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <gulliver.h> - byte order and unaligned access, as QNX drivers use
 * them for device registers and wire formats.
 *
 *	ENDIAN_LE16/32/64(x)	x converted between native order and little
 *				endian (either way: the same swap)
 *	ENDIAN_BE16/32/64(x)	... and big endian
 *	ENDIAN_RET16/32/64(x)	x with its bytes swapped
 *	ENDIAN_SWAP16/32/64(p)	swap the bytes of *p in place
 *	UNALIGNED_RET16/32/64(p)	read a value at any address
 *	UNALIGNED_PUT16/32/64(p, x)	write one at any address
 *
 * libresmgr's own, on GCC's byte-swap built-ins.
 */
#ifndef _GULLIVER_H_INCLUDED
#define _GULLIVER_H_INCLUDED

#include <stdint.h>
#include <sys/platform.h>

#define ENDIAN_RET16(__x)	((uint16_t)__builtin_bswap16((uint16_t)(__x)))
#define ENDIAN_RET32(__x)	((uint32_t)__builtin_bswap32((uint32_t)(__x)))
#define ENDIAN_RET64(__x)	((uint64_t)__builtin_bswap64((uint64_t)(__x)))

#if defined(__LITTLEENDIAN__)
#define ENDIAN_LE16(__x)	((uint16_t)(__x))
#define ENDIAN_LE32(__x)	((uint32_t)(__x))
#define ENDIAN_LE64(__x)	((uint64_t)(__x))
#define ENDIAN_BE16(__x)	ENDIAN_RET16(__x)
#define ENDIAN_BE32(__x)	ENDIAN_RET32(__x)
#define ENDIAN_BE64(__x)	ENDIAN_RET64(__x)
#elif defined(__BIGENDIAN__)
#define ENDIAN_LE16(__x)	ENDIAN_RET16(__x)
#define ENDIAN_LE32(__x)	ENDIAN_RET32(__x)
#define ENDIAN_LE64(__x)	ENDIAN_RET64(__x)
#define ENDIAN_BE16(__x)	((uint16_t)(__x))
#define ENDIAN_BE32(__x)	((uint32_t)(__x))
#define ENDIAN_BE64(__x)	((uint64_t)(__x))
#else
#error "<gulliver.h>: unknown byte order"
#endif

static inline void __resmgr_swap16(volatile void *__p)
{
	volatile uint16_t *__v = (volatile uint16_t *)__p;

	*__v = __builtin_bswap16(*__v);
}

static inline void __resmgr_swap32(volatile void *__p)
{
	volatile uint32_t *__v = (volatile uint32_t *)__p;

	*__v = __builtin_bswap32(*__v);
}

static inline void __resmgr_swap64(volatile void *__p)
{
	volatile uint64_t *__v = (volatile uint64_t *)__p;

	*__v = __builtin_bswap64(*__v);
}

#define ENDIAN_SWAP16(__p)	__resmgr_swap16(__p)
#define ENDIAN_SWAP32(__p)	__resmgr_swap32(__p)
#define ENDIAN_SWAP64(__p)	__resmgr_swap64(__p)

#define __RESMGR_UNALIGNED(__bits)					\
static inline uint##__bits##_t						\
__resmgr_unaligned_ret##__bits(const volatile void *__p)		\
{									\
	uint##__bits##_t __v;						\
									\
	__builtin_memcpy(&__v, (const void *)__p, sizeof(__v));		\
	return __v;							\
}									\
static inline void							\
__resmgr_unaligned_put##__bits(volatile void *__p, uint##__bits##_t __v) \
{									\
	__builtin_memcpy((void *)__p, &__v, sizeof(__v));		\
}
__RESMGR_UNALIGNED(16)
__RESMGR_UNALIGNED(32)
__RESMGR_UNALIGNED(64)
#undef __RESMGR_UNALIGNED

#define UNALIGNED_RET16(__p)	__resmgr_unaligned_ret16(__p)
#define UNALIGNED_RET32(__p)	__resmgr_unaligned_ret32(__p)
#define UNALIGNED_RET64(__p)	__resmgr_unaligned_ret64(__p)
#define UNALIGNED_PUT16(__p, __x)	__resmgr_unaligned_put16((__p), (__x))
#define UNALIGNED_PUT32(__p, __x)	__resmgr_unaligned_put32((__p), (__x))
#define UNALIGNED_PUT64(__p, __x)	__resmgr_unaligned_put64((__p), (__x))

#endif /* _GULLIVER_H_INCLUDED */
