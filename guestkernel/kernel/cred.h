/* SPDX-License-Identifier: MIT */
/* Process credentials: ids, groups, capabilities. */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include "klib/types.h"

#define CRED_NGROUPS_MAX 64

struct cred {
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	u32 ngroups;
	u32 groups[CRED_NGROUPS_MAX];
	u64 cap_effective, cap_permitted, cap_inheritable, cap_bounding,
		cap_ambient;
	bool no_new_privs;
};

#endif
