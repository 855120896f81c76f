/* SPDX-License-Identifier: MIT */
/*
 * ptrace.c - the ptrace platform's ops table and its entry point: run the
 * sentry in-process until it shuts the sandbox down.
 */
#undef _FORTIFY_SOURCE		/* longjmp across green-thread stacks */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>

#include "platform/ptrace/ptrace.h"
#include "platform/ptrace/control.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"
#include "vmm/signals.h"

static struct vmm_sandbox *ptr_sb;
static sigjmp_buf ptr_exit_jmp;
static int ptr_exit_status;

/* ptr_hostcall - see platform.h (hostcall): a direct call into the server. */
static long ptr_hostcall(paddr_t req_pa)
{
	return vmm_hostcalls_call(ptr_sb->hc, req_pa);
}

/* ptr_log - see platform.h (log). */
static void ptr_log(int level, const char *msg, size_t len)
{
	vmm_log_write(level, msg, len);
}

/* ptr_shutdown - see platform.h (shutdown): back to ptr_run's frame. */
static void __attribute__((noreturn)) ptr_shutdown(int status)
{
	ptr_fini();
	ptr_exit_status = status;
	siglongjmp(ptr_exit_jmp, 1);
}

static struct platform_ops ptr_ops = {
	.name = "ptrace",
	.as_create = ptr_as_create,
	.as_destroy = ptr_as_destroy,
	.as_map = ptr_as_map,
	.as_unmap = ptr_as_unmap,
	.as_protect = ptr_as_protect,
	.ctx_create = ptr_ctx_create,
	.ctx_destroy = ptr_ctx_destroy,
	.ctx_run = ptr_ctx_run,
	.ctx_collect = ptr_ctx_collect,
	.ctx_get_fpu = ptr_ctx_get_fpu,
	.ctx_set_fpu = ptr_ctx_set_fpu,
	.ctx_interrupt = ptr_ctx_interrupt,
	.idle = ptr_idle,
	.kick = ptr_kick,
	.host_signal = ptr_host_signal,
	.control_poll = ptr_control_poll, .control_reply = ptr_control_reply,
	.now_ns = ptr_now_ns,
	.realtime_ns = ptr_realtime_ns,
	.hostcall = ptr_hostcall,
	.log = ptr_log,
	.shutdown = ptr_shutdown,
	.pmem_free_start = 1ULL << 20,
	/* one fault-around window of mm/fault.c */
	.populate_max = 64 * 1024,
};

/* ptr_run - see ptrace.h. */
int ptr_run(struct vmm_sandbox *sb, const void *fdt, int *wait_status,
	    struct vmm_error **err)
{
	int r;

	r = ptr_init(sb->memfd, err);
	if (r < 0)
		return r;
	ptr_sb = sb;
	ptr_ops.pmem_base = sb->pmem;
	ptr_ops.pmem_size = sb->pmem_size;
	ptr_ops.fpu_size = ptr_fpu_size();
	vmm_log(VMM_LOG_DEBUG, "ptrace: starting the sentry (%llu MiB of memory)",
		(unsigned long long)(sb->pmem_size >> 20));
	if (sigsetjmp(ptr_exit_jmp, 0) == 0)
		sentry_main(fdt, &ptr_ops);
	ptr_sb = NULL;
	*wait_status = ptr_exit_status;
	return 0;
}
