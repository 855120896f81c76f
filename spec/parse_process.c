/* SPDX-License-Identifier: MIT */
/* config.json "process": user, args, env, cwd, capabilities, rlimits... */
#include <stdlib.h>
#include <string.h>

#include "spec/spec_internal.h"

/* Validator for capability names. */
static int spec_check_cap(struct spec_ctx *c, const char *s)
{
	char q[SPEC_QUOTE_SIZE];

	if (spec_cap_number(s) < 0)
		return spec_fail(c, "unknown capability %s", spec_quote(q, s));
	return 0;
}

/* Bit mask of the capabilities in NULL-terminated @names (all known). */
static uint64_t spec_cap_mask(char **names)
{
	uint64_t mask = 0;

	for (; names && *names; names++)
		mask |= 1ull << spec_cap_number(*names);
	return mask;
}

static int spec_parse_caps(struct spec_ctx *c, yajl_val proc,
			   struct spec_process *p)
{
	static const char *const sets[] = {
		"bounding", "effective", "inheritable", "permitted", "ambient",
	};
	char ***lists[] = {
		&p->caps.bounding, &p->caps.effective, &p->caps.inheritable,
		&p->caps.permitted, &p->caps.ambient,
	};
	yajl_val caps = NULL;
	size_t saved, i;
	int r;

	r = spec_get_object(c, proc, "capabilities", false, &caps);
	if (r <= 0)
		return r;
	p->has_caps = true;
	saved = spec_enter(c, "capabilities");
	for (i = 0; i < 5; i++) {
		r = spec_get_strv(c, caps, sets[i], false, false, NULL,
				  spec_check_cap, lists[i]);
		if (r < 0)
			break;
	}
	spec_leave(c, saved);
	if (r < 0)
		return r;
	p->caps.bounding_mask = spec_cap_mask(p->caps.bounding);
	p->caps.effective_mask = spec_cap_mask(p->caps.effective);
	p->caps.inheritable_mask = spec_cap_mask(p->caps.inheritable);
	p->caps.permitted_mask = spec_cap_mask(p->caps.permitted);
	p->caps.ambient_mask = spec_cap_mask(p->caps.ambient);
	return 0;
}

/* One element of process.rlimits (path names it). */
static int spec_parse_rlimit(struct spec_ctx *c, yajl_val v,
			     struct spec_process *p, size_t idx)
{
	struct spec_rlimit *rl = &p->rlimits[idx];
	char q[SPEC_QUOTE_SIZE];
	size_t saved, i;
	int r;

	if (!YAJL_IS_OBJECT(v))
		return spec_fail(c, "expected an object");
	r = spec_get_string(c, v, "type", true, &rl->type);
	if (r < 0)
		return r;
	saved = spec_enter(c, "type");
	rl->resource = spec_rlimit_number(rl->type);
	if (rl->resource < 0)
		r = spec_fail(c, "unknown rlimit %s", spec_quote(q, rl->type));
	for (i = 0; r >= 0 && i < idx; i++)
		if (p->rlimits[i].resource == rl->resource)
			r = spec_fail(c, "duplicate rlimit %s",
				      spec_quote(q, rl->type));
	spec_leave(c, saved);
	if (r < 0)
		return r;
	if (spec_get_u64(c, v, "soft", true, &rl->soft) < 0 ||
	    spec_get_u64(c, v, "hard", true, &rl->hard) < 0)
		return -1;
	if (rl->soft > rl->hard)
		return spec_fail(c, "soft limit exceeds hard limit");
	return 0;
}

static int spec_parse_rlimits(struct spec_ctx *c, yajl_val proc,
			      struct spec_process *p)
{
	yajl_val v = spec_get(proc, "rlimits");
	size_t saved, i;
	int r = 0;

	if (!v)
		return 0;
	saved = spec_enter(c, "rlimits");
	if (!YAJL_IS_ARRAY(v)) {
		r = spec_fail(c, "expected an array of objects");
		goto out;
	}
	if (v->u.array.len) {
		p->rlimits = calloc(v->u.array.len, sizeof(*p->rlimits));
		if (!p->rlimits) {
			r = spec_oom(c);
			goto out;
		}
	}
	p->n_rlimits = v->u.array.len;
	for (i = 0; i < v->u.array.len && r >= 0; i++) {
		size_t inner = spec_enter_index(c, i);

		r = spec_parse_rlimit(c, v->u.array.values[i], p, i);
		spec_leave(c, inner);
	}
out:
	spec_leave(c, saved);
	return r;
}

static int spec_parse_gids(struct spec_ctx *c, yajl_val user,
			   struct spec_process *p)
{
	yajl_val v = spec_get(user, "additionalGids");
	size_t saved, i;
	int r = 0;

	if (!v)
		return 0;
	saved = spec_enter(c, "additionalGids");
	if (!YAJL_IS_ARRAY(v)) {
		r = spec_fail(c, "expected an array of unsigned 32-bit integers");
		goto out;
	}
	if (v->u.array.len) {
		p->additional_gids = calloc(v->u.array.len,
					    sizeof(*p->additional_gids));
		if (!p->additional_gids) {
			r = spec_oom(c);
			goto out;
		}
	}
	p->n_additional_gids = v->u.array.len;
	for (i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		size_t inner = spec_enter_index(c, i);
		uint64_t x;

		if (!YAJL_IS_NUMBER(e) ||
		    !spec_parse_uint(e->u.number.r, UINT32_MAX, &x))
			r = spec_fail(c, "expected an unsigned 32-bit integer");
		else
			p->additional_gids[i] = (uint32_t)x;
		spec_leave(c, inner);
		if (r < 0)
			break;
	}
out:
	spec_leave(c, saved);
	return r;
}

static int spec_parse_user(struct spec_ctx *c, yajl_val proc,
			   struct spec_process *p)
{
	yajl_val user = NULL;
	size_t saved;
	int r;

	r = spec_get_object(c, proc, "user", false, &user);
	if (r <= 0)
		return r;
	saved = spec_enter(c, "user");
	if (spec_get_u32(c, user, "uid", false, &p->uid) < 0 ||
	    spec_get_u32(c, user, "gid", false, &p->gid) < 0 ||
	    (r = spec_get_u32(c, user, "umask", false, &p->umask)) < 0 ||
	    spec_parse_gids(c, user, p) < 0) {
		spec_leave(c, saved);
		return -1;
	}
	p->has_umask = r > 0;
	if (p->has_umask && p->umask > 0777) {
		size_t inner = spec_enter(c, "umask");

		r = spec_fail(c, "expected a file mode mask (at most 0777)");
		spec_leave(c, inner);
		spec_leave(c, saved);
		return r;
	}
	spec_leave(c, saved);
	return 0;
}

static int spec_parse_oom_score_adj(struct spec_ctx *c, yajl_val proc,
				    struct spec_process *p)
{
	yajl_val v = spec_get(proc, "oomScoreAdj");
	size_t saved;
	int64_t x;
	int r = 0;

	if (!v)
		return 0;
	saved = spec_enter(c, "oomScoreAdj");
	if (!YAJL_IS_NUMBER(v) ||
	    !spec_parse_int(v->u.number.r, -1000, 1000, &x)) {
		r = spec_fail(c, "expected an integer from -1000 to 1000");
	} else {
		p->has_oom_score_adj = true;
		p->oom_score_adj = (int)x;
	}
	spec_leave(c, saved);
	return r;
}

static int spec_parse_console_size(struct spec_ctx *c, yajl_val proc,
				   struct spec_process *p)
{
	yajl_val cs = NULL;
	size_t saved;
	int r;

	r = spec_get_object(c, proc, "consoleSize", false, &cs);
	if (r <= 0)
		return r;
	saved = spec_enter(c, "consoleSize");
	r = 0;
	if (spec_get_u32(c, cs, "height", true, &p->console_height) < 0 ||
	    spec_get_u32(c, cs, "width", true, &p->console_width) < 0)
		r = -1;
	spec_leave(c, saved);
	p->has_console_size = r == 0;
	return r;
}

/* spec_parse_process - see spec_internal.h. */
int spec_parse_process(struct spec_ctx *c, yajl_val root, struct spec *s)
{
	struct spec_process *p = &s->process;
	yajl_val proc = NULL;
	size_t saved;
	int r;

	r = spec_get_object(c, root, "process", true, &proc);
	if (r < 0)
		return r;
	saved = spec_enter(c, "process");
	r = -1;
	if (spec_get_bool(c, proc, "terminal", &p->terminal) < 0 ||
	    spec_parse_console_size(c, proc, p) < 0 ||
	    spec_parse_user(c, proc, p) < 0 ||
	    spec_get_strv(c, proc, "args", true, true,
			  "a non-empty array of strings", NULL, &p->args) < 0 ||
	    spec_get_strv(c, proc, "env", false, false, NULL, spec_check_env,
			  &p->env) < 0)
		goto out;
	if (spec_get_abs_path(c, proc, "cwd", true, &p->cwd) < 0)
		goto out;
	if (!p->env) {
		p->env = calloc(1, sizeof(*p->env));
		if (!p->env) {
			spec_oom(c);
			goto out;
		}
	}
	if (spec_parse_caps(c, proc, p) < 0 ||
	    spec_parse_rlimits(c, proc, p) < 0 ||
	    spec_get_bool(c, proc, "noNewPrivileges",
			  &p->no_new_privileges) < 0 ||
	    spec_get_string(c, proc, "apparmorProfile", false,
			    &p->apparmor_profile) < 0 ||
	    spec_get_string(c, proc, "selinuxLabel", false,
			    &p->selinux_label) < 0 ||
	    spec_parse_oom_score_adj(c, proc, p) < 0)
		goto out;
	r = 0;
out:
	spec_leave(c, saved);
	return r;
}
