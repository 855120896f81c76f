/* SPDX-License-Identifier: MIT */
/*
 * kcmp: do two tasks share a kernel object? 0 equal, 1 or 2 for an
 * ordering of the two objects (their addresses mixed with a random
 * per-boot cookie, so the order leaks no kernel address), like Linux.
 */
#include <linux/errno.h>
#include <linux/kcmp.h>

#include "kernel/task.h"
#include "fs/vfs_internal.h"
#include "syscalls/proc_access.h"
#include "syscalls/syscall.h"

static u64 kcmp_cookie;

static int kcmp_ptr(const void *x, const void *y)
{
	u64 a, b;

	while (!kcmp_cookie)
		get_random_bytes(&kcmp_cookie, sizeof(kcmp_cookie));
	a = (u64)(uintptr_t)x ^ kcmp_cookie;
	b = (u64)(uintptr_t)y ^ kcmp_cookie;
	return a == b ? 0 : a < b ? 1 : 2;
}

/* The task @pid names if @t may inspect it; NULL with *@err. */
static struct task *kcmp_task(struct task *t, int pid, long *err)
{
	struct task *q = task_by_tid(pid);

	if (!q || q->state == TASK_DEAD || q->proc->zombie) {
		*err = -ESRCH;
		return NULL;
	}
	if (!proc_may_access(t, q->proc)) {
		*err = -EPERM;
		return NULL;
	}
	return q;
}

SYSCALL_DEFINE(kcmp)
{
	int type = (int)a->a[2];
	struct task *t1, *t2;
	struct file *f1, *f2;
	long r = 0;

	t1 = kcmp_task(t, (int)a->a[0], &r);
	if (!t1)
		return r;
	t2 = kcmp_task(t, (int)a->a[1], &r);
	if (!t2)
		return r;
	switch (type) {
	case KCMP_FILE:
		f1 = fd_get(t1, (int)a->a[3]);
		f2 = fd_get(t2, (int)a->a[4]);
		r = f1 && f2 ? kcmp_ptr(f1, f2) : -EBADF;
		if (f1)
			file_put(f1);
		if (f2)
			file_put(f2);
		return r;
	case KCMP_VM:
		return kcmp_ptr(t1->mm, t2->mm);
	case KCMP_FILES:
		return kcmp_ptr(t1->files, t2->files);
	case KCMP_FS:
		return kcmp_ptr(t1->fs, t2->fs);
	case KCMP_SIGHAND:
		return kcmp_ptr(t1->proc->sighand, t2->proc->sighand);
	case KCMP_IO:
		/* No task has an I/O context (CLONE_IO shares nothing yet). */
		return kcmp_ptr(NULL, NULL);
	case KCMP_SYSVSEM:
	case KCMP_EPOLL_TFD:
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}
