/* SPDX-License-Identifier: MIT */
/* Linux native AIO: io_setup io_destroy io_submit io_getevents io_pgetevents io_cancel. */
#include <linux/errno.h>
#include <linux/time_types.h>

#include "fs/aio.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

SYSCALL_DEFINE(io_setup)
{
	unsigned int nr = (unsigned int)a->a[0];
	u64 id;
	int r;

	if (copy_in(t->mm, &id, a->a[1], sizeof(id)))
		return -EFAULT;
	if (id || !nr)
		return -EINVAL;
	r = aio_ctx_create(t, nr, &id);
	if (r)
		return r;
	if (copy_out(t->mm, a->a[1], &id, sizeof(id))) {
		struct aio_ctx *ctx = aio_ctx_lookup(t->mm, id);

		if (ctx) {
			aio_ctx_destroy(ctx);
			aio_ctx_put(ctx);
		}
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(io_destroy)
{
	struct aio_ctx *ctx = aio_ctx_lookup(t->mm, a->a[0]);
	int r;

	if (!ctx)
		return -EINVAL;
	r = aio_ctx_destroy(ctx);
	aio_ctx_put(ctx);
	return r;
}

SYSCALL_DEFINE(io_submit)
{
	long nr = (long)a->a[1], k;
	struct aio_ctx *ctx;
	int r = 0;

	if (nr < 0)
		return -EINVAL;
	ctx = aio_ctx_lookup(t->mm, a->a[0]);
	if (!ctx)
		return -EINVAL;
	if (nr > ctx->nr_events)
		nr = ctx->nr_events;
	for (k = 0; k < nr; k++) {
		u64 uiocb;

		if (copy_in(t->mm, &uiocb, a->a[2] + k * sizeof(uiocb),
			    sizeof(uiocb))) {
			r = -EFAULT;
			break;
		}
		r = aio_submit_one(t, ctx, uiocb);
		if (r)
			break;
	}
	aio_ctx_put(ctx);
	return k ? k : r;
}

/*
 * The common part of io_getevents and io_pgetevents: @uts is the relative
 * timeout (NULL: none). Count, 0 on timeout, or -errno.
 */
static long do_getevents(struct task *t, u64 id, long min_nr, long nr,
			 uaddr_t uevents, uaddr_t uts)
{
	struct __kernel_timespec ts;
	struct aio_ctx *ctx;
	bool nowait = false;
	u64 deadline = 0;
	long r;

	if (uts) {
		s64 ns;

		if (copy_in(t->mm, &ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || (ts.tv_sec == 0 && ts.tv_nsec <= 0))
			nowait = true;
		else {
			ns = ts.tv_sec > 1000000000000ll ? 0 :
			     ts.tv_sec * 1000000000ll + ts.tv_nsec;
			if (ns > 0)
				deadline = platform->now_ns() + (u64)ns;
		}
	}
	ctx = aio_ctx_lookup(t->mm, id);
	if (!ctx)
		return -EINVAL;
	if (min_nr < 0 || min_nr > nr)
		r = -EINVAL;
	else
		r = aio_ctx_getevents(t, ctx, min_nr, nr, uevents, deadline,
				      nowait);
	aio_ctx_put(ctx);
	return r;
}

SYSCALL_DEFINE(io_getevents)
{
	long r = do_getevents(t, a->a[0], (long)a->a[1], (long)a->a[2],
			      a->a[3], a->a[4]);

	if (r == 0 && signal_pending_current())
		r = -EINTR;
	return r;
}

/* struct __aio_sigset of <linux/aio_abi.h>. */
struct aio_sigset {
	u64 sigmask;
	u64 sigsetsize;
};

SYSCALL_DEFINE(io_pgetevents)
{
	struct __kernel_timespec ts;
	struct aio_sigset ss = { 0, 0 };
	u64 mask;
	long r;

	/* Linux reads the timeout before the signal set. */
	if (a->a[4] && copy_in(t->mm, &ts, a->a[4], sizeof(ts)))
		return -EFAULT;
	if (a->a[5] && copy_in(t->mm, &ss, a->a[5], sizeof(ss)))
		return -EFAULT;
	if (ss.sigmask) {
		if (ss.sigsetsize != sizeof(u64))
			return -EINVAL;
		if (copy_in(t->mm, &mask, ss.sigmask, sizeof(mask)))
			return -EFAULT;
		t->saved_sigmask = t->sig_blocked;
		t->sig_blocked = mask & ~(sigbit(9) | sigbit(19));
		t->restore_sigmask = true;
	}
	r = do_getevents(t, a->a[0], (long)a->a[1], (long)a->a[2], a->a[3],
			 a->a[4]);
	if ((r == 0 || r == -EINTR) && signal_pending_current())
		r = -ERESTARTNOHAND;
	else if (r == -EINTR)
		r = 0;
	/* Keep the temporary mask for the handler of the signal that woke us. */
	if (ss.sigmask && r != -ERESTARTNOHAND) {
		t->sig_blocked = t->saved_sigmask;
		t->restore_sigmask = false;
	}
	return r;
}

SYSCALL_DEFINE(io_cancel)
{
	struct aio_ctx *ctx;
	u32 key;
	int r;

	if (copy_in(t->mm, &key, a->a[1] + __builtin_offsetof(struct aio_iocb,
							      aio_key),
		    sizeof(key)))
		return -EFAULT;
	if (key != AIO_KIOCB_KEY)
		return -EINVAL;
	ctx = aio_ctx_lookup(t->mm, a->a[0]);
	if (!ctx)
		return -EINVAL;
	r = aio_ctx_cancel(ctx, a->a[1]);
	aio_ctx_put(ctx);
	return r;
}
