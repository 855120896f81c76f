/* SPDX-License-Identifier: MIT */
/* Host shim for sentry unit tests: see shim.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/shim.h"

#define SHIM_WEAK __attribute__((weak))

struct shim_call shim_calls[SHIM_MAX_CALLS];
size_t shim_ncalls;
int (*shim_ctx_run_hook)(struct platform_ctx *ctx, struct user_regs *regs,
			 struct trap_info *trap);
long (*shim_hostcall_hook)(paddr_t req_pa);
char shim_last_log[1024];
int shim_last_log_level = -1;
int shim_shutdown_status = -1;
jmp_buf *shim_panic_jmp;
int shim_panic_count;

struct platform_as {
	paddr_t pgd;
};

struct platform_ctx {
	struct platform_as *as;
	platform_stopped_fn_t stopped;
	void *cookie;
	u8 fpu[512];
};

static void shim_record(enum shim_op op, void *obj, u64 va, u64 pa, u64 len,
			int prot)
{
	struct shim_call *c;

	if (shim_ncalls >= SHIM_MAX_CALLS)
		return;
	c = &shim_calls[shim_ncalls++];
	c->op = op;
	c->obj = obj;
	c->va = va;
	c->pa = pa;
	c->len = len;
	c->prot = prot;
}

void shim_calls_reset(void)
{
	shim_ncalls = 0;
}

size_t shim_count_calls(enum shim_op op)
{
	size_t i, n = 0;

	for (i = 0; i < shim_ncalls; i++)
		n += shim_calls[i].op == op;
	return n;
}

const struct shim_call *shim_last_call(enum shim_op op)
{
	size_t i;

	for (i = shim_ncalls; i > 0; i--)
		if (shim_calls[i - 1].op == op)
			return &shim_calls[i - 1];
	return NULL;
}

paddr_t shim_as_pgd(const struct platform_as *as)
{
	return as->pgd;
}

static int shim_as_create(paddr_t pgd, struct platform_as **out)
{
	struct platform_as *as = calloc(1, sizeof(*as));

	if (!as)
		return -ENOMEM;
	as->pgd = pgd;
	shim_record(SHIM_AS_CREATE, as, 0, pgd, 0, 0);
	*out = as;
	return 0;
}

static void shim_as_destroy(struct platform_as *as)
{
	shim_record(SHIM_AS_DESTROY, as, 0, 0, 0, 0);
	free(as);
}

static int shim_as_map(struct platform_as *as, uaddr_t va, paddr_t pa,
		       u64 len, int prot)
{
	shim_record(SHIM_AS_MAP, as, va, pa, len, prot);
	return 0;
}

static int shim_as_unmap(struct platform_as *as, uaddr_t va, u64 len)
{
	shim_record(SHIM_AS_UNMAP, as, va, 0, len, 0);
	return 0;
}

static int shim_as_protect(struct platform_as *as, uaddr_t va, u64 len,
			   int prot)
{
	shim_record(SHIM_AS_PROTECT, as, va, 0, len, prot);
	return 0;
}

static int shim_ctx_create(struct platform_as *as,
			   platform_stopped_fn_t stopped, void *cookie,
			   struct platform_ctx **out)
{
	struct platform_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return -ENOMEM;
	ctx->as = as;
	ctx->stopped = stopped;
	ctx->cookie = cookie;
	shim_record(SHIM_CTX_CREATE, ctx, 0, 0, 0, 0);
	*out = ctx;
	return 0;
}

static void shim_ctx_destroy(struct platform_ctx *ctx)
{
	shim_record(SHIM_CTX_DESTROY, ctx, 0, 0, 0, 0);
	free(ctx);
}

static int shim_ctx_run(struct platform_ctx *ctx, struct user_regs *regs,
			struct trap_info *trap)
{
	shim_record(SHIM_CTX_RUN, ctx, regs->rip, 0, 0, 0);
	if (shim_ctx_run_hook)
		return shim_ctx_run_hook(ctx, regs, trap);
	memset(trap, 0, sizeof(*trap));
	trap->kind = TRAP_INTERRUPT;
	trap->vector = -1;
	return 0;
}

static int shim_ctx_collect(struct platform_ctx *ctx, struct user_regs *regs,
			    struct trap_info *trap)
{
	shim_record(SHIM_CTX_COLLECT, ctx, 0, 0, 0, 0);
	return 0;
}

static void shim_ctx_interrupt(struct platform_ctx *ctx)
{
	shim_record(SHIM_CTX_INTERRUPT, ctx, 0, 0, 0, 0);
}

static int shim_ctx_get_fpu(struct platform_ctx *ctx, void *buf)
{
	memcpy(buf, ctx->fpu, sizeof(ctx->fpu));
	return 0;
}

static int shim_ctx_set_fpu(struct platform_ctx *ctx, const void *buf)
{
	memcpy(ctx->fpu, buf, sizeof(ctx->fpu));
	return 0;
}

static u64 shim_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

static u64 shim_now_ns(void)
{
	return shim_clock(CLOCK_MONOTONIC);
}

static u64 shim_realtime_ns(void)
{
	return shim_clock(CLOCK_REALTIME);
}

/* Sleep until @deadline_ns, at most one second (a test must not hang). */
static void shim_idle(u64 deadline_ns)
{
	u64 now = shim_now_ns(), wait = 1000000000ull;
	struct timespec ts;

	shim_record(SHIM_IDLE, NULL, deadline_ns, 0, 0, 0);
	if (deadline_ns) {
		if (deadline_ns <= now)
			return;
		if (deadline_ns - now < wait)
			wait = deadline_ns - now;
	}
	ts.tv_sec = (time_t)(wait / 1000000000ull);
	ts.tv_nsec = (long)(wait % 1000000000ull);
	nanosleep(&ts, NULL);
}

static void shim_kick(void)
{
}

static int shim_host_signal(void)
{
	return 0;
}

static long shim_hostcall(paddr_t req_pa)
{
	shim_record(SHIM_HOSTCALL, NULL, 0, req_pa, 0, 0);
	if (shim_hostcall_hook)
		return shim_hostcall_hook(req_pa);
	return -ENOSYS;
}

static void shim_log(int level, const char *msg, size_t len)
{
	size_t n = len < sizeof(shim_last_log) - 1 ? len : sizeof(shim_last_log) - 1;

	memcpy(shim_last_log, msg, n);
	shim_last_log[n] = '\0';
	shim_last_log_level = level;
	fprintf(stderr, "%.*s\n", (int)len, msg);
}

static __noreturn void shim_shutdown(int status)
{
	shim_shutdown_status = status;
	if (shim_panic_jmp)
		longjmp(*shim_panic_jmp, 1);
	fflush(stdout);
	if (status & 0x7f) {
		fprintf(stderr, "shim: sentry shut down with signal %d\n",
			status & 0x7f);
		abort();
	}
	exit((status >> 8) & 0xff);
}

struct platform_ops shim_platform_ops = {
	.name = "shim",
	.as_create = shim_as_create,
	.as_destroy = shim_as_destroy,
	.as_map = shim_as_map,
	.as_unmap = shim_as_unmap,
	.as_protect = shim_as_protect,
	.ctx_create = shim_ctx_create,
	.ctx_destroy = shim_ctx_destroy,
	.ctx_run = shim_ctx_run,
	.ctx_collect = shim_ctx_collect,
	.ctx_interrupt = shim_ctx_interrupt,
	.ctx_get_fpu = shim_ctx_get_fpu,
	.ctx_set_fpu = shim_ctx_set_fpu,
	.fpu_size = 512,
	.idle = shim_idle,
	.kick = shim_kick,
	.host_signal = shim_host_signal,
	.now_ns = shim_now_ns,
	.realtime_ns = shim_realtime_ns,
	.hostcall = shim_hostcall,
	.log = shim_log,
	.shutdown = shim_shutdown,
};

SHIM_WEAK const struct platform_ops *platform = &shim_platform_ops;

void shim_platform_init(u64 size)
{
	void *p;

	if (shim_platform_ops.pmem_base)
		munmap(shim_platform_ops.pmem_base, shim_platform_ops.pmem_size);
	shim_platform_ops.pmem_base = NULL;
	shim_platform_ops.pmem_size = 0;
	shim_platform_ops.pmem_free_start = 0;
	if (!size)
		return;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("shim_platform_init: mmap");
		abort();
	}
	shim_platform_ops.pmem_base = p;
	shim_platform_ops.pmem_size = size;
	shim_platform_ops.pmem_free_start = size >= (2u << 20) ? (1u << 20) : 0;
	platform = &shim_platform_ops;
}

/* ---- klib replacements (weak: the real log.c/kmalloc.c win when linked) ---- */

SHIM_WEAK int klog_level = KLOG_WARN;

SHIM_WEAK void klog(int level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	if (level > klog_level)
		return;
	n = snprintf(buf, sizeof(buf), "sentry: ");
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	platform->log(level, buf, strlen(buf));
}

SHIM_WEAK void kpanic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	shim_panic_count++;
	fprintf(stderr, "sentry panic at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (shim_panic_jmp)
		longjmp(*shim_panic_jmp, 1);
	abort();
}

SHIM_WEAK void kmalloc_init(paddr_t start, u64 size)
{
	/* malloc needs no arena. */
}

SHIM_WEAK void *kmalloc(size_t size)
{
	return malloc(size ? size : 1);
}

SHIM_WEAK void *kzalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

SHIM_WEAK void kfree(void *p)
{
	free(p);
}

SHIM_WEAK void *krealloc(void *p, size_t size)
{
	if (!size) {
		free(p);
		return NULL;
	}
	return realloc(p, size);
}

__attribute__((constructor)) static void shim_setup(void)
{
	u8 seed[32];
	const char *lvl = getenv("SHIM_LOG_LEVEL");
	size_t got = 0;
	ssize_t r;

	if (lvl)
		klog_level = atoi(lvl);
	while (got < sizeof(seed)) {
		r = getrandom(seed + got, sizeof(seed) - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			perror("shim: getrandom");
			abort();
		}
		got += (size_t)r;
	}
	random_seed(seed, sizeof(seed));
}
