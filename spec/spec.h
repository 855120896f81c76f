/* SPDX-License-Identifier: MIT */
/*
 * spec - the OCI runtime-spec config.json as a C structure (yajl).
 *
 * Strings are heap-allocated and owned by the struct spec; spec_free()
 * releases everything. Absent optional fields are NULL / 0 / has_* false.
 */
#ifndef SPEC_SPEC_H
#define SPEC_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmm_error;

struct spec_rlimit {
	char *type;		/* "RLIMIT_NOFILE" */
	int resource;		/* RLIMIT_* number */
	uint64_t soft, hard;
};

struct spec_caps {		/* each a NULL-terminated list of "CAP_*" */
	char **bounding, **effective, **inheritable, **permitted, **ambient;
	/* the same sets as bitmasks (bit = capability number) */
	uint64_t bounding_mask, effective_mask, inheritable_mask,
		permitted_mask, ambient_mask;
};

struct spec_mount {
	char *destination;
	char *type;		/* may be NULL (bind mounts) */
	char *source;		/* may be NULL */
	char **options;		/* NULL-terminated, may be NULL */
};

struct spec_namespace {
	char *type;		/* "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time" */
	char *path;		/* may be NULL */
};

struct spec_idmap {
	uint32_t container_id, host_id, size;
};

struct spec_process {
	bool terminal;
	bool has_console_size;		/* process.consoleSize */
	uint32_t console_height, console_width;
	uint32_t uid, gid;
	bool has_umask;
	uint32_t umask;
	uint32_t *additional_gids;
	size_t n_additional_gids;
	char **args;		/* NULL-terminated, at least one */
	char **env;		/* NULL-terminated, may be empty */
	char *cwd;		/* absolute */
	struct spec_caps caps;
	bool has_caps;
	struct spec_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	char *apparmor_profile, *selinux_label;
	bool has_oom_score_adj;
	int oom_score_adj;
};

struct spec_kv {
	char *key, *value;
};

struct spec {
	char *oci_version;
	struct spec_process process;
	char *root_path;	/* as written in config.json */
	char *root_path_abs;	/* resolved against the bundle directory */
	bool root_readonly;
	char *hostname;
	char *domainname;
	struct spec_mount *mounts;
	size_t n_mounts;
	struct spec_kv *annotations;
	size_t n_annotations;

	/* linux */
	struct spec_namespace *namespaces;
	size_t n_namespaces;
	struct spec_idmap *uid_mappings, *gid_mappings;
	size_t n_uid_mappings, n_gid_mappings;
	bool has_memory_limit;
	int64_t memory_limit;		/* bytes */
	bool has_cpu_quota;
	int64_t cpu_quota;		/* resources.cpu.quota, us */
	uint64_t cpu_period;		/* resources.cpu.period, us */
	char *cpu_cpus;			/* resources.cpu.cpus, e.g. "0-3" */
	uint64_t cpu_shares;
	char **masked_paths, **readonly_paths;	/* NULL-terminated */
	struct spec_kv *sysctl;
	size_t n_sysctl;
	bool has_seccomp;		/* linux.seccomp present (kept for later) */
	char *seccomp_json;		/* linux.seccomp re-serialised, or NULL */

	char *bundle;			/* absolute bundle directory */
};

/*
 * spec_load - read and validate @bundle_dir/config.json. On failure returns
 * < 0 with an error like "config.json: process.args: expected a non-empty
 * array of strings" and nothing allocated.
 */
int spec_load(const char *bundle_dir, struct spec **out,
	      struct vmm_error **err);
/*
 * spec_parse - parse config.json text @json (@len bytes); @file names it in
 * errors and @bundle_dir (may be NULL) resolves root.path.
 */
int spec_parse(const char *json, size_t len, const char *file,
	       const char *bundle_dir, struct spec **out,
	       struct vmm_error **err);
/* spec_free - free a spec and everything it owns; NULL is ignored. */
void spec_free(struct spec *s);
/*
 * spec_default_json - the default config.json text `vmm spec` writes
 * (runc-compatible: sh, readonly rootfs, the usual mounts); malloc'ed.
 * @rootless selects a config for an unprivileged user.
 */
char *spec_default_json(bool rootless);
/* spec_cap_number - capability number of "CAP_NAME", -1 if unknown. */
int spec_cap_number(const char *name);
/* spec_cap_name - "CAP_NAME" of capability @number, NULL if unknown. */
const char *spec_cap_name(int number);
/* spec_rlimit_number - RLIMIT_* number of "RLIMIT_NAME", -1 if unknown. */
int spec_rlimit_number(const char *name);

#endif
