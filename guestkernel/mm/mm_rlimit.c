// SPDX-License-Identifier: MIT
/*
 * mm_rlimit.c - the resource limits that bound an address space, read from
 * the process running in it (kept apart from the rest of mm/ so that the
 * mm unit tests can supply their own).
 */
#include <linux/resource.h>

#include "kernel/task.h"
#include "mm/mm.h"

u64 mm_rlimit(struct mm *mm, int resource)
{
	if (!current || current->mm != mm || !current->proc ||
	    resource < 0 || resource >= RLIM_NLIMITS_MAX)
		return RLIM_INFINITY;
	return current->proc->rlim[resource].cur;
}
