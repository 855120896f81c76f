/* SPDX-License-Identifier: MIT */
/*
 * config.json "linux": namespaces, id mappings, resources (memory, cpu),
 * masked and read-only paths, sysctl; seccomp is kept as JSON for later.
 */
#include <stdlib.h>
#include <string.h>

#include "spec/spec_internal.h"

static const char *const spec_ns_types[] = {
	"pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time",
};

static bool spec_ns_known(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(spec_ns_types) / sizeof(spec_ns_types[0]); i++)
		if (strcmp(spec_ns_types[i], type) == 0)
			return true;
	return false;
}

/* One element of linux.namespaces (path names it). */
static int spec_parse_namespace(struct spec_ctx *c, yajl_val v,
				struct spec *s, size_t idx)
{
	struct spec_namespace *ns = &s->namespaces[idx];
	char q[SPEC_QUOTE_SIZE];
	size_t saved, i;
	int r;

	if (!YAJL_IS_OBJECT(v))
		return spec_fail(c, "expected an object");
	r = spec_get_string(c, v, "type", true, &ns->type);
	if (r < 0)
		return r;
	saved = spec_enter(c, "type");
	if (!spec_ns_known(ns->type))
		r = spec_fail(c, "unknown namespace type %s",
			      spec_quote(q, ns->type));
	for (i = 0; r >= 0 && i < idx; i++)
		if (strcmp(s->namespaces[i].type, ns->type) == 0)
			r = spec_fail(c, "duplicate namespace %s",
				      spec_quote(q, ns->type));
	spec_leave(c, saved);
	if (r < 0)
		return r;
	return spec_get_abs_path(c, v, "path", false, &ns->path);
}

static int spec_parse_namespaces(struct spec_ctx *c, yajl_val lnx,
				 struct spec *s)
{
	yajl_val v = spec_get(lnx, "namespaces");
	size_t saved, i;
	int r = 0;

	if (!v)
		return 0;
	saved = spec_enter(c, "namespaces");
	if (!YAJL_IS_ARRAY(v)) {
		r = spec_fail(c, "expected an array of objects");
		goto out;
	}
	if (v->u.array.len) {
		s->namespaces = calloc(v->u.array.len, sizeof(*s->namespaces));
		if (!s->namespaces) {
			r = spec_oom(c);
			goto out;
		}
	}
	s->n_namespaces = v->u.array.len;
	for (i = 0; i < v->u.array.len && r >= 0; i++) {
		size_t inner = spec_enter_index(c, i);

		r = spec_parse_namespace(c, v->u.array.values[i], s, i);
		spec_leave(c, inner);
	}
out:
	spec_leave(c, saved);
	return r;
}

/* linux.uidMappings / linux.gidMappings. */
static int spec_parse_idmaps(struct spec_ctx *c, yajl_val lnx,
			     const char *key, struct spec_idmap **out,
			     size_t *n)
{
	yajl_val v = spec_get(lnx, key);
	size_t saved, i;
	int r = 0;

	if (!v)
		return 0;
	saved = spec_enter(c, key);
	if (!YAJL_IS_ARRAY(v)) {
		r = spec_fail(c, "expected an array of objects");
		goto out;
	}
	if (v->u.array.len) {
		*out = calloc(v->u.array.len, sizeof(**out));
		if (!*out) {
			r = spec_oom(c);
			goto out;
		}
	}
	*n = v->u.array.len;
	for (i = 0; i < v->u.array.len && r >= 0; i++) {
		yajl_val e = v->u.array.values[i];
		struct spec_idmap *m = &(*out)[i];
		size_t inner = spec_enter_index(c, i);

		if (!YAJL_IS_OBJECT(e))
			r = spec_fail(c, "expected an object");
		else if (spec_get_u32(c, e, "containerID", true,
				      &m->container_id) < 0 ||
			 spec_get_u32(c, e, "hostID", true, &m->host_id) < 0 ||
			 spec_get_u32(c, e, "size", true, &m->size) < 0)
			r = -1;
		else if (m->size == 0 ||
			 (uint64_t)m->container_id + m->size > 1ull << 32 ||
			 (uint64_t)m->host_id + m->size > 1ull << 32)
			r = spec_fail(c, "expected a non-empty range of 32-bit ids");
		spec_leave(c, inner);
	}
out:
	spec_leave(c, saved);
	return r;
}

/* A CPU list: "N" or "N-M" items separated by commas. */
static bool spec_cpu_list_valid(const char *p)
{
	unsigned long lo, hi;
	char *end;

	for (;;) {
		if (*p < '0' || *p > '9')
			return false;
		lo = strtoul(p, &end, 10);
		p = end;
		hi = lo;
		if (*p == '-') {
			p++;
			if (*p < '0' || *p > '9')
				return false;
			hi = strtoul(p, &end, 10);
			p = end;
		}
		if (hi < lo || hi >= 65536)
			return false;
		if (*p == '\0')
			return true;
		if (*p++ != ',')
			return false;
	}
}

static int spec_parse_cpu(struct spec_ctx *c, yajl_val res, struct spec *s)
{
	yajl_val cpu = NULL;
	size_t saved, inner;
	int r;

	r = spec_get_object(c, res, "cpu", false, &cpu);
	if (r <= 0)
		return r;
	saved = spec_enter(c, "cpu");
	r = -1;
	if (spec_get_u64(c, cpu, "shares", false, &s->cpu_shares) < 0 ||
	    spec_get_u64(c, cpu, "period", false, &s->cpu_period) < 0)
		goto out;
	r = spec_get_i64(c, cpu, "quota", false, &s->cpu_quota);
	if (r < 0)
		goto out;
	/* -1 (or 0) means no quota */
	s->has_cpu_quota = r > 0 && s->cpu_quota > 0;
	if (r > 0 && s->cpu_quota < -1) {
		inner = spec_enter(c, "quota");
		r = spec_fail(c, "expected a positive integer or -1");
		spec_leave(c, inner);
		goto out;
	}
	r = spec_get_string(c, cpu, "cpus", false, &s->cpu_cpus);
	if (r < 0)
		goto out;
	if (s->cpu_cpus && *s->cpu_cpus && !spec_cpu_list_valid(s->cpu_cpus)) {
		inner = spec_enter(c, "cpus");
		r = spec_fail(c, "expected a CPU list like \"0-3,7\"");
		spec_leave(c, inner);
		goto out;
	}
	r = 0;
out:
	spec_leave(c, saved);
	return r;
}

static int spec_parse_resources(struct spec_ctx *c, yajl_val lnx,
				struct spec *s)
{
	yajl_val res = NULL, mem = NULL;
	size_t saved, inner;
	int r;

	r = spec_get_object(c, lnx, "resources", false, &res);
	if (r <= 0)
		return r;
	saved = spec_enter(c, "resources");
	r = spec_get_object(c, res, "memory", false, &mem);
	if (r > 0) {
		inner = spec_enter(c, "memory");
		r = spec_get_i64(c, mem, "limit", false, &s->memory_limit);
		if (r > 0 && s->memory_limit < -1) {
			size_t l = spec_enter(c, "limit");

			r = spec_fail(c, "expected a positive integer or -1");
			spec_leave(c, l);
		}
		/* -1 (or 0) means unlimited */
		s->has_memory_limit = r > 0 && s->memory_limit > 0;
		spec_leave(c, inner);
	}
	if (r >= 0)
		r = spec_parse_cpu(c, res, s);
	spec_leave(c, saved);
	return r < 0 ? r : 0;
}

static int spec_parse_seccomp(struct spec_ctx *c, yajl_val lnx,
			      struct spec *s)
{
	yajl_val sc = NULL;
	char *action = NULL;
	size_t saved;
	int r;

	r = spec_get_object(c, lnx, "seccomp", false, &sc);
	if (r <= 0)
		return r;
	saved = spec_enter(c, "seccomp");
	r = spec_get_string(c, sc, "defaultAction", true, &action);
	free(action);
	spec_leave(c, saved);
	if (r < 0)
		return r;
	s->has_seccomp = true;
	s->seccomp_json = spec_json_dump(sc);
	if (!s->seccomp_json)
		return spec_oom(c);
	return 0;
}

/* spec_parse_linux - see spec_internal.h. */
int spec_parse_linux(struct spec_ctx *c, yajl_val root, struct spec *s)
{
	yajl_val lnx = NULL;
	size_t saved;
	int r;

	r = spec_get_object(c, root, "linux", false, &lnx);
	if (r <= 0)
		return r;
	saved = spec_enter(c, "linux");
	r = -1;
	if (spec_parse_namespaces(c, lnx, s) < 0 ||
	    spec_parse_idmaps(c, lnx, "uidMappings", &s->uid_mappings,
			      &s->n_uid_mappings) < 0 ||
	    spec_parse_idmaps(c, lnx, "gidMappings", &s->gid_mappings,
			      &s->n_gid_mappings) < 0 ||
	    spec_parse_resources(c, lnx, s) < 0 ||
	    spec_get_strv(c, lnx, "maskedPaths", false, false,
			  "an array of absolute paths", spec_check_abs_path,
			  &s->masked_paths) < 0 ||
	    spec_get_strv(c, lnx, "readonlyPaths", false, false,
			  "an array of absolute paths", spec_check_abs_path,
			  &s->readonly_paths) < 0 ||
	    spec_get_map(c, lnx, "sysctl", &s->sysctl, &s->n_sysctl) < 0 ||
	    spec_parse_seccomp(c, lnx, s) < 0)
		goto out;
	r = 0;
out:
	spec_leave(c, saved);
	return r;
}
