/* SPDX-License-Identifier: MIT */
/* kvm_internal.h - what the host-side files of the KVM platform share. */
#ifndef PLATFORM_KVM_KVM_INTERNAL_H
#define PLATFORM_KVM_KVM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/kvm/kvm.h"
#include "platform/kvm/layout.h"

#define KVM_IMAGE_MAX_SEGS 8

/* One PT_LOAD segment of sentry.elf as loaded. */
struct kvm_image_seg {
	uint64_t vaddr, paddr, memsz;
	uint32_t flags;			/* PF_R | PF_W | PF_X */
};

/* sentry.elf once loaded into guest memory. */
struct kvm_image {
	uint64_t entry;			/* virtual */
	uint64_t end;			/* first physical byte after the image */
	unsigned int nsegs;
	struct kvm_image_seg segs[KVM_IMAGE_MAX_SEGS];
};

/* kvm_boot.c: guest memory contents before the first instruction. */

/*
 * kvm_image_load - validate ELF file @buf (@len bytes) as sentry.elf and
 * copy its PT_LOAD segments into guest memory @mem (@mem_size bytes) at
 * their p_paddr. Fills @img. Returns 0 or < 0 with @err naming the problem.
 */
int kvm_image_load(const void *buf, size_t len, uint8_t *mem,
		   uint64_t mem_size, struct kvm_image *img,
		   struct vmm_error **err);
/*
 * kvm_tables_build - write the boot GDT and page tables (layout.h) for
 * @mem_size bytes of memory and image @img. Returns 0 or < 0 with @err.
 */
int kvm_tables_build(uint8_t *mem, uint64_t mem_size,
		     const struct kvm_image *img, struct vmm_error **err);
/*
 * kvm_boot_data - copy the FDT (@fdt_size bytes) to KVM_FDT_PA and fill
 * the boot block (clock reference left for kvm_boot_clock). Returns 0 or
 * < 0 with @err.
 */
int kvm_boot_data(uint8_t *mem, uint64_t mem_size, const struct kvm_image *img,
		  const void *fdt, size_t fdt_size, struct vmm_error **err);
/* kvm_boot_clock - store the clock reference (@tsc seen at @mono/@real ns). */
void kvm_boot_clock(uint8_t *mem, uint64_t tsc_hz, uint64_t tsc,
		    uint64_t mono_ns, uint64_t real_ns);
/*
 * kvm_translate - walk the boot page tables in @mem like the MMU: the
 * physical address of virtual @va, or -1 when unmapped; *@flags gets the
 * leaf's flags with NX (bit 63) and RW/US combined over all levels.
 */
int64_t kvm_translate(const uint8_t *mem, uint64_t mem_size, uint64_t va,
		      uint64_t *flags);

/* kvm_vm.c: the VM and its vCPUs. */
struct kvm_vm {
	int kvm_fd, vm_fd, vcpu_fd;	/* vcpu_fd, run: vCPU 0 */
	struct kvm_run *run;
	size_t run_size;
	int ap_fd[KVM_MAX_CPUS];	/* vCPU 1.. (SMP); -1: not created */
	struct kvm_run *ap_run[KVM_MAX_CPUS];
	uint64_t tsc_khz;		/* guest TSC frequency (0: unknown) */
	bool xsave;			/* CR4.OSXSAVE set */
	uint64_t xcr0;			/* XCR0 given to the guest */
};

/* kvm_open - open /dev/kvm and check the API and capabilities. Returns the fd or < 0. */
int kvm_open(struct vmm_error **err);
/*
 * kvm_vm_create - VM with @mem (@mem_size bytes) as slot 0, an in-kernel
 * irqchip and vCPU 0 in long mode at @entry with %rdi = @fdt_pa.
 */
int kvm_vm_create(struct kvm_vm *vm, uint8_t *mem, uint64_t mem_size,
		  uint64_t entry, uint64_t fdt_pa, struct vmm_error **err);
/*
 * kvm_vm_add_vcpu - create vCPU @id (1 .. KVM_MAX_CPUS - 1) in the same
 * long-mode state as vCPU 0, at @rip with @rsp and %rdi = @rdi; its fd and
 * run area land in vm->ap_fd[@id] / vm->ap_run[@id]. Returns 0 or < 0.
 */
int kvm_vm_add_vcpu(struct kvm_vm *vm, unsigned int id, uint64_t rip,
		    uint64_t rsp, uint64_t rdi, struct vmm_error **err);
/* kvm_vm_guest_tsc - the guest's TSC now (KVM_GET_MSRS). Returns 0 or < 0. */
int kvm_vm_guest_tsc(struct kvm_vm *vm, uint64_t *tsc);
/* kvm_vm_destroy - close everything; safe on a partly created @vm. */
void kvm_vm_destroy(struct kvm_vm *vm);


#endif
