// SPDX-License-Identifier: MIT
/*
 * t_openat2.c - openat2: struct open_how size rules (EINVAL, E2BIG,
 * zero-extended tails), flag/mode/resolve validation, RESOLVE_BENEATH,
 * RESOLVE_IN_ROOT, RESOLVE_NO_SYMLINKS, RESOLVE_NO_MAGICLINKS,
 * RESOLVE_NO_XDEV and RESOLVE_CACHED. Works in $T_TMPDIR (or /tmp).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gtap.h"

static long openat2_raw(int dirfd, const char *path, const void *how, size_t size)
{
	return syscall(SYS_openat2, dirfd, path, how, size);
}

static long oa2(int dirfd, const char *path, uint64_t flags, uint64_t resolve)
{
	struct open_how how = { .flags = flags, .resolve = resolve };

	return openat2_raw(dirfd, path, &how, sizeof(how));
}

/* Does @fd name the same file as @path? Closes @fd. */
static int same_file(long fd, const char *path)
{
	struct stat a, b;
	int r;

	if (fd < 0)
		return 0;
	r = fstat((int)fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev;
	close((int)fd);
	return r;
}

static void test_validation(void)
{
	struct open_how how = { .flags = O_RDONLY };
	struct {
		struct open_how how;
		uint64_t extra;
	} big = { .how = { .flags = O_RDONLY } };

	ok_errno(openat2_raw(AT_FDCWD, ".", &how, 0), EINVAL, "size 0 is EINVAL");
	ok_errno(openat2_raw(AT_FDCWD, ".", &how, 23), EINVAL, "size under 24 is EINVAL");
	ok_errno(openat2_raw(AT_FDCWD, ".", &big, 4097), E2BIG, "size over a page is E2BIG");
	big.extra = 1;
	ok_errno(openat2_raw(AT_FDCWD, ".", &big, sizeof(big)), E2BIG,
		 "non-zero bytes past the known struct are E2BIG");
	big.extra = 0;
	ok(same_file(openat2_raw(AT_FDCWD, ".", &big, sizeof(big)), "."),
	   "a longer struct with a zero tail is accepted");
	ok_errno(openat2_raw(AT_FDCWD, ".", NULL, sizeof(how)), EFAULT, "NULL how is EFAULT");
	ok_errno(oa2(AT_FDCWD, ".", 1ULL << 40, 0), EINVAL, "unknown flag bits are EINVAL");
	ok_errno(oa2(AT_FDCWD, ".", O_RDONLY, 0x40), EINVAL, "unknown resolve bits are EINVAL");
	ok_errno(oa2(AT_FDCWD, ".", O_RDONLY, RESOLVE_BENEATH | RESOLVE_IN_ROOT), EINVAL,
		 "RESOLVE_BENEATH with RESOLVE_IN_ROOT is EINVAL");
	how.mode = 0644;
	ok_errno(openat2_raw(AT_FDCWD, "f", &how, sizeof(how)), EINVAL,
		 "a mode without O_CREAT is EINVAL");
	how.flags = O_CREAT | O_WRONLY;
	how.mode = 010644;
	ok_errno(openat2_raw(AT_FDCWD, "f", &how, sizeof(how)), EINVAL,
		 "mode bits beyond 07777 are EINVAL");
	ok_errno(oa2(AT_FDCWD, ".", O_PATH | O_RDWR, 0), EINVAL,
		 "O_PATH with other access flags is EINVAL");
	ok_errno(oa2(AT_FDCWD, "new", O_CREAT | O_WRONLY, RESOLVE_CACHED), EAGAIN,
		 "RESOLVE_CACHED with O_CREAT is EAGAIN");
	how.mode = 0600;
	how.flags = O_CREAT | O_EXCL | O_WRONLY;
	long fd = openat2_raw(AT_FDCWD, "made", &how, sizeof(how));
	struct stat st;

	ok(fd >= 0 && fstat((int)fd, &st) == 0 && (st.st_mode & 07777) == 0600 &&
	   S_ISREG(st.st_mode), "O_CREAT with a mode creates the file");
	close((int)fd);
	unlink("made");
}

static void test_resolve(void)
{
	char self[64];
	int r, fd;
	long x;

	mkdir("r", 0755);
	mkdir("r/sub", 0755);
	close(open("r/f", O_CREAT | O_WRONLY, 0644));
	close(open("outside", O_CREAT | O_WRONLY, 0644));
	symlink("f", "r/rel");
	symlink("/f", "r/abs");
	symlink("../outside", "r/up");
	r = open("r", O_PATH | O_DIRECTORY);

	ok(same_file(oa2(r, "f", O_RDONLY, RESOLVE_BENEATH), "r/f"), "BENEATH: a name below");
	ok(same_file(oa2(r, "sub/../f", O_RDONLY, RESOLVE_BENEATH), "r/f"),
	   "BENEATH: .. that stays below");
	ok_errno(oa2(r, "../outside", O_RDONLY, RESOLVE_BENEATH), EXDEV,
		 "BENEATH: .. above the start is EXDEV");
	ok_errno(oa2(r, "/etc", O_RDONLY, RESOLVE_BENEATH), EXDEV,
		 "BENEATH: an absolute path is EXDEV");
	ok_errno(oa2(r, "abs", O_RDONLY, RESOLVE_BENEATH), EXDEV,
		 "BENEATH: an absolute symlink is EXDEV");
	ok_errno(oa2(r, "up", O_RDONLY, RESOLVE_BENEATH), EXDEV,
		 "BENEATH: a symlink leading above is EXDEV");
	ok(same_file(oa2(r, "rel", O_RDONLY, RESOLVE_BENEATH), "r/f"),
	   "BENEATH: a relative symlink below");

	ok(same_file(oa2(r, "/f", O_RDONLY, RESOLVE_IN_ROOT), "r/f"),
	   "IN_ROOT: / is the start directory");
	ok(same_file(oa2(r, "../../f", O_RDONLY, RESOLVE_IN_ROOT), "r/f"),
	   "IN_ROOT: .. stops at the start directory");
	ok(same_file(oa2(r, "abs", O_RDONLY, RESOLVE_IN_ROOT), "r/f"),
	   "IN_ROOT: an absolute symlink resolves inside");
	ok_errno(oa2(r, "up", O_RDONLY, RESOLVE_IN_ROOT), ENOENT,
		 "IN_ROOT: a symlink's .. stays inside (ENOENT here)");

	ok_errno(oa2(r, "rel", O_RDONLY, RESOLVE_NO_SYMLINKS), ELOOP,
		 "NO_SYMLINKS: a symlink is ELOOP");
	x = oa2(r, "rel", O_PATH | O_NOFOLLOW, RESOLVE_NO_SYMLINKS);
	ok(x >= 0, "NO_SYMLINKS: O_PATH|O_NOFOLLOW opens the link itself");
	close((int)x);
	ok(same_file(oa2(r, "f", O_RDONLY, RESOLVE_NO_SYMLINKS), "r/f"),
	   "NO_SYMLINKS: no symlink, no error");

	fd = open("r/f", O_RDONLY);
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	ok_errno(oa2(AT_FDCWD, self, O_RDONLY, RESOLVE_NO_MAGICLINKS), ELOOP,
		 "NO_MAGICLINKS: /proc/self/fd/N is ELOOP");
	ok(same_file(oa2(AT_FDCWD, self, O_RDONLY, 0), "r/f"),
	   "without it the magic link opens the file");
	close(fd);
	ok_errno(oa2(AT_FDCWD, "/proc/self", O_RDONLY | O_DIRECTORY, RESOLVE_NO_XDEV), EXDEV,
		 "NO_XDEV: crossing into /proc is EXDEV");
	ok(same_file(oa2(r, "sub/../f", O_RDONLY, RESOLVE_NO_XDEV), "r/f"),
	   "NO_XDEV: a walk within one mount");

	ok(same_file(oa2(r, "f", O_RDONLY, RESOLVE_CACHED), "r/f"),
	   "RESOLVE_CACHED: a cached name opens");
	ok_errno(oa2(r, "f", O_WRONLY | O_TRUNC, RESOLVE_CACHED), EAGAIN,
		 "RESOLVE_CACHED with O_TRUNC is EAGAIN");
	ok_errno(oa2(r, "missing", O_RDONLY, 0), ENOENT, "a missing name is ENOENT");

	close(r);
	unlink("r/rel");
	unlink("r/abs");
	unlink("r/up");
	unlink("r/f");
	rmdir("r/sub");
	rmdir("r");
	unlink("outside");
}

int main(void)
{
	const char *base = getenv("T_TMPDIR");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/t_openat2.d", base ? base : "/tmp");
	mkdir(dir, 0755);
	if (chdir(dir)) {
		printf("Bail out! cannot chdir to the test directory\n");
		return 1;
	}
	test_validation();
	test_resolve();
	chdir("/");
	rmdir(dir);
	return done();
}
