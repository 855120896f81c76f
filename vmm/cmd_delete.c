/* SPDX-License-Identifier: MIT */
/* cmd_delete.c - `vmm delete [--force|-f] ID`: remove a container. */
#define _GNU_SOURCE
#include <string.h>

#include "vmm/cmd.h"
#include "vmm/cmd_id.h"
#include "vmm/error.h"
#include "vmm/sandbox.h"
#include "vmm/state.h"

/* vmm_cmd_delete - see cmd.h. */
int vmm_cmd_delete(int argc, char **argv, const struct vmm_opts *opts,
		   struct vmm_error **err)
{
	static const char *const flags[] = { "--force", "-f", NULL };
	struct vmm_state *st = NULL;
	bool set[2] = { false, false };
	const char *id, *status;
	int r = -1;

	id = vmm_cmd_id_args(argc, argv, flags, set, err);
	if (!id || vmm_state_open(vmm_cmd_root(opts), id, true, &st, err) < 0)
		goto out;
	status = vmm_state_status(st);
	/* like runc: a created container goes without --force too */
	if (strcmp(status, "stopped") && strcmp(status, "created") &&
	    !set[0] && !set[1]) {
		r = vmm_error(err, 0, "cannot delete container \"%s\" that is not stopped: %s",
			      id, status);
		goto out;
	}
	r = vmm_sandbox_kill(st, err);
	if (r == 0)
		r = vmm_state_remove(st, err);
out:
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "delete");
	return 0;
}
