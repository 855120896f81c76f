/* SPDX-License-Identifier: MIT */
/* klib: the sentry's freestanding support library. */
#ifndef KLIB_KLIB_H
#define KLIB_KLIB_H

#include "klib/types.h"
#include "klib/list.h"

/*
 * String and memory helpers. The compiler lowers these builtins to calls of
 * memcpy/memset/...: in sentry.elf klib/libc_compat.c provides them, in the
 * in-process (ptrace) build the host's libc does.
 */
#define memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define memmove(d, s, n) __builtin_memmove((d), (s), (n))
#define memset(d, c, n) __builtin_memset((d), (c), (n))
#define memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

/* kstrlen - length of NUL-terminated @s. */
size_t kstrlen(const char *s);
/* kstrnlen - length of @s, at most @max. */
size_t kstrnlen(const char *s, size_t max);
/* kstrcmp - compare two strings; <0, 0, >0 like strcmp. */
int kstrcmp(const char *a, const char *b);
/* kstrncmp - compare at most @n bytes. */
int kstrncmp(const char *a, const char *b, size_t n);
/* kstrlcpy - copy @src into @dst of @size bytes, always terminated; returns strlen(src). */
size_t kstrlcpy(char *dst, const char *src, size_t size);
/* kstrchr - first @c in @s or NULL. */
char *kstrchr(const char *s, int c);
/* kstrrchr - last @c in @s or NULL. */
char *kstrrchr(const char *s, int c);
/* kstrdup - kmalloc'ed copy of @s, NULL on -ENOMEM. */
char *kstrdup(const char *s);
/* kstrtou64 - parse unsigned number in @base (0: auto 0x/0); returns 0, -EINVAL, or -ERANGE on overflow. */
int kstrtou64(const char *s, int base, u64 *out);

/*
 * kvsnprintf/ksnprintf - printf into @buf: %d %i %u %x %X %o %p %s %c %%,
 * length modifiers hh h l ll z t j, flags - 0 + space #, width and
 * precision (also as *, e.g. %.*s). Always NUL-terminates when @size > 0.
 * Returns the length it would have written.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Log levels for klog. */
enum { KLOG_ERR = 0, KLOG_WARN = 1, KLOG_INFO = 2, KLOG_DEBUG = 3 };
/* klog_level - messages above this level are dropped (set from boot info). */
extern int klog_level;
/* klog - format a message and hand it to the platform's log sink. */
void klog(int level, const char *fmt, ...) __printf(2, 3);
#define pr_err(...) klog(KLOG_ERR, __VA_ARGS__)
#define pr_warn(...) klog(KLOG_WARN, __VA_ARGS__)
#define pr_info(...) klog(KLOG_INFO, __VA_ARGS__)
#define pr_debug(...) do { if (klog_level >= KLOG_DEBUG) klog(KLOG_DEBUG, __VA_ARGS__); } while (0)

/* kpanic - report a broken sentry invariant and stop the sandbox. */
void kpanic(const char *file, int line, const char *fmt, ...) __printf(3, 4) __noreturn;
#define PANIC(...) kpanic(__FILE__, __LINE__, __VA_ARGS__)
#define BUG_ON(c) do { if (unlikely(c)) PANIC("BUG_ON(%s)", #c); } while (0)

/*
 * kmalloc_init - hand the sentry heap the physical range [@start,
 * @start + @size) (reached through pa_to_va; page-aligned inward). Call
 * once at boot, before the first kmalloc.
 */
void kmalloc_init(paddr_t start, u64 size);

/* Heap usage, for tests and /proc/meminfo. */
struct kmalloc_stats {
	u64 heap_pages;		/* pages given to kmalloc_init */
	u64 free_pages;		/* pages in the large free list */
	u64 largest_free_pages;	/* longest run of free pages */
	u64 small_pages;	/* pages carved into small size classes */
	u64 live_allocs;	/* allocations not yet freed */
};
/* kmalloc_get_stats - fill @st with the current heap usage. */
void kmalloc_get_stats(struct kmalloc_stats *st);

/* kmalloc - allocate @size bytes of sentry heap (16-byte aligned); NULL when out of memory. */
void *kmalloc(size_t size);
/* kzalloc - kmalloc and zero. */
void *kzalloc(size_t size);
/* kfree - free memory from kmalloc/kzalloc; NULL is ignored. */
void kfree(void *p);
/* krealloc - resize; like realloc. */
void *krealloc(void *p, size_t size);

/* random_seed - seed the sentry's CSPRNG with @len bytes (boot info). */
void random_seed(const void *seed, size_t len);
/* get_random_bytes - fill @buf with @n random bytes (AT_RANDOM, /dev/urandom, getrandom). */
void get_random_bytes(void *buf, size_t n);

#endif
