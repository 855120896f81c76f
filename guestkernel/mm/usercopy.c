// SPDX-License-Identifier: MIT
/*
 * usercopy.c - copy_in/copy_out: user memory through the sentry's page
 * tables and the direct map. A page that is not there yet is faulted in
 * exactly as a user access would (a write also breaks copy-on-write).
 */
#include "mm/mm_internal.h"

/*
 * Direct-map pointer to user @va for @access (PROT_READ or PROT_WRITE),
 * faulting the page in if needed; NULL if the access is not allowed.
 */
static u8 *user_ptr(struct mm *mm, uaddr_t va, int access)
{
	int tries;

	/* A fault may race with another thread (file reads block): retry once more. */
	for (tries = 0; tries < 3; tries++) {
		u64 *pte = pt_walk(mm, va, false);

		if (pte && (*pte & PTE_P) && (*pte & PTE_US) &&
		    (!(access & PROT_WRITE) || (*pte & PTE_RW))) {
			paddr_t pa = *pte & PTE_ADDR;

			if (pa + PAGE_SIZE > platform->pmem_size)
				return NULL;
			return (u8 *)pa_to_va(pa) + (va & (PAGE_SIZE - 1));
		}
		if (tries == 2 || mm_fault(mm, va, access))
			break;
	}
	return NULL;
}

/* Does [addr, addr+n) lie in the user range? */
static bool user_range_ok(uaddr_t addr, size_t n)
{
	return addr < USER_TOP && n <= USER_TOP - addr;
}

int copy_in(struct mm *mm, void *dst, uaddr_t src, size_t n)
{
	u8 *d = dst;

	if (!user_range_ok(src, n))
		return -EFAULT;
	while (n) {
		size_t chunk = min(n, PAGE_SIZE - (src & (PAGE_SIZE - 1)));
		u8 *p = user_ptr(mm, src, PROT_READ);

		if (!p)
			return -EFAULT;
		memcpy(d, p, chunk);
		d += chunk;
		src += chunk;
		n -= chunk;
	}
	return 0;
}

int copy_out(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
	const u8 *s = src;

	if (!user_range_ok(dst, n))
		return -EFAULT;
	while (n) {
		size_t chunk = min(n, PAGE_SIZE - (dst & (PAGE_SIZE - 1)));
		u8 *p = user_ptr(mm, dst, PROT_WRITE);

		if (!p)
			return -EFAULT;
		memcpy(p, s, chunk);
		s += chunk;
		dst += chunk;
		n -= chunk;
	}
	return 0;
}

int clear_user(struct mm *mm, uaddr_t dst, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	while (n) {
		size_t chunk = min(n, PAGE_SIZE - (dst & (PAGE_SIZE - 1)));
		u8 *p = user_ptr(mm, dst, PROT_WRITE);

		if (!p)
			return -EFAULT;
		memset(p, 0, chunk);
		dst += chunk;
		n -= chunk;
	}
	return 0;
}

long copy_string_in(struct mm *mm, char *dst, uaddr_t src, size_t max)
{
	size_t done = 0;

	if (src >= USER_TOP)
		return -EFAULT;
	while (done < max) {
		size_t chunk = min(max - done, PAGE_SIZE - (src & (PAGE_SIZE - 1)));
		const u8 *p;
		size_t i;

		if (src >= USER_TOP)
			return -EFAULT;
		p = user_ptr(mm, src, PROT_READ);
		if (!p)
			return -EFAULT;
		for (i = 0; i < chunk; i++) {
			dst[done + i] = p[i];
			if (!p[i])
				return (long)(done + i);
		}
		done += chunk;
		src += chunk;
	}
	return -ENAMETOOLONG;
}
