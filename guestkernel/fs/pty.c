/* SPDX-License-Identifier: MIT */
/*
 * Pseudo-terminals: /dev/ptmx opens a new master; the slave appears as
 * /dev/pts/N in the devpts file system. Bytes written to the master go
 * through the line discipline (fs/tty_ldisc.c) to the slave's readers;
 * what the slave writes (and the echo) is read from the master.
 */
#include <linux/errno.h>
#include <asm/signal.h>
#include <asm/termios.h>

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/tty_ldisc.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "mm/mm.h"

#define PTY_MAX 256
#define PTY_SLAVE_MAJOR 136
#define DEVPTS_MAGIC_NR 0x1cd1

struct pty {
	int index;
	struct tty_ldisc ld;
	struct winsize ws;
	bool locked;
	bool master_open;
	int slave_opens;
	int session, pgrp;		/* controlling session / foreground group */
	struct inode *slave_inode;	/* in devpts, referenced */
};

static struct pty *ptys[PTY_MAX];
static struct super *devpts_sb;
static struct inode *devpts_ptmx;

static const struct file_ops pty_master_fops, pty_slave_fops;

/* Send @sig to every process of group @pgrp. */
static void pgrp_signal(int pgrp, int sig)
{
	struct process *p, *n;

	if (pgrp <= 0)
		return;
	list_for_each_entry_safe(p, n, &all_processes, all_link)
		if (p->pgid == pgrp)
			send_signal_process(p, sig, NULL);
}

static void pty_ldisc_signal(struct tty_ldisc *ld, int sig)
{
	struct pty *pty = container_of(ld, struct pty, ld);

	pgrp_signal(pty->pgrp, sig);
}

/* Forget cached dentries of pts/@name so the name can be reused. */
static void devpts_drop_name(const char *name)
{
	struct mount *m = NULL;
	struct dentry *d;

	while ((m = mount_next(m))) {
		if (m->sb != devpts_sb)
			continue;
		d = dentry_lookup_cached(m->root, name);
		if (d) {
			dentry_drop(d);
			dentry_put(d);
		}
	}
}

static void pty_maybe_free(struct pty *pty)
{
	char name[16];

	if (pty->master_open || pty->slave_opens)
		return;
	ptys[pty->index] = NULL;
	ksnprintf(name, sizeof(name), "%d", pty->index);
	devpts_drop_name(name);
	pty->slave_inode->priv = NULL;
	inode_put(pty->slave_inode);
	kfree(pty);
}

/* ---- master ---- */

static ssize_t master_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct pty *pty = f->priv;
	u8 buf[256];
	size_t done = 0, n;
	int ret;

	if (!pty->ld.out.count) {
		if (!pty->slave_opens && !pty->locked)
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(&pty->ld.out_wq,
					       pty->ld.out.count ||
						       !pty->slave_opens);
		if (ret)
			return ret;
		if (!pty->ld.out.count)
			return -EIO;
	}
	while (done < u->len && pty->ld.out.count) {
		n = tty_ring_get(&pty->ld.out, buf, min(sizeof(buf), u->len - done));
		ret = uio_copy_to(u, done, buf, n);
		if (ret)
			return done ? (ssize_t)done : ret;
		done += n;
	}
	wake_up(&pty->ld.out_wq);
	return done;
}

static ssize_t master_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct pty *pty = f->priv;
	u8 buf[256];
	size_t done = 0, n, k;
	int ret;

	while (done < u->len) {
		n = min(sizeof(buf), u->len - done);
		ret = uio_copy_from(u, done, buf, n);
		if (ret)
			return done ? (ssize_t)done : ret;
		for (k = 0; k < n; k++)
			tty_ldisc_receive(&pty->ld, buf[k]);
		done += n;
	}
	return done;
}

static unsigned int master_poll(struct file *f, struct poll_table *pt)
{
	struct pty *pty = f->priv;
	unsigned int m = POLLOUT | POLLWRNORM;

	poll_wait(pt, &pty->ld.out_wq);
	if (pty->ld.out.count)
		m |= POLLIN | POLLRDNORM;
	if (!pty->slave_opens && !pty->locked)
		m |= POLLHUP;
	return m;
}

static void master_release(struct file *f)
{
	struct pty *pty = f->priv;

	pty->master_open = false;
	wake_up(&pty->ld.in_wq);
	wake_up(&pty->ld.out_wq);
	if (pty->session)
		pgrp_signal(pty->pgrp, SIGHUP);
	pty_maybe_free(pty);
}

/* ---- slave ---- */

static ssize_t slave_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct pty *pty = f->priv;
	struct tty_ldisc *ld = &pty->ld;
	u8 buf[256];
	size_t done = 0, n;
	u64 deadline = 0;
	int ret = 0;

	if (!(ld->tio.c_lflag & ICANON)) {
		u8 vmin = ld->tio.c_cc[VMIN], vtime = ld->tio.c_cc[VTIME];
		size_t want = min((size_t)vmin, u->len);

		if (vtime)
			deadline = platform->now_ns() + vtime * 100000000ull;
		if (!vmin && !vtime)
			want = 0;
		else if (!vmin)
			want = 1;
		while (ld->in.count < want && pty->master_open) {
			if (f->flags & O_NONBLOCK)
				return -EAGAIN;
			/* VMIN>0 with VTIME: the timer starts at the first byte. */
			ret = wait_event_interruptible_deadline(
				&ld->in_wq,
				ld->in.count >= want || !pty->master_open ||
					(vmin && vtime && ld->in.count),
				vmin && !ld->in.count ? 0 : deadline);
			if (ret == -ETIMEDOUT)
				break;
			if (ret)
				return ret;
			if (vmin && vtime && ld->in.count < want)
				deadline = platform->now_ns() +
					   vtime * 100000000ull;
		}
	} else if (!tty_ldisc_readable(ld)) {
		if (!pty->master_open)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(&ld->in_wq,
					       tty_ldisc_readable(ld) ||
						       !pty->master_open);
		if (ret)
			return ret;
	}
	do {
		n = tty_ldisc_read(ld, buf, min(sizeof(buf), u->len - done));
		if (n && uio_copy_to(u, done, buf, n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
		/* Canonical: one line at most; stop after its delimiter. */
		if ((ld->tio.c_lflag & ICANON) &&
		    (!n || buf[n - 1] == '\n' || !ld->nlines ||
		     ld->lines[ld->first_line] == 0))
			break;
	} while (n && done < u->len);
	return done;
}

static ssize_t slave_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct pty *pty = f->priv;
	u8 buf[256];
	size_t done = 0, n, k;
	int ret;

	while (done < u->len) {
		if (!pty->master_open)
			return done ? (ssize_t)done : -EIO;
		if (tty_ldisc_out_room(&pty->ld) < 2) {
			if (f->flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			ret = wait_event_interruptible(
				&pty->ld.out_wq,
				tty_ldisc_out_room(&pty->ld) >= 2 ||
					!pty->master_open);
			if (ret)
				return done ? (ssize_t)done : ret;
			continue;
		}
		n = min(sizeof(buf), min(u->len - done,
					 tty_ldisc_out_room(&pty->ld) / 2));
		ret = uio_copy_from(u, done, buf, n);
		if (ret)
			return done ? (ssize_t)done : ret;
		for (k = 0; k < n; k++)
			tty_ldisc_output(&pty->ld, buf[k]);
		done += n;
	}
	return done;
}

static unsigned int slave_poll(struct file *f, struct poll_table *pt)
{
	struct pty *pty = f->priv;
	unsigned int m = 0;

	poll_wait(pt, &pty->ld.in_wq);
	poll_wait(pt, &pty->ld.out_wq);
	if (tty_ldisc_readable(&pty->ld) ||
	    (!(pty->ld.tio.c_lflag & ICANON) && !pty->ld.tio.c_cc[VMIN]))
		m |= POLLIN | POLLRDNORM;
	if (tty_ldisc_out_room(&pty->ld) >= 2)
		m |= POLLOUT | POLLWRNORM;
	if (!pty->master_open)
		m |= POLLHUP | POLLIN;
	return m;
}

static void slave_release(struct file *f)
{
	struct pty *pty = f->priv;

	pty->slave_opens--;
	wake_up(&pty->ld.out_wq);
	pty_maybe_free(pty);
}

/* Open the slave of @pty into @f (ops/priv). */
static int slave_attach(struct pty *pty, struct file *f)
{
	struct process *p = current ? current->proc : NULL;

	if (pty->locked)
		return -EIO;
	f->ops = &pty_slave_fops;
	f->priv = pty;
	pty->slave_opens++;
	/*
	 * open() does not keep O_NOCTTY in f->flags, so a slave becomes the
	 * controlling terminal only through TIOCSCTTY, not implicitly.
	 */
	(void)p;
	return 0;
}

/* ---- ioctls ---- */

static long tty_common_ioctl(struct pty *pty, unsigned int cmd, u64 arg,
			     bool slave)
{
	struct task *t = current;
	struct tty_ldisc *ld = &pty->ld;
	struct termios tio;
	struct winsize ws;
	int v;

	switch (cmd) {
	case TCGETS:
		return copy_out(t->mm, arg, &ld->tio, sizeof(ld->tio));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_in(t->mm, &tio, arg, sizeof(tio)))
			return -EFAULT;
		tty_ldisc_set_termios(ld, &tio, cmd == TCSETSF);
		return 0;
	case TIOCGWINSZ:
		return copy_out(t->mm, arg, &pty->ws, sizeof(pty->ws));
	case TIOCSWINSZ:
		if (copy_in(t->mm, &ws, arg, sizeof(ws)))
			return -EFAULT;
		if (memcmp(&ws, &pty->ws, sizeof(ws))) {
			pty->ws = ws;
			pgrp_signal(pty->pgrp, SIGWINCH);
		}
		return 0;
	case FIONREAD:
		v = (int)(slave ? tty_ldisc_in_avail(ld) : ld->out.count);
		return copy_out(t->mm, arg, &v, sizeof(v));
	case TIOCOUTQ:
		v = (int)(slave ? ld->out.count : 0);
		return copy_out(t->mm, arg, &v, sizeof(v));
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return -EINVAL;
		if (arg == TCIFLUSH || arg == TCIOFLUSH) {
			if (slave)
				tty_ldisc_flush_in(ld);
			else
				tty_ldisc_flush_out(ld);
		}
		if (arg == TCOFLUSH || arg == TCIOFLUSH) {
			if (slave)
				tty_ldisc_flush_out(ld);
			else
				tty_ldisc_flush_in(ld);
		}
		return 0;
	case TCSBRK:
	case TCSBRKP:
	case TCXONC:
		return 0;
	case TIOCGPGRP:
		if (slave && pty->session != t->proc->sid)
			return -ENOTTY;
		return copy_out(t->mm, arg, &pty->pgrp, sizeof(int));
	case TIOCSPGRP: {
		struct process *p, *found = NULL;

		if (pty->session != t->proc->sid)
			return -ENOTTY;
		if (copy_in(t->mm, &v, arg, sizeof(v)))
			return -EFAULT;
		if (v < 0)
			return -EINVAL;
		list_for_each_entry(p, &all_processes, all_link)
			if (p->pgid == v && !p->zombie)
				found = p;
		if (!found)
			return -ESRCH;
		if (found->sid != pty->session)
			return -EPERM;
		pty->pgrp = v;
		return 0;
	}
	case TIOCGSID:
		if (!pty->session || pty->session != t->proc->sid)
			return -ENOTTY;
		return copy_out(t->mm, arg, &pty->session, sizeof(int));
	case TIOCSCTTY:
		if (pty->session == t->proc->sid)
			return 0;
		if (t->proc->sid != t->proc->pid)
			return -EPERM;
		if (pty->session && !(arg == 1 && capable(t, 21)))
			return -EPERM;
		pty->session = t->proc->sid;
		pty->pgrp = t->proc->pgid;
		return 0;
	case TIOCNOTTY:
		if (pty->session != t->proc->sid)
			return -ENOTTY;
		if (t->proc->sid == t->proc->pid) {
			pgrp_signal(pty->pgrp, SIGHUP);
			pgrp_signal(pty->pgrp, SIGCONT);
			pty->session = pty->pgrp = 0;
		}
		return 0;
	default:
		return -ENOTTY;
	}
}

static long master_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct pty *pty = f->priv;
	struct task *t = current;
	struct file *sf;
	int v, r;

	switch (cmd) {
	case TIOCGPTN:
		return copy_out(t->mm, arg, &pty->index, sizeof(int));
	case TIOCSPTLCK:
		if (copy_in(t->mm, &v, arg, sizeof(v)))
			return -EFAULT;
		pty->locked = v != 0;
		return 0;
	case TIOCGPTLCK:
		v = pty->locked;
		return copy_out(t->mm, arg, &v, sizeof(v));
	case TIOCGPTPEER:
		inode_get(pty->slave_inode);
		sf = file_alloc(pty->slave_inode, NULL,
				(unsigned int)arg & (O_ACCMODE | O_NONBLOCK |
						     O_NOCTTY));
		if (!sf) {
			inode_put(pty->slave_inode);
			return -ENOMEM;
		}
		r = slave_attach(pty, sf);
		if (r) {
			file_put(sf);
			return r;
		}
		r = fd_install(t, sf, 0, arg & O_CLOEXEC);
		if (r < 0)
			file_put(sf);
		return r;
	default:
		return tty_common_ioctl(pty, cmd, arg, false);
	}
}

static long slave_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	if (cmd == TIOCGPTN)
		return -ENOTTY;
	return tty_common_ioctl(f->priv, cmd, arg, true);
}

static const struct file_ops pty_master_fops = {
	.read = master_read,
	.write = master_write,
	.poll = master_poll,
	.ioctl = master_ioctl,
	.release = master_release,
};

static const struct file_ops pty_slave_fops = {
	.read = slave_read,
	.write = slave_write,
	.poll = slave_poll,
	.ioctl = slave_ioctl,
	.release = slave_release,
};

/* ---- devpts ---- */

static int ptmx_open(struct inode *i, struct file *f)
{
	struct pty *pty;
	int k;

	for (k = 0; k < PTY_MAX && ptys[k]; k++)
		;
	if (k == PTY_MAX)
		return -ENOSPC;
	pty = kzalloc(sizeof(*pty));
	if (!pty)
		return -ENOMEM;
	pty->slave_inode = inode_alloc(devpts_sb, S_IFCHR | 0620);
	if (!pty->slave_inode) {
		kfree(pty);
		return -ENOMEM;
	}
	pty->slave_inode->ino = (u64)k + 3;
	pty->slave_inode->rdev = MKDEV(PTY_SLAVE_MAJOR, k);
	pty->slave_inode->uid = current ? current->proc->cred.fsuid : 0;
	pty->slave_inode->gid = 5;
	pty->slave_inode->priv = pty;
	pty->index = k;
	pty->locked = true;
	pty->master_open = true;
	tty_ldisc_init(&pty->ld, pty_ldisc_signal);
	ptys[k] = pty;
	f->ops = &pty_master_fops;
	f->priv = pty;
	return 0;
}

static int pts_open(struct inode *i, struct file *f)
{
	struct pty *pty = i->priv;

	if (!pty)
		return -EIO;
	return slave_attach(pty, f);
}

static const struct inode_ops ptmx_iops = { .open = ptmx_open };
static const struct inode_ops pts_iops = { .open = pts_open };

static int devpts_lookup(struct inode *dir, const char *name,
			 struct inode **out)
{
	u32 k = 0;
	const char *s = name;

	if (!kstrcmp(name, "ptmx")) {
		inode_get(devpts_ptmx);
		*out = devpts_ptmx;
		return 0;
	}
	if (!*s || (*s == '0' && s[1]))
		return -ENOENT;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || k >= PTY_MAX)
			return -ENOENT;
		k = k * 10 + (u32)(*s - '0');
	}
	if (k >= PTY_MAX || !ptys[k])
		return -ENOENT;
	ptys[k]->slave_inode->iops = &pts_iops;
	inode_get(ptys[k]->slave_inode);
	*out = ptys[k]->slave_inode;
	return 0;
}

static int devpts_iterate(struct file *f, struct dir_ctx *ctx)
{
	char name[16];
	int k;

	if (!dir_emit_dots(f, ctx))
		return 0;
	if (ctx->pos == 2) {
		if (!ctx->emit(ctx, "ptmx", 4, devpts_ptmx->ino, DT_CHR))
			return 0;
		ctx->pos = 3;
	}
	for (k = (int)ctx->pos - 3; k < PTY_MAX; k++) {
		if (!ptys[k])
			continue;
		ksnprintf(name, sizeof(name), "%d", k);
		if (!ctx->emit(ctx, name, kstrlen(name),
			       ptys[k]->slave_inode->ino, DT_CHR))
			return 0;
		ctx->pos = k + 4;
	}
	ctx->pos = PTY_MAX + 3;
	return 0;
}

static const struct inode_ops devpts_dir_iops = { .lookup = devpts_lookup };
static const struct file_ops devpts_dir_fops = { .iterate = devpts_iterate };

/* devpts_create - see vfs_internal.h. One instance, shared by all mounts. */
struct super *devpts_create(void)
{
	struct inode *root;

	if (devpts_sb)
		return devpts_sb;
	devpts_sb = super_alloc("devpts", DEVPTS_MAGIC_NR, NULL);
	if (!devpts_sb)
		return NULL;
	root = inode_alloc(devpts_sb, S_IFDIR | 0755);
	devpts_ptmx = inode_alloc(devpts_sb, S_IFCHR | 0666);
	if (!root || !devpts_ptmx) {
		if (root)
			inode_put(root);
		if (devpts_ptmx)
			inode_put(devpts_ptmx);
		kfree(devpts_sb);
		devpts_sb = NULL;
		devpts_ptmx = NULL;
		return NULL;
	}
	root->ino = 1;
	root->nlink = 2;
	root->iops = &devpts_dir_iops;
	root->fops = &devpts_dir_fops;
	devpts_ptmx->ino = 2;
	devpts_ptmx->rdev = MKDEV(5, 2);
	devpts_ptmx->iops = &ptmx_iops;
	devpts_sb->root = root;
	return devpts_sb;
}
