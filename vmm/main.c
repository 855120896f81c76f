/* SPDX-License-Identifier: MIT */
/*
 * main.c - the vmm command line: global options, then one command.
 * The only place that prints errors ("vmm: <message>").
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "vmm/cmd.h"
#include "vmm/cmd_spec.h"
#include "vmm/sandbox.h"
#include "vmm/error.h"
#include "vmm/log.h"

static const char vmm_usage[] =
	"Usage: vmm [GLOBAL OPTIONS] COMMAND [ARGS...]\n"
	"\n"
	"Run Linux programs in a sandbox on vmm's own application kernel.\n"
	"\n"
	"Commands:\n"
	"  run [--bundle DIR] [--stats=FILE] [ID | BUNDLE_DIR]\n"
	"                                        run a bundle's process and wait for it;\n"
	"                                        --stats writes JSON metrics at exit\n"
	"  spec [--bundle DIR] [--rootless]      write a default config.json\n"
	"  create [--bundle DIR] [--pid-file F] [--console-socket S] ID\n"
	"  start ID | state ID | delete [--force] ID | pause ID | resume ID\n"
	"  kill [--all] ID [SIGNAL]\n"
	"  exec [--tty] [--cwd DIR] [--env K=V] [--user UID[:GID]] [--process F]\n"
	"       [--detach] [--pid-file F] ID [CMD...]\n"
	"  ps [--format table|json] ID | list [--format table|json] [-q]\n"
	"  events [--stats] [--interval T] ID\n"
	"                                        the runc-compatible container lifecycle\n"
	"\n"
	"Global options:\n"
	"  --platform=ptrace|kvm|auto   where the sandbox runs (default: auto)\n"
	"  --cpus=N                     CPUs of the sandbox: KVM runs N vCPUs (default: the\n"
	"                               host CPUs vmm may use; at most 32 and the spec's\n"
	"                               cpu quota/period)\n"
	"  --debug                      log debug messages\n"
	"  --log=FILE                   write the log to FILE instead of stderr\n"
	"  --log-format=text|json       log line format (default: text)\n"
	"  --root=DIR                   state directory of containers (default /run/vmm)\n"
	"  --version                    print the version and exit\n"
	"  --help                       print this help and exit\n";

typedef int (*vmm_cmd_fn_t)(int argc, char **argv, const struct vmm_opts *opts,
			    struct vmm_error **err);

static const struct {
	const char *name;
	vmm_cmd_fn_t fn;
} vmm_cmds[] = {
	{ "run", vmm_cmd_run },		{ "create", vmm_cmd_create },
	{ "start", vmm_cmd_start },	{ "state", vmm_cmd_state },
	{ "kill", vmm_cmd_kill },	{ "delete", vmm_cmd_delete },
	{ "exec", vmm_cmd_exec },	{ "ps", vmm_cmd_ps },
	{ "list", vmm_cmd_list },	{ "pause", vmm_cmd_pause },
	{ "resume", vmm_cmd_pause },	{ "events", vmm_cmd_events },
};

/*
 * vmm_opt_value - match option @name at argv[*i] as "--name=V" or "--name V";
 * returns V (advancing *i for the second form), NULL if @name does not
 * match, and sets *@missing when the value is absent.
 */
static const char *vmm_opt_value(int argc, char **argv, int *i,
				 const char *name, int *missing)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

/* vmm_parse_global - global options; returns the command's index or < 0. */
static int vmm_parse_global(int argc, char **argv, struct vmm_opts *o,
			    struct vmm_error **err)
{
	const char *v;
	int i, missing = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--debug") == 0) {
			o->debug = true;
		} else if (strcmp(a, "--systemd-cgroup") == 0) {
			/* no cgroups of our own: accepted like runc does */
		} else if ((v = vmm_opt_value(argc, argv, &i, "--rootless", &missing))) {
			/* rootless or not, the sandbox is the same */
		} else if ((v = vmm_opt_value(argc, argv, &i, "--platform", &missing))) {
			if (strcmp(v, "ptrace") == 0)
				o->platform = VMM_PLATFORM_PTRACE;
			else if (strcmp(v, "kvm") == 0)
				o->platform = VMM_PLATFORM_KVM;
			else if (strcmp(v, "auto") == 0)
				o->platform = VMM_PLATFORM_AUTO;
			else
				return vmm_error(err, 0,
						 "unknown platform `%s` (ptrace, kvm or auto)", v);
		} else if ((v = vmm_opt_value(argc, argv, &i, "--cpus", &missing))) {
			char *end;
			unsigned long n = strtoul(v, &end, 10);

			if (!*v || *end || n < 1 || n > VMM_MAX_CPUS)
				return vmm_error(err, 0, "--cpus `%s`: expected 1 to %d",
						 v, VMM_MAX_CPUS);
			o->cpus = (unsigned int)n;
		} else if ((v = vmm_opt_value(argc, argv, &i, "--log-format", &missing))) {
			if (strcmp(v, "json") == 0)
				o->log_json = true;
			else if (strcmp(v, "text") == 0)
				o->log_json = false;
			else
				return vmm_error(err, 0,
						 "unknown log format `%s` (text or json)", v);
		} else if ((v = vmm_opt_value(argc, argv, &i, "--log", &missing))) {
			o->log_file = v;
		} else if ((v = vmm_opt_value(argc, argv, &i, "--root", &missing))) {
			o->root = v;
		} else if (missing) {
			return vmm_error(err, 0, "option `%s` needs a value", a);
		} else {
			return vmm_error(err, 0, "unknown option `%s`", a);
		}
		if (missing)
			return vmm_error(err, 0, "option `%s` needs a value", a);
	}
	return i;
}

int main(int argc, char **argv)
{
	struct vmm_opts opts = { .platform = VMM_PLATFORM_AUTO };
	struct vmm_error *err = NULL;
	const char *cmd;
	size_t k;
	int i, r = -1;

	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("vmm version %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(vmm_usage, stdout);
		return 0;
	}
	i = vmm_parse_global(argc, argv, &opts, &err);
	if (i < 0)
		goto fail;
	if (i >= argc) {
		vmm_error(&err, 0, "no command given (see `vmm --help`)");
		goto fail;
	}
	if (vmm_log_init(opts.log_file, opts.log_json,
			 opts.debug ? VMM_LOG_DEBUG : VMM_LOG_WARN, &err) < 0)
		goto fail;
	cmd = argv[i];
	if (strcmp(cmd, "spec") == 0) {
		r = vmm_cmd_spec(argc - i, argv + i, &err);
	} else {
		for (k = 0; k < sizeof(vmm_cmds) / sizeof(vmm_cmds[0]); k++)
			if (strcmp(cmd, vmm_cmds[k].name) == 0)
				break;
		if (k < sizeof(vmm_cmds) / sizeof(vmm_cmds[0]))
			r = vmm_cmds[k].fn(argc - i, argv + i, &opts, &err);
		else
			vmm_error(&err, 0, "unknown command `%s` (see `vmm --help`)", cmd);
	}
	if (r >= 0) {
		vmm_log_fini();
		return r;
	}
fail:
	fprintf(stderr, "vmm: %s\n", err && err->msg ? err->msg : "failed");
	r = err && err->status ? err->status : 1;
	vmm_error_free(&err);
	vmm_log_fini();
	return r;
}
