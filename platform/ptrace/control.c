/* SPDX-License-Identifier: MIT */
/* control.c - the ptrace platform's control-channel hooks (see control.h). */
#define _GNU_SOURCE
#include "platform/ptrace/control.h"
#include "vmm/control.h"

/* ptr_control_poll - see platform.h: a direct call into the server. */
int ptr_control_poll(struct ctl_req *req)
{
	return vmm_control_poll(req);
}

/* ptr_control_reply - see platform.h. */
void ptr_control_reply(u64 cookie, const struct ctl_resp *resp)
{
	vmm_control_reply(cookie, resp);
}
