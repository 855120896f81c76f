/* SPDX-License-Identifier: MIT */
/* cmd_state.c - `vmm state ID`: the runtime-spec state JSON. */
#define _GNU_SOURCE
#include <stdio.h>

#include "vmm/cmd.h"
#include "vmm/cmd_id.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_cmd_state - see cmd.h. */
int vmm_cmd_state(int argc, char **argv, const struct vmm_opts *opts,
		  struct vmm_error **err)
{
	struct vmm_state *st = NULL;
	const char *id;
	int r = -1;

	id = vmm_cmd_id_args(argc, argv, NULL, NULL, err);
	if (id && vmm_state_open(vmm_cmd_root(opts), id, false, &st, err) == 0)
		r = vmm_state_print(st, stdout, err);
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "state");
	return 0;
}
