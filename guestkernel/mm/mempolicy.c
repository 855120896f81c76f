/* SPDX-License-Identifier: MIT */
/*
 * NUMA memory policies on a sandbox with one node (node 0): set_mempolicy,
 * get_mempolicy, mbind, set_mempolicy_home_node, migrate_pages and
 * move_pages accept and refuse what Linux does on a one-node machine, and
 * report back what was set. Every page is on node 0, so nothing moves.
 *
 * A policy (task.mempolicy, vma.mempolicy) is one u64: the mode in bits
 * 0-7, the mode flags (MPOL_F_STATIC_NODES and co, >> 8) in bits 8-15 and
 * the node mask get_mempolicy reports (the user's mask with the STATIC
 * or RELATIVE flags, else the nodes in use) in bits 16-63. 0 is the
 * default policy.
 */
#include <linux/errno.h>
#include <linux/mempolicy.h>
#include <linux/capability.h>
#include <asm/mman.h>

#include "kernel/task.h"
#include "fs/vfs_internal.h"	/* capable */
#include "mm/mm.h"
#include "mm/mm_internal.h"
#include "syscalls/proc_access.h"
#include "syscalls/syscall.h"

#ifndef MPOL_WEIGHTED_INTERLEAVE
#define MPOL_WEIGHTED_INTERLEAVE 6
#endif
#define MPOL_NR_MODES 7			/* Linux 6.9+: MPOL_WEIGHTED_INTERLEAVE is the last */
#define MPOL_USER_FLAGS (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)
#define MAX_NUMNODES 1024		/* CONFIG_NODES_SHIFT=10, as distributions build */
#define NODE_WORDS (MAX_NUMNODES / 64)
#define REPORT_NODE_BITS 48		/* node bits the encoding keeps */

static u64 mpol_pack(unsigned int mode, unsigned int flags, u64 nodes)
{
	return mode | (u64)((flags & MPOL_MODE_FLAGS) >> 8) << 8 |
	       (nodes & ((1ULL << REPORT_NODE_BITS) - 1)) << 16;
}

static unsigned int mpol_mode(u64 pol)
{
	return pol & 0xff;
}

static unsigned int mpol_flags(u64 pol)
{
	return ((pol >> 8) & 0xff) << 8;
}

static u64 mpol_nodes(u64 pol)
{
	return pol >> 16;
}

/* Split the mode argument into mode and flags (Linux's sanitize_mpol_flags). */
static int mpol_sanitize(unsigned long arg, unsigned int *mode,
			 unsigned int *flags)
{
	int m = (int)arg;

	*flags = (unsigned int)m & MPOL_MODE_FLAGS;
	*mode = (unsigned int)m & ~(unsigned int)MPOL_MODE_FLAGS;
	if (*mode >= MPOL_NR_MODES)
		return -EINVAL;
	if ((*flags & MPOL_F_STATIC_NODES) && (*flags & MPOL_F_RELATIVE_NODES))
		return -EINVAL;
	if ((*flags & MPOL_F_NUMA_BALANCING) && *mode != MPOL_BIND &&
	    *mode != MPOL_PREFERRED_MANY)
		return -EINVAL;
	return 0;
}

/*
 * Read the user's node mask of @maxnode - 1 bits (Linux's get_nodes):
 * bits past MAX_NUMNODES must be clear. 0, -EINVAL or -EFAULT.
 */
static int mpol_get_nodes(struct task *t, u64 *nodes, uaddr_t nmask,
			  unsigned long maxnode)
{
	unsigned long bits, words;

	memset(nodes, 0, NODE_WORDS * sizeof(u64));
	maxnode--;
	if (maxnode == 0 || !nmask)
		return 0;
	if (maxnode > 4096UL * 8)
		return -EINVAL;
	for (unsigned long w = MAX_NUMNODES / 64; w * 64 < maxnode; w++) {
		u64 word;
		unsigned long left = maxnode - w * 64;

		if (copy_in(t->mm, &word, nmask + w * 8, sizeof(word)))
			return -EFAULT;
		if (left < 64)
			word &= (1ULL << left) - 1;
		if (word)
			return -EINVAL;
	}
	bits = maxnode < MAX_NUMNODES ? maxnode : MAX_NUMNODES;
	words = (bits + 63) / 64;
	if (copy_in(t->mm, nodes, nmask, words * 8))
		return -EFAULT;
	if (bits % 64)
		nodes[words - 1] &= (1ULL << (bits % 64)) - 1;
	return 0;
}

static bool nodes_empty(const u64 *nodes)
{
	for (int i = 0; i < NODE_WORDS; i++)
		if (nodes[i])
			return false;
	return true;
}

/*
 * The policy @mode/@flags over @nodes as Linux's mpol_new and
 * mpol_set_nodemask build it on one node. 0 with *@pol set, or -EINVAL.
 */
static int mpol_build(unsigned int mode, unsigned int flags, const u64 *nodes,
		      u64 *pol)
{
	bool empty = nodes_empty(nodes), in_use;

	*pol = 0;
	if (mode == MPOL_DEFAULT)
		return empty ? 0 : -EINVAL;
	if (mode == MPOL_PREFERRED && empty) {
		if (flags & MPOL_USER_FLAGS)
			return -EINVAL;
		mode = MPOL_LOCAL;
	} else if (mode == MPOL_LOCAL) {
		if (!empty || (flags & MPOL_USER_FLAGS))
			return -EINVAL;
	} else if (empty) {
		return -EINVAL;
	}
	if (mode == MPOL_LOCAL) {
		*pol = mpol_pack(mode, flags, 0);
		return 0;
	}
	/* relative masks fold onto the allowed nodes; others intersect them */
	in_use = (flags & MPOL_F_RELATIVE_NODES) ? true : (nodes[0] & 1);
	if (!in_use)
		return -EINVAL;
	*pol = mpol_pack(mode, flags, (flags & MPOL_USER_FLAGS) ? nodes[0] : 1);
	return 0;
}

/* set_mempolicy(mode, nodemask, maxnode) */
SYSCALL_DEFINE(set_mempolicy)
{
	u64 nodes[NODE_WORDS], pol;
	unsigned int mode, flags;
	int r;

	r = mpol_sanitize(a->a[0], &mode, &flags);
	if (r == 0)
		r = mpol_get_nodes(t, nodes, a->a[1], a->a[2]);
	if (r == 0)
		r = mpol_build(mode, flags, nodes, &pol);
	if (r < 0)
		return r;
	t->mempolicy = pol;
	return 0;
}

/* Write @nodes to a user mask of @maxnode bits (Linux's copy_nodes_to_user). */
static int mpol_put_nodes(struct task *t, uaddr_t nmask, unsigned long maxnode,
			  u64 nodes)
{
	unsigned long copy = ((maxnode - 1 + 63) & ~63UL) / 8;

	if (copy > 8) {
		if (copy > 4096)
			return -EINVAL;
		if (clear_user(t->mm, nmask + 8, copy - 8))
			return -EFAULT;
		copy = 8;
	}
	return copy_out(t->mm, nmask, &nodes, copy) ? -EFAULT : 0;
}

/* get_mempolicy(policy, nodemask, maxnode, addr, flags) */
SYSCALL_DEFINE(get_mempolicy)
{
	uaddr_t upolicy = a->a[0], nmask = a->a[1], addr = a->a[3];
	unsigned long maxnode = a->a[2], flags = a->a[4];
	u64 pol = t->mempolicy, nodes;
	int mode;

	if (nmask && maxnode < 1)
		return -EINVAL;
	if (flags & ~(unsigned long)(MPOL_F_NODE | MPOL_F_ADDR |
				     MPOL_F_MEMS_ALLOWED))
		return -EINVAL;
	if (flags & MPOL_F_MEMS_ALLOWED) {
		if (flags & (MPOL_F_NODE | MPOL_F_ADDR))
			return -EINVAL;
		mode = 0;
		nodes = 1;
		goto out;
	}
	if (flags & MPOL_F_ADDR) {
		struct vma *v = vma_find(t->mm, addr);

		if (!v)
			return -EFAULT;
		pol = v->mempolicy;	/* no fallback to the task's */
	} else if (addr) {
		return -EINVAL;
	}
	if (flags & MPOL_F_NODE) {
		if (flags & MPOL_F_ADDR) {
			u8 b;

			/* the node of the page there, faulted in */
			if (copy_in(t->mm, &b, addr, 1))
				return -EFAULT;
			mode = 0;
		} else if (mpol_mode(pol) == MPOL_INTERLEAVE ||
			   mpol_mode(pol) == MPOL_WEIGHTED_INTERLEAVE) {
			mode = 0;	/* the next interleave node */
		} else {
			return -EINVAL;
		}
	} else {
		mode = (int)(mpol_mode(pol) | mpol_flags(pol));
	}
	nodes = mpol_nodes(pol);
out:
	if (upolicy && copy_out(t->mm, upolicy, &mode, sizeof(mode)))
		return -EFAULT;
	if (nmask)
		return mpol_put_nodes(t, nmask, maxnode, nodes);
	return 0;
}

/* Is [start, end) mapped without holes? (MPOL_DEFAULT allows holes.) */
static int mpol_range_check(struct mm *mm, uaddr_t start, uaddr_t end,
			    bool discontig_ok)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i = vma_lower_bound(mm, start);

	if (i >= s->n || s->v[i]->start >= end)
		return -EFAULT;	/* the whole range is a hole */
	if (discontig_ok)
		return 0;
	return vma_range_mapped(mm, start, end) ? 0 : -EFAULT;
}

/* Give every VMA in [start, end) policy @pol, splitting at the ends. */
static int mpol_apply(struct mm *mm, uaddr_t start, uaddr_t end, u64 pol)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i, first;
	int r;

	r = vma_split(mm, start);
	if (r == 0)
		r = vma_split(mm, end);
	if (r < 0)
		return r;
	first = vma_lower_bound(mm, start);
	for (i = first; i < s->n && s->v[i]->start < end; i++)
		s->v[i]->mempolicy = pol;
	/* merge what now equals its neighbours, last first: indices shift up */
	while (i-- > first)
		vma_merge_around(mm, i);
	return 0;
}

/* mbind(addr, len, mode, nodemask, maxnode, flags) */
SYSCALL_DEFINE(mbind)
{
	uaddr_t start = a->a[0], end;
	u64 len = a->a[1], nodes[NODE_WORDS], pol;
	unsigned long flags = a->a[5];
	unsigned int mode, mflags;
	int r;

	r = mpol_sanitize(a->a[2], &mode, &mflags);
	if (r == 0)
		r = mpol_get_nodes(t, nodes, a->a[3], a->a[4]);
	if (r < 0)
		return r;
	if (flags & ~(unsigned long)MPOL_MF_VALID)
		return -EINVAL;
	if ((flags & MPOL_MF_MOVE_ALL) && !capable(t, CAP_SYS_NICE))
		return -EPERM;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	len = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	r = mpol_build(mode, mflags, nodes, &pol);
	if (r < 0)
		return r;
	r = mpol_range_check(t->mm, start, end, mode == MPOL_DEFAULT);
	if (r < 0)
		return r;
	/* every page is on node 0, inside any accepted mask: none to move */
	return mpol_apply(t->mm, start, end, pol);
}

/* set_mempolicy_home_node(start, len, home_node, flags) */
SYSCALL_DEFINE(set_mempolicy_home_node)
{
	uaddr_t start = a->a[0], end;
	u64 len = a->a[1];
	struct vma_set *s;
	unsigned int i;

	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (a->a[3])
		return -EINVAL;
	if (a->a[2] != 0)
		return -EINVAL;	/* node 0 is the only online node */
	len = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	/* only BIND and PREFERRED_MANY take a home node (always node 0 here) */
	s = mm_vmas(t->mm);
	for (i = vma_lower_bound(t->mm, start); i < s->n && s->v[i]->start < end;
	     i++) {
		unsigned int m = mpol_mode(s->v[i]->mempolicy);

		if (s->v[i]->mempolicy && m != MPOL_BIND &&
		    m != MPOL_PREFERRED_MANY)
			return -EOPNOTSUPP;
	}
	return 0;
}

/* The mm of process @pid (0: the caller) for migrate_pages/move_pages. */
static int mpol_target(struct task *t, int pid, struct mm **mm)
{
	struct process *p;
	struct task *pt;

	if (!pid) {
		*mm = t->mm;
		return 0;
	}
	p = process_by_pid(pid);
	pt = p ? proc_any_task(p) : NULL;
	if (!pt)
		return -ESRCH;
	if (!proc_may_access(t, p))
		return -EPERM;
	if (!pt->mm)
		return -EINVAL;
	*mm = pt->mm;
	return 0;
}

/* migrate_pages(pid, maxnode, old_nodes, new_nodes) */
SYSCALL_DEFINE(migrate_pages)
{
	u64 old[NODE_WORDS], new[NODE_WORDS], allowed;
	struct mm *mm;
	int r;

	r = mpol_get_nodes(t, old, a->a[2], a->a[1]);
	if (r == 0)
		r = mpol_get_nodes(t, new, a->a[3], a->a[1]);
	if (r == 0)
		r = mpol_target(t, (int)a->a[0], &mm);
	if (r < 0)
		return r;
	/* nodes beyond the allowed node 0 need CAP_SYS_NICE */
	allowed = new[0] & 1;
	new[0] &= ~1ULL;
	if (!nodes_empty(new) && !capable(t, CAP_SYS_NICE))
		return -EPERM;
	/* the target nodes, cut to the allowed ones, must not be empty */
	if (!allowed)
		return -EINVAL;
	return 0;	/* all pages stay on node 0: none left unmoved */
}

/* Status of the page at @addr: 0 (node 0), -EFAULT (unmapped), -ENOENT. */
static int mpol_page_status(struct mm *mm, uaddr_t addr)
{
	u64 *pte;

	if (!vma_find(mm, addr))
		return -EFAULT;
	pte = pt_walk(mm, addr, false);
	if (!pte || !(*pte & PTE_P))
		return -ENOENT;
	return 0;
}

/* move_pages(pid, count, pages, nodes, status, flags) */
SYSCALL_DEFINE(move_pages)
{
	unsigned long count = a->a[1], flags = a->a[5];
	uaddr_t pages = a->a[2], unodes = a->a[3], ustatus = a->a[4];
	struct mm *mm;
	int r;

	if (flags & ~(unsigned long)(MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		return -EINVAL;
	if ((flags & MPOL_MF_MOVE_ALL) && !capable(t, CAP_SYS_NICE))
		return -EPERM;
	r = mpol_target(t, (int)a->a[0], &mm);
	if (r < 0)
		return r;
	for (unsigned long i = 0; i < count; i++) {
		u64 addr;
		int st, node;

		if (copy_in(t->mm, &addr, pages + i * 8, sizeof(addr)))
			return -EFAULT;
		if (unodes) {
			if (copy_in(t->mm, &node, unodes + i * 4, sizeof(node)))
				return -EFAULT;
			if (node < 0 || node >= MAX_NUMNODES || node != 0)
				return -ENODEV;	/* no memory on that node */
		}
		st = mpol_page_status(mm, addr);
		if (copy_out(t->mm, ustatus + i * 4, &st, sizeof(st)))
			return -EFAULT;
	}
	return 0;
}
