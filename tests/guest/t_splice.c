/* SPDX-License-Identifier: MIT */
/*
 * t_splice - splice (file->pipe->file, offsets, errors), tee, vmsplice,
 * fallocate (extend, KEEP_SIZE, PUNCH_HOLE seen through a shared mapping),
 * preadv2/pwritev2 (offset -1, RWF_APPEND), the old getdents record,
 * utime/futimesat, sync_file_range/syncfs/readahead. In $T_TMPDIR or /tmp.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include <utime.h>

#include "gtap.h"

static char dir[256];

static const char *at(const char *name)
{
	static char buf[2][512];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static void test_splice(void)
{
	int p[2], fd, fd2;
	loff_t off = 2;
	char buf[32] = "";

	fd = open(at("src"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	fd2 = open(at("dst"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fd2 < 0 || pipe(p)) {
		ok(0, "setup");
		return;
	}
	ok(write(fd, "0123456789", 10) == 10, "source file");
	ok(splice(fd, &off, p[1], NULL, 5, 0) == 5 && off == 7,
	   "splice file@2 -> pipe: 5 bytes, offset moved");
	ok(lseek(fd, 0, SEEK_CUR) == 10, "file position untouched");
	ok(read(p[0], buf, 32) == 5 && !memcmp(buf, "23456", 5),
	   "pipe holds the file bytes");
	ok(write(p[1], "HELLO", 5) == 5, "fill the pipe");
	off = 3;
	ok(splice(p[0], NULL, fd2, &off, 100, SPLICE_F_MOVE) == 5 && off == 8,
	   "splice pipe -> file@3");
	memset(buf, 0, sizeof(buf));
	ok(pread(fd2, buf, 32, 0) == 8 && !memcmp(buf, "\0\0\0HELLO", 8),
	   "file got the pipe bytes");
	lseek(fd, 0, SEEK_SET);
	ok(splice(fd, NULL, p[1], NULL, 4, SPLICE_F_MORE) == 4 &&
		   lseek(fd, 0, SEEK_CUR) == 4,
	   "splice without offset uses the file position");
	ok(splice(p[0], NULL, fd2, NULL, 4, 0) == 4, "and back to a file");
	ok_errno(splice(p[0], &off, fd2, NULL, 4, 0), ESPIPE,
		 "offset on the pipe side: ESPIPE");
	ok_errno(splice(fd, NULL, fd2, NULL, 4, 0), EINVAL,
		 "no pipe at all: EINVAL");
	ok_errno(splice(p[0], NULL, fd2, NULL, 4, SPLICE_F_NONBLOCK), EAGAIN,
		 "empty pipe with SPLICE_F_NONBLOCK: EAGAIN");
	ok_errno(splice(p[0], NULL, p[1], NULL, 4, 0), EINVAL,
		 "a pipe into itself: EINVAL");
	close(p[1]);
	ok(splice(p[0], NULL, fd2, NULL, 4, 0) == 0,
	   "empty pipe without writers: 0");
	close(p[0]);
	close(fd);
	close(fd2);
}

static void test_tee_vmsplice(void)
{
	int a[2], b[2];
	char buf[16] = "", x[2] = "", y[3] = "";
	char ab[] = "ab", cde[] = "cde";
	struct iovec iov[2] = { { ab, 2 }, { cde, 3 } };
	struct iovec out[2] = { { x, 2 }, { y, 3 } };

	if (pipe(a) || pipe(b)) {
		ok(0, "pipes");
		return;
	}
	ok(write(a[1], "tee!", 4) == 4, "fill pipe a");
	ok(tee(a[0], b[1], 100, 0) == 4, "tee a -> b: 4 bytes");
	ok(read(b[0], buf, 16) == 4 && !memcmp(buf, "tee!", 4),
	   "b has a copy");
	ok(read(a[0], buf, 16) == 4 && !memcmp(buf, "tee!", 4),
	   "a still has its data");
	ok_errno(tee(a[0], b[1], 4, SPLICE_F_NONBLOCK), EAGAIN,
		 "tee from an empty pipe, nonblocking: EAGAIN");
	ok_errno(tee(a[0], a[1], 4, 0), EINVAL, "tee into itself: EINVAL");
	ok(write(a[1], "mv", 2) == 2 && splice(a[0], NULL, b[1], NULL, 8, 0) == 2 &&
		   read(b[0], buf, 16) == 2 && !memcmp(buf, "mv", 2),
	   "splice pipe -> pipe moves");
	ok(vmsplice(a[1], iov, 2, 0) == 5, "vmsplice 2 iovecs into a pipe");
	ok(read(a[0], buf, 16) == 5 && !memcmp(buf, "abcde", 5),
	   "pipe holds the iovecs' bytes");
	ok(write(a[1], "12345", 5) == 5 && vmsplice(a[0], out, 2, 0) == 5 &&
		   !memcmp(x, "12", 2) && !memcmp(y, "345", 3),
	   "vmsplice out of a pipe into iovecs");
	ok_errno(vmsplice(a[0], out, 2, SPLICE_F_NONBLOCK), EAGAIN,
		 "vmsplice from an empty pipe, nonblocking: EAGAIN");
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

static int all(const unsigned char *p, size_t n, unsigned char c)
{
	while (n--)
		if (*p++ != c)
			return 0;
	return 1;
}

static void test_fallocate(void)
{
	static unsigned char buf[3 * 4096];
	struct stat st;
	unsigned char *m;
	int fd = open(at("fa"), O_RDWR | O_CREAT | O_TRUNC, 0600), p[2];

	if (fd < 0 || pipe(p)) {
		ok(0, "setup");
		return;
	}
	ok(write(fd, "0123456789", 10) == 10, "10 bytes");
	ok_sys(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 65536),
	       "fallocate KEEP_SIZE");
	ok(fstat(fd, &st) == 0 && st.st_size == 10, "size unchanged");
	ok_sys(fallocate(fd, 0, 0, 20000), "fallocate mode 0");
	ok(fstat(fd, &st) == 0 && st.st_size == 20000, "size extended");
	ok(pread(fd, buf, 100, 10) == 100 && all(buf, 100, 0),
	   "extension reads as zeros");

	memset(buf, 'A', sizeof(buf));
	ok(ftruncate(fd, 0) == 0 && pwrite(fd, buf, sizeof(buf), 0) ==
						    (ssize_t)sizeof(buf),
	   "three pages of 'A'");
	m = mmap(NULL, sizeof(buf), PROT_READ, MAP_SHARED, fd, 0);
	ok(m != MAP_FAILED && m[5000] == 'A', "mapped shared");
	ok_sys(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100,
			 8192),
	       "punch [100, 8292)");
	ok(pread(fd, buf, sizeof(buf), 0) == (ssize_t)sizeof(buf) &&
		   all(buf, 100, 'A') && all(buf + 100, 8192, 0) &&
		   all(buf + 8292, sizeof(buf) - 8292, 'A'),
	   "hole reads as zeros, the rest intact");
	ok(m != MAP_FAILED && m[99] == 'A' && m[100] == 0 && m[5000] == 0 &&
		   m[8291] == 0 && m[8292] == 'A',
	   "the mapping sees the hole");
	if (m != MAP_FAILED)
		munmap(m, sizeof(buf));
	ok(fstat(fd, &st) == 0 && st.st_size == (off_t)sizeof(buf),
	   "punching keeps the size");
	ok_errno(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP,
		 "PUNCH_HOLE without KEEP_SIZE: EOPNOTSUPP");
	ok_errno(fallocate(fd, 0, 0, 0), EINVAL, "zero length: EINVAL");
	ok_errno(fallocate(fd, 0, -1, 10), EINVAL, "negative offset: EINVAL");
	ok_errno(fallocate(p[1], 0, 0, 10), ESPIPE, "pipe: ESPIPE");
	ok_errno(fallocate(p[0], 0, 0, 10), EBADF, "read end: EBADF");
	ok_errno(fallocate(-1, 0, 0, 10), EBADF, "bad fd: EBADF");
	close(p[0]);
	close(p[1]);
	close(fd);
}

static void test_rwv2(void)
{
	char a[4] = "", b[4] = "";
	struct iovec iov[2] = { { a, 3 }, { b, 3 } };
	char xy[] = "XY";
	struct iovec w = { xy, 2 };
	int fd = open(at("rw"), O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0) {
		ok(0, "setup");
		return;
	}
	ok(write(fd, "abcdefghij", 10) == 10, "10 bytes");
	lseek(fd, 2, SEEK_SET);
	ok(preadv2(fd, iov, 2, -1, 0) == 6 && !memcmp(a, "cde", 3) &&
		   !memcmp(b, "fgh", 3),
	   "preadv2 at -1 reads at the position");
	ok(lseek(fd, 0, SEEK_CUR) == 8, "and moves it");
	ok(preadv2(fd, iov, 1, 0, RWF_HIPRI) == 3 && !memcmp(a, "abc", 3) &&
		   lseek(fd, 0, SEEK_CUR) == 8,
	   "preadv2 at 0 leaves the position");
	ok(pwritev2(fd, &w, 1, 0, RWF_APPEND) == 2, "pwritev2 RWF_APPEND");
	ok(pread(fd, a, 3, 9) == 3 && !memcmp(a, "jXY", 3),
	   "RWF_APPEND wrote at the end");
	ok(pwritev2(fd, &w, 1, 0, RWF_SYNC | RWF_DSYNC) == 2 &&
		   pread(fd, a, 2, 0) == 2 && !memcmp(a, "XY", 2),
	   "pwritev2 RWF_SYNC at 0");
	ok_errno(preadv2(fd, iov, 1, -1, 0x10000), EOPNOTSUPP,
		 "unknown RWF flag: EOPNOTSUPP");
	ok_errno(preadv2(fd, iov, 1, -2, 0), EINVAL, "offset -2: EINVAL");
	ok(sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) == 0,
	   "sync_file_range");
	ok_errno(sync_file_range(fd, 0, 0, 8), EINVAL,
		 "sync_file_range bad flags: EINVAL");
	ok_errno(sync_file_range(fd, -1, 0, 0), EINVAL,
		 "sync_file_range negative offset: EINVAL");
	ok(syncfs(fd) == 0, "syncfs");
	ok(readahead(fd, 0, 4096) == 0, "readahead");
	close(fd);
}

struct old_dirent {
	unsigned long d_ino, d_off;
	unsigned short d_reclen;
	char d_name[];
};

static void test_getdents(void)
{
	char buf[4096];
	int fd, found = 0, types_ok = 1;
	long n, pos;

	close(open(at("gd/file"), O_CREAT | O_WRONLY, 0600));
	fd = open(at("gd"), O_RDONLY | O_DIRECTORY);
	n = syscall(SYS_getdents, fd, buf, sizeof(buf));
	ok(n > 0, "getdents");
	for (pos = 0; pos < n;) {
		struct old_dirent *d = (void *)(buf + pos);
		char type = buf[pos + d->d_reclen - 1];

		if (!strcmp(d->d_name, "file")) {
			found++;
			types_ok &= type == DT_REG;
		} else if (!strcmp(d->d_name, ".") ||
			   !strcmp(d->d_name, "..")) {
			found++;
			types_ok &= type == DT_DIR;
		}
		if (d->d_reclen % 8 || !d->d_ino)
			types_ok = 0;
		pos += d->d_reclen;
	}
	ok(found == 3 && pos == n, "entries ., .. and file");
	ok(types_ok, "d_type in each record's last byte");
	ok(syscall(SYS_getdents, fd, buf, sizeof(buf)) == 0, "then the end");
	lseek(fd, 0, SEEK_SET);
	ok_errno(syscall(SYS_getdents, fd, buf, 10), EINVAL,
		 "buffer too small: EINVAL");
	close(fd);
	unlink(at("gd/file"));
}

static void test_times(void)
{
	struct utimbuf ub = { .actime = 1000, .modtime = 2000 };
	struct timeval tv[2] = { { 3000, 5 }, { 4000, 6 } };
	struct timeval bad[2] = { { 1, 1000000 }, { 1, 0 } };
	struct stat st;

	close(open(at("tm"), O_CREAT | O_WRONLY, 0600));
	ok_sys(utime(at("tm"), &ub), "utime");
	ok(stat(at("tm"), &st) == 0 && st.st_atime == 1000 &&
		   st.st_mtime == 2000 && st.st_mtim.tv_nsec == 0,
	   "utime set atime and mtime");
	ok_sys(futimesat(AT_FDCWD, at("tm"), tv), "futimesat");
	ok(stat(at("tm"), &st) == 0 && st.st_atime == 3000 &&
		   st.st_mtime == 4000 && st.st_mtim.tv_nsec == 6000,
	   "futimesat set the times");
	ok_errno(futimesat(AT_FDCWD, at("tm"), bad), EINVAL,
		 "futimesat bad usec: EINVAL");
	ok_sys(utime(at("tm"), NULL), "utime NULL: now");
	ok(stat(at("tm"), &st) == 0 && st.st_mtime > 4000, "now is later");
	ok_errno(utime(at("missing"), &ub), ENOENT, "utime: ENOENT");
	unlink(at("tm"));
}

int main(void)
{
	const char *base = getenv("T_TMPDIR");

	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof(dir), "%s/t_splice.XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(dir) || mkdir(at("gd"), 0700)) {
		ok(0, "mkdtemp");
		return done();
	}
	test_splice();
	test_tee_vmsplice();
	test_fallocate();
	test_rwv2();
	test_getdents();
	test_times();
	unlink(at("src"));
	unlink(at("dst"));
	unlink(at("fa"));
	unlink(at("rw"));
	rmdir(at("gd"));
	rmdir(dir);
	return done();
}
