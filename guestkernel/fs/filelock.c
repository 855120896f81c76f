/* SPDX-License-Identifier: MIT */
/*
 * Advisory file locks (see filelock.h). All locks live on one list; each
 * names its file by (super block, inode number) and covers the byte range
 * [start, end] (end FL_EOF: to the end of any file). A process's POSIX
 * locks and a struct file's OFD locks conflict with each other; flock
 * locks only with flock locks. A waiter sleeps on one wait queue that
 * every release wakes.
 */
#include "fs/filelock.h"
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "mm/mm.h"

#define FL_EOF (~0ULL)

enum fl_kind { FL_POSIX, FL_OFD, FL_FLOCK };

struct file_lock {
	struct list_head link;
	struct super *sb;
	u64 ino;
	u64 start, end;		/* inclusive */
	int type;		/* F_RDLCK or F_WRLCK */
	enum fl_kind kind;
	void *owner;		/* struct process (POSIX) or struct file */
	int pid;		/* reported by F_GETLK; -1 for OFD locks */
};

static LIST_HEAD(all_locks);
static struct waitqueue lock_wait = { .waiters = LIST_HEAD_INIT(lock_wait.waiters) };

static bool same_file(const struct file_lock *l, const struct inode *ino)
{
	return l->sb == ino->sb && l->ino == ino->ino;
}

/* Do @l and the request (@kind, @owner, @type, range) conflict? */
static bool conflicts(const struct file_lock *l, enum fl_kind kind,
		      void *owner, int type, u64 start, u64 end)
{
	if ((l->kind == FL_FLOCK) != (kind == FL_FLOCK))
		return false;
	if (l->kind == kind && l->owner == owner)
		return false;
	if (l->end < start || l->start > end)
		return false;
	return l->type == F_WRLCK || type == F_WRLCK;
}

static struct file_lock *find_conflict(const struct inode *ino,
				       enum fl_kind kind, void *owner,
				       int type, u64 start, u64 end)
{
	struct file_lock *l;

	list_for_each_entry(l, &all_locks, link)
		if (same_file(l, ino) &&
		    conflicts(l, kind, owner, type, start, end))
			return l;
	return NULL;
}

static struct file_lock *new_lock(const struct inode *ino, enum fl_kind kind,
				  void *owner, int pid, int type, u64 start,
				  u64 end)
{
	struct file_lock *l = kzalloc(sizeof(*l));

	if (!l)
		return NULL;
	INIT_LIST_HEAD(&l->link);
	l->sb = ino->sb;
	l->ino = ino->ino;
	l->kind = kind;
	l->owner = owner;
	l->pid = pid;
	l->type = type;
	l->start = start;
	l->end = end;
	return l;
}

/*
 * Make @owner's locks on @ino over [start, end] be @type (F_UNLCK: none):
 * existing locks of the owner are cut around the range, then the new lock
 * is added and merged with touching locks of the same type. All memory is
 * allocated before anything changes, so -ENOMEM leaves the locks intact.
 */
static int apply_lock(const struct inode *ino, enum fl_kind kind, void *owner,
		      int pid, int type, u64 start, u64 end)
{
	struct file_lock *l, *n, *split = NULL, *nl = NULL;

	if (type != F_UNLCK) {
		nl = new_lock(ino, kind, owner, pid, type, start, end);
		if (!nl)
			return -ENOMEM;
	}
	list_for_each_entry(l, &all_locks, link) {
		if (!same_file(l, ino) || l->kind != kind || l->owner != owner)
			continue;
		if (l->start < start && l->end > end) {
			/* The range is strictly inside @l: @l splits in two. */
			split = new_lock(ino, kind, owner, l->pid, l->type,
					 end + 1, l->end);
			if (!split) {
				kfree(nl);
				return -ENOMEM;
			}
			break;
		}
	}
	list_for_each_entry_safe(l, n, &all_locks, link) {
		if (!same_file(l, ino) || l->kind != kind || l->owner != owner)
			continue;
		/* A same-type lock touching the new one merges into it. */
		if (nl && l->type == type &&
		    (start == 0 || l->end >= start - 1) &&
		    (end == FL_EOF || l->start <= end + 1)) {
			if (l->start < nl->start)
				nl->start = l->start;
			if (l->end > nl->end)
				nl->end = l->end;
			list_del(&l->link);
			kfree(l);
			continue;
		}
		if (l->end < start || l->start > end)
			continue;
		if (l->start >= start && l->end <= end) {
			list_del(&l->link);
			kfree(l);
		} else if (l->start < start) {
			l->end = start - 1;	/* keep the head (split: tail below) */
		} else {
			l->start = end + 1;	/* keep the tail */
		}
	}
	if (split && !(nl && nl->type == split->type && nl->end >= split->start))
		list_add_tail(&split->link, &all_locks);
	else
		kfree(split);
	if (nl)
		list_add_tail(&nl->link, &all_locks);
	wake_up(&lock_wait);
	return 0;
}

/* The byte range a struct flock names on @f: 0 or -errno. */
static int flock_range(struct file *f, const struct flock *fl, u64 *start,
		       u64 *end)
{
	s64 base, s, len = fl->l_len;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = f->inode->size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, (s64)fl->l_start, &s))
		return -EOVERFLOW;
	if (len < 0) {
		if (s + len < 0)
			return -EINVAL;
		*start = (u64)(s + len);
		*end = (u64)s - 1;
		return 0;
	}
	if (s < 0)
		return -EINVAL;
	*start = (u64)s;
	if (len == 0) {
		*end = FL_EOF;
	} else {
		s64 last;

		if (__builtin_add_overflow(s, len - 1, &last))
			return -EOVERFLOW;
		*end = (u64)last;
	}
	return 0;
}

static long do_getlk(struct task *t, struct file *f, enum fl_kind kind,
		     void *owner, struct flock *fl, uaddr_t uflock)
{
	struct file_lock *l;
	u64 start, end;
	int r;

	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK)
		return -EINVAL;
	r = flock_range(f, fl, &start, &end);
	if (r)
		return r;
	l = find_conflict(f->inode, kind, owner, fl->l_type, start, end);
	if (!l) {
		fl->l_type = F_UNLCK;
	} else {
		fl->l_type = (short)l->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = (s64)l->start;
		fl->l_len = l->end == FL_EOF ? 0 : (s64)(l->end - l->start + 1);
		fl->l_pid = l->pid;
	}
	return copy_out(t->mm, uflock, fl, sizeof(*fl)) ? -EFAULT : 0;
}

/* filelock_fcntl - see filelock.h. */
long filelock_fcntl(struct task *t, struct file *f, int cmd, uaddr_t uflock)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK ||
		   cmd == F_OFD_SETLKW;
	bool wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
	enum fl_kind kind = ofd ? FL_OFD : FL_POSIX;
	void *owner = ofd ? (void *)f : (void *)t->proc;
	int pid = ofd ? -1 : t->proc->pid;
	struct inode *ino = f->inode;
	struct flock fl;
	u64 start, end;
	int r;

	if (!ino || (f->flags & O_PATH))
		return -EBADF;
	if (copy_in(t->mm, &fl, uflock, sizeof(fl)))
		return -EFAULT;
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK)
		return do_getlk(t, f, kind, owner, &fl, uflock);
	switch (fl.l_type) {
	case F_RDLCK:
		if (!file_readable(f))
			return -EBADF;
		break;
	case F_WRLCK:
		if (!file_writable(f))
			return -EBADF;
		break;
	case F_UNLCK:
		break;
	default:
		return -EINVAL;
	}
	r = flock_range(f, &fl, &start, &end);
	if (r)
		return r;
	if (fl.l_type != F_UNLCK &&
	    find_conflict(ino, kind, owner, fl.l_type, start, end)) {
		if (!wait)
			return -EAGAIN;
		/* @f (and so @ino) stays referenced by the caller meanwhile. */
		r = wait_event_interruptible(&lock_wait,
			!find_conflict(ino, kind, owner, fl.l_type, start, end));
		if (r)
			return r;
	}
	return apply_lock(ino, kind, owner, pid, fl.l_type, start, end);
}

/* filelock_flock - see filelock.h. */
long filelock_flock(struct file *f, int op)
{
	struct inode *ino = f->inode;
	int type, r;

	if (!ino)
		return -EBADF;
	switch (op & ~LOCK_NB) {
	case LOCK_SH:
		type = F_RDLCK;
		break;
	case LOCK_EX:
		type = F_WRLCK;
		break;
	case LOCK_UN:
		return apply_lock(ino, FL_FLOCK, f, -1, F_UNLCK, 0, FL_EOF);
	default:
		return -EINVAL;
	}
	if (find_conflict(ino, FL_FLOCK, f, type, 0, FL_EOF)) {
		if (op & LOCK_NB)
			return -EWOULDBLOCK;
		/* Linux drops a lock being converted before it waits. */
		r = apply_lock(ino, FL_FLOCK, f, -1, F_UNLCK, 0, FL_EOF);
		if (r)
			return r;
		r = wait_event_interruptible(&lock_wait,
			!find_conflict(ino, FL_FLOCK, f, type, 0, FL_EOF));
		if (r)
			return r;
	}
	return apply_lock(ino, FL_FLOCK, f, -1, type, 0, FL_EOF);
}

/* Drop every lock matching (@kind, @owner), of one file when @ino is set. */
static void drop_owner(enum fl_kind kind, void *owner, const struct inode *ino)
{
	struct file_lock *l, *n;
	bool dropped = false;

	list_for_each_entry_safe(l, n, &all_locks, link) {
		if (l->kind != kind || l->owner != owner)
			continue;
		if (ino && !same_file(l, ino))
			continue;
		list_del(&l->link);
		kfree(l);
		dropped = true;
	}
	if (dropped)
		wake_up(&lock_wait);
}

/* filelock_close - see filelock.h. */
void filelock_close(struct process *owner, struct file *f)
{
	if (owner && f && f->inode && !list_empty(&all_locks))
		drop_owner(FL_POSIX, owner, f->inode);
}

/* filelock_file_release - see filelock.h. */
void filelock_file_release(struct file *f)
{
	if (list_empty(&all_locks))
		return;
	drop_owner(FL_OFD, f, NULL);
	drop_owner(FL_FLOCK, f, NULL);
}

/* filelock_process_exit - see filelock.h. */
void filelock_process_exit(struct process *p)
{
	if (!list_empty(&all_locks))
		drop_owner(FL_POSIX, p, NULL);
}
