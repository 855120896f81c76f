/* SPDX-License-Identifier: MIT */
/*
 * t_file - file system calls in a fresh directory under /tmp (or
 * $T_TMPDIR): open/creat/read/write/lseek/pread/pwrite/ftruncate/fstat/
 * stat/unlink/rename/mkdir/rmdir/getdents64, O_APPEND, O_EXCL, errno
 * values, dup/dup2/dup3/fcntl.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gtap.h"

static char dir[PATH_MAX / 2];

static const char *p(const char *name)
{
	static char buf[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void test_rw(void)
{
	char buf[64] = { 0 };
	struct stat st;
	int fd;

	fd = open(p("a"), O_RDWR | O_CREAT | O_TRUNC, 0640);
	if (!ok_sys(fd, "open O_CREAT"))
		return;
	ok(write(fd, "hello world", 11) == 11, "write 11 bytes");
	ok(lseek(fd, 0, SEEK_CUR) == 11, "offset is 11");
	ok(lseek(fd, 0, SEEK_SET) == 0, "lseek SEEK_SET 0");
	ok(read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0, "read back");
	ok(lseek(fd, -5, SEEK_END) == 6, "lseek SEEK_END -5");
	ok(read(fd, buf, sizeof(buf)) == 5 && memcmp(buf, "world", 5) == 0,
	   "read to end");
	ok(read(fd, buf, sizeof(buf)) == 0, "read at EOF is 0");
	ok_errno(lseek(fd, -100, SEEK_SET), EINVAL, "negative offset is EINVAL");
	ok(pwrite(fd, "W", 1, 6) == 1, "pwrite");
	ok(pread(fd, buf, 5, 6) == 5 && memcmp(buf, "World", 5) == 0, "pread");
	ok(lseek(fd, 0, SEEK_CUR) == 11, "pread/pwrite leave the offset");
	ok_sys(fstat(fd, &st), "fstat");
	ok(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0640,
	   "regular file, mode 0640");
	ok(st.st_size == 11 && st.st_nlink == 1, "size 11, one link");
	ok_sys(ftruncate(fd, 3), "ftruncate to 3");
	fstat(fd, &st);
	ok(st.st_size == 3, "size is 3");
	ok_sys(ftruncate(fd, 10000), "ftruncate to 10000");
	memset(buf, 'x', sizeof(buf));
	ok(pread(fd, buf, 4, 5000) == 4 && memcmp(buf, "\0\0\0\0", 4) == 0,
	   "extension reads as zeros");
	ok(lseek(fd, 20000, SEEK_SET) == 20000 && write(fd, "e", 1) == 1,
	   "write past EOF");
	fstat(fd, &st);
	ok(st.st_size == 20001, "hole extends the file");
	close(fd);
	ok_errno(read(fd, buf, 1), EBADF, "read on a closed fd is EBADF");
	ok_errno(close(fd), EBADF, "close twice is EBADF");

	ok_sys(stat(p("a"), &st), "stat by path");
	ok(st.st_size == 20001, "stat agrees");
	ok_errno(stat(p("missing"), &st), ENOENT, "stat of a missing file");
	ok_errno(open(p("missing"), O_RDONLY), ENOENT, "open of a missing file");
	ok_errno(open(p("a/b"), O_RDONLY), ENOTDIR, "a file as a directory");
	ok_errno(open(p("a"), O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST,
		 "O_EXCL on an existing file is EEXIST");
}

static void test_append(void)
{
	char buf[32] = { 0 };
	int fd;

	fd = creat(p("log"), 0600);
	if (!ok_sys(fd, "creat"))
		return;
	ok(write(fd, "one\n", 4) == 4, "write first line");
	close(fd);
	fd = open(p("log"), O_WRONLY | O_APPEND);
	ok(lseek(fd, 0, SEEK_SET) == 0, "seek to start");
	ok(write(fd, "two\n", 4) == 4, "O_APPEND write");
	ok(lseek(fd, 0, SEEK_CUR) == 8, "O_APPEND writes at the end");
	ok_errno(read(fd, buf, 1), EBADF, "read on O_WRONLY is EBADF");
	close(fd);
	fd = open(p("log"), O_RDONLY);
	ok(read(fd, buf, sizeof(buf)) == 8 && memcmp(buf, "one\ntwo\n", 8) == 0,
	   "file has both lines");
	ok_errno(write(fd, "x", 1), EBADF, "write on O_RDONLY is EBADF");
	close(fd);
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct ldirent {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static void test_dirs(void)
{
	static char dbuf[4096];
	char *names[16], all[256] = "";
	int fd, n = 0, i, types_ok = 1;
	long r;

	ok_sys(mkdir(p("d"), 0755), "mkdir");
	ok_errno(mkdir(p("d"), 0755), EEXIST, "mkdir twice is EEXIST");
	ok_errno(mkdir(p("nodir/x"), 0755), ENOENT, "mkdir under a missing dir");
	close(open(p("d/f1"), O_CREAT | O_WRONLY, 0600));
	close(open(p("d/f2"), O_CREAT | O_WRONLY, 0600));
	mkdir(p("d/sub"), 0700);
	ok_errno(rmdir(p("d")), ENOTEMPTY, "rmdir of a non-empty dir");

	fd = open(p("d"), O_RDONLY | O_DIRECTORY);
	if (!ok_sys(fd, "open a directory"))
		return;
	while ((r = syscall(SYS_getdents64, fd, dbuf, sizeof(dbuf))) > 0) {
		long off = 0;

		while (off < r && n < 16) {
			struct ldirent *d = (struct ldirent *)(dbuf + off);

			names[n++] = strdup(d->name);
			if (strcmp(d->name, "sub") == 0 && d->type != DT_DIR)
				types_ok = 0;
			if (d->name[0] == 'f' && d->type != DT_REG)
				types_ok = 0;
			off += d->reclen;
		}
	}
	ok(r == 0, "getdents64 ends with 0");
	qsort(names, n, sizeof(names[0]), cmpstr);
	for (i = 0; i < n; i++) {
		strcat(all, names[i]);
		strcat(all, " ");
		free(names[i]);
	}
	if (!ok(strcmp(all, ". .. f1 f2 sub ") == 0, "directory listing"))
		diag("got '%s'", all);
	ok(types_ok, "d_type of files and directories");
	close(fd);
	ok_errno(read(open(p("d"), O_RDONLY), dbuf, 1), EISDIR,
		 "read on a directory is EISDIR");

	ok_sys(rename(p("d/f1"), p("d/g1")), "rename");
	ok_errno(access(p("d/f1"), F_OK), ENOENT, "old name is gone");
	ok(access(p("d/g1"), F_OK) == 0, "new name exists");
	ok_sys(rename(p("d/g1"), p("d/f2")), "rename over an existing file");
	ok_errno(unlink(p("d/g1")), ENOENT, "unlink of a missing name");
	ok_errno(unlink(p("d/sub")), EISDIR, "unlink of a directory is EISDIR");
	ok_errno(rmdir(p("d/f2")), ENOTDIR, "rmdir of a file is ENOTDIR");
	ok_sys(unlink(p("d/f2")), "unlink");
	ok_sys(rmdir(p("d/sub")), "rmdir sub");
	ok_sys(rmdir(p("d")), "rmdir");
}

static void test_dup(void)
{
	char buf[8] = { 0 };
	int fd, d, d2;

	fd = open(p("dup"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (!ok_sys(fd, "open for dup"))
		return;
	d = dup(fd);
	ok(d > fd, "dup returns a new fd");
	ok(write(fd, "abcd", 4) == 4, "write via the original");
	ok(lseek(d, 0, SEEK_CUR) == 4, "dups share the offset");
	ok(dup2(fd, 50) == 50, "dup2 to 50");
	ok(dup2(fd, 50) == 50, "dup2 onto an open target");
	ok(dup2(fd, fd) == fd, "dup2 to the same fd");
	ok_errno(dup2(fd, -1), EBADF, "dup2 to -1 is EBADF");
	ok_errno(dup(1000), EBADF, "dup of an unopened fd is EBADF");
	ok_errno(dup3(fd, fd, 0), EINVAL, "dup3 to the same fd is EINVAL");
	d2 = fcntl(fd, F_DUPFD_CLOEXEC, 60);
	ok(d2 >= 60, "F_DUPFD_CLOEXEC allocates at or above 60");
	ok(fcntl(d2, F_GETFD) == FD_CLOEXEC, "and sets FD_CLOEXEC");
	ok(fcntl(d, F_GETFD) == 0, "dup clears FD_CLOEXEC");
	ok(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
	   "F_SETFD");
	ok((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "F_GETFL is O_RDWR");
	ok(fcntl(fd, F_SETFL, O_APPEND) == 0 &&
	   (fcntl(d, F_GETFL) & O_APPEND), "F_SETFL O_APPEND shows in the dup");
	ok(pread(50, buf, 4, 0) == 4 && memcmp(buf, "abcd", 4) == 0,
	   "read via the dup2 fd");
	close(50);
	close(d2);
	close(d);
	close(fd);
	ok_errno(fcntl(fd, F_GETFD), EBADF, "fcntl on a closed fd");
	unlink(p("dup"));
}

static void test_openat(void)
{
	struct stat st;
	int dfd, fd;

	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (!ok_sys(dfd, "open the test directory"))
		return;
	fd = openat(dfd, "rel", O_CREAT | O_WRONLY, 0644);
	ok_sys(fd, "openat relative to a directory fd");
	close(fd);
	ok(fstatat(dfd, "rel", &st, 0) == 0 && S_ISREG(st.st_mode), "fstatat");
	ok_sys(unlinkat(dfd, "rel", 0), "unlinkat");
	ok_errno(openat(dfd, "rel", O_RDONLY), ENOENT, "gone after unlinkat");
	ok_sys(chdir(dir), "chdir");
	fd = open("cwdfile", O_CREAT | O_WRONLY, 0600);
	ok_sys(fd, "open relative to the cwd");
	close(fd);
	ok(fstatat(dfd, "cwdfile", &st, 0) == 0, "cwd-relative file is there");
	unlink("cwdfile");
	chdir("/");
	close(dfd);
}

static void test_unlink_open(void)
{
	char buf[4] = { 0 };
	int fd;

	fd = open(p("tmpf"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "keep", 4);
	ok_sys(unlink(p("tmpf")), "unlink an open file");
	ok(pread(fd, buf, 4, 0) == 4 && memcmp(buf, "keep", 4) == 0,
	   "data stays readable through the fd");
	close(fd);
}

int main(void)
{
	const char *base = getenv("T_TMPDIR");

	snprintf(dir, sizeof(dir), "%s/t_file.XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp under /tmp");
		return done();
	}
	umask(022);
	test_rw();
	test_append();
	test_dirs();
	test_dup();
	test_openat();
	test_unlink_open();
	unlink(p("a"));
	unlink(p("log"));
	ok_sys(rmdir(dir), "remove the test directory");
	return done();
}
