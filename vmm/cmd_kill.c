/* SPDX-License-Identifier: MIT */
/* cmd_kill.c - `vmm kill [--all|-a] ID [SIGNAL]`: signal init or every process. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/cmd.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_cmd_kill - see cmd.h. */
int vmm_cmd_kill(int argc, char **argv, const struct vmm_opts *opts,
		 struct vmm_error **err)
{
	struct vmm_state *st = NULL;
	struct vmm_ctl_reply *rep = NULL;
	struct ctl_req *req = NULL;
	const char *id = NULL, *signame = NULL;
	bool all = false;
	int i, sig = SIGTERM, r = -1;

	for (i = 1; i < argc; i++) {
		if (vmm_cmd_flag(argv[i], "--all", "-a")) {
			all = true;
		} else if (argv[i][0] == '-' && argv[i][1] &&
			   !(id && !signame && argv[i][1] >= '0' && argv[i][1] <= '9')) {
			r = vmm_error(err, 0, "unknown option `%s`", argv[i]);
			goto out;
		} else if (!id) {
			id = argv[i];
		} else if (!signame) {
			signame = argv[i][0] == '-' ? argv[i] + 1 : argv[i];
		} else {
			r = vmm_error(err, 0, "unexpected argument `%s`", argv[i]);
			goto out;
		}
	}
	if (!id) {
		r = vmm_error(err, 0, "a container id is required");
		goto out;
	}
	if (signame) {
		sig = vmm_cmd_signal(signame, err);
		if (sig < 0)
			goto out;
	}
	if (vmm_state_open(vmm_cmd_root(opts), id, true, &st, err) < 0)
		goto out;
	if (strcmp(vmm_state_status(st), "stopped") == 0) {
		r = vmm_error(err, 0, "container \"%s\" is not running", id);
		goto out;
	}
	rep = malloc(sizeof(*rep));
	req = vmm_control_req_new(CTL_SIGNAL);
	if (!rep || !req) {
		r = vmm_error(err, ENOMEM, "kill");
		goto out;
	}
	req->signo = sig;
	req->target = all ? CTL_SIG_ALL : CTL_SIG_INIT;
	r = vmm_cmd_call(st, req, rep, "send the signal", err);
out:
	free(rep);
	free(req);
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "kill");
	return 0;
}
