// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: a file's data in the page cache, for private mappings and exec.
 *
 * A file's bytes are the server's and change only by messages, so the
 * kernel keeps no copy of them for read(2) and write(2).  Two readers
 * cannot do without one, though: a memory mapping (the pages a fault
 * maps must live somewhere) and execve(2), which maps the program and
 * reads its headers with kernel_read() into kernel memory.  For them a
 * regular file's pages are read into its page cache, by READs at their
 * offsets (->readahead, one READ a window; ->read_folio), as FUSE and
 * NFS do.
 *
 * Coherence is what the server's model allows and no more:
 *  - Only MAP_PRIVATE mappings are made.  POSIX leaves it unspecified
 *    whether a private mapping sees later changes to the file, so a
 *    snapshot is a correct one.  A shared mapping would promise that
 *    every write(2), by anyone, shows in it, and that stores reach the
 *    file: the server cannot tell us of its changes, so those fail
 *    ENODEV as before, read-only ones of read-only opens too (VM_MAYSHARE:
 *    the VFS would quietly make those private).
 *  - Each mmap(2) asks the server for the size (STAT on the open) and
 *    drops the cached pages, so a new mapping sees the file as it is
 *    now; so does every write or truncate through this kernel.  Pages
 *    other private mappings share are unmapped from them too, and read
 *    again at their next fault: a private mapping may show a change made
 *    after its mmap(2), which POSIX allows.
 *
 * exec opens (__FMODE_EXEC) get resmgr_exec_ops: ->read_iter alone,
 * which kernel_read() requires, with the kernel's own file position.
 * No other open may have ->read_iter: with the server's position
 * (FMODE_STREAM, file.c) a readv(2) could not be told from a preadv(2)
 * at offset 0, while an exec open is only ever read by the kernel at
 * explicit offsets (or, given to an interpreter by binfmt_misc's 'O'
 * flag, through an ordinary kernel-kept position).
 */
#include <linux/bvec.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/pagemap.h>
#include <linux/uio.h>

#include "resmgr_i.h"

/*
 * Fill @folio from the server.  A READ may answer short before the end of
 * the file (a server's own limit), so ask again until it says 0; the rest
 * of the folio past the end reads as zeros, as for any file.
 */
static int resmgr_read_folio(struct file *file, struct folio *folio)
{
	struct inode *inode = folio->mapping->host;
	size_t len = folio_size(folio), done = 0;
	loff_t pos = folio_pos(folio);
	struct file *found = NULL;
	ssize_t ret = 0;

	/* Readers with no file (none of ours today): any open will do. */
	if (!file) {
		found = resmgr_inode_open_get(inode, NULL);
		file = found;
	}
	if (!file) {
		ret = -EIO;
		goto out;
	}
	while (done < len) {
		struct bio_vec bv = {
			.bv_page = folio_page(folio, 0),
			.bv_offset = done,
			.bv_len = len - done,
		};
		struct iov_iter to;

		iov_iter_bvec(&to, ITER_DEST, &bv, 1, len - done);
		ret = resmgr_read_to_iter(file, &to, &pos, true);
		if (ret <= 0)
			break;
		done += ret;
	}
	/* Part of a folio is no folio: the fault fails (SIGBUS, EIO). */
	if (ret >= 0) {
		folio_zero_range(folio, done, len - done);
		folio_mark_uptodate(folio);
		ret = 0;
	}
	if (found)
		fput(found);
out:
	folio_unlock(folio);
	return ret;
}

/*
 * Readahead (a fault's window, RESMGR_READAHEAD_PAGES at most): one READ
 * for the folios of a batch, not one each, as a message per 4 KiB page
 * would make a program's start cost a round trip per page.  Folios the
 * bytes reached are up to date; past the end of the file they are
 * zeros.  On an error the ones not filled stay locked out of date and
 * are dropped; a fault on one of them asks again with ->read_folio.
 */
#define RESMGR_READAHEAD_BATCH	RESMGR_READAHEAD_PAGES

/* Up to date what the READ filled, zeros past the end; unlock them all. */
static void resmgr_readahead_end(struct folio **folios, unsigned int n,
				 size_t done, bool eof)
{
	size_t start = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		size_t size = folio_size(folios[i]);

		if (eof && done < start + size)
			folio_zero_range(folios[i], max(done, start) - start,
					 start + size - max(done, start));
		if (eof || done >= start + size)
			folio_mark_uptodate(folios[i]);
		folio_unlock(folios[i]);
		start += size;
	}
}

static void resmgr_readahead(struct readahead_control *rac)
{
	struct folio *folios[RESMGR_READAHEAD_BATCH];
	struct bio_vec bv[RESMGR_READAHEAD_BATCH];
	struct file *file = rac->file;

	/* No open to read through (none of ours): ->read_folio decides. */
	if (!file)
		return;
	for (;;) {
		size_t len = 0, done = 0;
		struct iov_iter to;
		unsigned int n;
		ssize_t ret = 0;
		loff_t pos;

		for (n = 0; n < RESMGR_READAHEAD_BATCH; n++) {
			folios[n] = readahead_folio(rac);
			if (!folios[n])
				break;
			bvec_set_page(&bv[n], folio_page(folios[n], 0),
				      folio_size(folios[n]), 0);
			len += folio_size(folios[n]);
		}
		if (!n)
			return;
		pos = folio_pos(folios[0]);
		/* A READ may answer short before the end: ask until 0. */
		while (done < len) {
			iov_iter_bvec(&to, ITER_DEST, bv, n, len);
			iov_iter_advance(&to, done);
			ret = resmgr_read_to_iter(file, &to, &pos, true);
			if (ret <= 0)
				break;
			done += ret;
		}
		resmgr_readahead_end(folios, n, done, ret >= 0);
	}
}

static const struct address_space_operations resmgr_file_aops = {
	.read_folio	= resmgr_read_folio,
	.readahead	= resmgr_readahead,
};

/**
 * resmgr_mapping_init() - give a new inode its address space operations
 * @inode: the inode, of any type
 *
 * Only regular files are mapped; the others keep the empty defaults and
 * never have pages.
 */
void resmgr_mapping_init(struct inode *inode)
{
	if (S_ISREG(inode->i_mode))
		inode->i_mapping->a_ops = &resmgr_file_aops;
}

/**
 * resmgr_mapping_changed() - forget cached pages after a change we made
 * @inode: the file written, truncated or allocated through
 *
 * invalidate_mapping_pages() would skip a page that still has a
 * reference of its own, as one just unmapped has while it waits in a
 * CPU's LRU batch (seen on 6.1): the next mapping would show bytes older
 * than the write.  invalidate_inode_pages2() takes every page out of the
 * cache, unmapping it from the private mappings that share it, whose
 * next fault reads it again; their own copies (written pages) stay.
 */
void resmgr_mapping_changed(struct inode *inode)
{
	struct address_space *mapping = inode->i_mapping;

	/* -EBUSY (a page it could not drop) leaves that page as it was. */
	if (!mapping_empty(mapping))
		invalidate_inode_pages2(mapping);
}

/*
 * mmap(2): a private mapping of a regular file, read through the page
 * cache.  The size must be the server's now: a fault past i_size is
 * SIGBUS, and a page before it is read.
 */
int resmgr_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct inode *inode = file_inode(file);
	int ret;

	/* A stream has no offsets to read pages at, as a pipe has none. */
	if (!S_ISREG(inode->i_mode) || (vma->vm_flags & VM_MAYSHARE) ||
	    !(file->f_mode & FMODE_PREAD))
		return -ENODEV;
	ret = resmgr_refresh_size(file);
	if (ret)
		return ret;
	resmgr_mapping_changed(file_inode(file));
	return generic_file_readonly_mmap(file, vma);
}

/*
 * The position of an exec open is the kernel's, not the server's (which
 * reads at explicit offsets never move): SEEK_CUR is sent as SEEK_SET.
 */
static loff_t resmgr_exec_llseek(struct file *file, loff_t offset, int whence)
{
	if (whence == SEEK_CUR) {
		if (check_add_overflow(file->f_pos, offset, &offset))
			return -EOVERFLOW;
		whence = SEEK_SET;
	}
	return resmgr_llseek(file, offset, whence);
}

/* exec's kernel_read(): at the position it gives, into kernel memory. */
static ssize_t resmgr_exec_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return resmgr_read_to_iter(iocb->ki_filp, to, &iocb->ki_pos, false);
}

/*
 * An exec open: no ->read (kernel_read() refuses a table with both), and
 * nothing that writes.  The rest is an ordinary open's.
 */
const struct file_operations resmgr_exec_ops = {
	.owner		= THIS_MODULE,
	.read_iter	= resmgr_exec_read_iter,
	.llseek		= resmgr_exec_llseek,
	.poll		= resmgr_poll,
	.unlocked_ioctl	= resmgr_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= resmgr_mmap,
	.lock		= resmgr_lock,
	.setlease	= simple_nosetlease,
	.flush		= resmgr_file_flush,
	.release	= resmgr_file_release,
};
