/* SPDX-License-Identifier: MIT */
/*
 * spec internals: the parse context (file name, JSON path of the value
 * being read, error sink) and typed getters that validate one field and
 * report "FILE: PATH: expected ..." on mismatch.
 */
#ifndef SPEC_SPEC_INTERNAL_H
#define SPEC_SPEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_tree.h>

#include "spec/spec.h"

/* Deepest JSON nesting accepted (yajl_gen refuses more than 128). */
#define SPEC_MAX_DEPTH 64
/* Largest config.json accepted. */
#define SPEC_MAX_SIZE (16u << 20)

struct spec_ctx {
	const char *file;		/* "config.json" */
	struct vmm_error **err;
	char path[256];			/* "process.rlimits[1].type" */
	size_t path_len;
};

/* spec_enter - append ".@key" (or "[\"key\"]") to the path; returns the old length. */
size_t spec_enter(struct spec_ctx *c, const char *key);
/* spec_enter_index - append "[@i]" to the path; returns the old length. */
size_t spec_enter_index(struct spec_ctx *c, size_t i);
/* spec_leave - cut the path back to @len (from spec_enter*). */
void spec_leave(struct spec_ctx *c, size_t len);

/*
 * spec_fail - report "FILE: PATH: message" (or "FILE: message" at the
 * top level) into c->err. Returns -1.
 */
int spec_fail(struct spec_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* spec_oom - report running out of memory. Returns -ENOMEM. */
int spec_oom(struct spec_ctx *c);

/* spec_get - value of @key in object @obj; NULL if absent or JSON null. */
yajl_val spec_get(yajl_val obj, const char *key);

/*
 * Typed getters: read @key of object @obj, entering it in the path.
 * An absent (or null) optional key leaves *out untouched and returns 0;
 * with @required it is an error. Return 1 when the value was present, 0 when
 * absent, < 0 on error (reported).
 */
int spec_get_object(struct spec_ctx *c, yajl_val obj, const char *key,
		    bool required, yajl_val *out);
int spec_get_string(struct spec_ctx *c, yajl_val obj, const char *key,
		    bool required, char **out);
/* spec_get_abs_path - like spec_get_string, for a string starting with '/'. */
int spec_get_abs_path(struct spec_ctx *c, yajl_val obj, const char *key,
		      bool required, char **out);
int spec_get_bool(struct spec_ctx *c, yajl_val obj, const char *key,
		  bool *out);
int spec_get_u32(struct spec_ctx *c, yajl_val obj, const char *key,
		 bool required, uint32_t *out);
int spec_get_u64(struct spec_ctx *c, yajl_val obj, const char *key,
		 bool required, uint64_t *out);
int spec_get_i64(struct spec_ctx *c, yajl_val obj, const char *key,
		 bool required, int64_t *out);

/*
 * spec_check_fn - validate one element of a string array (path already
 * names it); returns < 0 after spec_fail().
 */
typedef int (*spec_check_fn)(struct spec_ctx *c, const char *s);

/*
 * spec_get_strv - read a string array into a NULL-terminated vector.
 * @nonempty: an empty array is an error; @what: the "expected ..." text for
 * a value of the wrong type (NULL: "an array of strings"); @check: per
 * element validator or NULL.
 */
int spec_get_strv(struct spec_ctx *c, yajl_val obj, const char *key,
		  bool required, bool nonempty, const char *what,
		  spec_check_fn check, char ***out);
/* spec_get_map - read an object of string values (annotations, sysctl). */
int spec_get_map(struct spec_ctx *c, yajl_val obj, const char *key,
		 struct spec_kv **out, size_t *n);

/* Element validators. */
int spec_check_abs_path(struct spec_ctx *c, const char *s);
int spec_check_env(struct spec_ctx *c, const char *s);

/* Room for a quoted excerpt of a user string in a message. */
#define SPEC_QUOTE_SIZE 80
/*
 * spec_quote - @s in double quotes with quotes, backslashes and control
 * characters escaped, cut to fit @buf; returns @buf.
 */
const char *spec_quote(char buf[SPEC_QUOTE_SIZE], const char *s);

/* spec_parse_uint / spec_parse_int - strict decimal of a JSON number text. */
bool spec_parse_uint(const char *text, uint64_t max, uint64_t *out);
bool spec_parse_int(const char *text, int64_t min, int64_t max, int64_t *out);

/*
 * spec_json_check - syntax-check @json (@len bytes) with yajl, limiting the
 * nesting depth; on error report "FILE: invalid JSON: ..." with the line and
 * column. Returns 0 or < 0.
 */
int spec_json_check(struct spec_ctx *c, const char *json, size_t len);
/* spec_json_dump - serialise @v compactly; malloc'ed, NULL on failure. */
char *spec_json_dump(yajl_val v);

/* Sections of config.json, each filling its part of @s from @root. */
int spec_parse_process(struct spec_ctx *c, yajl_val root, struct spec *s);
int spec_parse_linux(struct spec_ctx *c, yajl_val root, struct spec *s);
int spec_parse_mounts(struct spec_ctx *c, yajl_val root, struct spec *s);

/* spec_strv_free - free a NULL-terminated vector and its strings. */
void spec_strv_free(char **v);
/* spec_path_join - "@dir/@rel" with "." and "//" collapsed; malloc'ed. */
char *spec_path_join(const char *dir, const char *rel);

#endif
