/* SPDX-License-Identifier: MIT */
/*
 * cmd_run_container.c - `vmm run [--bundle DIR] [--pid-file F]
 * [--console-socket S] [--detach] ID`: create + start, then (unless
 * detached) wait for init, forwarding our signals to it, delete the
 * container and exit with init's status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "vmm/cmd.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"
#include "vmm/state.h"

static const int vmm_run_fwd[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1,
				   SIGUSR2, SIGWINCH };

/* vmm_run_forward - send signal @sig to init of container @st. */
static void vmm_run_forward(struct vmm_state *st, int sig)
{
	struct vmm_ctl_reply *rep = malloc(sizeof(*rep));
	struct ctl_req *req = vmm_control_req_new(CTL_SIGNAL);
	struct vmm_error *ignored = NULL;

	if (rep && req) {
		req->signo = sig;
		vmm_cmd_call(st, req, rep, "forward a signal", &ignored);
	}
	vmm_error_free(&ignored);
	free(rep);
	free(req);
}

/* vmm_run_wait - wait on @conn for init's end; its wait status or < 0. */
static int vmm_run_wait(struct vmm_state *st, int conn, struct vmm_error **err)
{
	struct vmm_ctl_reply *rep = malloc(sizeof(*rep));
	struct signalfd_siginfo si;
	struct pollfd p[2];
	sigset_t set;
	size_t i;
	int sfd, r;

	if (!rep)
		return vmm_error(err, ENOMEM, "run");
	sigemptyset(&set);
	for (i = 0; i < sizeof(vmm_run_fwd) / sizeof(vmm_run_fwd[0]); i++)
		sigaddset(&set, vmm_run_fwd[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	for (;;) {
		p[0] = (struct pollfd){ .fd = conn, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents & POLLIN &&
		    read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
			vmm_run_forward(st, (int)si.ssi_signo);
		if (p[0].revents)
			break;
	}
	r = vmm_control_next(conn, 1000, rep, err);
	if (r == 0)
		r = rep->r.exited ? rep->r.status : (rep->r.error ? -1 : 0);
	if (r == -EPIPE || (r == -1 && !*err)) {
		/* the sandbox ended first: its exit file has the status */
		vmm_error_free(err);
		vmm_state_reload_exit(st);
		r = st->exited ? st->exit_status : vmm_error(err, 0, "the sandbox died");
	}
	if (sfd >= 0)
		close(sfd);
	free(rep);
	return r;
}

/* vmm_cmd_run_container - see cmd.h. */
int vmm_cmd_run_container(int argc, char **argv, const struct vmm_opts *opts,
			  struct vmm_error **err)
{
	struct vmm_create_args a = {
		.root = vmm_cmd_root(opts),
		.platform = opts->platform,
		.cpus = opts->cpus,
		.log_level = opts->debug ? VMM_LOG_DEBUG : VMM_LOG_WARN,
	};
	struct vmm_state *st = NULL;
	struct vmm_ctl_reply *rep = malloc(sizeof(*rep));
	struct ctl_req *req = vmm_control_req_new(CTL_WAIT);
	struct vmm_error *ignored = NULL;
	cleanup_free char *sock = NULL;
	bool detach = false;
	const char *v;
	int i, r = 0, conn = -1, ws;

	if (!rep || !req) {
		r = vmm_error(err, ENOMEM, "run");
		goto out;
	}
	for (i = 1; i < argc && r >= 0; i++) {
		if ((r = vmm_cmd_opt(argc, argv, &i, "--bundle", "-b", &v, err))) {
			a.bundle = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--pid-file", NULL, &v, err))) {
			a.pid_file = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--console-socket", NULL, &v, err))) {
			a.console_socket = v;
		} else if (vmm_cmd_flag(argv[i], "--detach", "-d")) {
			detach = true;
		} else if (vmm_cmd_flag(argv[i], "--no-pivot", NULL) ||
			   vmm_cmd_flag(argv[i], "--no-new-keyring", NULL)) {
			continue;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			r = vmm_error(err, 0, "unknown option `%s`", argv[i]);
		} else if (!a.id) {
			a.id = argv[i];
		} else {
			r = vmm_error(err, 0, "unexpected argument `%s`", argv[i]);
		}
	}
	if (r < 0)
		goto out;
	a.foreground = !detach;
	r = vmm_sandbox_create(&a, &st, err);
	if (r < 0)
		goto out;
	sock = vmm_state_path(st, VMM_CONTROL_SOCK);
	if (!sock) {
		r = vmm_error(err, ENOMEM, "run");
		goto fail;
	}
	/* register the wait before init can run, so its end is never missed */
	if (!detach) {
		r = vmm_control_call(sock, req, NULL, 0, 0, &conn, rep, err);
		if (r < 0) {
			r = r == -ECONNREFUSED ? vmm_error(err, 0, "the sandbox died") : r;
			goto fail;
		}
	}
	req->type = CTL_START;
	r = vmm_cmd_call(st, req, rep, "start the container", err);
	if (r < 0)
		goto fail;
	free(st->status);
	st->status = strdup("running");
	r = st->status ? vmm_state_save(st, err) : vmm_error(err, ENOMEM, "state");
	if (r < 0)
		goto fail;
	if (detach)
		goto out;
	close(st->lock_fd);
	st->lock_fd = -1;
	ws = vmm_run_wait(st, conn, err);
	vmm_state_free(st);
	st = NULL;
	/* like runc: a foreground run deletes its container */
	if (vmm_state_open(a.root, a.id, true, &st, &ignored) == 0) {
		vmm_sandbox_kill(st, &ignored);
		vmm_state_remove(st, &ignored);
	}
	vmm_error_free(&ignored);
	r = ws < 0 ? ws : vmm_cmd_exit_code(ws);
	goto out;
fail:
	vmm_sandbox_kill(st, &ignored);
	vmm_state_remove(st, &ignored);
	vmm_error_free(&ignored);
out:
	if (conn >= 0)
		close(conn);
	vmm_state_free(st);
	free(rep);
	free(req);
	if (r < 0)
		return vmm_error_prefix(err, "run");
	return r;
}
