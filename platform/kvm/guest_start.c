// SPDX-License-Identifier: MIT
/*
 * guest_start.c - C entry of sentry.elf on the KVM platform: check the
 * boot block vmm wrote, set up the CPU (descriptor tables, syscall MSRs,
 * FPU, clock, preemption timer), hand the kernel half of the boot page
 * tables to mm/, and start the sentry with the KVM guest ops.
 */
#include "platform/kvm/guest.h"
#include "arch/x86_64/include/x86.h"
#include "arch/x86_64/include/spinlock-arch.h"
#include "mm/mm.h"
#include "kernel/stats.h"

void sentry_kvm_start(u64 fdt_pa);

struct platform_ops kvm_guest_ops = {
	.name = "kvm",
	.as_create = kvm_as_create,
	.as_destroy = kvm_as_destroy,
	.as_map = kvm_as_map,
	.as_unmap = kvm_as_unmap,
	.as_protect = kvm_as_protect,
	.ctx_create = kvm_ctx_create,
	.ctx_destroy = kvm_ctx_destroy,
	.ctx_run = kvm_ctx_run,
	.ctx_collect = kvm_ctx_collect,
	.ctx_interrupt = kvm_ctx_interrupt,	/* ring 3 of another CPU */
	.ctx_get_fpu = kvm_ctx_get_fpu,
	.ctx_set_fpu = kvm_ctx_set_fpu,
	.fpu_size = 512,		/* x86_fpu_size once known (sentry_kvm_start) */
	.idle = kvm_idle,
	.kick = kvm_kick,
	.host_signal = kvm_host_signal,
	.control_poll = kvm_control_poll,
	.control_reply = kvm_control_reply,
	.now_ns = kvm_now_ns,
	.steal_ns = kvm_steal_ns,
	.user_cpu_exclusive = true,
	.realtime_ns = kvm_realtime_ns,
	.hostcall = kvm_hostcall,
	.log = kvm_log,
	.shutdown = kvm_shutdown,
	.pmem_base = (u8 *)KVM_DMAP_BASE,
};

/* sentry_kvm_start - C entry of sentry.elf (@fdt_pa: FDT physical address). */
void sentry_kvm_start(u64 fdt_pa)
{
	volatile struct kvm_boot_block *bb = kvm_boot_block();
	const u64 *boot_pml4 = kvm_pa_to_va(KVM_PML4_PA);
	char msg[160];
	u32 fpu;

	x86_desc_init();
	/* the boot CPU runs the sentry holding the big kernel lock */
	kvm_bkl_lock();
	if (bb->magic != KVM_BOOT_MAGIC || bb->version != KVM_LAYOUT_VERSION)
		kvm_crash("bad KVM boot block (vmm and sentry.elf differ)");
	if (fdt_pa != bb->fdt_pa)
		kvm_crash("FDT address does not match the boot block");
	fpu = x86_fpu_init();
	kvm_guest_ops.fpu_size = fpu;
	kvm_clock_init();
	kvm_steal_init(0);
	/* vmm reads the counters from guest memory at exit (--stats) */
	kvm_platform_call(HC_STATS, kvm_va_to_pa(&sentry_stats),
			  sizeof(sentry_stats), 0);

	kvm_guest_ops.pmem_size = bb->mem_size;
	kvm_guest_ops.pmem_free_start = bb->free_start;
	mm_set_kernel_pml4(&boot_pml4[256]);

	ksnprintf(msg, sizeof(msg),
		  "hello from KVM (%llu MiB, TSC %llu kHz, FPU area %u bytes)",
		  (unsigned long long)(bb->mem_size >> 20),
		  (unsigned long long)(bb->tsc_hz / 1000), fpu);
	kvm_log(KLOG_DEBUG, msg, kstrlen(msg));

	x86_apic_timer_init(KVM_TICK_NS);
	sentry_main(kvm_pa_to_va(fdt_pa), &kvm_guest_ops);
}
