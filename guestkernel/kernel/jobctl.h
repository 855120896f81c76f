/* SPDX-License-Identifier: MIT */
/* Job control: stop signals, SIGCONT, and what wait() reports of them. */
#ifndef KERNEL_JOBCTL_H
#define KERNEL_JOBCTL_H

#include "kernel/task.h"

/*
 * jobctl_stop - the default action of stop signal @sig reached current:
 * stop its process (unless its process group is orphaned and @sig is not
 * SIGSTOP), tell the parent, and sleep until SIGCONT or SIGKILL.
 */
void jobctl_stop(int sig);
/* jobctl_wait - current sleeps while its process is stopped. */
void jobctl_wait(void);
/* jobctl_continue - SIGCONT was sent to @p: resume it if stopped. */
void jobctl_continue(struct process *p);
/* jobctl_kill_wake - SIGKILL was sent to @p: wake its stopped threads. */
void jobctl_kill_wake(struct process *p);
/* pgrp_is_orphaned - POSIX orphaned process group test for @pgid. */
bool pgrp_is_orphaned(int pgid);

#endif
