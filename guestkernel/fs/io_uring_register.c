// SPDX-License-Identifier: MIT
/*
 * io_uring_register.c - io_uring_register(2): registered buffers (checked
 * ranges for READ_FIXED/WRITE_FIXED), registered files (IOSQE_FIXED_FILE),
 * an eventfd signalled on completions, and the opcode probe.
 */
#include <linux/errno.h>

#include "fs/io_uring.h"
#include "fs/eventfd.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

static long reg_buffers(struct task *t, struct iou_ring *r, uaddr_t arg,
			u32 nr)
{
	struct iou_buf *bufs;
	u32 k;

	if (r->bufs)
		return -EBUSY;
	if (!nr || nr > IOU_MAX_BUFS)
		return -EINVAL;
	bufs = kzalloc(nr * sizeof(*bufs));
	if (!bufs)
		return -ENOMEM;
	if (copy_in(t->mm, bufs, arg, nr * sizeof(*bufs))) {
		kfree(bufs);
		return -EFAULT;
	}
	for (k = 0; k < nr; k++) {
		if (bufs[k].len > IOU_MAX_BUF_LEN ||
		    bufs[k].base + bufs[k].len < bufs[k].base ||
		    (!bufs[k].base && bufs[k].len)) {
			long err = bufs[k].len > IOU_MAX_BUF_LEN ? -EINVAL :
								     -EFAULT;

			kfree(bufs);
			return err;
		}
	}
	r->bufs = bufs;
	r->nr_bufs = nr;
	return 0;
}

static void drop_files(struct file **files, u32 n)
{
	u32 k;

	for (k = 0; k < n; k++)
		if (files[k])
			file_put(files[k]);
	kfree(files);
}

static long reg_files(struct task *t, struct iou_ring *r, uaddr_t arg, u32 nr)
{
	struct file **files;
	s32 fd;
	u32 k;

	if (r->files)
		return -EBUSY;
	if (!nr || nr > IOU_MAX_FILES)
		return -EINVAL;
	files = kzalloc(nr * sizeof(*files));
	if (!files)
		return -ENOMEM;
	for (k = 0; k < nr; k++) {
		if (copy_in(t->mm, &fd, arg + k * sizeof(fd), sizeof(fd))) {
			drop_files(files, k);
			return -EFAULT;
		}
		if (fd == -1)
			continue;	/* sparse slot */
		files[k] = fd_get(t, fd);
		if (!files[k] || iou_file_ring(files[k])) {
			drop_files(files, k + 1);
			return -EBADF;
		}
	}
	r->files = files;
	r->nr_files = nr;
	return 0;
}

static long reg_eventfd(struct task *t, struct iou_ring *r, uaddr_t arg,
			u32 nr, bool async)
{
	struct file *f;
	s32 fd;

	if (nr != 1)
		return -EINVAL;
	if (r->evfd)
		return -EBUSY;
	if (copy_in(t->mm, &fd, arg, sizeof(fd)))
		return -EFAULT;
	f = fd_get(t, fd);
	if (!f)
		return -EBADF;
	if (!file_is_eventfd(f)) {
		file_put(f);
		return -EINVAL;
	}
	r->evfd = f;
	r->evfd_async = async;
	return 0;
}

static long reg_probe(struct task *t, uaddr_t arg, u32 nr)
{
	struct io_uring_probe hdr;
	struct io_uring_probe_op op;
	size_t size;
	u32 k;
	u8 *zero;
	long ret = 0;

	if (nr > IORING_OP_LAST)
		nr = IORING_OP_LAST;
	size = sizeof(hdr) + nr * sizeof(op);
	zero = kzalloc(size);
	if (!zero)
		return -ENOMEM;
	if (copy_in(t->mm, zero, arg, size)) {
		ret = -EFAULT;
		goto out;
	}
	for (k = 0; k < size; k++)
		if (zero[k]) {
			ret = -EINVAL;
			goto out;
		}
	memset(&hdr, 0, sizeof(hdr));
	hdr.last_op = IORING_OP_LAST - 1;
	hdr.ops_len = nr;
	if (copy_out(t->mm, arg, &hdr, sizeof(hdr))) {
		ret = -EFAULT;
		goto out;
	}
	for (k = 0; k < nr; k++) {
		memset(&op, 0, sizeof(op));
		op.op = k;
		if (iou_op_supported(k))
			op.flags = IO_URING_OP_SUPPORTED;
		if (copy_out(t->mm, arg + sizeof(hdr) + k * sizeof(op), &op,
			     sizeof(op))) {
			ret = -EFAULT;
			goto out;
		}
	}
out:
	kfree(zero);
	return ret;
}

/* io_uring_register(fd, opcode, arg, nr_args). */
SYSCALL_DEFINE(io_uring_register)
{
	u32 op = (u32)a->a[1], nr = (u32)a->a[3];
	uaddr_t arg = a->a[2];
	struct iou_ring *r;
	struct file *f;
	long ret;

	ret = iou_fd_ring(t, (int)a->a[0], &f, &r);
	if (ret)
		return ret;
	switch (op) {
	case IORING_REGISTER_BUFFERS:
		ret = reg_buffers(t, r, arg, nr);
		break;
	case IORING_UNREGISTER_BUFFERS:
		ret = arg || nr ? -EINVAL : r->bufs ? 0 : -ENXIO;
		if (!ret) {
			kfree(r->bufs);
			r->bufs = NULL;
			r->nr_bufs = 0;
		}
		break;
	case IORING_REGISTER_FILES:
		ret = reg_files(t, r, arg, nr);
		break;
	case IORING_UNREGISTER_FILES:
		ret = arg || nr ? -EINVAL : r->files ? 0 : -ENXIO;
		if (!ret) {
			drop_files(r->files, r->nr_files);
			r->files = NULL;
			r->nr_files = 0;
		}
		break;
	case IORING_REGISTER_EVENTFD:
	case IORING_REGISTER_EVENTFD_ASYNC:
		ret = reg_eventfd(t, r, arg, nr,
				  op == IORING_REGISTER_EVENTFD_ASYNC);
		break;
	case IORING_UNREGISTER_EVENTFD:
		ret = arg || nr ? -EINVAL : r->evfd ? 0 : -ENXIO;
		if (!ret) {
			file_put(r->evfd);
			r->evfd = NULL;
		}
		break;
	case IORING_REGISTER_PROBE:
		ret = reg_probe(t, arg, nr);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	file_put(f);
	return ret;
}
