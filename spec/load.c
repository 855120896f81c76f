/* SPDX-License-Identifier: MIT */
/* spec_load: read BUNDLE/config.json and parse it; path helpers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec/spec_internal.h"
#include "vmm/error.h"

/* spec_path_join - see spec_internal.h. */
char *spec_path_join(const char *dir, const char *rel)
{
	size_t dl = strlen(dir), rl = strlen(rel), i, o = 0;
	char *raw, *out;

	raw = malloc(dl + rl + 2);
	if (!raw)
		return NULL;
	if (rel[0] == '/') {
		memcpy(raw, rel, rl + 1);
	} else {
		memcpy(raw, dir, dl);
		raw[dl] = '/';
		memcpy(raw + dl + 1, rel, rl + 1);
	}
	out = malloc(dl + rl + 3);
	if (!out) {
		free(raw);
		return NULL;
	}
	for (i = 0; raw[i];) {
		size_t n;

		if (raw[i] == '/') {
			i++;
			continue;
		}
		n = strcspn(raw + i, "/");
		if (!(n == 1 && raw[i] == '.')) {
			out[o++] = '/';
			memcpy(out + o, raw + i, n);
			o += n;
		}
		i += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	free(raw);
	return out;
}

/* Read all of @fd (a regular file) into a malloc'ed buffer. */
static int spec_read_all(int fd, const char *path, char **out, size_t *len,
			 struct vmm_error **err)
{
	size_t size = 0, cap = 4096;
	char *buf, *nbuf;
	ssize_t n;

	buf = malloc(cap);
	if (!buf)
		return vmm_error(err, ENOMEM, "read `%s`", path);
	for (;;) {
		if (size == cap) {
			if (cap > SPEC_MAX_SIZE) {
				free(buf);
				return vmm_error(err, EFBIG, "read `%s`", path);
			}
			nbuf = realloc(buf, cap * 2);
			if (!nbuf) {
				free(buf);
				return vmm_error(err, ENOMEM, "read `%s`", path);
			}
			buf = nbuf;
			cap *= 2;
		}
		n = read(fd, buf + size, cap - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			return vmm_error(err, e, "read `%s`", path);
		}
		if (n == 0)
			break;
		size += n;
	}
	*out = buf;
	*len = size;
	return 0;
}

/* spec_load - see spec.h. */
int spec_load(const char *bundle_dir, struct spec **out,
	      struct vmm_error **err)
{
	cleanup_free char *bundle = NULL;
	cleanup_free char *path = NULL;
	cleanup_free char *text = NULL;
	cleanup_close int fd = -1;
	struct stat st;
	size_t len = 0;
	int r;

	*out = NULL;
	if (!bundle_dir)
		bundle_dir = ".";
	if (stat(bundle_dir, &st) < 0)
		return vmm_error(err, errno, "bundle `%s`", bundle_dir);
	if (!S_ISDIR(st.st_mode))
		return vmm_error(err, ENOTDIR, "bundle `%s`", bundle_dir);
	bundle = realpath(bundle_dir, NULL);
	if (!bundle)
		return vmm_error(err, errno, "bundle `%s`", bundle_dir);
	path = spec_path_join(bundle, "config.json");
	if (!path)
		return vmm_error(err, ENOMEM, "bundle `%s`", bundle_dir);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return vmm_error(err, errno, "open `%s`", path);
	if (fstat(fd, &st) < 0)
		return vmm_error(err, errno, "stat `%s`", path);
	if (!S_ISREG(st.st_mode))
		return vmm_error(err, 0, "`%s`: not a regular file", path);
	r = spec_read_all(fd, path, &text, &len, err);
	if (r < 0)
		return r;
	return spec_parse(text, len, "config.json", bundle, out, err);
}
