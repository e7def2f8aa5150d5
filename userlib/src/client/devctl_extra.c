// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * posix_devctl() and devctlv(): devctl() by another name, and with the
 * data in an I/O vector.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <devctl.h>

int posix_devctl(int fd, int dcmd, void *__restrict dev_data_ptr,
		 size_t nbyte, int *__restrict dev_info_ptr)
{
	return devctl(fd, dcmd, dev_data_ptr, nbyte, dev_info_ptr);
}

static size_t iov_total(const struct iovec *iov, int parts)
{
	size_t n = 0;
	int i;

	for (i = 0; i < parts; i++)
		n += iov[i].iov_len;
	return n;
}

int devctlv(int fd, int dcmd, int sparts, int rparts,
	    const struct iovec *sv, const struct iovec *rv,
	    int *dev_info_ptr)
{
	size_t size = _IOC_SIZE((unsigned int)dcmd), stotal, rtotal, off;
	unsigned char *buf;
	int i, err;

	if (sparts < 0 || rparts < 0 || (sparts && !sv) || (rparts && !rv)) {
		errno = EINVAL;
		return EINVAL;
	}
	stotal = iov_total(sv, sparts);
	rtotal = iov_total(rv, rparts);
	if (stotal > size)
		size = stotal;
	if (rtotal > size)
		size = rtotal;
	buf = calloc(1, size ? size : 1);
	if (!buf) {
		errno = ENOMEM;
		return ENOMEM;
	}
	for (i = 0, off = 0; i < sparts; off += sv[i].iov_len, i++)
		memcpy(buf + off, sv[i].iov_base, sv[i].iov_len);

	err = devctl(fd, dcmd, buf, size, dev_info_ptr);
	if (err == EOK) {
		for (i = 0, off = 0; i < rparts; off += rv[i].iov_len, i++)
			memcpy(rv[i].iov_base, buf + off, rv[i].iov_len);
	}
	free(buf);
	if (err)
		errno = err;
	return err;
}
