/* SPDX-License-Identifier: MIT */
/* cmd_start.c - `vmm start ID`: let a created container's init run. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/cmd.h"
#include "vmm/cmd_id.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_cmd_start - see cmd.h. */
int vmm_cmd_start(int argc, char **argv, const struct vmm_opts *opts,
		  struct vmm_error **err)
{
	struct vmm_state *st = NULL;
	struct vmm_ctl_reply *rep = NULL;
	struct ctl_req *req = NULL;
	const char *id, *status;
	int r = -1;

	id = vmm_cmd_id_args(argc, argv, NULL, NULL, err);
	if (!id || vmm_state_open(vmm_cmd_root(opts), id, true, &st, err) < 0)
		goto out;
	status = vmm_state_status(st);
	if (strcmp(status, "stopped") == 0) {
		r = vmm_error(err, 0, "cannot start a container that has stopped");
		goto out;
	}
	if (strcmp(status, "created") != 0) {
		r = vmm_error(err, 0, "cannot start an already %s container", status);
		goto out;
	}
	rep = malloc(sizeof(*rep));
	req = vmm_control_req_new(CTL_START);
	if (!rep || !req) {
		r = vmm_error(err, ENOMEM, "start");
		goto out;
	}
	r = vmm_cmd_call(st, req, rep, "start the container", err);
	if (r < 0)
		goto out;
	free(st->status);
	st->status = strdup("running");
	r = st->status ? vmm_state_save(st, err) : vmm_error(err, ENOMEM, "state");
out:
	free(rep);
	free(req);
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "start");
	return 0;
}
