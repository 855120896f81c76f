/* SPDX-License-Identifier: MIT */
/* `vmm run`: create a sandbox from a bundle, run it, return its exit status. */
#ifndef VMM_CMD_RUN_H
#define VMM_CMD_RUN_H

#include <stdbool.h>

struct vmm_error;

enum vmm_platform_kind { VMM_PLATFORM_AUTO, VMM_PLATFORM_PTRACE, VMM_PLATFORM_KVM };

/* Global options of the vmm command line. */
struct vmm_opts {
	enum vmm_platform_kind platform;
	bool debug;
	const char *log_file;	/* NULL: stderr */
	bool log_json;
	const char *root;	/* state directory (container commands) */
	unsigned int cpus;	/* --cpus: vCPUs of a KVM sandbox (0: default) */
};

/*
 * vmm_cmd_run - `vmm run [--bundle|-b DIR] [ID | BUNDLE_DIR]` (@argv[0] is
 * "run"). Returns the exit status for vmm (the program's status, or
 * 128+N when signal N killed it), or < 0 with @err.
 */
int vmm_cmd_run(int argc, char **argv, const struct vmm_opts *opts,
		struct vmm_error **err);

#endif
