// SPDX-License-Identifier: MIT
/*
 * ipc_ctl.c - the part of msgctl, semctl and shmctl the three share:
 * the id (or slot) lookup, IPC_STAT and *_STAT[_ANY] with their read
 * check, IPC_SET of uid, gid and mode by the owner, and IPC_RMID.
 * Each kind supplies its own fields and commands through struct
 * ipc_ctl_kind.
 */
#include <linux/errno.h>
#include <linux/msg.h>
#include <linux/sem.h>

#include "ipc/ipc.h"
#include "ipc/shm_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"

/* Room for any kind's *id64_ds; each starts with its ipc64_perm. */
union ipc_ds {
	struct ipc64_perm perm;
	struct msqid64_ds msg;
	struct semid64_ds sem;
	struct shmid64_ds shm;
};

static long ipc_ctl_stat(const struct ipc_ctl_kind *k, struct task *t,
			 struct ipc_obj *o, int cmd, uaddr_t buf)
{
	union ipc_ds ds;

	if (cmd != k->stat_any_cmd && ipc_perm_check(t, o, IPC_R_ALL))
		return -EACCES;
	memset(&ds, 0, sizeof(ds));
	ipc_fill_perm(o, &ds.perm);
	k->fill(o, &ds);
	if (copy_out(t->mm, buf, &ds, k->ds_size))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : o->id;
}

static long ipc_ctl_set(const struct ipc_ctl_kind *k, struct task *t,
			struct ipc_obj *o, uaddr_t buf)
{
	union ipc_ds ds;
	int r;

	if (copy_in(t->mm, &ds, buf, k->ds_size))
		return -EFAULT;
	if (!ipc_is_owner(t, o))
		return -EPERM;
	r = k->set(t, o, &ds);
	if (r)
		return r;
	ipc_set_perm(o, &ds.perm);
	return 0;
}

/* ipc_ctl - see ipc.h. */
long ipc_ctl(const struct ipc_ctl_kind *k, struct task *t,
	     const struct ipc_ctl_args *c)
{
	struct ipc_obj *o;

	if (c->id < 0 || c->cmd < 0)
		return -EINVAL;
	if (c->cmd == IPC_INFO || c->cmd == k->info_cmd)
		return k->info(t, c->cmd, c->buf);
	if (c->cmd == k->stat_cmd || c->cmd == k->stat_any_cmd)
		o = ipc_lookup_slot(k->ids, c->id);
	else
		o = ipc_lookup(k->ids, c->id);
	if (!o)
		return -EINVAL;
	if (c->cmd == IPC_STAT || c->cmd == k->stat_cmd ||
	    c->cmd == k->stat_any_cmd)
		return ipc_ctl_stat(k, t, o, c->cmd, c->buf);
	switch (c->cmd) {
	case IPC_SET:
		return ipc_ctl_set(k, t, o, c->buf);
	case IPC_RMID:
		if (!ipc_is_owner(t, o))
			return -EPERM;
		k->rmid(o);
		return 0;
	}
	if (k->other)
		return k->other(t, o, c);
	return -EINVAL;
}
