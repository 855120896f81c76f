/* SPDX-License-Identifier: MIT */
/* fork, vfork, clone, clone3: new processes and new threads. */
#include <linux/errno.h>
#include <linux/sched.h>
#include <asm/signal.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/seccomp.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "syscalls/syscall.h"

struct fork_args {
	u64 flags;
	uaddr_t stack;
	uaddr_t parent_tid, child_tid;
	u64 tls;
	int exit_signal;
};

static struct process *fork_process(struct task *parent, const struct fork_args *fa)
{
	struct process *pp = parent->proc, *p = process_alloc();

	if (!p)
		return NULL;
	p->pgid = pp->pgid;
	p->sid = pp->sid;
	p->parent = (fa->flags & CLONE_PARENT) && pp->parent ? pp->parent : pp;
	list_add_tail(&p->sibling, &p->parent->children);
	p->exit_signal = fa->exit_signal;
	p->cred = pp->cred;
	memcpy(p->rlim, pp->rlim, sizeof(p->rlim));
	p->oom_score_adj = pp->oom_score_adj;
	if (fa->flags & CLONE_SIGHAND) {
		p->sighand = pp->sighand;	/* shared action table */
		p->sighand->refs++;
	} else {
		p->sighand = sighand_copy(pp->sighand);
	}
	if (!p->sighand) {
		process_free(p);
		return NULL;
	}
	return p;
}

/* Flag combinations Linux refuses. 0 or -EINVAL. */
static int fork_check_flags(u64 flags)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_FS) && (flags & CLONE_NEWNS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && (flags & (CLONE_NEWUSER | CLONE_NEWPID)))
		return -EINVAL;
	if ((flags & CLONE_NEWUSER) || (flags & CLONE_NEWPID) ||
	    (flags & CLONE_NEWNS) || (flags & CLONE_NEWNET))
		return -EPERM;
	return 0;
}

/* The new task's place: a new thread of @parent's process, or a new process. */
static int fork_place_task(struct task *parent, struct task *child,
			   const struct fork_args *fa, struct process **newp)
{
	struct process *p;
	int tid;

	*newp = NULL;
	if (fa->flags & CLONE_THREAD) {
		p = parent->proc;
		if (p->exiting || p->execer)
			return -EINTR;	/* the group is going away */
		tid = tid_alloc();
		if (tid < 0)
			return tid;
		child->tid = tid;
	} else {
		p = fork_process(parent, fa);
		if (!p)
			return -ENOMEM;
		child->tid = p->pid;
		*newp = p;
	}
	child->proc = p;
	list_add_tail(&child->thread_link, &p->threads);
	p->nr_threads++;
	return 0;
}

/* Copy the parent's FPU state into the child's new context. */
static void fork_copy_fpu(struct task *parent, struct task *child)
{
	u8 *buf;

	if (!platform->ctx_get_fpu || !platform->fpu_size)
		return;
	buf = kmalloc(platform->fpu_size);
	if (buf && platform->ctx_get_fpu(parent->ctx, buf) == 0)
		platform->ctx_set_fpu(child->ctx, buf);
	kfree(buf);
}

static long do_fork(struct task *parent, const struct fork_args *fa)
{
	struct process *p;
	struct task *child;
	bool vfork_flag = false;
	struct waitqueue vfork_wq;
	int r, tid;

	r = fork_check_flags(fa->flags);
	if (r < 0)
		return r;
	child = task_alloc(task_user_main, NULL);
	if (!child)
		return -ENOMEM;
	r = fork_place_task(parent, child, fa, &p);
	if (r < 0) {
		task_free(child);
		return r;
	}
	r = -ENOMEM;
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	sched_attr_fork(parent, child);
	seccomp_fork(parent, child);
	rseq_fork(parent, child, fa->flags);
	child->mempolicy = parent->mempolicy;

	/* Address space: shared with CLONE_VM (threads, vfork, posix_spawn),
	 * else a copy-on-write duplicate. */
	if (fa->flags & CLONE_VM) {
		child->mm = parent->mm;
		mm_get(parent->mm);
	} else {
		child->mm = mm_fork(parent->mm);
	}
	if (!child->mm)
		goto err_task;
	child->files = (fa->flags & CLONE_FILES) ? parent->files :
		       fdtable_copy(parent->files);
	if (!child->files)
		goto err_mm;
	if (fa->flags & CLONE_FILES)
		fdtable_get(parent->files);
	child->fs = (fa->flags & CLONE_FS) ? parent->fs :
		    fs_context_copy(parent->fs);
	if (!child->fs)
		goto err_files;
	if (fa->flags & CLONE_FS)
		fs_context_get(parent->fs);

	r = task_attach_ctx(child);
	if (r < 0)
		goto err_fs;
	fork_copy_fpu(parent, child);

	child->regs = parent->regs;
	child->regs.rax = 0;
	if (fa->stack)
		child->regs.rsp = fa->stack;
	if (fa->flags & CLONE_SETTLS)
		child->regs.fs_base = fa->tls;
	child->sig_blocked = parent->sig_blocked;
	/* a thread or a CLONE_VM child without vfork gets no altstack */
	if (!(fa->flags & CLONE_VM) || (fa->flags & CLONE_VFORK)) {
		child->sas_sp = parent->sas_sp;
		child->sas_size = parent->sas_size;
	}
	tid = child->tid;
	if (fa->flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = fa->child_tid;
	if ((fa->flags & CLONE_CHILD_SETTID) &&
	    copy_out(child->mm, fa->child_tid, &tid, sizeof(tid)) < 0)
		pr_debug("clone: bad CLONE_CHILD_SETTID pointer");
	if ((fa->flags & CLONE_PARENT_SETTID) &&
	    copy_out(parent->mm, fa->parent_tid, &tid, sizeof(tid)) < 0)
		pr_debug("clone: bad CLONE_PARENT_SETTID pointer");

	if (fa->flags & CLONE_VFORK) {
		waitqueue_init(&vfork_wq);
		child->vfork_done = &vfork_wq;
		child->vfork_flag = &vfork_flag;
	}
	sched_add_new(child);
	if (child->vfork_done) {
		/* Not interruptible: the child's exec or exit ends it (the
		 * child runs in our address space until then). */
		struct wait_entry we;

		wait_prepare(&vfork_wq, &we);
		while (!vfork_flag)
			sched_block();
		wait_finish(&vfork_wq, &we);
	}
	return tid;

err_fs:
	fs_context_put(child->fs);
err_files:
	fdtable_put(child->files);
err_mm:
	mm_put(child->mm);
err_task:
	list_del_init(&child->thread_link);
	child->proc->nr_threads--;
	task_free(child);
	if (p)
		process_free(p);
	return r;
}

/* vfork_release - wake a parent waiting in vfork (child exec'd or exited). */
void vfork_release(struct task *t)
{
	if (!t->vfork_done)
		return;
	*t->vfork_flag = true;
	wake_up(t->vfork_done);
	t->vfork_done = NULL;
	t->vfork_flag = NULL;
}

SYSCALL_DEFINE(fork)
{
	struct fork_args fa = { .exit_signal = SIGCHLD };

	return do_fork(t, &fa);
}

SYSCALL_DEFINE(vfork)
{
	struct fork_args fa = { .flags = CLONE_VFORK | CLONE_VM,
				.exit_signal = SIGCHLD };

	return do_fork(t, &fa);
}

SYSCALL_DEFINE(clone)
{
	/* x86-64 order: flags, stack, parent_tid, child_tid, tls. */
	struct fork_args fa = {
		.flags = a->a[0] & ~0xffULL,
		.stack = a->a[1],
		.parent_tid = a->a[2],
		.child_tid = a->a[3],
		.tls = a->a[4],
		.exit_signal = (int)(a->a[0] & 0xff),
	};

	if (fa.exit_signal > KNSIG)
		return -EINVAL;
	return do_fork(t, &fa);
}

SYSCALL_DEFINE(clone3)
{
	struct clone_args ca = { 0 };
	size_t size = a->a[1];
	struct fork_args fa;

	if (size < CLONE_ARGS_SIZE_VER0 || size > 4096)
		return -EINVAL;
	if (copy_in(t->mm, &ca, a->a[0], min(size, sizeof(ca))) < 0)
		return -EFAULT;
	if (ca.exit_signal > KNSIG || (ca.stack && !ca.stack_size))
		return -EINVAL;
	if (ca.flags & (CLONE_PIDFD | CLONE_INTO_CGROUP | CLONE_CLEAR_SIGHAND))
		return -ENOSYS;
	fa.flags = ca.flags;
	fa.stack = ca.stack ? ca.stack + ca.stack_size : 0;
	fa.parent_tid = ca.parent_tid;
	fa.child_tid = ca.child_tid;
	fa.tls = ca.tls;
	fa.exit_signal = (int)ca.exit_signal;
	return do_fork(t, &fa);
}
