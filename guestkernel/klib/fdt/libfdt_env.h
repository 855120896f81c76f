/* SPDX-License-Identifier: MIT */
/*
 * libfdt_env.h - what libfdt.h expects from its environment, for the
 * freestanding sentry (replaces the libc-based one in /usr/include, which
 * -nostdinc hides). libfdt's functions come from the host's -lfdt in the
 * in-process build and from libfdt.a in sentry.elf; the mem* and str*
 * functions from the host libc or klib/libc_compat.c respectively.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * limits.h of gcc's freestanding set chains to a libc one under -nostdinc:
 * take the limits from the compiler's predefined macros instead.
 */
#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif
#ifndef INT_MIN
#define INT_MIN (-INT_MAX - 1)
#endif
#ifndef UINT_MAX
#define UINT_MAX (__INT_MAX__ * 2U + 1U)
#endif
#ifndef LONG_MAX
#define LONG_MAX __LONG_MAX__
#endif
#ifndef ULONG_MAX
#define ULONG_MAX (__LONG_MAX__ * 2UL + 1UL)
#endif

/* Big-endian cells as stored in the blob; no sparse annotations here. */
typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

static inline uint16_t fdt16_to_cpu(fdt16_t x)
{
	return __builtin_bswap16(x);
}

static inline fdt16_t cpu_to_fdt16(uint16_t x)
{
	return __builtin_bswap16(x);
}

static inline uint32_t fdt32_to_cpu(fdt32_t x)
{
	return __builtin_bswap32(x);
}

static inline fdt32_t cpu_to_fdt32(uint32_t x)
{
	return __builtin_bswap32(x);
}

static inline uint64_t fdt64_to_cpu(fdt64_t x)
{
	return __builtin_bswap64(x);
}

static inline fdt64_t cpu_to_fdt64(uint64_t x)
{
	return __builtin_bswap64(x);
}

/*
 * The libc functions libfdt.h's inline helpers use. Declared here (not
 * defined): klib.h may already have turned memcpy & co. into builtin
 * macros, in which case the parenthesised names keep these declarations
 * intact.
 */
void *(memcpy)(void *dst, const void *src, size_t n);
void *(memmove)(void *dst, const void *src, size_t n);
void *(memset)(void *dst, int c, size_t n);
int (memcmp)(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
unsigned long strtoul(const char *nptr, char **endptr, int base);

#endif
