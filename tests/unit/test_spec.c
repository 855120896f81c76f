/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of spec/ (config.json parser) and `vmm spec`: the default
 * config, a full runc-style config, the good and bad corpora in
 * tests/unit/spec-data/, spec_load on real and missing bundles. TAP.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/capability.h>

#include "spec/spec.h"
#include "spec/spec_internal.h"
#include "vmm/cmd_spec.h"
#include "vmm/error.h"

#ifndef SPEC_DATA_DIR
#define SPEC_DATA_DIR "tests/unit/spec-data"
#endif

static int n_tests, n_failed;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static const char *data_dir(void)
{
	const char *top = getenv("top_srcdir");
	static char buf[4096];

	if (access(SPEC_DATA_DIR, R_OK) == 0 || !top)
		return SPEC_DATA_DIR;
	snprintf(buf, sizeof(buf), "%s/tests/unit/spec-data", top);
	return buf;
}

/* Read a whole file, NUL-terminated (not counted in *@len); NULL on error. */
static char *read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, n = 0;
	FILE *f = fopen(path, "rb");
	size_t r;

	if (!f)
		return NULL;
	do {
		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 4096);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static size_t strv_len(char **v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

static int strv_has(char **v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

static const struct spec_mount *find_mount(const struct spec *s,
					   const char *dest)
{
	size_t i;

	for (i = 0; i < s->n_mounts; i++)
		if (str_eq(s->mounts[i].destination, dest))
			return &s->mounts[i];
	return NULL;
}

static int has_ns(const struct spec *s, const char *type)
{
	size_t i;

	for (i = 0; i < s->n_namespaces; i++)
		if (str_eq(s->namespaces[i].type, type))
			return 1;
	return 0;
}

/* Parse @json, reporting the error (if any) as a diagnostic. */
static struct spec *parse_str(const char *json, const char *bundle)
{
	struct vmm_error *err = NULL;
	struct spec *s = NULL;

	if (spec_parse(json, strlen(json), "config.json", bundle, &s,
		       &err) < 0) {
		diag("unexpected error: %s", err ? err->msg : "(none)");
		vmm_error_free(&err);
		return NULL;
	}
	return s;
}

static void test_tables(void)
{
	ok(spec_cap_number("CAP_CHOWN") == 0 &&
	   spec_cap_number("CAP_SYS_ADMIN") == CAP_SYS_ADMIN &&
	   spec_cap_number("CAP_CHECKPOINT_RESTORE") == 40 &&
	   spec_cap_number("CAP_FOO") == -1 &&
	   spec_cap_number("cap_chown") == -1 && spec_cap_number("") == -1,
	   "spec_cap_number");
	ok(str_eq(spec_cap_name(CAP_NET_RAW), "CAP_NET_RAW") &&
	   spec_cap_name(64) == NULL && spec_cap_name(-1) == NULL,
	   "spec_cap_name");
	ok(spec_rlimit_number("RLIMIT_NOFILE") == RLIMIT_NOFILE &&
	   spec_rlimit_number("RLIMIT_RTTIME") == RLIMIT_RTTIME &&
	   spec_rlimit_number("RLIMIT_CPU") == 0 &&
	   spec_rlimit_number("NOFILE") == -1 &&
	   spec_rlimit_number("RLIMIT_FOO") == -1,
	   "spec_rlimit_number");
}

static void test_path_join(void)
{
	static const struct {
		const char *dir, *rel, *want;
	} cases[] = {
		{ "/b", "rootfs", "/b/rootfs" },
		{ "/b/", "./rootfs/", "/b/rootfs" },
		{ "/b//c/.", "x//y/./z", "/b/c/x/y/z" },
		{ "/b", "/abs/root", "/abs/root" },
		{ "/b", "../up", "/b/../up" },
		{ "/", ".", "/" },
		{ "/b", "", "/b" },
	};
	size_t i;
	int good = 1;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = spec_path_join(cases[i].dir, cases[i].rel);

		if (!str_eq(p, cases[i].want)) {
			diag("join(%s, %s) = %s, want %s", cases[i].dir,
			     cases[i].rel, p ? p : "NULL", cases[i].want);
			good = 0;
		}
		free(p);
	}
	ok(good, "spec_path_join cleans and resolves paths");
}

static void test_default(void)
{
	char *json = spec_default_json(false);
	const struct spec_mount *m;
	struct spec *s;
	uint64_t caps;

	ok(json != NULL, "spec_default_json(false) returns text");
	if (!json)
		return;
	ok(strchr(json, '\n') && strstr(json, "\n\t\"process\""),
	   "default config is pretty-printed with tabs");
	s = parse_str(json, "/bundle");
	ok(s != NULL, "default config parses back");
	if (s) {
		caps = 1ull << CAP_AUDIT_WRITE | 1ull << CAP_KILL |
		       1ull << CAP_NET_BIND_SERVICE;
		ok(str_eq(s->oci_version, "1.0.2"), "default ociVersion");
		ok(s->process.terminal && s->process.uid == 0 &&
		   s->process.gid == 0, "default terminal and user");
		ok(strv_len(s->process.args) == 1 &&
		   str_eq(s->process.args[0], "sh"), "default args [sh]");
		ok(strv_len(s->process.env) == 2 &&
		   strncmp(s->process.env[0], "PATH=/", 6) == 0 &&
		   str_eq(s->process.env[1], "TERM=xterm"), "default env");
		ok(str_eq(s->process.cwd, "/"), "default cwd");
		ok(s->process.has_caps && s->process.caps.bounding_mask == caps &&
		   s->process.caps.effective_mask == caps &&
		   s->process.caps.permitted_mask == caps &&
		   s->process.caps.inheritable_mask == 0 &&
		   s->process.caps.ambient_mask == 0, "default capabilities");
		ok(s->process.n_rlimits == 1 &&
		   s->process.rlimits[0].resource == RLIMIT_NOFILE &&
		   s->process.rlimits[0].soft == 1024 &&
		   s->process.rlimits[0].hard == 1024, "default rlimits");
		ok(s->process.no_new_privileges, "default noNewPrivileges");
		ok(str_eq(s->root_path, "rootfs") &&
		   str_eq(s->root_path_abs, "/bundle/rootfs") &&
		   str_eq(s->bundle, "/bundle") && s->root_readonly,
		   "default root resolved against the bundle");
		ok(str_eq(s->hostname, "vmm"), "default hostname");
		ok(s->n_mounts == 7 && find_mount(s, "/proc") &&
		   find_mount(s, "/dev/pts") && find_mount(s, "/dev/shm") &&
		   find_mount(s, "/dev/mqueue") &&
		   find_mount(s, "/sys/fs/cgroup"), "default mounts");
		m = find_mount(s, "/dev/pts");
		ok(m && str_eq(m->type, "devpts") &&
		   strv_has(m->options, "gid=5") &&
		   strv_has(m->options, "newinstance"), "default /dev/pts");
		m = find_mount(s, "/sys");
		ok(m && str_eq(m->type, "sysfs") && strv_has(m->options, "ro"),
		   "default /sys is sysfs, read-only");
		ok(s->n_namespaces == 6 && has_ns(s, "pid") &&
		   has_ns(s, "network") && has_ns(s, "ipc") &&
		   has_ns(s, "uts") && has_ns(s, "mount") &&
		   has_ns(s, "cgroup") && !has_ns(s, "user"),
		   "default namespaces");
		ok(strv_has(s->masked_paths, "/proc/kcore") &&
		   strv_has(s->masked_paths, "/sys/firmware") &&
		   strv_has(s->readonly_paths, "/proc/sys") &&
		   strv_has(s->readonly_paths, "/proc/sysrq-trigger"),
		   "default masked and read-only paths");
		ok(s->n_uid_mappings == 0 && !s->has_memory_limit &&
		   !s->has_seccomp, "default has no id maps, limits, seccomp");
	}
	spec_free(s);
	free(json);

	json = spec_default_json(true);
	s = json ? parse_str(json, "/bundle") : NULL;
	ok(s != NULL, "rootless default config parses back");
	if (s) {
		ok(has_ns(s, "user") && !has_ns(s, "network") &&
		   has_ns(s, "pid") && s->n_namespaces == 6,
		   "rootless: user namespace, no network namespace");
		ok(s->n_uid_mappings == 1 && s->n_gid_mappings == 1 &&
		   s->uid_mappings[0].container_id == 0 &&
		   s->uid_mappings[0].host_id == geteuid() &&
		   s->uid_mappings[0].size == 1 &&
		   s->gid_mappings[0].host_id == getegid(),
		   "rootless: maps the current user to root");
		m = find_mount(s, "/sys");
		ok(m && str_eq(m->type, "none") && str_eq(m->source, "/sys") &&
		   strv_has(m->options, "rbind"), "rootless: /sys is a bind");
		m = find_mount(s, "/dev/pts");
		ok(m && !strv_has(m->options, "gid=5"),
		   "rootless: no gid= mount options");
	}
	spec_free(s);
	free(json);
}

static void test_full(void)
{
	char path[4096];
	const struct spec_process *p;
	const struct spec_mount *m;
	struct spec *s = NULL;
	size_t len;
	char *json;

	snprintf(path, sizeof(path), "%s/good/runc-full.json", data_dir());
	json = read_file(path, &len);
	ok(json != NULL, "read %s", path);
	if (!json)
		return;
	s = parse_str(json, "/srv/b");
	free(json);
	ok(s != NULL, "full runc-style config parses");
	if (!s)
		return;
	p = &s->process;
	ok(str_eq(s->oci_version, "1.2.0"), "full: ociVersion");
	ok(p->terminal && p->has_console_size && p->console_height == 24 &&
	   p->console_width == 80, "full: terminal and consoleSize");
	ok(p->uid == 1000 && p->gid == 100 && p->has_umask &&
	   p->umask == 022 && p->n_additional_gids == 3 &&
	   p->additional_gids[0] == 5 && p->additional_gids[2] == 4294967295u,
	   "full: user");
	ok(strv_len(p->args) == 3 && str_eq(p->args[2], "echo hi"),
	   "full: args");
	ok(strv_len(p->env) == 3 && str_eq(p->env[2], "EMPTY="),
	   "full: env");
	ok(str_eq(p->cwd, "/home/user"), "full: cwd");
	ok(p->has_caps && p->caps.bounding_mask == (1ull << CAP_CHOWN |
						     1ull << CAP_SYS_ADMIN |
						     1ull << CAP_BPF) &&
	   p->caps.effective_mask == 1ull << CAP_CHOWN &&
	   p->caps.inheritable_mask == 0 &&
	   p->caps.permitted_mask == (1ull << CAP_CHOWN | 1ull << CAP_BPF) &&
	   p->caps.ambient_mask == 1ull << CAP_CHOWN &&
	   str_eq(p->caps.bounding[2], "CAP_BPF") &&
	   p->caps.inheritable && !p->caps.inheritable[0],
	   "full: capabilities");
	ok(p->n_rlimits == 3 && p->rlimits[0].resource == RLIMIT_NOFILE &&
	   p->rlimits[1].resource == RLIMIT_CORE &&
	   p->rlimits[1].hard == UINT64_MAX && p->rlimits[1].soft == 0 &&
	   p->rlimits[2].resource == RLIMIT_STACK &&
	   p->rlimits[2].soft == 8388608, "full: rlimits");
	ok(p->no_new_privileges && str_eq(p->apparmor_profile, "vmm-default") &&
	   str_eq(p->selinux_label, "system_u:system_r:svirt_lxc_net_t:s0") &&
	   p->has_oom_score_adj && p->oom_score_adj == -500,
	   "full: noNewPrivileges, apparmor, selinux, oomScoreAdj");
	ok(str_eq(s->root_path, "rootfs") && !s->root_readonly &&
	   str_eq(s->root_path_abs, "/srv/b/rootfs"), "full: root");
	ok(str_eq(s->hostname, "box") && str_eq(s->domainname, "example.org"),
	   "full: hostname and domainname");
	ok(s->n_mounts == 9, "full: mounts");
	m = find_mount(s, "/data");
	ok(m && m->type == NULL && str_eq(m->source, "/srv/data") &&
	   strv_len(m->options) == 2 && str_eq(m->options[0], "rbind"),
	   "full: bind mount without a type");
	m = find_mount(s, "/proc");
	ok(m && m->options == NULL, "full: mount without options");
	ok(s->n_namespaces == 7 && str_eq(s->namespaces[1].type, "network") &&
	   str_eq(s->namespaces[1].path, "/var/run/netns/box") &&
	   s->namespaces[0].path == NULL && has_ns(s, "user"),
	   "full: namespaces");
	ok(s->n_uid_mappings == 1 && s->uid_mappings[0].container_id == 0 &&
	   s->uid_mappings[0].host_id == 100000 &&
	   s->uid_mappings[0].size == 65536 && s->n_gid_mappings == 2 &&
	   s->gid_mappings[1].container_id == 65536 &&
	   s->gid_mappings[1].host_id == 5, "full: uid/gid mappings");
	ok(s->has_memory_limit && s->memory_limit == 536870912,
	   "full: memory limit");
	ok(s->cpu_shares == 1024 && s->has_cpu_quota &&
	   s->cpu_quota == 50000 && s->cpu_period == 100000 &&
	   str_eq(s->cpu_cpus, "0-3,7"), "full: cpu resources");
	ok(strv_len(s->masked_paths) == 2 && strv_len(s->readonly_paths) == 2,
	   "full: masked and read-only paths");
	ok(s->n_sysctl == 2 && str_eq(s->sysctl[0].key, "net.ipv4.ip_forward") &&
	   str_eq(s->sysctl[0].value, "1"), "full: sysctl");
	ok(s->has_seccomp && s->seccomp_json &&
	   strstr(s->seccomp_json, "\"defaultAction\":\"SCMP_ACT_ERRNO\"") &&
	   strstr(s->seccomp_json, "\"names\":[\"getcwd\",\"chmod\"]") &&
	   strstr(s->seccomp_json, "\"errnoRet\":1"),
	   "full: seccomp kept as JSON");
	ok(s->n_annotations == 2 &&
	   str_eq(s->annotations[1].key, "com.example.key") &&
	   str_eq(s->annotations[1].value, "value"), "full: annotations");
	spec_free(s);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in @dir ending in @suffix; NULL-terminated. */
static char **list_dir(const char *dir, const char *suffix)
{
	size_t n = 0, cap = 16, sl = strlen(suffix);
	char **v = malloc(cap * sizeof(*v));
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d || !v) {
		if (d)
			closedir(d);
		free(v);
		return NULL;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l <= sl || strcmp(de->d_name + l - sl, suffix) != 0)
			continue;
		if (n + 1 >= cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				abort();
		}
		v[n++] = strdup(de->d_name);
	}
	closedir(d);
	v[n] = NULL;
	qsort(v, n, sizeof(*v), name_cmp);
	return v;
}

static void test_good_corpus(void)
{
	char dir[4096], path[8192];
	char **names;
	size_t i, len;

	snprintf(dir, sizeof(dir), "%s/good", data_dir());
	names = list_dir(dir, ".json");
	ok(names && names[0], "good corpus found in %s", dir);
	for (i = 0; names && names[i]; i++) {
		struct vmm_error *err = NULL;
		struct spec *s = NULL;
		char *json;
		int r;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		json = read_file(path, &len);
		r = json ? spec_parse(json, len, "config.json", "/b", &s, &err)
			 : -1;
		ok(r == 0 && s && s->process.args && s->process.cwd &&
		   s->root_path_abs, "good/%s parses", names[i]);
		if (err)
			diag("%s", err->msg);
		vmm_error_free(&err);
		spec_free(s);
		free(json);
		free(names[i]);
	}
	free(names);
}

static void test_bad_corpus(void)
{
	char dir[4096], path[8192];
	char **names;
	size_t i, len, elen;

	snprintf(dir, sizeof(dir), "%s/bad", data_dir());
	names = list_dir(dir, ".json");
	ok(names && names[0], "bad corpus found in %s", dir);
	for (i = 0; names && names[i]; i++) {
		struct vmm_error *err = NULL;
		struct spec *s = NULL;
		char *json, *want;
		int r;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		json = read_file(path, &len);
		strcpy(path + strlen(path) - 5, ".err");
		want = read_file(path, &elen);
		if (!json || !want) {
			ok(0, "bad/%s: read test files", names[i]);
			goto next;
		}
		while (elen > 0 && want[elen - 1] == '\n')
			elen--;
		want[elen] = '\0';	/* .err files end in a newline */
		r = spec_parse(json, len, "config.json", "/b", &s, &err);
		ok(r < 0 && s == NULL && err && str_eq(err->msg, want),
		   "bad/%s: %s", names[i], want);
		if (!(r < 0 && err && str_eq(err->msg, want)))
			diag("got: %s", err ? err->msg : "(no error)");
next:
		vmm_error_free(&err);
		spec_free(s);
		free(json);
		free(want);
		free(names[i]);
	}
	free(names);
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static void test_load(const char *tmp)
{
	char dir[4096], path[4200], want[8400], *cwd;
	struct vmm_error *err = NULL;
	struct spec *s = (struct spec *)1;
	int r;

	snprintf(dir, sizeof(dir), "%s/missing", tmp);
	r = spec_load(dir, &s, &err);
	snprintf(want, sizeof(want),
		 "bundle `%s`: No such file or directory", dir);
	ok(r < 0 && s == NULL && err && str_eq(err->msg, want),
	   "spec_load: missing bundle directory");
	if (err && !str_eq(err->msg, want))
		diag("got: %s", err->msg);
	vmm_error_free(&err);

	snprintf(dir, sizeof(dir), "%s/empty", tmp);
	mkdir(dir, 0755);
	r = spec_load(dir, &s, &err);
	snprintf(want, sizeof(want),
		 "open `%s/config.json`: No such file or directory", dir);
	ok(r < 0 && s == NULL && err && str_eq(err->msg, want),
	   "spec_load: missing config.json names the path");
	if (err && !str_eq(err->msg, want))
		diag("got: %s", err->msg);
	vmm_error_free(&err);

	snprintf(path, sizeof(path), "%s/config.json", dir);
	mkdir(path, 0755);
	r = spec_load(dir, &s, &err);
	ok(r < 0 && s == NULL && err && strstr(err->msg, "config.json"),
	   "spec_load: config.json that is a directory");
	vmm_error_free(&err);
	rmdir(path);

	r = write_text(path, "{\"ociVersion\": \"1.0.0\", \"process\": {");
	r = r < 0 ? r : spec_load(dir, &s, &err);
	ok(r < 0 && s == NULL && err &&
	   str_eq(err->msg, "config.json: invalid JSON: parse error: premature EOF (line 1, column 37)"),
	   "spec_load: truncated config.json");
	if (r == 0 || !err || !strstr(err->msg, "(line 1, column 37)"))
		diag("got: %s", err ? err->msg : "(no error)");
	vmm_error_free(&err);

	r = write_text(path, "{\"ociVersion\": \"1.0.0\", "
			     "\"process\": {\"args\": [\"/bin/true\"], \"cwd\": \"/\"},"
			     "\"root\": {\"path\": \"../rootfs/\"}}");
	r = r < 0 ? r : spec_load(dir, &s, &err);
	snprintf(want, sizeof(want), "%s/../rootfs", dir);
	ok(r == 0 && s && str_eq(s->bundle, dir) &&
	   str_eq(s->root_path_abs, want),
	   "spec_load: root.path resolved against the bundle");
	spec_free(s);
	vmm_error_free(&err);

	cwd = getcwd(NULL, 0);
	r = chdir(dir);
	r = r < 0 ? r : spec_load(".", &s, &err);
	ok(r == 0 && s && str_eq(s->bundle, dir),
	   "spec_load: relative bundle directory made absolute");
	spec_free(s);
	vmm_error_free(&err);
	if (cwd && chdir(cwd) < 0)
		diag("chdir back failed");
	free(cwd);
	unlink(path);
	rmdir(dir);
}

static void test_cmd_spec(const char *tmp)
{
	char dir[4096], path[4200];
	const char *argv[6];
	struct vmm_error *err = NULL;
	struct spec *s = NULL;
	struct stat st;
	mode_t old;
	int r;

	snprintf(dir, sizeof(dir), "%s/bundle", tmp);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/config.json", dir);
	argv[0] = "spec";
	argv[1] = "--bundle";
	argv[2] = dir;
	argv[3] = NULL;
	old = umask(027);
	r = vmm_cmd_spec(3, (char **)argv, &err);
	umask(old);
	ok(r == 0 && !err, "vmm spec --bundle DIR writes config.json");
	vmm_error_free(&err);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640,
	   "config.json mode is 0666 & ~umask");
	r = spec_load(dir, &s, &err);
	ok(r == 0 && s && str_eq(s->process.args[0], "sh") &&
	   has_ns(s, "network"), "written config.json loads");
	spec_free(s);
	vmm_error_free(&err);

	r = vmm_cmd_spec(3, (char **)argv, &err);
	ok(r < 0 && err &&
	   str_eq(err->msg, "config.json: file exists, remove it first"),
	   "vmm spec refuses to overwrite config.json");
	vmm_error_free(&err);
	unlink(path);

	argv[1] = "--rootless";
	argv[2] = "-b";
	argv[3] = dir;
	argv[4] = NULL;
	r = vmm_cmd_spec(4, (char **)argv, &err);
	vmm_error_free(&err);
	r = r < 0 ? r : spec_load(dir, &s, &err);
	ok(r == 0 && s && has_ns(s, "user") && !has_ns(s, "network"),
	   "vmm spec --rootless -b DIR writes a rootless config");
	spec_free(s);
	vmm_error_free(&err);
	unlink(path);

	argv[1] = "--frobnicate";
	argv[2] = NULL;
	r = vmm_cmd_spec(2, (char **)argv, &err);
	ok(r < 0 && err && strstr(err->msg, "unknown option `--frobnicate`"),
	   "vmm spec rejects unknown options");
	vmm_error_free(&err);

	argv[1] = "-b";
	argv[2] = NULL;
	r = vmm_cmd_spec(2, (char **)argv, &err);
	ok(r < 0 && err && strstr(err->msg, "needs a directory"),
	   "vmm spec -b without a directory");
	vmm_error_free(&err);

	snprintf(path, sizeof(path), "--bundle=%s/nonexistent", tmp);
	argv[1] = path;
	r = vmm_cmd_spec(2, (char **)argv, &err);
	ok(r < 0 && err && strstr(err->msg, "No such file or directory"),
	   "vmm spec on a missing bundle directory");
	vmm_error_free(&err);
	rmdir(dir);
}

static void test_edge(void)
{
	struct vmm_error *err = NULL;
	struct spec *s = (struct spec *)1;
	static const char nul[] = "{\"ociVersion\":\"1.0.0\"\0}";
	int r;

	r = spec_parse("", 0, "config.json", NULL, &s, &err);
	ok(r < 0 && s == NULL && err &&
	   str_eq(err->msg, "config.json: invalid JSON: parse error: premature EOF (line 1, column 1)"),
	   "empty input");
	if (err && !strstr(err->msg, "premature EOF"))
		diag("got: %s", err->msg);
	vmm_error_free(&err);
	r = spec_parse(nul, sizeof(nul) - 1, "config.json", NULL, &s, &err);
	ok(r < 0 && s == NULL && err &&
	   str_eq(err->msg, "config.json: invalid JSON: NUL byte (line 1, column 22)"),
	   "embedded NUL byte");
	if (err && !strstr(err->msg, "NUL byte"))
		diag("got: %s", err->msg);
	vmm_error_free(&err);
	r = spec_parse("{\"ociVersion\":\"1.0.0\"}", 22, "my.json", NULL, &s,
		       &err);
	ok(r < 0 && err && str_eq(err->msg, "my.json: process: expected an object"),
	   "file name is used in messages");
	vmm_error_free(&err);
	s = parse_str("{\"ociVersion\":\"1.0.0\",\"process\":{\"args\":[\"a\"],"
		      "\"cwd\":\"/\"},\"root\":{\"path\":\"/abs/root\"}}", NULL);
	ok(s && str_eq(s->root_path_abs, "/abs/root") && s->bundle &&
	   s->bundle[0] == '/' && s->process.env && !s->process.env[0],
	   "absolute root.path; NULL bundle is the cwd; env defaults to empty");
	spec_free(s);
}

int main(void)
{
	char tmp[] = "/tmp/test_spec.XXXXXX";

	if (!mkdtemp(tmp)) {
		printf("1..0 # SKIP cannot create a temporary directory\n");
		return 0;
	}
	test_tables();
	test_path_join();
	test_default();
	test_full();
	test_good_corpus();
	test_bad_corpus();
	test_edge();
	test_load(tmp);
	test_cmd_spec(tmp);
	rmdir(tmp);
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
