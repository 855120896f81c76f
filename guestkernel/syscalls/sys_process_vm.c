/* SPDX-License-Identifier: MIT */
/*
 * process_vm_readv / process_vm_writev: copy between the caller's memory
 * and another process's, through a kernel bounce buffer with copy_in and
 * copy_out on each address space.
 */
#include <linux/errno.h>
#include <linux/capability.h>
#include <linux/uio.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "fs/vfs_internal.h"
#include "mm/mm.h"
#include "syscalls/proc_access.h"
#include "syscalls/syscall.h"

#define PVM_CHUNK 4096

/* proc_may_access - see proc_access.h. */
bool proc_may_access(struct task *t, struct process *p)
{
	const struct cred *c = &t->proc->cred, *pc = &p->cred;

	if (p == t->proc)
		return true;
	if (c->uid == pc->uid && c->uid == pc->euid && c->uid == pc->suid &&
	    c->gid == pc->gid && c->gid == pc->egid && c->gid == pc->sgid)
		return true;
	return capable(t, CAP_SYS_PTRACE);
}

/* proc_any_task - see proc_access.h. */
struct task *proc_any_task(struct process *p)
{
	struct task *q;

	if (p->zombie)
		return NULL;
	list_for_each_entry(q, &p->threads, thread_link)
		if (q->state != TASK_DEAD && q->mm)
			return q;
	return NULL;
}

static long get_iovs(struct task *t, uaddr_t u, u64 n, struct iovec **out)
{
	struct iovec *v;

	*out = NULL;
	if (n > UIO_MAXIOV)
		return -EINVAL;
	if (!n)
		return 0;
	v = kmalloc(sizeof(*v) * n);
	if (!v)
		return -ENOMEM;
	if (copy_in(t->mm, v, u, sizeof(*v) * n) < 0) {
		kfree(v);
		return -EFAULT;
	}
	for (u64 i = 0; i < n; i++) {
		if ((s64)v[i].iov_len < 0) {
			kfree(v);
			return -EINVAL;
		}
	}
	*out = v;
	return 0;
}

/* A cursor over an iovec array. */
struct iov_cur {
	struct iovec *v;
	u64 n, i, off;
};

/* Next contiguous piece of at most @max bytes; 0 when the array is done. */
static size_t iov_piece(struct iov_cur *c, size_t max, uaddr_t *addr)
{
	while (c->i < c->n && c->off == c->v[c->i].iov_len) {
		c->i++;
		c->off = 0;
	}
	if (c->i == c->n)
		return 0;
	*addr = (uaddr_t)c->v[c->i].iov_base + c->off;
	return c->v[c->i].iov_len - c->off < max ? c->v[c->i].iov_len - c->off :
						  max;
}

static long process_vm_rw(struct task *t, const struct syscall_args *a,
			  bool write)
{
	struct iovec *lv = NULL, *rv = NULL;
	struct iov_cur lc = { 0 }, rc = { 0 };
	struct process *p;
	struct task *q;
	struct mm *rmm;
	long done = 0, r;
	u8 *buf = NULL;

	if (a->a[5])
		return -EINVAL;
	r = get_iovs(t, a->a[1], a->a[2], &lv);
	if (r < 0)
		return r;
	r = get_iovs(t, a->a[3], a->a[4], &rv);
	if (r < 0)
		goto out;
	p = process_by_pid((int)a->a[0]);
	q = p ? proc_any_task(p) : NULL;
	r = -ESRCH;
	if (!q)
		goto out;
	r = -EPERM;
	if (!proc_may_access(t, p))
		goto out;
	rmm = q->mm;
	r = -ENOMEM;
	buf = kmalloc(PVM_CHUNK);
	if (!buf)
		goto out;
	lc.v = lv;
	lc.n = a->a[2];
	rc.v = rv;
	rc.n = a->a[4];
	r = 0;
	for (;;) {
		uaddr_t la, ra;
		size_t n = iov_piece(&lc, PVM_CHUNK, &la);

		if (n)
			n = iov_piece(&rc, n, &ra);
		if (!n)
			break;
		if (write) {
			if (copy_in(t->mm, buf, la, n) < 0 ||
			    copy_out(rmm, ra, buf, n) < 0)
				r = -EFAULT;
		} else {
			if (copy_in(rmm, buf, ra, n) < 0 ||
			    copy_out(t->mm, la, buf, n) < 0)
				r = -EFAULT;
		}
		if (r < 0)
			break;
		lc.off += n;
		rc.off += n;
		done += (long)n;
	}
	if (done)
		r = done;
out:
	kfree(buf);
	kfree(lv);
	kfree(rv);
	return r;
}

SYSCALL_DEFINE(process_vm_readv)
{
	return process_vm_rw(t, a, false);
}

SYSCALL_DEFINE(process_vm_writev)
{
	return process_vm_rw(t, a, true);
}
