/* SPDX-License-Identifier: MIT */
/*
 * spec_default_json: the config.json that `vmm spec` writes, laid out like
 * the one `runc spec` writes (sh on a read-only rootfs, the usual mounts,
 * a minimal capability set), optionally for an unprivileged user.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yajl/yajl_gen.h>

#include "spec/spec_internal.h"

/* A generator that remembers the first failure. */
struct spec_gen {
	yajl_gen g;
	bool failed;
};

static void gen_check(struct spec_gen *o, yajl_gen_status st)
{
	if (st != yajl_gen_status_ok)
		o->failed = true;
}

static void gen_str(struct spec_gen *o, const char *s)
{
	gen_check(o, yajl_gen_string(o->g, (const unsigned char *)s,
				     strlen(s)));
}

static void gen_key_str(struct spec_gen *o, const char *key, const char *val)
{
	gen_str(o, key);
	gen_str(o, val);
}

static void gen_key_bool(struct spec_gen *o, const char *key, bool val)
{
	gen_str(o, key);
	gen_check(o, yajl_gen_bool(o->g, val));
}

static void gen_key_int(struct spec_gen *o, const char *key, long long val)
{
	gen_str(o, key);
	gen_check(o, yajl_gen_integer(o->g, val));
}

static void gen_open(struct spec_gen *o, const char *key)
{
	if (key)
		gen_str(o, key);
	gen_check(o, yajl_gen_map_open(o->g));
}

static void gen_close(struct spec_gen *o)
{
	gen_check(o, yajl_gen_map_close(o->g));
}

/* "key": [ strings of NULL-terminated @v ], skipping uid=/gid= if @rootless. */
static void gen_key_strv(struct spec_gen *o, const char *key,
			 const char *const *v, bool rootless)
{
	gen_str(o, key);
	gen_check(o, yajl_gen_array_open(o->g));
	for (; *v; v++) {
		if (rootless && (strncmp(*v, "uid=", 4) == 0 ||
				 strncmp(*v, "gid=", 4) == 0))
			continue;
		gen_str(o, *v);
	}
	gen_check(o, yajl_gen_array_close(o->g));
}

static const char *const spec_default_caps[] = {
	"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL,
};

static void gen_process(struct spec_gen *o)
{
	static const char *const args[] = { "sh", NULL };
	static const char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"TERM=xterm", NULL,
	};

	gen_open(o, "process");
	gen_key_bool(o, "terminal", true);
	gen_open(o, "user");
	gen_key_int(o, "uid", 0);
	gen_key_int(o, "gid", 0);
	gen_close(o);
	gen_key_strv(o, "args", args, false);
	gen_key_strv(o, "env", env, false);
	gen_key_str(o, "cwd", "/");
	gen_open(o, "capabilities");
	gen_key_strv(o, "bounding", spec_default_caps, false);
	gen_key_strv(o, "effective", spec_default_caps, false);
	gen_key_strv(o, "permitted", spec_default_caps, false);
	gen_close(o);
	gen_str(o, "rlimits");
	gen_check(o, yajl_gen_array_open(o->g));
	gen_open(o, NULL);
	gen_key_str(o, "type", "RLIMIT_NOFILE");
	gen_key_int(o, "hard", 1024);
	gen_key_int(o, "soft", 1024);
	gen_close(o);
	gen_check(o, yajl_gen_array_close(o->g));
	gen_key_bool(o, "noNewPrivileges", true);
	gen_close(o);
}

static const struct {
	const char *destination, *type, *source;
	const char *const options[7];
} spec_default_mounts[] = {
	{ "/proc", "proc", "proc", { NULL } },
	{ "/dev", "tmpfs", "tmpfs",
	  { "nosuid", "strictatime", "mode=755", "size=65536k", NULL } },
	{ "/dev/pts", "devpts", "devpts",
	  { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620",
	    "gid=5", NULL } },
	{ "/dev/shm", "tmpfs", "shm",
	  { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL } },
	{ "/dev/mqueue", "mqueue", "mqueue",
	  { "nosuid", "noexec", "nodev", NULL } },
	{ "/sys", "sysfs", "sysfs", { "nosuid", "noexec", "nodev", "ro", NULL } },
	{ "/sys/fs/cgroup", "cgroup", "cgroup",
	  { "nosuid", "noexec", "nodev", "relatime", "ro", NULL } },
};

static void gen_mounts(struct spec_gen *o, bool rootless)
{
	static const char *const sys_bind[] = {
		"rbind", "nosuid", "noexec", "nodev", "ro", NULL,
	};
	size_t i;

	gen_str(o, "mounts");
	gen_check(o, yajl_gen_array_open(o->g));
	for (i = 0; i < sizeof(spec_default_mounts) /
			sizeof(spec_default_mounts[0]); i++) {
		const char *dest = spec_default_mounts[i].destination;

		gen_open(o, NULL);
		gen_key_str(o, "destination", dest);
		if (rootless && strcmp(dest, "/sys") == 0) {
			/* sysfs cannot be mounted without a network namespace */
			gen_key_str(o, "type", "none");
			gen_key_str(o, "source", "/sys");
			gen_key_strv(o, "options", sys_bind, false);
		} else {
			gen_key_str(o, "type", spec_default_mounts[i].type);
			gen_key_str(o, "source", spec_default_mounts[i].source);
			if (spec_default_mounts[i].options[0])
				gen_key_strv(o, "options",
					     spec_default_mounts[i].options,
					     rootless);
		}
		gen_close(o);
	}
	gen_check(o, yajl_gen_array_close(o->g));
}

static void gen_idmap(struct spec_gen *o, const char *key, unsigned int id)
{
	gen_str(o, key);
	gen_check(o, yajl_gen_array_open(o->g));
	gen_open(o, NULL);
	gen_key_int(o, "containerID", 0);
	gen_key_int(o, "hostID", id);
	gen_key_int(o, "size", 1);
	gen_close(o);
	gen_check(o, yajl_gen_array_close(o->g));
}

static void gen_linux(struct spec_gen *o, bool rootless)
{
	static const char *const ns[] = {
		"pid", "network", "ipc", "uts", "mount", "cgroup",
	};
	static const char *const masked[] = {
		"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
		"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
		"/proc/sched_debug", "/sys/firmware", "/proc/scsi", NULL,
	};
	static const char *const readonly[] = {
		"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
		"/proc/sysrq-trigger", NULL,
	};
	size_t i;

	gen_open(o, "linux");
	if (rootless) {
		gen_idmap(o, "uidMappings", geteuid());
		gen_idmap(o, "gidMappings", getegid());
	} else {
		gen_open(o, "resources");
		gen_str(o, "devices");
		gen_check(o, yajl_gen_array_open(o->g));
		gen_open(o, NULL);
		gen_key_bool(o, "allow", false);
		gen_key_str(o, "access", "rwm");
		gen_close(o);
		gen_check(o, yajl_gen_array_close(o->g));
		gen_close(o);
	}
	gen_str(o, "namespaces");
	gen_check(o, yajl_gen_array_open(o->g));
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		if (rootless && strcmp(ns[i], "network") == 0)
			continue;
		gen_open(o, NULL);
		gen_key_str(o, "type", ns[i]);
		gen_close(o);
	}
	if (rootless) {
		gen_open(o, NULL);
		gen_key_str(o, "type", "user");
		gen_close(o);
	}
	gen_check(o, yajl_gen_array_close(o->g));
	gen_key_strv(o, "maskedPaths", masked, false);
	gen_key_strv(o, "readonlyPaths", readonly, false);
	gen_close(o);
}

/* spec_default_json - see spec.h. */
char *spec_default_json(bool rootless)
{
	struct spec_gen o = { 0 };
	const unsigned char *buf;
	char *out = NULL;
	size_t len;

	o.g = yajl_gen_alloc(NULL);
	if (!o.g)
		return NULL;
	yajl_gen_config(o.g, yajl_gen_beautify, 1);
	yajl_gen_config(o.g, yajl_gen_indent_string, "\t");
	gen_open(&o, NULL);
	gen_key_str(&o, "ociVersion", "1.0.2");
	gen_process(&o);
	gen_open(&o, "root");
	gen_key_str(&o, "path", "rootfs");
	gen_key_bool(&o, "readonly", true);
	gen_close(&o);
	gen_key_str(&o, "hostname", "vmm");
	gen_mounts(&o, rootless);
	gen_linux(&o, rootless);
	gen_close(&o);
	if (!o.failed &&
	    yajl_gen_get_buf(o.g, &buf, &len) == yajl_gen_status_ok) {
		out = malloc(len + 1);
		if (out) {
			memcpy(out, buf, len);
			out[len] = '\0';
		}
	}
	yajl_gen_free(o.g);
	return out;
}
