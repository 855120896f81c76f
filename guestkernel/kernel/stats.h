/* SPDX-License-Identifier: MIT */
/*
 * stats.h - the sentry's counters for `vmm run --stats`: system calls by
 * number, page faults, preemptions and hostcalls by number, kept in one
 * struct hc_stats (include/abi/hostcall.h) that vmm reads at exit.
 * Increments are plain adds: the sentry runs under one kernel lock.
 */
#ifndef KERNEL_STATS_H
#define KERNEL_STATS_H

#include "klib/klib.h"
#include "abi/hostcall.h"

extern struct hc_stats sentry_stats;

/* stats_syscall - count one system call of number @nr. */
static inline void stats_syscall(u64 nr)
{
	sentry_stats.syscalls++;
	if (nr < HC_STATS_NR_SYSCALLS)
		sentry_stats.syscall[nr]++;
	else
		sentry_stats.syscalls_other++;
}

/* stats_page_fault - count one user page fault. */
static inline void stats_page_fault(void)
{
	sentry_stats.page_faults++;
}

/* stats_preemption - count one timer interrupt of user code. */
static inline void stats_preemption(void)
{
	sentry_stats.preemptions++;
}

/* stats_hostcall - count one hostcall of number @nr (enum hc_nr). */
static inline void stats_hostcall(unsigned int nr)
{
	sentry_stats.hostcalls++;
	if (nr < HC_STATS_NR_HOSTCALLS)
		sentry_stats.hostcall[nr]++;
}

#endif
