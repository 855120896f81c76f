/* SPDX-License-Identifier: MIT */
/*
 * System-call handlers: long sys_<name>(struct task *t, const struct
 * syscall_args *a) returns >= 0 or -errno. The table comes from
 * syscall_64.tbl; a handler nobody defined is a weak NULL and the call
 * returns -ENOSYS (logged once by name).
 */
#ifndef SYSCALLS_SYSCALL_H
#define SYSCALLS_SYSCALL_H

#include "klib/klib.h"

struct task;

struct syscall_args {
	u64 nr;
	u64 a[6];
};

typedef long (*syscall_fn_t)(struct task *t, const struct syscall_args *a);

#define SYSCALL_DEFINE(name) \
	long sys_##name(struct task *t, const struct syscall_args *a)

/* syscall_dispatch - run the syscall in t->regs and store the result in rax. */
void syscall_dispatch(struct task *t);
/* syscall_name - the name of syscall @nr, or NULL. */
const char *syscall_name(u64 nr);

#include "syscalls/syscall_protos.h"	/* generated: every sys_* prototype */

#endif
