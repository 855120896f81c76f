/* SPDX-License-Identifier: MIT */
/* cmd_run.c - `vmm run` (see cmd_run.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "platform/ptrace/ptrace.h"
#include "vmm/cmd.h"
#include "vmm/cmd_run.h"
#include "vmm/error.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"
#include "vmm/signals.h"
#include "vmm/stats.h"

#ifndef VMM_DEFAULT_BUNDLE
#define VMM_DEFAULT_BUNDLE "/usr/share/vmm/examples/busybox"
#endif

/* vmm_run_args - parse run's arguments into @bundle_opt, @arg and @stats. */
static int vmm_run_args(int argc, char **argv, const char **bundle_opt,
			const char **arg, const char **stats,
			struct vmm_error **err)
{
	int i;

	*bundle_opt = NULL;
	*arg = NULL;
	*stats = NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strncmp(a, "--stats=", 8) == 0 && a[8]) {
			*stats = a + 8;
		} else if (strcmp(a, "--bundle") == 0 || strcmp(a, "-b") == 0) {
			if (++i >= argc)
				return vmm_error(err, 0, "option `%s` needs a directory", a);
			*bundle_opt = argv[i];
		} else if (strncmp(a, "--bundle=", 9) == 0) {
			*bundle_opt = a + 9;
		} else if (strcmp(a, "--") == 0) {
			if (i + 1 < argc)
				*arg = argv[++i];
			if (i + 1 < argc)
				return vmm_error(err, 0, "unexpected argument `%s`", argv[i + 1]);
			break;
		} else if (a[0] == '-' && a[1]) {
			return vmm_error(err, 0, "unknown option `%s`", a);
		} else if (!*arg) {
			*arg = a;
		} else {
			return vmm_error(err, 0, "unexpected argument `%s`", a);
		}
	}
	if (*bundle_opt && !(*bundle_opt)[0])
		return vmm_error(err, 0, "option `--bundle` needs a directory");
	return 0;
}

/*
 * vmm_run_is_container - does this `run` name a container (an ID, or
 * --detach/--pid-file/--console-socket) rather than a bundle to run
 * in-process without state?
 */
static bool vmm_run_is_container(int argc, char **argv)
{
	struct stat st;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--bundle") == 0 || strcmp(a, "-b") == 0) {
			i++;
		} else if (strcmp(a, "--detach") == 0 || strcmp(a, "-d") == 0 ||
			   strncmp(a, "--pid-file", 10) == 0 ||
			   strncmp(a, "--console-socket", 16) == 0) {
			return true;
		} else if (strcmp(a, "--") == 0 || a[0] == '-') {
			continue;
		} else {
			return !strchr(a, '/') &&
			       (stat(a, &st) < 0 || !S_ISDIR(st.st_mode));
		}
	}
	return false;
}

/* vmm_cmd_run - see cmd_run.h. */
int vmm_cmd_run(int argc, char **argv, const struct vmm_opts *opts,
		struct vmm_error **err)
{
	struct vmm_sandbox *sb = NULL;
	const char *bundle_opt, *arg, *stats_path;
	struct timespec t0;
	char *bundle = NULL;
	void *fdt = NULL;
	size_t fdt_size;
	int r, status = 0;

	if (vmm_run_is_container(argc, argv))
		return vmm_cmd_run_container(argc, argv, opts, err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = vmm_run_args(argc, argv, &bundle_opt, &arg, &stats_path, err);
	if (r < 0)
		goto out;
	bundle = vmm_sandbox_resolve_bundle(bundle_opt, arg, VMM_DEFAULT_BUNDLE, err);
	if (!bundle) {
		r = -1;
		goto out;
	}
	vmm_log(VMM_LOG_DEBUG, "bundle %s", bundle);
	r = vmm_signals_setup();
	if (r < 0) {
		r = vmm_error(err, -r, "block host signals");
		goto out;
	}
	r = vmm_sandbox_open(bundle, opts->debug ? VMM_LOG_DEBUG : VMM_LOG_WARN,
			     &sb, err);
	if (r < 0)
		goto out;
	vmm_sandbox_set_cpus(sb, opts->cpus);
	r = vmm_sandbox_bootinfo(sb, &fdt, &fdt_size, err);
	if (r < 0)
		goto out;
	r = vmm_sandbox_run_platform(sb, fdt, opts->platform, &status, err);
	if (r < 0)
		goto out;
	if (stats_path && vmm_stats_write_run(stats_path, &t0, err) < 0) {
		r = -1;
		goto out;
	}
	vmm_log(VMM_LOG_DEBUG, "init finished with wait status %#x", status);
	if (WIFSIGNALED(status))
		r = 128 + WTERMSIG(status);
	else
		r = WEXITSTATUS(status);
out:
	if (r < 0)
		vmm_error_prefix(err, "run");
	free(fdt);
	vmm_sandbox_free(sb);
	free(bundle);
	return r;
}
