/* SPDX-License-Identifier: MIT */
/*
 * layout.h - guest physical and virtual memory layout of the KVM platform,
 * shared by vmm (which builds it) and sentry.elf (which lives in it).
 *
 * Guest physical memory is the sandbox memfd: guest physical address ==
 * memfd offset. Everything below 1 MiB is boot data written by vmm:
 *
 *   0x00000 - 0x00fff   unused (catches physical NULL)
 *   0x01000             struct kvm_boot_block (host <-> guest shared page)
 *   0x02000             boot GDT (only until the guest loads its own)
 *   0x03000             boot PML4 (kernel half shared by every address space)
 *   0x04000             PDPT of the direct map (PML4[273])
 *   0x05000             PDPT of the kernel image (PML4[511])
 *   0x06000             PD of the kernel image (PDPT[510]: -2 GiB)
 *   0x07000             per-vCPU hostcall request blocks (128 bytes each)
 *   0x08000 - 0x0ffff   page tables of the kernel image (4 KiB pages, 16 MiB)
 *   0x10000 - 0x4ffff   PDs of the direct map (2 MiB pages, up to 64 GiB)
 *   0x50000 - 0x7ffff   boot info FDT
 *   0x80000 - 0x8ffff   boot stack (becomes the sentry's idle thread stack)
 *   0x100000 -          sentry.elf PT_LOAD segments (at p_paddr), then the
 *                       memory the sentry allocates (pmem_free_start)
 *
 * Guest virtual layout (set up by vmm, kept by the sentry):
 *   KVM_DMAP_BASE + pa         all of sandbox memory, RW, NX, global
 *   KVM_KERNEL_VMA + pa        the sentry image with its segment rights
 *   0 .. USER_TOP              the application (sentry-built page tables)
 *
 * C99, no libc: included by host and guest code.
 */
#ifndef PLATFORM_KVM_LAYOUT_H
#define PLATFORM_KVM_LAYOUT_H

#define KVM_LAYOUT_VERSION	1

#define KVM_PAGE_SIZE		0x1000ULL
#define KVM_BOOT_BLOCK_PA	0x1000ULL
#define KVM_GDT_PA		0x2000ULL
#define KVM_PML4_PA		0x3000ULL
#define KVM_PDPT_DMAP_PA	0x4000ULL
#define KVM_PDPT_KERN_PA	0x5000ULL
#define KVM_PD_KERN_PA		0x6000ULL
#define KVM_HC_BLOCKS_PA	0x7000ULL
#define KVM_HC_BLOCK_SIZE	128ULL
#define KVM_MAX_CPUS		32
#define KVM_PT_KERN_PA		0x8000ULL
#define KVM_PT_KERN_COUNT	8
#define KVM_PD_DMAP_PA		0x10000ULL
#define KVM_PD_DMAP_COUNT	64
#define KVM_FDT_PA		0x50000ULL
#define KVM_FDT_MAX		0x30000ULL
#define KVM_BOOT_STACK_PA	0x80000ULL
#define KVM_BOOT_STACK_SIZE	0x10000ULL
#define KVM_KERNEL_PA		0x100000ULL

/* Largest kernel image end (physical): what the kernel page tables cover. */
#define KVM_KERNEL_MAX_END	(KVM_PT_KERN_COUNT * 0x200000ULL)
/* Largest sandbox memory: what the direct-map PDs cover. */
#define KVM_MEM_MAX		(KVM_PD_DMAP_COUNT * 0x40000000ULL)
/* Smallest: boot data, a kernel and some room to run. */
#define KVM_MEM_MIN		(32ULL << 20)

#define KVM_DMAP_BASE		0xffff888000000000ULL
#define KVM_KERNEL_VMA		0xffffffff80000000ULL
#define KVM_DMAP_PML4_INDEX	273
#define KVM_KERN_PML4_INDEX	511
#define KVM_KERN_PDPT_INDEX	510

/* Boot GDT selectors (the guest's own GDT uses the same ones). */
#define KVM_SEL_KERNEL_CS	0x08
#define KVM_SEL_KERNEL_DS	0x10

/* The LAPIC timer vector and the spurious-interrupt vector. */
#define KVM_TIMER_VECTOR	0x20
#define KVM_SPURIOUS_VECTOR	0xff
/* Inter-processor interrupt: wake an idle CPU, make ring 3 trap back. */
#define KVM_IPI_VECTOR		0xf0

#define KVM_BOOT_MAGIC		0x31544f4f424d564bULL	/* "KVMBOOT1" */

/*
 * The boot block. vmm fills the IN fields before the first KVM_RUN; the
 * clock reference is one instant seen as guest TSC and as host clocks.
 * pending_signals is set by vmm (atomic OR) and read and cleared by the
 * guest (atomic AND), from any vCPU.
 */
struct kvm_boot_block {
	unsigned long long magic;		/* IN: KVM_BOOT_MAGIC */
	unsigned int version;			/* IN: KVM_LAYOUT_VERSION */
	unsigned int ncpus;			/* IN: vCPUs the guest may start (--cpus) */
	unsigned long long mem_size;		/* IN: bytes of guest memory */
	unsigned long long free_start;		/* IN: first page after boot data + kernel */
	unsigned long long fdt_pa, fdt_size;	/* IN: the boot info FDT */
	unsigned long long tsc_hz;		/* IN: guest TSC frequency */
	unsigned long long ref_tsc;		/* IN: guest TSC at the reference */
	unsigned long long ref_mono_ns;		/* IN: host CLOCK_MONOTONIC then */
	unsigned long long ref_real_ns;		/* IN: host CLOCK_REALTIME then */
	unsigned long long pending_signals;	/* IN/OUT: bit (sig - 1): host signal for init */
	unsigned int control_pending;		/* IN/OUT: vmm: the control socket has
						 * activity; the guest clears it and polls */
	unsigned int _pad;
};

#endif
