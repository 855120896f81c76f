/* SPDX-License-Identifier: MIT */
/*
 * Validation helpers: the JSON path of the value being read, error
 * reporting in the "FILE: PATH: expected ..." form, and typed getters.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec_internal.h"
#include "vmm/error.h"

/* A key that can be written as ".key"; others become ["key"]. */
static bool spec_key_is_ident(const char *key)
{
	const char *p;

	if (!*key || (*key >= '0' && *key <= '9'))
		return false;
	for (p = key; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	}
	return true;
}

/* Append text to the path, truncating with "..." when it does not fit. */
static void spec_path_append(struct spec_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void spec_path_append(struct spec_ctx *c, const char *fmt, ...)
{
	size_t room = sizeof(c->path) - c->path_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(c->path + c->path_len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		c->path[c->path_len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		memcpy(c->path + sizeof(c->path) - 4, "...", 4);
		c->path_len = sizeof(c->path) - 1;
		return;
	}
	c->path_len += n;
}

/* spec_enter - see spec_internal.h. */
size_t spec_enter(struct spec_ctx *c, const char *key)
{
	size_t old = c->path_len;
	char q[SPEC_QUOTE_SIZE];

	if (spec_key_is_ident(key))
		spec_path_append(c, "%s%s", old ? "." : "", key);
	else
		spec_path_append(c, "[%s]", spec_quote(q, key));
	return old;
}

/* spec_enter_index - see spec_internal.h. */
size_t spec_enter_index(struct spec_ctx *c, size_t i)
{
	size_t old = c->path_len;

	spec_path_append(c, "[%zu]", i);
	return old;
}

/* spec_leave - see spec_internal.h. */
void spec_leave(struct spec_ctx *c, size_t len)
{
	c->path_len = len;
	c->path[len] = '\0';
}

/* spec_fail - see spec_internal.h. */
int spec_fail(struct spec_ctx *c, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return vmm_error(c->err, ENOMEM, "%s", c->file);
	if (c->path_len)
		vmm_error(c->err, 0, "%s: %s: %s", c->file, c->path, msg);
	else
		vmm_error(c->err, 0, "%s: %s", c->file, msg);
	free(msg);
	return -1;
}

/* spec_oom - see spec_internal.h. */
int spec_oom(struct spec_ctx *c)
{
	vmm_error(c->err, ENOMEM, "%s", c->file);
	return -ENOMEM;
}

/* spec_get - see spec_internal.h. The last duplicate key wins. */
yajl_val spec_get(yajl_val obj, const char *key)
{
	size_t i;

	if (!YAJL_IS_OBJECT(obj))
		return NULL;
	for (i = obj->u.object.len; i-- > 0;) {
		if (strcmp(obj->u.object.keys[i], key) == 0) {
			yajl_val v = obj->u.object.values[i];

			return YAJL_IS_NULL(v) ? NULL : v;
		}
	}
	return NULL;
}

/*
 * Common prologue of the getters: look @key up and enter it. Returns 1 with
 * *v set, 0 when absent and optional, -1 when absent and required.
 */
static int spec_lookup(struct spec_ctx *c, yajl_val obj, const char *key,
		       bool required, const char *what, yajl_val *v,
		       size_t *saved)
{
	*v = spec_get(obj, key);
	if (*v) {
		*saved = spec_enter(c, key);
		return 1;
	}
	if (!required)
		return 0;
	*saved = spec_enter(c, key);
	spec_fail(c, "expected %s", what);
	spec_leave(c, *saved);
	return -1;
}

/* spec_get_object - see spec_internal.h. */
int spec_get_object(struct spec_ctx *c, yajl_val obj, const char *key,
		    bool required, yajl_val *out)
{
	size_t saved;
	yajl_val v;
	int r;

	r = spec_lookup(c, obj, key, required, "an object", &v, &saved);
	if (r <= 0)
		return r;
	if (!YAJL_IS_OBJECT(v))
		r = spec_fail(c, "expected an object");
	else
		*out = v;
	spec_leave(c, saved);
	return r;
}

/* spec_get_string - see spec_internal.h. */
int spec_get_string(struct spec_ctx *c, yajl_val obj, const char *key,
		    bool required, char **out)
{
	size_t saved;
	yajl_val v;
	char *dup;
	int r;

	r = spec_lookup(c, obj, key, required, "a string", &v, &saved);
	if (r <= 0)
		return r;
	if (!YAJL_IS_STRING(v)) {
		r = spec_fail(c, "expected a string");
	} else {
		dup = strdup(v->u.string);
		if (!dup) {
			r = spec_oom(c);
		} else {
			free(*out);
			*out = dup;
		}
	}
	spec_leave(c, saved);
	return r;
}

/* spec_get_abs_path - see spec_internal.h. */
int spec_get_abs_path(struct spec_ctx *c, yajl_val obj, const char *key,
		      bool required, char **out)
{
	size_t saved;
	yajl_val v;
	char *dup;
	int r;

	r = spec_lookup(c, obj, key, required, "an absolute path", &v,
			&saved);
	if (r <= 0)
		return r;
	if (!YAJL_IS_STRING(v) || v->u.string[0] != '/') {
		r = spec_fail(c, "expected an absolute path");
	} else {
		dup = strdup(v->u.string);
		if (!dup) {
			r = spec_oom(c);
		} else {
			free(*out);
			*out = dup;
		}
	}
	spec_leave(c, saved);
	return r;
}

/* spec_get_bool - see spec_internal.h. */
int spec_get_bool(struct spec_ctx *c, yajl_val obj, const char *key,
		  bool *out)
{
	size_t saved;
	yajl_val v;
	int r;

	r = spec_lookup(c, obj, key, false, "a boolean", &v, &saved);
	if (r <= 0)
		return r;
	if (YAJL_IS_TRUE(v))
		*out = true;
	else if (YAJL_IS_FALSE(v))
		*out = false;
	else
		r = spec_fail(c, "expected a boolean");
	spec_leave(c, saved);
	return r;
}

/* spec_parse_uint - see spec_internal.h. */
bool spec_parse_uint(const char *text, uint64_t max, uint64_t *out)
{
	unsigned long long x;
	const char *p;
	char *end;

	if (!text || !*text)
		return false;
	for (p = text; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	x = strtoull(text, &end, 10);
	if (errno || *end || x > max)
		return false;
	*out = x;
	return true;
}

/* spec_parse_int - see spec_internal.h. */
bool spec_parse_int(const char *text, int64_t min, int64_t max, int64_t *out)
{
	const char *p;
	long long x;
	char *end;

	if (!text || !*text)
		return false;
	p = text + (*text == '-');
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	x = strtoll(text, &end, 10);
	if (errno || *end || x < min || x > max)
		return false;
	*out = x;
	return true;
}

/* Shared body of the unsigned getters. */
static int spec_get_unsigned(struct spec_ctx *c, yajl_val obj,
			     const char *key, bool required, uint64_t max,
			     const char *what, uint64_t *out)
{
	size_t saved;
	yajl_val v;
	int r;

	r = spec_lookup(c, obj, key, required, what, &v, &saved);
	if (r <= 0)
		return r;
	if (!YAJL_IS_NUMBER(v) || !spec_parse_uint(v->u.number.r, max, out))
		r = spec_fail(c, "expected %s", what);
	spec_leave(c, saved);
	return r;
}

/* spec_get_u32 - see spec_internal.h. */
int spec_get_u32(struct spec_ctx *c, yajl_val obj, const char *key,
		 bool required, uint32_t *out)
{
	uint64_t x = 0;
	int r;

	r = spec_get_unsigned(c, obj, key, required, UINT32_MAX,
			      "an unsigned 32-bit integer", &x);
	if (r > 0)
		*out = (uint32_t)x;
	return r;
}

/* spec_get_u64 - see spec_internal.h. */
int spec_get_u64(struct spec_ctx *c, yajl_val obj, const char *key,
		 bool required, uint64_t *out)
{
	return spec_get_unsigned(c, obj, key, required, UINT64_MAX,
				 "an unsigned 64-bit integer", out);
}

/* spec_get_i64 - see spec_internal.h. */
int spec_get_i64(struct spec_ctx *c, yajl_val obj, const char *key,
		 bool required, int64_t *out)
{
	size_t saved;
	yajl_val v;
	int r;

	r = spec_lookup(c, obj, key, required, "a 64-bit integer", &v,
			&saved);
	if (r <= 0)
		return r;
	if (!YAJL_IS_NUMBER(v) ||
	    !spec_parse_int(v->u.number.r, INT64_MIN, INT64_MAX, out))
		r = spec_fail(c, "expected a 64-bit integer");
	spec_leave(c, saved);
	return r;
}

/* spec_strv_free - see spec_internal.h. */
void spec_strv_free(char **v)
{
	char **p;

	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

/* spec_get_strv - see spec_internal.h. */
int spec_get_strv(struct spec_ctx *c, yajl_val obj, const char *key,
		  bool required, bool nonempty, const char *what,
		  spec_check_fn check, char ***out)
{
	size_t saved, i, n;
	char **vec = NULL;
	yajl_val v;
	int r;

	if (!what)
		what = "an array of strings";
	r = spec_lookup(c, obj, key, required, what, &v, &saved);
	if (r <= 0)
		return r;
	if (!YAJL_IS_ARRAY(v) || (nonempty && v->u.array.len == 0)) {
		r = spec_fail(c, "expected %s", what);
		goto out;
	}
	n = v->u.array.len;
	vec = calloc(n + 1, sizeof(*vec));
	if (!vec) {
		r = spec_oom(c);
		goto out;
	}
	for (i = 0; i < n; i++) {
		yajl_val e = v->u.array.values[i];
		size_t inner = spec_enter_index(c, i);

		if (!YAJL_IS_STRING(e)) {
			r = spec_fail(c, "expected a string");
		} else if (check && (r = check(c, e->u.string)) < 0) {
			/* reported by check */
		} else if (!(vec[i] = strdup(e->u.string))) {
			r = spec_oom(c);
		}
		spec_leave(c, inner);
		if (r < 0)
			goto out;
	}
	spec_strv_free(*out);
	*out = vec;
	vec = NULL;
	r = 1;
out:
	spec_strv_free(vec);
	spec_leave(c, saved);
	return r;
}

/* spec_get_map - see spec_internal.h. */
int spec_get_map(struct spec_ctx *c, yajl_val obj, const char *key,
		 struct spec_kv **out, size_t *n)
{
	struct spec_kv *kv = NULL;
	size_t saved, i, len = 0;
	yajl_val v;
	int r;

	r = spec_lookup(c, obj, key, false, "an object", &v, &saved);
	if (r <= 0)
		return r;
	if (!YAJL_IS_OBJECT(v)) {
		r = spec_fail(c, "expected an object of strings");
		goto out;
	}
	kv = calloc(v->u.object.len + 1, sizeof(*kv));
	if (!kv) {
		r = spec_oom(c);
		goto out;
	}
	for (i = 0; i < v->u.object.len; i++) {
		yajl_val e = v->u.object.values[i];
		size_t inner = spec_enter(c, v->u.object.keys[i]);

		if (!YAJL_IS_STRING(e)) {
			r = spec_fail(c, "expected a string");
		} else {
			kv[i].key = strdup(v->u.object.keys[i]);
			kv[i].value = strdup(e->u.string);
			len = i + 1;
			if (!kv[i].key || !kv[i].value)
				r = spec_oom(c);
		}
		spec_leave(c, inner);
		if (r < 0)
			goto out;
	}
	*out = kv;
	*n = len;
	kv = NULL;
	r = 1;
out:
	if (kv) {
		for (i = 0; i < len; i++) {
			free(kv[i].key);
			free(kv[i].value);
		}
		free(kv);
	}
	spec_leave(c, saved);
	return r;
}

/* spec_check_abs_path - see spec_internal.h. */
int spec_check_abs_path(struct spec_ctx *c, const char *s)
{
	if (s[0] != '/')
		return spec_fail(c, "expected an absolute path");
	return 0;
}

/* spec_check_env - see spec_internal.h. */
int spec_check_env(struct spec_ctx *c, const char *s)
{
	const char *eq = strchr(s, '=');
	char q[SPEC_QUOTE_SIZE];

	if (!eq || eq == s)
		return spec_fail(c, "expected KEY=VALUE, got %s",
				 spec_quote(q, s));
	return 0;
}

/* spec_quote - see spec_internal.h. */
const char *spec_quote(char buf[SPEC_QUOTE_SIZE], const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	buf[o++] = '"';
	for (i = 0; s[i]; i++) {
		unsigned char ch = s[i];

		if (o + 8 >= SPEC_QUOTE_SIZE) {
			memcpy(buf + o, "\"...", 4);
			o += 4;
			buf[o] = '\0';
			return buf;
		}
		if (ch == '"' || ch == '\\') {
			buf[o++] = '\\';
			buf[o++] = ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[ch >> 4];
			buf[o++] = hex[ch & 15];
		} else {
			buf[o++] = ch;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}
