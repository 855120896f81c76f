/* SPDX-License-Identifier: MIT */
/* cmd_common.c - helpers of the container commands (see cmd.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "vmm/cmd.h"
#include "vmm/cmd_id.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_cmd_root - see cmd.h. */
const char *vmm_cmd_root(const struct vmm_opts *opts)
{
	return opts->root ? opts->root : VMM_DEFAULT_ROOT;
}

/* vmm_cmd_flag - see cmd.h. */
bool vmm_cmd_flag(const char *arg, const char *name, const char *alias)
{
	return strcmp(arg, name) == 0 || (alias && strcmp(arg, alias) == 0);
}

/* vmm_cmd_opt - see cmd.h. */
int vmm_cmd_opt(int argc, char **argv, int *i, const char *name,
		const char *alias, const char **val, struct vmm_error **err)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) == 0 && a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (!vmm_cmd_flag(a, name, alias))
		return 0;
	if (*i + 1 >= argc)
		return vmm_error(err, 0, "option `%s` needs a value", a);
	*val = argv[++*i];
	return 1;
}

static const struct {
	const char *name;
	int sig;
} vmm_sig_names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "IOT", SIGIOT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM },
	{ "TERM", SIGTERM }, { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },
	{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "URG", SIGURG },
	{ "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO },
	{ "POLL", SIGPOLL }, { "PWR", SIGPWR }, { "SYS", SIGSYS },
};

/* vmm_cmd_signal - see cmd.h. */
int vmm_cmd_signal(const char *s, struct vmm_error **err)
{
	const char *name = s;
	char *end;
	long n;
	size_t i;

	if (s[0] >= '0' && s[0] <= '9') {
		n = strtol(s, &end, 10);
		if (*end || n <= 0 || n > 64)
			return vmm_error(err, 0, "invalid signal \"%s\"", s);
		return (int)n;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 0; i < sizeof(vmm_sig_names) / sizeof(vmm_sig_names[0]); i++)
		if (strcasecmp(name, vmm_sig_names[i].name) == 0)
			return vmm_sig_names[i].sig;
	if (strncasecmp(name, "RTMIN+", 6) == 0) {
		n = strtol(name + 6, &end, 10);
		if (!*end && n >= 0 && SIGRTMIN + n <= SIGRTMAX)
			return SIGRTMIN + (int)n;
	}
	return vmm_error(err, 0, "unknown signal \"%s\"", s);
}

/* vmm_cmd_call - see cmd.h. */
int vmm_cmd_call(struct vmm_state *st, const struct ctl_req *req,
		 struct vmm_ctl_reply *rep, const char *what,
		 struct vmm_error **err)
{
	cleanup_free char *sock = vmm_state_path(st, VMM_CONTROL_SOCK);
	int r;

	if (!sock)
		return vmm_error(err, ENOMEM, "%s", what);
	if (!vmm_state_alive(st) || st->exited)
		return vmm_error(err, 0, "container \"%s\" is not running", st->id);
	r = vmm_control_call(sock, req, NULL, 0, VMM_CONTROL_TIMEOUT_MS, NULL,
			     rep, err);
	if (r == -ECONNREFUSED)
		return vmm_error(err, 0, "container \"%s\" is not running", st->id);
	if (r < 0)
		return vmm_error_prefix(err, "%s", what);
	if (rep->r.error)
		return vmm_error(err, -rep->r.error, "%s", what);
	return 0;
}

/* vmm_cmd_exit_code - see cmd.h. */
int vmm_cmd_exit_code(int ws)
{
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return WEXITSTATUS(ws);
}

/* vmm_cmd_id_args - see cmd_id.h. */
const char *vmm_cmd_id_args(int argc, char **argv, const char *const *flags,
			    bool *set, struct vmm_error **err)
{
	const char *id = NULL;
	int i, k;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		for (k = 0; flags && flags[k]; k++)
			if (strcmp(a, flags[k]) == 0)
				break;
		if (flags && flags[k]) {
			set[k] = true;
		} else if (a[0] == '-' && a[1]) {
			vmm_error(err, 0, "unknown option `%s`", a);
			return NULL;
		} else if (!id) {
			id = a;
		} else {
			vmm_error(err, 0, "unexpected argument `%s`", a);
			return NULL;
		}
	}
	if (!id)
		vmm_error(err, 0, "a container id is required");
	return id;
}
