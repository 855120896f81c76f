/* SPDX-License-Identifier: MIT */
/* cmd_create.c - `vmm create [--bundle DIR] [--pid-file F] [--console-socket S] ID`. */
#define _GNU_SOURCE
#include <string.h>

#include "vmm/cmd.h"
#include "vmm/error.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"
#include "vmm/state.h"

/* vmm_cmd_create - see cmd.h. */
int vmm_cmd_create(int argc, char **argv, const struct vmm_opts *opts,
		   struct vmm_error **err)
{
	struct vmm_create_args a = {
		.root = vmm_cmd_root(opts),
		.platform = opts->platform,
		.cpus = opts->cpus,
		.log_level = opts->debug ? VMM_LOG_DEBUG : VMM_LOG_WARN,
	};
	struct vmm_state *st = NULL;
	const char *v;
	int i, r;

	for (i = 1; i < argc; i++) {
		if ((r = vmm_cmd_opt(argc, argv, &i, "--bundle", "-b", &v, err))) {
			a.bundle = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--pid-file", NULL, &v, err))) {
			a.pid_file = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--console-socket", NULL, &v, err))) {
			a.console_socket = v;
		} else if (vmm_cmd_flag(argv[i], "--no-pivot", NULL) ||
			   vmm_cmd_flag(argv[i], "--no-new-keyring", NULL)) {
			continue;	/* meaningless for a sandbox: accepted */
		} else if (argv[i][0] == '-' && argv[i][1]) {
			r = vmm_error(err, 0, "unknown option `%s`", argv[i]);
		} else if (!a.id) {
			a.id = argv[i];
		} else {
			r = vmm_error(err, 0, "unexpected argument `%s`", argv[i]);
		}
		if (r < 0)
			goto fail;
	}
	if (!a.id) {
		r = vmm_error(err, 0, "a container id is required");
		goto fail;
	}
	r = vmm_sandbox_create(&a, &st, err);
	vmm_state_free(st);
	if (r == 0)
		return 0;
fail:
	vmm_error_prefix(err, "create");
	return -1;
}
