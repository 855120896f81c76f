/* SPDX-License-Identifier: MIT */
/*
 * Hostcalls on paths and file metadata. Every lookup relative to a DIR
 * handle is confined to that directory: openat2() with RESOLVE_IN_ROOT and
 * RESOLVE_NO_MAGICLINKS resolves ".." and absolute symlinks inside it. Calls
 * that act on a name (fstatat, readlinkat, mkdirat, unlinkat, renameat,
 * symlinkat, linkat) resolve the parent directory that way and then use the
 * *at() call on the last component, which never follows it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vmm/hostcalls_internal.h"

/* Deepest directory nesting the openat2 fallback walks. */
#define HC_WALK_DEPTH 256

/* Open flags the sandbox may pass to HC_OPENAT. */
#define HC_OPEN_ALLOWED                                                     \
	(O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_DIRECTORY |  \
	 O_NOFOLLOW | O_NONBLOCK | O_LARGEFILE | O_SYNC | O_DSYNC |         \
	 O_CLOEXEC | O_NOCTTY)
/* Permission bits the sandbox may set on host files (no set-id bits). */
#define HC_MODE_MASK 01777

static bool hc_have_openat2 = true;

/*
 * hc_walk_fallback - resolve @path under @root without openat2: one
 * component at a time, ".." never above @root, absolute paths from @root,
 * and no symlinks (-ELOOP) except a final one the caller's flags accept.
 */
static int hc_walk_fallback(int root, const char *path, int flags, mode_t mode)
{
	int stack[HC_WALK_DEPTH];
	char buf[PATH_MAX + 1];
	char *p, *next;
	int depth = 0, cur = root, fd, err;

	if (strlen(path) > PATH_MAX)
		return -ENAMETOOLONG;
	strcpy(buf, path);
	p = buf;
	for (;;) {
		while (*p == '/')
			p++;
		next = strchr(p, '/');
		if (next) {
			*next++ = '\0';
			while (*next == '/')
				next++;
			if (!*next)
				next = NULL;
		}
		if (!next) {
			/* Last component (or none): the real open. */
			if (!*p || !strcmp(p, "."))
				fd = openat(cur, ".", flags);
			else if (!strcmp(p, ".."))
				fd = depth ? openat(cur, "..", flags) :
					     openat(cur, ".", flags);
			else
				fd = openat(cur, p, flags | O_NOFOLLOW, mode);
			err = fd < 0 ? -errno : fd;
			break;
		}
		if (!*p || !strcmp(p, ".")) {
			p = next;
			continue;
		}
		if (!strcmp(p, "..")) {
			if (depth) {
				close(cur);
				cur = stack[--depth];
			}
			p = next;
			continue;
		}
		if (depth >= HC_WALK_DEPTH) {
			err = -ENAMETOOLONG;
			break;
		}
		fd = openat(cur, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			err = -errno;
			break;
		}
		stack[depth++] = cur;
		cur = fd;
		p = next;
	}
	while (depth) {
		close(cur);
		cur = stack[--depth];
	}
	return err;
}

/* hc_resolve - open @path under directory fd @root, confined to it. fd or -errno. */
static int hc_resolve(int root, const char *path, int flags, mode_t mode)
{
	struct open_how how;
	int fd;

	if (!*path)
		path = ".";
	flags |= O_CLOEXEC;
	if (hc_have_openat2) {
		memset(&how, 0, sizeof(how));
		how.flags = (uint64_t)flags;
		how.mode = (flags & O_CREAT) ? mode : 0;
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return -errno;
		hc_have_openat2 = false;
	}
	return hc_walk_fallback(root, path, flags, mode);
}

/*
 * hc_split - split @path (modified in place) into its parent, opened
 * confined under @root as an O_PATH directory fd, and its last component
 * in *@last ("." for the root itself). Returns the parent fd or -errno.
 */
static int hc_split(int root, char *path, const char **last)
{
	size_t len = strlen(path);
	char *slash;

	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	slash = strrchr(path, '/');
	if (!slash) {
		*last = *path ? path : ".";
		return hc_resolve(root, ".", O_PATH | O_DIRECTORY, 0);
	}
	*last = slash[1] ? slash + 1 : ".";
	if (slash == path)
		return hc_resolve(root, "/", O_PATH | O_DIRECTORY, 0);
	*slash = '\0';
	return hc_resolve(root, path, O_PATH | O_DIRECTORY, 0);
}

/* hc_dotname - true for "." and "..", which *at() calls must never see. */
static bool hc_dotname(const char *s)
{
	return !strcmp(s, ".") || !strcmp(s, "..");
}

static void hc_fill_stat(struct hc_stat *o, const struct stat *st)
{
	struct hc_stat s;

	memset(&s, 0, sizeof(s));
	s.dev = st->st_dev;
	s.ino = st->st_ino;
	s.nlink = st->st_nlink;
	s.mode = st->st_mode;
	s.uid = st->st_uid;
	s.gid = st->st_gid;
	s.rdev = st->st_rdev;
	s.size = st->st_size;
	s.blksize = st->st_blksize;
	s.blocks = st->st_blocks;
	s.atime_sec = st->st_atim.tv_sec;
	s.atime_nsec = st->st_atim.tv_nsec;
	s.mtime_sec = st->st_mtim.tv_sec;
	s.mtime_nsec = st->st_mtim.tv_nsec;
	s.ctime_sec = st->st_ctim.tv_sec;
	s.ctime_nsec = st->st_ctim.tv_nsec;
	memcpy(o, &s, sizeof(s));
}

/* A directory handle and one path argument, validated. */
static int hc_dir_path(struct vmm_hostcalls *hc, uint64_t h, uint64_t pa,
		       uint64_t len, bool write_op, struct vmm_handle **vh,
		       char *path)
{
	int ret;

	*vh = hc_handle(hc, h, false, true);
	if (!*vh)
		return -EBADF;
	if (write_op && ((*vh)->flags & VMM_HANDLE_READONLY))
		return -EROFS;
	ret = hc_path(hc, pa, len, path);
	return ret;
}

/* HC_OPENAT: a0 dir, a1 path, a2 len, a3 flags, a4 mode -> handle. */
static long hc_openat(struct vmm_hostcalls *hc, struct hc_req *r)
{
	char path[PATH_MAX + 1];
	struct vmm_handle *vh;
	unsigned int hflags;
	int flags = (int)r->a[3], fd, ret;
	struct stat st;
	long h;

	if ((uint64_t)(unsigned int)flags != r->a[3] ||
	    (flags & ~HC_OPEN_ALLOWED))
		return -EINVAL;
	ret = hc_dir_path(hc, r->a[0], r->a[1], r->a[2], false, &vh, path);
	if (ret)
		return ret;
	if ((vh->flags & VMM_HANDLE_READONLY) &&
	    ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		return -EROFS;
	fd = hc_resolve(vh->fd, path, flags | O_NONBLOCK | O_NOCTTY,
			(mode_t)(r->a[4] & HC_MODE_MASK));
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto fail;
	}
	/* Only files and directories: never a host FIFO or device. */
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		ret = -ENXIO;
		goto fail;
	}
	if (!(flags & O_NONBLOCK) &&
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		ret = -errno;
		goto fail;
	}
	hflags = vh->flags & VMM_HANDLE_READONLY;
	if (S_ISDIR(st.st_mode))
		hflags |= VMM_HANDLE_DIR;
	h = hc_add(hc, fd, hflags);
	if (h < 0) {
		ret = (int)h;
		goto fail;
	}
	return h;
fail:
	close(fd);
	return ret;
}

/* HC_FSTAT: a0 handle, a1 hc_stat pa. */
static long hc_fstat(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], false, false);
	struct hc_stat *out;
	struct stat st;

	if (!vh)
		return -EBADF;
	out = hc_mem(hc, r->a[1], sizeof(*out));
	if (!out)
		return -EFAULT;
	if (fstat(vh->fd, &st) < 0)
		return -errno;
	hc_fill_stat(out, &st);
	return 0;
}

/* HC_FSTATAT: a0 dir, a1 path, a2 len, a3 nofollow, a4 hc_stat pa. */
static long hc_fstatat(struct vmm_hostcalls *hc, struct hc_req *r)
{
	char path[PATH_MAX + 1];
	struct vmm_handle *vh;
	struct hc_stat *out;
	const char *last;
	struct stat st;
	int ret, fd;

	ret = hc_dir_path(hc, r->a[0], r->a[1], r->a[2], false, &vh, path);
	if (ret)
		return ret;
	out = hc_mem(hc, r->a[4], sizeof(*out));
	if (!out)
		return -EFAULT;
	if (!r->a[3]) {
		/* Follow: openat2 resolves every symlink inside the root. */
		fd = hc_resolve(vh->fd, path, O_PATH, 0);
		if (fd < 0)
			return fd;
		ret = fstat(fd, &st) < 0 ? -errno : 0;
	} else {
		fd = hc_split(vh->fd, path, &last);
		if (fd < 0)
			return fd;
		if (hc_dotname(last)) {
			int d = hc_resolve(fd, last, O_PATH, 0);

			close(fd);
			if (d < 0)
				return d;
			fd = d;
			ret = fstat(fd, &st) < 0 ? -errno : 0;
		} else {
			ret = fstatat(fd, last, &st, AT_SYMLINK_NOFOLLOW) < 0 ?
				      -errno : 0;
		}
	}
	close(fd);
	if (!ret)
		hc_fill_stat(out, &st);
	return ret;
}

/* HC_GETDENTS: a0 dir handle, a1 buf pa, a2 len -> bytes. */
static long hc_getdents(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], false, true);
	uint64_t len = r->a[2];
	void *buf;
	long n;

	if (!vh)
		return -EBADF;
	if (len > VMM_HC_MAX_IO)
		len = VMM_HC_MAX_IO;
	buf = hc_mem(hc, r->a[1], len);
	if (!buf)
		return -EFAULT;
	n = syscall(SYS_getdents64, vh->fd, buf, (size_t)len);
	return n < 0 ? -errno : n;
}

/* HC_READLINKAT: a0 dir, a1 path, a2 len, a3 buf pa, a4 buf len -> bytes. */
static long hc_readlinkat(struct vmm_hostcalls *hc, struct hc_req *r)
{
	char path[PATH_MAX + 1];
	struct vmm_handle *vh;
	const char *last;
	uint64_t len = r->a[4];
	ssize_t n;
	char *buf;
	int ret, fd;

	ret = hc_dir_path(hc, r->a[0], r->a[1], r->a[2], false, &vh, path);
	if (ret)
		return ret;
	if (len > PATH_MAX)
		len = PATH_MAX;
	buf = hc_mem(hc, r->a[3], len);
	if (!buf)
		return -EFAULT;
	fd = hc_split(vh->fd, path, &last);
	if (fd < 0)
		return fd;
	if (hc_dotname(last))
		n = -EINVAL;
	else if ((n = readlinkat(fd, last, buf, len)) < 0)
		n = -errno;
	close(fd);
	return n;
}

/* HC_MKDIRAT (a3 mode) and HC_UNLINKAT (a3 flags): a0 dir, a1 path, a2 len. */
static long hc_mkdir_unlink(struct vmm_hostcalls *hc, struct hc_req *r)
{
	char path[PATH_MAX + 1];
	struct vmm_handle *vh;
	const char *last;
	int ret, fd;

	if (r->nr == HC_UNLINKAT && (r->a[3] & ~(uint64_t)AT_REMOVEDIR))
		return -EINVAL;
	ret = hc_dir_path(hc, r->a[0], r->a[1], r->a[2], true, &vh, path);
	if (ret)
		return ret;
	fd = hc_split(vh->fd, path, &last);
	if (fd < 0)
		return fd;
	if (hc_dotname(last))
		ret = r->nr == HC_MKDIRAT ? -EEXIST : -EINVAL;
	else if (r->nr == HC_MKDIRAT)
		ret = mkdirat(fd, last, (mode_t)(r->a[3] & HC_MODE_MASK)) < 0 ?
			      -errno : 0;
	else
		ret = unlinkat(fd, last, (int)r->a[3]) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * HC_RENAMEAT and HC_LINKAT: a0 old dir, a1/a2 old path, a3 new dir,
 * a4/a5 new path.
 */
static long hc_rename_link(struct vmm_hostcalls *hc, struct hc_req *r)
{
	char opath[PATH_MAX + 1], npath[PATH_MAX + 1];
	struct vmm_handle *ovh, *nvh;
	const char *olast, *nlast;
	int ret, ofd, nfd;

	ret = hc_dir_path(hc, r->a[0], r->a[1], r->a[2], true, &ovh, opath);
	if (ret)
		return ret;
	ret = hc_dir_path(hc, r->a[3], r->a[4], r->a[5], true, &nvh, npath);
	if (ret)
		return ret;
	ofd = hc_split(ovh->fd, opath, &olast);
	if (ofd < 0)
		return ofd;
	nfd = hc_split(nvh->fd, npath, &nlast);
	if (nfd < 0) {
		close(ofd);
		return nfd;
	}
	if (hc_dotname(olast) || hc_dotname(nlast))
		ret = r->nr == HC_RENAMEAT ? -EBUSY : -EPERM;
	else if (r->nr == HC_RENAMEAT)
		ret = renameat(ofd, olast, nfd, nlast) < 0 ? -errno : 0;
	else
		ret = linkat(ofd, olast, nfd, nlast, 0) < 0 ? -errno : 0;
	close(ofd);
	close(nfd);
	return ret;
}

/* HC_SYMLINKAT: a0 target pa, a1 target len, a2 dir, a3 path pa, a4 len. */
static long hc_symlinkat(struct vmm_hostcalls *hc, struct hc_req *r)
{
	char target[PATH_MAX + 1], path[PATH_MAX + 1];
	struct vmm_handle *vh;
	const char *last;
	int ret, fd;

	ret = hc_dir_path(hc, r->a[2], r->a[3], r->a[4], true, &vh, path);
	if (ret)
		return ret;
	ret = hc_path(hc, r->a[0], r->a[1], target);
	if (ret)
		return ret;
	if (!*target)
		return -ENOENT;
	fd = hc_split(vh->fd, path, &last);
	if (fd < 0)
		return fd;
	if (hc_dotname(last))
		ret = -EEXIST;
	else
		ret = symlinkat(target, fd, last) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

/* HC_FCHMOD, HC_FCHOWN, HC_UTIMENS on an open handle. */
static long hc_setattr(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], false, false);
	struct hc_timespec *hts;
	struct timespec ts[2];
	int ret, i;

	if (!vh)
		return -EBADF;
	if (vh->flags & VMM_HANDLE_READONLY)
		return -EROFS;
	switch (r->nr) {
	case HC_FCHMOD:
		if (r->a[1] & ~(uint64_t)07777)
			return -EINVAL;
		ret = fchmod(vh->fd, (mode_t)(r->a[1] & HC_MODE_MASK));
		break;
	case HC_FCHOWN:
		if (r->a[1] > UINT32_MAX || r->a[2] > UINT32_MAX)
			return -EINVAL;
		ret = fchown(vh->fd, (uid_t)r->a[1], (gid_t)r->a[2]);
		break;
	default:
		hts = hc_mem(hc, r->a[1], 2 * sizeof(*hts));
		if (!hts)
			return -EFAULT;
		for (i = 0; i < 2; i++) {
			struct hc_timespec t;

			memcpy(&t, &hts[i], sizeof(t));
			ts[i].tv_sec = t.sec;
			ts[i].tv_nsec = t.nsec;
		}
		ret = futimens(vh->fd, ts);
		break;
	}
	return ret < 0 ? -errno : 0;
}

/* hc_fs_call - see hostcalls_internal.h. */
long hc_fs_call(struct vmm_hostcalls *hc, struct hc_req *r)
{
	switch (r->nr) {
	case HC_OPENAT:
		return hc_openat(hc, r);
	case HC_FSTAT:
		return hc_fstat(hc, r);
	case HC_FSTATAT:
		return hc_fstatat(hc, r);
	case HC_GETDENTS:
		return hc_getdents(hc, r);
	case HC_READLINKAT:
		return hc_readlinkat(hc, r);
	case HC_MKDIRAT:
	case HC_UNLINKAT:
		return hc_mkdir_unlink(hc, r);
	case HC_RENAMEAT:
	case HC_LINKAT:
		return hc_rename_link(hc, r);
	case HC_SYMLINKAT:
		return hc_symlinkat(hc, r);
	case HC_FCHMOD:
	case HC_FCHOWN:
	case HC_UTIMENS:
		return hc_setattr(hc, r);
	default:
		return -ENOSYS;
	}
}
