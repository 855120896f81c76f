// SPDX-License-Identifier: MIT
/*
 * t_aio.c - Linux native AIO through raw system calls (no libaio):
 * io_setup/io_submit/io_getevents for pread, pwrite, preadv, pwritev,
 * fsync; IOCB_FLAG_RESFD with an eventfd; IOCB_CMD_POLL on a pipe that
 * completes after a write (also from another process), its io_cancel;
 * io_pgetevents; io_destroy; fork; and the error paths.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

static long io_setup(unsigned int nr, aio_context_t *ctx)
{
	return syscall(SYS_io_setup, nr, ctx);
}

static long io_destroy(aio_context_t ctx)
{
	return syscall(SYS_io_destroy, ctx);
}

static long io_submit(aio_context_t ctx, long nr, struct iocb **iocbs)
{
	return syscall(SYS_io_submit, ctx, nr, iocbs);
}

static long io_getevents(aio_context_t ctx, long min, long nr,
			 struct io_event *ev, struct timespec *ts)
{
	return syscall(SYS_io_getevents, ctx, min, nr, ev, ts);
}

static long io_cancel(aio_context_t ctx, struct iocb *cb, struct io_event *ev)
{
	return syscall(SYS_io_cancel, ctx, cb, ev);
}

static void prep(struct iocb *cb, int op, int fd, const void *buf, size_t n,
		 long long off, unsigned long long data)
{
	memset(cb, 0, sizeof(*cb));
	cb->aio_lio_opcode = op;
	cb->aio_fildes = fd;
	cb->aio_buf = (uintptr_t)buf;
	cb->aio_nbytes = n;
	cb->aio_offset = off;
	cb->aio_data = data;
}

/* Submit one iocb and reap its event; the event's res, or -1000 on failure. */
static long long one(aio_context_t ctx, struct iocb *cb)
{
	struct iocb *list[1] = { cb };
	struct io_event ev;

	if (io_submit(ctx, 1, list) != 1)
		return -1000;
	if (io_getevents(ctx, 1, 1, &ev, NULL) != 1)
		return -1001;
	if (ev.obj != (uintptr_t)cb || ev.data != cb->aio_data || ev.res2)
		return -1002;
	return ev.res;
}

static void test_setup_errors(void)
{
	aio_context_t ctx = 0;

	ok_errno(io_setup(0, &ctx), EINVAL, "io_setup nr_events 0 is EINVAL");
	ctx = 1;
	ok_errno(io_setup(8, &ctx), EINVAL, "io_setup with *ctxp != 0 is EINVAL");
	ctx = 0;
	ok_errno(io_setup(8, NULL), EFAULT, "io_setup NULL ctxp is EFAULT");
	ok_errno(io_setup(100000, &ctx), EAGAIN,
		 "io_setup over aio-max-nr is EAGAIN");
	ok_errno(io_setup(0x7fffffff, &ctx), EINVAL,
		 "io_setup with an absurd nr_events is EINVAL");
	ok_errno(io_destroy(12345), EINVAL, "io_destroy of an unknown ctx is EINVAL");
}

static void test_rw(aio_context_t ctx, const char *path)
{
	char buf[32], a[4], b[8], ab[] = "AB", cd[] = "CD";
	struct iovec iov[2];
	struct iocb cb[3], *list[3];
	struct io_event ev[3];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int wfd, k;

	ok(fd >= 0, "open a scratch file");
	prep(&cb[0], IOCB_CMD_PWRITE, fd, "hello world", 11, 0, 1);
	ok(one(ctx, &cb[0]) == 11, "PWRITE completes with 11 bytes");
	memset(buf, 0, sizeof(buf));
	prep(&cb[0], IOCB_CMD_PREAD, fd, buf, 5, 6, 2);
	ok(one(ctx, &cb[0]) == 5 && !memcmp(buf, "world", 5),
	   "PREAD at offset 6 reads 'world'");
	ok(lseek(fd, 0, SEEK_CUR) == 0, "AIO leaves the file position alone");
	prep(&cb[0], IOCB_CMD_PREAD, fd, buf, sizeof(buf), 100, 3);
	ok(one(ctx, &cb[0]) == 0, "PREAD past the end completes with 0");

	iov[0].iov_base = a;
	iov[0].iov_len = sizeof(a);
	iov[1].iov_base = b;
	iov[1].iov_len = sizeof(b);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	prep(&cb[0], IOCB_CMD_PREADV, fd, iov, 2, 0, 4);
	ok(one(ctx, &cb[0]) == 11 && !memcmp(a, "hell", 4) &&
	   !memcmp(b, "o world", 7), "PREADV scatters into two buffers");
	iov[0].iov_base = ab;
	iov[0].iov_len = 2;
	iov[1].iov_base = cd;
	iov[1].iov_len = 2;
	prep(&cb[0], IOCB_CMD_PWRITEV, fd, iov, 2, 11, 5);
	ok(one(ctx, &cb[0]) == 4 && pread(fd, buf, 15, 0) == 15 &&
	   !memcmp(buf, "hello worldABCD", 15), "PWRITEV gathers at offset 11");
	prep(&cb[0], IOCB_CMD_FSYNC, fd, NULL, 0, 0, 6);
	ok(one(ctx, &cb[0]) == 0, "FSYNC completes with 0");
	prep(&cb[0], IOCB_CMD_FDSYNC, fd, NULL, 0, 0, 7);
	ok(one(ctx, &cb[0]) == 0, "FDSYNC completes with 0");

	/* A batch: every one queued, events in submission order. */
	prep(&cb[0], IOCB_CMD_PWRITE, fd, "xyz", 3, 0, 10);
	prep(&cb[1], IOCB_CMD_PREAD, fd, buf, 3, 0, 11);
	prep(&cb[2], IOCB_CMD_FSYNC, fd, NULL, 0, 0, 12);
	for (k = 0; k < 3; k++)
		list[k] = &cb[k];
	memset(buf, 0, sizeof(buf));
	ok(io_submit(ctx, 3, list) == 3, "io_submit of three returns 3");
	ok(io_getevents(ctx, 3, 3, ev, NULL) == 3 && ev[0].data == 10 &&
	   ev[0].res == 3 && ev[1].data == 11 && ev[1].res == 3 &&
	   !memcmp(buf, "xyz", 3) && ev[2].data == 12 && ev[2].res == 0,
	   "three events, in order, with their results");

	/* Errors that belong to the iocb. */
	prep(&cb[0], IOCB_CMD_PREAD, 999, buf, 1, 0, 0);
	list[0] = &cb[0];
	ok_errno(io_submit(ctx, 1, list), EBADF, "bad aio_fildes is EBADF");
	prep(&cb[1], IOCB_CMD_PREAD, fd, buf, 1, 0, 0);
	list[0] = &cb[1];
	list[1] = &cb[0];
	ok(io_submit(ctx, 2, list) == 1, "a bad second iocb: io_submit returns 1");
	ok(io_getevents(ctx, 1, 1, ev, NULL) == 1, "and the first one completed");
	prep(&cb[0], 99, fd, buf, 1, 0, 0);
	list[0] = &cb[0];
	ok_errno(io_submit(ctx, 1, list), EINVAL, "unknown opcode is EINVAL");
	prep(&cb[0], IOCB_CMD_PREAD, fd, buf, 1, 0, 0);
	cb[0].aio_reserved2 = 1;
	ok_errno(io_submit(ctx, 1, list), EINVAL, "aio_reserved2 set is EINVAL");
	prep(&cb[0], IOCB_CMD_PREAD, fd, buf, 1, -1, 0);
	ok_errno(io_submit(ctx, 1, list), EINVAL, "negative offset is EINVAL");
	prep(&cb[0], IOCB_CMD_PREAD, fd, buf, 1, 0, 0);
	cb[0].aio_rw_flags = 0x80000000;
	ok_errno(io_submit(ctx, 1, list), EOPNOTSUPP,
		 "unknown aio_rw_flags is EOPNOTSUPP");
	prep(&cb[0], IOCB_CMD_PREAD, fd, (void *)0xffff800000000000ull, 8, 0, 0);
	ok_errno(io_submit(ctx, 1, list), EFAULT, "kernel buffer is EFAULT");
	prep(&cb[0], IOCB_CMD_PREAD, fd, (void *)0x1000, 8, 0, 0);
	ok(one(ctx, &cb[0]) == -EFAULT,
	   "unmapped user buffer: the event carries -EFAULT");
	prep(&cb[0], IOCB_CMD_FSYNC, fd, buf, 0, 0, 0);
	ok_errno(io_submit(ctx, 1, list), EINVAL, "FSYNC with a buffer is EINVAL");
	prep(&cb[0], IOCB_CMD_PREAD, fd, buf, 1, 0, 0);
	cb[0].aio_flags = IOCB_FLAG_RESFD;
	cb[0].aio_resfd = fd;
	ok_errno(io_submit(ctx, 1, list), EINVAL, "RESFD that is no eventfd is EINVAL");
	cb[0].aio_resfd = 999;
	ok_errno(io_submit(ctx, 1, list), EBADF, "RESFD that is not open is EBADF");
	wfd = open(path, O_WRONLY);
	prep(&cb[0], IOCB_CMD_PREAD, wfd, buf, 1, 0, 0);
	ok_errno(io_submit(ctx, 1, list), EBADF, "PREAD on a write-only fd is EBADF");
	close(wfd);
	ok_errno(io_submit(ctx, 1, NULL), EFAULT, "NULL iocb array is EFAULT");
	list[0] = (struct iocb *)8;
	ok_errno(io_submit(ctx, 1, list), EFAULT, "bad iocb pointer is EFAULT");
	ok_errno(io_submit(ctx, -1, list), EINVAL, "negative nr is EINVAL");
	ok(io_submit(ctx, 0, list) == 0, "nr 0 returns 0");
	ok_errno(io_submit(12345, 1, list), EINVAL, "unknown ctx is EINVAL");
	ok_errno(io_getevents(ctx, 2, 1, ev, NULL), EINVAL,
		 "io_getevents min_nr > nr is EINVAL");
	ok_errno(io_getevents(ctx, -1, 1, ev, NULL), EINVAL,
		 "io_getevents min_nr < 0 is EINVAL");
	ok_errno(io_getevents(12345, 0, 1, ev, NULL), EINVAL,
		 "io_getevents on an unknown ctx is EINVAL");
	ok_errno(io_getevents(ctx, 0, 1, ev, (struct timespec *)8), EFAULT,
		 "io_getevents with a bad timeout is EFAULT");
	prep(&cb[0], IOCB_CMD_PREAD, fd, buf, 1, 0, 0);
	list[0] = &cb[0];
	ok(io_submit(ctx, 1, list) == 1, "queue one more");
	ok_errno(io_getevents(ctx, 1, 1, (struct io_event *)8, NULL), EFAULT,
		 "io_getevents into a bad array is EFAULT");
	ok(io_getevents(ctx, 1, 1, ev, NULL) == 1 && ev[0].res == 1,
	   "the event is still there afterwards");
	close(fd);
	unlink(path);
}

static void test_resfd(aio_context_t ctx, const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int efd = eventfd(0, EFD_NONBLOCK);
	struct iocb cb, *list[1] = { &cb };
	struct io_event ev;
	uint64_t v = 0;

	prep(&cb, IOCB_CMD_PWRITE, fd, "abc", 3, 0, 42);
	cb.aio_flags = IOCB_FLAG_RESFD;
	cb.aio_resfd = efd;
	ok(io_submit(ctx, 1, list) == 1, "PWRITE with IOCB_FLAG_RESFD");
	ok(read(efd, &v, sizeof(v)) == 8 && v == 1, "the eventfd counts 1");
	ok(io_getevents(ctx, 1, 1, &ev, NULL) == 1 && ev.data == 42 &&
	   ev.res == 3, "and the event is there");
	close(efd);
	close(fd);
	unlink(path);
}

static void test_poll(aio_context_t ctx)
{
	struct timespec zero = { 0, 0 }, short_ts = { 0, 20000000 };
	struct iocb cb, *list[1] = { &cb };
	struct io_event ev;
	int p[2], st;
	pid_t pid;

	ok(pipe(p) == 0, "pipe");
	prep(&cb, IOCB_CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 0, 0, 7);
	ok(io_submit(ctx, 1, list) == 1, "POLL on an empty pipe is queued");
	ok(io_getevents(ctx, 1, 1, &ev, &zero) == 0,
	   "not complete yet (zero timeout)");
	ok(io_getevents(ctx, 1, 1, &ev, &short_ts) == 0,
	   "io_getevents times out with 0");
	ok(write(p[1], "x", 1) == 1, "write to the pipe");
	ok(io_getevents(ctx, 1, 1, &ev, NULL) == 1 && ev.data == 7 &&
	   (ev.res & POLLIN), "POLL completes with POLLIN after the write");
	ok(io_getevents(ctx, 0, 1, &ev, &zero) == 0, "one shot: nothing more");
	ok(io_submit(ctx, 1, list) == 1 &&
	   io_getevents(ctx, 1, 1, &ev, NULL) == 1 && (ev.res & POLLIN),
	   "POLL on a ready pipe completes at once");
	char c;
	ok(read(p[0], &c, 1) == 1, "drain the pipe");

	/* Completed by another process while we sleep in io_getevents. */
	ok(io_submit(ctx, 1, list) == 1, "POLL queued again");
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 50000000 };

		nanosleep(&d, NULL);
		_exit(write(p[1], "y", 1) == 1 ? 0 : 1);
	}
	ok(io_getevents(ctx, 1, 1, &ev, NULL) == 1 && (ev.res & POLLIN),
	   "a child's write wakes io_getevents");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	   "child done");
	ok(read(p[0], &c, 1) == 1, "drain the pipe");

	/* Cancel. */
	ok(io_submit(ctx, 1, list) == 1, "POLL queued for cancel");
	ok_errno(io_cancel(ctx, &cb, &ev), EINPROGRESS,
		 "io_cancel of a POLL is EINPROGRESS");
	ok(io_getevents(ctx, 1, 1, &ev, NULL) == 1 && ev.data == 7 &&
	   ev.res == 0, "the cancelled POLL completes with 0");
	ok_errno(io_cancel(ctx, &cb, &ev), EINVAL,
		 "io_cancel of a finished iocb is EINVAL");
	ok_errno(io_cancel(ctx, (struct iocb *)8, &ev), EFAULT,
		 "io_cancel of a bad pointer is EFAULT");
	cb.aio_key = 5;
	ok_errno(io_cancel(ctx, &cb, &ev), EINVAL,
		 "io_cancel with a wrong aio_key is EINVAL");

	prep(&cb, IOCB_CMD_POLL, p[0], (void *)0x10000, 0, 0, 7);
	ok_errno(io_submit(ctx, 1, list), EINVAL, "POLL events over 16 bits is EINVAL");
	prep(&cb, IOCB_CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 1, 0, 7);
	ok_errno(io_submit(ctx, 1, list), EINVAL, "POLL with aio_nbytes is EINVAL");
	prep(&cb, IOCB_CMD_FSYNC, p[0], NULL, 0, 0, 0);
	ok_errno(io_submit(ctx, 1, list), EINVAL, "FSYNC on a pipe is EINVAL");
	close(p[0]);
	close(p[1]);
}

static void test_pgetevents(aio_context_t ctx)
{
	struct timespec zero = { 0, 0 };
	struct io_event ev;
	sigset_t set;
	struct {
		const sigset_t *mask;
		size_t size;
	} ss = { &set, 8 };

	sigemptyset(&set);
	ok(syscall(SYS_io_pgetevents, ctx, 0, 1, &ev, &zero, &ss) == 0,
	   "io_pgetevents with a signal mask and nothing to reap");
	ss.size = 4;
	ok_errno(syscall(SYS_io_pgetevents, ctx, 0, 1, &ev, &zero, &ss), EINVAL,
		 "io_pgetevents with a bad sigset size is EINVAL");
	ok_errno(syscall(SYS_io_pgetevents, ctx, 0, 1, &ev, &zero, (void *)8),
		 EFAULT, "io_pgetevents with a bad sigset pointer is EFAULT");
}

static void test_destroy_fork(void)
{
	struct iocb cb, *list[1] = { &cb };
	aio_context_t ctx = 0;
	int p[2], st;
	pid_t pid;

	ok(io_setup(4, &ctx) == 0 && ctx != 0, "io_setup a second context");
	ok(pipe(p) == 0, "pipe");
	prep(&cb, IOCB_CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 0, 0, 1);
	ok(io_submit(ctx, 1, list) == 1, "a pending POLL");
	pid = fork();
	if (pid == 0) {
		struct io_event ev;

		if (io_submit(ctx, 1, list) != -1 || errno != EINVAL)
			_exit(1);
		if (io_getevents(ctx, 0, 1, &ev, NULL) != -1 || errno != EINVAL)
			_exit(2);
		if (io_destroy(ctx) != -1 || errno != EINVAL)
			_exit(3);
		_exit(0);
	}
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	   "a forked child has no AIO contexts");
	ok(io_destroy(ctx) == 0, "io_destroy with a POLL pending");
	ok_errno(io_destroy(ctx), EINVAL, "io_destroy twice is EINVAL");
	ok_errno(io_submit(ctx, 1, list), EINVAL, "io_submit after io_destroy is EINVAL");
	close(p[0]);
	close(p[1]);
	/* Left for exit to clean up. */
	ctx = 0;
	ok(io_setup(4, &ctx) == 0, "a context left for exit");
}

int main(void)
{
	const char *tmp = getenv("T_TMPDIR") ? getenv("T_TMPDIR") : "/tmp";
	char path[512];
	aio_context_t ctx = 0;

	snprintf(path, sizeof(path), "%s/t_aio.dat", tmp);
	test_setup_errors();
	ok(io_setup(8, &ctx) == 0 && ctx != 0, "io_setup(8)");
	test_rw(ctx, path);
	test_resfd(ctx, path);
	test_poll(ctx);
	test_pgetevents(ctx);
	ok(io_destroy(ctx) == 0, "io_destroy");
	test_destroy_fork();
	return done();
}
