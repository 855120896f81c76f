/* SPDX-License-Identifier: MIT */
/*
 * control_json.h - JSON for the control channel (requests and replies)
 * and small yajl helpers shared with the state files.
 */
#ifndef VMM_CONTROL_JSON_H
#define VMM_CONTROL_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "abi/control.h"

/* A yajl generator that remembers its first failure. */
struct vmm_json {
	yajl_gen g;
	bool failed;
};

/* vmm_json_begin - a new generator with an open top-level map; false: ENOMEM. */
bool vmm_json_begin(struct vmm_json *j);
/* vmm_json_begin_pretty - like vmm_json_begin, indented when @pretty. */
bool vmm_json_begin_pretty(struct vmm_json *j, bool pretty);
/* vmm_json_end - close the map; the text (malloc'ed, NUL-terminated) or NULL. */
char *vmm_json_end(struct vmm_json *j);
/* Members of the open map: key and value. */
void vmm_json_str(struct vmm_json *j, const char *key, const char *val);
void vmm_json_int(struct vmm_json *j, const char *key, long long val);
void vmm_json_bool(struct vmm_json *j, const char *key, bool val);
/* vmm_json_strv - key and an array of @n strings (@n < 0: NULL-terminated). */
void vmm_json_strv(struct vmm_json *j, const char *key, char *const *v, long n);
/* vmm_json_key - just the key (a map or array value follows). */
void vmm_json_key(struct vmm_json *j, const char *key);

/* vmm_json_get - member @key of map @v, or NULL. */
yajl_val vmm_json_get(yajl_val v, const char *key);
/* vmm_json_get_int - integer member @key, or @dflt. */
long long vmm_json_get_int(yajl_val v, const char *key, long long dflt);
/* vmm_json_get_str - string member @key, or NULL. */
const char *vmm_json_get_str(yajl_val v, const char *key);
/* vmm_json_get_bool - true member @key. */
bool vmm_json_get_bool(yajl_val v, const char *key);

/* vmm_ctl_req_json - @req as JSON (malloc'ed), or NULL. */
char *vmm_ctl_req_json(const struct ctl_req *req, int nfds);
/*
 * vmm_ctl_req_parse - fill @req from JSON @text; *@nfds is the number of
 * stdio fds the client sent. Returns 0 or -EINVAL / -E2BIG.
 */
int vmm_ctl_req_parse(const char *text, struct ctl_req *req, int *nfds);
/* vmm_ctl_resp_json - @resp (plus the sandbox's @memory bytes) as JSON, or NULL. */
char *vmm_ctl_resp_json(const struct ctl_resp *resp, unsigned long long memory);
/* vmm_ctl_resp_parse - fill @resp and *@memory from JSON @text. 0 or -EINVAL. */
int vmm_ctl_resp_parse(const char *text, struct ctl_resp *resp,
		       unsigned long long *memory);

#endif
