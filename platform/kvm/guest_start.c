/* SPDX-License-Identifier: MIT */
/*
 * Guest side of the KVM platform (sentry.elf only). The KVM platform is
 * the subject of its own issue; until it lands vmm refuses --platform=kvm
 * on the host side and this entry only stops the vCPU.
 */
#include "klib/klib.h"
#include "platform/platform.h"

void sentry_kvm_start(u64 fdt_pa);

/* sentry_kvm_start - C entry of sentry.elf (fdt_pa: FDT physical address). */
void sentry_kvm_start(u64 fdt_pa)
{
	(void)fdt_pa;
	for (;;)
		__asm__ volatile("hlt");
}
