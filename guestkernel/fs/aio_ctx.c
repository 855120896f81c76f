/* SPDX-License-Identifier: MIT */
/*
 * AIO contexts: created by io_setup in an mm (fork does not copy them, the
 * last mm_put destroys them), identified by the address of a read-only
 * anonymous "ring" mapping sized as Linux sizes its ring. The ring's
 * header stays zero (no AIO_RING_MAGIC), so libaio reaps through the
 * io_getevents syscall rather than from user space. Completions queue on
 * the context in order until io_getevents copies them out.
 */
#include <linux/errno.h>
#include <linux/mman.h>

#include "fs/aio.h"
#include "fs/eventfd.h"
#include "fs/vfs.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "platform/platform.h"

#define AIO_RING_HDR 32u

/* Events every live context asked for (fs.aio-nr). */
static unsigned long aio_nr;

static struct list_head *mm_ctx_list(struct mm *mm, bool create)
{
	struct list_head *l = mm->aio;

	if (!l && create) {
		l = kmalloc(sizeof(*l));
		if (!l)
			return NULL;
		INIT_LIST_HEAD(l);
		mm->aio = l;
	}
	return l;
}

/* aio_ctx_create - see fs/aio.h. */
int aio_ctx_create(struct task *t, unsigned int nr_events, u64 *id)
{
	u64 nr = nr_events, size, pages;
	struct list_head *l;
	struct aio_ctx *ctx;
	long addr;

	/* Linux doubles the request (per-CPU slot caches) before sizing. */
	if (nr < (u64)sched_nr_cpus * 4)
		nr = (u64)sched_nr_cpus * 4;
	nr *= 2;
	if (nr > 0x10000000u / sizeof(struct aio_event))
		return -EINVAL;
	if (nr_events > AIO_MAX_NR || aio_nr + nr_events > AIO_MAX_NR)
		return -EAGAIN;
	size = AIO_RING_HDR + nr * sizeof(struct aio_event);
	pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	l = mm_ctx_list(t->mm, true);
	if (!l)
		return -ENOMEM;
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	addr = mm_mmap(t->mm, 0, pages * PAGE_SIZE, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	if (addr < 0) {
		kfree(ctx);
		return (int)addr;
	}
	ctx->refs = 1;
	ctx->mm = t->mm;
	ctx->id = (u64)addr;
	ctx->ring_size = pages * PAGE_SIZE;
	ctx->max_reqs = nr_events;
	ctx->nr_events = (unsigned int)((ctx->ring_size - AIO_RING_HDR) /
					sizeof(struct aio_event));
	INIT_LIST_HEAD(&ctx->active);
	INIT_LIST_HEAD(&ctx->done);
	waitqueue_init(&ctx->wq);
	list_add_tail(&ctx->link, l);
	aio_nr += nr_events;
	*id = ctx->id;
	return 0;
}

/* aio_ctx_lookup - see fs/aio.h. */
struct aio_ctx *aio_ctx_lookup(struct mm *mm, u64 id)
{
	struct list_head *l = mm_ctx_list(mm, false);
	struct aio_ctx *ctx;

	if (!l)
		return NULL;
	list_for_each_entry(ctx, l, link) {
		if (ctx->id == id && !ctx->dead) {
			ctx->refs++;
			return ctx;
		}
	}
	return NULL;
}

/* aio_ctx_put - see fs/aio.h. */
void aio_ctx_put(struct aio_ctx *ctx)
{
	if (--ctx->refs == 0)
		kfree(ctx);
}

/* Drop a request that is off every list: its waits, files and slot. */
static void aio_req_release(struct aio_req *req)
{
	aio_poll_unregister(req);
	if (req->file)
		file_put(req->file);
	if (req->resfd)
		file_put(req->resfd);
	req->ctx->nr_reqs--;
	kfree(req);
}

/* aio_req_alloc - see fs/aio.h. */
struct aio_req *aio_req_alloc(struct aio_ctx *ctx)
{
	struct aio_req *req;

	/* One ring entry always stays free, as in Linux. */
	if (ctx->nr_reqs + 1 >= ctx->nr_events)
		return NULL;
	req = kzalloc(sizeof(*req));
	if (!req)
		return NULL;
	INIT_LIST_HEAD(&req->link);
	req->ctx = ctx;
	ctx->nr_reqs++;
	return req;
}

/* aio_req_free - see fs/aio.h. */
void aio_req_free(struct aio_req *req)
{
	list_del_init(&req->link);
	aio_req_release(req);
}

/* aio_req_activate - see fs/aio.h. */
void aio_req_activate(struct aio_req *req)
{
	list_add_tail(&req->link, &req->ctx->active);
}

/*
 * aio_complete - see fs/aio.h. Runs from wait-queue callbacks too: it
 * only moves lists, signals the eventfd and wakes; the poll waits stay
 * registered (harmless, the request is done) until the event is reaped.
 */
void aio_complete(struct aio_req *req, s64 res)
{
	struct aio_ctx *ctx = req->ctx;

	req->ev.res = res;
	req->ev.res2 = 0;
	req->done = true;
	list_del_init(&req->link);
	list_add_tail(&req->link, &ctx->done);
	ctx->nr_done++;
	if (req->resfd)
		eventfd_signal(req->resfd, 1);
	wake_up(&ctx->wq);
}

/* Free every request of a context that is going away. */
static void aio_ctx_drop_reqs(struct aio_ctx *ctx)
{
	struct aio_req *req, *n;

	list_for_each_entry_safe(req, n, &ctx->active, link)
		aio_req_free(req);
	list_for_each_entry_safe(req, n, &ctx->done, link)
		aio_req_free(req);
	ctx->nr_done = 0;
}

static void aio_ctx_kill(struct aio_ctx *ctx)
{
	ctx->dead = true;
	list_del_init(&ctx->link);
	aio_ctx_drop_reqs(ctx);
	aio_nr -= ctx->max_reqs;
	wake_up(&ctx->wq);
}

/* aio_ctx_destroy - see fs/aio.h. */
int aio_ctx_destroy(struct aio_ctx *ctx)
{
	if (ctx->dead)
		return -EINVAL;
	aio_ctx_kill(ctx);
	mm_munmap(ctx->mm, ctx->id, ctx->ring_size);
	aio_ctx_put(ctx);	/* the mm's reference */
	return 0;
}

/* aio_mm_exit - see mm/mm.h: the mm is going, and its contexts with it. */
void aio_mm_exit(struct mm *mm)
{
	struct list_head *l = mm->aio;
	struct aio_ctx *ctx, *n;

	list_for_each_entry_safe(ctx, n, l, link) {
		aio_ctx_kill(ctx);
		aio_ctx_put(ctx);
	}
	kfree(l);
	mm->aio = NULL;
}

/* aio_ctx_getevents - see fs/aio.h. */
long aio_ctx_getevents(struct task *t, struct aio_ctx *ctx, long min_nr,
		       long nr, uaddr_t uevents, u64 deadline, bool nowait)
{
	long got = 0;
	int r = 0;

	for (;;) {
		while (got < nr && !list_empty(&ctx->done)) {
			struct aio_req *req = list_first_entry(&ctx->done,
							       struct aio_req,
							       link);

			if (copy_out(t->mm, uevents + got * sizeof(req->ev),
				     &req->ev, sizeof(req->ev))) {
				r = -EFAULT;
				break;
			}
			ctx->nr_done--;
			aio_req_free(req);
			got++;
		}
		if (r || got >= min_nr || ctx->dead || nowait)
			break;
		r = wait_event_interruptible_deadline(&ctx->wq,
						      ctx->nr_done || ctx->dead,
						      deadline);
		if (r)
			break;
	}
	if (got)
		return got;
	if (ctx->dead)
		return -EINVAL;
	if (r == -ETIMEDOUT)
		return 0;
	if (r == -ERESTARTSYS)
		return -EINTR;
	return r;
}
