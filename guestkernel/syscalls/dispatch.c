/* SPDX-License-Identifier: MIT */
/* The system-call table (from syscall_64.tbl) and the dispatcher. */
#include <linux/errno.h>

#include "kernel/stats.h"
#include "kernel/task.h"
#include "kernel/seccomp.h"
#include "syscalls/syscall.h"
#include "syscalls/strace.h"

struct syscall_entry {
	const char *name;
	syscall_fn_t fn;
};

static const struct syscall_entry syscall_table[] = {
#include "syscalls/syscall_table.h"
};

#define NR_SYSCALLS ARRAY_SIZE(syscall_table)

static u64 enosys_logged[(NR_SYSCALLS + 63) / 64];
static bool unknown_logged;
bool syscall_strace;

/* syscall_name - see syscall.h. */
const char *syscall_name(u64 nr)
{
	if (nr < NR_SYSCALLS && syscall_table[nr].name)
		return syscall_table[nr].name;
	return NULL;
}

static long syscall_missing(u64 nr)
{
	if (nr >= NR_SYSCALLS || !syscall_table[nr].name) {
		if (!unknown_logged) {
			unknown_logged = true;
			pr_warn("unknown syscall number %llu: -ENOSYS",
				(unsigned long long)nr);
		}
		return -ENOSYS;
	}
	if (!(enosys_logged[nr / 64] & (1ULL << (nr % 64)))) {
		enosys_logged[nr / 64] |= 1ULL << (nr % 64);
		pr_warn("unsupported syscall %s: -ENOSYS", syscall_table[nr].name);
	}
	return -ENOSYS;
}

/* syscall_dispatch - see syscall.h. */
void syscall_dispatch(struct task *t)
{
	struct user_regs *r = &t->regs;
	struct syscall_args a = {
		.nr = r->orig_rax,
		.a = { r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9 },
	};
	long ret;

	stats_syscall(a.nr);
	if (unlikely(t->seccomp_mode) && !seccomp_syscall_enter(t, &ret))
		goto out;	/* refused by seccomp: not run, ret goes to rax */
	if (likely(a.nr < NR_SYSCALLS && syscall_table[a.nr].fn))
		ret = syscall_table[a.nr].fn(t, &a);
	else
		ret = syscall_missing(a.nr);
out:
	if (unlikely(syscall_strace))
		strace_log(t, &a, ret);
	r->rax = (u64)ret;
}
