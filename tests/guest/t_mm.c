/* SPDX-License-Identifier: MIT */
/*
 * t_mm - memory: anonymous mmap/munmap, mprotect with SIGSEGV caught by a
 * handler that siglongjmps out, brk growth, copy-on-write after fork, a
 * large allocation touched page by page, MAP_FIXED, mremap, file mmap.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

#define PG 4096UL

static sigjmp_buf jb;
static volatile sig_atomic_t faults;
static void *volatile fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	faults++;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(jb, 1);
}

/* try_write - write @v at @p; returns 1 if it faulted (SIGSEGV). */
static int try_write(volatile char *p, char v)
{
	if (sigsetjmp(jb, 1))
		return 1;
	*p = v;
	return 0;
}

/* try_read - read @p; returns 1 if it faulted. */
static int try_read(volatile char *p)
{
	if (sigsetjmp(jb, 1))
		return 1;
	(void)*p;
	return 0;
}

static void test_anon(void)
{
	char *m;
	size_t i;
	int zero = 1;

	m = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!ok(m != MAP_FAILED, "mmap 16 anonymous pages"))
		return;
	ok(((uintptr_t)m & (PG - 1)) == 0, "mapping is page aligned");
	for (i = 0; i < 16 * PG; i++)
		if (m[i])
			zero = 0;
	ok(zero, "fresh anonymous memory is zero");
	for (i = 0; i < 16; i++)
		m[i * PG] = (char)i + 1;
	for (i = 0; i < 16; i++)
		if (m[i * PG] != (char)i + 1)
			zero = 0;
	ok(zero, "writes read back");
	ok_sys(munmap(m + 4 * PG, 4 * PG), "munmap a hole in the middle");
	ok(m[3 * PG] == 4 && m[8 * PG] == 9, "pages around the hole survive");
	ok(try_read(m + 5 * PG) == 1, "reading the hole faults");
	ok(fault_addr == m + 5 * PG && fault_code == SEGV_MAPERR,
	   "si_addr and SEGV_MAPERR");
	ok_sys(munmap(m, 16 * PG), "munmap the rest (with a hole)");
	ok_errno(munmap(m + 1, PG), EINVAL, "unaligned munmap is EINVAL");
	ok(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	   MAP_FAILED && errno == EINVAL, "zero-length mmap is EINVAL");
}

static void test_mprotect(void)
{
	char *m;

	m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!ok(m != MAP_FAILED, "mmap 2 pages"))
		return;
	m[0] = 'a';
	ok_sys(mprotect(m, PG, PROT_READ), "mprotect read-only");
	ok(try_write(m, 'b') == 1, "write to a read-only page faults");
	ok(fault_addr == m && fault_code == SEGV_ACCERR,
	   "si_addr and SEGV_ACCERR");
	ok(m[0] == 'a', "the page is unchanged");
	ok(try_write(m + PG, 'c') == 0 && m[PG] == 'c',
	   "the next page is still writable");
	ok_sys(mprotect(m, PG, PROT_NONE), "mprotect PROT_NONE");
	ok(try_read(m) == 1, "reading a PROT_NONE page faults");
	ok_sys(mprotect(m, PG, PROT_READ | PROT_WRITE), "mprotect read-write");
	ok(try_write(m, 'd') == 0 && m[0] == 'd', "writable again");
	ok_errno(mprotect(m + 1, PG, PROT_READ), EINVAL,
		 "unaligned mprotect is EINVAL");
	munmap(m, 2 * PG);
	ok(try_write(m, 'e') == 1, "write after munmap faults");
}

static void test_brk(void)
{
	uintptr_t b0, b1;
	volatile char *q;

	b0 = syscall(SYS_brk, 0);
	ok(b0 != 0, "brk(0) returns the break");
	b1 = syscall(SYS_brk, b0 + 64 * PG);
	ok(b1 == b0 + 64 * PG, "brk grows by 64 pages");
	q = (volatile char *)b0;
	q[0] = 1;
	q[64 * PG - 1] = 2;
	ok(q[0] == 1 && q[64 * PG - 1] == 2, "the new area is usable");
	ok((uintptr_t)syscall(SYS_brk, b0 + PG) == b0 + PG, "brk shrinks");
	ok(try_write((char *)b0 + 8 * PG, 1) == 1,
	   "memory above the shrunk break faults");
	syscall(SYS_brk, b0);
	ok(sbrk(0) != (void *)-1, "sbrk(0) works");
}

static void test_cow(void)
{
	volatile char *m;
	int fds[2], st = 0;
	pid_t pid;
	char c = 0;

	m = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!ok(m != MAP_FAILED, "mmap for COW") || pipe(fds) < 0)
		return;
	m[0] = 'P';
	pid = fork();
	if (pid == 0) {
		m[0] = 'C';
		c = m[0];
		write(fds[1], &c, 1);
		_exit(0);
	}
	read(fds[0], &c, 1);
	waitpid(pid, &st, 0);
	ok(c == 'C', "child sees its own write");
	ok(m[0] == 'P', "parent's private page is unchanged");
	m[0] = 'Q';
	ok(m[0] == 'Q', "parent can still write");
	munmap((void *)m, PG);

	m = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!ok(m != MAP_FAILED, "mmap shared anonymous"))
		return;
	m[0] = 'P';
	pid = fork();
	if (pid == 0) {
		m[0] = 'S';
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(m[0] == 'S', "a MAP_SHARED page shows the child's write");
	munmap((void *)m, PG);
	close(fds[0]);
	close(fds[1]);
}

static void test_large(void)
{
	size_t len = 64UL << 20, i;
	unsigned long sum = 0;
	char *m;

	m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!ok(m != MAP_FAILED, "mmap 64 MiB"))
		return;
	for (i = 0; i < len; i += PG)
		m[i] = (char)(i / PG);
	for (i = 0; i < len; i += PG)
		sum += (unsigned char)m[i];
	ok(sum == 255UL * 256 / 2 * (len / PG / 256), "touch every page");
	ok_sys(munmap(m, len), "munmap 64 MiB");

	m = malloc(8 << 20);
	ok(m != NULL, "malloc 8 MiB");
	if (m) {
		memset(m, 0x5a, 8 << 20);
		ok(m[(8 << 20) - 1] == 0x5a, "malloc memory usable");
		free(m);
	}
}

static void test_fixed_remap(void)
{
	char *m, *r;

	m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!ok(m != MAP_FAILED, "mmap 4 pages"))
		return;
	m[PG] = 'x';
	r = mmap(m + PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ok(r == m + PG, "MAP_FIXED at the requested address");
	ok(r[0] == 0, "MAP_FIXED replaces the old page");
	m[0] = 'k';
	r = mremap(m, 4 * PG, 32 * PG, MREMAP_MAYMOVE);
	ok(r != MAP_FAILED, "mremap grows");
	if (r != MAP_FAILED) {
		ok(r[0] == 'k', "mremap keeps the contents");
		r[31 * PG] = 1;
		munmap(r, 32 * PG);
	}
}

static void test_file_map(void)
{
	const char *tmp = getenv("T_TMPDIR");
	char path[4096];
	char *m;
	int fd;

	snprintf(path, sizeof(path), "%s/t_mm.XXXXXX", tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (!ok_sys(fd, "mkstemp"))
		return;
	unlink(path);
	write(fd, "file contents", 13);
	m = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	if (ok(m != MAP_FAILED, "mmap a file")) {
		ok(memcmp(m, "file contents", 13) == 0 && m[13] == 0,
		   "file data, zero tail");
		munmap(m, PG);
	}
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ok(m != MAP_FAILED, "mmap a file shared")) {
		char buf[4] = { 0 };

		memcpy(m, "FILE", 4);
		ok(pread(fd, buf, 4, 0) == 4 && memcmp(buf, "FILE", 4) == 0,
		   "shared write shows through read");
		munmap(m, PG);
	}
	close(fd);
}

int main(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	ok_sys(sigaction(SIGSEGV, &sa, NULL), "install a SIGSEGV handler");
	test_anon();
	test_mprotect();
	test_brk();
	test_cow();
	test_large();
	test_fixed_remap();
	test_file_map();
	return done();
}
