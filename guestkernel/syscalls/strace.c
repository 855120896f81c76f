/* SPDX-License-Identifier: MIT */
/* Syscall tracing: one log line per syscall. */
#include "kernel/task.h"
#include "syscalls/strace.h"

/* strace_log - see strace.h. */
void strace_log(struct task *t, const struct syscall_args *a, long ret)
{
	const char *name = syscall_name(a->nr);

	pr_info("[%d] %s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx) = %ld",
		t->tid, name ? name : "?",
		(unsigned long long)a->a[0], (unsigned long long)a->a[1],
		(unsigned long long)a->a[2], (unsigned long long)a->a[3],
		(unsigned long long)a->a[4], (unsigned long long)a->a[5], ret);
}
