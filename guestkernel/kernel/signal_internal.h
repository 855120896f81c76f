/* SPDX-License-Identifier: MIT */
/* Signal internals shared by signal.c, signal_frame.c and sys_signal.c. */
#ifndef KERNEL_SIGNAL_INTERNAL_H
#define KERNEL_SIGNAL_INTERNAL_H

#include "kernel/task.h"

/* signal_setup_frame - push an rt_sigframe for @sig and point regs at the handler. 0 or -EFAULT. */
int signal_setup_frame(struct task *t, int sig, struct k_sigaction *ka,
		       const struct ksiginfo *info);
/* signal_restore_frame - rt_sigreturn: restore regs and mask from the frame. 0 or -EFAULT. */
int signal_restore_frame(struct task *t);
/* signal_dequeue - take one pending signal of current within @mask. 0 if none. */
int signal_dequeue(u64 mask, struct ksiginfo *info);

#endif
