/* SPDX-License-Identifier: MIT */
/* Access of one process to another (pidfd_getfd, kcmp, process_vm_*). */
#ifndef SYSCALLS_PROC_ACCESS_H
#define SYSCALLS_PROC_ACCESS_H

#include "kernel/task.h"

/*
 * proc_may_access - may @t inspect or modify process @p like ptrace
 * attach would allow? Same real/effective/saved uids and gids as the
 * caller's real ids, or CAP_SYS_PTRACE. (The sentry does not track
 * dumpability across fork yet, so it is not consulted.)
 */
bool proc_may_access(struct task *t, struct process *p);

/* proc_any_task - a live thread of @p (for its mm and fd table), or NULL. */
struct task *proc_any_task(struct process *p);

#endif
