// SPDX-License-Identifier: MIT
/*
 * io_uring_ring.c - io_uring_setup(2): the ring file, its shared pages, and
 * posting completions into the CQ ring.
 *
 * Ring region layout (all offsets reported in io_uring_params):
 *   0 SQ head, 4 SQ tail, 64 CQ head, 68 CQ tail (own cache lines),
 *   128.. masks, entry counts, SQ dropped/flags, CQ flags/overflow,
 *   192 the CQE array, then the SQ index array.
 */
#include <linux/errno.h>
#include <linux/fcntl.h>

#include "fs/io_uring.h"
#include "fs/fs_uapi.h"
#include "fs/eventfd.h"
#include "fs/pagecache.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define IOU_SETUP_FLAGS (IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP)
#define IOU_FEATURES (IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | \
		      IORING_FEAT_SUBMIT_STABLE | IORING_FEAT_RW_CUR_POS | \
		      IORING_FEAT_EXT_ARG | IORING_FEAT_POLL_32BITS | \
		      IORING_FEAT_CQE_SKIP)

static const struct file_ops iou_fops;

static inline u32 *ring_u32(struct iou_ring *r, size_t off)
{
	return iou_ptr(r, off);
}

/* iou_file_ring - see fs/io_uring.h. */
struct iou_ring *iou_file_ring(struct file *f)
{
	return f && f->ops == &iou_fops ? f->priv : NULL;
}

/* iou_fd_ring - see fs/io_uring.h. */
long iou_fd_ring(struct task *t, int fd, struct file **fp,
		 struct iou_ring **rp)
{
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	*rp = iou_file_ring(f);
	if (!*rp) {
		file_put(f);
		return -EOPNOTSUPP;
	}
	*fp = f;
	return 0;
}

/* iou_cq_ready - see fs/io_uring.h. */
u32 iou_cq_ready(struct iou_ring *r)
{
	u32 head = __atomic_load_n(ring_u32(r, IOU_CQ_HEAD), __ATOMIC_ACQUIRE);

	return r->cq_tail - head;
}

static void iou_notify(struct iou_ring *r)
{
	wake_up(&r->cq_wait);
	wake_up(&r->poll_wq);
	if (r->evfd && !(r->evfd_async && r->in_submit))
		eventfd_signal(r->evfd, 1);
}

/* Write a CQE at the tail if there is room. */
static bool cq_push(struct iou_ring *r, const struct io_uring_cqe *cqe)
{
	struct io_uring_cqe *slot;
	size_t off;

	if (iou_cq_ready(r) >= r->cq_entries)
		return false;
	off = IOU_CQES + (size_t)(r->cq_tail & (r->cq_entries - 1)) *
			 sizeof(*cqe);
	slot = iou_ptr(r, off);
	slot->user_data = cqe->user_data;
	slot->res = cqe->res;
	slot->flags = cqe->flags;
	r->cq_tail++;
	__atomic_store_n(ring_u32(r, IOU_CQ_TAIL), r->cq_tail,
			 __ATOMIC_RELEASE);
	return true;
}

/* iou_flush_overflow - see fs/io_uring.h. */
void iou_flush_overflow(struct iou_ring *r)
{
	struct iou_overflow *o, *n;
	bool moved = false;

	list_for_each_entry_safe(o, n, &r->overflow, link) {
		if (!cq_push(r, &o->cqe))
			break;
		list_del(&o->link);
		kfree(o);
		moved = true;
	}
	if (list_empty(&r->overflow))
		__atomic_fetch_and(ring_u32(r, IOU_SQ_FLAGS),
				   ~(u32)IORING_SQ_CQ_OVERFLOW, __ATOMIC_RELEASE);
	if (moved)
		iou_notify(r);
}

/* iou_post_cqe - see fs/io_uring.h. */
void iou_post_cqe(struct iou_ring *r, u64 user_data, s32 res, u32 flags,
		  bool counts)
{
	struct io_uring_cqe cqe = { .user_data = user_data, .res = res,
				    .flags = flags };
	struct iou_overflow *o;

	if (!list_empty(&r->overflow) || !cq_push(r, &cqe)) {
		o = kzalloc(sizeof(*o));
		if (o) {
			o->cqe = cqe;
			list_add_tail(&o->link, &r->overflow);
			__atomic_fetch_or(ring_u32(r, IOU_SQ_FLAGS),
					  (u32)IORING_SQ_CQ_OVERFLOW,
					  __ATOMIC_RELEASE);
		} else {
			/* Out of memory: drop it and count, as Linux does. */
			__atomic_fetch_add(ring_u32(r, IOU_CQ_OVERFLOW), 1,
					   __ATOMIC_RELEASE);
		}
	}
	if (counts) {
		r->cq_seq++;
		iou_timeouts_check(r);
	}
	iou_notify(r);
}

static unsigned int iou_poll(struct file *f, struct poll_table *pt)
{
	struct iou_ring *r = f->priv;
	unsigned int mask = 0;
	u32 sq_tail;

	poll_wait(pt, &r->poll_wq);
	sq_tail = __atomic_load_n(ring_u32(r, IOU_SQ_TAIL), __ATOMIC_ACQUIRE);
	if (sq_tail - r->sq_head < r->sq_entries)
		mask |= POLLOUT | POLLWRNORM;
	if (iou_cq_ready(r) || !list_empty(&r->overflow))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

static void iou_free_ring(struct iou_ring *r)
{
	struct iou_overflow *o, *n;
	unsigned int k;

	list_for_each_entry_safe(o, n, &r->overflow, link)
		kfree(o);
	for (k = 0; k < r->nr_files; k++)
		if (r->files[k])
			file_put(r->files[k]);
	kfree(r->files);
	kfree(r->bufs);
	if (r->evfd)
		file_put(r->evfd);
	kfree(r->ring_va);
	kfree(r->sqe_va);
	kfree(r);
}

static void iou_release(struct file *f)
{
	struct iou_ring *r = f->priv;

	iou_cancel_all(r);
	if (f->inode) {
		pagecache_destroy(f->inode->pcache);
		f->inode->pcache = NULL;
	}
	iou_free_ring(r);
}

static const struct file_ops iou_fops = {
	.poll = iou_poll,
	.release = iou_release,
};

/* Give @r its pages: the ring region at both ring offsets, then the SQEs. */
static int iou_alloc_pages(struct iou_ring *r)
{
	u64 cq_base = IORING_OFF_CQ_RING >> PAGE_SHIFT;
	u64 sqe_base = IORING_OFF_SQES >> PAGE_SHIFT;
	unsigned int k;
	paddr_t pa;
	int err;

	r->ring_pages = PAGE_ALIGN(r->ring_bytes) >> PAGE_SHIFT;
	r->sqe_pages = PAGE_ALIGN(r->sqe_bytes) >> PAGE_SHIFT;
	r->ring_va = kzalloc(r->ring_pages * sizeof(*r->ring_va));
	r->sqe_va = kzalloc(r->sqe_pages * sizeof(*r->sqe_va));
	if (!r->ring_va || !r->sqe_va)
		return -ENOMEM;
	for (k = 0; k < r->ring_pages; k++) {
		err = pagecache_get(r->pc, k, &pa);
		if (!err)
			err = pagecache_insert(r->pc, cq_base + k, pa);
		if (err)
			return err;
		r->ring_va[k] = pa_to_va(pa);
	}
	for (k = 0; k < r->sqe_pages; k++) {
		err = pagecache_get(r->pc, sqe_base + k, &pa);
		if (err)
			return err;
		r->sqe_va[k] = pa_to_va(pa);
	}
	return 0;
}

/* Smallest power of two >= @v (@v <= 2^31). */
static u32 iou_pow2(u32 v)
{
	u32 p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

/* Check and round the sizes of @p. 0 or -EINVAL. */
static int iou_sizes(u32 entries, struct io_uring_params *p)
{
	if (!entries)
		return -EINVAL;
	if (entries > IOU_MAX_ENTRIES) {
		if (!(p->flags & IORING_SETUP_CLAMP))
			return -EINVAL;
		entries = IOU_MAX_ENTRIES;
	}
	p->sq_entries = iou_pow2(entries);
	if (p->flags & IORING_SETUP_CQSIZE) {
		if (!p->cq_entries)
			return -EINVAL;
		if (p->cq_entries > IOU_MAX_CQ_ENTRIES) {
			if (!(p->flags & IORING_SETUP_CLAMP))
				return -EINVAL;
			p->cq_entries = IOU_MAX_CQ_ENTRIES;
		}
		p->cq_entries = iou_pow2(p->cq_entries);
		if (p->cq_entries < p->sq_entries)
			return -EINVAL;
	} else {
		p->cq_entries = 2 * p->sq_entries;
	}
	return 0;
}

static void iou_fill_offsets(struct io_uring_params *p)
{
	size_t array = IOU_CQES + (size_t)p->cq_entries *
				  sizeof(struct io_uring_cqe);

	memset(&p->sq_off, 0, sizeof(p->sq_off));
	memset(&p->cq_off, 0, sizeof(p->cq_off));
	p->sq_off.head = IOU_SQ_HEAD;
	p->sq_off.tail = IOU_SQ_TAIL;
	p->sq_off.ring_mask = IOU_SQ_MASK;
	p->sq_off.ring_entries = IOU_SQ_ENTRIES;
	p->sq_off.flags = IOU_SQ_FLAGS;
	p->sq_off.dropped = IOU_SQ_DROPPED;
	p->sq_off.array = array;
	p->cq_off.head = IOU_CQ_HEAD;
	p->cq_off.tail = IOU_CQ_TAIL;
	p->cq_off.ring_mask = IOU_CQ_MASK;
	p->cq_off.ring_entries = IOU_CQ_ENTRIES;
	p->cq_off.overflow = IOU_CQ_OVERFLOW;
	p->cq_off.cqes = IOU_CQES;
	p->cq_off.flags = IOU_CQ_FLAGS;
	p->features = IOU_FEATURES;
}

/* A new ring for @p (sizes checked) on a fresh anonymous file. */
static int iou_create(const struct io_uring_params *p, struct file **out)
{
	struct iou_ring *r = kzalloc(sizeof(*r));
	struct file *f;
	int err;

	if (!r)
		return -ENOMEM;
	r->sq_entries = p->sq_entries;
	r->cq_entries = p->cq_entries;
	r->flags = p->flags;
	r->sq_array = p->sq_off.array;
	r->ring_bytes = p->sq_off.array + (size_t)p->sq_entries * sizeof(u32);
	r->sqe_bytes = (size_t)p->sq_entries * sizeof(struct io_uring_sqe);
	INIT_LIST_HEAD(&r->pending);
	INIT_LIST_HEAD(&r->work);
	INIT_LIST_HEAD(&r->drain);
	INIT_LIST_HEAD(&r->overflow);
	waitqueue_init(&r->cq_wait);
	waitqueue_init(&r->poll_wq);
	f = anon_file_create(&iou_fops, r, O_RDWR);
	if (!f) {
		kfree(r);
		return -ENOMEM;
	}
	r->file = f;
	f->inode->size = IORING_OFF_SQES + r->sqe_bytes;
	r->pc = f->inode->pcache = pagecache_create(f->inode, NULL, false);
	err = r->pc ? iou_alloc_pages(r) : -ENOMEM;
	if (err) {
		file_put(f);	/* iou_release frees the ring */
		return err;
	}
	*ring_u32(r, IOU_SQ_MASK) = r->sq_entries - 1;
	*ring_u32(r, IOU_CQ_MASK) = r->cq_entries - 1;
	*ring_u32(r, IOU_SQ_ENTRIES) = r->sq_entries;
	*ring_u32(r, IOU_CQ_ENTRIES) = r->cq_entries;
	*out = f;
	return 0;
}

/* io_uring_setup(entries, params): a new ring; its fd (O_CLOEXEC). */
SYSCALL_DEFINE(io_uring_setup)
{
	u32 entries = (u32)a->a[0];
	uaddr_t up = a->a[1];
	struct io_uring_params p;
	struct file *f;
	unsigned int k;
	int err;

	if (copy_in(t->mm, &p, up, sizeof(p)))
		return -EFAULT;
	for (k = 0; k < ARRAY_SIZE(p.resv); k++)
		if (p.resv[k])
			return -EINVAL;
	if (p.flags & ~IOU_SETUP_FLAGS)
		return -EINVAL;
	err = iou_sizes(entries, &p);
	if (err)
		return err;
	iou_fill_offsets(&p);
	err = iou_create(&p, &f);
	if (err)
		return err;
	if (copy_out(t->mm, up, &p, sizeof(p))) {
		file_put(f);
		return -EFAULT;
	}
	return fd_install(t, f, 0, true);
}
