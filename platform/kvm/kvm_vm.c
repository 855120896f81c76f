// SPDX-License-Identifier: MIT
/*
 * kvm_vm.c - /dev/kvm, the VM and its vCPU: API and capability checks,
 * sandbox memory as slot 0, the in-kernel irqchip (for the LAPIC timer),
 * CPUID from KVM_GET_SUPPORTED_CPUID, and vCPU 0 already in long mode at
 * sentry.elf's entry point; later vCPUs (SMP) in the same state at the
 * entry the guest asks for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "platform/kvm/kvm_internal.h"
#include "vmm/error.h"

#define KVM_DEV "/dev/kvm"
#define KVM_API_VERSION_NEEDED 12

#define CR0_PE (1ULL << 0)
#define CR0_MP (1ULL << 1)
#define CR0_ET (1ULL << 4)
#define CR0_NE (1ULL << 5)
#define CR0_WP (1ULL << 16)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_PGE (1ULL << 7)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_OSXSAVE (1ULL << 18)
#define EFER_SCE (1ULL << 0)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)
#define EFER_NXE (1ULL << 11)
#define MSR_IA32_TSC 0x10

/* XCR0 for the guest: x87, SSE, AVX (no AVX-512: smaller signal frames). */
#define XCR0_WANTED 0x7ULL
#define CPUID1_ECX_X2APIC (1U << 21)
#define CPUID1_ECX_XSAVE (1U << 26)
#define CPUID1_ECX_HYPERVISOR (1U << 31)

static const struct {
	int cap;
	const char *name;
} kvm_needed_caps[] = {
	{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
	{ KVM_CAP_IRQCHIP, "KVM_CAP_IRQCHIP" },
	{ KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
};

/* kvm_open - see kvm_internal.h. */
int kvm_open(struct vmm_error **err)
{
	int fd, api;

	fd = open(KVM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT || e == ENODEV || e == ENXIO)
			return vmm_error(err, e, KVM_DEV ": no such device (no KVM on this host?)");
		if (e == EACCES || e == EPERM)
			return vmm_error(err, e, KVM_DEV ": permission denied (not in the kvm group?)");
		return vmm_error(err, e, "open " KVM_DEV);
	}
	/* PVM (kvm_pvm) runs only PVM-enlightened guests: syscall from our
	 * ring 3 does not reach the sentry there */
	if (access("/sys/module/kvm_pvm", F_OK) == 0 &&
	    access("/sys/module/kvm_amd", F_OK) < 0 &&
	    access("/sys/module/kvm_intel", F_OK) < 0) {
		close(fd);
		return vmm_error(err, 0, KVM_DEV ": this is PVM (kvm_pvm), which needs "
				 "PVM-aware guests; hardware KVM (kvm_amd, kvm_intel) is required");
	}
	api = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION_NEEDED) {
		close(fd);
		if (api < 0)
			return vmm_error(err, errno, KVM_DEV ": KVM_GET_API_VERSION");
		return vmm_error(err, 0, KVM_DEV ": API version %d %s (need %d)", api,
				 api < KVM_API_VERSION_NEEDED ? "too old" : "unknown",
				 KVM_API_VERSION_NEEDED);
	}
	for (size_t i = 0; i < sizeof(kvm_needed_caps) / sizeof(kvm_needed_caps[0]); i++) {
		if (ioctl(fd, KVM_CHECK_EXTENSION, kvm_needed_caps[i].cap) <= 0) {
			close(fd);
			return vmm_error(err, 0, KVM_DEV ": missing capability %s",
					 kvm_needed_caps[i].name);
		}
	}
	return fd;
}

/* kvm_probe - see kvm.h. */
int kvm_probe(struct vmm_error **err)
{
	int fd = kvm_open(err);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int setup_cpuid(struct kvm_vm *vm, int vcpu_fd, unsigned int id,
		       struct vmm_error **err)
{
	struct kvm_cpuid2 *c = NULL;
	int nent = 64, r;

	for (;;) {
		free(c);
		c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
		if (!c)
			return vmm_error(err, ENOMEM, "KVM CPUID table");
		c->nent = nent;
		r = ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c);
		if (r == 0)
			break;
		if (errno != E2BIG || nent >= 4096) {
			r = vmm_error(err, errno, "KVM_GET_SUPPORTED_CPUID");
			free(c);
			return r;
		}
		nent *= 2;
	}
	for (unsigned int i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == 0xd && e->index == 0)
			vm->xcr0 = (e->eax | ((uint64_t)e->edx << 32)) & XCR0_WANTED;
		if (e->function == 1) {
			e->ecx |= CPUID1_ECX_HYPERVISOR | CPUID1_ECX_X2APIC;
			/* initial APIC id: the vCPU id (= its x2APIC id) */
			e->ebx = (e->ebx & 0x00ffffff) | ((id & 0xff) << 24);
			vm->xsave = e->ecx & CPUID1_ECX_XSAVE;
		}
	}
	r = ioctl(vcpu_fd, KVM_SET_CPUID2, c);
	if (r < 0)
		r = vmm_error(err, errno, "KVM_SET_CPUID2");
	free(c);
	return r;
}

static void seg_set(struct kvm_segment *s, uint16_t sel, uint8_t type, bool code)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->dpl = 0;
	s->s = 1;
	s->g = 1;
	s->l = code;
	s->db = !code;
}

static int setup_sregs(struct kvm_vm *vm, int vcpu_fd, struct vmm_error **err)
{
	struct kvm_sregs sr;

	if (ioctl(vcpu_fd, KVM_GET_SREGS, &sr) < 0)
		return vmm_error(err, errno, "KVM_GET_SREGS");
	sr.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sr.cr3 = KVM_PML4_PA;
	sr.cr4 = CR4_PAE | CR4_PGE | CR4_OSFXSR | CR4_OSXMMEXCPT |
		 (vm->xsave ? CR4_OSXSAVE : 0);
	sr.efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
	seg_set(&sr.cs, KVM_SEL_KERNEL_CS, 11, true);
	seg_set(&sr.ds, KVM_SEL_KERNEL_DS, 3, false);
	sr.es = sr.ds;
	sr.ss = sr.ds;
	sr.fs = sr.ds;
	sr.gs = sr.ds;
	memset(&sr.tr, 0, sizeof(sr.tr));
	sr.tr.limit = 0x67;
	sr.tr.type = 11;		/* busy 64-bit TSS until the guest's ltr */
	sr.tr.present = 1;
	memset(&sr.ldt, 0, sizeof(sr.ldt));
	sr.ldt.type = 2;
	sr.ldt.unusable = 1;
	sr.gdt.base = KVM_DMAP_BASE + KVM_GDT_PA;
	sr.gdt.limit = 3 * 8 - 1;
	sr.idt.base = 0;
	sr.idt.limit = 0;
	if (ioctl(vcpu_fd, KVM_SET_SREGS, &sr) < 0)
		return vmm_error(err, errno, "KVM_SET_SREGS");
	/* XCR0 is set here rather than by the guest's xsetbv: one less exit,
	 * and it also holds where nested SVM loses a guest's xsetbv */
	if (vm->xsave && (vm->xcr0 & 0x3) == 0x3 &&
	    ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XCRS) > 0) {
		struct kvm_xcrs xcrs;

		memset(&xcrs, 0, sizeof(xcrs));
		xcrs.nr_xcrs = 1;
		xcrs.xcrs[0].xcr = 0;
		xcrs.xcrs[0].value = vm->xcr0;
		if (ioctl(vcpu_fd, KVM_SET_XCRS, &xcrs) < 0)
			return vmm_error(err, errno, "KVM_SET_XCRS");
	}
	return 0;
}

/*
 * One vCPU @id in long mode at @rip with @rsp and %rdi = @rdi: its fd in
 * *@fd, its run area in *@run (left for kvm_vm_destroy on failure).
 */
static int vcpu_create(struct kvm_vm *vm, unsigned int id, uint64_t rip,
		       uint64_t rsp, uint64_t rdi, int *fd, struct kvm_run **run,
		       struct vmm_error **err)
{
	struct kvm_regs regs;
	void *p;
	int r;

	*fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)id);
	if (*fd < 0)
		return vmm_error(err, errno, "KVM_CREATE_VCPU %u", id);
	if (!vm->run_size) {
		r = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
		if (r < (int)sizeof(struct kvm_run))
			return vmm_error(err, errno, "KVM_GET_VCPU_MMAP_SIZE");
		vm->run_size = r;
	}
	p = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
	if (p == MAP_FAILED)
		return vmm_error(err, errno, "mmap of the run area of vCPU %u", id);
	*run = p;
	r = setup_cpuid(vm, *fd, id, err);
	if (r < 0)
		return r;
	r = setup_sregs(vm, *fd, err);
	if (r < 0)
		return r;
	memset(&regs, 0, sizeof(regs));
	regs.rip = rip;
	regs.rsp = rsp;
	regs.rdi = rdi;
	regs.rflags = 0x2;
	if (ioctl(*fd, KVM_SET_REGS, &regs) < 0)
		return vmm_error(err, errno, "KVM_SET_REGS (vCPU %u)", id);
	return 0;
}

/* kvm_vm_create - see kvm_internal.h. */
int kvm_vm_create(struct kvm_vm *vm, uint8_t *mem, uint64_t mem_size,
		  uint64_t entry, uint64_t fdt_pa, struct vmm_error **err)
{
	struct kvm_userspace_memory_region slot = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = mem_size,
		.userspace_addr = (uint64_t)(uintptr_t)mem,
	};
	int r;

	vm->kvm_fd = vm->vm_fd = vm->vcpu_fd = -1;
	vm->run = NULL;
	vm->run_size = 0;
	for (unsigned int i = 0; i < KVM_MAX_CPUS; i++) {
		vm->ap_fd[i] = -1;
		vm->ap_run[i] = NULL;
	}
	vm->kvm_fd = kvm_open(err);
	if (vm->kvm_fd < 0)
		return vm->kvm_fd;
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return vmm_error(err, errno, "KVM_CREATE_VM");
	if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return vmm_error(err, errno, "KVM_CREATE_IRQCHIP");
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return vmm_error(err, errno, "KVM_SET_USER_MEMORY_REGION (%llu bytes)",
				 (unsigned long long)mem_size);
	r = vcpu_create(vm, 0, entry,
			KVM_DMAP_BASE + KVM_BOOT_STACK_PA + KVM_BOOT_STACK_SIZE,
			fdt_pa, &vm->vcpu_fd, &vm->run, err);
	if (r < 0)
		return r;
	vm->tsc_khz = 0;
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_GET_TSC_KHZ) > 0) {
		r = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
		if (r > 0)
			vm->tsc_khz = r;
	}
	return 0;
}

/* kvm_vm_add_vcpu - see kvm_internal.h. */
int kvm_vm_add_vcpu(struct kvm_vm *vm, unsigned int id, uint64_t rip,
		    uint64_t rsp, uint64_t rdi, struct vmm_error **err)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };
	int r;

	if (id == 0 || id >= KVM_MAX_CPUS || vm->ap_fd[id] >= 0)
		return vmm_error(err, EINVAL, "vCPU %u: bad or already started", id);
	r = vcpu_create(vm, id, rip, rsp, rdi, &vm->ap_fd[id], &vm->ap_run[id],
			err);
	if (r < 0)
		return r;
	/* with the in-kernel LAPIC an AP waits for INIT/SIPI: run it now */
	if (ioctl(vm->ap_fd[id], KVM_SET_MP_STATE, &mp) < 0)
		return vmm_error(err, errno, "KVM_SET_MP_STATE (vCPU %u)", id);
	return 0;
}

/* kvm_vm_guest_tsc - see kvm_internal.h. */
int kvm_vm_guest_tsc(struct kvm_vm *vm, uint64_t *tsc)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} m;

	memset(&m, 0, sizeof(m));
	m.hdr.nmsrs = 1;
	m.e.index = MSR_IA32_TSC;
	if (ioctl(vm->vcpu_fd, KVM_GET_MSRS, &m) != 1)
		return -EIO;
	*tsc = m.e.data;
	return 0;
}

/* kvm_vm_destroy - see kvm_internal.h. */
void kvm_vm_destroy(struct kvm_vm *vm)
{
	if (vm->run)
		munmap(vm->run, vm->run_size);
	vm->run = NULL;
	for (unsigned int i = 1; i < KVM_MAX_CPUS; i++) {
		if (vm->ap_run[i])
			munmap(vm->ap_run[i], vm->run_size);
		if (vm->ap_fd[i] >= 0)
			close(vm->ap_fd[i]);
		vm->ap_run[i] = NULL;
		vm->ap_fd[i] = -1;
	}
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	vm->vcpu_fd = vm->vm_fd = vm->kvm_fd = -1;
}
