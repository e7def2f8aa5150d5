// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for route.c: the order a union's servers are asked in, the
 * paths a covering prefix sees, and which answers pass a message on.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "resmgr_i.h"

#define NLINKS	6

/* A fake link's references never reach zero here. */
static void fake_release(struct kref *kref)
{
}

/* Links that are only what a union looks at: flags and a reference. */
static struct resmgr_link *fake_links(struct kunit *test, const u32 *flags,
				      int n)
{
	struct resmgr_link *l = kunit_kcalloc(test, n, sizeof(*l), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < n; i++) {
		kref_init(&l[i].kref);
		l[i].flags = flags[i];
		l[i].id = i + 1;
	}
	return l;
}

/* The ids of @un's members in asking order, as a number: 3,1,2 -> 312. */
static unsigned long union_order(struct kunit *test, struct resmgr_union *un)
{
	struct resmgr_link *m;
	unsigned long order = 0;
	unsigned int i;

	for (i = 0; (m = resmgr_union_member(un, i)); i++) {
		KUNIT_ASSERT_FALSE(test, IS_ERR(m));
		order = order * 10 + m->id;
		kref_put(&m->kref, fake_release);
	}
	return order;
}

static void union_leave_all(struct resmgr_link *l, int n)
{
	int i;

	for (i = 0; i < n; i++)
		resmgr_union_leave(&l[i]);
}

static void union_order_plain_latest_first(struct kunit *test)
{
	static const u32 flags[3] = { 0, 0, 0 };
	struct resmgr_link *l = fake_links(test, flags, 3);
	struct resmgr_union *un = resmgr_union_new(NULL, "");
	int i;

	KUNIT_ASSERT_NOT_NULL(test, un);
	for (i = 0; i < 3; i++) {
		if (i)
			kref_get(&un->kref);
		resmgr_union_insert(un, &l[i]);
	}
	KUNIT_EXPECT_EQ(test, union_order(test, un), 321UL);
	union_leave_all(l, 3);
}

static void union_order_before_plain_after(struct kunit *test)
{
	/* Attached in this order: ids 1..6. */
	static const u32 flags[NLINKS] = {
		0,			/* 1: plain */
		RESMGR_ATTACH_AFTER,	/* 2 */
		RESMGR_ATTACH_BEFORE,	/* 3 */
		0,			/* 4: plain, before 1 */
		RESMGR_ATTACH_AFTER,	/* 5: after 2 */
		RESMGR_ATTACH_BEFORE,	/* 6: before 3 */
	};
	struct resmgr_link *l = fake_links(test, flags, NLINKS);
	struct resmgr_union *un = resmgr_union_new(NULL, "");
	int i;

	KUNIT_ASSERT_NOT_NULL(test, un);
	for (i = 0; i < NLINKS; i++) {
		if (i)
			kref_get(&un->kref);
		resmgr_union_insert(un, &l[i]);
	}
	KUNIT_EXPECT_EQ(test, union_order(test, un), 634125UL);
	union_leave_all(l, NLINKS);
}

static void union_member_going_is_skipped(struct kunit *test)
{
	static const u32 flags[2] = { 0, 0 };
	struct resmgr_link *l = fake_links(test, flags, 2);
	struct resmgr_union *un = resmgr_union_new(NULL, "");
	struct resmgr_link *m;

	KUNIT_ASSERT_NOT_NULL(test, un);
	resmgr_union_insert(un, &l[0]);
	kref_get(&un->kref);
	resmgr_union_insert(un, &l[1]);
	/* Link 2 (asked first) has lost its last reference. */
	refcount_set(&l[1].kref.refcount, 0);
	m = resmgr_union_member(un, 0);
	KUNIT_EXPECT_TRUE(test, IS_ERR(m));
	m = resmgr_union_member(un, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(m));
	KUNIT_EXPECT_EQ(test, m->id, 1U);
	kref_put(&m->kref, fake_release);
	KUNIT_EXPECT_NULL(test, resmgr_union_member(un, 2));
	union_leave_all(l, 2);
}

/* A path as resmgr_dentry_path() leaves it: at the end of a buffer. */
static char *path_at_end(char *buf, size_t size, const char *path)
{
	size_t len = strlen(path) + 1;

	memcpy(buf + size - len, path, len);
	return buf + size - len;
}

static void prepend_cover_path(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, RESMGR_PATH_BUF, GFP_KERNEL);
	char *p;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	p = path_at_end(buf, RESMGR_PATH_BUF, "a/b");
	KUNIT_EXPECT_EQ(test, resmgr_path_prepend(buf, &p, "x/y"), 0);
	KUNIT_EXPECT_STREQ(test, p, "x/y/a/b");
	KUNIT_EXPECT_EQ(test, resmgr_path_prepend(buf, &p, "top"), 0);
	KUNIT_EXPECT_STREQ(test, p, "top/x/y/a/b");

	/* The attach point itself: the cover's path alone, no slash. */
	p = path_at_end(buf, RESMGR_PATH_BUF, "");
	KUNIT_EXPECT_EQ(test, resmgr_path_prepend(buf, &p, "sub"), 0);
	KUNIT_EXPECT_STREQ(test, p, "sub");
}

static void prepend_too_long(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, RESMGR_PATH_BUF, GFP_KERNEL);
	char *prefix = kunit_kzalloc(test, 16, GFP_KERNEL);
	char *p, *before;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, prefix);
	memset(prefix, 'p', 15);
	/* Leaves room for exactly "ppp...p/" and the spare byte. */
	memset(buf, 'a', RESMGR_PATH_BUF);
	buf[RESMGR_PATH_BUF - 1] = 0;
	p = buf + 17;
	KUNIT_EXPECT_EQ(test, resmgr_path_prepend(buf, &p, prefix), 0);
	KUNIT_EXPECT_PTR_EQ(test, p, buf + 1);
	/* One byte more does not fit, and the path is left as it was. */
	p = buf + 16;
	before = p;
	KUNIT_EXPECT_EQ(test, resmgr_path_prepend(buf, &p, prefix),
			-ENAMETOOLONG);
	KUNIT_EXPECT_PTR_EQ(test, p, before);
}

static void passes_only_enoent_and_enosys(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, resmgr_route_passes(-ENOENT));
	KUNIT_EXPECT_TRUE(test, resmgr_route_passes(-ENOSYS));
	KUNIT_EXPECT_FALSE(test, resmgr_route_passes(0));
	KUNIT_EXPECT_FALSE(test, resmgr_route_passes(-EACCES));
	KUNIT_EXPECT_FALSE(test, resmgr_route_passes(-ENOTDIR));
	KUNIT_EXPECT_FALSE(test, resmgr_route_passes(-ESTALE));
	KUNIT_EXPECT_FALSE(test, resmgr_route_passes(-EINTR));
}

static struct kunit_case resmgr_route_cases[] = {
	KUNIT_CASE(union_order_plain_latest_first),
	KUNIT_CASE(union_order_before_plain_after),
	KUNIT_CASE(union_member_going_is_skipped),
	KUNIT_CASE(prepend_cover_path),
	KUNIT_CASE(prepend_too_long),
	KUNIT_CASE(passes_only_enoent_and_enosys),
	{}
};

static struct kunit_suite resmgr_route_suite = {
	.name = "resmgr_route",
	.test_cases = resmgr_route_cases,
};

kunit_test_suite(resmgr_route_suite);
