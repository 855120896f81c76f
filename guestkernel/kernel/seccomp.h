/* SPDX-License-Identifier: MIT */
/*
 * seccomp: per-thread syscall filters that the sentry enforces itself at
 * syscall entry (strict mode, or stacked classic BPF filters).
 */
#ifndef KERNEL_SECCOMP_H
#define KERNEL_SECCOMP_H

#include "klib/types.h"

struct task;
struct seccomp_filter;

/*
 * seccomp_syscall_enter - apply @t's seccomp mode to the syscall in
 * t->regs (nr in orig_rax) before it runs. Returns true when it may run;
 * false when it must not, with *@ret the value for rax (an errno, or the
 * unchanged syscall number after a SIGSYS trap). Does not return when
 * the action kills the thread or process. Call only when t->seccomp_mode
 * is not SECCOMP_MODE_DISABLED.
 */
bool seccomp_syscall_enter(struct task *t, long *ret);

/* seccomp_fork - @child (new thread or process) inherits @parent's mode and filters. */
void seccomp_fork(struct task *parent, struct task *child);

/* seccomp_task_release - drop @t's reference to its filters (task teardown). */
void seccomp_task_release(struct task *t);

/*
 * seccomp_prctl_set - prctl(PR_SET_SECCOMP, @mode, @prog): strict mode or
 * one more filter for @t. Returns 0 or -errno.
 */
long seccomp_prctl_set(struct task *t, u64 mode, u64 prog);

/* seccomp_prctl_get - prctl(PR_GET_SECCOMP): @t's mode (SECCOMP_MODE_*). */
long seccomp_prctl_get(struct task *t);

/* seccomp_filter_count - how many filters @t runs (/proc/PID/status). */
int seccomp_filter_count(const struct task *t);

#endif
