/* SPDX-License-Identifier: MIT */
/*
 * control.h - the control channel between `vmm` commands and a sandbox
 * process: a unix socket in the container's state directory, one JSON
 * request per connection (stdio fds ride along with SCM_RIGHTS) and one
 * or more newline-terminated JSON replies.
 */
#ifndef VMM_CONTROL_H
#define VMM_CONTROL_H

#include <stdbool.h>

#include "abi/control.h"

struct vmm_error;
struct vmm_sandbox;

/* Name of the socket in the state directory. */
#define VMM_CONTROL_SOCK "control.sock"
/* How long a client waits for an ordinary answer. */
#define VMM_CONTROL_TIMEOUT_MS 10000

/* A reply as the client sees it. */
struct vmm_ctl_reply {
	struct ctl_resp r;
	unsigned long long memory_bytes;	/* STATS: sandbox memory in use */
};

/*
 * vmm_control_listen - (sandbox process) listen on @path for requests to
 * @sb. When @hold, the first request the sentry gets holds init until
 * CTL_START. After that, one byte is written to @ready_fd (then closed)
 * to tell `create` the sandbox is ready. Returns 0 or < 0 with @err.
 */
int vmm_control_listen(const char *path, struct vmm_sandbox *sb, bool hold,
		       int ready_fd, struct vmm_error **err);
/*
 * vmm_control_fd - the listening socket (the platform's idle waits on its
 * SIGIO), or -1.
 */
int vmm_control_fd(void);
/*
 * vmm_control_poll - (platform hook) the next request for the sentry in
 * *@req: 1, or 0 when none is waiting. CTL_WAIT of init is kept here.
 */
int vmm_control_poll(struct ctl_req *req);
/* vmm_control_reply - (platform hook) answer connection @cookie with @resp. */
void vmm_control_reply(unsigned long long cookie, const struct ctl_resp *resp);
/*
 * vmm_control_finish - the sentry is gone with init's wait status
 * @status: answer every waiter and every open request, stop listening.
 */
void vmm_control_finish(int status);

/*
 * vmm_control_call - send @req (with @nfds fds from @fds) to the sandbox
 * listening on @path and read its first reply into @out, waiting up to
 * @timeout_ms (< 0: forever). When @conn is not NULL, the connection is
 * left open in *@conn for vmm_control_next; with @timeout_ms 0 no reply
 * is read at all. Returns 0 (the reply may hold
 * an error), -ECONNREFUSED when no sandbox listens (stopped), or < 0 with
 * @err.
 */
int vmm_control_call(const char *path, const struct ctl_req *req,
		     const int *fds, int nfds, int timeout_ms, int *conn,
		     struct vmm_ctl_reply *out, struct vmm_error **err);
/*
 * vmm_control_next - read the next reply on @conn into @out (@timeout_ms
 * < 0: forever). Returns 0, -EPIPE when the sandbox went away, or < 0
 * with @err.
 */
int vmm_control_next(int conn, int timeout_ms, struct vmm_ctl_reply *out,
		     struct vmm_error **err);
/* vmm_control_req_new - a zeroed request of @type (uid/gid -1, no stdio); NULL: ENOMEM. */
struct ctl_req *vmm_control_req_new(unsigned int type);

#endif
