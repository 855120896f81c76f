/* SPDX-License-Identifier: MIT */
/* cmd_pause.c - `vmm pause ID` and `vmm resume ID`: stop and resume every task. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/cmd.h"
#include "vmm/cmd_id.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_cmd_pause - see cmd.h. */
int vmm_cmd_pause(int argc, char **argv, const struct vmm_opts *opts,
		  struct vmm_error **err)
{
	bool pause = strcmp(argv[0], "pause") == 0;
	struct vmm_state *st = NULL;
	struct vmm_ctl_reply *rep = NULL;
	struct ctl_req *req = NULL;
	const char *id, *status;
	int r = -1;

	id = vmm_cmd_id_args(argc, argv, NULL, NULL, err);
	if (!id || vmm_state_open(vmm_cmd_root(opts), id, true, &st, err) < 0)
		goto out;
	status = vmm_state_status(st);
	if (pause && strcmp(status, "running") != 0) {
		r = vmm_error(err, 0, "container \"%s\" is not running (%s)", id, status);
		goto out;
	}
	if (!pause && strcmp(status, "paused") != 0) {
		r = vmm_error(err, 0, "container \"%s\" is not paused (%s)", id, status);
		goto out;
	}
	rep = malloc(sizeof(*rep));
	req = vmm_control_req_new(pause ? CTL_PAUSE : CTL_RESUME);
	if (!rep || !req) {
		r = vmm_error(err, ENOMEM, "%s", argv[0]);
		goto out;
	}
	r = vmm_cmd_call(st, req, rep, pause ? "pause" : "resume", err);
	if (r < 0)
		goto out;
	free(st->status);
	st->status = strdup(pause ? "paused" : "running");
	r = st->status ? vmm_state_save(st, err) : vmm_error(err, ENOMEM, "state");
out:
	free(rep);
	free(req);
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "%s", argv[0]);
	return 0;
}
