/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation-failure sweeps for the KUnit suites: run an operation with the
 * Nth fault-injection point of the test's thread failing (current->fail_nth,
 * what /proc/thread-self/fail-nth sets), for N = 1, 2, ... until the
 * operation passes all of its points.  Only meaningful where failslab and
 * fail_page_alloc fail sleeping allocations too (their ignore-gfp-wait set
 * to N, as tests/vm/campaign-allocfail.sh does): elsewhere, and without
 * CONFIG_FAULT_INJECTION, the sweeps skip.
 */
#ifndef MPAM_FAIL_NTH_TEST_H
#define MPAM_FAIL_NTH_TEST_H

#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/slab.h>

#define MPAM_FAIL_NTH_MAX	5000

struct mpam_fail_nth_sweep {
	unsigned int	points;		/* fault-injection points the op passes */
	unsigned int	refused;	/* failures the op returned an errno for */
	unsigned int	survived;	/* failures the op succeeded despite */
	unsigned int	wrong;		/* outcomes the sweep expected otherwise */
};

#ifdef CONFIG_FAULT_INJECTION
/* True when a GFP_KERNEL allocation of this thread can be made to fail. */
static inline bool mpam_fail_nth_armed(void)
{
	void *p;
	bool hit;

	current->fail_nth = 1;
	p = kmalloc(8, GFP_KERNEL);
	hit = !current->fail_nth;
	current->fail_nth = 0;
	kfree(p);
	return hit;
}

/**
 * mpam_fail_nth_run() - Sweep @op(@ctx) over its fault-injection points.
 * @test: the case.
 * @s: the sweep's figures, set.
 * @op: the operation.
 * @undo: undoes a successful @op, or NULL.
 * @ctx: their argument.
 *
 * @op returns 0 or an errno, and must leave nothing allocated when it fails
 * (the debug kernel's kmemleak scan checks that); @undo(@ctx), when not
 * NULL, undoes a successful @op.  Every errno must be -ENOMEM.
 */
static inline void mpam_fail_nth_run(struct kunit *test, struct mpam_fail_nth_sweep *s,
				     int (*op)(void *ctx), void (*undo)(void *ctx),
				     void *ctx)
{
	unsigned int n;
	bool reached;
	int ret;

	memset(s, 0, sizeof(*s));
	for (n = 1; n <= MPAM_FAIL_NTH_MAX; n++) {
		current->fail_nth = n;
		ret = op(ctx);
		reached = !current->fail_nth;
		current->fail_nth = 0;
		if (!reached) {
			s->wrong += ret != 0;
			KUNIT_EXPECT_EQ_MSG(test, ret, 0, "fails with no failure injected");
			if (!ret && undo)
				undo(ctx);
			break;
		}
		s->points++;
		if (ret) {
			s->refused++;
			s->wrong += ret != -ENOMEM;
			KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "failure %u", n);
		} else {
			s->survived++;
			if (undo)
				undo(ctx);
		}
	}
	KUNIT_EXPECT_LE(test, n, MPAM_FAIL_NTH_MAX);
}

/* The sweep's campaign line, for the campaign table (harness/campaign-table.sh). */
static inline void mpam_fail_nth_report(struct kunit *test, const char *name,
					const struct mpam_fail_nth_sweep *s)
{
	kunit_info(test, "CAMPAIGN: %s iterations=1 operations=%u faults=%u errors=%u refused=%u survived=%u\n",
		   name, s->points + 1, s->points, s->wrong, s->refused, s->survived);
}
#else
/* Without fault injection (no current->fail_nth) the sweeps skip. */
static inline bool mpam_fail_nth_armed(void)
{
	return false;
}

static inline void mpam_fail_nth_run(struct kunit *test, struct mpam_fail_nth_sweep *s,
				     int (*op)(void *ctx), void (*undo)(void *ctx),
				     void *ctx)
{
	memset(s, 0, sizeof(*s));
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
}

static inline void mpam_fail_nth_report(struct kunit *test, const char *name,
					const struct mpam_fail_nth_sweep *s)
{
}
#endif

/**
 * mpam_fail_nth_ready() - Whether a sweep can run; false, with a note, where
 * nothing can fail.
 * @test: the case, for the note.
 *
 * Not a skip: KUnit never runs a case again that ended skipped (it takes
 * it for one marked to skip), and the campaign runs these suites again
 * through debugfs once it has armed failslab.  It checks their campaign
 * lines, so a sweep that did not run fails there.
 *
 * Return: true when a sleeping allocation of this thread can be made to fail.
 */
static inline bool mpam_fail_nth_ready(struct kunit *test)
{
	if (mpam_fail_nth_armed())
		return true;
	kunit_info(test, "sleeping allocations cannot fail here (failslab ignore-gfp-wait): no sweep; tests/vm/campaign-allocfail.sh runs it\n");
	return false;
}

#endif /* MPAM_FAIL_NTH_TEST_H */
