/* SPDX-License-Identifier: MIT */
/*
 * console.h - terminals for containers: a pty pair whose master goes to
 * the --console-socket (SCM_RIGHTS, like runc) and whose slave becomes
 * the sandbox's (or an exec'd process's) stdio.
 */
#ifndef VMM_CONSOLE_H
#define VMM_CONSOLE_H

struct vmm_error;

/* vmm_console_open - a new pty: *@master and *@slave (both CLOEXEC). 0 or < 0 with @err. */
int vmm_console_open(int *master, int *slave, struct vmm_error **err);
/*
 * vmm_console_send - send @master over the unix socket at @path, with
 * the pty's name as the message (as runc does). 0 or < 0 with @err.
 */
int vmm_console_send(const char *path, int master, struct vmm_error **err);
/*
 * vmm_console_proxy - copy our stdin to @master and @master to our
 * stdout until the master hangs up or @stop_fd becomes readable (-1:
 * none); our terminal is raw meanwhile. When @extra_fd (-1: none) is
 * readable, @on_extra(@arg) is called. Returns 0.
 */
int vmm_console_proxy(int master, int stop_fd, int extra_fd,
		      void (*on_extra)(void *arg), void *arg);

#endif
