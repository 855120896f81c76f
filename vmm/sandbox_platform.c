/* SPDX-License-Identifier: MIT */
/* sandbox_platform.c - pick the platform a sandbox runs on (see sandbox.h). */
#define _GNU_SOURCE
#include <errno.h>

#include "platform/kvm/kvm.h"

#include "platform/ptrace/ptrace.h"
#include "vmm/cmd_run.h"
#include "vmm/error.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"
#include "vmm/security.h"

/* vmm_sandbox_run_platform - see sandbox.h. */
int vmm_sandbox_run_platform(struct vmm_sandbox *sb, const void *fdt,
			     int kind, int *status, struct vmm_error **err)
{
	struct vmm_error *why = NULL;

	switch (kind) {
	case VMM_PLATFORM_KVM:
		if (kvm_probe(err) < 0)
			return vmm_error_prefix(err, "KVM unavailable");
		return kvm_sandbox_run(sb, fdt, status, err);
	case VMM_PLATFORM_AUTO:
		if (kvm_probe(&why) == 0) {
			vmm_log(VMM_LOG_DEBUG, "platform auto: using kvm");
			return kvm_sandbox_run(sb, fdt, status, err);
		}
		vmm_log(VMM_LOG_WARN, "KVM unavailable (%s): using the ptrace platform",
			why->msg);
		vmm_error_free(&why);
		vmm_log(VMM_LOG_DEBUG, "platform auto: using ptrace");
		/* fall through */
	case VMM_PLATFORM_PTRACE:
	default:
		/* the template stub first: it must not inherit vmm's filter */
		if (ptr_init(sb->memfd, err) < 0)
			return -1;
		if (vmm_security_lockdown(sb->security, err) < 0) {
			ptr_fini();
			return vmm_error_prefix(err, "security");
		}
		return ptr_run(sb, fdt, status, err);
	}
}
