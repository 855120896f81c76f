/* SPDX-License-Identifier: MIT */
/*
 * stats.h - `vmm run --stats=FILE`: the run's metrics as one JSON object
 * (platform, wall and CPU time, system calls by name, page faults,
 * hostcalls by name, VM exits by reason).
 */
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include <stdint.h>

struct hc_stats;
struct kvm_stats;
struct vmm_error;
struct timespec;

/* What one run measured. */
struct vmm_run_stats {
	const char *platform;		/* "kvm" or "ptrace" */
	uint64_t wall_ns;		/* from sandbox start to exit */
	const struct hc_stats *sentry;	/* the sentry's counters, or NULL */
	const struct kvm_stats *kvm;	/* KVM exits (KVM only), or NULL */
};

/*
 * vmm_stats_inproc - the counters of the sentry linked into vmm (ptrace
 * platform). Returns a pointer to them (never NULL).
 */
const struct hc_stats *vmm_stats_inproc(void);

/*
 * vmm_stats_write_run - the metrics of the sandbox run that just ended
 * (started at CLOCK_MONOTONIC *@start) to @path: the KVM counters if it
 * ran on KVM, else the in-process sentry's. Returns 0 or < 0 with @err.
 */
int vmm_stats_write_run(const char *path, const struct timespec *start,
			struct vmm_error **err);

/*
 * vmm_stats_write - write @s as JSON to @path (created or truncated),
 * adding the CPU time of vmm and its reaped children (the ptrace stubs).
 * Returns 0 or < 0 with @err.
 */
int vmm_stats_write(const char *path, const struct vmm_run_stats *s,
		    struct vmm_error **err);

#endif
