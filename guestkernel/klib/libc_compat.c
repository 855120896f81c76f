/* SPDX-License-Identifier: MIT */
/*
 * libc_compat.c - the few libc symbols sentry.elf needs and has no libc
 * for: what gcc's lowering of struct copies and __builtin_mem* emits, and
 * what Debian's libfdt.a references (mem*, str*, strtoul and, since it is
 * built with the stack protector, __stack_chk_fail). Linked only into
 * sentry.elf; the in-process build uses the host's libc.
 *
 * klib.h is not included: it turns memcpy & co. into builtin macros.
 */
#include <stddef.h>

#define ULONG_MAX (__LONG_MAX__ * 2UL + 1UL)

/*
 * gcc may turn a byte loop into a call of memset/memcpy (loop distribution),
 * which here would recurse: keep it off for these functions.
 */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
unsigned long strtoul(const char *nptr, char **endptr, int base);
void __stack_chk_fail(void) __attribute__((noreturn));
void kpanic(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep movsb"
			 : "+D"(d), "+S"(src), "+c"(n)
			 :
			 : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep stosb"
			 : "+D"(d), "+c"(n)
			 : "a"(c)
			 : "memory");
	return dst;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlap with dst above src: copy backwards. */
	while (n--)
		d[n] = s[n];
	return dst;
}

NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return (int)*x - (int)*y;
	return 0;
}

NO_LIBCALL void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/* The C string functions are klib's under their libc names. */
size_t kstrlen(const char *s);
size_t kstrnlen(const char *s, size_t max);
int kstrcmp(const char *a, const char *b);
int kstrncmp(const char *a, const char *b, size_t n);
char *kstrchr(const char *s, int c);
char *kstrrchr(const char *s, int c);

size_t strlen(const char *s)
{
	return kstrlen(s);
}

size_t strnlen(const char *s, size_t max)
{
	return kstrnlen(s, max);
}

char *strchr(const char *s, int c)
{
	return kstrchr(s, c);
}

char *strrchr(const char *s, int c)
{
	return kstrrchr(s, c);
}

int strcmp(const char *a, const char *b)
{
	return kstrcmp(a, b);
}

int strncmp(const char *a, const char *b, size_t n)
{
	return kstrncmp(a, b, n);
}

static int digit_of(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* strtoul - as in C: saturates at ULONG_MAX (there is no errno to set). */
unsigned long strtoul(const char *nptr, char **endptr, int base)
{
	const char *s = nptr;
	unsigned long v = 0;
	int neg = 0, any = 0, over = 0, d;

	if (base < 0 || base == 1 || base > 36) {
		if (endptr)
			*endptr = (char *)nptr;
		return 0;
	}
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digit_of(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; (d = digit_of(*s)) < base; s++) {
		any = 1;
		if (v > (ULONG_MAX - (unsigned long)d) / (unsigned long)base)
			over = 1;
		else
			v = v * (unsigned long)base + (unsigned long)d;
	}
	if (endptr)
		*endptr = (char *)(any ? s : nptr);
	if (over)
		return ULONG_MAX;
	return neg ? -v : v;
}

/* __stack_chk_fail - a canary check in libfdt.a failed: stack smashed. */
void __stack_chk_fail(void)
{
	kpanic(__FILE__, __LINE__, "stack protector: stack smashed");
}
