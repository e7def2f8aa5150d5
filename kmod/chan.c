// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the channel device, /dev/resmgr.
 *
 * Each open of /dev/resmgr is one channel: the server end of every path
 * the server attaches.  Requests from clients queue on the channel and
 * any number of server threads take them with RESMGR_IOC_XFER.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "resmgr_i.h"

/**
 * struct resmgr_chan - one server connection
 * @lock:	protects the channel state
 * @hello_done:	the handshake has been made
 * @features:	RESMGR_FEAT_* granted in the handshake
 */
struct resmgr_chan {
	spinlock_t lock;	/* protects the fields below */
	bool hello_done;
	u64 features;
};

static int resmgr_chan_open(struct inode *inode, struct file *file)
{
	struct resmgr_chan *chan;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL_ACCOUNT);
	if (!chan)
		return -ENOMEM;
	spin_lock_init(&chan->lock);
	file->private_data = chan;
	return nonseekable_open(inode, file);
}

static int resmgr_chan_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static long resmgr_ioc_hello(struct resmgr_chan *chan, void __user *uarg)
{
	struct resmgr_hello hello;
	u32 usize;
	int ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < offsetofend(struct resmgr_hello, features))
		return -EINVAL;
	ret = copy_struct_from_user(&hello, sizeof(hello), uarg, usize);
	if (ret)
		return ret;
	ret = resmgr_hello_negotiate(&hello);
	if (ret)
		return ret;

	spin_lock(&chan->lock);
	chan->features = hello.features;
	chan->hello_done = true;
	spin_unlock(&chan->lock);

	hello.size = min_t(u32, usize, sizeof(hello));
	if (copy_to_user(uarg, &hello, hello.size))
		return -EFAULT;
	return 0;
}

static long resmgr_chan_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct resmgr_chan *chan = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case RESMGR_IOC_HELLO:
		return resmgr_ioc_hello(chan, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations resmgr_chan_fops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_chan_open,
	.release	= resmgr_chan_release,
	.unlocked_ioctl	= resmgr_chan_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice resmgr_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "resmgr",
	.fops	= &resmgr_chan_fops,
	.mode	= 0666,
};

int __init resmgr_chan_init(void)
{
	return misc_register(&resmgr_misc);
}

void resmgr_chan_exit(void)
{
	misc_deregister(&resmgr_misc);
}
