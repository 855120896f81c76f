/* SPDX-License-Identifier: MIT */
/*
 * Calls a container process may make but Linux only grants to privileged
 * ones; the sandbox answers as Debian's kernel does for the capabilities
 * the task holds: bpf (kernel.unprivileged_bpf_disabled=2),
 * perf_event_open (kernel.perf_event_paranoid=3, no PMU), userfaultfd
 * (vm.unprivileged_userfaultfd=0) and fanotify_init. None of these
 * facilities exists in the sentry, so a permitted caller gets the answer
 * of a kernel built without them: -ENOSYS (bpf: -EINVAL for an unknown
 * command, perf: -ENOENT for the event).
 */
#include <linux/errno.h>
#include <linux/fcntl.h>

#include "fs/vfs_internal.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define CAP_SYS_PTRACE 19
#define CAP_SYS_ADMIN 21
#define CAP_PERFMON 38
#define CAP_BPF 39

#define BPF_CMD_MAX 37		/* BPF_TOKEN_CREATE + 1 */
#define PERF_FLAG_ALL 0xfULL
#define PERF_ATTR_SIZE_VER0 64
#define UFFD_USER_MODE_ONLY 1
#define FAN_CLASS_CONTENT 0x4
#define FAN_CLASS_PRE_CONTENT 0x8
#define FAN_UNLIMITED_QUEUE 0x10
#define FAN_UNLIMITED_MARKS 0x20
#define FAN_ENABLE_AUDIT 0x40
#define FAN_REPORT_TID 0x100
#define FAN_REPORT_MNT 0x4000
#define FAN_FID_BITS 0x1e00	/* FID, DIR_FID, NAME, TARGET_FID */

SYSCALL_DEFINE(bpf)
{
	u32 cmd = (u32)a->a[0];

	if (!capable(t, CAP_SYS_ADMIN) && !capable(t, CAP_BPF))
		return -EPERM;
	if (a->a[2] > PAGE_SIZE)
		return -E2BIG;
	return cmd >= BPF_CMD_MAX ? -EINVAL : -ENOSYS;
}

SYSCALL_DEFINE(perf_event_open)
{
	u8 attr[PERF_ATTR_SIZE_VER0];
	u32 size;

	if (a->a[4] & ~PERF_FLAG_ALL)
		return -EINVAL;
	if (copy_in(t->mm, attr, a->a[0], sizeof(attr)))
		return -EFAULT;
	memcpy(&size, attr + 4, sizeof(size));
	if (size && (size < PERF_ATTR_SIZE_VER0 || size > PAGE_SIZE))
		return -E2BIG;
	/* perf_event_paranoid 3: nothing without CAP_PERFMON/CAP_SYS_ADMIN. */
	if (!capable(t, CAP_PERFMON) && !capable(t, CAP_SYS_ADMIN))
		return -EACCES;
	return -ENOENT;		/* no PMU and no software events here */
}

SYSCALL_DEFINE(userfaultfd)
{
	int flags = (int)a->a[0];

	if (!(flags & UFFD_USER_MODE_ONLY) && !capable(t, CAP_SYS_PTRACE))
		return -EPERM;
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY))
		return -EINVAL;
	return -ENOSYS;
}

SYSCALL_DEFINE(fanotify_init)
{
	u32 flags = (u32)a->a[0];

	if (!capable(t, CAP_SYS_ADMIN) &&
	    ((flags & (FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT |
		       FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS |
		       FAN_ENABLE_AUDIT | FAN_REPORT_TID)) ||
	     !(flags & (FAN_FID_BITS | FAN_REPORT_MNT))))
		return -EPERM;
	return -ENOSYS;
}
