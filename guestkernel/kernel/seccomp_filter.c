/* SPDX-License-Identifier: MIT */
/*
 * seccomp(2) and prctl(PR_SET_SECCOMP/PR_GET_SECCOMP): installing strict
 * mode or filters, their inheritance and lifetime.
 *
 * User notification (SECCOMP_FILTER_FLAG_NEW_LISTENER, RET_USER_NOTIF) is
 * not implemented: the flag is refused with -EINVAL and GET_ACTION_AVAIL
 * says -EOPNOTSUPP for RET_USER_NOTIF, which is what a Linux kernel
 * without user notification answers; a filter returning RET_USER_NOTIF
 * gets -ENOSYS, as on Linux when no listener exists.
 * SECCOMP_FILTER_FLAG_SPEC_ALLOW is accepted and has nothing to relax.
 */
#include <linux/errno.h>
#include <linux/capability.h>

#include "kernel/task.h"
#include "kernel/seccomp_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* The flags this implementation takes (see the header comment). */
#define FILTER_FLAGS (SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | \
	SECCOMP_FILTER_FLAG_SPEC_ALLOW | SECCOMP_FILTER_FLAG_TSYNC_ESRCH)

/* struct sock_fprog as a 64-bit program passes it. */
struct user_fprog {
	u16 len;
	u16 pad[3];
	u64 filter;
};

/* seccomp_filter_put - see seccomp_internal.h. */
void seccomp_filter_put(struct seccomp_filter *f)
{
	while (f && --f->refs == 0) {
		struct seccomp_filter *prev = f->prev;

		kfree(f);
		f = prev;
	}
}

/* seccomp_fork - see seccomp.h. */
void seccomp_fork(struct task *parent, struct task *child)
{
	child->seccomp_mode = parent->seccomp_mode;
	child->seccomp_filter = parent->seccomp_filter;
	if (child->seccomp_filter)
		child->seccomp_filter->refs++;
}

/* seccomp_task_release - see seccomp.h. */
void seccomp_task_release(struct task *t)
{
	seccomp_filter_put(t->seccomp_filter);
	t->seccomp_filter = NULL;
}

/* seccomp_filter_count - see seccomp.h. */
int seccomp_filter_count(const struct task *t)
{
	const struct seccomp_filter *f;
	int n = 0;

	for (f = t->seccomp_filter; f; f = f->prev)
		n++;
	return n;
}

/* seccomp_prctl_get - see seccomp.h. */
long seccomp_prctl_get(struct task *t)
{
	return t->seccomp_mode;
}

/* A mode may be set when none is, or to the one already set. */
static bool may_assign_mode(const struct task *t, int mode)
{
	return t->seccomp_mode == SECCOMP_MODE_DISABLED ||
	       t->seccomp_mode == mode;
}

static long set_mode_strict(struct task *t)
{
	if (!may_assign_mode(t, SECCOMP_MODE_STRICT))
		return -EINVAL;
	t->seccomp_mode = SECCOMP_MODE_STRICT;
	return 0;
}

/* Copy, check and wrap a user program. Errors in Linux's order. */
static long filter_from_user(struct task *t, uaddr_t uprog,
			     struct seccomp_filter **out)
{
	const struct cred *c = &t->proc->cred;
	struct user_fprog fp;
	struct seccomp_filter *f;
	long r;

	if (copy_in(t->mm, &fp, uprog, sizeof(fp)) < 0)
		return -EFAULT;
	if (fp.len == 0 || fp.len > SECCOMP_MAX_INSNS)
		return -EINVAL;
	/* Without no_new_privs a filter could mislead a set-id program. */
	if (!c->no_new_privs && !((c->cap_effective >> CAP_SYS_ADMIN) & 1))
		return -EACCES;
	f = kzalloc(sizeof(*f) + fp.len * sizeof(struct sock_filter));
	if (!f)
		return -ENOMEM;
	f->refs = 1;
	f->len = fp.len;
	r = -EFAULT;
	if (copy_in(t->mm, f->prog, fp.filter,
		    fp.len * sizeof(struct sock_filter)) < 0)
		goto err;
	r = seccomp_bpf_check(f->prog, f->len);
	if (r < 0)
		goto err;
	*out = f;
	return 0;
err:
	kfree(f);
	return r;
}

/* Is @anc (NULL: none) @f itself or one of the filters behind it? */
static bool is_ancestor(const struct seccomp_filter *anc,
			const struct seccomp_filter *f)
{
	if (!anc)
		return true;
	for (; f; f = f->prev)
		if (f == anc)
			return true;
	return false;
}

/*
 * TSYNC precondition: every other thread runs no filter, or a chain that
 * the caller's chain extends. 0 or the tid of the first that does not.
 */
static int tsync_check(const struct task *t)
{
	const struct task *o;

	list_for_each_entry(o, &t->proc->threads, thread_link) {
		if (o == t || o->state == TASK_DEAD)
			continue;
		if (o->seccomp_mode == SECCOMP_MODE_DISABLED ||
		    (o->seccomp_mode == SECCOMP_MODE_FILTER &&
		     is_ancestor(o->seccomp_filter, t->seccomp_filter)))
			continue;
		return o->tid;
	}
	return 0;
}

/* TSYNC: every other thread takes the caller's (new) chain. */
static void tsync_apply(struct task *t)
{
	struct task *o;

	list_for_each_entry(o, &t->proc->threads, thread_link) {
		if (o == t || o->state == TASK_DEAD)
			continue;
		t->seccomp_filter->refs++;
		seccomp_filter_put(o->seccomp_filter);
		o->seccomp_filter = t->seccomp_filter;
		o->seccomp_mode = SECCOMP_MODE_FILTER;
	}
}

static long attach_filter(struct task *t, unsigned int flags,
			  struct seccomp_filter *f)
{
	const struct seccomp_filter *w;
	u32 total = f->len;
	int tid;

	/* Stacked filters are bounded (each costs 4 more, as in Linux). */
	for (w = t->seccomp_filter; w; w = w->prev)
		total += w->len + 4;
	if (total > SECCOMP_MAX_INSNS_PER_PATH)
		return -ENOMEM;
	if (flags & SECCOMP_FILTER_FLAG_TSYNC) {
		tid = tsync_check(t);
		if (tid)
			return (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) ?
				-ESRCH : tid;
	}
	f->log = flags & SECCOMP_FILTER_FLAG_LOG;
	f->prev = t->seccomp_filter;	/* our reference moves to f */
	t->seccomp_filter = f;
	t->seccomp_mode = SECCOMP_MODE_FILTER;
	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		tsync_apply(t);
	return 0;
}

static long set_mode_filter(struct task *t, unsigned int flags, uaddr_t uprog)
{
	struct seccomp_filter *f;
	long r;

	if (flags & ~FILTER_FLAGS)
		return -EINVAL;
	r = filter_from_user(t, uprog, &f);
	if (r < 0)
		return r;
	if (!may_assign_mode(t, SECCOMP_MODE_FILTER)) {
		r = -EINVAL;
		goto err;
	}
	r = attach_filter(t, flags, f);
	if (r != 0)
		goto err;
	return 0;
err:
	kfree(f);
	return r;
}

static long get_action_avail(struct task *t, uaddr_t uaction)
{
	u32 action;

	if (copy_in(t->mm, &action, uaction, sizeof(action)) < 0)
		return -EFAULT;
	switch (action) {
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_TRAP:
	case SECCOMP_RET_ERRNO:
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_LOG:
	case SECCOMP_RET_ALLOW:
		return 0;
	default:
		return -EOPNOTSUPP;	/* RET_USER_NOTIF too: see above */
	}
}

static long get_notif_sizes(struct task *t, uaddr_t usizes)
{
	struct seccomp_notif_sizes s = {
		.seccomp_notif = sizeof(struct seccomp_notif),
		.seccomp_notif_resp = sizeof(struct seccomp_notif_resp),
		.seccomp_data = sizeof(struct seccomp_data),
	};

	return copy_out(t->mm, usizes, &s, sizeof(s)) < 0 ? -EFAULT : 0;
}

static long do_seccomp(struct task *t, unsigned int op, unsigned int flags,
		       uaddr_t uargs)
{
	switch (op) {
	case SECCOMP_SET_MODE_STRICT:
		if (flags || uargs)
			return -EINVAL;
		return set_mode_strict(t);
	case SECCOMP_SET_MODE_FILTER:
		return set_mode_filter(t, flags, uargs);
	case SECCOMP_GET_ACTION_AVAIL:
		return flags ? -EINVAL : get_action_avail(t, uargs);
	case SECCOMP_GET_NOTIF_SIZES:
		return flags ? -EINVAL : get_notif_sizes(t, uargs);
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(seccomp)
{
	return do_seccomp(t, (unsigned int)a->a[0], (unsigned int)a->a[1],
			  a->a[2]);
}

/* seccomp_prctl_set - see seccomp.h. */
long seccomp_prctl_set(struct task *t, u64 mode, u64 prog)
{
	switch (mode) {
	case SECCOMP_MODE_STRICT:
		return do_seccomp(t, SECCOMP_SET_MODE_STRICT, 0, 0);
	case SECCOMP_MODE_FILTER:
		return do_seccomp(t, SECCOMP_SET_MODE_FILTER, 0, prog);
	default:
		return -EINVAL;
	}
}
