// SPDX-License-Identifier: MIT
/*
 * sem.c - System V semaphores: semget, semop, semtimedop, semctl and the
 * SEM_UNDO adjustments applied when a process exits.
 *
 * A semop array is applied atomically: it is tried on a copy of the
 * values and committed only if no operation has to wait. Waiters sleep on
 * the set's wait queue and retry whenever a value changes.
 */
#include <linux/errno.h>
#include <linux/sem.h>
#include <linux/time_types.h>

#include "ipc/ipc.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

struct sem {
	int val;
	int pid;
};

struct sem_array {
	struct ipc_obj perm;
	int refs;			/* the table's + sleeping semop calls' */
	int nsems;
	struct sem *sems;
	s64 otime, ctime;
	struct waitqueue wq;
	struct list_head waiters;	/* of sem_waiter.link */
};

/* A sleeping semop: which semaphore it waits on, and for what. */
struct sem_waiter {
	struct list_head link;
	int num;
	bool zero;			/* waits for zero (else for increase) */
};

/* The SEM_UNDO adjustments of one process on one set. */
struct sem_undo {
	struct list_head link;		/* sem_undos */
	struct process *proc;
	int semid;
	int nsems;
	short adj[];
};

static struct ipc_ids sem_ids = { .max_idx = -1 };
static LIST_HEAD(sem_undos);

static struct sem_array *sma_of(struct ipc_obj *o)
{
	return container_of(o, struct sem_array, perm);
}

static void sma_put(struct sem_array *sma)
{
	if (--sma->refs > 0)
		return;
	kfree(sma->sems);
	kfree(sma);
}

static struct ipc_obj *sem_create(struct task *t, int *err, void *arg)
{
	int nsems = *(int *)arg;
	struct sem_array *sma;

	(void)t;
	if (nsems == 0) {
		*err = -EINVAL;
		return NULL;
	}
	sma = kzalloc(sizeof(*sma));
	if (!sma)
		return NULL;
	sma->sems = kzalloc(sizeof(struct sem) * (size_t)nsems);
	if (!sma->sems) {
		kfree(sma);
		return NULL;
	}
	sma->refs = 1;
	sma->nsems = nsems;
	sma->ctime = ipc_now();
	waitqueue_init(&sma->wq);
	INIT_LIST_HEAD(&sma->waiters);
	return &sma->perm;
}

static int sem_check(struct ipc_obj *o, void *arg)
{
	return *(int *)arg > sma_of(o)->nsems ? -EINVAL : 0;
}

SYSCALL_DEFINE(semget)
{
	int nsems = (int)a->a[1];

	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	return ipc_get_common(&sem_ids, t, (s32)a->a[0], (int)a->a[2],
			      sem_create, sem_check, &nsems);
}

/* The undo record of @p for @sma, created when @create. NULL: none/-ENOMEM. */
static struct sem_undo *undo_find(struct process *p, struct sem_array *sma,
				  bool create)
{
	struct sem_undo *u;

	list_for_each_entry(u, &sem_undos, link)
		if (u->proc == p && u->semid == sma->perm.id)
			return u;
	if (!create)
		return NULL;
	u = kzalloc(sizeof(*u) + sizeof(short) * (size_t)sma->nsems);
	if (!u)
		return NULL;
	u->proc = p;
	u->semid = sma->perm.id;
	u->nsems = sma->nsems;
	list_add(&u->link, &sem_undos);
	return u;
}

/* Forget every undo adjustment of semaphore @num (-1: all) of @sma. */
static void undo_clear(struct sem_array *sma, int num)
{
	struct sem_undo *u;

	list_for_each_entry(u, &sem_undos, link) {
		if (u->semid != sma->perm.id)
			continue;
		if (num < 0)
			memset(u->adj, 0, sizeof(short) * (size_t)u->nsems);
		else
			u->adj[num] = 0;
	}
}

/*
 * Try @sops on @sma: 0 (applied), 1 (must wait: *@w says on what), or
 * -ERANGE / -EAGAIN (would wait with IPC_NOWAIT).
 */
static int sem_try(struct sem_array *sma, const struct sembuf *sops,
		   unsigned int nsops, struct sem_undo *u, int pid,
		   struct sem_waiter *w)
{
	unsigned int i;

	/* each op sees the value the earlier ops of the array left */
	for (i = 0; i < nsops; i++) {
		const struct sembuf *op = &sops[i];
		int cur = sma->sems[op->sem_num].val;
		unsigned int k;

		for (k = 0; k < i; k++)
			if (sops[k].sem_num == op->sem_num)
				cur += sops[k].sem_op;
		if (op->sem_op == 0 && cur != 0)
			goto wait;
		if (op->sem_op < 0 && cur + op->sem_op < 0)
			goto wait;
		if (cur + op->sem_op > SEMVMX)
			return -ERANGE;
		if (u && (op->sem_flg & SEM_UNDO)) {
			int adj = -op->sem_op;

			for (k = 0; k < i; k++)
				if (sops[k].sem_num == op->sem_num &&
				    (sops[k].sem_flg & SEM_UNDO))
					adj -= sops[k].sem_op;
			adj += u->adj[op->sem_num];
			if (adj < -SEMAEM - 1 || adj > SEMAEM)
				return -ERANGE;
		}
		continue;
wait:
		if (op->sem_flg & IPC_NOWAIT)
			return -EAGAIN;
		w->num = op->sem_num;
		w->zero = op->sem_op == 0;
		return 1;
	}
	for (i = 0; i < nsops; i++) {
		struct sem *s = &sma->sems[sops[i].sem_num];

		s->val += sops[i].sem_op;
		s->pid = pid;
		if (u && (sops[i].sem_flg & SEM_UNDO))
			u->adj[sops[i].sem_num] -= sops[i].sem_op;
	}
	return 0;
}

static long do_semtimedop(struct task *t, int semid, uaddr_t usops,
			  unsigned int nsops, uaddr_t utimeout)
{
	struct sembuf sops[SEMOPM];
	struct sem_undo *u = NULL;
	struct sem_waiter w;
	struct sem_array *sma;
	struct ipc_obj *o;
	bool alter = false, undo = false;
	u64 deadline = 0;
	unsigned int i;
	int max = 0, wr;
	long r;

	if (semid < 0 || nsops < 1)
		return -EINVAL;
	if (nsops > SEMOPM)
		return -E2BIG;
	if (copy_in(t->mm, sops, usops, sizeof(sops[0]) * nsops))
		return -EFAULT;
	if (utimeout) {
		struct __kernel_timespec ts;

		if (copy_in(t->mm, &ts, utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= 1000000000LL)
			return -EINVAL;
		deadline = platform->now_ns() + (u64)ts.tv_sec * 1000000000ULL +
			   (u64)ts.tv_nsec;
	}
	for (i = 0; i < nsops; i++) {
		if (sops[i].sem_num > max)
			max = sops[i].sem_num;
		if (sops[i].sem_op)
			alter = true;
		if (sops[i].sem_flg & SEM_UNDO)
			undo = true;
	}
	o = ipc_lookup(&sem_ids, semid);
	if (!o)
		return -EINVAL;
	sma = sma_of(o);
	if (max >= sma->nsems)
		return -EFBIG;
	if (ipc_perm_check(t, o, alter ? IPC_W_ALL : IPC_R_ALL))
		return -EACCES;
	if (undo) {
		u = undo_find(t->proc, sma, true);
		if (!u)
			return -ENOMEM;
	}
	r = sem_try(sma, sops, nsops, u, t->proc->pid, &w);
	if (r == 0)
		goto done;
	if (r < 0)
		return r;
	sma->refs++;
	list_add_tail(&w.link, &sma->waiters);
	wr = wait_event_interruptible_deadline(&sma->wq,
		sma->perm.deleted ||
		(r = sem_try(sma, sops, nsops, u, t->proc->pid, &w)) != 1,
		deadline);
	if (sma->perm.deleted)
		r = -EIDRM;
	else if (r == 1)
		r = wr == -ETIMEDOUT ? -EAGAIN : -EINTR;
	list_del(&w.link);
	sma_put(sma);
	if (r)
		return r;
done:
	sma->otime = ipc_now();
	if (alter)
		wake_up(&sma->wq);
	return 0;
}

SYSCALL_DEFINE(semop)
{
	return do_semtimedop(t, (int)a->a[0], a->a[1], (unsigned int)a->a[2], 0);
}

SYSCALL_DEFINE(semtimedop)
{
	return do_semtimedop(t, (int)a->a[0], a->a[1], (unsigned int)a->a[2],
			     a->a[3]);
}

/* Sleepers waiting on semaphore @num for zero (@zero) or an increase. */
static int sem_count_waiters(struct sem_array *sma, int num, bool zero)
{
	struct sem_waiter *w;
	int n = 0;

	list_for_each_entry(w, &sma->waiters, link)
		if (w->num == num && w->zero == zero)
			n++;
	return n;
}

static void sem_destroy(struct sem_array *sma)
{
	struct sem_undo *u, *tmp;

	list_for_each_entry_safe(u, tmp, &sem_undos, link)
		if (u->semid == sma->perm.id) {
			list_del(&u->link);
			kfree(u);
		}
	ipc_remove(&sem_ids, &sma->perm);
	wake_up(&sma->wq);
	sma_put(sma);
}

static long sem_info_cmd(struct task *t, int cmd, uaddr_t buf)
{
	struct seminfo si = {
		.semmap = SEMMAP, .semmni = IPC_MAX_OBJS, .semmns = SEMMNS,
		.semmnu = SEMMNU, .semmsl = SEMMSL, .semopm = SEMOPM,
		.semume = SEMUME, .semusz = SEMUSZ, .semvmx = SEMVMX,
		.semaem = SEMAEM,
	};
	int i;

	if (cmd == SEM_INFO) {
		si.semusz = sem_ids.in_use;
		si.semaem = 0;
		for (i = 0; i <= sem_ids.max_idx; i++)
			if (sem_ids.slot[i])
				si.semaem += sma_of(sem_ids.slot[i])->nsems;
	}
	if (copy_out(t->mm, buf, &si, sizeof(si)))
		return -EFAULT;
	return sem_ids.max_idx < 0 ? 0 : sem_ids.max_idx;
}

static long sem_setall(struct task *t, struct sem_array *sma, uaddr_t buf)
{
	u16 *v = kmalloc(sizeof(u16) * (size_t)sma->nsems);
	int i;

	if (!v)
		return -ENOMEM;
	if (copy_in(t->mm, v, buf, sizeof(u16) * (size_t)sma->nsems)) {
		kfree(v);
		return -EFAULT;
	}
	for (i = 0; i < sma->nsems; i++)
		if (v[i] > SEMVMX) {
			kfree(v);
			return -ERANGE;
		}
	for (i = 0; i < sma->nsems; i++) {
		sma->sems[i].val = v[i];
		sma->sems[i].pid = t->proc->pid;
	}
	kfree(v);
	undo_clear(sma, -1);
	sma->ctime = ipc_now();
	wake_up(&sma->wq);
	return 0;
}

static long sem_getall(struct task *t, struct sem_array *sma, uaddr_t buf)
{
	u16 *v = kmalloc(sizeof(u16) * (size_t)sma->nsems);
	long r = 0;
	int i;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < sma->nsems; i++)
		v[i] = (u16)sma->sems[i].val;
	if (copy_out(t->mm, buf, v, sizeof(u16) * (size_t)sma->nsems))
		r = -EFAULT;
	kfree(v);
	return r;
}

static void sem_fill(struct ipc_obj *o, void *buf)
{
	struct semid64_ds *ds = buf;
	struct sem_array *sma = sma_of(o);

	ds->sem_otime = sma->otime;
	ds->sem_ctime = sma->ctime;
	ds->sem_nsems = (unsigned long)sma->nsems;
}

static int sem_set(struct task *t, struct ipc_obj *o, const void *buf)
{
	(void)t;
	(void)buf;
	sma_of(o)->ctime = ipc_now();
	return 0;
}

static void sem_rmid(struct ipc_obj *o)
{
	sem_destroy(sma_of(o));
}

/* semctl's own commands: GETALL, SETALL and the per-semaphore ones. */
static long sem_ctl_other(struct task *t, struct ipc_obj *o,
			  const struct ipc_ctl_args *c)
{
	struct sem_array *sma = sma_of(o);
	int cmd = c->cmd, num = c->num;
	int val;

	switch (cmd) {
	case GETALL:
		if (ipc_perm_check(t, o, IPC_R_ALL))
			return -EACCES;
		return sem_getall(t, sma, c->buf);
	case SETALL:
		if (ipc_perm_check(t, o, IPC_W_ALL))
			return -EACCES;
		return sem_setall(t, sma, c->buf);
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETVAL:
		break;
	default:
		return -EINVAL;
	}
	if (num < 0 || num >= sma->nsems)
		return -EINVAL;
	if (ipc_perm_check(t, o, cmd == SETVAL ? IPC_W_ALL : IPC_R_ALL))
		return -EACCES;
	switch (cmd) {
	case GETVAL:
		return sma->sems[num].val;
	case GETPID:
		return sma->sems[num].pid;
	case GETNCNT:
		return sem_count_waiters(sma, num, false);
	case GETZCNT:
		return sem_count_waiters(sma, num, true);
	}
	val = (int)c->buf;	/* union semun passed by value: .val */
	if (val < 0 || val > SEMVMX)
		return -ERANGE;
	sma->sems[num].val = val;
	sma->sems[num].pid = t->proc->pid;
	undo_clear(sma, num);
	sma->ctime = ipc_now();
	wake_up(&sma->wq);
	return 0;
}

static const struct ipc_ctl_kind sem_kind = {
	.ids = &sem_ids,
	.info_cmd = SEM_INFO,
	.stat_cmd = SEM_STAT,
	.stat_any_cmd = SEM_STAT_ANY,
	.ds_size = sizeof(struct semid64_ds),
	.info = sem_info_cmd,
	.fill = sem_fill,
	.set = sem_set,
	.rmid = sem_rmid,
	.other = sem_ctl_other,
};

SYSCALL_DEFINE(semctl)
{
	struct ipc_ctl_args c = {
		.id = (int)a->a[0],
		.num = (int)a->a[1],
		.cmd = ipc_strip_cmd((int)a->a[2]),
		.buf = a->a[3],
	};

	return ipc_ctl(&sem_kind, t, &c);
}

/* sem_exit_process - see ipc.h. */
void sem_exit_process(struct process *p)
{
	struct sem_undo *u, *tmp;

	list_for_each_entry_safe(u, tmp, &sem_undos, link) {
		struct ipc_obj *o;

		if (u->proc != p)
			continue;
		o = ipc_lookup(&sem_ids, u->semid);
		if (o) {
			struct sem_array *sma = sma_of(o);
			int i;

			for (i = 0; i < u->nsems && i < sma->nsems; i++) {
				int v = sma->sems[i].val + u->adj[i];

				if (!u->adj[i])
					continue;
				sma->sems[i].val = v < 0 ? 0 :
						   v > SEMVMX ? SEMVMX : v;
				sma->sems[i].pid = p->pid;
			}
			wake_up(&sma->wq);
		}
		list_del(&u->link);
		kfree(u);
	}
}
