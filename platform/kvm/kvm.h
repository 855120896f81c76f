/* SPDX-License-Identifier: MIT */
/*
 * kvm.h - the KVM platform, host side: boot sentry.elf in a VM over the
 * sandbox memory and serve its exits (hostcalls, idle, exit) until the
 * sandbox is finished.
 *
 * The guest runs the sentry in ring 0 and the program in ring 3; system
 * calls and page faults never leave the guest. A VM exit happens only for
 * a hostcall (`out` to HC_PORT), HC_IDLE (vmm sleeps until a deadline or a
 * host signal) and HC_EXIT. Anything else tears the sandbox down with the
 * exit reason and the guest rip in the error.
 */
#ifndef PLATFORM_KVM_KVM_H
#define PLATFORM_KVM_KVM_H

#include <stddef.h>
#include <stdint.h>

struct vmm_error;
struct vmm_hostcalls;

struct kvm_run_params {
	const char *sentry_path;	/* sentry.elf to boot */
	uint8_t *pmem;			/* sandbox memory, mapped MAP_SHARED */
	uint64_t pmem_size;		/* its size: 2 MiB multiple, <= 64 GiB */
	const void *fdt;		/* boot info blob (vmm_bootinfo_build) */
	size_t fdt_size;
	struct vmm_hostcalls *hc;	/* server for every non-platform hostcall */
};

/*
 * kvm_probe - can this process use /dev/kvm? Returns 0, or < 0 with @err
 * saying why ("/dev/kvm: no such device", "permission denied", "API
 * version N", a missing capability).
 */
int kvm_probe(struct vmm_error **err);

/*
 * kvm_run - boot @p->sentry_path in a new VM and serve it until the
 * sentry shuts down; *@wait_status is then init's wait status. Host
 * signals forwarded to the sandbox (vmm/signals.h; call
 * vmm_signals_setup first) interrupt the vCPU and reach the sentry
 * through host_signal(). Log lines of the sentry go to vmm_log_write.
 * Returns 0, or < 0 with @err (bad sentry.elf, KVM failure, unexpected
 * exit, sentry crash).
 */
int kvm_run(const struct kvm_run_params *p, int *wait_status,
	    struct vmm_error **err);

#endif
