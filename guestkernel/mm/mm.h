/* SPDX-License-Identifier: MIT */
/*
 * mm - application address spaces.
 *
 * An mm owns x86-64 4-level page tables kept in sandbox physical memory
 * (they are the real tables under KVM and the sentry's record under
 * ptrace), a sorted set of VMAs, and a platform_as that mirrors it.
 * Pages are allocated on demand (mm_fault); fork shares pages
 * copy-on-write.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "klib/klib.h"
#include "platform/platform.h"

struct file;

/* Top of the application address range; the ptrace stub lives above it. */
#define USER_TOP 0x7ffff0000000ULL
/* Lowest address mmap hands out without a hint. */
#define USER_MMAP_MIN 0x10000ULL

struct mm {
	int refs;
	paddr_t pgd;			/* physical address of the PML4 */
	struct platform_as *as;
	void *vmas;			/* private to mm/ (VMA tree or list) */
	uaddr_t brk_start, brk;
	uaddr_t mmap_base;
	uaddr_t start_stack, arg_start, arg_end, env_start, env_end;
	u64 rss_pages;
	u64 total_vm_pages;
	bool lock_future;		/* mlockall(MCL_FUTURE): new mappings are locked */
	char exe_path[256];
	struct list_head all_link;	/* every mm (page cache reverse map) */
	void *aio;			/* fs/aio.c: AIO contexts; fork does not copy them */
};

/* page_alloc_init - give the allocator physical [start, end). */
void page_alloc_init(paddr_t start, paddr_t end);
/* page_alloc - one zeroed 4 KiB physical page, or 0 when out of memory. */
paddr_t page_alloc(void);
/* page_get / page_put - reference counting of a physical page; put frees at zero. */
void page_get(paddr_t pa);
void page_put(paddr_t pa);
/* page_refcount - references on @pa. */
int page_refcount(paddr_t pa);
/* page_free_count - free pages left. */
u64 page_free_count(void);
/*
 * page_alloc_run - up to @n (>= 1) physically contiguous zeroed pages, each
 * with one reference; *@got is how many. Returns the first one, or 0 (and
 * *@got = 0) when out of memory.
 */
paddr_t page_alloc_run(unsigned int n, unsigned int *got);

/*
 * mm_set_kernel_pml4 - PML4 entries 256..511 (@entries[0..255]) that every
 * address space created afterwards shares (the KVM kernel half). Until it
 * is called the kernel half stays empty (ptrace).
 */
void mm_set_kernel_pml4(const u64 *entries);

/* mm_create - an empty address space, or NULL on -ENOMEM. */
struct mm *mm_create(void);
/* mm_fork - copy-on-write duplicate of @parent for fork(); NULL on -ENOMEM. */
struct mm *mm_fork(struct mm *parent);
/* mm_get/mm_put - reference counting; the last put frees pages and tables. */
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);
/*
 * aio_mm_exit - optional (weak) hook the last mm_put calls to drop @mm's
 * AIO contexts (fs/aio_ctx.c); absent in builds without AIO.
 */
void aio_mm_exit(struct mm *mm) __attribute__((weak));

/*
 * mm_mmap - map [addr, addr+len) with @prot/@flags (MAP_* as Linux) backed
 * by @file at @off (NULL: anonymous). Without MAP_FIXED @addr is a hint.
 * Returns the address or -errno.
 */
long mm_mmap(struct mm *mm, uaddr_t addr, u64 len, int prot, int flags,
	     struct file *file, u64 off);
/* mm_munmap - unmap a range. Returns 0 or -errno. */
int mm_munmap(struct mm *mm, uaddr_t addr, u64 len);
/* mm_mprotect - change protection. Returns 0 or -errno. */
int mm_mprotect(struct mm *mm, uaddr_t addr, u64 len, int prot);
/* mm_brk - set the program break; returns the new (or unchanged) break. */
uaddr_t mm_brk(struct mm *mm, uaddr_t brk);
/*
 * mm_mremap - grow, shrink or move [old, old+old_len) to @new_len bytes
 * (MREMAP_MAYMOVE/FIXED/DONTUNMAP in @flags, @new_addr for FIXED).
 * Returns the new address or -errno.
 */
long mm_mremap(struct mm *mm, uaddr_t old, u64 old_len, u64 new_len,
	       int flags, uaddr_t new_addr);
/* mm_dontneed - MADV_DONTNEED: drop the private pages of a mapped range. 0 or -errno. */
int mm_dontneed(struct mm *mm, uaddr_t addr, u64 len);
/*
 * mm_msync - write the dirty page-cache pages of the MAP_SHARED file
 * mappings in [addr, addr+len) back (MS_SYNC and MS_ASYNC alike). 0,
 * -ENOMEM (unmapped hole) or the write-back error.
 */
int mm_msync(struct mm *mm, uaddr_t addr, u64 len);
/*
 * mm_rlimit - soft limit of RLIMIT_@resource (AS, DATA, STACK) that applies
 * to @mm: the current process's when it runs in @mm, else RLIM_INFINITY.
 * Defined outside mm/ (mm/mm_rlimit.c; unit tests bring their own).
 */
u64 mm_rlimit(struct mm *mm, int resource);
/*
 * mm_unmap_file_at - unmap every mapping in [@base, @base+@len) of a file
 * whose ops are @ops and that was mapped at @base from offset 0 (what one
 * shmat made, even if partly unmapped since). 0, or -EINVAL if none.
 */
struct file_ops;
int mm_unmap_file_at(struct mm *mm, uaddr_t base, u64 len,
		     const struct file_ops *ops);
/* mm_range_mapped - true if [addr, addr+len) is entirely covered by mappings. */
bool mm_range_mapped(struct mm *mm, uaddr_t addr, u64 len);
/* mm_mincore - @vec[i] = 1 if page i of @addr (page aligned) is resident, else 0. */
void mm_mincore(struct mm *mm, uaddr_t addr, u64 npages, u8 *vec);
/* mm_mlock - mark (@lock) or unmark a mapped range locked (accounting only). 0 or -errno. */
int mm_mlock(struct mm *mm, uaddr_t addr, u64 len, bool lock);
/* mm_mlock_all - mark or unmark every mapping locked. */
void mm_mlock_all(struct mm *mm, bool lock);
/* mm_locked_pages - pages in locked mappings (VmLck). */
u64 mm_locked_pages(struct mm *mm);

/*
 * mm_fault - resolve a fault at @addr for @access (PROT_READ/WRITE/EXEC):
 * allocate, copy-on-write, or just mirror an existing PTE to the platform.
 * Returns 0, -EFAULT (no VMA: SEGV_MAPERR), -EACCES (SEGV_ACCERR), -ENOMEM.
 */
int mm_fault(struct mm *mm, uaddr_t addr, int access);

/* copy_in - copy @n bytes from user @src into @dst. 0 or -EFAULT. */
int copy_in(struct mm *mm, void *dst, uaddr_t src, size_t n);
/* copy_out - copy @n bytes from @src to user @dst. 0 or -EFAULT. */
int copy_out(struct mm *mm, uaddr_t dst, const void *src, size_t n);
/* copy_string_in - copy a NUL-terminated string of at most @max bytes (with NUL); returns length, -EFAULT or -ENAMETOOLONG. */
long copy_string_in(struct mm *mm, char *dst, uaddr_t src, size_t max);
/* clear_user - zero @n bytes at user @dst. 0 or -EFAULT. */
int clear_user(struct mm *mm, uaddr_t dst, size_t n);

#endif
