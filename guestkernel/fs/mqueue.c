/* SPDX-License-Identifier: MIT */
/*
 * POSIX message queues: named queues of prioritised messages in one
 * sandbox-wide namespace. A descriptor is an open file on the queue's
 * inode; it is pollable and reads as Linux's "QSIZE:... NOTIFY:..." line.
 */
#include "fs/mqueue.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "kernel/signal.h"
#include "platform/platform.h"

#define SI_MESGQ_CODE (-3)	/* SI_MESGQ */
#define SIGEV_SIGNAL_K 0
#define SIGEV_NONE_K 1

struct mq_msg {
	struct list_head link;
	u32 prio;
	size_t len;
	u8 data[];
};

struct mqueue {
	int refs;			/* open files + 1 while named */
	char *name;			/* NULL once unlinked */
	struct list_head link;		/* the namespace */
	struct inode *inode;
	struct mq_attr attr;		/* mq_curmsgs kept up to date */
	struct list_head msgs;		/* by priority, then age */
	size_t qbytes;
	u32 owner_uid;			/* charged RLIMIT_MSGQUEUE */
	u64 charge;
	struct waitqueue wq;		/* senders and receivers and pollers */
	int receivers_waiting;
	int notify_pid;			/* 0: no registration */
	struct sigevent_k notify;
	u32 notify_uid;
};

static LIST_HEAD(mq_names);
static int mq_count;

/* Bytes a queue charges to RLIMIT_MSGQUEUE, as Linux's mqueue_get_inode. */
static u64 mq_cost(const struct mq_attr *a)
{
	u64 tree = (u64)a->mq_maxmsg * 48 +
		   (u64)min(a->mq_maxmsg, (long)MQ_PRIO_MAX) * 40;

	return tree + (u64)a->mq_maxmsg * (u64)a->mq_msgsize;
}

static u64 charged_to(u32 uid)
{
	struct mqueue *q;
	u64 sum = 0;

	list_for_each_entry(q, &mq_names, link)
		if (q->owner_uid == uid)
			sum += q->charge;
	return sum;
}

static struct mqueue *mq_find(const char *name)
{
	struct mqueue *q;

	list_for_each_entry(q, &mq_names, link)
		if (!kstrcmp(q->name, name))
			return q;
	return NULL;
}

static void mq_put(struct mqueue *q)
{
	struct mq_msg *m, *n;

	if (--q->refs > 0)
		return;
	list_for_each_entry_safe(m, n, &q->msgs, link)
		kfree(m);
	inode_put(q->inode);
	kfree(q->name);
	kfree(q);
}

static const struct file_ops mq_fops;

/* mq_of - see fs/mqueue.h. */
struct mqueue *mq_of(struct file *f)
{
	return f->ops == &mq_fops ? f->priv : NULL;
}

static ssize_t mq_read_status(struct file *f, struct uio *u, loff_t *pos)
{
	struct mqueue *q = f->priv;
	char buf[128];
	size_t n;

	ksnprintf(buf, sizeof(buf),
		  "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
		  (unsigned long)q->qbytes,
		  q->notify_pid ? q->notify.notify : 0,
		  q->notify_pid && q->notify.notify == SIGEV_SIGNAL_K ?
			  q->notify.signo : 0,
		  q->notify_pid);
	n = kstrlen(buf);
	if (*pos >= (loff_t)n)
		return 0;
	n -= (size_t)*pos;
	if (n > u->len)
		n = u->len;
	if (uio_copy_to(u, 0, buf + *pos, n))
		return -EFAULT;
	*pos += (loff_t)n;
	return (ssize_t)n;
}

static unsigned int mq_poll(struct file *f, struct poll_table *pt)
{
	struct mqueue *q = f->priv;
	unsigned int mask = 0;

	poll_wait(pt, &q->wq);
	if (q->attr.mq_curmsgs)
		mask |= POLLIN | POLLRDNORM;
	if (q->attr.mq_curmsgs < q->attr.mq_maxmsg)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void mq_release(struct file *f)
{
	struct mqueue *q = f->priv;

	/* The owner closing a descriptor ends its registration (as Linux's flush). */
	if (current && current->proc && q->notify_pid == current->proc->pid)
		q->notify_pid = 0;
	mq_put(q);
}

static const struct file_ops mq_fops = {
	.read = mq_read_status,
	.poll = mq_poll,
	.release = mq_release,
};

static int valid_name(const char *name)
{
	size_t n = kstrnlen(name, VFS_NAME_MAX + 1);

	if (!n || kstrchr(name, '/') || !kstrcmp(name, ".") ||
	    !kstrcmp(name, ".."))
		return -EACCES;
	if (n > VFS_NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static int mq_create(struct task *t, const char *name, u32 mode,
		     const struct mq_attr *attr, struct mqueue **out)
{
	struct mq_attr a = { .mq_maxmsg = MQ_DFL_MAXMSG,
			     .mq_msgsize = MQ_DFL_MSGSIZE };
	struct mqueue *q;
	u64 cost;

	if (attr) {
		if (attr->mq_maxmsg <= 0 || attr->mq_msgsize <= 0)
			return -EINVAL;
		if (capable(t, CAP_SYS_RESOURCE) ?
			    attr->mq_maxmsg > MQ_HARD_MAXMSG ||
				    attr->mq_msgsize > MQ_HARD_MSGSIZE :
			    attr->mq_maxmsg > MQ_MAX_MAXMSG ||
				    attr->mq_msgsize > MQ_MAX_MSGSIZE)
			return -EINVAL;
		a.mq_maxmsg = attr->mq_maxmsg;
		a.mq_msgsize = attr->mq_msgsize;
	}
	if (mq_count >= MQ_QUEUES_MAX && !capable(t, CAP_SYS_RESOURCE))
		return -ENOSPC;
	cost = mq_cost(&a);
	if (charged_to(t->proc->cred.uid) + cost >
	    t->proc->rlim[RLIMIT_MSGQUEUE].cur)
		return -EMFILE;
	q = kzalloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->name = kstrdup(name);
	q->inode = inode_alloc(NULL, S_IFREG | (mode & 0777 & ~t->fs->umask));
	if (!q->name || !q->inode) {
		if (q->inode)
			inode_put(q->inode);
		kfree(q->name);
		kfree(q);
		return -ENOMEM;
	}
	q->inode->uid = t->proc->cred.fsuid;
	q->inode->gid = t->proc->cred.fsgid;
	q->inode->dev = MKDEV(0, 0x13);
	q->inode->ino = (u64)(uintptr_t)q >> 4;
	q->refs = 1;
	q->attr = a;
	q->owner_uid = t->proc->cred.uid;
	q->charge = cost;
	INIT_LIST_HEAD(&q->msgs);
	waitqueue_init(&q->wq);
	list_add_tail(&q->link, &mq_names);
	mq_count++;
	*out = q;
	return 0;
}

/* mq_open_name - see fs/mqueue.h. */
int mq_open_name(struct task *t, const char *name, int oflag, u32 mode,
		 const struct mq_attr *attr, struct file **out)
{
	static const int acc_mask[3] = { MAY_READ, MAY_WRITE,
					 MAY_READ | MAY_WRITE };
	struct mqueue *q;
	struct file *f;
	int r = valid_name(name);

	if (r)
		return r;
	q = mq_find(name);
	if (!q) {
		if (!(oflag & O_CREAT))
			return -ENOENT;
		r = mq_create(t, name, mode, attr, &q);
		if (r)
			return r;
	} else {
		if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			return -EEXIST;
		if ((oflag & O_ACCMODE) == O_ACCMODE)
			return -EINVAL;
		r = inode_permission(t, q->inode, acc_mask[oflag & O_ACCMODE]);
		if (r)
			return r;
	}
	/* A new queue opened with access mode 3 can neither be read nor written. */
	f = file_alloc(q->inode, &mq_fops, oflag & (O_ACCMODE | O_NONBLOCK));
	if (!f)
		return -ENOMEM;	/* a queue just made stays, named */
	inode_get(q->inode);
	q->refs++;
	f->priv = q;
	*out = f;
	return 0;
}

/* mq_unlink_name - see fs/mqueue.h. */
int mq_unlink_name(struct task *t, const char *name)
{
	struct mqueue *q;
	int r = valid_name(name);

	if (r)
		return r;
	q = mq_find(name);
	if (!q)
		return -ENOENT;
	/* The mqueue root is a sticky, world-writable directory owned by root. */
	if (t->proc->cred.fsuid != q->inode->uid &&
	    t->proc->cred.fsuid != 0 && !capable(t, CAP_FOWNER))
		return -EPERM;
	list_del(&q->link);
	mq_count--;
	kfree(q->name);
	q->name = NULL;
	mq_put(q);
	return 0;
}

/* Tell the registered process that a message arrived in an empty queue. */
static void mq_notify_fire(struct task *t, struct mqueue *q)
{
	struct process *p = process_by_pid(q->notify_pid);
	struct ksiginfo info = { 0 };
	s32 pid = t->proc->pid;
	u32 uid = t->proc->cred.uid;

	if (p && q->notify.notify == SIGEV_SIGNAL_K && q->notify.signo &&
	    !p->zombie) {
		info.si_signo = q->notify.signo;
		info.si_code = SI_MESGQ_CODE;
		memcpy(&info.f._raw[0], &pid, 4);
		memcpy(&info.f._raw[4], &uid, 4);
		memcpy(&info.f._raw[8], &q->notify.value, 8);
		send_signal_process(p, q->notify.signo, &info);
	}
	q->notify_pid = 0;
}

/* mqueue_send - see fs/mqueue.h. */
int mqueue_send(struct task *t, struct file *f, const void *msg, size_t len,
	    u32 prio, u64 deadline)
{
	struct mqueue *q = f->priv;
	struct mq_msg *m, *pos;
	int r;

	if ((f->flags & O_ACCMODE) != O_WRONLY &&
	    (f->flags & O_ACCMODE) != O_RDWR)
		return -EBADF;
	if (len > (size_t)q->attr.mq_msgsize)
		return -EMSGSIZE;
	if (q->attr.mq_curmsgs >= q->attr.mq_maxmsg) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		r = wait_event_interruptible_deadline(
			&q->wq, q->attr.mq_curmsgs < q->attr.mq_maxmsg,
			deadline);
		if (r)
			return r;
	}
	m = kmalloc(sizeof(*m) + len);
	if (!m)
		return -ENOMEM;
	m->prio = prio;
	m->len = len;
	memcpy(m->data, msg, len);
	list_for_each_entry(pos, &q->msgs, link)
		if (pos->prio < prio)
			break;
	list_add_tail(&m->link, &pos->link);
	q->attr.mq_curmsgs++;
	q->qbytes += len;
	q->inode->mtime = q->inode->ctime = vfs_now();
	if (q->attr.mq_curmsgs == 1 && q->notify_pid && !q->receivers_waiting)
		mq_notify_fire(t, q);
	wake_up(&q->wq);
	return 0;
}

/* mqueue_receive - see fs/mqueue.h. */
long mqueue_receive(struct task *t, struct file *f, void *buf, size_t size,
		u32 *prio, u64 deadline)
{
	struct mqueue *q = f->priv;
	struct mq_msg *m;
	long r;

	(void)t;
	if ((f->flags & O_ACCMODE) != O_RDONLY &&
	    (f->flags & O_ACCMODE) != O_RDWR)
		return -EBADF;
	if (size < (size_t)q->attr.mq_msgsize)
		return -EMSGSIZE;
	if (!q->attr.mq_curmsgs) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		q->receivers_waiting++;
		r = wait_event_interruptible_deadline(
			&q->wq, q->attr.mq_curmsgs > 0, deadline);
		q->receivers_waiting--;
		if (r)
			return r;
	}
	m = list_first_entry(&q->msgs, struct mq_msg, link);
	list_del(&m->link);
	q->attr.mq_curmsgs--;
	q->qbytes -= m->len;
	q->inode->atime = q->inode->ctime = vfs_now();
	memcpy(buf, m->data, m->len);
	*prio = m->prio;
	r = (long)m->len;
	kfree(m);
	wake_up(&q->wq);
	return r;
}

/* mqueue_getattr - see fs/mqueue.h. */
void mqueue_getattr(struct file *f, struct mq_attr *attr)
{
	struct mqueue *q = f->priv;

	*attr = q->attr;
	attr->mq_flags = f->flags & O_NONBLOCK;
}

/* mq_set_notify - see fs/mqueue.h. */
int mq_set_notify(struct task *t, struct file *f, const struct sigevent_k *sev)
{
	struct mqueue *q = f->priv;
	int pid = t->proc->pid;
	struct process *owner;

	/* A registration of a process that is gone no longer counts. */
	if (q->notify_pid) {
		owner = process_by_pid(q->notify_pid);
		if (!owner || owner->zombie)
			q->notify_pid = 0;
	}
	if (!sev) {
		if (q->notify_pid == pid)
			q->notify_pid = 0;
		return 0;
	}
	if (q->notify_pid)
		return -EBUSY;
	q->notify = *sev;
	q->notify_pid = pid;
	q->notify_uid = t->proc->cred.uid;
	return 0;
}
