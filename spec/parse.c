/* SPDX-License-Identifier: MIT */
/*
 * spec_parse: config.json text -> struct spec. Top-level fields (ociVersion,
 * root, hostname, mounts, annotations) live here; process and linux have
 * their own files. Unknown fields are ignored, as the runtime-spec says.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec/spec_internal.h"
#include "vmm/error.h"

/* One element of mounts (path names it). */
static int spec_parse_mount(struct spec_ctx *c, yajl_val v,
			    struct spec_mount *m)
{
	if (!YAJL_IS_OBJECT(v))
		return spec_fail(c, "expected an object");
	if (spec_get_abs_path(c, v, "destination", true, &m->destination) < 0 ||
	    spec_get_string(c, v, "type", false, &m->type) < 0 ||
	    spec_get_string(c, v, "source", false, &m->source) < 0 ||
	    spec_get_strv(c, v, "options", false, false, NULL, NULL,
			  &m->options) < 0)
		return -1;
	return 0;
}

/* spec_parse_mounts - see spec_internal.h. */
int spec_parse_mounts(struct spec_ctx *c, yajl_val root, struct spec *s)
{
	yajl_val v = spec_get(root, "mounts");
	size_t saved, i;
	int r = 0;

	if (!v)
		return 0;
	saved = spec_enter(c, "mounts");
	if (!YAJL_IS_ARRAY(v)) {
		r = spec_fail(c, "expected an array of objects");
		goto out;
	}
	if (v->u.array.len) {
		s->mounts = calloc(v->u.array.len, sizeof(*s->mounts));
		if (!s->mounts) {
			r = spec_oom(c);
			goto out;
		}
	}
	s->n_mounts = v->u.array.len;
	for (i = 0; i < v->u.array.len && r >= 0; i++) {
		size_t inner = spec_enter_index(c, i);

		r = spec_parse_mount(c, v->u.array.values[i], &s->mounts[i]);
		spec_leave(c, inner);
	}
out:
	spec_leave(c, saved);
	return r;
}

static int spec_parse_version(struct spec_ctx *c, yajl_val root,
			      struct spec *s)
{
	char q[SPEC_QUOTE_SIZE];
	size_t saved;
	int r = 0;

	if (spec_get_string(c, root, "ociVersion", true, &s->oci_version) < 0)
		return -1;
	if (strncmp(s->oci_version, "1.", 2) != 0 ||
	    s->oci_version[2] < '0' || s->oci_version[2] > '9') {
		saved = spec_enter(c, "ociVersion");
		r = spec_fail(c, "unsupported version %s (expected 1.x)",
			      spec_quote(q, s->oci_version));
		spec_leave(c, saved);
	}
	return r;
}

static int spec_parse_root(struct spec_ctx *c, yajl_val top, struct spec *s)
{
	yajl_val root = NULL;
	size_t saved, inner;
	int r;

	if (spec_get_object(c, top, "root", true, &root) < 0)
		return -1;
	saved = spec_enter(c, "root");
	r = spec_get_string(c, root, "path", true, &s->root_path);
	if (r >= 0 && !s->root_path[0]) {
		inner = spec_enter(c, "path");
		r = spec_fail(c, "expected a non-empty path");
		spec_leave(c, inner);
	}
	if (r >= 0)
		r = spec_get_bool(c, root, "readonly", &s->root_readonly);
	spec_leave(c, saved);
	return r < 0 ? r : 0;
}

static int spec_parse_names(struct spec_ctx *c, yajl_val root, struct spec *s)
{
	static const char *const keys[] = { "hostname", "domainname" };
	char **fields[] = { &s->hostname, &s->domainname };
	size_t i, saved;
	int r;

	for (i = 0; i < 2; i++) {
		r = spec_get_string(c, root, keys[i], false, fields[i]);
		if (r < 0)
			return r;
		/* sethostname/setdomainname: at most 64 bytes */
		if (r > 0 && strlen(*fields[i]) > 64) {
			saved = spec_enter(c, keys[i]);
			r = spec_fail(c, "expected a name of at most 64 bytes");
			spec_leave(c, saved);
			return r;
		}
	}
	return 0;
}

/* Absolute bundle directory (@bundle_dir or the cwd) and root path. */
static int spec_resolve_root(struct spec_ctx *c, const char *bundle_dir,
			     struct spec *s)
{
	char *cwd = NULL;

	if (!bundle_dir || bundle_dir[0] != '/') {
		cwd = getcwd(NULL, 0);
		if (!cwd)
			return vmm_error(c->err, errno, "getcwd");
	}
	if (!bundle_dir)
		s->bundle = spec_path_join(cwd, ".");
	else if (bundle_dir[0] != '/')
		s->bundle = spec_path_join(cwd, bundle_dir);
	else
		s->bundle = spec_path_join(bundle_dir, ".");
	free(cwd);
	if (!s->bundle)
		return spec_oom(c);
	s->root_path_abs = spec_path_join(s->bundle, s->root_path);
	if (!s->root_path_abs)
		return spec_oom(c);
	return 0;
}

static int spec_parse_tree(struct spec_ctx *c, yajl_val top,
			   const char *bundle_dir, struct spec *s)
{
	if (!YAJL_IS_OBJECT(top))
		return spec_fail(c, "expected a JSON object at the top level");
	if (spec_parse_version(c, top, s) < 0 ||
	    spec_parse_process(c, top, s) < 0 ||
	    spec_parse_root(c, top, s) < 0 ||
	    spec_parse_names(c, top, s) < 0 ||
	    spec_parse_mounts(c, top, s) < 0 ||
	    spec_parse_linux(c, top, s) < 0 ||
	    spec_get_map(c, top, "annotations", &s->annotations,
			 &s->n_annotations) < 0)
		return -1;
	return spec_resolve_root(c, bundle_dir, s);
}

/* spec_parse - see spec.h. */
int spec_parse(const char *json, size_t len, const char *file,
	       const char *bundle_dir, struct spec **out,
	       struct vmm_error **err)
{
	struct spec_ctx c = { .file = file ? file : "config.json", .err = err };
	struct spec *s = NULL;
	char errbuf[256];
	yajl_val top;
	char *text;
	int r;

	*out = NULL;
	if (!json)
		json = "";
	r = spec_json_check(&c, json, len);
	if (r < 0)
		return r;
	/* yajl_tree_parse wants a NUL-terminated string */
	text = malloc(len + 1);
	if (!text)
		return spec_oom(&c);
	memcpy(text, json, len);
	text[len] = '\0';
	errbuf[0] = '\0';
	top = yajl_tree_parse(text, errbuf, sizeof(errbuf));
	free(text);
	if (!top) {
		errbuf[strcspn(errbuf, "\n")] = '\0';
		return spec_fail(&c, "invalid JSON: %s",
				 errbuf[0] ? errbuf : "out of memory");
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		r = spec_oom(&c);
		goto out;
	}
	r = spec_parse_tree(&c, top, bundle_dir, s);
	if (r < 0) {
		spec_free(s);
		goto out;
	}
	*out = s;
	r = 0;
out:
	yajl_tree_free(top);
	return r;
}
