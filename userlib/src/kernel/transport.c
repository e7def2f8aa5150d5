// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's only way to the kernel's channel calls.  A pointer rather
 * than direct ioctl(2) calls so the unit tests can stand in for the
 * kernel module.
 */
#include <sys/ioctl.h>

#include "kernel/kernel_i.h"

static int rm_sys_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

int (*rm_ioctl)(int fd, unsigned long request, void *arg) = rm_sys_ioctl;
