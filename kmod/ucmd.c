// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the one ioctl convention of uapi/linux/resmgr.h ("General ioctl
 * format"), for the channel's ioctls and the client ioctls alike.
 *
 * The number is _IO(RESMGR_IOC_MAGIC, nr), so it never changes when its
 * struct grows; the struct says its own size in its first field.  A table
 * per file type names each command's struct, its smallest accepted size
 * (the end of the fields its first version had) and its handler, in the
 * manner of drivers/iommu/iommufd/main.c: the checks of sizes, zero tails
 * and answers live here once, not in every handler.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#include "resmgr_i.h"

/**
 * resmgr_ucmd_run() - copy an ioctl's argument in and run its handler
 * @ops:	the file type's table, indexed by _IOC_NR(cmd) - @base
 * @nops:	entries in @ops
 * @base:	the first command number of @ops
 * @file:	the file the ioctl is on
 * @cmd:	the ioctl number
 * @uarg:	its argument
 * @buf:	room for the largest struct of @ops
 * @bufsize:	its size
 *
 * Return: what the handler returns; -ENOTTY for a number not in @ops,
 * -EINVAL for a size below the command's first version, -E2BIG for
 * non-zero bytes past what this kernel knows, -EFAULT.
 */
long resmgr_ucmd_run(const struct resmgr_ioctl_op *ops, unsigned int nops,
		     unsigned int base, struct file *file, unsigned int cmd, void __user *uarg,
		     void *buf, size_t bufsize)
{
	unsigned int nr = _IOC_NR(cmd) - base;
	const struct resmgr_ioctl_op *op;
	struct resmgr_ucmd ucmd;
	int ret;

	/* Every command is _IO(): a number with a size or direction is not. */
	if (nr >= nops || !ops[nr].execute || cmd != _IO(RESMGR_IOC_MAGIC, nr + base))
		return -ENOTTY;
	op = &ops[nr];
	if (WARN_ON_ONCE(op->size > bufsize))
		return -ENOTTY;
	if (get_user(ucmd.user_size, (u32 __user *)uarg))
		return -EFAULT;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	ret = copy_struct_from_user(buf, op->size, uarg, ucmd.user_size);
	if (ret)
		return ret;
	ucmd.ubuffer = uarg;
	ucmd.cmd = buf;
	return op->execute(file, &ucmd);
}

/**
 * resmgr_ucmd_respond() - copy a command's struct back to its caller
 * @ucmd:	the command
 * @size:	sizeof() the struct as this kernel knows it
 *
 * Only what the caller has room for: an older, smaller struct gets its
 * own fields, a newer, larger one keeps its tail as it was.
 *
 * Return: 0 or -EFAULT.
 */
int resmgr_ucmd_respond(struct resmgr_ucmd *ucmd, size_t size)
{
	size_t n = min_t(size_t, ucmd->user_size, size);

	/* The size field says how much the kernel filled in. */
	*(u32 *)ucmd->cmd = n;
	return copy_to_user(ucmd->ubuffer, ucmd->cmd, n) ? -EFAULT : 0;
}
