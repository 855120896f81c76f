/* SPDX-License-Identifier: MIT */
/*
 * cmd_events.c - `vmm events [--stats] [--interval DURATION] ID`: the
 * container's statistics as runc-style JSON events, once (--stats) or
 * every interval until the container stops.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm/cmd.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_parse_duration - "5s", "250ms", "1m" or plain seconds -> ms; < 0 if bad. */
static long long vmm_parse_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -1;
	if (!*end || strcmp(end, "s") == 0)
		return (long long)(v * 1000);
	if (strcmp(end, "ms") == 0)
		return (long long)v;
	if (strcmp(end, "m") == 0)
		return (long long)(v * 60000);
	return -1;
}

/* vmm_events_stats - print one stats event of @st; 1 when it stopped. */
static int vmm_events_stats(struct vmm_state *st, struct vmm_ctl_reply *rep,
			    struct ctl_req *req, struct vmm_error **err)
{
	int r = vmm_cmd_call(st, req, rep, "read the statistics", err);

	if (r < 0)
		return r;
	printf("{\"type\":\"stats\",\"id\":\"%s\",\"data\":{"
	       "\"cpu\":{\"usage\":{\"total\":%llu}},"
	       "\"memory\":{\"usage\":{\"usage\":%llu}},"
	       "\"pids\":{\"current\":%u}}}\n",
	       st->id, rep->r.cpu_ns, rep->memory_bytes, rep->r.pids);
	fflush(stdout);
	return 0;
}

/* vmm_cmd_events - see cmd.h. */
int vmm_cmd_events(int argc, char **argv, const struct vmm_opts *opts,
		   struct vmm_error **err)
{
	struct vmm_state *st = NULL;
	struct vmm_ctl_reply *rep = NULL;
	struct ctl_req *req = NULL;
	const char *id = NULL, *v;
	long long interval = 5000;
	bool once = false;
	struct timespec ts;
	int i, r = -1;

	for (i = 1; i < argc; i++) {
		if ((r = vmm_cmd_opt(argc, argv, &i, "--interval", NULL, &v, err))) {
			if (r < 0)
				goto out;
			interval = vmm_parse_duration(v);
			if (interval <= 0) {
				r = vmm_error(err, 0, "invalid interval `%s`", v);
				goto out;
			}
		} else if (vmm_cmd_flag(argv[i], "--stats", NULL)) {
			once = true;
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
	if (!id) {
		vmm_error(err, 0, "a container id is required");
		goto out;
	}
	if (vmm_state_open(vmm_cmd_root(opts), id, false, &st, err) < 0)
		goto out;
	rep = malloc(sizeof(*rep));
	req = vmm_control_req_new(CTL_STATS);
	if (!rep || !req) {
		vmm_error(err, ENOMEM, "events");
		goto out;
	}
	for (;;) {
		r = vmm_events_stats(st, rep, req, err);
		if (r < 0 || once)
			break;
		ts.tv_sec = interval / 1000;
		ts.tv_nsec = interval % 1000 * 1000000L;
		nanosleep(&ts, NULL);
		vmm_state_reload_exit(st);
		if (strcmp(vmm_state_status(st), "stopped") == 0)
			break;
	}
out:
	free(rep);
	free(req);
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "events");
	return 0;
}
