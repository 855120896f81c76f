/* SPDX-License-Identifier: MIT */
/* sandbox_bundle.c - find the bundle to run and its executable. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "vmm/error.h"
#include "vmm/sandbox.h"

#define VMM_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* vmm_dir_errno - 0 if @path is a directory, else the errno why not. */
static int vmm_dir_errno(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

/* vmm_sandbox_resolve_bundle - see sandbox.h. */
char *vmm_sandbox_resolve_bundle(const char *bundle_opt, const char *arg,
				 const char *fallback, struct vmm_error **err)
{
	const char *dir;
	char *abs;
	int e;

	if (bundle_opt)
		dir = bundle_opt;
	else if (arg && (strchr(arg, '/') || vmm_dir_errno(arg) == 0))
		dir = arg;
	else if (access("config.json", F_OK) == 0)
		dir = ".";
	else
		dir = fallback;
	e = vmm_dir_errno(dir);
	if (e) {
		vmm_error(err, e, "bundle `%s`", dir);
		return NULL;
	}
	abs = realpath(dir, NULL);
	if (!abs)
		vmm_error(err, errno, "bundle `%s`", dir);
	return abs;
}

/* vmm_exec_ok - is @path (inside root @rootfd) an executable regular file? */
static bool vmm_exec_ok(int rootfd, const char *path)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	struct stat st;
	int fd, r;

	fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	if (fd < 0)
		return false;
	r = fstat(fd, &st);
	close(fd);
	return r == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

/* vmm_env_path - the PATH value of @env, or the default. */
static const char *vmm_env_path(char *const *env)
{
	for (; env && *env; env++)
		if (strncmp(*env, "PATH=", 5) == 0)
			return *env + 5;
	return VMM_DEFAULT_PATH;
}

/* vmm_sandbox_find_exec - see sandbox.h. */
int vmm_sandbox_find_exec(const char *root, const char *cwd,
			  const char *argv0, char *const *env,
			  struct vmm_error **err)
{
	cleanup_close int rootfd = -1;
	char path[PATH_MAX];
	const char *p, *end;
	size_t len;

	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return vmm_error(err, errno, "rootfs `%s`", root);
	if (!argv0[0])
		goto missing;
	if (strchr(argv0, '/')) {
		if (argv0[0] == '/')
			snprintf(path, sizeof(path), "%s", argv0);
		else
			snprintf(path, sizeof(path), "%s/%s", cwd ? cwd : "/", argv0);
		if (vmm_exec_ok(rootfd, path))
			return 0;
		goto missing;
	}
	for (p = vmm_env_path(env);; p = end + 1) {
		end = strchrnul(p, ':');
		len = (size_t)(end - p);
		/* an empty entry means the current directory */
		if (len == 0)
			snprintf(path, sizeof(path), "%s/%s", cwd ? cwd : "/", argv0);
		else
			snprintf(path, sizeof(path), "%.*s/%s", (int)len, p, argv0);
		if (vmm_exec_ok(rootfd, path))
			return 0;
		if (!*end)
			break;
	}
missing:
	return vmm_error_status(err, 127, 0,
				"executable \"%s\" not found in the bundle's rootfs",
				argv0);
}
