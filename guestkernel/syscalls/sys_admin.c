/* SPDX-License-Identifier: MIT */
/*
 * System administration calls a sandboxed program may try: mount,
 * umount2, pivot_root, reboot, swapon/swapoff, acct, vhangup, kernel
 * modules, unshare, setns, restart_syscall.
 *
 * The sandbox behaves like a container: arguments are checked like Linux
 * (EINVAL, EFAULT), then the privileged operations answer EPERM — the
 * capability is missing, or (with it) the sandbox has no such object to
 * change (no swap devices, no modules, no host mounts to rearrange).
 */
#include <linux/errno.h>
#include <linux/capability.h>
#include <linux/mount.h>
#include <linux/reboot.h>
#include <linux/sched.h>

#include "kernel/task.h"
#include "fs/vfs_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 0x8
#endif
#define MNT_FORCE_ 0x1
#define MNT_DETACH_ 0x2
#define MNT_EXPIRE_ 0x4

/* Refuse a privileged call: -EPERM, with a note when @t holds @cap. */
static long denied(struct task *t, int cap, const char *what)
{
	if (capable(t, cap))
		pr_debug("%s: not available in the sandbox", what);
	return -EPERM;
}

/*
 * Refuse a call on path @upath like denied(), once the path has been
 * read as a string (Linux copies it before EPERM).
 */
static long denied_path(struct task *t, uaddr_t upath, int cap,
			const char *what)
{
	char *p;
	int r = user_path(t, upath, &p);

	if (r < 0)
		return r;
	kfree(p);
	return denied(t, cap, what);
}

/* A call refused whatever its arguments; Linux would ask for @cap. */
#define SYSCALL_DENIED(name, cap)				\
	SYSCALL_DEFINE(name)					\
	{							\
		(void)a;					\
		return denied(t, cap, #name);			\
	}

SYSCALL_DENIED(pivot_root, CAP_SYS_ADMIN)
SYSCALL_DENIED(swapon, CAP_SYS_ADMIN)
SYSCALL_DENIED(swapoff, CAP_SYS_ADMIN)
SYSCALL_DENIED(acct, CAP_SYS_PACCT)
SYSCALL_DENIED(vhangup, CAP_SYS_TTY_CONFIG)
SYSCALL_DENIED(init_module, CAP_SYS_MODULE)
SYSCALL_DENIED(finit_module, CAP_SYS_MODULE)
SYSCALL_DENIED(delete_module, CAP_SYS_MODULE)

SYSCALL_DEFINE(mount)
{
	return denied_path(t, a->a[1], CAP_SYS_ADMIN, "mount");
}

SYSCALL_DEFINE(umount2)
{
	int flags = (int)a->a[1];

	if (flags & ~(MNT_FORCE_ | MNT_DETACH_ | MNT_EXPIRE_ | UMOUNT_NOFOLLOW))
		return -EINVAL;
	return denied_path(t, a->a[0], CAP_SYS_ADMIN, "umount2");
}

SYSCALL_DEFINE(reboot)
{
	u32 m1 = (u32)a->a[0], m2 = (u32)a->a[1];

	if (!capable(t, CAP_SYS_BOOT))
		return -EPERM;
	if (m1 != LINUX_REBOOT_MAGIC1 ||
	    (m2 != LINUX_REBOOT_MAGIC2 && m2 != LINUX_REBOOT_MAGIC2A &&
	     m2 != LINUX_REBOOT_MAGIC2B && m2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	return denied(t, CAP_SYS_BOOT, "reboot");
}

/*
 * restart_syscall - continue a call interrupted with
 * -ERESTART_RESTARTBLOCK. No sentry call uses restart blocks (an
 * interrupted sleep returns -EINTR with the remainder), so there is never
 * one pending and Linux's answer for that case, -EINTR, is right.
 */
SYSCALL_DEFINE(restart_syscall)
{
	return -EINTR;
}

#define UNSHARE_KNOWN                                                         \
	(CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM |    \
	 CLONE_FILES | CLONE_SYSVSEM | CLONE_NEWUTS | CLONE_NEWIPC |           \
	 CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP |       \
	 CLONE_NEWTIME)
#define UNSHARE_NS                                                            \
	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |            \
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME)

/*
 * unshare: private fd table (CLONE_FILES) and fs context (CLONE_FS) are
 * real; CLONE_THREAD/SIGHAND/VM are accepted for a single-threaded caller
 * (nothing is shared then); CLONE_SYSVSEM has no undo list to split. New
 * namespaces: EPERM without CAP_SYS_ADMIN, EINVAL (not supported) with it.
 */
SYSCALL_DEFINE(unshare)
{
	u64 flags = a->a[0];
	struct fdtable *nft;
	struct fs_context *nfs;

	if (flags & ~(u64)UNSHARE_KNOWN)
		return -EINVAL;
	if (flags & UNSHARE_NS) {
		if (!capable(t, CAP_SYS_ADMIN))
			return -EPERM;
		pr_debug("unshare: namespaces %#llx are not supported",
			 (unsigned long long)(flags & UNSHARE_NS));
		return -EINVAL;
	}
	if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) &&
	    t->proc->nr_threads > 1)
		return -EINVAL;
	if ((flags & CLONE_FILES) && t->files->refs > 1) {
		nft = fdtable_copy(t->files);
		if (!nft)
			return -ENOMEM;
		fdtable_put(t->files);
		t->files = nft;
	}
	if ((flags & CLONE_FS) && t->fs->refs > 1) {
		nfs = fs_context_copy(t->fs);
		if (!nfs)
			return -ENOMEM;
		fs_context_put(t->fs);
		t->fs = nfs;
	}
	return 0;
}

/* setns: the sandbox hands out no namespace files, so a valid fd is never one. */
SYSCALL_DEFINE(setns)
{
	struct file *f = fd_get(t, (int)a->a[0]);

	if (!f)
		return -EBADF;
	file_put(f);
	return -EINVAL;
}
