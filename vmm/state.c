/* SPDX-License-Identifier: MIT */
/* state.c - containers' state directories (see state.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spec/spec.h"
#include "vmm/control_json.h"
#include "vmm/error.h"
#include "vmm/state.h"

#define VMM_LOCK_TIMEOUT_MS 30000
#define VMM_STATE_MAX (1024 * 1024)

/* vmm_state_check_id - see state.h. */
int vmm_state_check_id(const char *id, struct vmm_error **err)
{
	const char *p;

	if (!id || !id[0])
		return vmm_error(err, 0, "container id cannot be empty");
	if (strlen(id) > VMM_ID_MAX)
		return vmm_error(err, 0, "invalid container id: longer than %d characters",
				 VMM_ID_MAX);
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		return vmm_error(err, 0, "invalid container id format: %s", id);
	for (p = id; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '+' ||
		    *p == '-' || *p == '.')
			continue;
		return vmm_error(err, 0, "invalid container id format: %s", id);
	}
	return 0;
}

/* vmm_mkdir_p - make @path and its parents with @mode. 0 or -errno. */
static int vmm_mkdir_p(const char *path, mode_t mode)
{
	char buf[4096];
	size_t i, len = strlen(path);

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -errno;
		buf[i] = path[i];
	}
	return 0;
}

/* vmm_state_new - an empty state for @root/@id. */
static struct vmm_state *vmm_state_new(const char *root, const char *id)
{
	struct vmm_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->lock_fd = -1;
	st->root = strdup(root);
	st->id = strdup(id);
	if (!st->root || !st->id || asprintf(&st->dir, "%s/%s", root, id) < 0) {
		st->dir = NULL;
		vmm_state_free(st);
		return NULL;
	}
	return st;
}

/* vmm_state_path - see state.h. */
char *vmm_state_path(const struct vmm_state *st, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", st->dir, name) < 0)
		return NULL;
	return p;
}

/* vmm_state_lock - lock @st's directory, waiting a bounded time. */
static int vmm_state_lock(struct vmm_state *st, struct vmm_error **err)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	int i;

	st->lock_fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->lock_fd < 0) {
		if (errno == ENOENT)
			return vmm_error(err, 0, "container \"%s\" does not exist", st->id);
		return vmm_error(err, errno, "open `%s`", st->dir);
	}
	for (i = 0; i < VMM_LOCK_TIMEOUT_MS / 5; i++) {
		if (flock(st->lock_fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return vmm_error(err, errno, "lock `%s`", st->dir);
		nanosleep(&ts, NULL);
	}
	return vmm_error(err, 0, "container \"%s\" is busy (locked by another command)",
			 st->id);
}

/* vmm_rfc3339_now - the current time like "2024-01-02T03:04:05.123456789Z". */
static char *vmm_rfc3339_now(void)
{
	struct timespec ts;
	struct tm tm;
	char buf[64], *out;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	if (asprintf(&out, "%s.%09ldZ", buf, ts.tv_nsec) < 0)
		return NULL;
	return out;
}

/* vmm_state_create - see state.h. */
int vmm_state_create(const char *root, const char *id, const struct spec *spec,
		     struct vmm_state **out, struct vmm_error **err)
{
	struct vmm_state *st;
	size_t i;
	int r;

	r = vmm_state_check_id(id, err);
	if (r < 0)
		return r;
	r = vmm_mkdir_p(root, 0700);
	if (r < 0)
		return vmm_error(err, -r, "state root `%s`", root);
	st = vmm_state_new(root, id);
	if (!st)
		return vmm_error(err, ENOMEM, "state");
	if (mkdir(st->dir, 0700) < 0) {
		if (errno == EEXIST)
			r = vmm_error(err, 0, "container \"%s\" already exists", id);
		else
			r = vmm_error(err, errno, "state directory `%s`", st->dir);
		vmm_state_free(st);
		return r;
	}
	r = vmm_state_lock(st, err);
	if (r < 0)
		goto fail;
	st->oci_version = strdup(spec->oci_version ? spec->oci_version : "1.0.2");
	st->bundle = strdup(spec->bundle ? spec->bundle : "");
	st->created = vmm_rfc3339_now();
	st->status = strdup("creating");
	st->n_ann = spec->n_annotations;
	st->ann_keys = calloc(st->n_ann + 1, sizeof(char *));
	st->ann_values = calloc(st->n_ann + 1, sizeof(char *));
	if (!st->oci_version || !st->bundle || !st->created || !st->status ||
	    !st->ann_keys || !st->ann_values) {
		r = vmm_error(err, ENOMEM, "state");
		goto fail;
	}
	for (i = 0; i < st->n_ann; i++) {
		st->ann_keys[i] = strdup(spec->annotations[i].key);
		st->ann_values[i] = strdup(spec->annotations[i].value ?
					   spec->annotations[i].value : "");
		if (!st->ann_keys[i] || !st->ann_values[i]) {
			r = vmm_error(err, ENOMEM, "state");
			goto fail;
		}
	}
	*out = st;
	return 0;
fail:
	vmm_state_remove(st, NULL);
	vmm_state_free(st);
	return r;
}

/* vmm_read_file - the whole small file @path (malloc'ed, NUL-terminated) or NULL. */
static char *vmm_read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(VMM_STATE_MAX + 1);
	if (buf) {
		n = fread(buf, 1, VMM_STATE_MAX, f);
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

/* vmm_state_reload_exit - see state.h. */
void vmm_state_reload_exit(struct vmm_state *st)
{
	cleanup_free char *path = vmm_state_path(st, "exit");
	cleanup_free char *text = path ? vmm_read_file(path) : NULL;

	if (text && text[0]) {
		st->exited = true;
		st->exit_status = atoi(text);
	}
}

/* vmm_state_load - read state.json into @st. */
static int vmm_state_load(struct vmm_state *st, struct vmm_error **err)
{
	cleanup_free char *path = vmm_state_path(st, "state.json");
	cleanup_free char *text = NULL;
	yajl_val v, ann;
	const char *s;
	size_t i;
	int r = 0;

	if (!path)
		return vmm_error(err, ENOMEM, "state");
	text = vmm_read_file(path);
	if (!text) {
		if (errno == ENOENT)
			return vmm_error(err, 0, "container \"%s\" does not exist", st->id);
		return vmm_error(err, errno, "read `%s`", path);
	}
	v = yajl_tree_parse(text, NULL, 0);
	if (!YAJL_IS_OBJECT(v)) {
		yajl_tree_free(v);
		return vmm_error(err, 0, "`%s` is corrupt", path);
	}
	s = vmm_json_get_str(v, "ociVersion");
	st->oci_version = strdup(s ? s : "");
	s = vmm_json_get_str(v, "bundle");
	st->bundle = strdup(s ? s : "");
	s = vmm_json_get_str(v, "created");
	st->created = strdup(s ? s : "");
	s = vmm_json_get_str(v, "status");
	st->status = strdup(s ? s : "stopped");
	st->pid = (pid_t)vmm_json_get_int(v, "pid", 0);
	st->pid_start = (unsigned long long)vmm_json_get_int(v, "pidStart", 0);
	ann = vmm_json_get(v, "annotations");
	if (YAJL_IS_OBJECT(ann)) {
		st->n_ann = ann->u.object.len;
		st->ann_keys = calloc(st->n_ann + 1, sizeof(char *));
		st->ann_values = calloc(st->n_ann + 1, sizeof(char *));
		for (i = 0; st->ann_keys && st->ann_values && i < st->n_ann; i++) {
			yajl_val a = ann->u.object.values[i];

			st->ann_keys[i] = strdup(ann->u.object.keys[i]);
			st->ann_values[i] = strdup(YAJL_IS_STRING(a) ? YAJL_GET_STRING(a) : "");
		}
		if (!st->ann_keys || !st->ann_values)
			st->n_ann = 0;
	}
	if (!st->oci_version || !st->bundle || !st->created || !st->status)
		r = vmm_error(err, ENOMEM, "state");
	yajl_tree_free(v);
	vmm_state_reload_exit(st);
	return r;
}

/* vmm_state_open - see state.h. */
int vmm_state_open(const char *root, const char *id, bool lock,
		   struct vmm_state **out, struct vmm_error **err)
{
	struct vmm_state *st;
	int r;

	r = vmm_state_check_id(id, err);
	if (r < 0)
		return r;
	st = vmm_state_new(root, id);
	if (!st)
		return vmm_error(err, ENOMEM, "state");
	r = lock ? vmm_state_lock(st, err) : 0;
	if (r == 0)
		r = vmm_state_load(st, err);
	if (r < 0) {
		vmm_state_free(st);
		return r;
	}
	*out = st;
	return 0;
}

/*
 * vmm_write_atomic_at - write @text to @name in directory @dirfd through a
 * temporary file (no path above @dirfd: the sandbox may have no view of
 * the host's tree any more, see vmm/security.h).
 */
static int vmm_write_atomic_at(int dirfd, const char *name, const char *text)
{
	char tmp[512];
	size_t len = strlen(text);
	int fd, r = 0;

	snprintf(tmp, sizeof(tmp), ".%s.%d.tmp", name, (int)getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0)
		r = errno ? -errno : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dirfd, tmp, 0);
	return r;
}

/* vmm_write_atomic - write @text to @dir/@name through a temporary file. */
static int vmm_write_atomic(const char *dir, const char *name, const char *text)
{
	int dirfd, r;

	dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	r = vmm_write_atomic_at(dirfd, name, text);
	close(dirfd);
	return r;
}

/* vmm_state_save - see state.h. */
int vmm_state_save(struct vmm_state *st, struct vmm_error **err)
{
	cleanup_free char *text = NULL;
	struct vmm_json j;
	size_t i;
	int r;

	if (!vmm_json_begin(&j))
		return vmm_error(err, ENOMEM, "state");
	vmm_json_str(&j, "ociVersion", st->oci_version);
	vmm_json_str(&j, "id", st->id);
	vmm_json_str(&j, "status", st->status);
	vmm_json_int(&j, "pid", st->pid);
	vmm_json_int(&j, "pidStart", (long long)st->pid_start);
	vmm_json_str(&j, "bundle", st->bundle);
	vmm_json_str(&j, "created", st->created);
	vmm_json_key(&j, "annotations");
	yajl_gen_map_open(j.g);
	for (i = 0; i < st->n_ann; i++)
		vmm_json_str(&j, st->ann_keys[i], st->ann_values[i]);
	yajl_gen_map_close(j.g);
	text = vmm_json_end(&j);
	if (!text)
		return vmm_error(err, ENOMEM, "state");
	r = vmm_write_atomic(st->dir, "state.json", text);
	if (r < 0)
		return vmm_error(err, -r, "write the state of \"%s\"", st->id);
	return 0;
}

/* vmm_state_pid_start - see state.h. */
unsigned long long vmm_state_pid_start(pid_t pid)
{
	char path[64], *p;
	cleanup_free char *text = NULL;
	unsigned long long start = 0;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	text = vmm_read_file(path);
	if (!text)
		return 0;
	p = strrchr(text, ')');
	if (!p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X')
		return 0;	/* gone, or a zombie: dead either way */
	/* field 3 is the state; the start time is field 22 */
	for (field = 2, p++; *p && field < 22; p++)
		if (*p == ' ')
			field++;
	if (field == 22)
		start = strtoull(p, NULL, 10);
	return start;
}

/* vmm_state_alive - see state.h. */
bool vmm_state_alive(const struct vmm_state *st)
{
	return st->pid > 0 && vmm_state_pid_start(st->pid) == st->pid_start &&
	       st->pid_start != 0;
}

/* vmm_state_status - see state.h. */
const char *vmm_state_status(struct vmm_state *st)
{
	if (st->exited || !vmm_state_alive(st))
		return "stopped";
	return st->status;
}

/* vmm_state_print - see state.h. */
int vmm_state_print(struct vmm_state *st, FILE *f, struct vmm_error **err)
{
	const char *status = vmm_state_status(st);
	cleanup_free char *text = NULL;
	struct vmm_json j;
	size_t i;

	if (!vmm_json_begin_pretty(&j, true))
		return vmm_error(err, ENOMEM, "state");
	vmm_json_str(&j, "ociVersion", st->oci_version);
	vmm_json_str(&j, "id", st->id);
	vmm_json_int(&j, "pid", strcmp(status, "stopped") ? st->pid : 0);
	vmm_json_str(&j, "status", status);
	vmm_json_str(&j, "bundle", st->bundle);
	vmm_json_str(&j, "created", st->created);
	vmm_json_key(&j, "annotations");
	yajl_gen_map_open(j.g);
	for (i = 0; i < st->n_ann; i++)
		vmm_json_str(&j, st->ann_keys[i], st->ann_values[i]);
	yajl_gen_map_close(j.g);
	text = vmm_json_end(&j);
	if (!text)
		return vmm_error(err, ENOMEM, "state");
	fprintf(f, "%s\n", text);
	return 0;
}

/* vmm_state_remove - see state.h. */
int vmm_state_remove(struct vmm_state *st, struct vmm_error **err)
{
	struct dirent *de;
	DIR *d;
	int dfd;

	dfd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return errno == ENOENT ? 0 : vmm_error(err, errno, "open `%s`", st->dir);
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return vmm_error(err, errno, "open `%s`", st->dir);
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dfd, de->d_name, 0);
	closedir(d);
	if (rmdir(st->dir) < 0 && errno != ENOENT)
		return vmm_error(err, errno, "remove `%s`", st->dir);
	return 0;
}

/* vmm_state_write_exit - see state.h. */
int vmm_state_write_exit(const char *dir, int status)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d\n", status);
	return vmm_write_atomic(dir, "exit", buf);
}

/* vmm_state_write_exit_at - see state.h. */
int vmm_state_write_exit_at(int dirfd, int status)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d\n", status);
	return vmm_write_atomic_at(dirfd, "exit", buf);
}

/* vmm_state_free - see state.h. */
void vmm_state_free(struct vmm_state *st)
{
	size_t i;

	if (!st)
		return;
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	for (i = 0; i < st->n_ann; i++) {
		if (st->ann_keys)
			free(st->ann_keys[i]);
		if (st->ann_values)
			free(st->ann_values[i]);
	}
	free(st->ann_keys);
	free(st->ann_values);
	free(st->root);
	free(st->id);
	free(st->dir);
	free(st->oci_version);
	free(st->bundle);
	free(st->created);
	free(st->status);
	free(st);
}
