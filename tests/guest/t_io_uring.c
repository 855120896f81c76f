// SPDX-License-Identifier: MIT
/*
 * t_io_uring.c - io_uring_setup/enter/register through raw system calls
 * (no liburing): ring setup and its parameters, NOP, READ/WRITE(V), FSYNC,
 * OPENAT/CLOSE, POLL_ADD/ASYNC_CANCEL, TIMEOUT, links, drain, registered
 * files/buffers/eventfd, the probe, ring fd readiness, CQ overflow and
 * error paths.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/io_uring.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "gtap.h"

struct ring {
	int fd;
	struct io_uring_params p;
	unsigned char *rp;
	size_t rsz;
	struct io_uring_sqe *sqes;
	unsigned *sq_head, *sq_tail, *sq_mask, *sq_array, *sq_flags;
	unsigned *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes;
	unsigned tail;
};

static long uring_setup(unsigned entries, struct io_uring_params *p)
{
	return syscall(__NR_io_uring_setup, entries, p);
}

static long uring_enter(int fd, unsigned submit, unsigned min, unsigned flags,
			void *arg, size_t argsz)
{
	return syscall(__NR_io_uring_enter, fd, submit, min, flags, arg, argsz);
}

static long uring_register(int fd, unsigned op, void *arg, unsigned nr)
{
	return syscall(__NR_io_uring_register, fd, op, arg, nr);
}

static int ring_init(struct ring *r, unsigned entries, unsigned flags,
		     unsigned cq_entries)
{
	size_t sqsz, cqsz;

	memset(r, 0, sizeof(*r));
	r->p.flags = flags;
	r->p.cq_entries = cq_entries;
	r->fd = uring_setup(entries, &r->p);
	if (r->fd < 0)
		return -1;
	sqsz = r->p.sq_off.array + r->p.sq_entries * sizeof(unsigned);
	cqsz = r->p.cq_off.cqes + r->p.cq_entries * sizeof(struct io_uring_cqe);
	r->rsz = sqsz > cqsz ? sqsz : cqsz;
	r->rp = mmap(NULL, r->rsz, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	if (r->rp == MAP_FAILED)
		return -1;
	r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (r->sqes == MAP_FAILED)
		return -1;
	r->sq_head = (unsigned *)(r->rp + r->p.sq_off.head);
	r->sq_tail = (unsigned *)(r->rp + r->p.sq_off.tail);
	r->sq_mask = (unsigned *)(r->rp + r->p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(r->rp + r->p.sq_off.array);
	r->sq_flags = (unsigned *)(r->rp + r->p.sq_off.flags);
	r->cq_head = (unsigned *)(r->rp + r->p.cq_off.head);
	r->cq_tail = (unsigned *)(r->rp + r->p.cq_off.tail);
	r->cq_mask = (unsigned *)(r->rp + r->p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(r->rp + r->p.cq_off.cqes);
	r->tail = *r->sq_tail;
	return 0;
}

static void ring_exit(struct ring *r)
{
	munmap(r->sqes, r->p.sq_entries * sizeof(struct io_uring_sqe));
	munmap(r->rp, r->rsz);
	close(r->fd);
}

/* A zeroed SQE at the tail (published by ring_submit), or NULL when full. */
static struct io_uring_sqe *get_sqe(struct ring *r, unsigned char op,
				    int fd, unsigned long long data)
{
	unsigned head = __atomic_load_n(r->sq_head, __ATOMIC_ACQUIRE);
	unsigned idx;
	struct io_uring_sqe *sqe;

	if (r->tail - head >= r->p.sq_entries)
		return NULL;
	idx = r->tail & *r->sq_mask;
	sqe = &r->sqes[idx];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = op;
	sqe->fd = fd;
	sqe->user_data = data;
	r->sq_array[idx] = idx;
	r->tail++;
	return sqe;
}

/* Publish the SQEs and enter: submit them, wait for @wait completions. */
static long ring_submit(struct ring *r, unsigned wait)
{
	unsigned n = r->tail - *r->sq_tail;

	__atomic_store_n(r->sq_tail, r->tail, __ATOMIC_RELEASE);
	return uring_enter(r->fd, n, wait, wait ? IORING_ENTER_GETEVENTS : 0,
			   NULL, 0);
}

/* Take one CQE if there is one. */
static int peek_cqe(struct ring *r, struct io_uring_cqe *out)
{
	unsigned head = *r->cq_head;
	unsigned tail = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE);

	if (head == tail)
		return 0;
	*out = r->cqes[head & *r->cq_mask];
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return 1;
}

/* Wait for and take one CQE. 0 or -errno of io_uring_enter. */
static int wait_cqe(struct ring *r, struct io_uring_cqe *out)
{
	while (!peek_cqe(r, out)) {
		if (uring_enter(r->fd, 0, 1, IORING_ENTER_GETEVENTS, NULL,
				0) < 0)
			return -errno;
	}
	return 0;
}

/* Submit what is queued and check one completion's user_data and res. */
static void expect_cqe(struct ring *r, unsigned long long data, int res,
		       const char *what)
{
	struct io_uring_cqe c;
	int e = wait_cqe(r, &c);

	if (!ok(!e && c.user_data == data && c.res == res, "%s", what))
		diag("enter %d, cqe data %llu res %d (want %llu %d)", e,
		     (unsigned long long)c.user_data, c.res, data, res);
}

static void test_setup_params(void)
{
	struct io_uring_params p;
	long fd;

	memset(&p, 0, sizeof(p));
	fd = uring_setup(3, &p);
	ok(fd >= 0 && p.sq_entries == 4 && p.cq_entries == 8,
	   "setup rounds 3 entries to sq 4, cq 8");
	ok(fd >= 0 && (p.features & IORING_FEAT_SINGLE_MMAP) &&
	   (p.features & IORING_FEAT_NODROP) &&
	   (p.features & IORING_FEAT_RW_CUR_POS),
	   "features: SINGLE_MMAP, NODROP, RW_CUR_POS");
	ok(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "ring fd is O_CLOEXEC");
	if (fd >= 0)
		close(fd);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 10;
	fd = uring_setup(4, &p);
	ok(fd >= 0 && p.sq_entries == 4 && p.cq_entries == 16,
	   "CQSIZE 10 rounds to 16");
	if (fd >= 0)
		close(fd);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 2;
	ok_errno(uring_setup(4, &p), EINVAL, "CQSIZE smaller than SQ: EINVAL");

	memset(&p, 0, sizeof(p));
	ok_errno(uring_setup(65536, &p), EINVAL, "too many entries: EINVAL");
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CLAMP;
	fd = uring_setup(65536, &p);
	ok(fd >= 0 && p.sq_entries == 32768 && p.cq_entries == 65536,
	   "CLAMP: sq 32768, cq 65536");
	if (fd >= 0)
		close(fd);

	memset(&p, 0, sizeof(p));
	ok_errno(uring_setup(0, &p), EINVAL, "0 entries: EINVAL");
	ok_errno(uring_setup(4, (void *)8), EFAULT, "bad params: EFAULT");
	memset(&p, 0, sizeof(p));
	p.flags = 1U << 31;
	ok_errno(uring_setup(4, &p), EINVAL, "unknown setup flag: EINVAL");
	memset(&p, 0, sizeof(p));
	p.resv[0] = 1;
	ok_errno(uring_setup(4, &p), EINVAL, "nonzero resv: EINVAL");
}

static void test_errors(struct ring *r)
{
	int pfd[2];

	ok_errno(uring_enter(999, 0, 0, 0, NULL, 0), EBADF,
		 "enter on a bad fd: EBADF");
	if (pipe(pfd))
		return;
	ok_errno(uring_enter(pfd[0], 0, 0, 0, NULL, 0), EOPNOTSUPP,
		 "enter on a pipe: EOPNOTSUPP");
	ok_errno(uring_register(pfd[0], IORING_REGISTER_PROBE, NULL, 0),
		 EOPNOTSUPP, "register on a pipe: EOPNOTSUPP");
	close(pfd[0]);
	close(pfd[1]);
	ok_errno(uring_register(r->fd, 9999, NULL, 0), EINVAL,
		 "unknown register opcode: EINVAL");
	get_sqe(r, 250, -1, 77);
	ok(ring_submit(r, 0) == 1, "submit an unknown opcode");
	expect_cqe(r, 77, -EINVAL, "unknown opcode: CQE -EINVAL");
	get_sqe(r, IORING_OP_NOP, -1, 78)->flags = 0x80;
	ring_submit(r, 0);
	expect_cqe(r, 78, -EINVAL, "unknown SQE flag: CQE -EINVAL");
}

static void test_nop_and_readiness(struct ring *r)
{
	struct pollfd pf = { .fd = r->fd, .events = POLLIN };
	struct io_uring_cqe c;

	ok(poll(&pf, 1, 0) == 0, "ring fd not readable with an empty CQ");
	get_sqe(r, IORING_OP_NOP, -1, 0x1234);
	ok(ring_submit(r, 1) == 1, "NOP submitted, waited for");
	pf.revents = 0;
	ok(poll(&pf, 1, 0) == 1 && (pf.revents & POLLIN),
	   "ring fd readable with a CQE pending");
	ok(peek_cqe(r, &c) && c.user_data == 0x1234 && c.res == 0,
	   "NOP completes with res 0");
	pf.revents = 0;
	ok(poll(&pf, 1, 0) == 0, "ring fd not readable once consumed");
}

static void test_rw(struct ring *r, int fd)
{
	static const char msg[] = "hello io_uring";
	char buf[64], a[8], b[8];
	struct iovec wv[2] = { { (void *)"abc", 3 }, { (void *)"defg", 4 } };
	struct iovec rv[2] = { { a, 7 }, { b, 8 } };
	struct io_uring_sqe *sqe;

	sqe = get_sqe(r, IORING_OP_WRITE, fd, 1);
	sqe->addr = (uintptr_t)msg;
	sqe->len = 14;
	sqe->off = 0;
	ring_submit(r, 0);
	expect_cqe(r, 1, 14, "WRITE at offset 0");
	ok(lseek(fd, 0, SEEK_CUR) == 0, "WRITE at an offset keeps the position");

	sqe = get_sqe(r, IORING_OP_WRITEV, fd, 2);
	sqe->addr = (uintptr_t)wv;
	sqe->len = 2;
	sqe->off = 14;
	ring_submit(r, 0);
	expect_cqe(r, 2, 7, "WRITEV of two iovecs");

	memset(buf, 0, sizeof(buf));
	sqe = get_sqe(r, IORING_OP_READ, fd, 3);
	sqe->addr = (uintptr_t)buf;
	sqe->len = sizeof(buf);
	sqe->off = 0;
	ring_submit(r, 0);
	expect_cqe(r, 3, 21, "READ at offset 0 up to EOF");
	ok(!memcmp(buf, "hello io_uringabcdefg", 21), "READ data");

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	sqe = get_sqe(r, IORING_OP_READV, fd, 4);
	sqe->addr = (uintptr_t)rv;
	sqe->len = 2;
	sqe->off = 6;
	ring_submit(r, 0);
	expect_cqe(r, 4, 15, "READV of two iovecs");
	ok(!memcmp(a, "io_urin", 7) && !memcmp(b, "gabcdefg", 8), "READV data");

	memset(buf, 0, sizeof(buf));
	sqe = get_sqe(r, IORING_OP_READ, fd, 5);
	sqe->addr = (uintptr_t)buf;
	sqe->len = 5;
	sqe->off = (unsigned long long)-1;
	ring_submit(r, 0);
	expect_cqe(r, 5, 5, "READ at offset -1 (current position)");
	ok(!memcmp(buf, "hello", 5) && lseek(fd, 0, SEEK_CUR) == 5,
	   "offset -1 reads at and advances the file position");

	get_sqe(r, IORING_OP_FSYNC, fd, 6);
	ring_submit(r, 0);
	expect_cqe(r, 6, 0, "FSYNC");

	sqe = get_sqe(r, IORING_OP_READ, 999, 7);
	sqe->addr = (uintptr_t)buf;
	sqe->len = 1;
	ring_submit(r, 0);
	expect_cqe(r, 7, -EBADF, "READ of a bad fd: CQE -EBADF");
}

static void test_open_close(struct ring *r, const char *path)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe c;
	int e;

	sqe = get_sqe(r, IORING_OP_OPENAT, AT_FDCWD, 10);
	sqe->addr = (uintptr_t)path;
	sqe->open_flags = O_RDONLY;
	ring_submit(r, 0);
	e = wait_cqe(r, &c);
	ok(!e && c.user_data == 10 && c.res >= 0, "OPENAT opens the file");
	if (e || c.res < 0)
		return;
	ok(fcntl(c.res, F_GETFD) >= 0, "the opened fd is valid");
	get_sqe(r, IORING_OP_CLOSE, c.res, 11);
	ring_submit(r, 0);
	expect_cqe(r, 11, 0, "CLOSE it");
	ok_errno(fcntl(c.res, F_GETFD), EBADF, "the fd is closed");

	sqe = get_sqe(r, IORING_OP_OPENAT, AT_FDCWD, 12);
	sqe->addr = (uintptr_t)"/nonexistent/file";
	ring_submit(r, 0);
	expect_cqe(r, 12, -ENOENT, "OPENAT of a missing path: -ENOENT");
}

static void test_poll(struct ring *r)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe c;
	int pfd[2], e;

	if (pipe(pfd))
		return;
	sqe = get_sqe(r, IORING_OP_POLL_ADD, pfd[0], 20);
	sqe->poll32_events = POLLIN;
	ok(ring_submit(r, 0) == 1, "POLL_ADD on an empty pipe submitted");
	ok(!peek_cqe(r, &c), "no completion before the pipe has data");
	ok(write(pfd[1], "x", 1) == 1, "write to the pipe");
	e = wait_cqe(r, &c);
	ok(!e && c.user_data == 20 && (c.res & POLLIN),
	   "POLL_ADD completes with POLLIN");

	/* Cancel a pending poll. */
	read(pfd[0], &c, 1);
	sqe = get_sqe(r, IORING_OP_POLL_ADD, pfd[0], 21);
	sqe->poll32_events = POLLIN;
	ring_submit(r, 0);
	sqe = get_sqe(r, IORING_OP_ASYNC_CANCEL, -1, 22);
	sqe->addr = 21;
	ring_submit(r, 0);
	expect_cqe(r, 22, 0, "ASYNC_CANCEL succeeds");
	expect_cqe(r, 21, -ECANCELED,
		   "then the poll completes with -ECANCELED");
	sqe = get_sqe(r, IORING_OP_POLL_REMOVE, -1, 23);
	sqe->addr = 21;
	ring_submit(r, 0);
	expect_cqe(r, 23, -ENOENT, "POLL_REMOVE of nothing: -ENOENT");

	/* A READ of an empty pipe completes when data arrives. */
	sqe = get_sqe(r, IORING_OP_READ, pfd[0], 24);
	sqe->addr = (uintptr_t)&c;
	sqe->len = 1;
	ring_submit(r, 0);
	ok(!peek_cqe(r, &c), "READ of an empty pipe is pending");
	ok(write(pfd[1], "y", 1) == 1, "write to the pipe");
	expect_cqe(r, 24, 1, "the READ completes with the byte");

	/* IO_DRAIN: a NOP waits for the pending poll before it. */
	sqe = get_sqe(r, IORING_OP_POLL_ADD, pfd[0], 25);
	sqe->poll32_events = POLLIN;
	get_sqe(r, IORING_OP_NOP, -1, 26)->flags = IOSQE_IO_DRAIN;
	ok(ring_submit(r, 0) == 2, "POLL_ADD then a drained NOP submitted");
	ok(!peek_cqe(r, &c), "the drained NOP waits");
	ok(write(pfd[1], "z", 1) == 1, "write to the pipe");
	e = wait_cqe(r, &c);
	ok(!e && c.user_data == 25 && (c.res & POLLIN), "the poll completes first");
	expect_cqe(r, 26, 0, "then the drained NOP");
	close(pfd[0]);
	close(pfd[1]);
}

static void test_timeout(struct ring *r)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	struct __kernel_timespec lts = { .tv_sec = 30, .tv_nsec = 0 };
	struct io_uring_getevents_arg ga;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe c;

	sqe = get_sqe(r, IORING_OP_TIMEOUT, -1, 30);
	sqe->addr = (uintptr_t)&ts;
	sqe->len = 1;
	ring_submit(r, 0);
	ok(!peek_cqe(r, &c), "TIMEOUT pending");
	expect_cqe(r, 30, -ETIME, "TIMEOUT fires with -ETIME");

	sqe = get_sqe(r, IORING_OP_TIMEOUT, -1, 31);
	sqe->addr = (uintptr_t)&lts;
	sqe->len = 1;
	sqe->off = 1;
	get_sqe(r, IORING_OP_NOP, -1, 32);
	ring_submit(r, 0);
	expect_cqe(r, 32, 0, "NOP completes");
	expect_cqe(r, 31, 0, "a count-1 TIMEOUT completes after it with 0");

	sqe = get_sqe(r, IORING_OP_TIMEOUT, -1, 33);
	sqe->addr = (uintptr_t)&lts;
	sqe->len = 1;
	ring_submit(r, 0);
	sqe = get_sqe(r, IORING_OP_TIMEOUT_REMOVE, -1, 34);
	sqe->addr = 33;
	ring_submit(r, 0);
	expect_cqe(r, 34, 0, "TIMEOUT_REMOVE succeeds");
	expect_cqe(r, 33, -ECANCELED, "then the timeout completes -ECANCELED");

	memset(&ga, 0, sizeof(ga));
	ga.ts = (uintptr_t)&ts;
	ok_errno(uring_enter(r->fd, 0, 1,
			     IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG,
			     &ga, sizeof(ga)), ETIME,
		 "GETEVENTS with an EXT_ARG timeout: ETIME");
	ok_errno(uring_enter(r->fd, 0, 1,
			     IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG,
			     &ga, 3), EINVAL, "EXT_ARG of a bad size: EINVAL");
}

static void test_link(struct ring *r)
{
	struct io_uring_sqe *sqe;
	char buf[4];

	sqe = get_sqe(r, IORING_OP_READ, 999, 40);
	sqe->addr = (uintptr_t)buf;
	sqe->len = 1;
	sqe->flags = IOSQE_IO_LINK;
	get_sqe(r, IORING_OP_NOP, -1, 41);
	ok(ring_submit(r, 0) == 2, "a failing READ linked to a NOP");
	expect_cqe(r, 40, -EBADF, "the READ fails with -EBADF");
	expect_cqe(r, 41, -ECANCELED, "the linked NOP is -ECANCELED");

	get_sqe(r, IORING_OP_NOP, -1, 42)->flags = IOSQE_IO_LINK;
	get_sqe(r, IORING_OP_NOP, -1, 43);
	ring_submit(r, 0);
	expect_cqe(r, 42, 0, "a successful link head");
	expect_cqe(r, 43, 0, "runs its successor");

	get_sqe(r, IORING_OP_NOP, -1, 44)->flags = IOSQE_CQE_SKIP_SUCCESS;
	get_sqe(r, IORING_OP_NOP, -1, 45);
	ring_submit(r, 0);
	expect_cqe(r, 45, 0, "CQE_SKIP_SUCCESS posts no CQE for success");
}

static void test_register(struct ring *r, int fd)
{
	struct io_uring_sqe *sqe;
	char buf[32], rbuf[4096];
	struct iovec iov = { rbuf, sizeof(rbuf) };
	int fds[2] = { -1, fd }, efd;
	uint64_t v = 0;

	ok(uring_register(r->fd, IORING_REGISTER_FILES, fds, 2) == 0,
	   "REGISTER_FILES");
	ok_errno(uring_register(r->fd, IORING_REGISTER_FILES, fds, 2), EBUSY,
		 "REGISTER_FILES twice: EBUSY");
	memset(buf, 0, sizeof(buf));
	sqe = get_sqe(r, IORING_OP_READ, 1, 50);
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->addr = (uintptr_t)buf;
	sqe->len = 5;
	sqe->off = 6;
	ring_submit(r, 0);
	expect_cqe(r, 50, 5, "READ through a FIXED_FILE");
	ok(!memcmp(buf, "io_ur", 5), "FIXED_FILE READ data");
	sqe = get_sqe(r, IORING_OP_READ, 0, 51);
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->addr = (uintptr_t)buf;
	sqe->len = 5;
	ring_submit(r, 0);
	expect_cqe(r, 51, -EBADF, "a sparse FIXED_FILE slot: -EBADF");
	ok(uring_register(r->fd, IORING_UNREGISTER_FILES, NULL, 0) == 0,
	   "UNREGISTER_FILES");
	ok_errno(uring_register(r->fd, IORING_UNREGISTER_FILES, NULL, 0), ENXIO,
		 "UNREGISTER_FILES again: ENXIO");

	ok(uring_register(r->fd, IORING_REGISTER_BUFFERS, &iov, 1) == 0,
	   "REGISTER_BUFFERS");
	sqe = get_sqe(r, IORING_OP_READ_FIXED, fd, 52);
	sqe->addr = (uintptr_t)rbuf;
	sqe->len = 5;
	sqe->off = 0;
	sqe->buf_index = 0;
	ring_submit(r, 0);
	expect_cqe(r, 52, 5, "READ_FIXED into the registered buffer");
	ok(!memcmp(rbuf, "hello", 5), "READ_FIXED data");
	sqe = get_sqe(r, IORING_OP_READ_FIXED, fd, 53);
	sqe->addr = (uintptr_t)buf;
	sqe->len = 5;
	sqe->buf_index = 0;
	ring_submit(r, 0);
	expect_cqe(r, 53, -EFAULT, "READ_FIXED outside the buffer: -EFAULT");
	ok(uring_register(r->fd, IORING_UNREGISTER_BUFFERS, NULL, 0) == 0,
	   "UNREGISTER_BUFFERS");

	efd = eventfd(0, EFD_NONBLOCK);
	ok(uring_register(r->fd, IORING_REGISTER_EVENTFD, &efd, 1) == 0,
	   "REGISTER_EVENTFD");
	get_sqe(r, IORING_OP_NOP, -1, 54);
	ring_submit(r, 0);
	expect_cqe(r, 54, 0, "NOP with an eventfd registered");
	ok(read(efd, &v, sizeof(v)) == sizeof(v) && v == 1,
	   "the eventfd was signalled once");
	ok(uring_register(r->fd, IORING_UNREGISTER_EVENTFD, NULL, 0) == 0,
	   "UNREGISTER_EVENTFD");
	get_sqe(r, IORING_OP_NOP, -1, 55);
	ring_submit(r, 0);
	expect_cqe(r, 55, 0, "NOP after unregistering");
	ok(read(efd, &v, sizeof(v)) == -1 && errno == EAGAIN,
	   "the eventfd is no longer signalled");
	close(efd);
}

static void test_probe(struct ring *r)
{
	size_t sz = sizeof(struct io_uring_probe) +
		    256 * sizeof(struct io_uring_probe_op);
	struct io_uring_probe *p = calloc(1, sz);

	if (!p)
		return;
	ok(uring_register(r->fd, IORING_REGISTER_PROBE, p, 256) == 0,
	   "REGISTER_PROBE");
	ok(p->last_op >= IORING_OP_LINKAT && p->ops_len > IORING_OP_LINKAT,
	   "probe reports the opcode range");
	ok((p->ops[IORING_OP_NOP].flags & IO_URING_OP_SUPPORTED) &&
	   (p->ops[IORING_OP_READV].flags & IO_URING_OP_SUPPORTED) &&
	   (p->ops[IORING_OP_POLL_ADD].flags & IO_URING_OP_SUPPORTED) &&
	   (p->ops[IORING_OP_TIMEOUT].flags & IO_URING_OP_SUPPORTED) &&
	   (p->ops[IORING_OP_OPENAT].flags & IO_URING_OP_SUPPORTED),
	   "probe: NOP, READV, POLL_ADD, TIMEOUT, OPENAT supported");
	ok_errno(uring_register(r->fd, IORING_REGISTER_PROBE, p, 256), EINVAL,
		 "REGISTER_PROBE into a non-zeroed buffer: EINVAL");
	free(p);
}

static void test_socket(struct ring *r)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe c;
	char buf[16];
	int sv[2];

	if (!ok_sys(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair"))
		return;
	memset(buf, 0, sizeof(buf));
	sqe = get_sqe(r, IORING_OP_RECV, sv[0], 60);
	sqe->addr = (uintptr_t)buf;
	sqe->len = sizeof(buf);
	ring_submit(r, 0);
	ok(!peek_cqe(r, &c), "RECV on an empty socket is pending");
	sqe = get_sqe(r, IORING_OP_SEND, sv[1], 61);
	sqe->addr = (uintptr_t)"ping";
	sqe->len = 4;
	ring_submit(r, 0);
	expect_cqe(r, 61, 4, "SEND of 4 bytes");
	expect_cqe(r, 60, 4, "the pending RECV gets them");
	ok(!memcmp(buf, "ping", 4), "RECV data");
	get_sqe(r, IORING_OP_SHUTDOWN, sv[1], 62)->len = SHUT_WR;
	ring_submit(r, 0);
	expect_cqe(r, 62, 0, "SHUTDOWN");
	sqe = get_sqe(r, IORING_OP_RECV, sv[0], 63);
	sqe->addr = (uintptr_t)buf;
	sqe->len = sizeof(buf);
	ring_submit(r, 0);
	expect_cqe(r, 63, 0, "RECV after the peer's shutdown: 0");
	close(sv[0]);
	close(sv[1]);
}

static void test_paths(struct ring *r, const char *base)
{
	char dir[300], name[300], name2[300];
	struct io_uring_sqe *sqe;
	struct statx stx;

	snprintf(dir, sizeof(dir), "%s.d", base);
	snprintf(name, sizeof(name), "%s.d/a", base);
	snprintf(name2, sizeof(name2), "%s.d/b", base);
	sqe = get_sqe(r, IORING_OP_MKDIRAT, AT_FDCWD, 70);
	sqe->addr = (uintptr_t)dir;
	sqe->len = 0700;
	ring_submit(r, 0);
	expect_cqe(r, 70, 0, "MKDIRAT");
	sqe = get_sqe(r, IORING_OP_SYMLINKAT, AT_FDCWD, 71);
	sqe->addr = (uintptr_t)"target";
	sqe->addr2 = (uintptr_t)name;
	ring_submit(r, 0);
	expect_cqe(r, 71, 0, "SYMLINKAT");
	sqe = get_sqe(r, IORING_OP_RENAMEAT, AT_FDCWD, 72);
	sqe->addr = (uintptr_t)name;
	sqe->len = AT_FDCWD;
	sqe->addr2 = (uintptr_t)name2;
	ring_submit(r, 0);
	expect_cqe(r, 72, 0, "RENAMEAT");
	memset(&stx, 0, sizeof(stx));
	sqe = get_sqe(r, IORING_OP_STATX, AT_FDCWD, 73);
	sqe->addr = (uintptr_t)name2;
	sqe->statx_flags = AT_SYMLINK_NOFOLLOW;
	sqe->len = STATX_TYPE | STATX_SIZE;
	sqe->addr2 = (uintptr_t)&stx;
	ring_submit(r, 0);
	expect_cqe(r, 73, 0, "STATX");
	ok(S_ISLNK(stx.stx_mode) && stx.stx_size == 6,
	   "STATX sees the renamed symlink");
	sqe = get_sqe(r, IORING_OP_UNLINKAT, AT_FDCWD, 74);
	sqe->addr = (uintptr_t)name2;
	ring_submit(r, 0);
	expect_cqe(r, 74, 0, "UNLINKAT the symlink");
	sqe = get_sqe(r, IORING_OP_UNLINKAT, AT_FDCWD, 75);
	sqe->addr = (uintptr_t)dir;
	sqe->unlink_flags = AT_REMOVEDIR;
	ring_submit(r, 0);
	expect_cqe(r, 75, 0, "UNLINKAT AT_REMOVEDIR the directory");
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_eintr(struct ring *r)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	ok_errno(uring_enter(r->fd, 0, 1, IORING_ENTER_GETEVENTS, NULL, 0),
		 EINTR, "a signal interrupts GETEVENTS: EINTR");
	alarm(0);
}

/* A process that exits with requests pending tears its ring down cleanly. */
static void test_exit_pending(void)
{
	struct __kernel_timespec lts = { .tv_sec = 30, .tv_nsec = 0 };
	int pfd[2], status = -1;
	pid_t pid;

	if (pipe(pfd))
		return;
	pid = fork();
	if (pid == 0) {
		struct io_uring_sqe *sqe;
		struct ring r;

		if (ring_init(&r, 4, 0, 0))
			_exit(1);
		get_sqe(&r, IORING_OP_POLL_ADD, pfd[0], 1)->poll32_events =
			POLLIN;
		sqe = get_sqe(&r, IORING_OP_TIMEOUT, -1, 2);
		sqe->addr = (uintptr_t)&lts;
		sqe->len = 1;
		sqe = get_sqe(&r, IORING_OP_READ, pfd[0], 3);
		sqe->addr = (uintptr_t)&lts;
		sqe->len = 1;
		get_sqe(&r, IORING_OP_NOP, -1, 4);
		_exit(ring_submit(&r, 0) == 4 ? 0 : 2);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "a process exits with a poll, a timeout and a read pending");
	ok(write(pfd[1], "x", 1) == 1, "the pipe still works afterwards");
	close(pfd[0]);
	close(pfd[1]);
}

static void test_overflow(void)
{
	struct io_uring_cqe c;
	struct ring r;
	int i, k, got = 0, inorder = 1;

	if (!ok(ring_init(&r, 4, 0, 0) == 0, "a 4-entry ring"))
		return;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 4; i++)
			get_sqe(&r, IORING_OP_NOP, -1, k * 4 + i);
		ring_submit(&r, 0);
	}
	ok(__atomic_load_n(r.sq_flags, __ATOMIC_ACQUIRE) &
	   IORING_SQ_CQ_OVERFLOW, "12 NOPs on an 8-entry CQ: CQ_OVERFLOW set");
	while (got < 12 && !wait_cqe(&r, &c)) {
		if (c.user_data != (unsigned)got || c.res != 0)
			inorder = 0;
		got++;
	}
	ok(got == 12 && inorder, "NODROP: all 12 CQEs arrive in order");
	ok(!(__atomic_load_n(r.sq_flags, __ATOMIC_ACQUIRE) &
	     IORING_SQ_CQ_OVERFLOW), "CQ_OVERFLOW cleared");
	ring_exit(&r);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	struct io_uring_params p;
	char path[256];
	struct ring r;
	long probe;
	int fd;

	memset(&p, 0, sizeof(p));
	probe = uring_setup(1, &p);
	if (probe < 0 && (errno == ENOSYS || errno == EPERM)) {
		printf("1..0 # SKIP io_uring is disabled on this host\n");
		return 0;
	}
	close(probe);
	test_setup_params();
	if (!ok(ring_init(&r, 8, 0, 0) == 0, "ring set up and mapped"))
		return done();
	snprintf(path, sizeof(path), "%s/t_io_uring.XXXXXX", tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (!ok_sys(fd, "mkstemp"))
		return done();
	test_errors(&r);
	test_nop_and_readiness(&r);
	test_rw(&r, fd);
	test_open_close(&r, path);
	test_poll(&r);
	test_timeout(&r);
	test_link(&r);
	test_register(&r, fd);
	test_socket(&r);
	test_paths(&r, path);
	test_eintr(&r);
	test_probe(&r);
	test_overflow();
	test_exit_pending();
	ring_exit(&r);
	close(fd);
	unlink(path);
	return done();
}
