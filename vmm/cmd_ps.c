/* SPDX-License-Identifier: MIT */
/* cmd_ps.c - `vmm ps [--format table|json] ID`: the container's processes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/cmd.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_ps_print - @rep's processes as a table or (runc's) JSON array of pids. */
static void vmm_ps_print(const struct ctl_resp *r, bool json)
{
	unsigned int i;

	if (json) {
		putchar('[');
		for (i = 0; i < r->nprocs; i++)
			printf("%s%d", i ? "," : "", r->procs[i].pid);
		puts("]");
		return;
	}
	printf("%-7s %-7s %-7s %-6s %-5s %-10s %s\n", "PID", "PPID", "PGID",
	       "UID", "STAT", "TIME", "CMD");
	for (i = 0; i < r->nprocs; i++) {
		const struct ctl_proc *p = &r->procs[i];
		unsigned long long s = p->cpu_ns / 1000000000ULL;

		printf("%-7d %-7d %-7d %-6u %-5c %02llu:%02llu:%02llu   %.16s\n",
		       p->pid, p->ppid, p->pgid, p->uid, p->state, s / 3600,
		       s / 60 % 60, s % 60, p->comm);
	}
}

/* vmm_cmd_ps - see cmd.h. */
int vmm_cmd_ps(int argc, char **argv, const struct vmm_opts *opts,
	       struct vmm_error **err)
{
	struct vmm_state *st = NULL;
	struct vmm_ctl_reply *rep = NULL;
	struct ctl_req *req = NULL;
	const char *id = NULL, *fmt = "table", *v;
	int i, r = -1;

	for (i = 1; i < argc; i++) {
		if ((r = vmm_cmd_opt(argc, argv, &i, "--format", "-f", &v, err))) {
			if (r < 0)
				goto out;
			fmt = v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			r = vmm_error(err, 0, "unknown option `%s`", argv[i]);
			goto out;
		} else if (!id) {
			id = argv[i];
		} else {
			r = vmm_error(err, 0, "unexpected argument `%s`", argv[i]);
			goto out;
		}
	}
	r = -1;
	if (strcmp(fmt, "table") && strcmp(fmt, "json")) {
		vmm_error(err, 0, "invalid format option `%s` (table or json)", fmt);
		goto out;
	}
	if (!id) {
		vmm_error(err, 0, "a container id is required");
		goto out;
	}
	if (vmm_state_open(vmm_cmd_root(opts), id, false, &st, err) < 0)
		goto out;
	rep = malloc(sizeof(*rep));
	req = vmm_control_req_new(CTL_PS);
	if (!rep || !req) {
		vmm_error(err, ENOMEM, "ps");
		goto out;
	}
	r = vmm_cmd_call(st, req, rep, "list the processes", err);
	if (r == 0)
		vmm_ps_print(&rep->r, strcmp(fmt, "json") == 0);
out:
	free(rep);
	free(req);
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "ps");
	return 0;
}
