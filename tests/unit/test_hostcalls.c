/* SPDX-License-Identifier: MIT */
/* Unit tests of the hostcall server (vmm/hostcalls*.c) over a fake pmem. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/hostcall.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"

#define PMEM_SIZE (1u << 20)
#define REQ_PA 0x1000
#define PATH_PA 0x2000
#define BUF_PA 0x3000
#define STAT_PA 0x8000

static int ntest;
static int nfail;
static uint8_t *pmem;
static struct vmm_hostcalls *hc;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	ntest++;
	if (!cond)
		nfail++;
	printf("%s %d - ", cond ? "ok" : "not ok", ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static long call(unsigned int nr, uint64_t a0, uint64_t a1, uint64_t a2,
		 uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct hc_req *r = (struct hc_req *)(pmem + REQ_PA);
	long ret;

	memset(r, 0, sizeof(*r));
	r->nr = nr;
	r->a[0] = a0;
	r->a[1] = a1;
	r->a[2] = a2;
	r->a[3] = a3;
	r->a[4] = a4;
	r->a[5] = a5;
	ret = vmm_hostcalls_call(hc, REQ_PA);
	if (r->ret != ret)
		return -9999;
	return ret;
}

/* put_path - place @s at PATH_PA; returns its length. */
static uint64_t put_path(const char *s)
{
	memcpy(pmem + PATH_PA, s, strlen(s));
	return strlen(s);
}

static void write_file(const char *path, const char *data)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(data, f);
		fclose(f);
	}
}

int main(void)
{
	char tmpl[] = "/tmp/hctest.XXXXXX";
	char outside[] = "/tmp/hcout.XXXXXX";
	char p[512];
	struct vmm_error *err = NULL;
	struct hc_stat st;
	long root, rofs, h, n;
	uint64_t len;
	int fd;

	pmem = calloc(1, PMEM_SIZE);
	if (!pmem || !mkdtemp(tmpl) || !mkdtemp(outside)) {
		printf("Bail out! setup\n");
		return 1;
	}
	snprintf(p, sizeof(p), "%s/secret", outside);
	write_file(p, "outside\n");
	snprintf(p, sizeof(p), "%s/file", tmpl);
	write_file(p, "hello world\n");
	snprintf(p, sizeof(p), "%s/sub", tmpl);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sub/abs", tmpl);
	if (symlink("/file", p))
		return 1;
	snprintf(p, sizeof(p), "%s/sub/esc", tmpl);
	if (symlink("../../../../../../../../", p))
		return 1;

	ok(vmm_hostcalls_create(pmem, PMEM_SIZE, &hc, &err) == 0, "create");
	root = vmm_hostcalls_add_handle(hc, open(tmpl, O_RDONLY | O_DIRECTORY),
					VMM_HANDLE_DIR);
	rofs = vmm_hostcalls_add_handle(hc, open(tmpl, O_RDONLY | O_DIRECTORY),
					VMM_HANDLE_DIR | VMM_HANDLE_READONLY);
	ok(root >= 0 && rofs >= 0 && root != rofs, "add handles");

	/* Valid open + pread. */
	len = put_path("file");
	h = call(HC_OPENAT, root, PATH_PA, len, O_RDONLY, 0, 0);
	ok(h >= 0, "openat file -> %ld", h);
	n = call(HC_PREAD, h, BUF_PA, 64, 0, 0, 0);
	ok(n == 12 && !memcmp(pmem + BUF_PA, "hello world\n", 12),
	   "pread whole file (%ld)", n);
	n = call(HC_PREAD, h, BUF_PA, 5, 6, 0, 0);
	ok(n == 5 && !memcmp(pmem + BUF_PA, "world", 5), "pread at offset");
	n = call(HC_PREAD, h, PMEM_SIZE - 4, 64, 0, 0, 0);
	ok(n == -EFAULT, "pread past pmem end -> %ld", n);
	n = call(HC_PREAD, h, ~0ull - 2, 64, 0, 0, 0);
	ok(n == -EFAULT, "pread with wrapping address -> %ld", n);
	n = call(HC_PWRITE, h, BUF_PA, 4, 0, 0, 0);
	ok(n == -EBADF, "pwrite on O_RDONLY host fd -> %ld", n);
	ok(call(HC_FSTAT, h, STAT_PA, 0, 0, 0, 0) == 0, "fstat");
	memcpy(&st, pmem + STAT_PA, sizeof(st));
	ok(st.size == 12 && S_ISREG(st.mode), "fstat size/mode");
	ok(call(HC_FSTAT, h, PMEM_SIZE - 8, 0, 0, 0, 0) == -EFAULT,
	   "fstat into bad buffer");
	ok(call(HC_CLOSE, h, 0, 0, 0, 0, 0) == 0, "close");
	ok(call(HC_CLOSE, h, 0, 0, 0, 0, 0) == -EBADF, "double close -> EBADF");
	ok(call(HC_PREAD, 12345, BUF_PA, 4, 0, 0, 0) == -EBADF, "bad handle");
	ok(call(HC_PREAD, -1ll, BUF_PA, 4, 0, 0, 0) == -EBADF, "handle -1");

	/* Path validation. */
	ok(call(HC_OPENAT, root, PATH_PA, PMEM_SIZE, O_RDONLY, 0, 0) ==
		   -ENAMETOOLONG, "over-long path");
	memcpy(pmem + PATH_PA, "fi\0le", 5);
	ok(call(HC_OPENAT, root, PATH_PA, 5, O_RDONLY, 0, 0) == -EINVAL,
	   "path with NUL");
	ok(call(HC_OPENAT, root, PMEM_SIZE - 2, 8, O_RDONLY, 0, 0) == -EFAULT,
	   "path out of range");
	len = put_path("file");
	ok(call(HC_OPENAT, root, PATH_PA, len, O_RDONLY | O_PATH, 0, 0) ==
		   -EINVAL, "O_PATH refused");
	ok(call(HC_OPENAT, 7777, PATH_PA, len, O_RDONLY, 0, 0) == -EBADF,
	   "openat on bad dir handle");

	/* Escapes stay inside the root. */
	len = put_path("../../../../etc/passwd");
	ok(call(HC_OPENAT, root, PATH_PA, len, O_RDONLY, 0, 0) == -ENOENT,
	   "'..' cannot leave the root");
	snprintf(p, sizeof(p), "../%s/secret", strrchr(outside, '/') + 1);
	len = put_path(p);
	ok(call(HC_OPENAT, root, PATH_PA, len, O_RDONLY, 0, 0) == -ENOENT,
	   "'..' to a sibling dir stays inside");
	snprintf(p, sizeof(p), "%s/secret", outside);
	len = put_path(p);
	ok(call(HC_OPENAT, root, PATH_PA, len, O_RDONLY, 0, 0) == -ENOENT,
	   "absolute host path is relative to the root");
	len = put_path("sub/abs");
	h = call(HC_OPENAT, root, PATH_PA, len, O_RDONLY, 0, 0);
	n = h >= 0 ? call(HC_PREAD, h, BUF_PA, 64, 0, 0, 0) : h;
	ok(n == 12 && !memcmp(pmem + BUF_PA, "hello", 5),
	   "absolute symlink resolves inside the root (%ld)", n);
	if (h >= 0)
		call(HC_CLOSE, h, 0, 0, 0, 0, 0);
	len = put_path("sub/esc/file");
	h = call(HC_OPENAT, root, PATH_PA, len, O_RDONLY, 0, 0);
	n = h >= 0 ? call(HC_PREAD, h, BUF_PA, 64, 0, 0, 0) : h;
	ok(n == 12, "escaping relative symlink clamps at the root (%ld)", n);
	if (h >= 0)
		call(HC_CLOSE, h, 0, 0, 0, 0, 0);
	len = put_path("..");
	ok(call(HC_FSTATAT, root, PATH_PA, len, 1, STAT_PA, 0) == 0,
	   "fstatat '..' (nofollow)");
	memcpy(&st, pmem + STAT_PA, sizeof(st));
	{
		struct stat hs;

		stat(tmpl, &hs);
		ok(st.ino == hs.st_ino, "'..' of the root is the root");
	}
	len = put_path("sub/abs");
	ok(call(HC_FSTATAT, root, PATH_PA, len, 1, STAT_PA, 0) == 0 &&
		   S_ISLNK(((struct hc_stat *)(pmem + STAT_PA))->mode),
	   "fstatat nofollow sees the symlink");
	n = call(HC_READLINKAT, root, PATH_PA, len, BUF_PA, 64, 0);
	ok(n == 5 && !memcmp(pmem + BUF_PA, "/file", 5), "readlinkat");

	/* Read-only handles refuse changes. */
	len = put_path("newdir");
	ok(call(HC_MKDIRAT, rofs, PATH_PA, len, 0755, 0, 0) == -EROFS,
	   "mkdirat on read-only -> EROFS");
	len = put_path("file");
	ok(call(HC_OPENAT, rofs, PATH_PA, len, O_WRONLY, 0, 0) == -EROFS,
	   "open for writing on read-only -> EROFS");
	len = put_path("newdir");
	ok(call(HC_MKDIRAT, root, PATH_PA, len, 0755, 0, 0) == 0,
	   "mkdirat on writable root");
	len = put_path("newdir/f");
	h = call(HC_OPENAT, root, PATH_PA, len, O_RDWR | O_CREAT | O_EXCL,
		 0644, 0);
	ok(h >= 0, "create a file");
	memcpy(pmem + BUF_PA, "data", 4);
	ok(call(HC_PWRITE, h, BUF_PA, 4, 0, 0, 0) == 4, "pwrite");
	ok(call(HC_FTRUNCATE, h, 2, 0, 0, 0, 0) == 0, "ftruncate");
	ok(call(HC_FSTAT, h, STAT_PA, 0, 0, 0, 0) == 0 &&
		   ((struct hc_stat *)(pmem + STAT_PA))->size == 2,
	   "size after truncate");
	call(HC_CLOSE, h, 0, 0, 0, 0, 0);
	len = put_path("newdir/f");
	ok(call(HC_UNLINKAT, root, PATH_PA, len, 0, 0, 0) == 0, "unlinkat");
	len = put_path("newdir");
	ok(call(HC_UNLINKAT, root, PATH_PA, len, AT_REMOVEDIR, 0, 0) == 0,
	   "rmdir");
	len = put_path("..");
	ok(call(HC_UNLINKAT, root, PATH_PA, len, AT_REMOVEDIR, 0, 0) < 0,
	   "rmdir '..' refused");

	/* getdents on the root. */
	len = put_path("/");
	h = call(HC_OPENAT, root, PATH_PA, len, O_RDONLY | O_DIRECTORY, 0, 0);
	n = h >= 0 ? call(HC_GETDENTS, h, BUF_PA, 4096, 0, 0, 0) : h;
	ok(n > 0, "getdents (%ld bytes)", n);
	ok(call(HC_GETDENTS, root, PMEM_SIZE - 16, 4096, 0, 0, 0) == -EFAULT,
	   "getdents into bad buffer");

	/* STDIO handles: only read/write/poll/ioctl. */
	fd = open("/dev/null", O_RDWR);
	h = vmm_hostcalls_add_handle(hc, fd, VMM_HANDLE_STDIO);
	memcpy(pmem + BUF_PA, "x", 1);
	ok(call(HC_PWRITE, h, BUF_PA, 1, -1ll, 0, 0) == 1, "stdio write");
	ok(call(HC_FSTAT, h, STAT_PA, 0, 0, 0, 0) == -EBADF, "stdio fstat refused");
	ok(call(HC_IOCTL, h, 0x5401, BUF_PA, 36, 0, 0) == -ENOTTY,
	   "TCGETS on /dev/null -> ENOTTY");
	ok(call(HC_IOCTL, h, 0x541B, BUF_PA, 4, 0, 0) == -ENOTTY,
	   "FIONREAD not forwarded");
	{
		struct hc_pollfd pf = { .handle = h, .events = 4 /* POLLOUT */ };

		memcpy(pmem + BUF_PA, &pf, sizeof(pf));
		ok(call(HC_POLL, BUF_PA, 1, 0, 0, 0, 0) == 1 &&
			   ((struct hc_pollfd *)(pmem + BUF_PA))->revents & 4,
		   "poll stdio writable");
		pf.handle = 999;
		memcpy(pmem + BUF_PA, &pf, sizeof(pf));
		ok(call(HC_POLL, BUF_PA, 1, 0, 0, 0, 0) == -EBADF,
		   "poll bad handle");
	}
	ok(call(HC_NR_MAX + 5, 0, 0, 0, 0, 0, 0) == -ENOSYS, "unknown nr");
	ok(vmm_hostcalls_call(hc, PMEM_SIZE - 8) == -EFAULT,
	   "request block out of range");

	vmm_hostcalls_destroy(hc);
	snprintf(p, sizeof(p), "rm -rf '%s' '%s'", tmpl, outside);
	if (system(p))
		fprintf(stderr, "cleanup failed\n");
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
