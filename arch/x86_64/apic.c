// SPDX-License-Identifier: MIT
/*
 * apic.c - the preemption timer of sentry.elf: KVM's in-kernel local APIC
 * in x2APIC mode (MSR access, no MMIO page), timer in periodic mode.
 * KVM's APIC bus clock is 1 GHz, so with divide-by-1 the initial count is
 * the period in nanoseconds. The tick only matters while user code runs:
 * the sentry runs with interrupts disabled, so a tick that comes in ring 0
 * waits until the next entry to ring 3 and turns into TRAP_INTERRUPT.
 */
#include "klib/klib.h"
#include "platform/kvm/layout.h"
#include "arch/x86_64/include/x86.h"

#define APIC_BASE_EXTD (1ULL << 10)
#define APIC_BASE_EN (1ULL << 11)
#define APIC_SVR_ENABLE 0x100
#define APIC_LVT_PERIODIC (1U << 17)
#define APIC_TDCR_DIV1 0xb

/* x86_apic_timer_init - see x86.h. */
void x86_apic_timer_init(u64 period_ns)
{
	u64 base = x86_rdmsr(MSR_APIC_BASE);

	x86_wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
	x86_wrmsr(MSR_X2APIC_SVR, APIC_SVR_ENABLE | KVM_SPURIOUS_VECTOR);
	x86_wrmsr(MSR_X2APIC_TDCR, APIC_TDCR_DIV1);
	x86_wrmsr(MSR_X2APIC_LVT_TIMER, KVM_TIMER_VECTOR | APIC_LVT_PERIODIC);
	x86_wrmsr(MSR_X2APIC_TMICT, period_ns ? period_ns : 1);
}

/* x86_apic_eoi - see x86.h. */
void x86_apic_eoi(void)
{
	x86_wrmsr(MSR_X2APIC_EOI, 0);
}

#define APIC_ICR_LEVEL_ASSERT (1U << 14)

/* x86_apic_send_ipi - see x86.h: fixed delivery, physical destination. */
void x86_apic_send_ipi(unsigned int cpu, u8 vector)
{
	x86_wrmsr(MSR_X2APIC_ICR, ((u64)cpu << 32) | APIC_ICR_LEVEL_ASSERT |
					  vector);
}
