// SPDX-License-Identifier: MIT
/*
 * kvm_sandbox.c - run a vmm sandbox (vmm/sandbox.h) on the KVM platform:
 * find sentry.elf and hand the sandbox memory, boot info and hostcall
 * server to kvm_run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libfdt.h>

#include "platform/kvm/kvm_internal.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"
#include "vmm/security.h"

/* Where the build tree keeps sentry.elf (set by vmm/Makefile.inc). */
#ifndef VMM_SENTRY_ELF
#define VMM_SENTRY_ELF ""
#endif
/* Where `make install` puts it. */
#ifndef VMM_LIBEXECDIR
#define VMM_LIBEXECDIR "/usr/local/libexec/vmm"
#endif

static bool usable(const char *path)
{
	return path[0] && access(path, R_OK) == 0;
}

/* kvm_sentry_path - see kvm.h. */
int kvm_sentry_path(char *buf, size_t size, struct vmm_error **err)
{
	char exe[PATH_MAX];
	ssize_t n;

	if (usable(VMM_SENTRY_ELF)) {
		snprintf(buf, size, "%s", VMM_SENTRY_ELF);
		return 0;
	}
	/* next to the vmm binary, then the installed copy */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if ((size_t)snprintf(buf, size, "%s/sentry.elf", exe) < size &&
			    usable(buf))
				return 0;
		}
	}
	if ((size_t)snprintf(buf, size, "%s/sentry.elf", VMM_LIBEXECDIR) < size &&
	    usable(buf))
		return 0;
	return vmm_error(err, ENOENT, "sentry.elf not found (looked for `%s`, next to "
			 "vmm and in `%s`)", VMM_SENTRY_ELF, VMM_LIBEXECDIR);
}

/* The security lockdown (vmm/security.c), with the KVM platform's calls. */
static int kvm_lockdown(void *arg, struct vmm_error **err)
{
	struct vmm_sandbox *sb = arg;

	if (vmm_security_lockdown(sb->security | VMM_SEC_KVM, err) < 0)
		return vmm_error_prefix(err, "security");
	return 0;
}

static struct kvm_stats kvm_last_stats;
static bool kvm_ran;

/* kvm_sandbox_stats - see kvm.h. */
const struct kvm_stats *kvm_sandbox_stats(void)
{
	return kvm_ran ? &kvm_last_stats : NULL;
}

/* kvm_sandbox_run - see kvm.h. */
int kvm_sandbox_run(struct vmm_sandbox *sb, const void *fdt, int *wait_status,
		    struct vmm_error **err)
{
	struct kvm_run_params p = { 0 };
	char path[PATH_MAX];
	int r;

	r = kvm_sentry_path(path, sizeof(path), err);
	if (r < 0)
		return r;
	if (sb->pmem_size % (2ULL << 20) || sb->pmem_size < KVM_MEM_MIN ||
	    sb->pmem_size > KVM_MEM_MAX)
		return vmm_error(err, 0, "memory size %llu MiB: KVM needs a 2 MiB "
				 "multiple from %llu MiB to %llu GiB",
				 (unsigned long long)(sb->pmem_size >> 20),
				 KVM_MEM_MIN >> 20, KVM_MEM_MAX >> 30);
	p.sentry_path = path;
	p.pmem = sb->pmem;
	p.pmem_size = sb->pmem_size;
	p.fdt = fdt;
	p.fdt_size = fdt_totalsize(fdt);
	p.hc = sb->hc;
	p.ncpus = sb->ncpus ? sb->ncpus : 1;
	p.stats = &kvm_last_stats;
	p.lockdown = kvm_lockdown;
	p.lockdown_arg = sb;
	p.control_poll = vmm_control_poll;
	p.control_reply = vmm_control_reply;
	kvm_ran = true;
	vmm_log(VMM_LOG_DEBUG, "kvm: booting %s (%llu MiB of memory)", path,
		(unsigned long long)(sb->pmem_size >> 20));
	return kvm_run(&p, wait_status, err);
}
