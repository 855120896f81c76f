/* SPDX-License-Identifier: MIT */
/*
 * control.h - the ptrace platform's control-channel hooks: the sandbox
 * process serves the socket itself (vmm/control_server.c); its SIGIO
 * wakes the idle loop's sigtimedwait (vmm_signals_set includes SIGIO).
 */
#ifndef PLATFORM_PTRACE_CONTROL_H
#define PLATFORM_PTRACE_CONTROL_H

#include "platform/platform.h"

/* ptr_control_poll - see platform.h (control_poll). */
int ptr_control_poll(struct ctl_req *req);
/* ptr_control_reply - see platform.h (control_reply). */
void ptr_control_reply(u64 cookie, const struct ctl_resp *resp);

#endif
