// SPDX-License-Identifier: MIT
/*
 * msg.c - System V message queues: msgget, msgsnd, msgrcv, msgctl.
 *
 * A queue is a FIFO list of typed messages bounded by msg_qbytes (bytes
 * and message count, as in Linux). Blocked senders and receivers sleep
 * on the queue's wait queue and retry on every change.
 */
#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/msg.h>

#include "fs/vfs_internal.h"
#include "ipc/ipc.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

struct kmsg {
	struct list_head link;
	long mtype;
	size_t size;
	char text[];
};

struct msg_queue {
	struct ipc_obj perm;
	int refs;			/* the table's + sleeping calls' */
	struct list_head msgs;		/* of kmsg.link, oldest first */
	u64 cbytes, qnum, qbytes;
	s64 stime, rtime, ctime;
	int lspid, lrpid;
	struct waitqueue wq;
};

static struct ipc_ids msg_ids = { .max_idx = -1 };
/* Messages and bytes queued in all queues (MSG_INFO). */
static u64 msg_total, msg_total_bytes;

static struct msg_queue *msq_of(struct ipc_obj *o)
{
	return container_of(o, struct msg_queue, perm);
}

static void msq_put(struct msg_queue *q)
{
	struct kmsg *m, *tmp;

	if (--q->refs > 0)
		return;
	list_for_each_entry_safe(m, tmp, &q->msgs, link)
		kfree(m);
	kfree(q);
}

static struct ipc_obj *msg_create(struct task *t, int *err, void *arg)
{
	struct msg_queue *q = kzalloc(sizeof(*q));

	(void)t;
	(void)err;
	(void)arg;
	if (!q)
		return NULL;
	q->refs = 1;
	INIT_LIST_HEAD(&q->msgs);
	q->qbytes = MSGMNB;
	q->ctime = ipc_now();
	waitqueue_init(&q->wq);
	return &q->perm;
}

SYSCALL_DEFINE(msgget)
{
	return ipc_get_common(&msg_ids, t, (s32)a->a[0], (int)a->a[1],
			      msg_create, NULL, NULL);
}

/* Does @q have room for one more message of @size bytes? */
static bool msg_fits(struct msg_queue *q, size_t size)
{
	return q->cbytes + size <= q->qbytes && q->qnum + 1 <= q->qbytes;
}

SYSCALL_DEFINE(msgsnd)
{
	int id = (int)a->a[0], flg = (int)a->a[3];
	uaddr_t msgp = a->a[1];
	size_t size = a->a[2];
	struct msg_queue *q;
	struct ipc_obj *o;
	struct kmsg *m;
	long mtype;
	int r = 0;

	if (size > MSGMAX || (long)size < 0 || id < 0)
		return -EINVAL;
	if (copy_in(t->mm, &mtype, msgp, sizeof(mtype)))
		return -EFAULT;
	if (mtype < 1)
		return -EINVAL;
	m = kmalloc(sizeof(*m) + size);
	if (!m)
		return -ENOMEM;
	m->mtype = mtype;
	m->size = size;
	if (copy_in(t->mm, m->text, msgp + sizeof(long), size)) {
		kfree(m);
		return -EFAULT;
	}
	o = ipc_lookup(&msg_ids, id);
	if (!o) {
		kfree(m);
		return -EINVAL;
	}
	q = msq_of(o);
	if (ipc_perm_check(t, o, IPC_W_ALL)) {
		kfree(m);
		return -EACCES;
	}
	if (!msg_fits(q, size)) {
		if (flg & IPC_NOWAIT) {
			kfree(m);
			return -EAGAIN;
		}
		q->refs++;
		r = wait_event_interruptible(&q->wq, q->perm.deleted ||
					     msg_fits(q, size));
		if (q->perm.deleted)
			r = -EIDRM;
		else if (r)
			r = -ERESTARTNOHAND;
		msq_put(q);
		if (r) {
			kfree(m);
			return r;
		}
	}
	list_add_tail(&m->link, &q->msgs);
	q->cbytes += size;
	q->qnum++;
	msg_total++;
	msg_total_bytes += size;
	q->lspid = t->proc->pid;
	q->stime = ipc_now();
	wake_up(&q->wq);
	return 0;
}

/* The message msgrcv(@type, @flg) takes from @q, or NULL. */
static struct kmsg *msg_pick(struct msg_queue *q, long type, int flg)
{
	struct kmsg *m, *best = NULL;

	list_for_each_entry(m, &q->msgs, link) {
		if (type == 0)
			return m;
		if (type > 0) {
			if ((m->mtype == type) != !!(flg & MSG_EXCEPT))
				return m;
			continue;
		}
		if (m->mtype <= -type && (!best || m->mtype < best->mtype))
			best = m;
	}
	return best;
}

SYSCALL_DEFINE(msgrcv)
{
	int id = (int)a->a[0], flg = (int)a->a[4];
	uaddr_t msgp = a->a[1];
	size_t size = a->a[2];
	long type = (long)a->a[3];
	struct msg_queue *q;
	struct ipc_obj *o;
	struct kmsg *m = NULL;
	size_t n;
	long r = 0;

	if (id < 0 || (long)size < 0)
		return -EINVAL;
	if (flg & MSG_COPY)
		return -ENOSYS;	/* checkpoint/restore only */
	o = ipc_lookup(&msg_ids, id);
	if (!o)
		return -EINVAL;
	q = msq_of(o);
	if (ipc_perm_check(t, o, IPC_R_ALL))
		return -EACCES;
	q->refs++;
	for (;;) {
		m = msg_pick(q, type, flg);
		if (m) {
			if (m->size > size && !(flg & MSG_NOERROR)) {
				r = -E2BIG;
				break;
			}
			break;
		}
		if (flg & IPC_NOWAIT) {
			r = -ENOMSG;
			break;
		}
		r = wait_event_interruptible(&q->wq, q->perm.deleted ||
					     msg_pick(q, type, flg));
		if (q->perm.deleted) {
			r = -EIDRM;
			break;
		}
		if (r) {
			r = -ERESTARTNOHAND;
			break;
		}
	}
	if (r) {
		msq_put(q);
		return r;
	}
	list_del(&m->link);
	q->cbytes -= m->size;
	q->qnum--;
	msg_total--;
	msg_total_bytes -= m->size;
	q->lrpid = t->proc->pid;
	q->rtime = ipc_now();
	wake_up(&q->wq);
	msq_put(q);
	n = min(m->size, size);
	if (copy_out(t->mm, msgp, &m->mtype, sizeof(long)) ||
	    copy_out(t->mm, msgp + sizeof(long), m->text, n))
		r = -EFAULT;
	else
		r = (long)n;
	kfree(m);
	return r;
}

static long msg_info_cmd(struct task *t, int cmd, uaddr_t buf)
{
	struct msginfo mi = {
		.msgpool = MSGPOOL, .msgmap = MSGMAP, .msgmax = MSGMAX,
		.msgmnb = MSGMNB, .msgmni = IPC_MAX_OBJS, .msgssz = MSGSSZ,
		.msgtql = MSGTQL, .msgseg = MSGSEG,
	};

	if (cmd == MSG_INFO) {
		mi.msgpool = msg_ids.in_use;
		mi.msgmap = (int)msg_total;
		mi.msgtql = (int)msg_total_bytes;
	}
	if (copy_out(t->mm, buf, &mi, sizeof(mi)))
		return -EFAULT;
	return msg_ids.max_idx < 0 ? 0 : msg_ids.max_idx;
}

static void msg_destroy(struct msg_queue *q)
{
	struct kmsg *m;

	list_for_each_entry(m, &q->msgs, link) {
		msg_total--;
		msg_total_bytes -= m->size;
	}
	ipc_remove(&msg_ids, &q->perm);
	wake_up(&q->wq);
	msq_put(q);
}

static void msg_fill(struct ipc_obj *o, void *buf)
{
	struct msqid64_ds *ds = buf;
	struct msg_queue *q = msq_of(o);

	ds->msg_stime = q->stime;
	ds->msg_rtime = q->rtime;
	ds->msg_ctime = q->ctime;
	ds->msg_cbytes = q->cbytes;
	ds->msg_qnum = q->qnum;
	ds->msg_qbytes = q->qbytes;
	ds->msg_lspid = q->lspid;
	ds->msg_lrpid = q->lrpid;
}

static int msg_set(struct task *t, struct ipc_obj *o, const void *buf)
{
	const struct msqid64_ds *ds = buf;
	struct msg_queue *q = msq_of(o);

	if (ds->msg_qbytes > MSGMNB && !capable(t, CAP_SYS_RESOURCE))
		return -EPERM;
	q->qbytes = ds->msg_qbytes;
	q->ctime = ipc_now();
	wake_up(&q->wq);
	return 0;
}

static void msg_rmid(struct ipc_obj *o)
{
	msg_destroy(msq_of(o));
}

static const struct ipc_ctl_kind msg_kind = {
	.ids = &msg_ids,
	.info_cmd = MSG_INFO,
	.stat_cmd = MSG_STAT,
	.stat_any_cmd = MSG_STAT_ANY,
	.ds_size = sizeof(struct msqid64_ds),
	.info = msg_info_cmd,
	.fill = msg_fill,
	.set = msg_set,
	.rmid = msg_rmid,
};

SYSCALL_DEFINE(msgctl)
{
	struct ipc_ctl_args c = {
		.id = (int)a->a[0],
		.cmd = ipc_strip_cmd((int)a->a[1]),
		.buf = a->a[2],
	};

	return ipc_ctl(&msg_kind, t, &c);
}
