/* SPDX-License-Identifier: MIT */
/*
 * sandbox_create.c - `create`: the daemonized sandbox process of a
 * container, its readiness pipe, and its end (see sandbox.h).
 *
 * The readiness pipe carries the sandbox's host pid (a pid_t) first, then
 * one NUL byte once the sentry booted with init held, or an error message
 * before EOF when the sandbox failed to come up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "spec/spec.h"
#include "platform/kvm/kvm.h"
#include "vmm/cmd_run.h"
#include "vmm/console.h"
#include "vmm/control.h"
#include "vmm/error.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"
#include "vmm/security.h"
#include "vmm/signals.h"
#include "vmm/state.h"

#define VMM_READY_TIMEOUT_MS 60000

/* vmm_sandbox_exit_file - record init's wait @status in state dir @dirfd (or @dir). */
static void vmm_sandbox_exit_file(const char *dir, int dirfd, int status)
{
	if (dirfd >= 0)
		vmm_state_write_exit_at(dirfd, status);
	else
		vmm_state_write_exit(dir, status);
}

/*
 * vmm_sandbox_main - the sandbox process: serve @st's container until init
 * ends. It sees the host's tree only until the sentry starts (the
 * security lockdown pivots into an empty root): the state directory is
 * reached through a dirfd held from the start.
 */
static void __attribute__((noreturn))
vmm_sandbox_main(struct vmm_sandbox *sb, const char *dir, int platform,
		 int ready_fd)
{
	struct vmm_error *err = NULL;
	cleanup_free char *sock = NULL;
	void *fdt = NULL;
	size_t fdt_size;
	pid_t pid = getpid();
	int r, status = 0, dirfd = -1;

	(void)!write(ready_fd, &pid, sizeof(pid));
	dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		vmm_error(&err, errno, "state directory `%s`", dir);
		goto fail;
	}
	sb->security |= VMM_SEC_NAMESPACES | VMM_SEC_PIVOT;
	r = vmm_signals_setup();
	if (r < 0) {
		vmm_error(&err, -r, "block host signals");
		goto fail;
	}
	if (asprintf(&sock, "%s/%s", dir, VMM_CONTROL_SOCK) < 0) {
		vmm_error(&err, ENOMEM, "control socket");
		goto fail;
	}
	if (vmm_control_listen(sock, sb, true, fcntl(ready_fd, F_DUPFD_CLOEXEC, 3), &err) < 0)
		goto fail;
	if (vmm_sandbox_bootinfo(sb, &fdt, &fdt_size, &err) < 0)
		goto fail;
	r = vmm_sandbox_run_platform(sb, fdt, platform, &status, &err);
	if (r < 0)
		goto fail;
	vmm_log(VMM_LOG_DEBUG, "sandbox: init finished with wait status %#x", status);
	vmm_sandbox_exit_file(dir, dirfd, status);
	vmm_control_finish(status);
	unlinkat(dirfd, VMM_CONTROL_SOCK, 0);
	_exit(0);
fail:
	/* create reads this before readiness; later it only reaches the log */
	{
		const char *m = err && err->msg ? err->msg : "sandbox failed";

		(void)!write(ready_fd, m, strlen(m));
		vmm_log(VMM_LOG_ERR, "sandbox: %s", m);
	}
	if (vmm_control_fd() >= 0)
		vmm_control_finish(255 << 8);
	vmm_sandbox_exit_file(dir, dirfd, 255 << 8);
	_exit(1);
}

/* vmm_read_ready - wait for the sandbox: its pid, then ready or an error. */
static int vmm_read_ready(int fd, pid_t *pid, struct vmm_error **err)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char msg[1024];
	size_t got = 0, len = 0;
	ssize_t n;

	*pid = 0;
	while (got < sizeof(*pid)) {
		if (poll(&p, 1, VMM_READY_TIMEOUT_MS) <= 0)
			return vmm_error(err, ETIMEDOUT, "the sandbox did not start");
		n = read(fd, (char *)pid + got, sizeof(*pid) - got);
		if (n <= 0)
			return vmm_error(err, 0, "the sandbox process died while starting");
		got += (size_t)n;
	}
	for (;;) {
		if (poll(&p, 1, VMM_READY_TIMEOUT_MS) <= 0)
			return vmm_error(err, ETIMEDOUT, "the sandbox did not become ready");
		n = read(fd, msg + len, sizeof(msg) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len == 0 && msg[0] == '\0')
			return 0;
		len += (size_t)n;
		if (len == sizeof(msg) - 1)
			break;
	}
	msg[len] = '\0';
	return vmm_error(err, 0, "%s", len ? msg : "the sandbox process died while starting");
}

/* vmm_write_pid_file - write @pid to @path atomically. */
static int vmm_write_pid_file(const char *path, pid_t pid, struct vmm_error **err)
{
	cleanup_free char *tmp = NULL;
	FILE *f;

	if (asprintf(&tmp, "%s.%d.tmp", path, (int)getpid()) < 0)
		return vmm_error(err, ENOMEM, "pid file");
	f = fopen(tmp, "we");
	if (!f)
		return vmm_error(err, errno, "pid file `%s`", path);
	fprintf(f, "%d", (int)pid);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		return vmm_error(err, e, "pid file `%s`", path);
	}
	return 0;
}

/* vmm_sandbox_fork - fork the daemonized sandbox; returns its pid or < 0. */
static int vmm_sandbox_fork(struct vmm_sandbox *sb, struct vmm_state *st,
			    int platform, int slave, pid_t *pid,
			    struct vmm_error **err)
{
	int ready[2], status, r;
	pid_t mid;

	if (pipe2(ready, O_CLOEXEC) < 0)
		return vmm_error(err, errno, "readiness pipe");
	fflush(NULL);
	mid = fork();
	if (mid < 0) {
		r = vmm_error(err, errno, "fork the sandbox");
		close(ready[0]);
		close(ready[1]);
		return r;
	}
	if (mid == 0) {
		/* the lock stays with create */
		close(st->lock_fd);
		close(ready[0]);
		setsid();
		if (fork() != 0)
			_exit(0);
		if (slave >= 0) {
			dup2(slave, 0);
			dup2(slave, 1);
			dup2(slave, 2);
			if (slave > 2)
				close(slave);
		}
		vmm_sandbox_main(sb, st->dir, platform, ready[1]);
	}
	close(ready[1]);
	while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
		;
	r = vmm_read_ready(ready[0], pid, err);
	close(ready[0]);
	return r;
}

/* vmm_sandbox_create - see sandbox.h. */
int vmm_sandbox_create(const struct vmm_create_args *a, struct vmm_state **out,
		       struct vmm_error **err)
{
	struct vmm_sandbox *sb = NULL;
	struct vmm_state *st = NULL;
	cleanup_free char *bundle = NULL;
	int master = -1, slave = -1, platform, r;
	pid_t pid = 0;

	r = vmm_state_check_id(a->id, err);
	if (r < 0)
		return r;
	platform = a->platform;
	if (platform == VMM_PLATFORM_KVM && kvm_probe(err) < 0)
		return vmm_error_prefix(err, "KVM unavailable");
	bundle = vmm_sandbox_resolve_bundle(a->bundle, NULL, ".", err);
	if (!bundle)
		return -1;
	r = vmm_sandbox_open(bundle, a->log_level, &sb, err);
	if (r < 0)
		return r;
	vmm_sandbox_set_cpus(sb, a->cpus);
	if (sb->spec->process.terminal && !a->console_socket && !a->foreground) {
		r = vmm_error(err, 0, "process.terminal is true: --console-socket is required");
		goto out;
	}
	r = vmm_state_create(a->root, a->id, sb->spec, &st, err);
	if (r < 0)
		goto out;
	if (sb->spec->process.terminal && a->console_socket) {
		r = vmm_console_open(&master, &slave, err);
		if (r == 0)
			r = vmm_console_send(a->console_socket, master, err);
		if (master >= 0)
			close(master);
		if (r < 0)
			goto fail;
	}
	r = vmm_sandbox_fork(sb, st, platform, slave, &pid, err);
	if (slave >= 0)
		close(slave);
	if (r < 0)
		goto fail;
	st->pid = pid;
	st->pid_start = vmm_state_pid_start(pid);
	free(st->status);
	st->status = strdup("created");
	r = st->status ? vmm_state_save(st, err) : vmm_error(err, ENOMEM, "state");
	if (r == 0 && a->pid_file)
		r = vmm_write_pid_file(a->pid_file, pid, err);
	if (r < 0)
		goto fail;
	*out = st;
	st = NULL;
	goto out;
fail:
	if (pid > 0) {
		kill(pid, SIGKILL);
		st->pid = pid;
		st->pid_start = vmm_state_pid_start(pid);
		vmm_sandbox_kill(st, NULL);
	}
	vmm_state_remove(st, NULL);
out:
	vmm_state_free(st);
	vmm_sandbox_free(sb);
	return r < 0 ? r : 0;
}

/* vmm_wait_gone - wait up to @ms for the sandbox process of @st to end. */
static bool vmm_wait_gone(struct vmm_state *st, int ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i <= ms / 10; i++) {
		if (!vmm_state_alive(st))
			return true;
		nanosleep(&ts, NULL);
	}
	return !vmm_state_alive(st);
}

/* vmm_sandbox_kill - see sandbox.h. */
int vmm_sandbox_kill(struct vmm_state *st, struct vmm_error **err)
{
	cleanup_free char *sock = vmm_state_path(st, VMM_CONTROL_SOCK);
	struct vmm_ctl_reply *rep = malloc(sizeof(*rep));
	struct ctl_req *req = vmm_control_req_new(CTL_SIGNAL);
	struct vmm_error *ignored = NULL;

	if (!vmm_state_alive(st))
		goto done;
	if (sock && rep && req) {
		req->signo = SIGKILL;
		req->target = CTL_SIG_ALL;
		vmm_control_call(sock, req, NULL, 0, 2000, NULL, rep, &ignored);
		vmm_error_free(&ignored);
		req->type = CTL_RESUME;
		vmm_control_call(sock, req, NULL, 0, 2000, NULL, rep, &ignored);
		vmm_error_free(&ignored);
	}
	if (!vmm_wait_gone(st, 2000)) {
		kill(st->pid, SIGKILL);
		if (!vmm_wait_gone(st, 5000)) {
			free(rep);
			free(req);
			return vmm_error(err, 0, "the sandbox process %d does not die",
					 (int)st->pid);
		}
	}
done:
	free(rep);
	free(req);
	return 0;
}
