// SPDX-License-Identifier: MIT
/*
 * t_mmap.c - file mappings and memory breadth: MAP_SHARED coherence with
 * read()/write() (also across fork), MAP_PRIVATE copy-on-write isolation,
 * msync then re-reading the file through a new open, memfd_create with
 * seals, /dev/shm, mremap, MADV_DONTNEED, mincore, MAP_FIXED_NOREPLACE,
 * MAP_GROWSDOWN and RLIMIT_AS.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

#define PG 4096

static char tmpdir[2048];

/* A new empty file in the scratch directory (the caller unlinks it). */
static int scratch(const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", tmpdir, name);
	return open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
}

static void test_shared_file(void)
{
	char path[4096], buf[16] = { 0 };
	char *m;
	int fd = scratch("shared", path, sizeof(path));

	if (!ok_sys(fd, "create a scratch file") ||
	    !ok_sys(ftruncate(fd, 2 * PG), "ftruncate to two pages"))
		return;
	m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(m != MAP_FAILED, "mmap MAP_SHARED"))
		return;
	memcpy(m + PG + 7, "via-map", 7);
	ok(pread(fd, buf, 7, PG + 7) == 7 && !memcmp(buf, "via-map", 7),
	   "a store through the mapping is seen by read()");
	ok(pwrite(fd, "via-write", 9, 100) == 9 && !memcmp(m + 100, "via-write", 9),
	   "write() is seen through the mapping");
	ok(pwrite(fd, "X", 1, PG + 7) == 1 && m[PG + 7] == 'X' && m[PG + 8] == 'i',
	   "write() over mapped data updates just those bytes");
	munmap(m, 2 * PG);
	unlink(path);
	close(fd);
}

static void test_fork_shared(void)
{
	char path[4096], buf[8] = { 0 };
	int fd = scratch("fork", path, sizeof(path)), status = -1;
	char *m;
	pid_t pid;

	if (fd < 0 || ftruncate(fd, PG) < 0) {
		ok(0, "scratch file for fork");
		return;
	}
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(m != MAP_FAILED, "mmap for fork"))
		return;
	m[0] = 'p';
	pid = fork();
	if (pid == 0) {
		int good = m[0] == 'p';

		memcpy(m + 1, "child", 5);
		_exit(good ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "the child sees the parent's shared data");
	ok(!memcmp(m + 1, "child", 5), "the parent sees the child's store");
	ok(pread(fd, buf, 5, 1) == 5 && !memcmp(buf, "child", 5),
	   "and so does read()");
	munmap(m, PG);
	unlink(path);
	close(fd);
}

static void test_private_cow(void)
{
	char path[4096], buf[8] = { 0 };
	int fd = scratch("private", path, sizeof(path));
	char *p, *s;

	if (fd < 0 || pwrite(fd, "original", 8, 0) != 8) {
		ok(0, "scratch file for MAP_PRIVATE");
		return;
	}
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(p != MAP_FAILED && s != MAP_FAILED, "private and shared maps"))
		return;
	ok(!memcmp(p, "original", 8), "MAP_PRIVATE shows the file");
	memcpy(p, "PRIVATE!", 8);
	ok(pread(fd, buf, 8, 0) == 8 && !memcmp(buf, "original", 8) &&
	   !memcmp(s, "original", 8), "a private store stays private");
	s[0] = 'O';
	ok(p[0] == 'P', "a written private page no longer follows the file");
	munmap(p, PG);
	munmap(s, PG);
	unlink(path);
	close(fd);
}

static void test_msync_reopen(void)
{
	char path[4096], buf[16] = { 0 };
	int fd = scratch("msync", path, sizeof(path)), fd2;
	char *m;

	if (fd < 0 || ftruncate(fd, PG) < 0) {
		ok(0, "scratch file for msync");
		return;
	}
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(m != MAP_FAILED, "mmap for msync"))
		return;
	memcpy(m + 10, "synced", 6);
	ok_sys(msync(m, PG, MS_SYNC), "msync(MS_SYNC)");
	fd2 = open(path, O_RDONLY);
	ok(fd2 >= 0 && pread(fd2, buf, 6, 10) == 6 && !memcmp(buf, "synced", 6),
	   "a new open reads the synced data");
	close(fd2);
	memcpy(m + 20, "unmapped", 8);
	munmap(m, PG);
	close(fd);
	fd2 = open(path, O_RDONLY);
	ok(fd2 >= 0 && pread(fd2, buf, 8, 20) == 8 && !memcmp(buf, "unmapped", 8),
	   "munmap and close keep stores made after msync");
	close(fd2);
	unlink(path);
}

static void test_memfd(void)
{
	int fd = memfd_create("t_mmap", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	char buf[8] = { 0 };
	char *m;

	if (!ok_sys(fd, "memfd_create"))
		return;
	ok(fcntl(fd, F_GETFD) == FD_CLOEXEC, "MFD_CLOEXEC");
	ok(fcntl(fd, F_GET_SEALS) == 0, "no seals yet");
	ok_sys(ftruncate(fd, PG), "ftruncate a memfd");
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!ok(m != MAP_FAILED, "mmap a memfd"))
		return;
	memcpy(m, "memfd", 5);
	ok(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "memfd", 5),
	   "memfd mapping and read() agree");
	ok_errno(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY,
		 "F_SEAL_WRITE while mapped writable: EBUSY");
	munmap(m, PG);
	ok_sys(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW),
	       "add write, shrink and grow seals");
	ok(fcntl(fd, F_GET_SEALS) == (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW),
	   "F_GET_SEALS");
	ok_errno(pwrite(fd, "x", 1, 0), EPERM, "write to a write-sealed memfd");
	ok_errno(ftruncate(fd, 10), EPERM, "shrink a shrink-sealed memfd");
	ok_errno(ftruncate(fd, 2 * PG), EPERM, "grow a grow-sealed memfd");
	ok(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
	   errno == EPERM, "writable shared mmap of a write-sealed memfd: EPERM");
	m = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	ok(m != MAP_FAILED && !memcmp(m, "memfd", 5), "read-only mmap still works");
	ok_errno(mprotect(m, PG, PROT_READ | PROT_WRITE), EACCES,
		 "and cannot become writable");
	munmap(m, PG);
	ok_sys(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL), "F_SEAL_SEAL");
	ok_errno(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM, "seals are final");
	close(fd);
	fd = memfd_create("nosealing", 0);
	ok(fd >= 0 && fcntl(fd, F_GET_SEALS) == F_SEAL_SEAL,
	   "without MFD_ALLOW_SEALING: F_SEAL_SEAL");
	close(fd);
	ok_errno(memfd_create("bad", 0x100), EINVAL, "memfd_create bad flags");
}

static void test_dev_shm(void)
{
	int fd = open("/dev/shm/t_mmap.shm", O_RDWR | O_CREAT | O_EXCL, 0600);
	char *a, *b;

	if (!ok_sys(fd, "create a file in /dev/shm"))
		return;
	unlink("/dev/shm/t_mmap.shm");
	if (!ok_sys(ftruncate(fd, PG), "ftruncate it"))
		return;
	a = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	ok(a != MAP_FAILED && b != MAP_FAILED && (a[5] = 's', b[5] == 's'),
	   "two mappings of a /dev/shm file share pages");
	munmap(a, PG);
	munmap(b, PG);
	close(fd);
}

static void test_mremap(void)
{
	char *m, *n, *r, *hold;
	int i, good = 1;

	m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!ok(m != MAP_FAILED, "anonymous mapping to move"))
		return;
	/* Another mapping right after it, so that growing has to move. */
	hold = mmap(m + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_FIXED, -1, 0);
	if (!ok(hold == m + 2 * PG, "a mapping right above it"))
		return;
	ok(mmap(m, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED && errno == EEXIST,
	   "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
	for (i = 0; i < 2 * PG; i++)
		m[i] = (char)i;
	ok(mremap(m, 2 * PG, 4 * PG, 0) == MAP_FAILED && errno == ENOMEM,
	   "mremap cannot grow in place into a mapping");
	n = mremap(m, 2 * PG, 4 * PG, MREMAP_MAYMOVE);
	for (i = 0; n != MAP_FAILED && i < 2 * PG; i++)
		good &= n[i] == (char)i;
	ok(n != MAP_FAILED && n != m && good && n[3 * PG] == 0,
	   "mremap MREMAP_MAYMOVE moves and keeps the data");
	r = mremap(n, 4 * PG, PG, 0);
	ok(r == n && n[100] == 100, "mremap shrinks in place");
	munmap(n, PG);
	munmap(hold, PG);
}

static void test_dontneed_mincore(void)
{
	char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[4];

	if (!ok(m != MAP_FAILED, "anonymous mapping"))
		return;
	memset(m, 'x', 4 * PG);
	ok_sys(madvise(m, 2 * PG, MADV_DONTNEED), "MADV_DONTNEED");
	ok(m[0] == 0 && m[PG + 5] == 0 && m[2 * PG] == 'x',
	   "dropped anonymous pages read back zero, the rest stays");
	ok(mincore(m, 4 * PG, vec) == 0 && (vec[3] & 1), "mincore: touched page resident");
	munmap(m, 4 * PG);
}

static void test_growsdown(void)
{
	/* Room below: Linux keeps a 1 MiB gap under a growing stack. */
	char *res = mmap(NULL, 1024 * PG, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *top, *s;

	if (!ok(res != MAP_FAILED, "reserve space for a stack"))
		return;
	top = res + 1020 * PG;
	munmap(res, 1024 * PG);
	s = mmap(top, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	if (!ok(s == top, "MAP_GROWSDOWN mapping"))
		return;
	s[-1] = 'g';
	s[-PG - 1] = 'h';
	ok(s[-1] == 'g' && s[-PG - 1] == 'h', "stores below it grow the stack");
	munmap(s - 2 * PG, 6 * PG);
}

static void test_rlimit_as(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit rl = { 512UL << 20, 512UL << 20 };
		void *small, *big;
		int bits = 0;

		if (setrlimit(RLIMIT_AS, &rl) < 0)
			_exit(100);
		big = mmap(NULL, 1UL << 30, PROT_READ,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (big == MAP_FAILED && errno == ENOMEM)
			bits |= 1;
		small = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (small != MAP_FAILED)
			bits |= 2;
		_exit(bits);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && (WEXITSTATUS(status) & 1),
	   "RLIMIT_AS: a mapping beyond it fails with ENOMEM");
	ok(WIFEXITED(status) && (WEXITSTATUS(status) & 2),
	   "RLIMIT_AS: a small mapping still works");
}

int main(void)
{
	const char *t = getenv("T_TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s", t ? t : "/tmp");
	test_shared_file();
	test_fork_shared();
	test_private_cow();
	test_msync_reopen();
	test_memfd();
	test_dev_shm();
	test_mremap();
	test_dontneed_mincore();
	test_growsdown();
	test_rlimit_as();
	return done();
}
