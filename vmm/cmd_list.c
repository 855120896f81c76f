/* SPDX-License-Identifier: MIT */
/* cmd_list.c - `vmm list [--format table|json] [--quiet|-q]`: every container. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vmm/cmd.h"
#include "vmm/control_json.h"
#include "vmm/error.h"
#include "vmm/state.h"

/* vmm_list_owner - the name of @uid, or its number. */
static const char *vmm_list_owner(uid_t uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		return pw->pw_name;
	snprintf(buf, len, "%u", (unsigned int)uid);
	return buf;
}

/* vmm_list_entry - print one container (@json: as a map in @j). */
static void vmm_list_entry(struct vmm_state *st, int mode, struct vmm_json *j)
{
	const char *status = vmm_state_status(st);
	pid_t pid = strcmp(status, "stopped") ? st->pid : 0;
	char owner[32];
	struct stat sb;

	if (stat(st->dir, &sb) < 0)
		sb.st_uid = 0;
	if (mode == 'q') {
		printf("%s\n", st->id);
	} else if (mode == 't') {
		printf("%-12s %-10d %-10s %-40s %-30s %s\n", st->id, (int)pid,
		       status, st->bundle, st->created,
		       vmm_list_owner(sb.st_uid, owner, sizeof(owner)));
	} else {
		yajl_gen_map_open(j->g);
		vmm_json_str(j, "ociVersion", st->oci_version);
		vmm_json_str(j, "id", st->id);
		vmm_json_int(j, "pid", pid);
		vmm_json_str(j, "status", status);
		vmm_json_str(j, "bundle", st->bundle);
		vmm_json_str(j, "created", st->created);
		vmm_json_str(j, "owner", vmm_list_owner(sb.st_uid, owner, sizeof(owner)));
		yajl_gen_map_close(j->g);
	}
}

/* vmm_cmd_list - see cmd.h. */
int vmm_cmd_list(int argc, char **argv, const struct vmm_opts *opts,
		 struct vmm_error **err)
{
	const char *fmt = "table", *v;
	struct vmm_json j = { 0 };
	struct dirent **names = NULL;
	struct vmm_error *skip = NULL;
	cleanup_free char *text = NULL;
	bool quiet = false;
	int i, n, r, mode;

	for (i = 1; i < argc; i++) {
		if ((r = vmm_cmd_opt(argc, argv, &i, "--format", "-f", &v, err))) {
			if (r < 0)
				return vmm_error_prefix(err, "list");
			fmt = v;
		} else if (vmm_cmd_flag(argv[i], "--quiet", "-q")) {
			quiet = true;
		} else {
			vmm_error(err, 0, "unexpected argument `%s`", argv[i]);
			return vmm_error_prefix(err, "list");
		}
	}
	if (strcmp(fmt, "table") && strcmp(fmt, "json")) {
		vmm_error(err, 0, "invalid format option `%s` (table or json)", fmt);
		return vmm_error_prefix(err, "list");
	}
	mode = quiet ? 'q' : fmt[0] == 't' ? 't' : 'j';
	n = scandir(vmm_cmd_root(opts), &names, NULL, alphasort);
	if (n < 0 && errno != ENOENT) {
		vmm_error(err, errno, "read `%s`", vmm_cmd_root(opts));
		return vmm_error_prefix(err, "list");
	}
	if (mode == 't')
		printf("%-12s %-10s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS",
		       "BUNDLE", "CREATED", "OWNER");
	if (mode == 'j') {
		j.g = yajl_gen_alloc(NULL);
		if (!j.g)
			return vmm_error(err, ENOMEM, "list");
		yajl_gen_array_open(j.g);
	}
	for (i = 0; i < n; i++) {
		struct vmm_state *st = NULL;

		if (names[i]->d_name[0] != '.' &&
		    vmm_state_open(vmm_cmd_root(opts), names[i]->d_name, false,
				   &st, &skip) == 0)
			vmm_list_entry(st, mode, &j);
		vmm_error_free(&skip);
		vmm_state_free(st);
		free(names[i]);
	}
	free(names);
	if (mode == 'j') {
		const unsigned char *buf;
		size_t len;

		yajl_gen_array_close(j.g);
		if (yajl_gen_get_buf(j.g, &buf, &len) == yajl_gen_status_ok)
			printf("%.*s\n", (int)len, buf);
		yajl_gen_free(j.g);
	}
	return 0;
}
