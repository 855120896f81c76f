/* SPDX-License-Identifier: MIT */
/* poll ppoll select pselect6 over the files' poll ops and wait queues. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define POLL_FDS_MAX 4096
/* Re-poll period while some file lives on the host (stdio). */
#define POLL_HOST_NS 5000000ull

/*
 * Poll @n entries until one is ready, @deadline (monotonic ns; 0: none)
 * passes, or a signal arrives. @nowait: a zero timeout. Returns the ready
 * count or -ERESTARTNOHAND.
 */
static int do_poll(struct task *t, struct pollfd *pfds, u32 n, u64 deadline,
		   bool nowait)
{
	struct poll_table *pt = kzalloc(sizeof(*pt));
	int count;
	u32 k;

	if (!pt)
		return -ENOMEM;
	for (;;) {
		pt->n = 0;
		pt->register_waits = !nowait;
		pt->host_polled = false;
		count = 0;
		for (k = 0; k < n; k++) {
			struct file *f;
			unsigned int m;

			pfds[k].revents = 0;
			if (pfds[k].fd < 0)
				continue;
			f = fd_get(t, pfds[k].fd);
			if (!f) {
				pfds[k].revents = POLLNVAL;
				count++;
				continue;
			}
			m = vfs_poll(f, pt);
			file_put(f);
			m &= (u16)pfds[k].events | POLLERR | POLLHUP | POLLNVAL;
			pfds[k].revents = (short)m;
			if (m)
				count++;
		}
		if (count || nowait)
			break;
		if (signal_pending_current()) {
			count = -ERESTARTNOHAND;
			break;
		}
		if (deadline && platform->now_ns() >= deadline)
			break;
		{
			u64 dl = deadline;

			if (pt->host_polled) {
				u64 soon = platform->now_ns() + POLL_HOST_NS;

				if (!dl || soon < dl)
					dl = soon;
			}
			sched_block_until(dl);
		}
		poll_table_free(pt);
	}
	poll_table_free(pt);
	kfree(pt);
	return count;
}

/* Deadline from a relative timeout in ns (<0: none). */
static u64 deadline_of(s64 ns)
{
	if (ns < 0)
		return 0;
	return platform->now_ns() + (u64)ns + 1;
}

static long poll_user(struct task *t, uaddr_t ufds, u64 n, s64 timeout_ns)
{
	struct pollfd *pfds;
	int r;

	if (n > POLL_FDS_MAX || n > (u64)fd_limit(t) + 64)
		return -EINVAL;
	pfds = kmalloc(n * sizeof(*pfds) + 1);
	if (!pfds)
		return -ENOMEM;
	if (copy_in(t->mm, pfds, ufds, n * sizeof(*pfds))) {
		kfree(pfds);
		return -EFAULT;
	}
	r = do_poll(t, pfds, (u32)n, deadline_of(timeout_ns), timeout_ns == 0);
	if (r >= 0) {
		u64 k;

		for (k = 0; k < n; k++)
			if (copy_out(t->mm, ufds + k * sizeof(*pfds) +
						    offsetof(struct pollfd,
							     revents),
				     &pfds[k].revents, sizeof(short))) {
				r = -EFAULT;
				break;
			}
	}
	kfree(pfds);
	return r;
}

SYSCALL_DEFINE(poll)
{
	int ms = (int)a->a[2];

	return poll_user(t, a->a[0], a->a[1], ms < 0 ? -1 : (s64)ms * 1000000);
}

/* Install a temporary signal mask for ppoll/pselect6; 0 or -errno. */
static int set_tmp_sigmask(struct task *t, uaddr_t umask, u64 size)
{
	u64 mask;

	if (!umask)
		return 0;
	if (size != sizeof(u64))
		return -EINVAL;
	if (copy_in(t->mm, &mask, umask, sizeof(mask)))
		return -EFAULT;
	t->saved_sigmask = t->sig_blocked;
	t->sig_blocked = mask & ~(sigbit(9) | sigbit(19));
	t->restore_sigmask = true;
	return 0;
}

/* Undo the temporary mask unless a signal will be delivered under it. */
static long end_tmp_sigmask(struct task *t, uaddr_t umask, long r)
{
	if (umask && r != -ERESTARTNOHAND && r != -EINTR) {
		t->sig_blocked = t->saved_sigmask;
		t->restore_sigmask = false;
	}
	return r;
}

static int timespec_ns(struct task *t, uaddr_t uts, s64 *ns)
{
	struct __kernel_timespec ts;

	if (!uts) {
		*ns = -1;
		return 0;
	}
	if (copy_in(t->mm, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*ns = ts.tv_sec > 1000000000ll ? 1000000000ll * 1000000000ll :
					 ts.tv_sec * 1000000000ll + ts.tv_nsec;
	return 0;
}

SYSCALL_DEFINE(ppoll)
{
	s64 ns;
	int r = timespec_ns(t, a->a[2], &ns);

	if (r)
		return r;
	r = set_tmp_sigmask(t, a->a[3], a->a[4]);
	if (r)
		return r;
	return end_tmp_sigmask(t, a->a[3], poll_user(t, a->a[0], a->a[1], ns));
}

/* select over fd_set bitmaps of @nfds bits. */
static long do_select(struct task *t, int nfds, uaddr_t uin, uaddr_t uout,
		      uaddr_t uex, s64 timeout_ns)
{
	size_t bytes = ALIGN_UP((size_t)nfds, 64) / 8;
	u64 *sets[3] = { NULL, NULL, NULL };
	uaddr_t us[3] = { uin, uout, uex };
	struct pollfd *pfds = NULL;
	int n = 0, k, s, r;

	if (nfds < 0 || nfds > fd_limit(t) || nfds > POLL_FDS_MAX * 4)
		return -EINVAL;
	for (s = 0; s < 3; s++) {
		if (!us[s])
			continue;
		sets[s] = kzalloc(bytes + 8);
		if (!sets[s]) {
			r = -ENOMEM;
			goto out;
		}
		if (copy_in(t->mm, sets[s], us[s], bytes)) {
			r = -EFAULT;
			goto out;
		}
	}
	pfds = kmalloc((nfds + 1) * sizeof(*pfds));
	if (!pfds) {
		r = -ENOMEM;
		goto out;
	}
	for (k = 0; k < nfds; k++) {
		short ev = 0;

		if (sets[0] && (sets[0][k / 64] >> (k % 64)) & 1)
			ev |= POLLIN;
		if (sets[1] && (sets[1][k / 64] >> (k % 64)) & 1)
			ev |= POLLOUT;
		if (sets[2] && (sets[2][k / 64] >> (k % 64)) & 1)
			ev |= POLLPRI;
		if (!ev)
			continue;
		pfds[n].fd = k;
		pfds[n].events = ev;
		n++;
	}
	r = do_poll(t, pfds, n, deadline_of(timeout_ns), timeout_ns == 0);
	if (r < 0)
		goto out;
	for (s = 0; s < 3; s++)
		if (sets[s])
			memset(sets[s], 0, bytes);
	r = 0;
	for (k = 0; k < n; k++) {
		short rev = pfds[k].revents;
		int fd = pfds[k].fd;

		if (rev & POLLNVAL) {
			r = -EBADF;
			goto out;
		}
		if (sets[0] && (pfds[k].events & POLLIN) &&
		    (rev & (POLLIN | POLLHUP | POLLERR))) {
			sets[0][fd / 64] |= 1ull << (fd % 64);
			r++;
		}
		if (sets[1] && (pfds[k].events & POLLOUT) &&
		    (rev & (POLLOUT | POLLERR))) {
			sets[1][fd / 64] |= 1ull << (fd % 64);
			r++;
		}
		if (sets[2] && (pfds[k].events & POLLPRI) && (rev & POLLPRI)) {
			sets[2][fd / 64] |= 1ull << (fd % 64);
			r++;
		}
	}
	for (s = 0; s < 3; s++)
		if (sets[s] && copy_out(t->mm, us[s], sets[s], bytes))
			r = -EFAULT;
out:
	for (s = 0; s < 3; s++)
		kfree(sets[s]);
	kfree(pfds);
	return r;
}

SYSCALL_DEFINE(select)
{
	struct { s64 sec, usec; } tv;
	s64 ns = -1;

	if (a->a[4]) {
		if (copy_in(t->mm, &tv, a->a[4], sizeof(tv)))
			return -EFAULT;
		if (tv.sec < 0 || tv.usec < 0 || tv.usec >= 1000000)
			return -EINVAL;
		ns = tv.sec > 1000000000ll ? 1000000000ll * 1000000000ll :
					     tv.sec * 1000000000ll + tv.usec * 1000;
	}
	return do_select(t, (int)a->a[0], a->a[1], a->a[2], a->a[3], ns);
}

SYSCALL_DEFINE(pselect6)
{
	struct { u64 set, size; } sm = { 0, 0 };
	s64 ns;
	int r = timespec_ns(t, a->a[4], &ns);

	if (r)
		return r;
	if (a->a[5] && copy_in(t->mm, &sm, a->a[5], sizeof(sm)))
		return -EFAULT;
	r = set_tmp_sigmask(t, sm.set, sm.size);
	if (r)
		return r;
	return end_tmp_sigmask(t, sm.set,
			       do_select(t, (int)a->a[0], a->a[1], a->a[2],
					 a->a[3], ns));
}
