/* SPDX-License-Identifier: MIT */
/*
 * Restartable sequences (rseq(2)): a thread registers a struct rseq in its
 * memory; before it returns to user code after it may have been preempted,
 * migrated or interrupted by a signal, the sentry refreshes the CPU fields
 * there and moves an interrupted critical section to its abort handler.
 */
#ifndef KERNEL_RSEQ_H
#define KERNEL_RSEQ_H

#include "klib/klib.h"

struct task;

/* Events since the last fixup (Linux's rseq_event_mask bits). */
#define RSEQ_EVENT_PREEMPT (1U << 0)
#define RSEQ_EVENT_SIGNAL (1U << 1)
#define RSEQ_EVENT_MIGRATE (1U << 2)

/* Per-task rseq state (struct task.rseq). All zero: not registered. */
struct rseq_state {
	uaddr_t area;		/* the registered struct rseq; 0: none */
	u32 len;		/* its registered length */
	u32 sig;		/* the signature expected before abort_ip */
	u32 events;		/* RSEQ_EVENT_* not yet consumed by a fixup */
	bool notify;		/* refresh the area before user code runs */
	u64 switches;		/* context switches when it was last refreshed */
	u32 cpu;		/* cpu_id last written */
	u32 cid_written;	/* mm_cid last written */
	u32 cid;		/* concurrency id held while in user code */
	bool has_cid;		/* @cid is held (bit set in process.rseq_cids) */
};

/*
 * rseq_return_to_user - @t (current) is about to run user code: when it
 * may have been preempted or moved since the area was last refreshed,
 * abort an interrupted critical section and refresh the CPU fields.
 * Returns 0, or -EFAULT when that failed and SIGSEGV is now pending (the
 * caller delivers signals again before running user code).
 */
int rseq_return_to_user(struct task *t);
/* rseq_left_user - @t's user code trapped: give back its concurrency id. */
void rseq_left_user(struct task *t);
/*
 * rseq_signal_deliver - a handler for @sig is about to run on @t
 * (current): fix up t->regs before the signal frame saves them.
 */
void rseq_signal_deliver(struct task *t, int sig);
/* rseq_fork - @child inherits @parent's registration unless CLONE_VM is in @flags. */
void rseq_fork(struct task *parent, struct task *child, u64 flags);
/* rseq_execve - @t runs a new program: its registration is gone. */
void rseq_execve(struct task *t);

#endif
