/* SPDX-License-Identifier: MIT */
/* Signals: queueing, default actions, delivery on the way back to user. */
#include <linux/errno.h>
#include <asm/siginfo.h>
#include <asm/signal.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/signal_internal.h"
#include "kernel/jobctl.h"

#define SIG_KERNEL_ONLY (sigbit(SIGKILL) | sigbit(SIGSTOP))
#define SIG_DEFAULT_IGNORE (sigbit(SIGCHLD) | sigbit(SIGURG) | sigbit(SIGWINCH) | sigbit(SIGCONT))
#define SIG_DEFAULT_STOP (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))
#define SIG_DEFAULT_CORE (sigbit(SIGQUIT) | sigbit(SIGILL) | sigbit(SIGTRAP) | \
	sigbit(SIGABRT) | sigbit(SIGBUS) | sigbit(SIGFPE) | sigbit(SIGSEGV) | \
	sigbit(SIGXCPU) | sigbit(SIGXFSZ) | sigbit(SIGSYS))

/* sigpending_init - see signal.h. */
void sigpending_init(struct sigpending *p)
{
	p->set = 0;
	INIT_LIST_HEAD(&p->queue);
}

/* sigpending_flush - see signal.h. */
void sigpending_flush(struct sigpending *p)
{
	struct sigqueue *q, *n;

	list_for_each_entry_safe(q, n, &p->queue, link) {
		list_del_init(&q->link);
		kfree(q);
	}
	p->set = 0;
}

/* sighand_create - see signal.h. */
struct sighand *sighand_create(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));

	if (sh)
		sh->refs = 1;
	return sh;
}

/* sighand_copy - see signal.h. */
struct sighand *sighand_copy(const struct sighand *src)
{
	struct sighand *sh = kmalloc(sizeof(*sh));

	if (!sh)
		return NULL;
	memcpy(sh, src, sizeof(*sh));
	sh->refs = 1;
	return sh;
}

/* sighand_put - see signal.h. */
void sighand_put(struct sighand *sh)
{
	if (sh && --sh->refs == 0)
		kfree(sh);
}

/* sig_ignored - would @sig be discarded at delivery by process @p? */
static bool sig_ignored(struct process *p, int sig)
{
	u64 h = p->sighand->action[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	if (h == (u64)SIG_IGN)
		return true;
	return h == (u64)SIG_DFL && (SIG_DEFAULT_IGNORE & sigbit(sig));
}

static int sigqueue_add(struct sigpending *pend, int sig,
			const struct ksiginfo *info)
{
	struct sigqueue *q;

	/* Standard signals do not queue twice. */
	if (sig < SIGRTMIN && (pend->set & sigbit(sig)))
		return 0;
	q = kzalloc(sizeof(*q));
	if (q) {
		if (info) {
			q->info = *info;
		} else {
			q->info.si_signo = sig;
			q->info.si_code = SI_KERNEL;
		}
		q->info.si_signo = sig;
		list_add_tail(&q->link, &pend->queue);
	}
	pend->set |= sigbit(sig);
	return 0;
}

static void signal_wake_process(struct process *p, int sig)
{
	struct task *t;

	list_for_each_entry(t, &p->threads, thread_link) {
		if (sig == SIGKILL || !(t->sig_blocked & sigbit(sig))) {
			task_wake_signal(t);
			if (sig != SIGKILL)
				break;
		}
	}
}

/* signal_recalc_process - see sched_internal.h. */
void signal_recalc_process(struct process *p)
{
	struct task *t;

	list_for_each_entry(t, &p->threads, thread_link) {
		if (p->shared_pending.set & ~t->sig_blocked) {
			task_wake_signal(t);
			return;
		}
	}
}

/* send_signal_process - see signal.h. */
int send_signal_process(struct process *p, int sig, const struct ksiginfo *info)
{
	if (sig < 1 || sig > KNSIG)
		return -EINVAL;
	if (p->zombie || p->exiting)
		return 0;
	if (sig == SIGCONT || SIG_DEFAULT_STOP & sigbit(sig)) {
		/* Job control: a continue discards pending stops and vice versa. */
		u64 drop = sig == SIGCONT ? SIG_DEFAULT_STOP : sigbit(SIGCONT);

		p->shared_pending.set &= ~drop;
		if (sig == SIGCONT)
			jobctl_continue(p);	/* even when SIGCONT is ignored */
	}
	if (sig_ignored(p, sig))
		return 0;
	sigqueue_add(&p->shared_pending, sig, info);
	if (sig == SIGKILL)
		jobctl_kill_wake(p);
	signal_wake_process(p, sig);
	signalfd_notify();
	return 0;
}

/* send_signal_task - see signal.h. */
int send_signal_task(struct task *t, int sig, const struct ksiginfo *info)
{
	if (sig < 1 || sig > KNSIG)
		return -EINVAL;
	if (t->proc->zombie || t->proc->exiting)
		return 0;
	if (sig == SIGCONT)
		jobctl_continue(t->proc);
	if (sig_ignored(t->proc, sig))
		return 0;
	sigqueue_add(&t->pending, sig, info);
	if (sig == SIGKILL)
		jobctl_kill_wake(t->proc);
	if (sig == SIGKILL || !(t->sig_blocked & sigbit(sig)))
		task_wake_signal(t);
	signalfd_notify();
	return 0;
}

/* force_signal - see signal.h. */
void force_signal(int sig, int code, u64 addr)
{
	struct task *t = current;
	struct k_sigaction *ka = &t->proc->sighand->action[sig - 1];
	struct ksiginfo info = { 0 };

	/* A fault that is blocked or ignored kills, as on Linux. */
	if ((t->sig_blocked & sigbit(sig)) || ka->handler == (u64)SIG_IGN) {
		t->sig_blocked &= ~sigbit(sig);
		ka->handler = (u64)SIG_DFL;
	}
	info.si_signo = sig;
	info.si_code = code;
	info.f.fault.addr = addr;
	sigqueue_add(&t->pending, sig, &info);
}

/* signal_pending_current - see sched.h. */
bool signal_pending_current(void)
{
	struct task *t = current;
	u64 pend;

	if (!t)
		return false;
	if (task_must_exit(t))
		return true;
	pend = (t->pending.set | t->proc->shared_pending.set);
	return (pend & ~(t->sig_blocked & ~SIG_KERNEL_ONLY)) != 0;
}

/* Take the lowest deliverable signal from @pend; fills @info. */
static int dequeue_from(struct sigpending *pend, u64 mask, struct ksiginfo *info)
{
	u64 ready = pend->set & mask;
	struct sigqueue *q;
	int sig;
	bool more = false, found = false;

	if (!ready)
		return 0;
	/* Synchronous faults first, then the lowest number. */
	sig = __builtin_ctzll(ready) + 1;
	list_for_each_entry(q, &pend->queue, link) {
		if (q->info.si_signo != sig)
			continue;
		if (!found) {
			*info = q->info;
			list_del_init(&q->link);
			kfree(q);
			found = true;
			break;
		}
	}
	list_for_each_entry(q, &pend->queue, link)
		if (q->info.si_signo == sig)
			more = true;
	if (!found) {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_KERNEL;
	}
	if (!more)
		pend->set &= ~sigbit(sig);
	return sig;
}

/* signal_dequeue - take a signal in @mask for current: thread first. */
int signal_dequeue(u64 mask, struct ksiginfo *info)
{
	struct task *t = current;
	int sig = dequeue_from(&t->pending, mask, info);

	if (!sig)
		sig = dequeue_from(&t->proc->shared_pending, mask, info);
	return sig;
}

/* Apply syscall restart rules when no handler runs. */
static void restart_no_handler(struct task *t)
{
	long r = (long)t->regs.rax;

	if (!t->in_syscall)
		return;
	if (r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND) {
		t->regs.rax = t->regs.orig_rax;
		t->regs.rip -= 2;
	} else if (r == -ERESTART_RESTARTBLOCK) {
		t->regs.rax = -EINTR;
	}
	t->in_syscall = false;
}

/* Apply syscall restart rules before running a handler with flags @flags. */
static void restart_with_handler(struct task *t, u64 flags)
{
	long r = (long)t->regs.rax;

	if (!t->in_syscall)
		return;
	if (r == -ERESTARTNOHAND || r == -ERESTART_RESTARTBLOCK ||
	    (r == -ERESTARTSYS && !(flags & SA_RESTART))) {
		t->regs.rax = -EINTR;
	} else if (r == -ERESTARTSYS || r == -ERESTARTNOINTR) {
		t->regs.rax = t->regs.orig_rax;
		t->regs.rip -= 2;
	}
	t->in_syscall = false;
}

/* signal_deliver - see signal.h. */
void signal_deliver(void)
{
	struct task *t = current;
	struct ksiginfo info;
	int sig;

	if (t->proc->exiting)
		do_exit_group(t->proc->exit_status);
	if (task_must_exit(t))
		do_exit_thread();	/* another thread is in execve */
	jobctl_wait();			/* the process is stopped */
	for (;;) {
		struct k_sigaction *ka;
		u64 deliverable = ~(t->sig_blocked & ~SIG_KERNEL_ONLY);

		sig = signal_dequeue(deliverable, &info);
		if (!sig)
			break;
		ka = &t->proc->sighand->action[sig - 1];
		if (ka->handler == (u64)SIG_IGN)
			continue;
		if (ka->handler != (u64)SIG_DFL && sig != SIGKILL &&
		    sig != SIGSTOP) {
			u64 flags = ka->flags;

			restart_with_handler(t, flags);
			rseq_signal_deliver(t, sig);
			if (signal_setup_frame(t, sig, ka, &info) < 0) {
				/* Could not write the frame: die with SIGSEGV. */
				do_exit_group(SIGSEGV);
			}
			if (flags & SA_RESETHAND)
				ka->handler = (u64)SIG_DFL;
			return;
		}
		/* Default action. */
		if (SIG_DEFAULT_IGNORE & sigbit(sig))
			continue;
		if (SIG_DEFAULT_STOP & sigbit(sig)) {
			jobctl_stop(sig);
			continue;
		}
		do_exit_group(sig);
	}
	restart_no_handler(t);
	if (t->restore_sigmask) {
		t->restore_sigmask = false;
		t->sig_blocked = t->saved_sigmask;
	}
}
