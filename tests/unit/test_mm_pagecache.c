// SPDX-License-Identifier: MIT
/*
 * test_mm_pagecache.c - unit tests of fs/pagecache.c, the page-backed
 * tmpfs and MAP_SHARED file mappings (guestkernel/mm), built for the host
 * against the fake platform of tests/unit/shim.c. A fake "host" file
 * stands in for hostfs: its page cache fills from and writes back to a
 * buffer, so dirty tracking and write-back are checked exactly.
 */
#include "shim.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/memfd.h>
#include <linux/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "fs/pagecache.h"
#include "fs/tmpfs.h"
#include "fs/vfs_internal.h"
#include "kernel/task.h"
#include "mm/mm_internal.h"

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

/* ---- what fs/file.c would provide ---- */
struct file *file_alloc(struct inode *inode, const struct file_ops *ops,
			unsigned int flags)
{
	struct file *f = calloc(1, sizeof(*f));

	f->refs = 1;
	f->inode = inode;
	f->ops = ops;
	f->flags = flags;
	return f;
}

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	if (--f->refs > 0)
		return;
	inode_put(f->inode);
	free(f);
}

bool file_writable(struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

ssize_t kernel_read(struct file *f, void *buf, size_t len, loff_t off)
{
	struct uio u = { .mm = NULL, .kbuf = buf, .len = len };

	return f->ops->read(f, &u, &off);
}

u64 mm_rlimit(struct mm *mm, int resource)
{
	return RLIM_INFINITY;
}

#define PG PAGE_SIZE
#define BASE 0x10000000ULL

static void reset_memory(void)
{
	shim_platform_init(64 << 20);
	page_alloc_init(1 << 20, 48 << 20);
}

static ssize_t fwrite_at(struct file *f, const void *buf, size_t n, loff_t pos)
{
	struct uio u = { .mm = NULL, .kbuf = (void *)buf, .len = n };

	return f->ops->write(f, &u, &pos);
}

static ssize_t fread_at(struct file *f, void *buf, size_t n, loff_t pos)
{
	struct uio u = { .mm = NULL, .kbuf = buf, .len = n };

	return f->ops->read(f, &u, &pos);
}

static u64 *pte_of(struct mm *mm, uaddr_t va)
{
	u64 *p = pt_walk(mm, va, false);

	return p && (*p & PTE_P) ? p : NULL;
}

/* A new regular file @name in tmpfs @sb, opened O_RDWR. */
static struct file *tmpfs_file(struct super *sb, const char *name)
{
	struct inode *i;

	if (sb->root->iops->create(sb->root, name, S_IFREG | 0644, 0, 0, &i))
		return NULL;
	return file_alloc(i, i->fops, O_RDWR);
}

static int truncate_to(struct inode *i, loff_t size)
{
	struct iattr ia = { .valid = ATTR_SIZE, .size = size };

	return i->iops->setattr(i, &ia);
}

static void test_tmpfs(void)
{
	struct super *sb;
	struct file *f;
	char buf[64];
	u64 free0;

	reset_memory();
	free0 = page_free_count();
	sb = tmpfs_create("size=8k", 0, 0);
	f = tmpfs_file(sb, "a");
	ok(f && f->inode->pcache, "a tmpfs file has a page cache");
	ok(fwrite_at(f, "hello", 5, 2 * PG + 10) == 5 &&
	   f->inode->size == 2 * PG + 15, "write past a hole");
	ok(f->inode->pcache->npages == 1 && page_free_count() == free0 - 1,
	   "only the written page is allocated");
	memset(buf, 'x', sizeof(buf));
	ok(fread_at(f, buf, 8, 100) == 8 && !memcmp(buf, "\0\0\0\0\0\0\0\0", 8),
	   "the hole reads as zero");
	ok(fread_at(f, buf, 64, 2 * PG + 10) == 5 && !memcmp(buf, "hello", 5),
	   "data reads back, short at EOF");
	ok(fwrite_at(f, "a", 1, 0) == 1 && fwrite_at(f, "b", 1, PG) == -ENOSPC,
	   "size=8k: the third page is refused with -ENOSPC");
	ok(truncate_to(f->inode, 2 * PG + 12) == 0 &&
	   fread_at(f, buf, 8, 2 * PG + 10) == 2 && !memcmp(buf, "he", 2),
	   "truncate shortens");
	ok(truncate_to(f->inode, 2 * PG + 20) == 0 &&
	   fread_at(f, buf, 10, 2 * PG + 10) == 10 &&
	   !memcmp(buf, "he\0\0\0\0\0\0\0\0", 10),
	   "growing again exposes zeros, not old data");
	ok(truncate_to(f->inode, 10) == 0 && f->inode->pcache->npages == 1 &&
	   page_free_count() == free0 - 1, "truncate frees whole pages");
	ok(fwrite_at(f, "b", 1, PG) == 1, "freed pages are uncharged");
	sb->root->iops->unlink(sb->root, "a", f->inode);
	ok(page_free_count() == free0 - 2, "an unlinked open file keeps its pages");
	file_put(f);
	ok(page_free_count() == free0, "evicting the file frees its pages");
}

static void test_shared_tmpfs(void)
{
	struct super *sb;
	struct file *f;
	struct mm *mm, *child;
	char buf[16];
	u64 *pte;
	long m, m2, p;
	u8 vec[2];

	reset_memory();
	sb = tmpfs_create("", 0, 0);
	f = tmpfs_file(sb, "s");
	truncate_to(f->inode, 2 * PG);
	mm = mm_create();
	m = mm_mmap(mm, BASE, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, f,
		    0);
	ok(m == (long)BASE && f->inode->pcache->shared_maps == 1,
	   "MAP_SHARED of a tmpfs file");
	ok(copy_out(mm, m + 5, "mapped", 6) == 0, "write through the mapping");
	pte = pte_of(mm, m);
	ok(pte && (*pte & PTE_ADDR) == pagecache_lookup(f->inode->pcache, 0),
	   "the mapping maps the page-cache page itself");
	ok(fread_at(f, buf, 6, 5) == 6 && !memcmp(buf, "mapped", 6),
	   "read() sees the mapped write");
	ok(fwrite_at(f, "WRITE", 5, PG + 1) == 5 &&
	   copy_in(mm, buf, m + PG + 1, 5) == 0 && !memcmp(buf, "WRITE", 5),
	   "the mapping sees write()");

	p = mm_mmap(mm, 0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, f, 0);
	ok(p > 0 && copy_out(mm, p + 5, "PRIV", 4) == 0 &&
	   fread_at(f, buf, 6, 5) == 6 && !memcmp(buf, "mapped", 6),
	   "MAP_PRIVATE writes stay private");

	child = mm_fork(mm);
	ok(child && copy_out(child, m + 100, "child", 5) == 0 &&
	   copy_in(mm, buf, m + 100, 5) == 0 && !memcmp(buf, "child", 5),
	   "after fork both share the file pages");
	mm_put(child);

	m2 = mm_mremap(mm, m, 0, PG, MREMAP_MAYMOVE, 0);
	ok(m2 > 0 && m2 != m && copy_in(mm, buf, m2 + 5, 6) == 0 &&
	   !memcmp(buf, "mapped", 6), "mremap old_len 0 duplicates a mapping");
	ok(copy_out(mm, m2 + 200, "dup", 3) == 0 &&
	   copy_in(mm, buf, m + 200, 3) == 0 && !memcmp(buf, "dup", 3),
	   "the duplicate shares the pages");

	ok(mm_dontneed(mm, m, PG) == 0 && !pte_of(mm, m) &&
	   copy_in(mm, buf, m + 5, 6) == 0 && !memcmp(buf, "mapped", 6),
	   "MADV_DONTNEED on a shared mapping refaults from the cache");
	mm_dontneed(mm, m, 2 * PG);
	mm_mincore(mm, m, 2, vec);
	ok(vec[0] == 1 && vec[1] == 1, "mincore: cached shared pages are resident");

	shim_calls_reset();
	ok(truncate_to(f->inode, 10) == 0, "truncate a mapped file");
	copy_in(mm, buf, m, 1);
	ok(!pte_of(mm, m + PG) && mm_fault(mm, m + PG, PROT_READ) == -EFAULT,
	   "pages past the new end are unmapped and fault");
	mm_put(mm);
	ok(f->inode->pcache->shared_maps == 0, "munmap ends the shared mapping");
	file_put(f);
}

/* ---- a fake host file behind a transient page cache ---- */
static u8 host_data[3 * PAGE_SIZE];
static int host_fills, host_writes, host_drops;

static int fake_fill(struct inode *i, u64 index, paddr_t pa)
{
	host_fills++;
	memcpy(pa_to_va(pa), host_data + index * PG, PG);
	return 0;
}

static int fake_writeback(struct inode *i, u64 index, paddr_t pa, size_t len)
{
	host_writes++;
	memcpy(host_data + index * PG, pa_to_va(pa), len);
	return 0;
}

static void fake_dropped(struct inode *i)
{
	host_drops++;
}

static const struct pc_ops fake_ops = {
	.fill = fake_fill,
	.writeback = fake_writeback,
	.dropped = fake_dropped,
};

static const struct file_ops fake_fops;

static void test_writeback(void)
{
	struct inode *i;
	struct file *f;
	struct mm *mm;
	char buf[8];
	u64 *pte;
	long m;

	reset_memory();
	memset(host_data, 0, sizeof(host_data));
	memcpy(host_data + PG, "host", 4);
	i = inode_alloc(NULL, S_IFREG | 0644);
	i->size = sizeof(host_data);
	i->pcache = pagecache_create(i, &fake_ops, true);
	f = file_alloc(i, &fake_fops, O_RDWR);
	mm = mm_create();
	m = mm_mmap(mm, 0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	ok(m > 0 && copy_in(mm, buf, m + PG, 4) == 0 && !memcmp(buf, "host", 4)
	   && host_fills == 1, "a fault fills the page from the host");
	pte = pte_of(mm, m + PG);
	ok(pte && !(*pte & PTE_RW) && i->pcache->ndirty == 0,
	   "a read fault maps the page read-only and clean");
	ok(mm_fault(mm, m + PG, PROT_WRITE) == 0 && (*pte & PTE_RW) &&
	   i->pcache->ndirty == 1, "the first write dirties it");
	memcpy((u8 *)pa_to_va(*pte & PTE_ADDR) + 1, "OST", 3);
	ok(mm_msync(mm, m, 3 * PG) == 0 && host_writes == 1 &&
	   !memcmp(host_data + PG, "hOST", 4) && i->pcache->ndirty == 0,
	   "msync writes the dirty page back");
	ok(!(*pte & PTE_RW), "and write-protects it again");
	ok(mm_fault(mm, m + PG, 0) == 0 && (*pte & PTE_RW) &&
	   i->pcache->ndirty == 1, "an unknown-access fault re-dirties it");
	memcpy(pa_to_va(*pte & PTE_ADDR), "Z", 1);
	ok(mm_munmap(mm, m, 3 * PG) == 0 && host_writes == 2 &&
	   host_data[PG] == 'Z' && host_drops == 1 && i->pcache->npages == 0,
	   "the last munmap writes back and empties the cache");
	mm_put(mm);
	file_put(f);
}

static void test_memfd(void)
{
	struct task *t = calloc(1, sizeof(*t));
	struct process *p = calloc(1, sizeof(*p));
	struct file *f, *g;
	struct mm *mm;
	long m;

	reset_memory();
	t->proc = p;
	mm = mm_create();
	ok(memfd_file_create(t, "x", MFD_ALLOW_SEALING, &f) == 0 &&
	   memfd_seals_get(f) == 0, "memfd_create with sealing: no seals");
	ok(memfd_file_create(t, "y", 0, &g) == 0 &&
	   memfd_seals_get(g) == F_SEAL_SEAL &&
	   memfd_seals_add(g, F_SEAL_WRITE) == -EPERM,
	   "without MFD_ALLOW_SEALING: F_SEAL_SEAL");
	ok(truncate_to(f->inode, PG) == 0 && fwrite_at(f, "abc", 3, 0) == 3,
	   "ftruncate and write a memfd");
	m = mm_mmap(mm, 0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	ok(m > 0 && memfd_seals_add(f, F_SEAL_WRITE) == -EBUSY,
	   "F_SEAL_WRITE while mapped writable: -EBUSY");
	mm_munmap(mm, m, PG);
	ok(memfd_seals_add(f, F_SEAL_SHRINK | F_SEAL_GROW) == 0 &&
	   truncate_to(f->inode, 10) == -EPERM &&
	   truncate_to(f->inode, 2 * PG) == -EPERM &&
	   fwrite_at(f, "x", 1, PG) == -EPERM, "shrink and grow seals");
	ok(memfd_seals_add(f, F_SEAL_WRITE) == 0 &&
	   fwrite_at(f, "x", 1, 0) == -EPERM, "F_SEAL_WRITE stops write()");
	m = mm_mmap(mm, 0, PG, PROT_READ, MAP_SHARED, f, 0);
	ok(m > 0 && mm_mprotect(mm, m, PG, PROT_READ | PROT_WRITE) == -EACCES,
	   "a write-sealed mapping cannot become writable");
	ok(memfd_seals_add(f, F_SEAL_SEAL) == 0 &&
	   memfd_seals_add(f, F_SEAL_GROW) == -EPERM, "F_SEAL_SEAL is final");
	mm_put(mm);
	file_put(f);
	file_put(g);
	free(p);
	free(t);
}

int main(void)
{
	test_tmpfs();
	test_shared_tmpfs();
	test_writeback();
	test_memfd();
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
