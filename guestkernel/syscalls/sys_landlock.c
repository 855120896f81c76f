/* SPDX-License-Identifier: MIT */
/*
 * landlock_create_ruleset landlock_add_rule landlock_restrict_self: the
 * sentry has no Landlock LSM, so every call answers as a Linux kernel
 * built with Landlock but booted without it ("lsm=" lacking landlock):
 * -EOPNOTSUPP, also for the LANDLOCK_CREATE_RULESET_VERSION query.
 * Programs (e.g. those using the landlock crate or libraries) treat
 * that as "Landlock unavailable" and run unsandboxed.
 */
#include "klib/klib.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "syscalls/syscall.h"

SYSCALL_DEFINE(landlock_create_ruleset)
{
	(void)t;
	(void)a;
	return -EOPNOTSUPP;
}

SYSCALL_DEFINE(landlock_add_rule)
{
	(void)t;
	(void)a;
	return -EOPNOTSUPP;
}

SYSCALL_DEFINE(landlock_restrict_self)
{
	(void)t;
	(void)a;
	return -EOPNOTSUPP;
}
