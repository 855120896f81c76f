/* SPDX-License-Identifier: MIT */
/* `vmm spec`: write a default config.json into a bundle directory. */
#ifndef VMM_CMD_SPEC_H
#define VMM_CMD_SPEC_H

struct vmm_error;

/*
 * vmm_cmd_spec - run `vmm spec [--bundle|-b DIR] [--rootless]` (@argv[0] is
 * "spec"): write DIR/config.json (default: the current directory) with mode
 * 0666 & ~umask, refusing to overwrite an existing one. Returns 0, or < 0
 * with *@err set.
 */
int vmm_cmd_spec(int argc, char **argv, struct vmm_error **err);

#endif
