/* SPDX-License-Identifier: MIT */
/* Host side of the boot info: build the FDT the sentry reads (include/abi/bootinfo.h). */
#ifndef VMM_BOOTINFO_H
#define VMM_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmm_error;

struct vmm_boot_mount {
	const char *destination, *type, *source, *data;
	uint64_t flags;			/* MS_* */
	int64_t host_handle;		/* -1: none */
};

struct vmm_boot_rlimit {
	uint32_t resource;
	uint64_t cur, max;
};

/* Everything vmm tells the sentry at boot (mirrors guestkernel/boot.h). */
struct vmm_boot_params {
	uint64_t mem_size;
	uint32_t ncpus;
	const char *const *argv;	/* NULL-terminated */
	const char *const *envp;	/* NULL-terminated */
	const char *cwd;
	uint32_t uid, gid;
	const uint32_t *groups;
	size_t ngroups;
	uint32_t umask;
	uint64_t cap_effective, cap_permitted, cap_inheritable, cap_bounding,
		cap_ambient;
	bool no_new_privs, terminal;
	const struct vmm_boot_rlimit *rlimits;
	size_t nrlimits;
	const char *hostname;
	int64_t root_handle;
	bool root_readonly;
	const struct vmm_boot_mount *mounts;
	size_t nmounts;
	int64_t stdio_handles[3];
	uint64_t tsc_hz, boot_realtime_ns;
	uint8_t random_seed[32];
	int log_level;
	bool strace;
};

/*
 * vmm_bootinfo_build - serialise @p as an FDT into a malloc'ed blob
 * (*@fdt, *@size bytes). Returns 0 or < 0 with @err.
 */
int vmm_bootinfo_build(const struct vmm_boot_params *p, void **fdt,
		       size_t *size, struct vmm_error **err);

#endif
