/* SPDX-License-Identifier: MIT */
/*
 * cmd.h - the container commands of the vmm command line (runc's
 * conventions), one cmd_*.c each, and their shared helpers (cmd_common.c).
 * Each vmm_cmd_X gets argv[0] = "X" and returns the exit status for vmm,
 * or < 0 with @err.
 */
#ifndef VMM_CMD_H
#define VMM_CMD_H

#include "vmm/cmd_run.h"

struct ctl_req;
struct vmm_ctl_reply;
struct vmm_state;

int vmm_cmd_create(int argc, char **argv, const struct vmm_opts *opts,
		   struct vmm_error **err);
int vmm_cmd_start(int argc, char **argv, const struct vmm_opts *opts,
		  struct vmm_error **err);
int vmm_cmd_state(int argc, char **argv, const struct vmm_opts *opts,
		  struct vmm_error **err);
int vmm_cmd_kill(int argc, char **argv, const struct vmm_opts *opts,
		 struct vmm_error **err);
int vmm_cmd_delete(int argc, char **argv, const struct vmm_opts *opts,
		   struct vmm_error **err);
int vmm_cmd_exec(int argc, char **argv, const struct vmm_opts *opts,
		 struct vmm_error **err);
int vmm_cmd_ps(int argc, char **argv, const struct vmm_opts *opts,
	       struct vmm_error **err);
int vmm_cmd_list(int argc, char **argv, const struct vmm_opts *opts,
		 struct vmm_error **err);
/* vmm_cmd_pause - `pause ID` and `resume ID` (by argv[0]). */
int vmm_cmd_pause(int argc, char **argv, const struct vmm_opts *opts,
		  struct vmm_error **err);
int vmm_cmd_events(int argc, char **argv, const struct vmm_opts *opts,
		   struct vmm_error **err);
/* vmm_cmd_run_container - `run [--detach] ... ID` (called by vmm_cmd_run). */
int vmm_cmd_run_container(int argc, char **argv, const struct vmm_opts *opts,
			  struct vmm_error **err);

/* vmm_cmd_root - the --root directory. */
const char *vmm_cmd_root(const struct vmm_opts *opts);
/*
 * vmm_cmd_opt - match option @name (or short @alias, may be NULL) at
 * argv[*i] as "--name=V" or "--name V": returns 1 with *@val, 0 if it is
 * not that option, < 0 with @err when the value is missing.
 */
int vmm_cmd_opt(int argc, char **argv, int *i, const char *name,
		const char *alias, const char **val, struct vmm_error **err);
/* vmm_cmd_flag - does argv[i] equal @name or @alias (may be NULL)? */
bool vmm_cmd_flag(const char *arg, const char *name, const char *alias);
/* vmm_cmd_signal - "TERM", "SIGTERM" or "15" -> 15; < 0 with @err. */
int vmm_cmd_signal(const char *s, struct vmm_error **err);
/*
 * vmm_cmd_call - send @req to @st's sandbox, first reply in @rep. A
 * sandbox that is gone is "container \"ID\" is not running"; a reply with
 * an error becomes @err ("@what: strerror"). Returns 0 or < 0.
 */
int vmm_cmd_call(struct vmm_state *st, const struct ctl_req *req,
		 struct vmm_ctl_reply *rep, const char *what,
		 struct vmm_error **err);
/* vmm_cmd_exit_code - vmm's exit status for wait status @ws. */
int vmm_cmd_exit_code(int ws);

#endif
