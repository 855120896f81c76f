/* SPDX-License-Identifier: MIT */
/* Hostcalls that move data: read, write, seek, poll, terminal ioctls. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "vmm/hostcalls_internal.h"

/* Sizes of the kernel's struct termios and struct winsize (x86_64). */
#define HC_KTERMIOS_SIZE 36
#define HC_WINSIZE_SIZE 8

/* HC_PREAD/HC_PWRITE: a0 handle, a1 buf pa, a2 len, a3 offset (-1: current). */
static long hc_rw(struct vmm_hostcalls *hc, struct hc_req *r, bool write_op)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], true, false);
	long long off = (long long)r->a[3];
	uint64_t len = r->a[2];
	ssize_t n;
	void *buf;

	if (!vh)
		return -EBADF;
	if (write_op && (vh->flags & VMM_HANDLE_READONLY))
		return -EROFS;
	if (len > VMM_HC_MAX_IO)
		len = VMM_HC_MAX_IO;
	buf = hc_mem(hc, r->a[1], len);
	if (!buf)
		return -EFAULT;
	if (off < -1)
		return -EINVAL;
	if (off >= 0 && (vh->flags & VMM_HANDLE_STDIO))
		return -ESPIPE;
	if (write_op)
		n = off == -1 ? write(vh->fd, buf, len) :
				pwrite(vh->fd, buf, len, off);
	else
		n = off == -1 ? read(vh->fd, buf, len) :
				pread(vh->fd, buf, len, off);
	return n < 0 ? -errno : n;
}

/* HC_SEEK: a0 handle, a1 offset, a2 whence. */
static long hc_seek(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], false, false);
	off_t o;

	if (!vh)
		return -EBADF;
	switch (r->a[2]) {
	case SEEK_SET:
	case SEEK_CUR:
	case SEEK_END:
	case SEEK_DATA:
	case SEEK_HOLE:
		break;
	default:
		return -EINVAL;
	}
	o = lseek(vh->fd, (off_t)r->a[1], (int)r->a[2]);
	return o < 0 ? -errno : (long)o;
}

/* HC_POLL: a0 hc_pollfd array pa, a1 count, a2 timeout ns (-1: forever). */
static long hc_poll(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct pollfd pfds[VMM_HC_MAX_POLL];
	struct hc_pollfd *hp;
	struct timespec ts, *tsp = NULL;
	uint64_t i, n = r->a[1];
	int ret;

	if (n > VMM_HC_MAX_POLL)
		return -EINVAL;
	hp = hc_mem(hc, r->a[0], n * sizeof(*hp));
	if (!hp)
		return -EFAULT;
	for (i = 0; i < n; i++) {
		struct hc_pollfd p;
		struct vmm_handle *vh;

		memcpy(&p, &hp[i], sizeof(p));
		vh = p.handle < 0 ? NULL :
		     hc_handle(hc, (uint64_t)p.handle, true, false);
		if (!vh)
			return -EBADF;
		pfds[i].fd = vh->fd;
		pfds[i].events = p.events & (POLLIN | POLLOUT | POLLPRI);
		pfds[i].revents = 0;
	}
	if ((long long)r->a[2] >= 0) {
		ts.tv_sec = r->a[2] / 1000000000ull;
		ts.tv_nsec = r->a[2] % 1000000000ull;
		tsp = &ts;
	}
	ret = ppoll(pfds, n, tsp, NULL);
	if (ret < 0)
		return -errno;
	for (i = 0; i < n; i++)
		hp[i].revents = pfds[i].revents;
	return ret;
}

/* HC_IOCTL: a0 handle, a1 request, a2 arg pa, a3 arg len. STDIO only. */
static long hc_ioctl(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], true, false);
	unsigned char arg[64];
	uint64_t need;
	bool out;
	void *p;

	if (!vh)
		return -EBADF;
	if (!(vh->flags & VMM_HANDLE_STDIO))
		return -ENOTTY;
	switch (r->a[1]) {
	case TCGETS:
		need = HC_KTERMIOS_SIZE;
		out = true;
		break;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		need = HC_KTERMIOS_SIZE;
		out = false;
		break;
	case TIOCGWINSZ:
		need = HC_WINSIZE_SIZE;
		out = true;
		break;
	case TIOCSWINSZ:
		need = HC_WINSIZE_SIZE;
		out = false;
		break;
	default:
		return -ENOTTY;
	}
	if (r->a[3] != need)
		return -EINVAL;
	p = hc_mem(hc, r->a[2], need);
	if (!p)
		return -EFAULT;
	memset(arg, 0, sizeof(arg));
	if (!out)
		memcpy(arg, p, need);
	if (ioctl(vh->fd, (unsigned long)r->a[1], arg) < 0)
		return -errno;
	if (out)
		memcpy(p, arg, need);
	return 0;
}

/* HC_FSYNC: a0 handle. HC_FTRUNCATE: a0 handle, a1 length. */
static long hc_sync_trunc(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], false, false);
	int ret;

	if (!vh)
		return -EBADF;
	if (r->nr == HC_FSYNC) {
		ret = fsync(vh->fd);
	} else {
		if (vh->flags & VMM_HANDLE_READONLY)
			return -EROFS;
		if ((long long)r->a[1] < 0)
			return -EINVAL;
		ret = ftruncate(vh->fd, (off_t)r->a[1]);
	}
	return ret < 0 ? -errno : 0;
}

/* hc_io_call - see hostcalls_internal.h. */
long hc_io_call(struct vmm_hostcalls *hc, struct hc_req *r)
{
	switch (r->nr) {
	case HC_PREAD:
		return hc_rw(hc, r, false);
	case HC_PWRITE:
		return hc_rw(hc, r, true);
	case HC_SEEK:
		return hc_seek(hc, r);
	case HC_POLL:
		return hc_poll(hc, r);
	case HC_IOCTL:
		return hc_ioctl(hc, r);
	case HC_FSYNC:
	case HC_FTRUNCATE:
		return hc_sync_trunc(hc, r);
	default:
		return -ENOSYS;
	}
}
