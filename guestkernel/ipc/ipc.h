/* SPDX-License-Identifier: MIT */
/*
 * ipc.h - System V IPC (shared memory, semaphores, message queues): the
 * object tables and permission checks the three share. There is one IPC
 * namespace: the sandbox's.
 */
#ifndef IPC_IPC_H
#define IPC_IPC_H

#include <linux/ipc.h>
#include <asm/ipcbuf.h>

#include "klib/klib.h"

struct task;
struct process;

/* Permission bit groups (kernel-internal in Linux). */
#define IPC_RWX_ALL	0777
#define IPC_R_ALL	0444
#define IPC_W_ALL	0222
#define IPC_X_ALL	0111

/* Ids are seq * IPC_SEQ_MULT + slot, as in Linux. */
#define IPC_SEQ_MULT 32768
/* Most objects of one kind (Linux: SHMMNI 4096, SEMMNI/MSGMNI 32000). */
#define IPC_MAX_OBJS 4096

/* The permission header every IPC object starts with. */
struct ipc_obj {
	s32 key;
	int id;
	u32 uid, gid, cuid, cgid;
	u32 mode;		/* low 9 bits: rwx; upper: kind flags (SHM_DEST...) */
	u16 seq;
	bool deleted;
};

/* One kind of object: a table of slots. */
struct ipc_ids {
	struct ipc_obj *slot[IPC_MAX_OBJS];
	int in_use;
	int max_idx;		/* highest used slot, -1 if none */
	u16 seq;
};

/*
 * ipc_find_key - the live object with key @key in @ids, or NULL
 * (@key must not be IPC_PRIVATE).
 */
struct ipc_obj *ipc_find_key(struct ipc_ids *ids, s32 key);
/*
 * ipc_add - give @o a slot and id, with @key, the creator's credentials
 * from @t and permission bits @mode. 0 or -ENOSPC.
 */
int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, struct task *t, s32 key,
	    u32 mode);
/* ipc_remove - free @o's slot; its id no longer finds it. */
void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o);
/* ipc_lookup - the object with id @id, or NULL (-EINVAL) when none. */
struct ipc_obj *ipc_lookup(struct ipc_ids *ids, int id);
/* ipc_lookup_slot - the object in slot @idx (for *_STAT commands), or NULL. */
struct ipc_obj *ipc_lookup_slot(struct ipc_ids *ids, int idx);
/*
 * ipc_perm_check - may @t access @o for @acc (IPC_R_ALL / IPC_W_ALL bits, 0:
 * always)? 0 or -EACCES (CAP_IPC_OWNER bypasses).
 */
int ipc_perm_check(struct task *t, const struct ipc_obj *o, u32 acc);
/* ipc_is_owner - does @t own or have created @o, or hold CAP_SYS_ADMIN? */
bool ipc_is_owner(struct task *t, const struct ipc_obj *o);
/* ipc_fill_perm - the ipc64_perm user view of @o. */
void ipc_fill_perm(const struct ipc_obj *o, struct ipc64_perm *p);
/* ipc_set_perm - IPC_SET: take uid, gid and the rwx bits from @p. */
void ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *p);
/*
 * ipc_get_common - the shared part of the *get calls: find or create;
 * an existing object is checked against the rwx bits of @flg first. @create allocates a new object for @key/@flg (the caller initialises
 * the rest; returns NULL for -ENOMEM or sets *err), @check validates an
 * existing one (size, nsems; 0 or -errno). Returns the id or -errno.
 */
int ipc_get_common(struct ipc_ids *ids, struct task *t, s32 key, int flg,
		   struct ipc_obj *(*create)(struct task *t, int *err,
						      void *arg),
		   int (*check)(struct ipc_obj *o, void *arg), void *arg);
/* One *ctl call: its id (or slot), command without IPC_64, user buffer. */
struct ipc_ctl_args {
	int id, cmd;
	int num;		/* semctl: the semaphore number */
	uaddr_t buf;
};

/* What one kind of object brings to ipc_ctl(). */
struct ipc_ctl_kind {
	struct ipc_ids *ids;
	int info_cmd, stat_cmd, stat_any_cmd;	/* e.g. MSG_INFO, MSG_STAT... */
	size_t ds_size;				/* sizeof its *id64_ds */
	/* IPC_INFO and info_cmd: copy the limits/usage to @buf. */
	long (*info)(struct task *t, int cmd, uaddr_t buf);
	/* Fill the kind's fields of @ds (zeroed, ipc64_perm filled). */
	void (*fill)(struct ipc_obj *o, void *ds);
	/*
	 * IPC_SET by the owner: check and apply the kind's fields of @ds
	 * and its ctime; 0, or -errno with nothing changed.
	 */
	int (*set)(struct task *t, struct ipc_obj *o, const void *ds);
	/* IPC_RMID by the owner: remove @o. */
	void (*rmid)(struct ipc_obj *o);
	/* The kind's own commands on @o, or NULL (-EINVAL). */
	long (*other)(struct task *t, struct ipc_obj *o,
		      const struct ipc_ctl_args *c);
};

/*
 * ipc_ctl - the *ctl calls for kind @k: looks up @c->id (by slot for the
 * *_STAT commands), handles IPC_INFO, info_cmd, IPC_STAT, *_STAT and
 * *_STAT_ANY (read permission but for the last), IPC_SET and IPC_RMID (owner
 * only) and passes other commands to @k->other. Returns as the call.
 */
long ipc_ctl(const struct ipc_ctl_kind *k, struct task *t,
	     const struct ipc_ctl_args *c);
/* ipc_now - CLOCK_REALTIME seconds. */
s64 ipc_now(void);
/* ipc_strip_cmd - the command of a *ctl call without IPC_64. */
int ipc_strip_cmd(int cmd);

/* sem_exit_process - apply @p's SEM_UNDO adjustments; @p is exiting. */
void sem_exit_process(struct process *p);

#endif
