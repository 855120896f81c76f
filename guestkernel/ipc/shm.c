// SPDX-License-Identifier: MIT
/*
 * shm.c - System V shared memory: shmget, shmat, shmdt, shmctl.
 *
 * A segment is an unlinked tmpfs inode whose page cache holds the pages.
 * Each shmat opens a new file on it (read-only for SHM_RDONLY) and maps
 * it MAP_SHARED; the mappings hold file references, so fork, munmap,
 * exec and exit need no help. The attach count is the sum of those
 * references (a split mapping counts twice, as in Linux); a segment
 * marked for removal goes when the last attach file is released.
 */
#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include "ipc/shm_uapi.h"
#include <linux/stat.h>

#include "fs/tmpfs.h"
#include "fs/vfs_internal.h"
#include "ipc/ipc.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define SHM_DEST	01000	/* removed: goes with the last detach */
#define SHM_LOCKED	02000	/* SHM_LOCK (accounting only) */
#define SHMLBA		PAGE_SIZE
#define SHM_SIZE_MAX	(~0UL - (1UL << 24))

struct shm_seg {
	struct ipc_obj perm;
	u64 size;
	struct inode *inode;		/* referenced; holds the pages */
	struct list_head attaches;	/* of shm_attach.link */
	s64 atime, dtime, ctime;
	int cpid, lpid;
};

/* One shmat: the file its mappings reference (file->priv). */
struct shm_attach {
	struct list_head link;
	struct shm_seg *seg;
	struct file *file;
};

static struct ipc_ids shm_ids = { .max_idx = -1 };
static struct file_ops shm_fops;
static void (*tmpfs_release)(struct file *f);

static struct shm_seg *seg_of(struct ipc_obj *o)
{
	return container_of(o, struct shm_seg, perm);
}

static u64 shm_nattch(struct shm_seg *s)
{
	struct shm_attach *at;
	u64 n = 0;

	list_for_each_entry(at, &s->attaches, link)
		n += (u64)at->file->refs;
	return n;
}

static void shm_destroy(struct shm_seg *s)
{
	ipc_remove(&shm_ids, &s->perm);
	inode_put(s->inode);
	kfree(s);
}

/* The last reference to one attach file went (every mapping of it). */
static void shm_file_release(struct file *f)
{
	struct shm_attach *at = f->priv;
	struct shm_seg *s;

	if (tmpfs_release)
		tmpfs_release(f);
	if (!at)
		return;
	s = at->seg;
	list_del(&at->link);
	kfree(at);
	f->priv = NULL;
	s->dtime = ipc_now();
	if (current && current->proc)
		s->lpid = current->proc->pid;
	if ((s->perm.mode & SHM_DEST) && list_empty(&s->attaches))
		shm_destroy(s);
}

struct shm_get_arg {
	u64 size;
};

static struct ipc_obj *shm_create(struct task *t, int *err, void *arg)
{
	struct shm_get_arg *ga = arg;
	struct shm_seg *s;
	struct file *f;
	int r;

	if (ga->size < SHMMIN || ga->size > SHM_SIZE_MAX) {
		*err = -EINVAL;
		return NULL;
	}
	s = kzalloc(sizeof(*s));
	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	r = memfd_file_create(t, "SYSV", 0, &f);
	if (r) {
		kfree(s);
		*err = r;
		return NULL;
	}
	r = vfs_truncate(f->inode, (loff_t)ga->size);
	if (r) {
		file_put(f);
		kfree(s);
		*err = r;
		return NULL;
	}
	if (!shm_fops.release) {
		shm_fops = *f->ops;
		tmpfs_release = f->ops->release;
		shm_fops.release = shm_file_release;
	}
	s->inode = f->inode;
	inode_get(s->inode);
	file_put(f);
	s->size = ga->size;
	INIT_LIST_HEAD(&s->attaches);
	s->ctime = ipc_now();
	s->cpid = t->proc->pid;
	return &s->perm;
}

static int shm_check(struct ipc_obj *o, void *arg)
{
	struct shm_get_arg *ga = arg;

	return seg_of(o)->size < ga->size ? -EINVAL : 0;
}

SYSCALL_DEFINE(shmget)
{
	struct shm_get_arg ga = { .size = a->a[1] };

	return ipc_get_common(&shm_ids, t, (s32)a->a[0], (int)a->a[2],
			      shm_create, shm_check, &ga);
}

SYSCALL_DEFINE(shmat)
{
	struct ipc_obj *o = ipc_lookup(&shm_ids, (int)a->a[0]);
	uaddr_t addr = a->a[1];
	int flg = (int)a->a[2];
	int prot = PROT_READ, mflags = MAP_SHARED;
	u32 acc = IPC_R_ALL;
	struct shm_attach *at;
	struct shm_seg *s;
	struct file *f;
	long r;

	if (!o)
		return -EINVAL;
	s = seg_of(o);
	if (addr & (SHMLBA - 1)) {
		if (!(flg & SHM_RND))
			return -EINVAL;
		addr &= ~(uaddr_t)(SHMLBA - 1);
	}
	if (addr)
		mflags |= (flg & SHM_REMAP) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	else if (flg & SHM_REMAP)
		return -EINVAL;
	if (!(flg & SHM_RDONLY)) {
		prot |= PROT_WRITE;
		acc |= IPC_W_ALL;
	}
	if (flg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc |= IPC_X_ALL;
	}
	if (ipc_perm_check(t, o, acc))
		return -EACCES;
	at = kzalloc(sizeof(*at));
	if (!at)
		return -ENOMEM;
	inode_get(s->inode);
	f = file_alloc(s->inode, &shm_fops,
		       ((flg & SHM_RDONLY) ? O_RDONLY : O_RDWR) | O_LARGEFILE);
	if (!f) {
		inode_put(s->inode);
		kfree(at);
		return -ENOMEM;
	}
	at->seg = s;
	at->file = f;
	f->priv = at;
	list_add_tail(&at->link, &s->attaches);
	s->atime = ipc_now();
	s->lpid = t->proc->pid;
	r = mm_mmap(t->mm, addr, PAGE_ALIGN(s->size), prot, mflags, f, 0);
	file_put(f);	/* the mapping holds its own reference */
	if (r == -EEXIST)
		r = -EINVAL;
	return r;
}

SYSCALL_DEFINE(shmdt)
{
	uaddr_t addr = a->a[0];

	if (addr & (SHMLBA - 1))
		return -EINVAL;
	if (addr >= USER_TOP)
		return -EINVAL;
	return mm_unmap_file_at(t->mm, addr, USER_TOP - addr, &shm_fops);
}

static void shm_fill(struct ipc_obj *o, void *buf)
{
	struct shmid64_ds *ds = buf;
	struct shm_seg *s = seg_of(o);

	ds->shm_segsz = s->size;
	ds->shm_atime = s->atime;
	ds->shm_dtime = s->dtime;
	ds->shm_ctime = s->ctime;
	ds->shm_cpid = s->cpid;
	ds->shm_lpid = s->lpid;
	ds->shm_nattch = shm_nattch(s);
}

static long shm_info_cmd(struct task *t, int cmd, uaddr_t buf)
{
	int maxidx = shm_ids.max_idx < 0 ? 0 : shm_ids.max_idx;

	if (cmd == IPC_INFO) {
		struct shminfo64 si = {
			.shmmax = SHM_SIZE_MAX, .shmmin = SHMMIN,
			.shmmni = IPC_MAX_OBJS, .shmseg = IPC_MAX_OBJS,
			.shmall = SHM_SIZE_MAX,
		};

		if (copy_out(t->mm, buf, &si, sizeof(si)))
			return -EFAULT;
	} else {
		struct shm_info si;
		int i;

		memset(&si, 0, sizeof(si));
		si.used_ids = shm_ids.in_use;
		for (i = 0; i <= shm_ids.max_idx; i++) {
			struct ipc_obj *o = shm_ids.slot[i];

			if (!o)
				continue;
			si.shm_tot += PAGE_ALIGN(seg_of(o)->size) >> PAGE_SHIFT;
			si.shm_rss += seg_of(o)->inode->blocks / 8;
		}
		if (copy_out(t->mm, buf, &si, sizeof(si)))
			return -EFAULT;
	}
	return maxidx;
}

static int shm_set(struct task *t, struct ipc_obj *o, const void *buf)
{
	(void)t;
	(void)buf;
	seg_of(o)->ctime = ipc_now();
	return 0;
}

/* IPC_RMID: now if nothing is attached, else with the last detach. */
static void shm_rmid(struct ipc_obj *o)
{
	struct shm_seg *s = seg_of(o);

	if (list_empty(&s->attaches)) {
		shm_destroy(s);
		return;
	}
	o->mode |= SHM_DEST;
	o->key = IPC_PRIVATE;
}

/* shmctl's own commands: SHM_LOCK and SHM_UNLOCK. */
static long shm_ctl_other(struct task *t, struct ipc_obj *o,
			  const struct ipc_ctl_args *c)
{
	if (c->cmd != SHM_LOCK && c->cmd != SHM_UNLOCK)
		return -EINVAL;
	if (!capable(t, CAP_IPC_LOCK) && !ipc_is_owner(t, o))
		return -EPERM;
	if (c->cmd == SHM_LOCK)
		o->mode |= SHM_LOCKED;
	else
		o->mode &= ~(u32)SHM_LOCKED;
	return 0;
}

static const struct ipc_ctl_kind shm_kind = {
	.ids = &shm_ids,
	.info_cmd = SHM_INFO,
	.stat_cmd = SHM_STAT,
	.stat_any_cmd = SHM_STAT_ANY,
	.ds_size = sizeof(struct shmid64_ds),
	.info = shm_info_cmd,
	.fill = shm_fill,
	.set = shm_set,
	.rmid = shm_rmid,
	.other = shm_ctl_other,
};

SYSCALL_DEFINE(shmctl)
{
	struct ipc_ctl_args c = {
		.id = (int)a->a[0],
		.cmd = ipc_strip_cmd((int)a->a[1]),
		.buf = a->a[2],
	};

	return ipc_ctl(&shm_kind, t, &c);
}
