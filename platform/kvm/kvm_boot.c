// SPDX-License-Identifier: MIT
/*
 * kvm_boot.c - guest memory before the first instruction: sentry.elf's
 * segments at their physical addresses, the boot GDT, the boot page
 * tables (direct map + kernel image), the FDT and the boot block, all as
 * platform/kvm/layout.h describes.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "platform/kvm/kvm_internal.h"
#include "vmm/error.h"

#define PTE_P	(1ULL << 0)
#define PTE_RW	(1ULL << 1)
#define PTE_US	(1ULL << 2)
#define PTE_PS	(1ULL << 7)
#define PTE_G	(1ULL << 8)
#define PTE_NX	(1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL
#define SZ_2M	0x200000ULL
#define SZ_1G	0x40000000ULL

static int check_segment(const Elf64_Phdr *ph, unsigned int i, size_t len,
			 uint64_t mem_size, struct vmm_error **err)
{
	uint64_t limit = mem_size < KVM_KERNEL_MAX_END ? mem_size : KVM_KERNEL_MAX_END;

	if (ph->p_filesz > ph->p_memsz)
		return vmm_error(err, 0, "segment %u: file size above memory size", i);
	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
		return vmm_error(err, 0, "segment %u: past the end of the file", i);
	if (ph->p_paddr < KVM_KERNEL_PA || ph->p_paddr % KVM_PAGE_SIZE)
		return vmm_error(err, 0,
				 "segment %u: physical address %#llx not page aligned at or above %#llx",
				 i, (unsigned long long)ph->p_paddr,
				 (unsigned long long)KVM_KERNEL_PA);
	if (ph->p_memsz > limit || ph->p_paddr > limit - ph->p_memsz)
		return vmm_error(err, 0,
				 "segment %u: [%#llx, +%#llx) does not fit below %#llx",
				 i, (unsigned long long)ph->p_paddr,
				 (unsigned long long)ph->p_memsz,
				 (unsigned long long)limit);
	if (ph->p_vaddr != KVM_KERNEL_VMA + ph->p_paddr)
		return vmm_error(err, 0,
				 "segment %u: virtual address %#llx is not %#llx + physical",
				 i, (unsigned long long)ph->p_vaddr,
				 (unsigned long long)KVM_KERNEL_VMA);
	return 0;
}

/* kvm_image_load - see kvm_internal.h. */
int kvm_image_load(const void *buf, size_t len, uint8_t *mem,
		   uint64_t mem_size, struct kvm_image *img,
		   struct vmm_error **err)
{
	const Elf64_Ehdr *eh = buf;
	const uint8_t *file = buf;
	bool entry_ok = false;

	memset(img, 0, sizeof(*img));
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return vmm_error(err, 0, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return vmm_error(err, 0, "not a little-endian x86-64 ELF64 file");
	if (eh->e_type != ET_EXEC)
		return vmm_error(err, 0, "not an ELF executable (type %u)",
				 eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 64 || eh->e_phoff > len ||
	    (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
		return vmm_error(err, 0, "bad program header table");

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		struct kvm_image_seg *s;
		int r;

		memcpy(&ph, file + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		r = check_segment(&ph, i, len, mem_size, err);
		if (r < 0)
			return r;
		if (img->nsegs == KVM_IMAGE_MAX_SEGS)
			return vmm_error(err, 0, "more than %d PT_LOAD segments",
					 KVM_IMAGE_MAX_SEGS);
		for (unsigned int j = 0; j < img->nsegs; j++) {
			const struct kvm_image_seg *o = &img->segs[j];
			uint64_t oend = (o->paddr + o->memsz + KVM_PAGE_SIZE - 1) &
					~(KVM_PAGE_SIZE - 1);

			if (ph.p_paddr < oend && o->paddr < ph.p_paddr + ph.p_memsz)
				return vmm_error(err, 0, "segment %u overlaps another", i);
		}
		s = &img->segs[img->nsegs++];
		s->vaddr = ph.p_vaddr;
		s->paddr = ph.p_paddr;
		s->memsz = ph.p_memsz;
		s->flags = ph.p_flags;
		memcpy(mem + ph.p_paddr, file + ph.p_offset, ph.p_filesz);
		memset(mem + ph.p_paddr + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
		if (ph.p_paddr + ph.p_memsz > img->end)
			img->end = ph.p_paddr + ph.p_memsz;
		if ((ph.p_flags & PF_X) && eh->e_entry >= ph.p_vaddr &&
		    eh->e_entry - ph.p_vaddr < ph.p_memsz)
			entry_ok = true;
	}
	if (!img->nsegs)
		return vmm_error(err, 0, "no loadable segment");
	if (!entry_ok)
		return vmm_error(err, 0, "entry point %#llx is not in an executable segment",
				 (unsigned long long)eh->e_entry);
	img->entry = eh->e_entry;
	return 0;
}

static uint64_t *table(uint8_t *mem, uint64_t pa)
{
	return (uint64_t *)(mem + pa);
}

/* kvm_tables_build - see kvm_internal.h. */
int kvm_tables_build(uint8_t *mem, uint64_t mem_size,
		     const struct kvm_image *img, struct vmm_error **err)
{
	uint64_t *pml4 = table(mem, KVM_PML4_PA);
	uint64_t *gdt = table(mem, KVM_GDT_PA);
	uint64_t pa;

	if (mem_size < KVM_MEM_MIN || mem_size > KVM_MEM_MAX || mem_size % SZ_2M)
		return vmm_error(err, 0,
				 "memory size %llu: must be a multiple of 2 MiB from %llu MiB to %llu GiB",
				 (unsigned long long)mem_size,
				 (unsigned long long)(KVM_MEM_MIN >> 20),
				 (unsigned long long)(KVM_MEM_MAX >> 30));
	if (img->end > KVM_KERNEL_MAX_END)
		return vmm_error(err, 0, "sentry image too large");
	memset(mem + KVM_GDT_PA, 0, KVM_FDT_PA - KVM_GDT_PA);

	gdt[1] = 0x00af9b000000ffffULL;		/* 0x08: 64-bit code */
	gdt[2] = 0x00cf93000000ffffULL;		/* 0x10: data */

	/* direct map: all of memory with 2 MiB pages, RW, NX, global */
	pml4[KVM_DMAP_PML4_INDEX] = KVM_PDPT_DMAP_PA | PTE_P | PTE_RW;
	for (pa = 0; pa < mem_size; pa += SZ_2M) {
		uint64_t gi = pa / SZ_1G;
		uint64_t *pd = table(mem, KVM_PD_DMAP_PA + gi * KVM_PAGE_SIZE);

		table(mem, KVM_PDPT_DMAP_PA)[gi] =
			(KVM_PD_DMAP_PA + gi * KVM_PAGE_SIZE) | PTE_P | PTE_RW;
		pd[(pa % SZ_1G) / SZ_2M] = pa | PTE_P | PTE_RW | PTE_PS | PTE_G | PTE_NX;
	}

	/* kernel image at -2 GiB with 4 KiB pages and the segments' rights */
	pml4[KVM_KERN_PML4_INDEX] = KVM_PDPT_KERN_PA | PTE_P | PTE_RW;
	table(mem, KVM_PDPT_KERN_PA)[KVM_KERN_PDPT_INDEX] =
		KVM_PD_KERN_PA | PTE_P | PTE_RW;
	for (unsigned int i = 0; i < KVM_PT_KERN_COUNT; i++)
		table(mem, KVM_PD_KERN_PA)[i] =
			(KVM_PT_KERN_PA + i * KVM_PAGE_SIZE) | PTE_P | PTE_RW;
	for (unsigned int i = 0; i < img->nsegs; i++) {
		const struct kvm_image_seg *s = &img->segs[i];
		uint64_t flags = PTE_P | PTE_G;

		if (s->flags & PF_W)
			flags |= PTE_RW;
		if (!(s->flags & PF_X))
			flags |= PTE_NX;
		for (pa = s->paddr; pa < s->paddr + s->memsz; pa += KVM_PAGE_SIZE)
			table(mem, KVM_PT_KERN_PA)[pa / KVM_PAGE_SIZE] = pa | flags;
	}
	return 0;
}

/* kvm_boot_data - see kvm_internal.h. */
int kvm_boot_data(uint8_t *mem, uint64_t mem_size, const struct kvm_image *img,
		  const void *fdt, size_t fdt_size, struct vmm_error **err)
{
	struct kvm_boot_block *bb = (struct kvm_boot_block *)(mem + KVM_BOOT_BLOCK_PA);

	if (fdt_size == 0 || fdt_size > KVM_FDT_MAX)
		return vmm_error(err, 0, "boot info of %zu bytes (at most %llu)",
				 fdt_size, (unsigned long long)KVM_FDT_MAX);
	memcpy(mem + KVM_FDT_PA, fdt, fdt_size);
	memset(bb, 0, sizeof(*bb));
	bb->magic = KVM_BOOT_MAGIC;
	bb->version = KVM_LAYOUT_VERSION;
	bb->ncpus = 1;
	bb->mem_size = mem_size;
	bb->free_start = (img->end + KVM_PAGE_SIZE - 1) & ~(KVM_PAGE_SIZE - 1);
	bb->fdt_pa = KVM_FDT_PA;
	bb->fdt_size = fdt_size;
	return 0;
}

/* kvm_boot_clock - see kvm_internal.h. */
void kvm_boot_clock(uint8_t *mem, uint64_t tsc_hz, uint64_t tsc,
		    uint64_t mono_ns, uint64_t real_ns)
{
	struct kvm_boot_block *bb = (struct kvm_boot_block *)(mem + KVM_BOOT_BLOCK_PA);

	bb->tsc_hz = tsc_hz;
	bb->ref_tsc = tsc;
	bb->ref_mono_ns = mono_ns;
	bb->ref_real_ns = real_ns;
}

/* kvm_translate - see kvm_internal.h. */
int64_t kvm_translate(const uint8_t *mem, uint64_t mem_size, uint64_t va,
		      uint64_t *flags)
{
	uint64_t t = KVM_PML4_PA, e = 0, acc = PTE_RW | PTE_US, nx = 0;

	for (int level = 3; level >= 0; level--) {
		unsigned int idx = (va >> (12 + 9 * level)) & 511;

		if (t + KVM_PAGE_SIZE > mem_size)
			return -1;
		memcpy(&e, mem + t + idx * 8, 8);
		if (!(e & PTE_P))
			return -1;
		acc &= e;
		nx |= e & PTE_NX;
		if (level > 0 && level < 3 && (e & PTE_PS)) {
			uint64_t span = 1ULL << (12 + 9 * level);

			*flags = (e & ~(PTE_RW | PTE_US | PTE_NX)) | acc | nx;
			return (int64_t)((e & PTE_ADDR & ~(span - 1)) | (va & (span - 1)));
		}
		t = e & PTE_ADDR;
	}
	*flags = (e & ~(PTE_RW | PTE_US | PTE_NX)) | acc | nx;
	return (int64_t)((e & PTE_ADDR) | (va & 0xfff));
}
