/* SPDX-License-Identifier: MIT */
/* control_json.c - control requests and replies as JSON (see control_json.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/control_json.h"

static const char *const vmm_ctl_types[] = {
	[CTL_START] = "start",	[CTL_SIGNAL] = "signal", [CTL_EXEC] = "exec",
	[CTL_WAIT] = "wait",	[CTL_PS] = "ps",	 [CTL_PAUSE] = "pause",
	[CTL_RESUME] = "resume", [CTL_STATS] = "stats",
};

static const char *const vmm_ctl_targets[] = {
	[CTL_SIG_INIT] = "init", [CTL_SIG_PID] = "pid",
	[CTL_SIG_ALL] = "all", [CTL_SIG_FOREGROUND] = "foreground",
};

#define VMM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void vmm_json_check(struct vmm_json *j, yajl_gen_status st)
{
	if (st != yajl_gen_status_ok)
		j->failed = true;
}

static void vmm_json_string(struct vmm_json *j, const char *s)
{
	vmm_json_check(j, yajl_gen_string(j->g, (const unsigned char *)s,
					  strlen(s)));
}

/* vmm_json_begin_pretty - see control_json.h. */
bool vmm_json_begin_pretty(struct vmm_json *j, bool pretty)
{
	j->failed = false;
	j->g = yajl_gen_alloc(NULL);
	if (!j->g)
		return false;
	if (pretty) {
		yajl_gen_config(j->g, yajl_gen_beautify, 1);
		yajl_gen_config(j->g, yajl_gen_indent_string, "  ");
	}
	vmm_json_check(j, yajl_gen_map_open(j->g));
	return true;
}

/* vmm_json_begin - see control_json.h. */
bool vmm_json_begin(struct vmm_json *j)
{
	j->failed = false;
	j->g = yajl_gen_alloc(NULL);
	if (!j->g)
		return false;
	vmm_json_check(j, yajl_gen_map_open(j->g));
	return true;
}

/* vmm_json_end - see control_json.h. */
char *vmm_json_end(struct vmm_json *j)
{
	const unsigned char *buf;
	size_t len;
	char *out = NULL;

	vmm_json_check(j, yajl_gen_map_close(j->g));
	if (!j->failed && yajl_gen_get_buf(j->g, &buf, &len) == yajl_gen_status_ok)
		out = strndup((const char *)buf, len);
	yajl_gen_free(j->g);
	j->g = NULL;
	return out;
}

/* vmm_json_key - see control_json.h. */
void vmm_json_key(struct vmm_json *j, const char *key)
{
	vmm_json_string(j, key);
}

/* vmm_json_str - see control_json.h. */
void vmm_json_str(struct vmm_json *j, const char *key, const char *val)
{
	vmm_json_string(j, key);
	vmm_json_string(j, val ? val : "");
}

/* vmm_json_int - see control_json.h. */
void vmm_json_int(struct vmm_json *j, const char *key, long long val)
{
	vmm_json_string(j, key);
	vmm_json_check(j, yajl_gen_integer(j->g, val));
}

/* vmm_json_bool - see control_json.h. */
void vmm_json_bool(struct vmm_json *j, const char *key, bool val)
{
	vmm_json_string(j, key);
	vmm_json_check(j, yajl_gen_bool(j->g, val));
}

/* vmm_json_strv - see control_json.h. */
void vmm_json_strv(struct vmm_json *j, const char *key, char *const *v, long n)
{
	long i;

	vmm_json_string(j, key);
	vmm_json_check(j, yajl_gen_array_open(j->g));
	for (i = 0; v && (n < 0 ? v[i] != NULL : i < n); i++)
		vmm_json_string(j, v[i]);
	vmm_json_check(j, yajl_gen_array_close(j->g));
}

/* vmm_json_get - see control_json.h. */
yajl_val vmm_json_get(yajl_val v, const char *key)
{
	const char *path[] = { key, NULL };

	if (!YAJL_IS_OBJECT(v))
		return NULL;
	return yajl_tree_get(v, path, yajl_t_any);
}

/* vmm_json_get_int - see control_json.h. */
long long vmm_json_get_int(yajl_val v, const char *key, long long dflt)
{
	yajl_val m = vmm_json_get(v, key);

	return YAJL_IS_INTEGER(m) ? YAJL_GET_INTEGER(m) : dflt;
}

/* vmm_json_get_str - see control_json.h. */
const char *vmm_json_get_str(yajl_val v, const char *key)
{
	yajl_val m = vmm_json_get(v, key);

	return YAJL_IS_STRING(m) ? YAJL_GET_STRING(m) : NULL;
}

/* vmm_json_get_bool - see control_json.h. */
bool vmm_json_get_bool(yajl_val v, const char *key)
{
	return YAJL_IS_TRUE(vmm_json_get(v, key));
}

/* vmm_ctl_req_json - see control_json.h. */
char *vmm_ctl_req_json(const struct ctl_req *req, int nfds)
{
	struct vmm_json j;
	const char *s = req->strings;
	unsigned int i;

	if (req->type >= VMM_ARRAY_SIZE(vmm_ctl_types) || !vmm_ctl_types[req->type] ||
	    req->target >= VMM_ARRAY_SIZE(vmm_ctl_targets))
		return NULL;
	if (!vmm_json_begin(&j))
		return NULL;
	vmm_json_int(&j, "version", CTL_ABI_VERSION);
	vmm_json_str(&j, "type", vmm_ctl_types[req->type]);
	vmm_json_int(&j, "pid", req->pid);
	if (req->type == CTL_SIGNAL) {
		vmm_json_int(&j, "signal", req->signo);
		vmm_json_str(&j, "target", vmm_ctl_targets[req->target]);
	}
	if (req->type == CTL_EXEC) {
		if (req->uid != (unsigned int)-1)
			vmm_json_int(&j, "uid", req->uid);
		if (req->gid != (unsigned int)-1)
			vmm_json_int(&j, "gid", req->gid);
		vmm_json_bool(&j, "terminal", req->terminal);
		vmm_json_bool(&j, "detach", req->detach);
		vmm_json_str(&j, "cwd", req->cwd);
		vmm_json_int(&j, "stdio", nfds);
		vmm_json_key(&j, "args");
		vmm_json_check(&j, yajl_gen_array_open(j.g));
		for (i = 0; i < req->argc + req->envc; i++) {
			if (i == req->argc) {
				vmm_json_check(&j, yajl_gen_array_close(j.g));
				vmm_json_key(&j, "env");
				vmm_json_check(&j, yajl_gen_array_open(j.g));
			}
			vmm_json_string(&j, s);
			s += strlen(s) + 1;
		}
		if (req->envc == 0) {
			vmm_json_check(&j, yajl_gen_array_close(j.g));
			vmm_json_key(&j, "env");
			vmm_json_check(&j, yajl_gen_array_open(j.g));
		}
		vmm_json_check(&j, yajl_gen_array_close(j.g));
	}
	return vmm_json_end(&j);
}

/* vmm_ctl_lookup - index of @s in @names, or -1. */
static int vmm_ctl_lookup(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* vmm_ctl_add_strings - append the strings of array @arr to @req; count in *@n. */
static int vmm_ctl_add_strings(struct ctl_req *req, yajl_val arr, unsigned int *n)
{
	size_t i, len;

	*n = 0;
	if (!arr)
		return 0;
	if (!YAJL_IS_ARRAY(arr))
		return -EINVAL;
	for (i = 0; i < arr->u.array.len; i++) {
		const char *s = YAJL_GET_STRING(arr->u.array.values[i]);

		if (!YAJL_IS_STRING(arr->u.array.values[i]))
			return -EINVAL;
		len = strlen(s) + 1;
		if (req->strings_len + len > CTL_STRINGS_MAX)
			return -E2BIG;
		memcpy(req->strings + req->strings_len, s, len);
		req->strings_len += (unsigned int)len;
		(*n)++;
	}
	return 0;
}

/* vmm_ctl_req_parse - see control_json.h. */
int vmm_ctl_req_parse(const char *text, struct ctl_req *req, int *nfds)
{
	yajl_val v;
	const char *cwd;
	int type, target, r = -EINVAL;

	memset(req, 0, offsetof(struct ctl_req, cwd));
	req->cwd[0] = '\0';
	*nfds = 0;
	v = yajl_tree_parse(text, NULL, 0);
	if (!YAJL_IS_OBJECT(v))
		goto out;
	if (vmm_json_get_int(v, "version", 0) != CTL_ABI_VERSION)
		goto out;
	type = vmm_ctl_lookup(vmm_json_get_str(v, "type"), vmm_ctl_types,
			      VMM_ARRAY_SIZE(vmm_ctl_types));
	if (type <= 0)
		goto out;
	req->type = (unsigned int)type;
	req->pid = (int)vmm_json_get_int(v, "pid", 0);
	req->signo = (int)vmm_json_get_int(v, "signal", 0);
	target = vmm_ctl_lookup(vmm_json_get_str(v, "target"), vmm_ctl_targets,
				VMM_ARRAY_SIZE(vmm_ctl_targets));
	req->target = target < 0 ? CTL_SIG_INIT : (unsigned int)target;
	req->uid = (unsigned int)vmm_json_get_int(v, "uid", -1);
	req->gid = (unsigned int)vmm_json_get_int(v, "gid", -1);
	req->terminal = vmm_json_get_bool(v, "terminal");
	req->detach = vmm_json_get_bool(v, "detach");
	req->stdio_handles[0] = req->stdio_handles[1] = req->stdio_handles[2] = -1;
	*nfds = (int)vmm_json_get_int(v, "stdio", 0);
	if (*nfds < 0 || *nfds > 3)
		goto out;
	cwd = vmm_json_get_str(v, "cwd");
	if (cwd) {
		if (strlen(cwd) >= CTL_PATH_MAX) {
			r = -E2BIG;
			goto out;
		}
		strcpy(req->cwd, cwd);
	}
	if (req->type == CTL_EXEC) {
		r = vmm_ctl_add_strings(req, vmm_json_get(v, "args"), &req->argc);
		if (r == 0)
			r = vmm_ctl_add_strings(req, vmm_json_get(v, "env"), &req->envc);
		if (r == 0 && req->argc == 0)
			r = -EINVAL;
		goto out;
	}
	r = 0;
out:
	yajl_tree_free(v);
	return r;
}

/* vmm_ctl_resp_json - see control_json.h. */
char *vmm_ctl_resp_json(const struct ctl_resp *resp, unsigned long long memory)
{
	struct vmm_json j;
	unsigned int i;
	char st[2] = "";

	if (!vmm_json_begin(&j))
		return NULL;
	if (resp->error) {
		vmm_json_int(&j, "errno", -resp->error);
		vmm_json_str(&j, "error", strerror(-resp->error));
		return vmm_json_end(&j);
	}
	if (resp->pid)
		vmm_json_int(&j, "pid", resp->pid);
	if (resp->more)
		vmm_json_bool(&j, "more", true);
	if (resp->exited) {
		vmm_json_bool(&j, "exited", true);
		vmm_json_int(&j, "status", resp->status);
	}
	if (resp->pids || resp->cpu_ns || memory) {
		vmm_json_int(&j, "pids", resp->pids);
		vmm_json_int(&j, "cpu_ns", (long long)resp->cpu_ns);
		vmm_json_int(&j, "memory_bytes", (long long)memory);
	}
	if (resp->nprocs) {
		vmm_json_key(&j, "processes");
		vmm_json_check(&j, yajl_gen_array_open(j.g));
		for (i = 0; i < resp->nprocs && i < CTL_PROCS_MAX; i++) {
			const struct ctl_proc *p = &resp->procs[i];
			char comm[sizeof(p->comm) + 1];

			memcpy(comm, p->comm, sizeof(p->comm));
			comm[sizeof(p->comm)] = '\0';
			st[0] = p->state ? p->state : '?';
			vmm_json_check(&j, yajl_gen_map_open(j.g));
			vmm_json_int(&j, "pid", p->pid);
			vmm_json_int(&j, "ppid", p->ppid);
			vmm_json_int(&j, "pgid", p->pgid);
			vmm_json_int(&j, "sid", p->sid);
			vmm_json_int(&j, "uid", p->uid);
			vmm_json_int(&j, "threads", p->nthreads);
			vmm_json_int(&j, "cpu_ns", (long long)p->cpu_ns);
			vmm_json_int(&j, "start_ns", (long long)p->start_ns);
			vmm_json_str(&j, "state", st);
			vmm_json_str(&j, "comm", comm);
			vmm_json_check(&j, yajl_gen_map_close(j.g));
		}
		vmm_json_check(&j, yajl_gen_array_close(j.g));
	}
	return vmm_json_end(&j);
}

/* vmm_ctl_resp_parse - see control_json.h. */
int vmm_ctl_resp_parse(const char *text, struct ctl_resp *resp,
		       unsigned long long *memory)
{
	yajl_val v, procs;
	size_t i;

	memset(resp, 0, offsetof(struct ctl_resp, procs));
	*memory = 0;
	v = yajl_tree_parse(text, NULL, 0);
	if (!YAJL_IS_OBJECT(v)) {
		yajl_tree_free(v);
		return -EINVAL;
	}
	resp->error = -(int)vmm_json_get_int(v, "errno", 0);
	resp->pid = (int)vmm_json_get_int(v, "pid", 0);
	resp->more = vmm_json_get_bool(v, "more");
	resp->exited = vmm_json_get_bool(v, "exited");
	resp->status = (int)vmm_json_get_int(v, "status", 0);
	resp->pids = (unsigned int)vmm_json_get_int(v, "pids", 0);
	resp->cpu_ns = (unsigned long long)vmm_json_get_int(v, "cpu_ns", 0);
	*memory = (unsigned long long)vmm_json_get_int(v, "memory_bytes", 0);
	procs = vmm_json_get(v, "processes");
	for (i = 0; YAJL_IS_ARRAY(procs) && i < procs->u.array.len &&
		    i < CTL_PROCS_MAX; i++) {
		yajl_val e = procs->u.array.values[i];
		struct ctl_proc *p = &resp->procs[resp->nprocs++];
		const char *s;

		memset(p, 0, sizeof(*p));
		p->pid = (int)vmm_json_get_int(e, "pid", 0);
		p->ppid = (int)vmm_json_get_int(e, "ppid", 0);
		p->pgid = (int)vmm_json_get_int(e, "pgid", 0);
		p->sid = (int)vmm_json_get_int(e, "sid", 0);
		p->uid = (unsigned int)vmm_json_get_int(e, "uid", 0);
		p->nthreads = (unsigned int)vmm_json_get_int(e, "threads", 0);
		p->cpu_ns = (unsigned long long)vmm_json_get_int(e, "cpu_ns", 0);
		p->start_ns = (unsigned long long)vmm_json_get_int(e, "start_ns", 0);
		s = vmm_json_get_str(e, "state");
		p->state = s && s[0] ? s[0] : '?';
		s = vmm_json_get_str(e, "comm");
		if (s)
			strncpy(p->comm, s, sizeof(p->comm) - 1);
	}
	yajl_tree_free(v);
	return 0;
}
