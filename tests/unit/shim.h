/* SPDX-License-Identifier: MIT */
/*
 * shim.h - run sentry code on the host, in unit tests.
 *
 * Link tests/unit/libshim.a (see tests/unit/klib.inc). It provides:
 *  - klog/kpanic (stderr; kpanic aborts or longjmps, see SHIM_EXPECT_PANIC),
 *  - kmalloc/kzalloc/kfree/krealloc over malloc,
 *  - the real klib string.c, printf.c, random.c (seeded at startup),
 *  - a fake `platform` whose direct map is a host buffer (shim_platform_init)
 *    and whose as_* / ctx_* ops record every call and succeed.
 * The klib replacements are weak: a test that links the real klib/log.c or
 * klib/kmalloc.c gets those instead.
 *
 * Include this header FIRST in host test files: it pulls in the libc
 * headers before klib.h defines its memcpy/memset macros.
 */
#ifndef TESTS_UNIT_SHIM_H
#define TESTS_UNIT_SHIM_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klib/klib.h"
#include "platform/platform.h"

/* The fake platform's ops table (also what `platform` points to). */
extern struct platform_ops shim_platform_ops;

/*
 * shim_platform_init - give the fake platform a zeroed direct map of
 * @size bytes (sparse anonymous mmap; replaces an earlier one).
 * pmem_free_start is 1 MiB when @size >= 2 MiB, else 0. Aborts on failure.
 */
void shim_platform_init(u64 size);

/* Kinds of recorded platform calls. */
enum shim_op {
	SHIM_AS_CREATE = 1,
	SHIM_AS_DESTROY,
	SHIM_AS_MAP,
	SHIM_AS_UNMAP,
	SHIM_AS_PROTECT,
	SHIM_CTX_CREATE,
	SHIM_CTX_DESTROY,
	SHIM_CTX_RUN,
	SHIM_CTX_COLLECT,
	SHIM_IDLE,
	SHIM_HOSTCALL,
	SHIM_CTX_INTERRUPT,
};

/* One recorded platform call. */
struct shim_call {
	enum shim_op op;
	void *obj;		/* the platform_as or platform_ctx */
	u64 va, pa, len;	/* as_create: pa = pgd; idle: va = deadline; hostcall: pa = req */
	int prot;
};

#define SHIM_MAX_CALLS 4096
/* Recorded calls, oldest first (recording stops silently when full). */
extern struct shim_call shim_calls[SHIM_MAX_CALLS];
extern size_t shim_ncalls;
/* shim_calls_reset - forget the recorded calls. */
void shim_calls_reset(void);
/* shim_count_calls - number of recorded calls of kind @op. */
size_t shim_count_calls(enum shim_op op);
/* shim_last_call - most recent recorded call of kind @op, or NULL. */
const struct shim_call *shim_last_call(enum shim_op op);

/* shim_as_pgd - the pgd an address space was created with. */
paddr_t shim_as_pgd(const struct platform_as *as);

/*
 * Hooks a test may set to give ctx_run/hostcall behaviour (NULL: ctx_run
 * returns 0 with a TRAP_INTERRUPT trap, hostcall returns -ENOSYS).
 */
extern int (*shim_ctx_run_hook)(struct platform_ctx *ctx,
				struct user_regs *regs,
				struct trap_info *trap);
extern long (*shim_hostcall_hook)(paddr_t req_pa);

/* Text of the last line given to platform->log (NUL-terminated) and its level. */
extern char shim_last_log[1024];
extern int shim_last_log_level;

/* Status of the last platform->shutdown that a SHIM_EXPECT_PANIC caught. */
extern int shim_shutdown_status;

/* While non-NULL, kpanic and platform->shutdown longjmp here (with 1) instead of aborting. */
extern jmp_buf *shim_panic_jmp;
/* Number of kpanic calls seen. */
extern int shim_panic_count;

/*
 * SHIM_EXPECT_PANIC(stmt) - run @stmt; evaluates to 1 when it called
 * kpanic (or platform->shutdown), 0 when it returned normally.
 */
#define SHIM_EXPECT_PANIC(stmt) ({					\
	jmp_buf __shim_jb;						\
	jmp_buf *__shim_prev = shim_panic_jmp;				\
	volatile int __shim_hit = 0;					\
	if (setjmp(__shim_jb) == 0) {					\
		shim_panic_jmp = &__shim_jb;				\
		stmt;							\
	} else {							\
		__shim_hit = 1;						\
	}								\
	shim_panic_jmp = __shim_prev;					\
	__shim_hit;							\
})

#endif
