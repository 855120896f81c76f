// SPDX-License-Identifier: MIT
/*
 * ipc_util.c - System V IPC object tables, ids and ipc_perm checks shared
 * by shared memory, semaphores and message queues.
 */
#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/stat.h>

#include "fs/vfs_internal.h"
#include "ipc/ipc.h"
#include "kernel/task.h"

/* ipc_find_key - see ipc.h. */
struct ipc_obj *ipc_find_key(struct ipc_ids *ids, s32 key)
{
	int i;

	for (i = 0; i <= ids->max_idx; i++) {
		struct ipc_obj *o = ids->slot[i];

		if (o && !o->deleted && o->key == key)
			return o;
	}
	return NULL;
}

/* ipc_add - see ipc.h. */
int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, struct task *t, s32 key,
	    u32 mode)
{
	const struct cred *c = &t->proc->cred;
	int i;

	for (i = 0; i < IPC_MAX_OBJS; i++)
		if (!ids->slot[i])
			break;
	if (i == IPC_MAX_OBJS)
		return -ENOSPC;
	ids->slot[i] = o;
	ids->in_use++;
	if (i > ids->max_idx)
		ids->max_idx = i;
	o->key = key;
	o->uid = o->cuid = c->euid;
	o->gid = o->cgid = c->egid;
	o->mode = mode & IPC_RWX_ALL;
	o->seq = ids->seq;
	ids->seq = (u16)((ids->seq + 1) % (0x7fffffff / IPC_SEQ_MULT));
	o->id = (int)o->seq * IPC_SEQ_MULT + i;
	o->deleted = false;
	return 0;
}

/* ipc_remove - see ipc.h. */
void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o)
{
	int idx = o->id % IPC_SEQ_MULT;

	if (ids->slot[idx] != o)
		return;
	ids->slot[idx] = NULL;
	ids->in_use--;
	while (ids->max_idx >= 0 && !ids->slot[ids->max_idx])
		ids->max_idx--;
	o->deleted = true;
}

/* ipc_lookup - see ipc.h. */
struct ipc_obj *ipc_lookup(struct ipc_ids *ids, int id)
{
	struct ipc_obj *o;

	if (id < 0)
		return NULL;
	o = ids->slot[id % IPC_SEQ_MULT];
	if (!o || o->id != id)
		return NULL;
	return o;
}

/* ipc_lookup_slot - see ipc.h. */
struct ipc_obj *ipc_lookup_slot(struct ipc_ids *ids, int idx)
{
	if (idx < 0 || idx >= IPC_MAX_OBJS)
		return NULL;
	return ids->slot[idx];
}

static bool cred_in_group(const struct cred *c, u32 gid)
{
	u32 k;

	if (c->egid == gid)
		return true;
	for (k = 0; k < c->ngroups && k < CRED_NGROUPS_MAX; k++)
		if (c->groups[k] == gid)
			return true;
	return false;
}

/* ipc_perm_check - see ipc.h. */
int ipc_perm_check(struct task *t, const struct ipc_obj *o, u32 acc)
{
	const struct cred *c = &t->proc->cred;
	u32 granted = o->mode, want;

	if (c->euid == o->uid || c->euid == o->cuid)
		granted >>= 6;
	else if (cred_in_group(c, o->gid) || cred_in_group(c, o->cgid))
		granted >>= 3;
	want = (acc >> 6) | (acc >> 3) | acc;
	if ((want & ~granted & 7) && !capable(t, CAP_IPC_OWNER))
		return -EACCES;
	return 0;
}

/* ipc_is_owner - see ipc.h. */
bool ipc_is_owner(struct task *t, const struct ipc_obj *o)
{
	const struct cred *c = &t->proc->cred;

	return c->euid == o->uid || c->euid == o->cuid ||
	       capable(t, CAP_SYS_ADMIN);
}

/* ipc_fill_perm - see ipc.h. */
void ipc_fill_perm(const struct ipc_obj *o, struct ipc64_perm *p)
{
	memset(p, 0, sizeof(*p));
	p->key = o->key;
	p->uid = o->uid;
	p->gid = o->gid;
	p->cuid = o->cuid;
	p->cgid = o->cgid;
	p->mode = o->mode;
	p->seq = o->seq;
}

/* ipc_set_perm - see ipc.h. */
void ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *p)
{
	o->uid = p->uid;
	o->gid = p->gid;
	o->mode = (o->mode & ~(u32)IPC_RWX_ALL) | (p->mode & IPC_RWX_ALL);
}

/* ipc_get_common - see ipc.h. */
int ipc_get_common(struct ipc_ids *ids, struct task *t, s32 key, int flg,
		   struct ipc_obj *(*create)(struct task *t, int *err,
					     void *arg),
		   int (*check)(struct ipc_obj *o, void *arg), void *arg)
{
	struct ipc_obj *o = NULL;
	int err = 0;

	if (key != IPC_PRIVATE) {
		o = ipc_find_key(ids, key);
		if (o) {
			if ((flg & IPC_CREAT) && (flg & IPC_EXCL))
				return -EEXIST;
			if (ipc_perm_check(t, o, (u32)flg & IPC_RWX_ALL))
				return -EACCES;
			if (check) {
				err = check(o, arg);
				if (err)
					return err;
			}
			return o->id;
		}
		if (!(flg & IPC_CREAT))
			return -ENOENT;
	}
	if (ids->in_use >= IPC_MAX_OBJS)
		return -ENOSPC;
	o = create(t, &err, arg);
	if (!o)
		return err ? err : -ENOMEM;
	err = ipc_add(ids, o, t, key, (u32)flg);
	if (err)
		return err;	/* not reached: a free slot was checked */
	return o->id;
}

/* ipc_now - see ipc.h. */
s64 ipc_now(void)
{
	return (s64)(platform->realtime_ns() / 1000000000ULL);
}

/* ipc_strip_cmd - see ipc.h. */
int ipc_strip_cmd(int cmd)
{
	return cmd & ~IPC_64;
}
