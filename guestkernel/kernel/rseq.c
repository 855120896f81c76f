/* SPDX-License-Identifier: MIT */
/*
 * Restartable sequences, as Linux does them.
 *
 * Registration only records the area; the sentry writes it when the task
 * goes back to user code after anything that could invalidate what the
 * task read there: a context switch of its kernel thread (preemption or
 * blocking), a different CPU, a new concurrency id, a signal handler, or
 * the registration itself. Then, as Linux's notify-resume work does, an
 * rseq_cs that covers the interrupted rip sends rip to its abort_ip (the
 * u32 before it must be the registered signature), and cpu_id_start,
 * cpu_id, node_id and mm_cid are refreshed. Anything malformed that Linux
 * answers with SIGSEGV gets SIGSEGV here too.
 *
 * The CPU number is the scheduler's (sched_cpu_id(), as getcpu reports).
 * Only platforms where a CPU runs one task's user code at a time offer
 * rseq (KVM); elsewhere registration fails with ENOSYS.
 * mm_cid is the lowest id free among the threads of the process that are
 * in user code: unique among those running at once, and below the number
 * of threads, as Linux's concurrency ids are.
 */
#include <linux/errno.h>
#include <linux/rseq.h>
#include <linux/sched.h>
#include <asm/signal.h>
#include <asm/siginfo.h>

#include "kernel/rseq.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Linux's x86_64 TASK_SIZE_MAX (47-bit user space less a guard page). */
#define RSEQ_TASK_SIZE ((1ULL << 47) - 4096)
/* The struct rseq of the first ABI: its size and alignment. */
#define RSEQ_ORIG_SIZE 32U
/* Field offsets in struct rseq (uapi <linux/rseq.h>). */
#define RSEQ_OFF_CPU_ID_START 0
#define RSEQ_OFF_RSEQ_CS 8
#define RSEQ_OFF_FLAGS 16
#define RSEQ_OFF_NODE_ID 20
/* Most concurrency ids handed out (one bit each in process.rseq_cids). */
#define RSEQ_MAX_CIDS 64

static u64 task_switches(const struct task *t)
{
	return t->nvcsw + t->nivcsw;
}

/* A concurrency id for @t while it runs user code. */
static u32 rseq_cid_get(struct task *t)
{
	struct process *p = t->proc;
	u64 free;
	int cid;

	if (t->rseq.has_cid)
		return t->rseq.cid;
	free = ~p->rseq_cids;
	/* all taken (more threads in user code than ids): share the last */
	cid = free ? __builtin_ctzll(free) : RSEQ_MAX_CIDS - 1;
	p->rseq_cids |= 1ULL << cid;
	t->rseq.cid = (u32)cid;
	t->rseq.has_cid = true;
	return (u32)cid;
}

/* rseq_left_user - see rseq.h. */
void rseq_left_user(struct task *t)
{
	if (!t->rseq.has_cid)
		return;
	t->proc->rseq_cids &= ~(1ULL << t->rseq.cid);
	t->rseq.has_cid = false;
}

/*
 * Read and check the rseq_cs the area points at (Linux's
 * rseq_get_rseq_cs). *@cs is zeroed when the pointer is NULL.
 * 0, -EFAULT or -EINVAL.
 */
static int rseq_read_cs(struct task *t, struct rseq_cs *cs)
{
	u64 ptr;
	u32 sig;

	memset(cs, 0, sizeof(*cs));
	if (copy_in(t->mm, &ptr, t->rseq.area + RSEQ_OFF_RSEQ_CS, sizeof(ptr)))
		return -EFAULT;
	if (!ptr)
		return 0;
	if (ptr >= RSEQ_TASK_SIZE)
		return -EINVAL;
	if (copy_in(t->mm, cs, ptr, sizeof(*cs)))
		return -EFAULT;
	if (cs->start_ip >= RSEQ_TASK_SIZE ||
	    cs->start_ip + cs->post_commit_offset >= RSEQ_TASK_SIZE ||
	    cs->abort_ip >= RSEQ_TASK_SIZE || cs->version > 0)
		return -EINVAL;
	if (cs->start_ip + cs->post_commit_offset < cs->start_ip)
		return -EINVAL;
	/* the abort handler must lie outside the critical section */
	if (cs->abort_ip - cs->start_ip < cs->post_commit_offset)
		return -EINVAL;
	if (copy_in(t->mm, &sig, cs->abort_ip - sizeof(u32), sizeof(sig)))
		return -EFAULT;
	if (sig != t->rseq.sig) {
		pr_debug("rseq: task %d: bad signature %#x (want %#x) at %#llx",
			 t->tid, sig, t->rseq.sig,
			 (unsigned long long)cs->abort_ip);
		return -EINVAL;
	}
	return 0;
}

static int rseq_clear_cs(struct task *t)
{
	u64 zero = 0;

	if (copy_out(t->mm, t->rseq.area + RSEQ_OFF_RSEQ_CS, &zero,
		     sizeof(zero)))
		return -EFAULT;
	return 0;
}

/*
 * Does the interrupted critical section restart? Flags in the rseq_cs or
 * in the area are rejected (the NO_RESTART flags are deprecated and
 * refused since Linux 6.0). Consumes the pending events. 1, 0 or -errno.
 */
static int rseq_need_restart(struct task *t, u32 cs_flags)
{
	u32 flags, events;

	if (cs_flags)
		return -EINVAL;
	if (copy_in(t->mm, &flags, t->rseq.area + RSEQ_OFF_FLAGS,
		    sizeof(flags)))
		return -EFAULT;
	if (flags)
		return -EINVAL;
	events = t->rseq.events;
	t->rseq.events = 0;
	return events != 0;
}

/* Send an interrupted critical section to its abort handler. 0 or -errno. */
static int rseq_ip_fixup(struct task *t)
{
	u64 ip = t->regs.rip;
	struct rseq_cs cs;
	int r;

	r = rseq_read_cs(t, &cs);
	if (r < 0)
		return r;
	/* not in a critical section: there is nothing left to restart */
	if (!(ip - cs.start_ip < cs.post_commit_offset))
		return rseq_clear_cs(t);
	r = rseq_need_restart(t, cs.flags);
	if (r <= 0)
		return r;
	r = rseq_clear_cs(t);
	if (r < 0)
		return r;
	t->regs.rip = cs.abort_ip;
	return 0;
}

/* Write cpu_id_start, cpu_id, node_id and mm_cid. 0 or -EFAULT. */
static int rseq_write_ids(struct task *t, u32 cpu, u32 cid)
{
	u32 ids[2] = { cpu, cpu };
	u32 node[2] = { 0, cid };	/* one NUMA node: node 0 */

	if (copy_out(t->mm, t->rseq.area + RSEQ_OFF_CPU_ID_START, ids,
		     sizeof(ids)) ||
	    copy_out(t->mm, t->rseq.area + RSEQ_OFF_NODE_ID, node,
		     sizeof(node)))
		return -EFAULT;
	t->rseq.cpu = cpu;
	t->rseq.cid_written = cid;
	return 0;
}

/*
 * The failure answer: SIGSEGV; fatal when it is SIGSEGV whose handler was
 * about to run (Linux's force_sigsegv).
 */
static void rseq_force_sigsegv(struct task *t, int sig)
{
	if (sig == SIGSEGV)
		t->proc->sighand->action[SIGSEGV - 1].handler = (u64)SIG_DFL;
	force_signal(SIGSEGV, SI_KERNEL, 0);
}

/* Note what happened since the area was last refreshed. */
static void rseq_note_events(struct task *t)
{
	if (task_switches(t) != t->rseq.switches) {
		t->rseq.events |= RSEQ_EVENT_PREEMPT;
		t->rseq.notify = true;
	}
	if (sched_cpu_id() != t->rseq.cpu) {
		t->rseq.events |= RSEQ_EVENT_MIGRATE;
		t->rseq.notify = true;
	}
}

/*
 * The notify-resume work: fix up rip, refresh the fields. Repeated when
 * the task was switched away meanwhile (a user-memory access may block).
 * 0, or -EFAULT with SIGSEGV pending.
 */
static int rseq_handle_notify(struct task *t, int sig)
{
	int r = 0;

	for (int tries = 0; tries < 4; tries++) {
		u64 sw = task_switches(t);

		r = rseq_ip_fixup(t);
		if (r == 0)
			r = rseq_write_ids(t, sched_cpu_id(), rseq_cid_get(t));
		if (r < 0)
			break;
		t->rseq.switches = sw;
		t->rseq.notify = false;
		rseq_note_events(t);
		if (!t->rseq.notify)
			return 0;
	}
	if (r == 0)
		return 0;	/* still moving: the next return refreshes again */
	rseq_force_sigsegv(t, sig);
	return -EFAULT;
}

/* rseq_return_to_user - see rseq.h. */
int rseq_return_to_user(struct task *t)
{
	if (!t->rseq.area)
		return 0;
	rseq_note_events(t);
	if (rseq_cid_get(t) != t->rseq.cid_written)
		t->rseq.notify = true;
	if (!t->rseq.notify)
		return 0;
	return rseq_handle_notify(t, 0);
}

/* rseq_signal_deliver - see rseq.h. */
void rseq_signal_deliver(struct task *t, int sig)
{
	if (!t->rseq.area)
		return;
	t->rseq.events |= RSEQ_EVENT_SIGNAL;
	rseq_note_events(t);
	rseq_handle_notify(t, sig);
}

/* rseq_fork - see rseq.h. */
void rseq_fork(struct task *parent, struct task *child, u64 flags)
{
	memset(&child->rseq, 0, sizeof(child->rseq));
	if (flags & CLONE_VM)
		return;
	child->rseq.area = parent->rseq.area;
	child->rseq.len = parent->rseq.len;
	child->rseq.sig = parent->rseq.sig;
	child->rseq.events = parent->rseq.events;
	child->rseq.notify = child->rseq.area != 0;
}

/* rseq_execve - see rseq.h. */
void rseq_execve(struct task *t)
{
	rseq_left_user(t);
	memset(&t->rseq, 0, sizeof(t->rseq));
}

/* Unregistration: the CPU fields go back to "not initialized". */
static int rseq_reset_ids(struct task *t)
{
	u32 ids[2] = { 0, (u32)RSEQ_CPU_ID_UNINITIALIZED };
	u32 node[2] = { 0, 0 };

	if (copy_out(t->mm, t->rseq.area + RSEQ_OFF_CPU_ID_START, ids,
		     sizeof(ids)) ||
	    copy_out(t->mm, t->rseq.area + RSEQ_OFF_NODE_ID, node,
		     sizeof(node)))
		return -EFAULT;
	return 0;
}

/* rseq(rseq, rseq_len, flags, sig): register or unregister the area. */
SYSCALL_DEFINE(rseq)
{
	uaddr_t area = a->a[0];
	u32 len = (u32)a->a[1], sig = (u32)a->a[3];
	int flags = (int)a->a[2];
	int r;

	if (flags & RSEQ_FLAG_UNREGISTER) {
		if (flags & ~RSEQ_FLAG_UNREGISTER)
			return -EINVAL;
		if (!t->rseq.area || t->rseq.area != area)
			return -EINVAL;
		if (len != t->rseq.len)
			return -EINVAL;
		if (sig != t->rseq.sig)
			return -EPERM;
		r = rseq_reset_ids(t);
		if (r < 0)
			return r;
		rseq_left_user(t);
		memset(&t->rseq, 0, sizeof(t->rseq));
		return 0;
	}
	if (flags)
		return -EINVAL;
	/*
	 * Per-CPU data behind rseq would be shared by threads running at
	 * once under one CPU number: no rseq, as on a kernel without it
	 * (glibc copes).
	 */
	if (!platform->user_cpu_exclusive)
		return -ENOSYS;
	if (t->rseq.area) {
		if (t->rseq.area != area || len != t->rseq.len)
			return -EINVAL;
		if (sig != t->rseq.sig)
			return -EPERM;
		return -EBUSY;
	}
	/*
	 * The original 32-byte layout needs 32-byte alignment; a longer
	 * (extended) one the alignment of struct rseq and every field.
	 */
	if (len < RSEQ_ORIG_SIZE || (area & (RSEQ_ORIG_SIZE - 1)))
		return -EINVAL;
	if (area >= RSEQ_TASK_SIZE || len > RSEQ_TASK_SIZE - area)
		return -EFAULT;
	t->rseq.area = area;
	t->rseq.len = len;
	t->rseq.sig = sig;
	t->rseq.events = 0;
	t->rseq.notify = true;
	return 0;
}
