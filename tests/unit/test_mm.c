// SPDX-License-Identifier: MIT
/*
 * test_mm.c - unit tests of guestkernel/mm (page allocator, page tables,
 * VMAs, faults, COW, user copies, brk, mremap) and syscalls/sys_mm.c,
 * built for the host against the fake platform of tests/unit/shim.c.
 */
#include "shim.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <sys/resource.h>

#include "fs/vfs.h"
#include "kernel/task.h"
#include "mm/mm_internal.h"
#include "syscalls/syscall.h"

static int ntest, nfail;

static void ok(int cond, const char *fmt, ...) __printf(2, 3);
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - ", cond ? "" : "not ", ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* A fake regular file: fs/ is not linked into this test. */
struct fake_file {
	const u8 *data;
	size_t size;
};

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	f->refs--;
}

ssize_t kernel_read(struct file *f, void *buf, size_t len, loff_t off)
{
	struct fake_file *ff = f->priv;

	if (off < 0)
		return -EINVAL;
	if ((size_t)off >= ff->size)
		return 0;
	if (len > ff->size - off)
		len = ff->size - off;
	memcpy(buf, ff->data + off, len);
	return (ssize_t)len;
}

static struct file test_file;

/* Resource limits the mm sees (0: unlimited). */
static u64 test_rlim[RLIM_NLIMITS];

u64 mm_rlimit(struct mm *mm, int resource)
{
	return test_rlim[resource] ? test_rlim[resource] : RLIM_INFINITY;
}

struct file *fd_get(struct task *t, int fd);
struct file *fd_get(struct task *t, int fd)
{
	if (fd != 3)
		return NULL;
	file_get(&test_file);
	return &test_file;
}

#define PG PAGE_SIZE
#define BASE 0x10000000ULL

static unsigned int nvmas(struct mm *mm)
{
	return mm_vmas(mm)->n;
}

static u64 *pte_of(struct mm *mm, uaddr_t va)
{
	u64 *p = pt_walk(mm, va, false);

	return p && (*p & PTE_P) ? p : NULL;
}

static void test_page_alloc(void)
{
	paddr_t a, b, c, run;
	unsigned int got;
	u64 total, i;
	int zero = 1;

	shim_platform_init(4 << 20);
	page_alloc_init(1 << 20, (1 << 20) + 65 * PG);
	total = page_free_count();
	ok(total == 64, "64 pages after 4 KiB of metadata (got %lu)",
	   (unsigned long)total);
	/* Dirty the pages (not the metadata page) to see them zeroed. */
	memset(platform->pmem_base + (1 << 20) + PG, 0xaa, 64 * PG);
	a = page_alloc();
	b = page_alloc();
	ok(a && b == a + PG, "fresh pages are ascending and contiguous");
	for (i = 0; i < PG; i++)
		if (((u8 *)pa_to_va(a))[i])
			zero = 0;
	ok(zero, "page_alloc returns a zeroed page");
	ok(page_refcount(a) == 1 && page_free_count() == total - 2,
	   "refcount 1, free count drops");
	page_get(a);
	ok(page_refcount(a) == 2, "page_get raises the count");
	page_put(a);
	ok(page_refcount(a) == 1 && page_free_count() == total - 2,
	   "page_put to 1 does not free");
	page_put(a);
	ok(page_refcount(a) == 0 && page_free_count() == total - 1,
	   "last page_put frees");
	memset(pa_to_va(a), 0x55, PG);
	c = page_alloc();
	ok(c == a && ((u8 *)pa_to_va(c))[100] == 0,
	   "the lowest free page is reused, zeroed");
	run = page_alloc_run(8, &got);
	ok(run == b + PG && got == 8, "page_alloc_run: 8 contiguous pages");
	page_put(run + 2 * PG);
	page_put(run + 3 * PG);
	a = page_alloc_run(4, &got);
	ok(a == run + 2 * PG && got == 2,
	   "a run over free pages stops at the first used one");
	for (i = 0; page_alloc(); i++)
		;
	ok(i == total - 10 && page_free_count() == 0,
	   "allocation until exhaustion (%lu more)", (unsigned long)i);
	ok(page_alloc() == 0 && page_alloc_run(4, &got) == 0 && got == 0,
	   "exhausted: page_alloc returns 0");
	page_put(b);
	ok(page_alloc() == b, "a freed page is found again");
	ok(page_refcount(0) == 0 && page_refcount(a + 1) == 0,
	   "page_refcount of non-pages is 0");
}

/* A fresh allocator over 48 MiB of fake physical memory. */
static void reset_memory(void)
{
	shim_platform_init(64 << 20);
	page_alloc_init(1 << 20, 48 << 20);
}

static void test_vma(void)
{
	struct mm *mm;
	long r, r2;
	u64 free0;

	reset_memory();
	free0 = page_free_count();
	mm = mm_create();
	ok(mm && mm->pgd && mm->as, "mm_create: tables and platform as");
	ok(shim_last_call(SHIM_AS_CREATE) &&
	   shim_last_call(SHIM_AS_CREATE)->pa == mm->pgd,
	   "as_create got the PML4");

	r = mm_mmap(mm, BASE, 10 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	ok(r == (long)BASE && nvmas(mm) == 1 && mm->total_vm_pages == 10,
	   "MAP_FIXED anonymous mapping");
	r = mm_mmap(mm, BASE + 10 * PG, 2 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	ok(r == (long)(BASE + 10 * PG) && nvmas(mm) == 1 &&
	   vma_find(mm, BASE)->end == BASE + 12 * PG,
	   "an adjacent equal mapping merges");
	ok(mm_munmap(mm, BASE + 4 * PG, 2 * PG) == 0 && nvmas(mm) == 2 &&
	   vma_find(mm, BASE)->end == BASE + 4 * PG &&
	   vma_find(mm, BASE + 6 * PG)->start == BASE + 6 * PG &&
	   !vma_find(mm, BASE + 5 * PG),
	   "munmap in the middle splits the VMA");
	ok(mm->total_vm_pages == 10, "total_vm follows munmap");
	ok(mm_mprotect(mm, BASE + PG, PG, PROT_READ) == 0 && nvmas(mm) == 4,
	   "mprotect of one page splits in three");
	ok(vma_find(mm, BASE + PG)->prot == PROT_READ &&
	   vma_find(mm, BASE)->prot == (PROT_READ | PROT_WRITE),
	   "only that page changed protection");
	ok(mm_mprotect(mm, BASE + PG, PG, PROT_READ | PROT_WRITE) == 0 &&
	   nvmas(mm) == 2, "mprotect back merges again");
	ok(mm_mprotect(mm, BASE, 8 * PG, PROT_READ) == -ENOMEM,
	   "mprotect over a hole: -ENOMEM");
	ok(mm_mprotect(mm, BASE + 1, PG, PROT_READ) == -EINVAL,
	   "mprotect unaligned: -EINVAL");
	ok(mm_munmap(mm, BASE + 1, PG) == -EINVAL && mm_munmap(mm, BASE, 0) ==
	   -EINVAL, "munmap unaligned or empty: -EINVAL");
	ok(mm_munmap(mm, 0x7ffff000000ULL, PG) == 0,
	   "munmap of nothing mapped succeeds");

	r = mm_mmap(mm, 0, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		    NULL, 0);
	r2 = mm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		     NULL, 0);
	ok(r > 0 && (u64)r + 3 * PG <= mm->mmap_base && r2 > 0 &&
	   (u64)r2 + PG == (u64)r,
	   "mmap without hint: top-down from mmap_base (%lx, %lx)", r, r2);
	ok(nvmas(mm) == 3, "equal neighbours from gap search merge");
	r = mm_mmap(mm, BASE + 20 * PG, PG, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	ok(r == (long)(BASE + 20 * PG), "a free hint is used");
	r = mm_mmap(mm, BASE, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		    NULL, 0);
	ok(r > 0 && r != (long)BASE, "a busy hint is not");
	ok(mm_mmap(mm, BASE, PG, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0)
	   == -EEXIST, "MAP_FIXED_NOREPLACE over a mapping: -EEXIST");
	ok(mm_mmap(mm, BASE + 5 * PG, PG, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0)
	   == (long)(BASE + 5 * PG), "MAP_FIXED_NOREPLACE into a hole");
	ok(mm_mmap(mm, BASE + 1, PG, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0) == -EINVAL,
	   "MAP_FIXED unaligned: -EINVAL");
	ok(mm_mmap(mm, USER_TOP - PG, 2 * PG, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0) == -ENOMEM,
	   "MAP_FIXED past USER_TOP: -ENOMEM");
	ok(mm_mmap(mm, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0)
	   == -EINVAL, "zero length: -EINVAL");
	ok(mm_mmap(mm, 0, 1ULL << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		   NULL, 0) == -ENOMEM, "huge length: -ENOMEM");
	r = mm_mmap(mm, BASE, 30 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	ok(r == (long)BASE && vma_find(mm, BASE)->end == BASE + 30 * PG &&
	   vma_find(mm, BASE + 20 * PG)->prot == (PROT_READ | PROT_WRITE),
	   "MAP_FIXED replaces everything below it");
	ok(vma_find_gap(mm, 4 * PG, BASE, BASE + 33 * PG) == 0 &&
	   vma_find_gap(mm, 3 * PG, BASE, BASE + 33 * PG) == BASE + 30 * PG,
	   "vma_find_gap respects bounds");

	/* Thousands of VMAs. */
	{
		int i, bad = 0;

		for (i = 0; i < 3000; i++)
			if (mm_mmap(mm, 0x200000000ULL + (u64)i * 2 * PG, PG,
				    i & 1 ? PROT_READ : PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				    NULL, 0) < 0)
				bad++;
		for (i = 0; i < 3000; i += 7)
			if (!vma_find(mm, 0x200000000ULL + (u64)i * 2 * PG) ||
			    vma_find(mm, 0x200000000ULL + (u64)i * 2 * PG + PG))
				bad++;
		ok(!bad && nvmas(mm) > 3000, "3000 VMAs, lookups right");
	}
	mm_put(mm);
	ok(page_free_count() == free0, "mm_put frees every page and table");
}

static void test_fault_cow(void)
{
	struct mm *mm, *child;
	char buf[32];
	u64 *pte, *cpte;
	u64 free0;
	long sh;

	reset_memory();
	free0 = page_free_count();
	mm = mm_create();
	mm_mmap(mm, BASE, 64 * PG, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	mm_mmap(mm, BASE + 64 * PG, 4 * PG, PROT_READ,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	ok(mm_fault(mm, BASE - PG, PROT_READ) == -EFAULT,
	   "fault without a VMA: -EFAULT");
	ok(mm_fault(mm, BASE + 64 * PG, PROT_WRITE) == -EACCES,
	   "write fault on a read-only VMA: -EACCES");
	shim_calls_reset();
	ok(mm_fault(mm, BASE + 5 * PG + 12, 0) == 0, "unknown-access fault maps");
	pte = pte_of(mm, BASE + 5 * PG);
	ok(pte && (*pte & PTE_RW) && (*pte & PTE_US) && (*pte & PTE_NX) &&
	   (*pte & PTE_MIRROR), "fresh private page is mapped writable");
	ok(mm->rss_pages == 16 && shim_count_calls(SHIM_AS_MAP) == 1 &&
	   shim_last_call(SHIM_AS_MAP)->len == 16 * PG &&
	   shim_last_call(SHIM_AS_MAP)->va == BASE &&
	   shim_last_call(SHIM_AS_MAP)->prot == (PROT_READ | PROT_WRITE),
	   "fault-around: 16 pages in one as_map");
	ok(mm_fault(mm, BASE + 5 * PG, 0) == -EACCES,
	   "unknown access on a mirrored full-permission page: -EACCES");
	ok(mm_fault(mm, BASE + 5 * PG, PROT_READ) == 0,
	   "explicit read of a mirrored page: re-mirror");
	ok(mm_fault(mm, BASE + 64 * PG, PROT_READ) == 0 &&
	   pte_of(mm, BASE + 64 * PG) &&
	   !(*pte_of(mm, BASE + 64 * PG) & PTE_RW),
	   "read fault on read-only VMA maps read-only");

	ok(copy_out(mm, BASE + 5 * PG, "parent", 7) == 0, "parent writes");
	sh = mm_mmap(mm, 0, PG, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	ok(sh > 0 && copy_out(mm, sh, "shared0", 8) == 0, "shared anonymous page");
	shim_calls_reset();
	child = mm_fork(mm);
	ok(child && child->as && child->as != mm->as, "mm_fork");
	pte = pte_of(mm, BASE + 5 * PG);
	cpte = pte_of(child, BASE + 5 * PG);
	ok(pte && cpte && (*pte & PTE_ADDR) == (*cpte & PTE_ADDR) &&
	   (*pte & PTE_COW) && !(*pte & PTE_RW) && (*cpte & PTE_COW) &&
	   !(*cpte & PTE_RW) && !(*cpte & PTE_MIRROR),
	   "private page shared COW, read-only in both");
	ok(page_refcount(*pte & PTE_ADDR) == 2, "COW page has two references");
	ok(shim_count_calls(SHIM_AS_PROTECT) >= 1 &&
	   shim_last_call(SHIM_AS_PROTECT)->prot == PROT_READ &&
	   shim_last_call(SHIM_AS_PROTECT)->obj == mm->as,
	   "parent's writable pages write-protected on the platform");
	ok(child->rss_pages == mm->rss_pages && nvmas(child) == nvmas(mm),
	   "child has the parent's VMAs and pages");

	ok(mm_fault(child, BASE + 64 * PG, 0) == 0,
	   "child: unknown access on a page the platform lost: re-mirrored");
	ok(copy_out(child, BASE + 5 * PG, "child!", 7) == 0, "child writes");
	memset(buf, 0, sizeof(buf));
	ok(copy_in(mm, buf, BASE + 5 * PG, 7) == 0 && !strcmp(buf, "parent"),
	   "parent still reads its data (%s)", buf);
	ok(copy_in(child, buf, BASE + 5 * PG, 7) == 0 && !strcmp(buf, "child!"),
	   "child reads its own data (%s)", buf);
	ok(page_refcount(*pte & PTE_ADDR) == 1, "COW broken: one reference left");
	ok(mm_fault(mm, BASE + 5 * PG, PROT_WRITE) == 0 && (*pte & PTE_RW) &&
	   !(*pte & PTE_COW), "last user of a COW page just gets it writable");
	ok(copy_out(child, sh, "shared1", 8) == 0 &&
	   copy_in(mm, buf, sh, 8) == 0 && !strcmp(buf, "shared1"),
	   "MAP_SHARED anonymous: child's write shows in the parent");
	ok(mm_fault(child, BASE + 6 * PG, 0) == 0 &&
	   !(*pte_of(child, BASE + 6 * PG) & PTE_COW),
	   "unknown-access fault on a COW page breaks COW");
	mm_put(child);
	mm_put(mm);
	ok(page_free_count() == free0, "all pages back after fork and puts");
}

static void test_copy(void)
{
	struct mm *mm;
	char big[3 * 4096], back[3 * 4096], s[64];
	size_t i;

	reset_memory();
	mm = mm_create();
	mm_mmap(mm, BASE, 4 * PG, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	mm_mmap(mm, BASE + 4 * PG, PG, PROT_READ,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	mm_mmap(mm, BASE + 5 * PG, PG, PROT_NONE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	ok(copy_out(mm, BASE + 100, big, sizeof(big)) == 0 &&
	   copy_in(mm, back, BASE + 100, sizeof(back)) == 0 &&
	   !memcmp(big, back, sizeof(big)), "copy across page boundaries");
	ok(copy_in(mm, back, BASE + 4 * PG + 10, 16) == 0 && back[0] == 0,
	   "read of an untouched read-only page: zeros");
	ok(copy_out(mm, BASE + 4 * PG - 2, "abcd", 4) == -EFAULT,
	   "copy_out into a read-only page: -EFAULT");
	ok(copy_in(mm, back, BASE + 5 * PG, 1) == -EFAULT,
	   "copy_in from PROT_NONE: -EFAULT");
	ok(copy_in(mm, back, BASE + 6 * PG - 1, 2) == -EFAULT,
	   "copy_in running off the mapping: -EFAULT");
	ok(copy_in(mm, back, 0, 1) == -EFAULT, "NULL: -EFAULT");
	ok(copy_in(mm, back, USER_TOP - 1, 1) == -EFAULT &&
	   copy_out(mm, ~0ULL - 2, "x", 8) == -EFAULT,
	   "kernel and wrapping addresses: -EFAULT");
	ok(clear_user(mm, BASE + 100, 5000) == 0 &&
	   copy_in(mm, back, BASE + 100, 5000) == 0 && back[0] == 0 &&
	   back[4999] == 0 && copy_in(mm, back, BASE + 5100, 1) == 0 &&
	   back[0] == big[5000], "clear_user");
	copy_out(mm, BASE + PG - 3, "hello", 6);
	ok(copy_string_in(mm, s, BASE + PG - 3, sizeof(s)) == 5 &&
	   !strcmp(s, "hello"), "string across a page boundary");
	ok(copy_string_in(mm, s, BASE + PG - 3, 5) == -ENAMETOOLONG,
	   "string longer than max: -ENAMETOOLONG");
	memset(big, 'x', PG);
	copy_out(mm, BASE + 4 * PG - PG, big, PG);
	ok(copy_string_in(mm, s, BASE + 4 * PG - 8, sizeof(s)) == 8,
	   "string ending in the next (untouched, zero) page");
	mm_mprotect(mm, BASE + 4 * PG, PG, PROT_NONE);
	ok(copy_string_in(mm, s, BASE + 4 * PG - 8, sizeof(s)) == -EFAULT,
	   "string running into PROT_NONE: -EFAULT");
	ok(mm_mprotect(mm, BASE + 4 * PG, PG, PROT_READ | PROT_WRITE) == 0 &&
	   copy_out(mm, BASE + 4 * PG, "w", 1) == 0,
	   "mprotect upgrade makes copy_out work");

	/* A MAP_GROWSDOWN stack grows on faults below it, keeping a guard page. */
	ok(mm_mmap(mm, BASE + 40 * PG, 2 * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN,
		   NULL, 0) == (long)(BASE + 40 * PG) &&
	   copy_out(mm, BASE + 37 * PG + 8, "stack", 6) == 0 &&
	   vma_find(mm, BASE + 40 * PG)->start == BASE + 37 * PG,
	   "growsdown mapping grows to a fault below it");
	ok(mm_fault(mm, BASE + 6 * PG, PROT_WRITE) == -EFAULT,
	   "no growth into the guard page above another mapping");
	mm_put(mm);
}

static void test_brk_mremap_file(void)
{
	static u8 data[5000];
	struct fake_file ff = { data, sizeof(data) };
	struct mm *mm;
	char buf[16];
	u8 pg[4096];
	long r;
	size_t i;

	reset_memory();
	mm = mm_create();
	mm->brk_start = mm->brk = 0x600123;
	ok(mm_brk(mm, 0) == 0x600123, "brk(0) returns the break");
	ok(mm_brk(mm, 0x600123 + 3 * PG) == 0x600123 + 3 * PG,
	   "brk grows");
	ok(copy_out(mm, 0x601000, "heap", 5) == 0 &&
	   copy_out(mm, 0x600123 + 3 * PG - 1, "z", 1) == 0,
	   "grown heap is writable");
	ok(mm_brk(mm, 0x500000) == 0x600123 + 3 * PG, "brk below start fails");
	ok(mm_brk(mm, 0x601010) == 0x601010 &&
	   copy_in(mm, buf, 0x601000, 5) == 0 && !strcmp(buf, "heap") &&
	   copy_in(mm, buf, 0x602000, 1) == -EFAULT,
	   "brk shrinks, keeping the pages below");
	mm_mmap(mm, 0x605000, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		MAP_FIXED, NULL, 0);
	ok(mm_brk(mm, 0x606000) == 0x601010, "brk cannot grow over a mapping");

	r = mm_mmap(mm, BASE, 2 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	copy_out(mm, BASE + PG, "keep", 5);
	ok(mm_mremap(mm, BASE, 2 * PG, 4 * PG, 0, 0) == (long)BASE &&
	   vma_find(mm, BASE)->end == BASE + 4 * PG, "mremap grows in place");
	mm_mmap(mm, BASE + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		MAP_FIXED, NULL, 0);
	ok(mm_mremap(mm, BASE, 4 * PG, 8 * PG, 0, 0) == -ENOMEM,
	   "mremap blocked without MAYMOVE: -ENOMEM");
	r = mm_mremap(mm, BASE, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
	ok(r > 0 && r != (long)BASE && copy_in(mm, buf, r + PG, 5) == 0 &&
	   !strcmp(buf, "keep") && !vma_find(mm, BASE),
	   "mremap moves, data follows, old range is gone");
	ok(mm_mremap(mm, r, 8 * PG, PG, 0, 0) == r &&
	   vma_find(mm, r)->end == (u64)r + PG, "mremap shrinks");
	ok(mm_mremap(mm, r, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		     BASE + 100 * PG) == (long)(BASE + 100 * PG) &&
	   !vma_find(mm, r), "MREMAP_FIXED");
	ok(mm_mremap(mm, BASE + 200 * PG, PG, 2 * PG, MREMAP_MAYMOVE, 0) ==
	   -EFAULT, "mremap of nothing: -EFAULT");
	ok(mm_mremap(mm, BASE + 100 * PG, PG, 2 * PG, MREMAP_FIXED, 0) ==
	   -EINVAL, "MREMAP_FIXED without MAYMOVE: -EINVAL");

	/* File-backed private mapping. */
	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i % 251 + 1);
	test_file.priv = &ff;
	test_file.flags = O_RDONLY;
	test_file.refs = 1;
	r = mm_mmap(mm, 0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		    &test_file, 0);
	ok(r > 0 && test_file.refs == 2, "file mapping holds a reference");
	ok(copy_in(mm, pg, r + PG, PG) == 0 && pg[0] == data[PG] &&
	   pg[5000 - PG - 1] == data[4999] && pg[5000 - PG] == 0 &&
	   pg[PG - 1] == 0, "file contents, zero past EOF");
	ok(copy_out(mm, r, "priv", 4) == 0 && data[0] == 1,
	   "private write does not reach the file");
	ok(mm_munmap(mm, r + PG, PG) == 0 && test_file.refs == 3,
	   "split file mapping: one reference per VMA");
	ok(copy_in(mm, pg, r + 2 * PG, 16) == 0 && pg[0] == 0,
	   "beyond EOF reads zero");
	mm_munmap(mm, r, 3 * PG);
	ok(test_file.refs == 1, "munmap drops the references");
	r = mm_mmap(mm, 0, PG, PROT_READ, MAP_PRIVATE, &test_file, PG);
	ok(r > 0 && copy_in(mm, pg, r, 4) == 0 && pg[0] == data[PG],
	   "file offset honoured");

	/* MADV_DONTNEED. */
	r = mm_mmap(mm, 0, 2 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	copy_out(mm, r + 8, "gone", 5);
	ok(mm_dontneed(mm, r, 2 * PG) == 0 && copy_in(mm, buf, r + 8, 5) == 0 &&
	   buf[0] == 0, "MADV_DONTNEED: private anonymous reads back zero");
	ok(mm_dontneed(mm, 0x100000000ULL, PG) == -ENOMEM,
	   "MADV_DONTNEED on unmapped range: -ENOMEM");
	mm_put(mm);
	ok(test_file.refs == 1, "mm_put drops the file references");
}

static long call(long (*fn)(struct task *, const struct syscall_args *),
		 struct task *t, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct syscall_args a = { 0, { a0, a1, a2, a3, a4, a5 } };

	return fn(t, &a);
}

static void test_syscalls(void)
{
	struct task *t = calloc(1, sizeof(*t));
	static u8 data[100] = "file data";
	struct fake_file ff = { data, sizeof(data) };
	u8 vec[4];
	char buf[16];
	long r;

	reset_memory();
	t->mm = mm_create();
	test_file.priv = &ff;
	test_file.refs = 1;
	test_file.flags = O_RDONLY;
	ok(call(sys_mmap, t, 0, PG, PROT_READ, 0x0, -1, 0) == -EINVAL,
	   "mmap without SHARED/PRIVATE: -EINVAL");
	ok(call(sys_mmap, t, 0, PG, PROT_READ, MAP_SHARED_VALIDATE |
		MAP_ANONYMOUS | 0x200000, -1, 0) == -EOPNOTSUPP,
	   "MAP_SHARED_VALIDATE with an unknown flag: -EOPNOTSUPP");
	ok(call(sys_mmap, t, 0, PG, PROT_READ, MAP_PRIVATE, 5, 0) == -EBADF,
	   "mmap of a bad fd: -EBADF");
	ok(call(sys_mmap, t, 0, PG, PROT_READ, MAP_PRIVATE, 3, 1) == -EINVAL,
	   "unaligned offset: -EINVAL");
	ok(call(sys_mmap, t, 0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, 3, 0) ==
	   -EACCES, "writable shared map of a read-only file: -EACCES");
	r = call(sys_mmap, t, 0, PG, PROT_READ, MAP_PRIVATE, 3, 0);
	ok(r > 0 && copy_in(t->mm, buf, r, 10) == 0 && !strcmp(buf, "file data")
	   && test_file.refs == 2, "mmap of a file via fd");
	r = call(sys_mmap, t, 0, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ok(r > 0 && call(sys_mincore, t, r, 4 * PG, r, 0, 0, 0) == 0 &&
	   copy_in(t->mm, vec, r, 4) == 0 && vec[0] == 1 && vec[3] == 1,
	   "MAP_POPULATE, mincore");
	ok(call(sys_mincore, t, r + 1, PG, r, 0, 0, 0) == -EINVAL &&
	   call(sys_mincore, t, 0x100000000ULL, PG, r, 0, 0, 0) == -ENOMEM,
	   "mincore errors");
	ok(call(sys_msync, t, r, PG, MS_SYNC, 0, 0, 0) == 0 &&
	   call(sys_msync, t, r, PG, MS_SYNC | MS_ASYNC, 0, 0, 0) == -EINVAL,
	   "msync");
	ok(call(sys_mlock, t, r, 2 * PG, 0, 0, 0, 0) == 0 &&
	   mm_locked_pages(t->mm) == 2 &&
	   call(sys_munlock, t, r, PG, 0, 0, 0, 0) == 0 &&
	   mm_locked_pages(t->mm) == 1, "mlock/munlock accounting");
	ok(call(sys_mlock, t, 0x100000000ULL, PG, 0, 0, 0, 0) == -ENOMEM,
	   "mlock of unmapped: -ENOMEM");
	ok(call(sys_mlockall, t, MCL_CURRENT, 0, 0, 0, 0, 0) == 0 &&
	   mm_locked_pages(t->mm) == t->mm->total_vm_pages &&
	   call(sys_munlockall, t, 0, 0, 0, 0, 0, 0) == 0 &&
	   mm_locked_pages(t->mm) == 0, "mlockall/munlockall");
	ok(call(sys_madvise, t, r, PG, MADV_WILLNEED, 0, 0, 0) == 0 &&
	   call(sys_madvise, t, r, PG, 999, 0, 0, 0) == -EINVAL,
	   "madvise hints");
	ok(call(sys_mprotect, t, r, PG, PROT_READ, 0, 0, 0) == 0 &&
	   copy_out(t->mm, r, "x", 1) == -EFAULT, "sys_mprotect");
	ok(call(sys_munmap, t, r, 4 * PG, 0, 0, 0, 0) == 0 &&
	   copy_in(t->mm, buf, r, 1) == -EFAULT, "sys_munmap");
	t->mm->brk_start = t->mm->brk = 0x700000;
	ok(call(sys_brk, t, 0x702000, 0, 0, 0, 0, 0) == 0x702000, "sys_brk");
	mm_put(t->mm);
	ok(test_file.refs == 1, "file reference released");
	free(t);
}

/* RLIMIT_AS bounds mmap and mremap, RLIMIT_DATA brk, RLIMIT_STACK growth. */
static void test_rlimits(void)
{
	struct mm *mm;
	long r;

	reset_memory();
	mm = mm_create();
	test_rlim[RLIMIT_AS] = 16 * PG;
	r = mm_mmap(mm, 0, 8 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		    NULL, 0);
	ok(r > 0, "mmap within RLIMIT_AS");
	ok(mm_mmap(mm, 0, 9 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		   NULL, 0) == -ENOMEM, "mmap beyond RLIMIT_AS: -ENOMEM");
	ok(mm_mmap(mm, r, 8 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED, NULL, 0) == r,
	   "MAP_FIXED over an old mapping does not count it twice");
	ok(mm_mremap(mm, r, 8 * PG, 20 * PG, MREMAP_MAYMOVE, 0) == -ENOMEM,
	   "mremap growth beyond RLIMIT_AS: -ENOMEM");
	test_rlim[RLIMIT_AS] = 0;
	ok(mm_mmap(mm, BASE, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED_NOREPLACE, NULL, 0) == (long)BASE &&
	   mm_mmap(mm, BASE + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED_NOREPLACE, NULL, 0) == -EEXIST,
	   "MAP_FIXED_NOREPLACE over a mapping: -EEXIST");

	mm->brk_start = mm->brk = 0x700000;
	test_rlim[RLIMIT_DATA] = 4 * PG;
	ok(mm_brk(mm, 0x700000 + 3 * PG) == 0x700000 + 3 * PG,
	   "brk within RLIMIT_DATA");
	ok(mm_brk(mm, 0x700000 + 8 * PG) == 0x700000 + 3 * PG,
	   "brk beyond RLIMIT_DATA fails");
	test_rlim[RLIMIT_DATA] = 0;

	r = mm_mmap(mm, 0x20000000, 4 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN,
		    NULL, 0);
	test_rlim[RLIMIT_STACK] = 8 * PG;
	ok(r == 0x20000000 && mm_fault(mm, r - 2 * PG, PROT_WRITE) == 0,
	   "MAP_GROWSDOWN stack grows on a fault below it");
	ok(mm_fault(mm, r - 6 * PG, PROT_WRITE) == -EFAULT,
	   "stack growth beyond RLIMIT_STACK: -EFAULT");
	test_rlim[RLIMIT_STACK] = 0;
	mm_put(mm);
}

/*
 * Fault-around windows are aligned to the VMA's start (a small mapping is
 * filled by its first fault wherever it lies, even across two leaf
 * tables), and a platform with populate_max gets small private anonymous
 * mappings populated by mmap in one as_map.
 */
static void test_fault_around(void)
{
	/* 16 pages starting 5 pages below a 2 MiB boundary */
	uaddr_t at = 0x40200000ULL - 5 * PG;
	struct mm *mm;
	u64 free0;
	long r;

	reset_memory();
	free0 = page_free_count();
	mm = mm_create();
	r = mm_mmap(mm, at, 16 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	shim_calls_reset();
	ok(r == (long)at && mm_fault(mm, at + 3 * PG, PROT_WRITE) == 0 &&
	   shim_count_calls(SHIM_AS_MAP) == 1 &&
	   shim_last_call(SHIM_AS_MAP)->va == at &&
	   shim_last_call(SHIM_AS_MAP)->len == 16 * PG && mm->rss_pages == 16,
	   "unaligned 16-page VMA: one fault maps all of it, across leaf tables");
	ok(pte_of(mm, at) && pte_of(mm, at + 15 * PG) && !pte_of(mm, at + 16 * PG),
	   "PTEs on both sides of the 2 MiB boundary, none past the VMA");
	mm_munmap(mm, at, 16 * PG);
	r = mm_mmap(mm, BASE + 3 * PG, 40 * PG, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	shim_calls_reset();
	ok(mm_fault(mm, BASE + 3 * PG + 20 * PG, PROT_READ) == 0 &&
	   shim_last_call(SHIM_AS_MAP)->va == BASE + 3 * PG + 16 * PG &&
	   shim_last_call(SHIM_AS_MAP)->len == 16 * PG,
	   "windows of a larger VMA are 16 pages from its start");
	ok(mm_fault(mm, BASE + 3 * PG + 39 * PG, PROT_READ) == 0 &&
	   shim_last_call(SHIM_AS_MAP)->va == BASE + 3 * PG + 32 * PG &&
	   shim_last_call(SHIM_AS_MAP)->len == 8 * PG,
	   "the last window ends with the VMA");
	mm_munmap(mm, BASE + 3 * PG, 40 * PG);

	shim_platform_ops.populate_max = 16 * PG;
	shim_calls_reset();
	r = mm_mmap(mm, 0, 16 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	ok(r > 0 && shim_count_calls(SHIM_AS_MAP) == 1 &&
	   shim_last_call(SHIM_AS_MAP)->va == (uaddr_t)r &&
	   shim_last_call(SHIM_AS_MAP)->len == 16 * PG && pte_of(mm, r) &&
	   (*pte_of(mm, r) & PTE_RW) && pte_of(mm, r + 15 * PG),
	   "populate_max: a small anonymous mmap comes mapped");
	mm_munmap(mm, r, 16 * PG);
	shim_calls_reset();
	r = mm_mmap(mm, 0, 17 * PG, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	mm_munmap(mm, r, 17 * PG);
	r = mm_mmap(mm, 0, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    NULL, 0);
	mm_munmap(mm, r, 4 * PG);
	r = mm_mmap(mm, 0, 4 * PG, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, NULL, 0);
	mm_munmap(mm, r, 4 * PG);
	ok(shim_count_calls(SHIM_AS_MAP) == 0,
	   "not when larger, PROT_NONE or shared");
	shim_platform_ops.populate_max = 0;
	mm_put(mm);
	ok(page_free_count() == free0, "every page back");
}

int main(void)
{
	test_page_alloc();
	test_vma();
	test_fault_cow();
	test_copy();
	test_brk_mremap_file();
	test_syscalls();
	test_rlimits();
	test_fault_around();
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
