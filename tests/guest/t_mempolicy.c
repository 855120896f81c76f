/* SPDX-License-Identifier: MIT */
/*
 * t_mempolicy - NUMA policies on one node: set_mempolicy/get_mempolicy
 * (modes, flags, node masks, MPOL_F_NODE/ADDR/MEMS_ALLOWED), mbind on a
 * range (reported per address), set_mempolicy_home_node, migrate_pages
 * and move_pages (node 0, -ENOENT, -EFAULT), and their EINVAL cases.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gtap.h"

#define MPOL_DEFAULT 0
#define MPOL_PREFERRED 1
#define MPOL_BIND 2
#define MPOL_INTERLEAVE 3
#define MPOL_LOCAL 4
#define MPOL_PREFERRED_MANY 5
#define MPOL_F_STATIC_NODES (1 << 15)
#define MPOL_F_RELATIVE_NODES (1 << 14)
#define MPOL_F_NODE 1
#define MPOL_F_ADDR 2
#define MPOL_F_MEMS_ALLOWED 4
#define MPOL_MF_STRICT 1
#define MPOL_MF_MOVE 2

static long set_pol(int mode, unsigned long *mask, unsigned long maxnode)
{
	return syscall(SYS_set_mempolicy, mode, mask, maxnode);
}

static long get_pol(int *mode, unsigned long *mask, unsigned long maxnode,
		    void *addr, unsigned long flags)
{
	return syscall(SYS_get_mempolicy, mode, mask, maxnode, addr, flags);
}

static long mbind_(void *addr, unsigned long len, int mode,
		   unsigned long *mask, unsigned long maxnode, unsigned flags)
{
	return syscall(SYS_mbind, addr, len, mode, mask, maxnode, flags);
}

/* Does get_mempolicy report mode @want and mask @wmask? */
static int reports(void *addr, int want, unsigned long wmask)
{
	int mode = -1;
	unsigned long m[2] = { ~0UL, ~0UL };

	if (get_pol(&mode, m, 128, addr, addr ? MPOL_F_ADDR : 0))
		return 0;
	return mode == want && m[0] == wmask && m[1] == 0;
}

static void test_task_policy(void)
{
	unsigned long m = 1, m5 = 1UL << 5, m05 = 1 | 1UL << 5, big[2] = { 1, 2 };
	int mode = -1;

	ok(reports(NULL, MPOL_DEFAULT, 0), "the default policy is MPOL_DEFAULT");
	ok_sys(set_pol(MPOL_BIND, &m, 2), "MPOL_BIND to node 0");
	ok(reports(NULL, MPOL_BIND, 1), "get_mempolicy reports BIND {0}");
	ok_sys(set_pol(MPOL_INTERLEAVE, &m05, 64), "INTERLEAVE over {0,5}");
	ok(reports(NULL, MPOL_INTERLEAVE, 1), "only the existing node 0 is used");
	ok(get_pol(&mode, NULL, 0, NULL, MPOL_F_NODE) == 0 && mode == 0,
	   "MPOL_F_NODE gives the next interleave node 0");
	ok_sys(set_pol(MPOL_PREFERRED | MPOL_F_STATIC_NODES, &m05, 64),
	       "PREFERRED with MPOL_F_STATIC_NODES");
	ok(reports(NULL, MPOL_PREFERRED | MPOL_F_STATIC_NODES, m05),
	   "a static mask is reported as given");
	ok_errno(get_pol(&mode, NULL, 0, NULL, MPOL_F_NODE), EINVAL,
		 "MPOL_F_NODE without interleave is EINVAL");
	ok_sys(set_pol(MPOL_PREFERRED_MANY | MPOL_F_RELATIVE_NODES, &m5, 64),
	       "a relative mask folds onto node 0");
	ok(reports(NULL, MPOL_PREFERRED_MANY | MPOL_F_RELATIVE_NODES, m5),
	   "and is reported as given");
	ok_sys(set_pol(MPOL_PREFERRED, NULL, 0), "PREFERRED with no nodes");
	ok(reports(NULL, MPOL_LOCAL, 0), "becomes MPOL_LOCAL");
	ok_sys(set_pol(MPOL_LOCAL, NULL, 0), "MPOL_LOCAL");
	ok_errno(set_pol(MPOL_BIND, &m5, 64), EINVAL, "only node 5 is EINVAL");
	ok_errno(set_pol(MPOL_BIND, NULL, 0), EINVAL, "BIND with no nodes is EINVAL");
	ok_errno(set_pol(MPOL_BIND, &m, 1), EINVAL,
		 "maxnode 1 reads no bits: EINVAL");
	ok_errno(set_pol(MPOL_DEFAULT, &m, 2), EINVAL,
		 "DEFAULT with nodes is EINVAL");
	ok_errno(set_pol(MPOL_LOCAL, &m, 2), EINVAL, "LOCAL with nodes is EINVAL");
	ok_errno(set_pol(9, &m, 2), EINVAL, "an unknown mode is EINVAL");
	ok_errno(set_pol(MPOL_BIND | MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES,
			 &m, 2), EINVAL, "STATIC and RELATIVE together are EINVAL");
	ok_errno(set_pol(MPOL_PREFERRED | MPOL_F_STATIC_NODES, NULL, 0), EINVAL,
		 "PREFERRED with no nodes and STATIC is EINVAL");
	ok_errno(set_pol(MPOL_INTERLEAVE | (1 << 13), &m, 2), EINVAL,
		 "NUMA_BALANCING with INTERLEAVE is EINVAL");
	ok_sys(set_pol(MPOL_BIND | (1 << 13), &m, 2), "NUMA_BALANCING with BIND");
	ok(reports(NULL, MPOL_BIND | (1 << 13), 1), "reports the flag");
	ok_errno(set_pol(MPOL_BIND, (unsigned long *)8, 64), EFAULT,
		 "a bad mask pointer is EFAULT");
	ok_errno(set_pol(MPOL_BIND, &m, 100000), EINVAL,
		 "a huge maxnode is EINVAL");
	ok_sys(set_pol(MPOL_DEFAULT, NULL, 0), "back to MPOL_DEFAULT");
	ok(reports(NULL, MPOL_DEFAULT, 0), "reported again");

	ok_errno(get_pol(&mode, &m, 0, NULL, 0), EINVAL,
		 "a mask with maxnode 0 is EINVAL");
	ok_errno(get_pol(&mode, NULL, 0, NULL, 8), EINVAL,
		 "an unknown get flag is EINVAL");
	ok_errno(get_pol(&mode, NULL, 0, &m, 0), EINVAL,
		 "an address without MPOL_F_ADDR is EINVAL");
	ok_errno(get_pol(&mode, NULL, 0, NULL, MPOL_F_MEMS_ALLOWED | MPOL_F_NODE),
		 EINVAL, "MEMS_ALLOWED with NODE is EINVAL");
	big[0] = big[1] = ~0UL;
	ok(get_pol(&mode, big, 128, NULL, MPOL_F_MEMS_ALLOWED) == 0 &&
		   big[0] == 1 && big[1] == 0,
	   "MPOL_F_MEMS_ALLOWED is node 0, the rest cleared");
	ok_errno(get_pol((int *)8, NULL, 0, NULL, 0), EFAULT,
		 "a bad policy pointer is EFAULT");
}

static void test_mbind(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long m = 1;
	int mode = -1;

	ok_sys(set_pol(MPOL_INTERLEAVE, &m, 2), "task policy INTERLEAVE");
	ok_sys(mbind_(p + pg, pg, MPOL_BIND, &m, 2, MPOL_MF_STRICT | MPOL_MF_MOVE),
	       "mbind BIND on the second page");
	ok(reports(p + pg, MPOL_BIND, 1), "MPOL_F_ADDR reports BIND there");
	ok(reports(p, MPOL_DEFAULT, 0),
	   "the first page has no policy (not the task's)");
	ok(reports(p + 2 * pg + 5, MPOL_DEFAULT, 0), "nor the third");
	ok(get_pol(&mode, NULL, 0, p + pg, MPOL_F_ADDR | MPOL_F_NODE) == 0 &&
		   mode == 0,
	   "MPOL_F_ADDR|MPOL_F_NODE: the page is on node 0");
	ok_sys(mbind_(p, 4 * pg, MPOL_DEFAULT, NULL, 0, 0),
	       "mbind DEFAULT over all");
	ok(reports(p + pg, MPOL_DEFAULT, 0), "the policy is gone");
	ok_errno(mbind_(p + 1, pg, MPOL_BIND, &m, 2, 0), EINVAL,
		 "an unaligned start is EINVAL");
	ok_errno(mbind_(p, pg, MPOL_BIND, &m, 2, 8), EINVAL,
		 "an unknown mbind flag is EINVAL");
	ok_errno(mbind_(p, pg, 9, &m, 2, 0), EINVAL, "a bad mode is EINVAL");
	ok(mbind_(p, 0, MPOL_BIND, &m, 2, 0) == 0, "an empty range is 0");
	munmap(p + 3 * pg, pg);
	ok_errno(mbind_(p, 4 * pg, MPOL_BIND, &m, 2, 0), EFAULT,
		 "a range with a hole is EFAULT");
	ok_errno(get_pol(&mode, NULL, 0, p + 3 * pg, MPOL_F_ADDR), EFAULT,
		 "MPOL_F_ADDR on an unmapped address is EFAULT");
	ok_sys(mbind_(p, 2 * pg, MPOL_PREFERRED_MANY, &m, 2, 0),
	       "mbind PREFERRED_MANY");
	ok(syscall(SYS_set_mempolicy_home_node, p, 2 * pg, 0, 0) == 0,
	   "home node 0 on a PREFERRED_MANY range");
	ok_errno(syscall(SYS_set_mempolicy_home_node, p, 2 * pg, 1, 0), EINVAL,
		 "home node 1 is EINVAL");
	ok_errno(syscall(SYS_set_mempolicy_home_node, p, 2 * pg, 0, 1), EINVAL,
		 "home node flags are EINVAL");
	ok_sys(mbind_(p, pg, MPOL_INTERLEAVE, &m, 2, 0), "mbind INTERLEAVE");
	ok_errno(syscall(SYS_set_mempolicy_home_node, p, 2 * pg, 0, 0), EOPNOTSUPP,
		 "home node on an INTERLEAVE range is EOPNOTSUPP");
	ok(reports(p + pg, MPOL_PREFERRED_MANY, 1), "the split kept the rest");
	set_pol(MPOL_DEFAULT, NULL, 0);
	munmap(p, 3 * pg);
}

static void test_pages(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *pages[3];
	int status[3] = { 9, 9, 9 }, nodes[3] = { 0, 0, 0 };
	unsigned long m = 1, m2 = 2;

	/*
	 * An untouched page is -ENOENT on Linux; the sentry may have mapped
	 * it ahead (fault-around), so only touched and unmapped pages here.
	 */
	p[0] = 1;
	p[pg] = 1;
	munmap(p + 2 * pg, pg);
	pages[0] = p;
	pages[1] = p + 2 * pg;
	pages[2] = p + pg;
	ok(syscall(SYS_move_pages, 0, 3, pages, NULL, status, 0) == 0 &&
		   status[0] == 0 && status[1] == -EFAULT && status[2] == 0,
	   "move_pages status: node 0 for pages, -EFAULT for a hole");
	status[0] = 9;
	ok(syscall(SYS_move_pages, 0, 1, pages, nodes, status, MPOL_MF_MOVE) == 0 &&
		   status[0] == 0, "moving a page to node 0 is 0");
	nodes[0] = 1;
	ok_errno(syscall(SYS_move_pages, 0, 1, pages, nodes, status, MPOL_MF_MOVE),
		 ENODEV, "moving to node 1 is ENODEV");
	ok_errno(syscall(SYS_move_pages, 0, 1, pages, NULL, status, 8), EINVAL,
		 "an unknown move_pages flag is EINVAL");
	ok_errno(syscall(SYS_move_pages, 0x3fffffff, 1, pages, NULL, status, 0),
		 ESRCH, "move_pages of a missing pid is ESRCH");
	ok(syscall(SYS_migrate_pages, 0, 2, &m, &m) == 0,
	   "migrate_pages from node 0 to node 0");
	ok_errno(syscall(SYS_migrate_pages, 0x3fffffff, 2, &m, &m), ESRCH,
		 "migrate_pages of a missing pid is ESRCH");
	ok(syscall(SYS_migrate_pages, getpid(), 3, &m, &m2) == -1 &&
		   (errno == EPERM || errno == EINVAL),
	   "migrate_pages to node 1 only: EPERM, or EINVAL with CAP_SYS_NICE");
	m2 = 3;
	ok(syscall(SYS_migrate_pages, 0, 3, &m, &m2) == 0 || errno == EPERM,
	   "migrate_pages to nodes {0,1}: 0, or EPERM without CAP_SYS_NICE");
	munmap(p, 2 * pg);
}

int main(void)
{
	test_task_policy();
	test_mbind();
	test_pages();
	return done();
}
