/* SPDX-License-Identifier: MIT */
/* Re-serialise a parsed JSON value (for sections kept for later, seccomp). */
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "spec/spec_internal.h"

static int spec_gen_value(yajl_gen g, yajl_val v, int depth)
{
	size_t i;

	if (depth > SPEC_MAX_DEPTH)
		return -1;
	switch (v->type) {
	case yajl_t_string:
		return yajl_gen_string(g, (const unsigned char *)v->u.string,
				       strlen(v->u.string)) ? -1 : 0;
	case yajl_t_number:
		return yajl_gen_number(g, v->u.number.r,
				       strlen(v->u.number.r)) ? -1 : 0;
	case yajl_t_true:
	case yajl_t_false:
		return yajl_gen_bool(g, v->type == yajl_t_true) ? -1 : 0;
	case yajl_t_null:
		return yajl_gen_null(g) ? -1 : 0;
	case yajl_t_object:
		if (yajl_gen_map_open(g))
			return -1;
		for (i = 0; i < v->u.object.len; i++) {
			const char *k = v->u.object.keys[i];

			if (yajl_gen_string(g, (const unsigned char *)k,
					    strlen(k)) ||
			    spec_gen_value(g, v->u.object.values[i], depth + 1))
				return -1;
		}
		return yajl_gen_map_close(g) ? -1 : 0;
	case yajl_t_array:
		if (yajl_gen_array_open(g))
			return -1;
		for (i = 0; i < v->u.array.len; i++)
			if (spec_gen_value(g, v->u.array.values[i], depth + 1))
				return -1;
		return yajl_gen_array_close(g) ? -1 : 0;
	default:
		return -1;
	}
}

/* spec_json_dump - see spec_internal.h. */
char *spec_json_dump(yajl_val v)
{
	const unsigned char *buf;
	char *out = NULL;
	yajl_gen g;
	size_t len;

	g = yajl_gen_alloc(NULL);
	if (!g)
		return NULL;
	if (spec_gen_value(g, v, 0) == 0 &&
	    yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok) {
		out = malloc(len + 1);
		if (out) {
			memcpy(out, buf, len);
			out[len] = '\0';
		}
	}
	yajl_gen_free(g);
	return out;
}
