/* SPDX-License-Identifier: MIT */
/* Credentials: user and group ids, supplementary groups, capabilities. */
#include <linux/errno.h>
#include <linux/capability.h>

#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define NO_CHANGE ((u32)-1)

static bool capable_setid(struct cred *c, int cap)
{
	return (c->cap_effective >> cap) & 1;
}

SYSCALL_DEFINE(getuid) { return t->proc->cred.uid; }
SYSCALL_DEFINE(geteuid) { return t->proc->cred.euid; }
SYSCALL_DEFINE(getgid) { return t->proc->cred.gid; }
SYSCALL_DEFINE(getegid) { return t->proc->cred.egid; }

static long put_three(struct task *t, const struct syscall_args *a, u32 x,
		      u32 y, u32 z)
{
	if (copy_out(t->mm, a->a[0], &x, 4) || copy_out(t->mm, a->a[1], &y, 4) ||
	    copy_out(t->mm, a->a[2], &z, 4))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getresuid)
{
	struct cred *c = &t->proc->cred;

	return put_three(t, a, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE(getresgid)
{
	struct cred *c = &t->proc->cred;

	return put_three(t, a, c->gid, c->egid, c->sgid);
}

/* Linux's setresuid rules: unprivileged callers may only pick existing ids. */
static long do_setres(struct cred *c, u32 *r, u32 *e, u32 *s, u32 *fs,
		      u32 nr, u32 ne, u32 ns, int cap)
{
	bool priv = capable_setid(c, cap);

	if (!priv) {
		u32 ids[3] = { *r, *e, *s };
		u32 want[3] = { nr, ne, ns };

		for (int i = 0; i < 3; i++) {
			if (want[i] == NO_CHANGE)
				continue;
			if (want[i] != ids[0] && want[i] != ids[1] &&
			    want[i] != ids[2])
				return -EPERM;
		}
	}
	if (nr != NO_CHANGE)
		*r = nr;
	if (ne != NO_CHANGE)
		*e = ne;
	if (ns != NO_CHANGE)
		*s = ns;
	*fs = *e;
	return 0;
}

static void drop_caps_after_setuid(struct cred *c, u32 old_r, u32 old_e,
				   u32 old_s)
{
	/* Leaving uid 0 entirely clears permitted/effective (no keepcaps). */
	if ((old_r == 0 || old_e == 0 || old_s == 0) &&
	    c->uid && c->euid && c->suid) {
		c->cap_permitted = 0;
		c->cap_effective = 0;
		c->cap_ambient = 0;
	} else if (old_e == 0 && c->euid != 0) {
		c->cap_effective = 0;
	} else if (old_e != 0 && c->euid == 0) {
		c->cap_effective = c->cap_permitted;
	}
}

SYSCALL_DEFINE(setresuid)
{
	struct cred *c = &t->proc->cred;
	u32 r0 = c->uid, e0 = c->euid, s0 = c->suid;
	long r = do_setres(c, &c->uid, &c->euid, &c->suid, &c->fsuid,
			   (u32)a->a[0], (u32)a->a[1], (u32)a->a[2], CAP_SETUID);

	if (r == 0)
		drop_caps_after_setuid(c, r0, e0, s0);
	return r;
}

SYSCALL_DEFINE(setresgid)
{
	struct cred *c = &t->proc->cred;

	return do_setres(c, &c->gid, &c->egid, &c->sgid, &c->fsgid,
			 (u32)a->a[0], (u32)a->a[1], (u32)a->a[2], CAP_SETGID);
}

SYSCALL_DEFINE(setuid)
{
	struct cred *c = &t->proc->cred;
	u32 uid = (u32)a->a[0], r0 = c->uid, e0 = c->euid, s0 = c->suid;

	if (uid == NO_CHANGE)
		return -EINVAL;
	if (capable_setid(c, CAP_SETUID)) {
		c->uid = c->euid = c->suid = c->fsuid = uid;
	} else if (uid == c->uid || uid == c->suid) {
		c->euid = c->fsuid = uid;
	} else {
		return -EPERM;
	}
	drop_caps_after_setuid(c, r0, e0, s0);
	return 0;
}

SYSCALL_DEFINE(setgid)
{
	struct cred *c = &t->proc->cred;
	u32 gid = (u32)a->a[0];

	if (gid == NO_CHANGE)
		return -EINVAL;
	if (capable_setid(c, CAP_SETGID))
		c->gid = c->egid = c->sgid = c->fsgid = gid;
	else if (gid == c->gid || gid == c->sgid)
		c->egid = c->fsgid = gid;
	else
		return -EPERM;
	return 0;
}

SYSCALL_DEFINE(setreuid)
{
	struct cred *c = &t->proc->cred;
	u32 r = (u32)a->a[0], e = (u32)a->a[1];
	u32 s = NO_CHANGE;

	/* The saved id follows the effective one when it changes (simplified). */
	if (r != NO_CHANGE || (e != NO_CHANGE && e != c->uid))
		s = e != NO_CHANGE ? e : c->euid;
	if (!capable_setid(c, CAP_SETUID) && s != NO_CHANGE &&
	    s != c->uid && s != c->euid && s != c->suid)
		s = NO_CHANGE;
	return sys_setresuid(t, &(struct syscall_args){ .a = { r, e, s } });
}

SYSCALL_DEFINE(setregid)
{
	struct cred *c = &t->proc->cred;
	u32 r = (u32)a->a[0], e = (u32)a->a[1];
	u32 s = NO_CHANGE;

	if (r != NO_CHANGE || (e != NO_CHANGE && e != c->gid))
		s = e != NO_CHANGE ? e : c->egid;
	if (!capable_setid(c, CAP_SETGID) && s != NO_CHANGE &&
	    s != c->gid && s != c->egid && s != c->sgid)
		s = NO_CHANGE;
	return sys_setresgid(t, &(struct syscall_args){ .a = { r, e, s } });
}

SYSCALL_DEFINE(setfsuid)
{
	struct cred *c = &t->proc->cred;
	u32 old = c->fsuid, id = (u32)a->a[0];

	if (id != NO_CHANGE && (capable_setid(c, CAP_SETUID) || id == c->uid ||
				id == c->euid || id == c->suid))
		c->fsuid = id;
	return old;
}

SYSCALL_DEFINE(setfsgid)
{
	struct cred *c = &t->proc->cred;
	u32 old = c->fsgid, id = (u32)a->a[0];

	if (id != NO_CHANGE && (capable_setid(c, CAP_SETGID) || id == c->gid ||
				id == c->egid || id == c->sgid))
		c->fsgid = id;
	return old;
}

SYSCALL_DEFINE(getgroups)
{
	struct cred *c = &t->proc->cred;
	int size = (int)a->a[0];

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if ((u32)size < c->ngroups)
		return -EINVAL;
	if (copy_out(t->mm, a->a[1], c->groups, c->ngroups * sizeof(u32)) < 0)
		return -EFAULT;
	return c->ngroups;
}

SYSCALL_DEFINE(setgroups)
{
	struct cred *c = &t->proc->cred;
	u64 n = a->a[0];
	u32 groups[CRED_NGROUPS_MAX];

	if (!capable_setid(c, CAP_SETGID))
		return -EPERM;
	if (n > CRED_NGROUPS_MAX)
		return -EINVAL;
	if (n && copy_in(t->mm, groups, a->a[1], n * sizeof(u32)) < 0)
		return -EFAULT;
	memcpy(c->groups, groups, n * sizeof(u32));
	c->ngroups = (u32)n;
	return 0;
}

SYSCALL_DEFINE(capget)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2];
	struct cred *c;
	struct process *p;

	if (copy_in(t->mm, &hdr, a->a[0], sizeof(hdr)) < 0)
		return -EFAULT;
	if (hdr.version != _LINUX_CAPABILITY_VERSION_3 &&
	    hdr.version != _LINUX_CAPABILITY_VERSION_2) {
		hdr.version = _LINUX_CAPABILITY_VERSION_3;
		if (copy_out(t->mm, a->a[0], &hdr, sizeof(hdr)) < 0)
			return -EFAULT;
		return a->a[1] ? -EINVAL : 0;
	}
	p = hdr.pid ? process_by_pid(hdr.pid) : t->proc;
	if (!p)
		return -ESRCH;
	if (!a->a[1])
		return 0;
	c = &p->cred;
	data[0].effective = (u32)c->cap_effective;
	data[1].effective = (u32)(c->cap_effective >> 32);
	data[0].permitted = (u32)c->cap_permitted;
	data[1].permitted = (u32)(c->cap_permitted >> 32);
	data[0].inheritable = (u32)c->cap_inheritable;
	data[1].inheritable = (u32)(c->cap_inheritable >> 32);
	return copy_out(t->mm, a->a[1], data, sizeof(data));
}

SYSCALL_DEFINE(capset)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2];
	struct cred *c = &t->proc->cred;
	u64 eff, perm, inh;

	if (copy_in(t->mm, &hdr, a->a[0], sizeof(hdr)) < 0)
		return -EFAULT;
	if (hdr.version != _LINUX_CAPABILITY_VERSION_3 &&
	    hdr.version != _LINUX_CAPABILITY_VERSION_2)
		return -EINVAL;
	if (hdr.pid && hdr.pid != t->proc->pid)
		return -EPERM;
	if (copy_in(t->mm, data, a->a[1], sizeof(data)) < 0)
		return -EFAULT;
	eff = data[0].effective | (u64)data[1].effective << 32;
	perm = data[0].permitted | (u64)data[1].permitted << 32;
	inh = data[0].inheritable | (u64)data[1].inheritable << 32;
	/* No new permitted caps; effective within permitted; inheritable bounded. */
	if (perm & ~c->cap_permitted)
		return -EPERM;
	if (eff & ~perm)
		return -EPERM;
	if (inh & ~(c->cap_inheritable | c->cap_permitted) & ~0ULL) {
		if (!((c->cap_effective >> CAP_SETPCAP) & 1))
			return -EPERM;
	}
	if (inh & ~(c->cap_inheritable | c->cap_bounding))
		return -EPERM;
	c->cap_effective = eff;
	c->cap_permitted = perm;
	c->cap_inheritable = inh;
	c->cap_ambient &= perm & inh;
	return 0;
}
