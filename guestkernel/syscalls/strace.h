/* SPDX-License-Identifier: MIT */
/* Syscall tracing to the log (boot info strace flag). */
#ifndef SYSCALLS_STRACE_H
#define SYSCALLS_STRACE_H

#include "syscalls/syscall.h"

/* When true every syscall is logged with its result. */
extern bool syscall_strace;

/* strace_log - log one syscall of @t with arguments @a and result @ret. */
void strace_log(struct task *t, const struct syscall_args *a, long ret);

#endif
