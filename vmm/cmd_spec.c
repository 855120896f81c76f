/* SPDX-License-Identifier: MIT */
/* `vmm spec`: write the default config.json, like `runc spec`. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec/spec.h"
#include "vmm/cmd_spec.h"
#include "vmm/error.h"

#define CMD_SPEC_USAGE "usage: vmm spec [--bundle|-b DIR] [--rootless]"

struct cmd_spec_opts {
	const char *bundle;
	bool rootless;
};

static int cmd_spec_parse_args(int argc, char **argv,
			       struct cmd_spec_opts *o,
			       struct vmm_error **err)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--rootless") == 0) {
			o->rootless = true;
		} else if (strcmp(a, "--bundle") == 0 || strcmp(a, "-b") == 0) {
			if (i + 1 >= argc)
				return vmm_error(err, 0,
						 "spec: option `%s` needs a directory (%s)",
						 a, CMD_SPEC_USAGE);
			o->bundle = argv[++i];
		} else if (strncmp(a, "--bundle=", 9) == 0) {
			o->bundle = a + 9;
		} else if (strncmp(a, "-b", 2) == 0) {
			o->bundle = a + 2;
		} else if (a[0] == '-') {
			return vmm_error(err, 0, "spec: unknown option `%s` (%s)",
					 a, CMD_SPEC_USAGE);
		} else {
			return vmm_error(err, 0,
					 "spec: unexpected argument `%s` (%s)",
					 a, CMD_SPEC_USAGE);
		}
	}
	if (o->bundle && !o->bundle[0])
		return vmm_error(err, 0, "spec: empty bundle directory (%s)",
				 CMD_SPEC_USAGE);
	return 0;
}

/* Write all of @buf to @fd. Returns 0 or -errno. */
static int cmd_spec_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= n;
	}
	return 0;
}

/* vmm_cmd_spec - see cmd_spec.h. */
int vmm_cmd_spec(int argc, char **argv, struct vmm_error **err)
{
	struct cmd_spec_opts o = { .bundle = NULL };
	cleanup_free char *path = NULL;
	cleanup_free char *json = NULL;
	struct stat st;
	int fd, r;

	r = cmd_spec_parse_args(argc, argv, &o, err);
	if (r < 0)
		return r;
	if (o.bundle) {
		if (stat(o.bundle, &st) < 0)
			return vmm_error(err, errno, "bundle `%s`", o.bundle);
		if (!S_ISDIR(st.st_mode))
			return vmm_error(err, ENOTDIR, "bundle `%s`", o.bundle);
	}
	if (asprintf(&path, "%s/config.json", o.bundle ? o.bundle : ".") < 0) {
		path = NULL;
		return vmm_error(err, ENOMEM, "spec");
	}
	json = spec_default_json(o.rootless);
	if (!json)
		return vmm_error(err, ENOMEM, "spec: generating config.json");
	/* the kernel applies the umask to 0666 */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0666);
	if (fd < 0 && errno == EEXIST)
		return vmm_error(err, 0, "config.json: file exists, remove it first");
	if (fd < 0)
		return vmm_error(err, errno, "open `%s`", path);
	r = cmd_spec_write_all(fd, json, strlen(json));
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r < 0) {
		unlink(path);
		return vmm_error(err, -r, "write `%s`", path);
	}
	return 0;
}
