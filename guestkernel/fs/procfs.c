/* SPDX-License-Identifier: MIT */
/* procfs: not available yet; a proc mount is skipped with a warning. */
#include "fs/vfs_internal.h"

/* procfs_create - see vfs_internal.h. NULL: procfs is not implemented. */
struct super *procfs_create(void)
{
	pr_warn("vfs: procfs is not implemented yet; /proc not mounted\n");
	return NULL;
}
