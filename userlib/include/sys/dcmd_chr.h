/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/dcmd_chr.h> - devctl() commands of character devices (serial
 * ports, terminals, parallel ports), as QNX names them.
 *
 * Each is a Linux ioctl number in class _DCMD_CHR (<devctl.h>) with the
 * direction and size of its data, so a Linux client may ioctl() them
 * too; the command numbers are libresmgr's own.  A driver answers them
 * in its io_devctl handler.  Linux's own terminal calls (tcgetattr(),
 * tcsetattr(), stty) send Linux's TCGETS/TCSETS, not these: a ported
 * driver serves its ported clients, and Linux tools through their own
 * ioctls only if it answers those too.
 */
#ifndef _SYS_DCMD_CHR_H
#define _SYS_DCMD_CHR_H

#include <stdint.h>
#include <termios.h>
#include <sys/ioctl.h>		/* struct winsize */
#include <sys/types.h>
#include <devctl.h>

/* Terminal attributes (tcgetattr()/tcsetattr() with TCSANOW, TCSADRAIN, TCSAFLUSH). */
#define DCMD_CHR_TCGETATTR	__DIOF(_DCMD_CHR, 0x01, struct termios)
#define DCMD_CHR_TCSETATTR	__DIOT(_DCMD_CHR, 0x02, struct termios)
#define DCMD_CHR_TCSETATTRD	__DIOT(_DCMD_CHR, 0x03, struct termios)
#define DCMD_CHR_TCSETATTRF	__DIOT(_DCMD_CHR, 0x04, struct termios)
/* tcdrain(), tcflow(TCOOFF/TCOON/TCIOFF/TCION), tcflush(TCIFLUSH/...) */
#define DCMD_CHR_TCDRAIN	__DION(_DCMD_CHR, 0x05)
#define DCMD_CHR_TCFLOW		__DIOT(_DCMD_CHR, 0x06, int)
#define DCMD_CHR_TCFLUSH	__DIOT(_DCMD_CHR, 0x07, int)
/* Process group and session of the terminal. */
#define DCMD_CHR_TCGETPGRP	__DIOF(_DCMD_CHR, 0x08, pid_t)
#define DCMD_CHR_TCSETPGRP	__DIOT(_DCMD_CHR, 0x09, pid_t)
#define DCMD_CHR_TCGETSID	__DIOF(_DCMD_CHR, 0x0a, pid_t)
#define DCMD_CHR_TCSETSID	__DIOT(_DCMD_CHR, 0x0b, pid_t)
/* Put a character into the input as if it had arrived (cooked, raw). */
#define DCMD_CHR_TCINJECTC	__DIOT(_DCMD_CHR, 0x0c, char)
#define DCMD_CHR_TCINJECTR	__DIOT(_DCMD_CHR, 0x0d, char)
/* Does the device behave as a terminal (EOK) or not (ENOTTY)? */
#define DCMD_CHR_ISATTY		__DION(_DCMD_CHR, 0x0e)
/* Bytes waiting in the input and output buffers, and their sizes. */
#define DCMD_CHR_ISCHARS	__DIOF(_DCMD_CHR, 0x0f, int)
#define DCMD_CHR_OSCHARS	__DIOF(_DCMD_CHR, 0x10, int)
#define DCMD_CHR_ISSIZE		__DIOF(_DCMD_CHR, 0x11, int)
#define DCMD_CHR_OSSIZE		__DIOF(_DCMD_CHR, 0x12, int)
/* Window size (TIOCGWINSZ/TIOCSWINSZ). */
#define DCMD_CHR_GETSIZE	__DIOF(_DCMD_CHR, 0x13, struct winsize)
#define DCMD_CHR_SETSIZE	__DIOT(_DCMD_CHR, 0x14, struct winsize)
/* Serial line control: _SERCTL_* bits (set with their _CHG bit). */
#define DCMD_CHR_SERCTL		__DIOT(_DCMD_CHR, 0x15, int)
/* Modem and line state: _LINESTATUS_* bits. */
#define DCMD_CHR_LINESTATUS	__DIOF(_DCMD_CHR, 0x16, unsigned)
/* Out-of-band data. */
#define DCMD_CHR_GETOBAND	__DIOF(_DCMD_CHR, 0x17, char)
#define DCMD_CHR_SETOBAND	__DIOT(_DCMD_CHR, 0x18, char)
/* Send a break (the duration in ms; 0: the driver's default). */
#define DCMD_CHR_SENDBREAK	__DIOT(_DCMD_CHR, 0x19, int)
/* Parallel port control: _PARCTL_* bits in, the port status out. */
#define DCMD_CHR_PARCTL		__DIOTF(_DCMD_CHR, 0x1a, int)
/* Reset the device. */
#define DCMD_CHR_RESET		__DION(_DCMD_CHR, 0x1b)

/* DCMD_CHR_SERCTL bits: a line's new level, and that it changes. */
#define _SERCTL_DTR		0x0001
#define _SERCTL_DTR_CHG		0x0002
#define _SERCTL_RTS		0x0004
#define _SERCTL_RTS_CHG		0x0008
#define _SERCTL_BRK		0x0010
#define _SERCTL_BRK_CHG		0x0020
#define _SERCTL_LOOP		0x0040
#define _SERCTL_LOOP_CHG	0x0080

/* DCMD_CHR_LINESTATUS bits. */
#define _LINESTATUS_SER_DTR	0x0001
#define _LINESTATUS_SER_RTS	0x0002
#define _LINESTATUS_SER_CTS	0x0010
#define _LINESTATUS_SER_DSR	0x0020
#define _LINESTATUS_SER_RI	0x0040
#define _LINESTATUS_SER_CD	0x0080
#define _LINESTATUS_PAR_NOERROR	0x0100
#define _LINESTATUS_PAR_SELECTED 0x0200
#define _LINESTATUS_PAR_PAPEROUT 0x0400
#define _LINESTATUS_PAR_NOTBUSY	0x0800

/* DCMD_CHR_PARCTL bits. */
#define _PARCTL_INIT		0x0001
#define _PARCTL_SELECT		0x0002

#endif /* _SYS_DCMD_CHR_H */
