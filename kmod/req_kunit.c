// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for req.c: request ids are never handed out twice while a
 * request holding one is still held.
 */
#include <kunit/test.h>
#include <linux/hashtable.h>
#include <linux/limits.h>
#include <linux/slab.h>

#include "resmgr_i.h"

/* A channel with only what resmgr_next_unique() looks at. */
static struct resmgr_chan *fake_chan(struct kunit *test)
{
	struct resmgr_chan *chan = kunit_kzalloc(test, sizeof(*chan), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, chan);
	spin_lock_init(&chan->lock);
	hash_init(chan->held);
	chan->next_unique = 1;
	return chan;
}

/* Put a request with id @unique in @chan's held table, as resmgr_recv(). */
static void hold(struct kunit *test, struct resmgr_chan *chan,
		 struct resmgr_req *req, u64 unique)
{
	req->ih.unique = unique;
	req->state = RESMGR_REQ_HELD;
	hash_add(chan->held, &req->hnode, req->ih.unique);
}

static u64 next_unique(struct resmgr_chan *chan)
{
	u64 id;

	spin_lock(&chan->lock);
	id = resmgr_next_unique(chan);
	spin_unlock(&chan->lock);
	return id;
}

/* M2: the look-up hashes what the insert hashed, for every bucket. */
static void held_id_is_never_reused(struct kunit *test)
{
	struct resmgr_chan *chan = fake_chan(test);
	struct resmgr_req *reqs;
	u64 id;
	int i;

	reqs = kunit_kcalloc(test, 64, sizeof(*reqs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reqs);
	/* 64 held ids spread over the id space, each met again after a wrap. */
	for (i = 0; i < 64; i++) {
		id = 1 + (u64)i * (INT_MAX / 64);
		hold(test, chan, &reqs[i], id);
		chan->next_unique = id;
		KUNIT_EXPECT_EQ(test, next_unique(chan), id + 1);
	}
}

static void unique_wraps_to_one_and_skips_held(struct kunit *test)
{
	struct resmgr_chan *chan = fake_chan(test);
	struct resmgr_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, req);
	hold(test, chan, req, 1);
	chan->next_unique = INT_MAX;
	KUNIT_EXPECT_EQ(test, next_unique(chan), (u64)INT_MAX);
	/* 0 is never an id, and 1 is still held. */
	KUNIT_EXPECT_EQ(test, next_unique(chan), 2ULL);
}

static struct kunit_case resmgr_req_cases[] = {
	KUNIT_CASE(held_id_is_never_reused),
	KUNIT_CASE(unique_wraps_to_one_and_skips_held),
	{}
};

static struct kunit_suite resmgr_req_suite = {
	.name = "resmgr_req",
	.test_cases = resmgr_req_cases,
};

kunit_test_suite(resmgr_req_suite);
