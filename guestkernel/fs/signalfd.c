/* SPDX-License-Identifier: MIT */
/*
 * signalfd: read the reading thread's pending signals in a mask as
 * struct signalfd_siginfo records (signalfd(2)). Senders wake readers
 * and pollers through signalfd_notify().
 */
#include <linux/signalfd.h>
#include <asm/siginfo.h>
#include <asm/signal.h>

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/eventfd.h"
#include "kernel/task.h"
#include "kernel/signal_internal.h"

#define SIG_UNQUEUEABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))

struct signalfd_ctx {
	u64 mask;
};

/* Everyone waiting for a signal through a signalfd. */
static struct waitqueue signalfd_wq = { LIST_HEAD_INIT(signalfd_wq.waiters) };

static const struct file_ops signalfd_fops;

/* signalfd_notify - see signal.h. */
void signalfd_notify(void)
{
	wake_up(&signalfd_wq);
}

static bool signalfd_ready(u64 mask)
{
	struct task *t = current;

	return ((t->pending.set | t->proc->shared_pending.set) & mask) != 0;
}

/* Translate a queued siginfo into the signalfd record. */
static void signalfd_fill(struct signalfd_siginfo *s, const struct ksiginfo *i)
{
	u64 value;

	memset(s, 0, sizeof(*s));
	s->ssi_signo = i->si_signo;
	s->ssi_errno = i->si_errno;
	s->ssi_code = i->si_code;
	switch (i->si_code) {
	case SI_TIMER:
		s->ssi_tid = i->f.timer.tid;
		s->ssi_overrun = i->f.timer.overrun;
		s->ssi_ptr = i->f.timer.value;
		s->ssi_int = (s32)i->f.timer.value;
		return;
	case SI_USER:
	case SI_TKILL:
	case SI_QUEUE:
	case SI_MESGQ:
		s->ssi_pid = i->f.kill.pid;
		s->ssi_uid = i->f.kill.uid;
		memcpy(&value, &i->f._raw[8], sizeof(value));
		s->ssi_ptr = value;
		s->ssi_int = (s32)value;
		return;
	default:
		break;
	}
	if (i->si_code <= 0)
		return;		/* other kernel codes carry no fields */
	if (i->si_signo == SIGCHLD) {
		s->ssi_pid = i->f.chld.pid;
		s->ssi_uid = i->f.chld.uid;
		s->ssi_status = i->f.chld.status;
		s->ssi_utime = i->f.chld.utime;
		s->ssi_stime = i->f.chld.stime;
	} else if (i->si_signo == SIGSEGV || i->si_signo == SIGBUS ||
		   i->si_signo == SIGILL || i->si_signo == SIGFPE ||
		   i->si_signo == SIGTRAP) {
		s->ssi_addr = i->f.fault.addr;
	}
}

static ssize_t signalfd_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct signalfd_ctx *c = f->priv;
	struct signalfd_siginfo rec;
	struct ksiginfo info;
	size_t done = 0;
	int ret;

	if (u->len < sizeof(rec))
		return -EINVAL;
	while (done + sizeof(rec) <= u->len) {
		if (!signal_dequeue(c->mask, &info)) {
			if (done)
				break;
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(&signalfd_wq,
						       signalfd_ready(c->mask));
			if (ret)
				return ret;
			continue;
		}
		signalfd_fill(&rec, &info);
		ret = uio_copy_to(u, done, &rec, sizeof(rec));
		if (ret)
			return done ? (ssize_t)done : ret;
		done += sizeof(rec);
	}
	return done;
}

static unsigned int signalfd_poll(struct file *f, struct poll_table *pt)
{
	struct signalfd_ctx *c = f->priv;

	poll_wait(pt, &signalfd_wq);
	return current && signalfd_ready(c->mask) ? POLLIN | POLLRDNORM : 0;
}

static void signalfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops signalfd_fops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

/* signalfd_create_file - see fs/eventfd.h. */
int signalfd_create_file(u64 mask, int flags, struct file **out)
{
	struct signalfd_ctx *c;
	struct file *f;

	if (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC))
		return -EINVAL;
	c = kzalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->mask = mask & ~SIG_UNQUEUEABLE;
	f = anon_file_create(&signalfd_fops, c, O_RDWR | (flags & SFD_NONBLOCK));
	if (!f) {
		kfree(c);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

/* signalfd_update - see fs/eventfd.h. */
int signalfd_update(struct file *f, u64 mask)
{
	if (f->ops != &signalfd_fops)
		return -EINVAL;
	((struct signalfd_ctx *)f->priv)->mask = mask & ~SIG_UNQUEUEABLE;
	wake_up(&signalfd_wq);
	return 0;
}
