/* SPDX-License-Identifier: MIT */
/*
 * Syntax check of config.json before it is turned into a tree: yajl's own
 * error message with a line and column, a cap on nesting depth so that
 * hostile input cannot exhaust the stack of the recursive tree code, and no
 * NUL characters in strings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "spec/spec_internal.h"

struct spec_depth {
	int depth;
	bool too_deep;
	bool nul;		/* a string holds \u0000 */
};

/*
 * yajl_tree keeps strings NUL-terminated without their length: a "\u0000"
 * would silently cut a string short, so such strings are refused.
 */
static int spec_check_string(void *ctx, const unsigned char *s, size_t len)
{
	struct spec_depth *d = ctx;

	if (memchr(s, '\0', len)) {
		d->nul = true;
		return 0;
	}
	return 1;
}

static int spec_depth_open(void *ctx)
{
	struct spec_depth *d = ctx;

	if (++d->depth > SPEC_MAX_DEPTH) {
		d->too_deep = true;
		return 0;
	}
	return 1;
}

static int spec_depth_open_map(void *ctx)
{
	return spec_depth_open(ctx);
}

static int spec_depth_close(void *ctx)
{
	struct spec_depth *d = ctx;

	d->depth--;
	return 1;
}

static const yajl_callbacks spec_depth_callbacks = {
	.yajl_string = spec_check_string,
	.yajl_start_map = spec_depth_open_map,
	.yajl_map_key = spec_check_string,
	.yajl_end_map = spec_depth_close,
	.yajl_start_array = spec_depth_open,
	.yajl_end_array = spec_depth_close,
};

/* Line and column (1-based) of byte @off of @json. */
static void spec_line_col(const char *json, size_t off, size_t *line,
			  size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (json[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* spec_json_check - see spec_internal.h. */
int spec_json_check(struct spec_ctx *c, const char *json, size_t len)
{
	struct spec_depth d = { 0 };
	size_t off, line, col, n;
	yajl_status st;
	unsigned char *msg;
	yajl_handle h;
	int r = 0;

	if (len > SPEC_MAX_SIZE)
		return spec_fail(c, "invalid JSON: larger than %u bytes",
				 SPEC_MAX_SIZE);
	if (memchr(json, '\0', len)) {
		off = (const char *)memchr(json, '\0', len) - json;
		spec_line_col(json, off, &line, &col);
		return spec_fail(c, "invalid JSON: NUL byte (line %zu, column %zu)",
				 line, col);
	}
	h = yajl_alloc(&spec_depth_callbacks, NULL, &d);
	if (!h)
		return spec_oom(c);
	/* the same settings as yajl_tree_parse() */
	yajl_config(h, yajl_allow_comments, 1);
	st = yajl_parse(h, (const unsigned char *)json, len);
	/* yajl has consumed the offending byte: point at it */
	off = yajl_get_bytes_consumed(h);
	if (off > 0)
		off--;
	if (st == yajl_status_ok) {
		st = yajl_complete_parse(h);
		off = len;
	}
	if (d.too_deep) {
		spec_line_col(json, off, &line, &col);
		r = spec_fail(c, "invalid JSON: nested deeper than %d levels (line %zu, column %zu)",
			      SPEC_MAX_DEPTH, line, col);
	} else if (d.nul) {
		spec_line_col(json, off, &line, &col);
		r = spec_fail(c, "invalid JSON: \\u0000 in a string (line %zu, column %zu)",
			      line, col);
	} else if (st != yajl_status_ok) {
		msg = yajl_get_error(h, 0, NULL, 0);
		n = msg ? strcspn((char *)msg, "\n") : 0;
		spec_line_col(json, off > len ? len : off, &line, &col);
		r = spec_fail(c, "invalid JSON: %.*s (line %zu, column %zu)",
			      (int)n, msg ? (char *)msg : "", line, col);
		if (msg)
			yajl_free_error(h, msg);
	}
	yajl_free(h);
	return r;
}
