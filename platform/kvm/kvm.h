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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmm_error;
struct ctl_req;
struct ctl_resp;
struct vmm_hostcalls;
struct vmm_sandbox;

#include "abi/hostcall.h"

#define KVM_STATS_EXIT_REASONS 64
#define KVM_STATS_PLATFORM_CALLS 4	/* HC_IDLE, HC_EXIT, HC_STATS, other */

/* What kvm_run counted, for `vmm run --stats`. */
struct kvm_stats {
	uint64_t exits;				/* every VM exit */
	uint64_t exit_reason[KVM_STATS_EXIT_REASONS];	/* by KVM_EXIT_* */
	uint64_t exit_hostcall[HC_STATS_NR_HOSTCALLS];	/* IO exits by enum hc_nr */
	uint64_t exit_platform[KVM_STATS_PLATFORM_CALLS]; /* IO exits by hc_platform_nr */
	int have_guest;				/* the sentry reported its block */
	struct hc_stats guest;			/* its counters at exit */
};

struct kvm_run_params {
	const char *sentry_path;	/* sentry.elf to boot */
	uint8_t *pmem;			/* sandbox memory, mapped MAP_SHARED */
	uint64_t pmem_size;		/* its size: 2 MiB multiple, <= 64 GiB */
	const void *fdt;		/* boot info blob (vmm_bootinfo_build) */
	size_t fdt_size;
	struct vmm_hostcalls *hc;	/* server for every non-platform hostcall */
	unsigned int ncpus;		/* vCPUs (0: 1; at most KVM_MAX_CPUS) */
	struct kvm_stats *stats;	/* OUT, optional: filled when kvm_run returns */
	/*
	 * Optional: called once the VM is built and before the first
	 * KVM_RUN, to confine vmm (vmm_security_lockdown); non-zero stops.
	 */
	int (*lockdown)(void *arg, struct vmm_error **err);
	void *lockdown_arg;
	/*
	 * Optional: the container control channel (vmm/control.h), carried
	 * by HC_CONTROL_POLL/HC_CONTROL_REPLY; SIGIO marks it busy.
	 */
	int (*control_poll)(struct ctl_req *req);
	void (*control_reply)(unsigned long long cookie, const struct ctl_resp *resp);
};

/* kvm_exit_reason_name - KVM_EXIT_* @reason as text ("IO", "HLT", ...). */
const char *kvm_exit_reason_name(uint32_t reason);

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

/*
 * kvm_sentry_path - where sentry.elf is: the build tree's copy
 * (VMM_SENTRY_ELF), else one next to the vmm binary, else the installed
 * one. Writes it to @buf (@size bytes). Returns 0 or < 0 with @err.
 */
int kvm_sentry_path(char *buf, size_t size, struct vmm_error **err);

/*
 * kvm_sandbox_run - run sandbox @sb (memory, hostcall server) with boot
 * info @fdt on KVM until the sentry shuts down; *@wait_status is init's
 * wait status. Call kvm_probe first. Returns 0 or < 0 with @err.
 */
int kvm_sandbox_run(struct vmm_sandbox *sb, const void *fdt, int *wait_status,
		    struct vmm_error **err);
/* kvm_sandbox_stats - the counters of the last kvm_sandbox_run, or NULL if none ran. */
const struct kvm_stats *kvm_sandbox_stats(void);

#endif
