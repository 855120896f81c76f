/* SPDX-License-Identifier: MIT */
/* Boot information the sentry reads from the FDT vmm built (include/abi/bootinfo.h). */
#ifndef BOOT_H
#define BOOT_H

#include "klib/klib.h"

#define BOOT_MAX_MOUNTS 64
#define BOOT_MAX_RLIMITS 16

struct boot_mount {
	const char *destination;	/* absolute path in the sandbox */
	const char *type;		/* "tmpfs", "bind", "proc", "devpts", ... */
	const char *source;		/* as in the spec (informational) */
	const char *data;		/* fs-specific options, e.g. "size=64k,mode=755" */
	u64 flags;			/* MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC... */
	s64 host_handle;		/* hostcall handle for bind mounts, -1 if none */
};

struct boot_rlimit {
	u32 resource;			/* RLIMIT_* */
	u64 cur, max;
};

/* Everything parsed from the FDT; strings point into the FDT blob. */
struct bootinfo {
	u32 abi_version;
	u64 mem_size;
	u32 ncpus;

	/* process */
	u32 argc, envc;
	const char **argv;		/* kmalloc'ed arrays of pointers, NULL-terminated */
	const char **envp;
	const char *cwd;
	u32 uid, gid;
	u32 ngroups;
	u32 groups[64];
	u32 umask;
	u64 cap_effective, cap_permitted, cap_inheritable, cap_bounding, cap_ambient;
	bool no_new_privs;
	bool terminal;
	u32 nrlimits;
	struct boot_rlimit rlimits[BOOT_MAX_RLIMITS];

	const char *hostname;

	/* root filesystem */
	s64 root_handle;		/* hostcall handle of the bundle's root dir */
	bool root_readonly;

	u32 nmounts;
	struct boot_mount mounts[BOOT_MAX_MOUNTS];

	s64 stdio_handles[3];		/* hostcall handles for fds 0, 1, 2 */

	/* clock calibration (KVM vDSO) */
	u64 tsc_hz;
	u64 boot_realtime_ns;

	u8 random_seed[32];
	int log_level;			/* KLOG_* */
	bool strace;
};

/*
 * bootinfo_parse - fill @bi from the FDT blob at @fdt (which must stay
 * mapped). Returns 0 or -EINVAL with a log line naming the bad property.
 */
int bootinfo_parse(const void *fdt, struct bootinfo *bi);

#endif
