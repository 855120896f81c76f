/* SPDX-License-Identifier: MIT */
/*
 * sandbox.h - one sandbox being set up and run by vmm: its bundle and
 * spec, its physical memory (a memfd mapped in vmm) and its hostcall
 * server with the host handles (root, mounts, stdio) it hands out.
 */
#ifndef VMM_SANDBOX_H
#define VMM_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spec;
struct vmm_error;
struct vmm_hostcalls;

/* Memory size when the spec sets no linux.resources.memory.limit. */
#define VMM_DEFAULT_MEM_SIZE (2ULL << 30)

struct vmm_sandbox {
	char *bundle;			/* absolute bundle directory */
	struct spec *spec;
	int memfd;			/* sandbox physical memory */
	uint8_t *pmem;			/* memfd mapped MAP_SHARED in vmm */
	uint64_t pmem_size;
	struct vmm_hostcalls *hc;
	int log_level;			/* KLOG_* for the sentry */
	bool strace;
	unsigned int security;		/* VMM_SEC_* (vmm/security.h) */
	unsigned int ncpus;		/* CPUs (vmm_sandbox_set_cpus; 0: 1) */
};

/* Most CPUs a sandbox may have (KVM: one hostcall block per vCPU). */
#define VMM_MAX_CPUS 32

/*
 * vmm_sandbox_set_cpus - give @sb @requested CPUs (0: the default, the
 * host CPUs vmm may run on),
 * capped by the spec's linux.resources.cpu quota/period (rounded up) and
 * VMM_MAX_CPUS. Call before vmm_sandbox_bootinfo.
 */
void vmm_sandbox_set_cpus(struct vmm_sandbox *sb, unsigned int requested);

/*
 * vmm_sandbox_resolve_bundle - the bundle directory `vmm run` uses:
 * @bundle_opt (--bundle) if given, else @arg when it is a directory,
 * else the cwd when ./config.json exists, else @fallback. Returns a
 * malloc'ed absolute path or NULL with @err.
 */
char *vmm_sandbox_resolve_bundle(const char *bundle_opt, const char *arg,
				 const char *fallback, struct vmm_error **err);
/*
 * vmm_sandbox_find_exec - check that @argv0 names an executable regular
 * file inside @root: absolute, relative to @cwd when it has a '/', else
 * searched in the PATH of @env; symlinks are followed without leaving
 * @root. Returns 0 or < 0 with @err (exit status 127).
 */
int vmm_sandbox_find_exec(const char *root, const char *cwd,
			  const char *argv0, char *const *env,
			  struct vmm_error **err);
/*
 * vmm_sandbox_open - load @bundle's config.json, check its rootfs and
 * executable, create the memory and the hostcall server. Returns 0 with
 * *@out or < 0 with @err.
 */
int vmm_sandbox_open(const char *bundle, int log_level,
		     struct vmm_sandbox **out, struct vmm_error **err);
/*
 * vmm_sandbox_bootinfo - the boot info FDT (malloc'ed, *@size bytes) for
 * @sb: hands the root, mount and stdio handles to the hostcall server.
 * Returns 0 or < 0 with @err.
 */
int vmm_sandbox_bootinfo(struct vmm_sandbox *sb, void **fdt, size_t *size,
			 struct vmm_error **err);
/*
 * vmm_sandbox_run_platform - boot the sentry for @sb with boot info @fdt
 * on the platform chosen by @kind (enum vmm_platform_kind: the one
 * place that picks it) and run until init ends; its wait status goes to
 * *@status. Returns 0 or < 0 with @err.
 */
int vmm_sandbox_run_platform(struct vmm_sandbox *sb, const void *fdt,
			     int kind, int *status, struct vmm_error **err);

/* What `create` (and `run ID`) asks of vmm_sandbox_create. */
struct vmm_create_args {
	const char *root, *id;
	const char *bundle;		/* --bundle, NULL: the cwd */
	const char *pid_file;		/* NULL: none */
	const char *console_socket;	/* NULL: none */
	bool foreground;		/* `run`: a terminal may use our stdio */
	int platform;			/* enum vmm_platform_kind */
	unsigned int cpus;		/* --cpus (0: the default) */
	int log_level;
};

struct vmm_state;
/*
 * vmm_sandbox_create - make container @a->id: load the bundle, record its
 * state, fork the daemonized sandbox process (stdio: ours, or a pty whose
 * master goes to the console socket), which boots the sentry and holds
 * init until `start`. Returns once the sandbox is ready, with the locked
 * state in *@out; on failure nothing is left behind. Returns 0 or < 0
 * with @err.
 */
int vmm_sandbox_create(const struct vmm_create_args *a, struct vmm_state **out,
		       struct vmm_error **err);
/*
 * vmm_sandbox_kill - make container @st's sandbox process end: SIGKILL
 * every process through the control socket, then the process itself if
 * it lingers. Returns 0 when it is gone, or < 0 with @err.
 */
int vmm_sandbox_kill(struct vmm_state *st, struct vmm_error **err);

/* vmm_sandbox_free - release everything @sb owns; NULL is ignored. */
void vmm_sandbox_free(struct vmm_sandbox *sb);

#endif
