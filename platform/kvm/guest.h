/* SPDX-License-Identifier: MIT */
/*
 * guest.h - the guest side of the KVM platform (sentry.elf only): what
 * guest_start.c, guest_io.c and guest_ctx.c share. Freestanding.
 */
#ifndef PLATFORM_KVM_GUEST_H
#define PLATFORM_KVM_GUEST_H

#include "klib/klib.h"
#include "platform/platform.h"
#include "platform/kvm/layout.h"
#include "abi/hostcall.h"

/* The boot block vmm filled (layout.h), through the direct map. */
static inline volatile struct kvm_boot_block *kvm_boot_block(void)
{
	return (volatile struct kvm_boot_block *)(KVM_DMAP_BASE +
						  KVM_BOOT_BLOCK_PA);
}

/* kvm_pa_to_va - direct-map address of @pa (usable before sentry_main). */
static inline void *kvm_pa_to_va(paddr_t pa)
{
	return (void *)(KVM_DMAP_BASE + pa);
}

/* kvm_va_to_pa - physical address of a direct-map or kernel-image pointer. */
static inline paddr_t kvm_va_to_pa(const void *p)
{
	u64 va = (u64)p;

	if (va >= KVM_KERNEL_VMA)
		return va - KVM_KERNEL_VMA;
	return va - KVM_DMAP_BASE;
}

/* guest_io.c */
/* kvm_clock_init - take the clock reference from the boot block. */
void kvm_clock_init(void);
/* kvm_platform_call - one request of @nr(@a0, @a1, @a2) in this CPU's block; returns ret. */
long kvm_platform_call(unsigned int nr, u64 a0, u64 a1, u64 a2);
long kvm_hostcall(paddr_t req_pa);
void kvm_log(int level, const char *msg, size_t len);
void kvm_shutdown(int status) __noreturn;
/* kvm_crash - log @msg at error level and stop the sandbox as crashed. */
void kvm_crash(const char *msg) __noreturn;
void kvm_idle(u64 deadline_ns);
/*
 * kvm_bkl_lock - take the big kernel lock; a long spin yields the vCPU
 * to the host now and then (the holder may be a descheduled host thread).
 */
void kvm_bkl_lock(void);
/* kvm_spin_relax - one iteration of a wait for another CPU (pause, sometimes HC_YIELD). */
void kvm_spin_relax(unsigned int *spins);
/* kvm_kick - see platform.h (kick): wake an idle CPU. */
void kvm_kick(void);
/* kvm_cpu_init_tsc_aux - TSC_AUX = this CPU's number (vDSO getcpu), if rdtscp exists. */
bool kvm_cpu_init_tsc_aux(void);
int kvm_host_signal(void);
/* kvm_steal_init - register CPU @cpu's steal time record with KVM, if it offers one. */
void kvm_steal_init(unsigned int cpu);
/* kvm_steal_ns - see platform.h (steal_ns). */
u64 kvm_steal_ns(void);
/* kvm_control_poll - see platform.h (control_poll): HC_CONTROL_POLL when vmm flagged activity. */
int kvm_control_poll(struct ctl_req *req);
/* kvm_control_reply - see platform.h (control_reply): HC_CONTROL_REPLY. */
void kvm_control_reply(u64 cookie, const struct ctl_resp *resp);
u64 kvm_now_ns(void);
u64 kvm_realtime_ns(void);

/* guest_ctx.c: address spaces and user contexts. */
int kvm_as_create(paddr_t pgd, struct platform_as **out);
void kvm_as_destroy(struct platform_as *as);
int kvm_as_map(struct platform_as *as, uaddr_t va, paddr_t pa, u64 len,
	       int prot);
int kvm_as_unmap(struct platform_as *as, uaddr_t va, u64 len);
int kvm_as_protect(struct platform_as *as, uaddr_t va, u64 len, int prot);
int kvm_ctx_create(struct platform_as *as, platform_stopped_fn_t stopped,
		   void *cookie, struct platform_ctx **out);
void kvm_ctx_destroy(struct platform_ctx *ctx);
int kvm_ctx_run(struct platform_ctx *ctx, struct user_regs *regs,
		struct trap_info *trap);
int kvm_ctx_collect(struct platform_ctx *ctx, struct user_regs *regs,
		    struct trap_info *trap);
/* kvm_ctx_interrupt - make @ctx trap back if it runs ring 3 on another CPU. */
void kvm_ctx_interrupt(struct platform_ctx *ctx);
int kvm_ctx_get_fpu(struct platform_ctx *ctx, void *buf);
int kvm_ctx_set_fpu(struct platform_ctx *ctx, const void *buf);

/* KVM_TICK_NS - preemption tick for user code that makes no system calls. */
#define KVM_TICK_NS 10000000ULL

/* The ops table (guest_start.c). */
extern struct platform_ops kvm_guest_ops;

#endif
