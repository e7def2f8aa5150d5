// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX headers of block, filesystem and CAN drivers: <sys/disk.h>,
 * <sys/fs_stats.h> (and their commands in <sys/dcmd_blk.h>),
 * <sys/can_dcmd.h> (each command a Linux ioctl number of its class with
 * its data's direction and size, none the same as another), and
 * <sys/pathmgr.h>'s links (symbolic links that only pathmgr_unlink()
 * of a link removes).
 */
#include <sys/disk.h>
#include <sys/fs_stats.h>
#include <sys/can_dcmd.h>
#include <sys/dcmd_blk.h>
#include <sys/dcmd_misc.h>
#include <sys/pathmgr.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

struct cmd {
	const char *name;
	unsigned long nr;
	unsigned dir;		/* _IOC_READ, _IOC_WRITE */
	size_t size;
};

#define CMD(n, d, s)	{ #n, n, d, s }

static const struct cmd can_cmds[] = {
	CMD(CAN_DEVCTL_GET_MID, _IOC_READ, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_SET_MID, _IOC_WRITE, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_GET_MFILTER, _IOC_READ, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_SET_MFILTER, _IOC_WRITE, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_GET_PRIO, _IOC_READ, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_SET_PRIO, _IOC_WRITE, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_GET_TIMESTAMP, _IOC_READ, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_SET_TIMESTAMP, _IOC_WRITE, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_READ_CANMSG_EXT, _IOC_READ, sizeof(struct can_msg)),
	CMD(CAN_DEVCTL_WRITE_CANMSG_EXT, _IOC_WRITE, sizeof(struct can_msg)),
	CMD(CAN_DEVCTL_RX_FRAME_RAW_BLOCK, _IOC_READ, sizeof(CAN_MSG)),
	CMD(CAN_DEVCTL_RX_FRAME_RAW_NOBLOCK, _IOC_READ, sizeof(CAN_MSG)),
	CMD(CAN_DEVCTL_TX_FRAME_RAW, _IOC_WRITE, sizeof(CAN_MSG)),
	CMD(CAN_DEVCTL_DEBUG_INFO, _IOC_NONE, 0),
	CMD(CAN_DEVCTL_DEBUG_INFO2, _IOC_WRITE, sizeof(uint32_t)),
	CMD(CAN_DEVCTL_ERROR, _IOC_READ, sizeof(struct can_devctl_error)),
	CMD(CAN_DEVCTL_GET_STATS, _IOC_READ, sizeof(CAN_DEVCTL_STATS)),
	CMD(CAN_DEVCTL_GET_INFO, _IOC_READ, sizeof(CAN_DEVCTL_INFO)),
	CMD(CAN_DEVCTL_SET_TIMING, _IOC_WRITE, sizeof(CAN_DEVCTL_TIMING)),
	/* the class's own, which none may equal */
	CMD(DCMD_MISC_MQGETATTR, _IOC_READ, sizeof(struct mq_attr)),
	CMD(DCMD_MISC_MQSETATTR, _IOC_WRITE, sizeof(struct mq_attr)),
};

TEST(can_commands_are_distinct_ioctl_numbers_of_their_data)
{
	size_t i, j, n = sizeof(can_cmds) / sizeof(can_cmds[0]);
	struct can_msg m;

	for (i = 0; i < n; i++) {
		const struct cmd *c = &can_cmds[i];

		EXPECT_EQ(_DCMD_MISC, _IOC_TYPE(c->nr))
			TH_LOG("%s", c->name);
		EXPECT_EQ(c->dir, _IOC_DIR(c->nr)) TH_LOG("%s", c->name);
		EXPECT_EQ(c->size, _IOC_SIZE(c->nr)) TH_LOG("%s", c->name);
		for (j = 0; j < i; j++)
			EXPECT_NE(_IOC_NR(can_cmds[j].nr), _IOC_NR(c->nr))
				TH_LOG("%s and %s", can_cmds[j].name, c->name);
	}
	/* a driver's own commands above the standard ones still fit */
	EXPECT_LT(CAN_CMD_CODE + 101, 0xf0);
	/* the frame as QNX programs fill it */
	memset(&m, 0, sizeof(m));
	m.mid = 0x123u << 18;
	m.len = CAN_MSG_DATA_MAX;
	m.dat[CAN_MSG_DATA_MAX - 1] = 0xaa;
	m.ext.is_extended_mid = 0;
	m.ext.is_remote_frame = 0;
	m.ext.timestamp = 7;
	EXPECT_EQ(8, sizeof(m.dat));
	EXPECT_EQ(0xaa, m.dat[7]);
}

/*
 * The error, statistics, information and timing data: fixed-size
 * members only, so each command is one number for 32- and 64-bit
 * programs (these sizes hold on every Linux ABI), and DCMD_DATA holds
 * any of them.
 */
TEST(can_error_stats_info_layouts_are_fixed)
{
	DCMD_DATA d;

	EXPECT_EQ(16, sizeof(struct can_devctl_error));
	EXPECT_EQ(21 * sizeof(uint32_t), sizeof(CAN_DEVCTL_STATS));
	EXPECT_EQ(4, sizeof(CANDEV_MODE));
	EXPECT_EQ(112, sizeof(CAN_DEVCTL_INFO));
	EXPECT_EQ(12, sizeof(CAN_DEVCTL_TIMING));
	EXPECT_GE(sizeof(d), sizeof(d.info));
	EXPECT_GE(sizeof(d), sizeof(d.stats));
	EXPECT_GE(sizeof(d), sizeof(d.canmsg));
	EXPECT_EQ(CAN_DEVCTL_DESCRIPTION_MAX, sizeof(d.info.description));
	EXPECT_NE(CANDEV_MODE_IO, CANDEV_MODE_RAW_FRAME);
	EXPECT_EQ(UINT32_MAX, CAN_MSG_MID_UNKNOWN);
	/* a driver answers through the union, as QNX drivers do */
	memset(&d, 0, sizeof(d));
	d.error.drvr4 = 0x80;
	EXPECT_EQ(0x80u, d.error.drvr4);
	d.stats.total_interrupts = 3;
	EXPECT_EQ(3u, d.stats.total_interrupts);
}

TEST(fsys_statistics_carry_struct_fs_stats)
{
	static const unsigned long fsys[] = {
		DCMD_FSYS_STATVFS, DCMD_FSYS_MOUNTED_ON, DCMD_FSYS_MOUNTED_AT,
		DCMD_FSYS_MOUNTED_BY, DCMD_FSYS_OPTIONS, DCMD_FSYS_LABEL,
		DCMD_FSYS_PREGROW_FILE, DCMD_FSYS_FILE_FLAGS,
		DCMD_FSYS_STATISTICS, DCMD_FSYS_STATISTICS_CLR,
	};
	struct partition_entry pe = { .os_type = 0x83, .part_size = 2048 };
	struct fs_stats st;
	size_t i, j;

	EXPECT_EQ(_IOC_READ, _IOC_DIR(DCMD_FSYS_STATISTICS));
	EXPECT_EQ(sizeof(struct fs_stats), _IOC_SIZE(DCMD_FSYS_STATISTICS));
	EXPECT_EQ(_IOC_READ, _IOC_DIR(DCMD_FSYS_STATISTICS_CLR));
	EXPECT_EQ(sizeof(struct fs_stats),
		  _IOC_SIZE(DCMD_FSYS_STATISTICS_CLR));
	EXPECT_EQ(_DCMD_FSYS, _IOC_TYPE(DCMD_FSYS_STATISTICS));
	for (i = 0; i < sizeof(fsys) / sizeof(fsys[0]); i++)
		for (j = 0; j < i; j++)
			EXPECT_NE(_IOC_NR(fsys[j]), _IOC_NR(fsys[i]));
	/* the same layout for 32- and 64-bit programs: fixed-size members */
	EXPECT_EQ(0, sizeof(st) % 8);
	EXPECT_EQ(552, sizeof(st));
	EXPECT_EQ(8, offsetof(struct fs_stats, s_time_mount));
	EXPECT_EQ(8, sizeof(st.s_buf_rphys_bytes));
	EXPECT_EQ(8, sizeof(st.s_buf_wphys_bytes));
	EXPECT_EQ(8, sizeof(st.s_time_clr));
	EXPECT_EQ(sizeof(st) - sizeof(st.s_spare),
		  offsetof(struct fs_stats, s_spare));
	EXPECT_EQ(sizeof(struct partition_entry),
		  _IOC_SIZE(DCMD_BLK_PARTENTRY));
	EXPECT_EQ(0x83, pe.os_type);
}

TEST(pathmgr_links_are_symlinks_and_unlink_takes_only_links)
{
	char link[64], file[64], target[64];
	ssize_t n;
	int fd;

	snprintf(link, sizeof(link), "/tmp/pathmgr-link-%d", (int)getpid());
	snprintf(file, sizeof(file), "/tmp/pathmgr-file-%d", (int)getpid());
	ASSERT_EQ(0, pathmgr_symlink("/dev/null", link));
	n = readlink(link, target, sizeof(target) - 1);
	ASSERT_LT(0, n);
	target[n] = '\0';
	EXPECT_STREQ("/dev/null", target);
	/* the name is taken: EBUSY */
	errno = 0;
	EXPECT_EQ(-1, pathmgr_symlink("/dev/zero", link));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(0, pathmgr_unlink(link));
	EXPECT_EQ(-1, access(link, F_OK));
	errno = 0;
	EXPECT_EQ(-1, pathmgr_unlink(link));
	EXPECT_EQ(ENOENT, errno);

	/* a regular file of that name stays */
	fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	errno = 0;
	EXPECT_EQ(-1, pathmgr_unlink(file));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, access(file, F_OK));
	unlink(file);
}

TEST_HARNESS_MAIN
