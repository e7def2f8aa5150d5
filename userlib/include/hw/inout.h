/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <hw/inout.h>: device register access, QNX's names.
 *
 * A "port" is either an x86 I/O port (what mmap_device_io() returns) or
 * the address of a register in device memory (inside what
 * mmap_device_memory() mapped): as on QNX, the same calls serve both.
 * Values below RESMGR_IO_PORT_LIMIT are I/O ports, which no mapping can
 * be at (Linux maps nothing below mmap_min_addr, 64 KiB on the
 * distributions this runs on); anything else is read and written as
 * volatile memory of the access's width.  Where there are no I/O ports,
 * every port is memory.
 *
 * in8..in32 and out8..out32 use the CPU's byte order; the le and be
 * forms swap to and from little and big endian; the s forms move
 * @len items between a buffer and one port.
 */
#ifndef _HW_INOUT_H
#define _HW_INOUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/platform.h>

#define RESMGR_IO_PORT_LIMIT	0x10000u

#if defined(__x86_64__) || defined(__i386__)
#define __RESMGR_IS_PORT(_p)	((_p) < RESMGR_IO_PORT_LIMIT)
#else
#define __RESMGR_IS_PORT(_p)	0
#endif

#define __RESMGR_MMIO(_type, _p)	(*(volatile _type *)(_p))

static inline uint8_t in8(uintptr_t port)
{
#if defined(__x86_64__) || defined(__i386__)
	if (__RESMGR_IS_PORT(port)) {
		uint8_t v;

		__asm__ __volatile__("inb %w1, %0" : "=a"(v) : "Nd"((uint16_t)port));
		return v;
	}
#endif
	return __RESMGR_MMIO(uint8_t, port);
}

static inline uint16_t in16(uintptr_t port)
{
#if defined(__x86_64__) || defined(__i386__)
	if (__RESMGR_IS_PORT(port)) {
		uint16_t v;

		__asm__ __volatile__("inw %w1, %0" : "=a"(v) : "Nd"((uint16_t)port));
		return v;
	}
#endif
	return __RESMGR_MMIO(uint16_t, port);
}

static inline uint32_t in32(uintptr_t port)
{
#if defined(__x86_64__) || defined(__i386__)
	if (__RESMGR_IS_PORT(port)) {
		uint32_t v;

		__asm__ __volatile__("inl %w1, %0" : "=a"(v) : "Nd"((uint16_t)port));
		return v;
	}
#endif
	return __RESMGR_MMIO(uint32_t, port);
}

static inline void out8(uintptr_t port, uint8_t val)
{
#if defined(__x86_64__) || defined(__i386__)
	if (__RESMGR_IS_PORT(port)) {
		__asm__ __volatile__("outb %0, %w1" : : "a"(val), "Nd"((uint16_t)port));
		return;
	}
#endif
	__RESMGR_MMIO(uint8_t, port) = val;
}

static inline void out16(uintptr_t port, uint16_t val)
{
#if defined(__x86_64__) || defined(__i386__)
	if (__RESMGR_IS_PORT(port)) {
		__asm__ __volatile__("outw %0, %w1" : : "a"(val), "Nd"((uint16_t)port));
		return;
	}
#endif
	__RESMGR_MMIO(uint16_t, port) = val;
}

static inline void out32(uintptr_t port, uint32_t val)
{
#if defined(__x86_64__) || defined(__i386__)
	if (__RESMGR_IS_PORT(port)) {
		__asm__ __volatile__("outl %0, %w1" : : "a"(val), "Nd"((uint16_t)port));
		return;
	}
#endif
	__RESMGR_MMIO(uint32_t, port) = val;
}

/* Little- and big-endian registers, whatever the CPU's order. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __RESMGR_LE16(_v)	(_v)
#define __RESMGR_LE32(_v)	(_v)
#define __RESMGR_BE16(_v)	__builtin_bswap16(_v)
#define __RESMGR_BE32(_v)	__builtin_bswap32(_v)
#else
#define __RESMGR_LE16(_v)	__builtin_bswap16(_v)
#define __RESMGR_LE32(_v)	__builtin_bswap32(_v)
#define __RESMGR_BE16(_v)	(_v)
#define __RESMGR_BE32(_v)	(_v)
#endif

static inline uint16_t inle16(uintptr_t port)
{
	return __RESMGR_LE16(in16(port));
}

static inline uint32_t inle32(uintptr_t port)
{
	return __RESMGR_LE32(in32(port));
}

static inline uint16_t inbe16(uintptr_t port)
{
	return __RESMGR_BE16(in16(port));
}

static inline uint32_t inbe32(uintptr_t port)
{
	return __RESMGR_BE32(in32(port));
}

static inline void outle16(uintptr_t port, uint16_t val)
{
	out16(port, __RESMGR_LE16(val));
}

static inline void outle32(uintptr_t port, uint32_t val)
{
	out32(port, __RESMGR_LE32(val));
}

static inline void outbe16(uintptr_t port, uint16_t val)
{
	out16(port, __RESMGR_BE16(val));
}

static inline void outbe32(uintptr_t port, uint32_t val)
{
	out32(port, __RESMGR_BE32(val));
}

/* @len items between @buff and one port; return @buff. */
static inline void *in8s(void *buff, unsigned len, uintptr_t port)
{
	uint8_t *p = (uint8_t *)buff;

	while (len--)
		*p++ = in8(port);
	return buff;
}

static inline void *in16s(void *buff, unsigned len, uintptr_t port)
{
	uint16_t *p = (uint16_t *)buff;

	while (len--)
		*p++ = in16(port);
	return buff;
}

static inline void *in32s(void *buff, unsigned len, uintptr_t port)
{
	uint32_t *p = (uint32_t *)buff;

	while (len--)
		*p++ = in32(port);
	return buff;
}

static inline void *out8s(const void *buff, unsigned len, uintptr_t port)
{
	const uint8_t *p = (const uint8_t *)buff;

	while (len--)
		out8(port, *p++);
	return (void *)p;
}

static inline void *out16s(const void *buff, unsigned len, uintptr_t port)
{
	const uint16_t *p = (const uint16_t *)buff;

	while (len--)
		out16(port, *p++);
	return (void *)p;
}

static inline void *out32s(const void *buff, unsigned len, uintptr_t port)
{
	const uint32_t *p = (const uint32_t *)buff;

	while (len--)
		out32(port, *p++);
	return (void *)p;
}

#endif /* _HW_INOUT_H */
