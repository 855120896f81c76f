/* SPDX-License-Identifier: MIT */
/* fork, vfork, clone, clone3: new processes (threads are a later step). */
#include <linux/errno.h>
#include <linux/sched.h>
#include <asm/signal.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
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
	p->sighand = sighand_copy(pp->sighand);
	if (!p->sighand) {
		process_free(p);
		return NULL;
	}
	return p;
}

static long do_fork(struct task *parent, const struct fork_args *fa)
{
	struct process *p;
	struct task *child;
	bool vfork_flag = false;
	struct waitqueue vfork_wq;
	int r = -ENOMEM, pid;

	if (fa->flags & (CLONE_THREAD | CLONE_SIGHAND)) {
		if (fa->flags & CLONE_THREAD)
			pr_debug("clone: threads are not supported yet");
		return (fa->flags & CLONE_THREAD) &&
		       !(fa->flags & CLONE_SIGHAND) ? -EINVAL : -ENOSYS;
	}
	if ((fa->flags & CLONE_NEWUSER) || (fa->flags & CLONE_NEWPID) ||
	    (fa->flags & CLONE_NEWNS) || (fa->flags & CLONE_NEWNET))
		return -EPERM;

	p = fork_process(parent, fa);
	if (!p)
		return -ENOMEM;
	child = task_alloc(task_user_main, NULL);
	if (!child)
		goto err_proc;
	child->tid = p->pid;
	child->proc = p;
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	list_add_tail(&child->thread_link, &p->threads);
	p->nr_threads = 1;

	/* Address space: always a copy-on-write duplicate for now (CLONE_VM
	 * without CLONE_THREAD, as vfork and posix_spawn use, gets a copy;
	 * the parent waits for the child's exec/exit like vfork). */
	child->mm = mm_fork(parent->mm);
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
	if (platform->ctx_get_fpu && platform->fpu_size) {
		u8 *buf = kmalloc(platform->fpu_size);

		if (buf && platform->ctx_get_fpu(parent->ctx, buf) == 0)
			platform->ctx_set_fpu(child->ctx, buf);
		kfree(buf);
	}

	child->regs = parent->regs;
	child->regs.rax = 0;
	if (fa->stack)
		child->regs.rsp = fa->stack;
	if (fa->flags & CLONE_SETTLS)
		child->regs.fs_base = fa->tls;
	child->sig_blocked = parent->sig_blocked;
	child->sas_sp = parent->sas_sp;
	child->sas_size = parent->sas_size;
	pid = p->pid;
	if (fa->flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = fa->child_tid;
	if ((fa->flags & CLONE_CHILD_SETTID) &&
	    copy_out(child->mm, fa->child_tid, &pid, sizeof(pid)) < 0)
		pr_debug("clone: bad CLONE_CHILD_SETTID pointer");
	if ((fa->flags & CLONE_PARENT_SETTID) &&
	    copy_out(parent->mm, fa->parent_tid, &pid, sizeof(pid)) < 0)
		pr_debug("clone: bad CLONE_PARENT_SETTID pointer");

	if (fa->flags & (CLONE_VFORK | CLONE_VM)) {
		waitqueue_init(&vfork_wq);
		child->vfork_done = &vfork_wq;
		child->vfork_flag = &vfork_flag;
	}
	sched_add_new(child);
	if (child->vfork_done) {
		/* Not interruptible: the child's exec or exit ends it. */
		struct wait_entry we;

		wait_prepare(&vfork_wq, &we);
		while (!vfork_flag)
			sched_block();
		wait_finish(&vfork_wq, &we);
	}
	return pid;

err_fs:
	fs_context_put(child->fs);
err_files:
	fdtable_put(child->files);
err_mm:
	mm_put(child->mm);
err_task:
	list_del_init(&child->thread_link);
	task_free(child);
err_proc:
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
