/* SPDX-License-Identifier: MIT */
/*
 * cmd_exec.c - `vmm exec [--tty] [--cwd DIR] [--env K=V]... [--user
 * UID[:GID]] [--process FILE] [--detach] [--pid-file F] [--console-socket S]
 * ID [CMD...]`: run a new process inside a running container; its exit
 * status is exec's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "spec/spec.h"
#include "vmm/cmd.h"
#include "vmm/console.h"
#include "vmm/control.h"
#include "vmm/control_json.h"
#include "vmm/error.h"
#include "vmm/state.h"

#define VMM_EXEC_MAX_ENV 1024

struct vmm_exec_opts {
	bool tty, detach;
	const char *cwd, *user, *process, *pid_file, *console_socket;
	const char *env[VMM_EXEC_MAX_ENV];
	int nenv;
	const char *id;
	char **cmd;
	int ncmd;
};

/* vmm_exec_add - append string @s to @req's strings. */
static int vmm_exec_add(struct ctl_req *req, const char *s)
{
	size_t len = strlen(s) + 1;

	if (req->strings_len + len > CTL_STRINGS_MAX)
		return -E2BIG;
	memcpy(req->strings + req->strings_len, s, len);
	req->strings_len += (unsigned int)len;
	return 0;
}

/* vmm_exec_user - "UID[:GID]" into @req. */
static int vmm_exec_user(const char *s, struct ctl_req *req, struct vmm_error **err)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || (*end && *end != ':'))
		return vmm_error(err, 0, "invalid --user `%s` (UID[:GID])", s);
	req->uid = (unsigned int)v;
	if (*end == ':') {
		s = end + 1;
		v = strtoul(s, &end, 10);
		if (end == s || *end)
			return vmm_error(err, 0, "invalid --user `%s` (UID[:GID])", s);
		req->gid = (unsigned int)v;
	}
	return 0;
}

/* vmm_exec_args - parse the command line into @o. */
static int vmm_exec_args(int argc, char **argv, struct vmm_exec_opts *o,
			 struct vmm_error **err)
{
	const char *v;
	int i, r;

	for (i = 1; i < argc && !o->id; i++) {
		const char *a = argv[i];

		if (vmm_cmd_flag(a, "--tty", "-t")) {
			o->tty = true;
		} else if (vmm_cmd_flag(a, "--detach", "-d")) {
			o->detach = true;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--cwd", NULL, &v, err))) {
			if (r < 0)
				return r;
			o->cwd = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--env", "-e", &v, err))) {
			if (r < 0)
				return r;
			if (o->nenv >= VMM_EXEC_MAX_ENV)
				return vmm_error(err, E2BIG, "--env");
			o->env[o->nenv++] = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--user", "-u", &v, err))) {
			if (r < 0)
				return r;
			o->user = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--process", "-p", &v, err))) {
			if (r < 0)
				return r;
			o->process = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--pid-file", NULL, &v, err))) {
			if (r < 0)
				return r;
			o->pid_file = v;
		} else if ((r = vmm_cmd_opt(argc, argv, &i, "--console-socket", NULL, &v, err))) {
			if (r < 0)
				return r;
			o->console_socket = v;
		} else if (a[0] == '-' && a[1]) {
			return vmm_error(err, 0, "unknown option `%s`", a);
		} else {
			o->id = a;
		}
	}
	if (!o->id)
		return vmm_error(err, 0, "a container id is required");
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	o->cmd = argv + i;
	o->ncmd = argc - i;
	if (!o->ncmd && !o->process)
		return vmm_error(err, 0, "a command to run is required");
	return 0;
}

/* vmm_exec_process_file - args, env, cwd, user and terminal of process.json @path. */
static int vmm_exec_process_file(const char *path, struct ctl_req *req,
				 struct vmm_exec_opts *o, struct vmm_error **err)
{
	cleanup_free char *text = NULL;
	yajl_val v, args, env, user;
	size_t i, len = 0;
	FILE *f;
	int r = 0;

	f = fopen(path, "re");
	if (!f)
		return vmm_error(err, errno, "process file `%s`", path);
	text = malloc(CTL_STRINGS_MAX * 2 + 1);
	if (text)
		len = fread(text, 1, CTL_STRINGS_MAX * 2, f);
	fclose(f);
	if (!text)
		return vmm_error(err, ENOMEM, "process file");
	text[len] = '\0';
	v = yajl_tree_parse(text, NULL, 0);
	args = vmm_json_get(v, "args");
	if (!YAJL_IS_ARRAY(args) || args->u.array.len == 0) {
		yajl_tree_free(v);
		return vmm_error(err, 0, "%s: args: expected a non-empty array of strings", path);
	}
	for (i = 0; r == 0 && i < args->u.array.len; i++, req->argc++)
		r = YAJL_IS_STRING(args->u.array.values[i]) ?
		    vmm_exec_add(req, YAJL_GET_STRING(args->u.array.values[i])) : -EINVAL;
	env = vmm_json_get(v, "env");
	for (i = 0; r == 0 && YAJL_IS_ARRAY(env) && i < env->u.array.len; i++, req->envc++)
		r = YAJL_IS_STRING(env->u.array.values[i]) ?
		    vmm_exec_add(req, YAJL_GET_STRING(env->u.array.values[i])) : -EINVAL;
	if (vmm_json_get_str(v, "cwd") && !o->cwd)
		snprintf(req->cwd, sizeof(req->cwd), "%s", vmm_json_get_str(v, "cwd"));
	user = vmm_json_get(v, "user");
	if (YAJL_IS_OBJECT(user)) {
		req->uid = (unsigned int)vmm_json_get_int(user, "uid", -1);
		req->gid = (unsigned int)vmm_json_get_int(user, "gid", -1);
	}
	if (vmm_json_get_bool(v, "terminal"))
		o->tty = true;
	yajl_tree_free(v);
	if (r < 0)
		return vmm_error(err, -r, "%s: bad args or env", path);
	return 0;
}

/* vmm_exec_request - the CTL_EXEC request for @o in container @st. */
static int vmm_exec_request(struct vmm_state *st, struct vmm_exec_opts *o,
			    struct ctl_req *req, struct vmm_error **err)
{
	struct spec *spec = NULL;
	struct vmm_error *ignored = NULL;
	char *const *e;
	int i, r = 0;

	req->detach = o->detach;
	if (o->process) {
		r = vmm_exec_process_file(o->process, req, o, err);
		if (r < 0)
			return r;
	} else {
		/* the container's environment and directory, like runc */
		if (spec_load(st->bundle, &spec, &ignored) == 0) {
			for (e = spec->process.env; e && *e && r == 0; e++, req->envc++)
				r = vmm_exec_add(req, *e);
			if (spec->process.cwd)
				snprintf(req->cwd, sizeof(req->cwd), "%s", spec->process.cwd);
			spec_free(spec);
		} else {
			r = vmm_exec_add(req, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
			req->envc = 1;
		}
		vmm_error_free(&ignored);
		/* args go first: rebuild with args, then the env */
		if (r == 0) {
			cleanup_free char *envs = malloc(req->strings_len);
			unsigned int elen = req->strings_len;

			if (!envs)
				return vmm_error(err, ENOMEM, "exec");
			memcpy(envs, req->strings, elen);
			req->strings_len = 0;
			for (i = 0; i < o->ncmd && r == 0; i++, req->argc++)
				r = vmm_exec_add(req, o->cmd[i]);
			if (r == 0 && req->strings_len + elen <= CTL_STRINGS_MAX) {
				memcpy(req->strings + req->strings_len, envs, elen);
				req->strings_len += elen;
			} else {
				r = -E2BIG;
			}
		}
	}
	for (i = 0; i < o->nenv && r == 0; i++, req->envc++)
		r = vmm_exec_add(req, o->env[i]);
	if (r < 0)
		return vmm_error(err, -r, "exec arguments");
	if (o->cwd)
		snprintf(req->cwd, sizeof(req->cwd), "%s", o->cwd);
	if (o->user && vmm_exec_user(o->user, req, err) < 0)
		return -1;
	req->terminal = o->tty;
	return 0;
}

/* vmm_exec_stdio - the three fds the process gets (/dev/null for closed ones). */
static int vmm_exec_stdio(int fds[3], bool *owned, struct vmm_error **err)
{
	int i;

	for (i = 0; i < 3; i++) {
		owned[i] = false;
		if (fcntl(i, F_GETFD) >= 0) {
			fds[i] = i;
			continue;
		}
		fds[i] = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (fds[i] < 0)
			return vmm_error(err, errno, "open /dev/null");
		owned[i] = true;
	}
	return 0;
}

/* vmm_exec_failed - exec's message for the sentry's error @e starting @argv0. */
static int vmm_exec_failed(int e, const char *argv0, struct vmm_error **err)
{
	if (e == ENOENT)
		return vmm_error_status(err, 127, 0,
					"executable \"%s\" not found in the container", argv0);
	if (e == EACCES || e == ENOEXEC)
		return vmm_error_status(err, 126, e, "cannot execute \"%s\"", argv0);
	return vmm_error(err, e, "start \"%s\"", argv0);
}

/* A process `exec` waits for, and the signals it passes on to it. */
struct vmm_exec_fwd {
	const char *sock;
	int pid;
	int sig_fd;
};

/*
 * vmm_exec_sigset - what a waiting `exec` forwards, as runc does: every
 * signal but those the kernel keeps (KILL, STOP), those about exec itself
 * (CHLD, WINCH, URG) and faults of exec's own code.
 */
static void vmm_exec_sigset(sigset_t *set)
{
	static const int own[] = { SIGKILL, SIGSTOP, SIGCHLD, SIGWINCH, SIGURG,
				   SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP,
				   SIGSYS };

	sigfillset(set);
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		sigdelset(set, own[i]);
}

/* vmm_exec_forward - pass the signals waiting on @arg's signalfd on. */
static void vmm_exec_forward(void *arg)
{
	struct vmm_exec_fwd *f = arg;
	struct signalfd_siginfo si;
	struct vmm_ctl_reply rep;
	struct vmm_error *e = NULL;
	struct ctl_req *req;

	while (read(f->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		req = vmm_control_req_new(CTL_SIGNAL);
		if (!req)
			return;
		req->target = CTL_SIG_PID;
		req->pid = f->pid;
		req->signo = (int)si.ssi_signo;
		/* a process that has ended meanwhile: its exit reply follows */
		vmm_control_call(f->sock, req, NULL, 0, VMM_CONTROL_TIMEOUT_MS,
				 NULL, &rep, &e);
		vmm_error_free(&e);
		free(req);
	}
}

/*
 * vmm_exec_wait - the exit reply of process @f->pid on @conn into @rep,
 * copying its terminal (@master, -1: none) meanwhile and forwarding the
 * signals exec gets. 0 or < 0 with @err.
 */
static int vmm_exec_wait(struct vmm_exec_fwd *f, int conn, int master,
			 struct vmm_ctl_reply *rep, struct vmm_error **err)
{
	struct pollfd p[2];
	sigset_t set, old;
	int r;

	vmm_exec_sigset(&set);
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		return vmm_error(err, errno, "sigprocmask");
	f->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (f->sig_fd < 0) {
		r = vmm_error(err, errno, "signalfd");
		goto out;
	}
	if (master >= 0) {
		vmm_console_proxy(master, conn, f->sig_fd, vmm_exec_forward, f);
	} else {
		p[0] = (struct pollfd){ .fd = conn, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = f->sig_fd, .events = POLLIN };
		while (!p[0].revents) {
			if (poll(p, 2, -1) < 0 && errno != EINTR)
				break;
			if (p[1].revents)
				vmm_exec_forward(f);
		}
	}
	r = vmm_control_next(conn, -1, rep, err);
	close(f->sig_fd);
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

/* vmm_cmd_exec - see cmd.h. */
int vmm_cmd_exec(int argc, char **argv, const struct vmm_opts *opts,
		 struct vmm_error **err)
{
	struct vmm_exec_opts o = { 0 };
	struct vmm_exec_fwd fwd = { 0 };
	struct vmm_state *st = NULL;
	struct vmm_ctl_reply *rep = malloc(sizeof(*rep));
	struct ctl_req *req = vmm_control_req_new(CTL_EXEC);
	cleanup_free char *sock = NULL;
	int fds[3] = { -1, -1, -1 }, master = -1, slave = -1, conn = -1, i, r = -1;
	bool owned[3] = { false, false, false };
	const char *status;

	if (!rep || !req) {
		vmm_error(err, ENOMEM, "exec");
		goto out;
	}
	if (vmm_exec_args(argc, argv, &o, err) < 0 ||
	    vmm_state_open(vmm_cmd_root(opts), o.id, true, &st, err) < 0)
		goto out;
	status = vmm_state_status(st);
	if (strcmp(status, "running") != 0) {
		vmm_error(err, 0, "cannot exec in a %s container", status);
		goto out;
	}
	if (vmm_exec_request(st, &o, req, err) < 0)
		goto out;
	if (o.tty) {
		if (vmm_console_open(&master, &slave, err) < 0)
			goto out;
		fds[0] = fds[1] = fds[2] = slave;
		if (o.console_socket &&
		    vmm_console_send(o.console_socket, master, err) < 0)
			goto out;
	} else if (vmm_exec_stdio(fds, owned, err) < 0) {
		goto out;
	}
	sock = vmm_state_path(st, VMM_CONTROL_SOCK);
	r = sock ? vmm_control_call(sock, req, fds, 3, VMM_CONTROL_TIMEOUT_MS,
				    &conn, rep, err) : vmm_error(err, ENOMEM, "exec");
	if (r == -ECONNREFUSED)
		r = vmm_error(err, 0, "container \"%s\" is not running", o.id);
	if (r < 0)
		goto out;
	if (rep->r.error) {
		r = vmm_exec_failed(-rep->r.error, req->strings, err);
		goto out;
	}
	if (o.pid_file) {
		FILE *f = fopen(o.pid_file, "we");

		if (!f || fprintf(f, "%d", rep->r.pid) < 0 || fclose(f) != 0) {
			r = vmm_error(err, errno, "pid file `%s`", o.pid_file);
			goto out;
		}
	}
	/* other commands may go on while this one waits */
	close(st->lock_fd);
	st->lock_fd = -1;
	if (slave >= 0) {
		close(slave);
		slave = -1;
	}
	if (o.detach || !rep->r.more) {
		r = 0;
		goto out;
	}
	fwd.sock = sock;
	fwd.pid = rep->r.pid;
	r = vmm_exec_wait(&fwd, conn, o.console_socket ? -1 : master, rep, err);
	if (r == -EPIPE)
		r = vmm_error(err, 0, "the container went away");
	if (r == 0)
		r = vmm_cmd_exit_code(rep->r.status);
out:
	for (i = 0; i < 3; i++)
		if (owned[i])
			close(fds[i]);
	if (conn >= 0)
		close(conn);
	if (master >= 0)
		close(master);
	if (slave >= 0)
		close(slave);
	free(rep);
	free(req);
	vmm_state_free(st);
	if (r < 0)
		return vmm_error_prefix(err, "exec");
	return r;
}
