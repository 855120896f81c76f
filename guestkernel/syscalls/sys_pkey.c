/* SPDX-License-Identifier: MIT */
/*
 * pkey_alloc pkey_free: memory protection keys. The sandbox's CPU has no
 * PKU, so these answer as Linux does on such a CPU: no key is ever
 * allocated (not even the default key 0, which only PKU CPUs set up), a
 * pkey_alloc that passes its argument checks still fails when setting
 * the key's rights (-EINVAL), and pkey_free finds no allocated key
 * (-EINVAL). pkey_mprotect is in sys_mm.c. Checked against Linux 6.x on
 * a CPU without "pku" in /proc/cpuinfo.
 */
#include "klib/klib.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "syscalls/syscall.h"

#define PKEY_ACCESS_MASK 0x3	/* PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE */

SYSCALL_DEFINE(pkey_alloc)
{
	(void)t;
	if (a->a[0])
		return -EINVAL;	/* no flags are defined */
	if (a->a[1] & ~(u64)PKEY_ACCESS_MASK)
		return -EINVAL;
	/* A key would be found, but without PKU its rights cannot be set. */
	return -EINVAL;
}

SYSCALL_DEFINE(pkey_free)
{
	(void)t;
	(void)a;
	return -EINVAL;	/* no key is allocated without PKU */
}
