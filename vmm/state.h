/* SPDX-License-Identifier: MIT */
/*
 * state.h - containers' state under --root: one directory per container
 * (mode 0700) with state.json, the control socket, the exit status of init
 * once the sandbox ended, and a lock (flock on the directory) that
 * serialises commands on one container.
 */
#ifndef VMM_STATE_H
#define VMM_STATE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct spec;
struct vmm_error;

#define VMM_DEFAULT_ROOT "/run/vmm"
/* runc's limit on container ids. */
#define VMM_ID_MAX 1024

struct vmm_state {
	char *root, *id, *dir;
	int lock_fd;			/* the locked directory, or -1 */
	/* state.json */
	char *oci_version, *bundle, *created, *status;
	pid_t pid;			/* host pid of the sandbox process */
	unsigned long long pid_start;	/* its start time (/proc/PID/stat) */
	char **ann_keys, **ann_values;
	size_t n_ann;
	/* the exit file, written by the sandbox when init ended */
	bool exited;
	int exit_status;		/* wait status */
};

/* vmm_state_check_id - runc's rules for @id. Returns 0 or < 0 with @err. */
int vmm_state_check_id(const char *id, struct vmm_error **err);
/*
 * vmm_state_create - make the directory of new container @id under @root
 * (created 0700 when missing) and lock it; fill the fields from @spec.
 * Returns 0 with *@out, or < 0 with @err ("already exists").
 */
int vmm_state_create(const char *root, const char *id, const struct spec *spec,
		     struct vmm_state **out, struct vmm_error **err);
/*
 * vmm_state_open - load container @id, locked when @lock. Returns 0 with
 * *@out or < 0 with @err ("container \"ID\" does not exist").
 */
int vmm_state_open(const char *root, const char *id, bool lock,
		   struct vmm_state **out, struct vmm_error **err);
/* vmm_state_save - write state.json atomically. Returns 0 or < 0 with @err. */
int vmm_state_save(struct vmm_state *st, struct vmm_error **err);
/*
 * vmm_state_status - the live status: "stopped" once init ended or the
 * sandbox process is gone, else the saved one (created, running, paused).
 */
const char *vmm_state_status(struct vmm_state *st);
/* vmm_state_alive - is the sandbox process still there? */
bool vmm_state_alive(const struct vmm_state *st);
/* vmm_state_print - the runtime-spec state JSON of @st on @f. 0 or < 0. */
int vmm_state_print(struct vmm_state *st, FILE *f, struct vmm_error **err);
/* vmm_state_path - "@st->dir/@name" (malloc'ed) or NULL. */
char *vmm_state_path(const struct vmm_state *st, const char *name);
/* vmm_state_remove - delete the container's directory and everything in it. */
int vmm_state_remove(struct vmm_state *st, struct vmm_error **err);
/* vmm_state_free - unlock and free; NULL is ignored. */
void vmm_state_free(struct vmm_state *st);
/* vmm_state_pid_start - start time of process @pid (0 if gone). */
unsigned long long vmm_state_pid_start(pid_t pid);
/* vmm_state_write_exit - (sandbox) record init's wait @status in @dir. */
int vmm_state_write_exit(const char *dir, int status);
/* vmm_state_write_exit_at - the same through @dirfd, the state directory. */
int vmm_state_write_exit_at(int dirfd, int status);
/*
 * vmm_state_reload - re-read the exit file (after waiting for the
 * sandbox without the lock).
 */
void vmm_state_reload_exit(struct vmm_state *st);

#endif
