/* SPDX-License-Identifier: MIT */
/* Unit tests of klib: formatting, strings, ChaCha20/random, log, kmalloc. */
#include "tests/unit/shim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>

#include "klib/chacha20.h"

#include "utap.h"

/* ---- printf ---- */

/* ksnprintf without the compiler's format check, for deliberately odd formats. */
static int kfmt_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Compare ksnprintf with the host's snprintf for one format. */
#define FMT_SAME(...) do {						\
	char __k[256], __h[256];					\
	int __kn = ksnprintf(__k, sizeof(__k), __VA_ARGS__);		\
	int __hn = snprintf(__h, sizeof(__h), __VA_ARGS__);		\
	ok(__kn == __hn && !strcmp(__k, __h),				\
	   "format %s: got \"%s\" (%d) want \"%s\" (%d)", #__VA_ARGS__,	\
	   __k, __kn, __h, __hn);					\
} while (0)

static void test_printf(void)
{
	char buf[16];
	int n;

	FMT_SAME("%d %i %u", 0, -42, 42u);
	FMT_SAME("%d", INT32_MIN);
	FMT_SAME("%ld", (long)INT64_MIN);
	FMT_SAME("%lld %llu", (long long)INT64_MAX, (unsigned long long)UINT64_MAX);
	FMT_SAME("%x %X %#x %#X", 0xbeefu, 0xbeefu, 0xbeefu, 0u);
	FMT_SAME("%lx %llx %zx", 0xdeadbeefcafeul, 0x123456789abcdefull, (size_t)0xfff);
	FMT_SAME("%lu %zu %zd", 123456789012ul, (size_t)77, (ssize_t)-77);
	FMT_SAME("%o %#o %#o", 8u, 8u, 0u);
	FMT_SAME("%5d|%-5d|%05d|%+d|% d", 42, 42, -42, 42, 42);
	FMT_SAME("%8.3d|%-6.2x|%.0d|%.0x|%.5u", 7, 10u, 0, 0u, 3u);
	FMT_SAME("%*d|%-*d|%*d", 6, 1, 6, 2, -6, 3);
	FMT_SAME("%s|%10s|%-10s|%.2s|%.*s", "abc", "abc", "abc", "abc", 1, "xyz");
	FMT_SAME("%c%c%3c%-3c|", 'a', 'b', 'c', 'd');
	FMT_SAME("%%|100%%");
	FMT_SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	FMT_SAME("%jd %td", (intmax_t)-5, (ptrdiff_t)-6);
	FMT_SAME("%p", (void *)0x1234);
	FMT_SAME("%.*s", 0, "abc");

	kfmt_unchecked(buf, sizeof(buf), "%s", (const char *)NULL);
	ok(!strcmp(buf, "(null)"), "%%s of NULL prints (null)");

	n = ksnprintf(buf, 8, "%s", "0123456789");
	ok(n == 10 && !strcmp(buf, "0123456"), "truncation: %d \"%s\"", n, buf);
	n = ksnprintf(NULL, 0, "%d-%s", 12345, "ab");
	ok(n == 8, "NULL buffer counts the length (%d)", n);
	memset(buf, 'x', sizeof(buf));
	n = ksnprintf(buf, 1, "abc");
	ok(n == 3 && buf[0] == '\0' && buf[1] == 'x', "size 1 writes only the NUL");
	n = kfmt_unchecked(buf, sizeof(buf), "%q%", 0);
	ok(n == 2 && !strcmp(buf, "%q"), "unknown conversion is printed verbatim, trailing %% ignored");
	n = ksnprintf(NULL, 0, "%*d", 1 << 30, 1);
	ok(n == 65536, "absurd widths are clamped (%d)", n);
}

/* ---- strings ---- */

static void test_strings(void)
{
	char buf[8];
	char *d;
	u64 v;

	ok(kstrlen("") == 0 && kstrlen("hello") == 5, "kstrlen");
	ok(kstrnlen("hello", 3) == 3 && kstrnlen("hi", 10) == 2, "kstrnlen");
	ok(kstrcmp("abc", "abc") == 0 && kstrcmp("abc", "abd") < 0 &&
	   kstrcmp("b", "abc") > 0 && kstrcmp("", "a") < 0 &&
	   kstrcmp("\xff", "a") > 0, "kstrcmp (unsigned bytes)");
	ok(kstrncmp("abcX", "abcY", 3) == 0 && kstrncmp("ab", "abc", 3) < 0 &&
	   kstrncmp("x", "y", 0) == 0, "kstrncmp");
	ok(kstrlcpy(buf, "hello world", sizeof(buf)) == 11 && !strcmp(buf, "hello w"),
	   "kstrlcpy truncates and returns strlen(src)");
	ok(kstrlcpy(buf, "hi", sizeof(buf)) == 2 && !strcmp(buf, "hi"), "kstrlcpy short");
	ok(kstrlcpy(buf, "zzz", 0) == 3 && !strcmp(buf, "hi"), "kstrlcpy size 0 writes nothing");
	{
		const char *s = "a/b/c";

		ok(kstrchr(s, '/') == s + 1 && kstrrchr(s, '/') == s + 3 &&
		   kstrchr(s, 'x') == NULL && kstrrchr(s, 'x') == NULL &&
		   kstrchr(s, '\0') == s + 5 && kstrrchr(s, '\0') == s + 5,
		   "kstrchr/kstrrchr positions, NUL, missing");
	}
	d = kstrdup("duplicate me");
	ok(d && !strcmp(d, "duplicate me"), "kstrdup");
	kfree(d);

	ok(kstrtou64("12345", 10, &v) == 0 && v == 12345, "kstrtou64 decimal");
	ok(kstrtou64("0x1F", 0, &v) == 0 && v == 31, "kstrtou64 auto hex");
	ok(kstrtou64("0755", 0, &v) == 0 && v == 0755, "kstrtou64 auto octal");
	ok(kstrtou64("0", 0, &v) == 0 && v == 0, "kstrtou64 zero");
	ok(kstrtou64("ff", 16, &v) == 0 && v == 255, "kstrtou64 base 16");
	ok(kstrtou64("18446744073709551615", 10, &v) == 0 && v == UINT64_MAX,
	   "kstrtou64 max");
	ok(kstrtou64("18446744073709551616", 10, &v) == -ERANGE, "kstrtou64 overflow");
	ok(kstrtou64("", 10, &v) == -EINVAL && kstrtou64("12a", 10, &v) == -EINVAL &&
	   kstrtou64("-1", 10, &v) == -EINVAL && kstrtou64("0x", 0, &v) == -EINVAL &&
	   kstrtou64("9", 8, &v) == -EINVAL && kstrtou64("1", 1, &v) == -EINVAL,
	   "kstrtou64 rejects junk");
}

/* ---- ChaCha20 / random ---- */

static void test_random(void)
{
	/* RFC 8439 section 2.3.2. */
	static const u8 want[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd,
		0x1f, 0xa3, 0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0,
		0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2,
		0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05,
		0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e,
		0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
	};
	u32 key[8], nonce[3] = { 0x09000000, 0x4a000000, 0 };
	u8 out[64], a[100], b[100], big[1000];
	int i, counts[256] = { 0 }, zeros = 0;

	for (i = 0; i < 8; i++)
		key[i] = (u32)(4 * i) | (u32)(4 * i + 1) << 8 |
			 (u32)(4 * i + 2) << 16 | (u32)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	ok(!memcmp(out, want, 64), "chacha20 block matches RFC 8439 2.3.2");

	get_random_bytes(a, sizeof(a));
	get_random_bytes(b, sizeof(b));
	ok(memcmp(a, b, sizeof(a)) != 0, "two random draws differ");
	get_random_bytes(big, sizeof(big));
	for (i = 0; i < (int)sizeof(big); i++)
		counts[big[i]]++;
	for (i = 0; i < 256; i++)
		zeros += counts[i] == 0;
	ok(zeros < 40, "random bytes cover the byte range (%d values unseen in 1000)", zeros);
	get_random_bytes(a, 0);
	ok(1, "zero-length draw is fine");
}

/* ---- log ---- */

static void test_log(void)
{
	int hit;

	klog_level = KLOG_INFO;
	pr_info("hello %d", 42);
	ok(!strcmp(shim_last_log, "sentry: hello 42") && shim_last_log_level == KLOG_INFO,
	   "klog prefixes and hands the line to platform->log: \"%s\"", shim_last_log);
	pr_warn("trailing newline\n");
	ok(!strcmp(shim_last_log, "sentry: trailing newline"), "klog drops a trailing newline");
	pr_debug("not shown");
	klog(KLOG_DEBUG, "not shown either");
	ok(!strcmp(shim_last_log, "sentry: trailing newline"), "messages above klog_level are dropped");

	hit = SHIM_EXPECT_PANIC(PANIC("broken %s", "invariant"));
	ok(hit && shim_shutdown_status == 6, "kpanic shuts down with SIGABRT status (%d)",
	   shim_shutdown_status);
	ok(!strncmp(shim_last_log, "sentry panic at ", 16) &&
	   strstr(shim_last_log, "test_klib.c:") &&
	   strstr(shim_last_log, ": broken invariant"), "panic message: \"%s\"", shim_last_log);
	klog_level = KLOG_WARN;
}

/* ---- kmalloc ---- */

#define HEAP_SIZE (32u << 20)

struct slot {
	u8 *p;
	size_t size;
	u8 fill;
};

static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 xrand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static bool check_fill(const struct slot *s)
{
	size_t i;

	for (i = 0; i < s->size; i++)
		if (s->p[i] != (u8)(s->fill + i))
			return false;
	return true;
}

static void do_fill(struct slot *s)
{
	size_t i;

	for (i = 0; i < s->size; i++)
		s->p[i] = (u8)(s->fill + i);
}

static bool in_heap(const void *p, size_t size)
{
	const u8 *b = platform->pmem_base + platform->pmem_free_start;

	return (const u8 *)p >= b && (const u8 *)p + size <= b + HEAP_SIZE;
}

static void test_kmalloc(void)
{
	struct kmalloc_stats st0, st;
	static struct slot slots[2000];
	void *a, *b, *c, *p, *q;
	size_t i, live = 0, bad_content = 0, bad_align = 0, bad_range = 0;
	int round, hit, nlarge = 0;

	kmalloc_get_stats(&st0);
	ok(st0.heap_pages == HEAP_SIZE / PAGE_SIZE && st0.free_pages > 0 &&
	   st0.free_pages == st0.largest_free_pages &&
	   st0.free_pages + st0.small_pages > st0.heap_pages * 97 / 100,
	   "fresh heap: %llu pages, %llu free in one run",
	   (unsigned long long)st0.heap_pages, (unsigned long long)st0.free_pages);

	/* Coalescing: three adjacent runs freed middle, left, right. */
	a = kmalloc(16384);
	b = kmalloc(65536);
	c = kmalloc(5000);
	ok(a && b && c && (u8 *)b == (u8 *)a + 16384 && (u8 *)c == (u8 *)b + 65536,
	   "large runs are page-aligned, first fit, adjacent");
	ok(((uintptr_t)a & (PAGE_SIZE - 1)) == 0, "large allocation is page aligned");
	kfree(b);
	kmalloc_get_stats(&st);
	ok(st.free_pages == st0.free_pages - 4 - 2 && st.largest_free_pages < st.free_pages,
	   "freeing the middle leaves a hole");
	kfree(a);
	kfree(c);
	kmalloc_get_stats(&st);
	ok(st.free_pages == st0.free_pages && st.largest_free_pages == st0.free_pages &&
	   st.live_allocs == 0, "freeing both neighbours coalesces into one run");

	/* Whole-heap allocation works after coalescing; one more page does not. */
	p = kmalloc(st0.free_pages * PAGE_SIZE);
	ok(p != NULL, "allocating every free page at once");
	ok(kmalloc(5000) == NULL, "heap exhausted: kmalloc returns NULL");
	kfree(p);
	ok(kmalloc((size_t)HEAP_SIZE * 2) == NULL, "larger than the heap: NULL");
	ok(kmalloc(SIZE_MAX) == NULL, "SIZE_MAX: NULL");

	/* Small classes: alignment and distinctness. */
	a = kmalloc(0);
	b = kmalloc(1);
	c = kmalloc(17);
	ok(a && b && c && a != b && ((uintptr_t)a % 16) == 0 && ((uintptr_t)b % 16) == 0 &&
	   ((uintptr_t)c % 32) == 0, "small allocations (0, 1, 17 bytes) are distinct and aligned");
	kfree(a);
	kfree(b);
	kfree(c);
	kfree(NULL);
	ok(1, "kfree(NULL) is ignored");

	/* Random stress with content checks. */
	for (round = 0; round < 200000; round++) {
		struct slot *s = &slots[xrand() % ARRAY_SIZE(slots)];

		if (s->p) {
			if (!check_fill(s))
				bad_content++;
			kfree(s->p);
			s->p = NULL;
			live--;
			continue;
		}
		switch (xrand() % 16) {
		case 0:
			s->size = PAGE_SIZE + xrand() % (128 * 1024);
			nlarge++;
			break;
		case 1:
			s->size = 2049 + xrand() % 4096;
			break;
		default:
			s->size = xrand() % 2049;
			break;
		}
		s->p = kmalloc(s->size);
		if (!s->p)
			continue;
		if ((uintptr_t)s->p % 16)
			bad_align++;
		if (!in_heap(s->p, s->size))
			bad_range++;
		s->fill = (u8)xrand();
		do_fill(s);
		live++;
		/* Sometimes grow or shrink it in place of a free. */
		if (xrand() % 8 == 0) {
			size_t ns = xrand() % 9000, keep = ns < s->size ? ns : s->size;
			u8 *np = krealloc(s->p, ns ? ns : 1);
			size_t j;

			if (np) {
				for (j = 0; j < keep; j++)
					if (np[j] != (u8)(s->fill + j))
						break;
				if (j != keep)
					bad_content++;
				s->p = np;
				s->size = ns ? ns : 1;
				do_fill(s);
			}
		}
	}
	kmalloc_get_stats(&st);
	ok(st.live_allocs == live, "live allocation count matches (%llu vs %zu)",
	   (unsigned long long)st.live_allocs, live);
	ok(bad_content == 0, "stress: no corrupted contents (%zu bad)", bad_content);
	ok(bad_align == 0 && bad_range == 0, "stress: aligned and inside the heap");
	ok(nlarge > 1000, "stress covered large sizes (%d)", nlarge);
	for (i = 0; i < ARRAY_SIZE(slots); i++) {
		if (slots[i].p) {
			if (!check_fill(&slots[i]))
				bad_content++;
			kfree(slots[i].p);
			slots[i].p = NULL;
		}
	}
	kmalloc_get_stats(&st);
	ok(st.live_allocs == 0 && bad_content == 0, "everything freed, contents intact");
	ok(st.free_pages + st.small_pages == st0.free_pages + st0.small_pages &&
	   st.small_pages <= 8,
	   "all pages back: %llu free + %llu cached slabs",
	   (unsigned long long)st.free_pages, (unsigned long long)st.small_pages);

	/* krealloc semantics. */
	p = krealloc(NULL, 100);
	memset(p, 0xab, 100);
	q = krealloc(p, 10000);
	ok(q && ((u8 *)q)[0] == 0xab && ((u8 *)q)[99] == 0xab, "krealloc grows, keeps contents");
	ok(krealloc(q, 0) == NULL, "krealloc to 0 frees");
	p = kzalloc(3000);
	for (i = 0; i < 3000 && ((u8 *)p)[i] == 0; i++)
		;
	ok(i == 3000, "kzalloc zeroes");
	kfree(p);

	/* Misuse is caught. */
	p = kmalloc(64);
	q = kmalloc(64);	/* keeps the slab alive after p is freed */
	kfree(p);
	hit = SHIM_EXPECT_PANIC(kfree(p));
	ok(hit, "double free of a small object panics");
	hit = SHIM_EXPECT_PANIC(kfree((u8 *)q + 16));
	ok(hit, "freeing the inside of a small object panics");
	kfree(q);
	p = kmalloc(20000);
	hit = SHIM_EXPECT_PANIC(kfree((u8 *)p + PAGE_SIZE));
	ok(hit, "freeing the inside of a large object panics");
	kfree(p);
	hit = SHIM_EXPECT_PANIC(kfree(p));
	ok(hit, "double free of a large object panics");
	{
		static char outside[32];

		hit = SHIM_EXPECT_PANIC(kfree(outside));
		ok(hit, "freeing a pointer outside the heap panics");
	}
	kmalloc_get_stats(&st);
	ok(st.live_allocs == 0, "heap still consistent after caught misuse");
	p = kmalloc(16384);
	ok(p != NULL && in_heap(p, 16384), "heap still usable after caught misuse");
	kfree(p);
}

int main(void)
{
	shim_platform_init(64u << 20);
	kmalloc_init(platform->pmem_free_start, HEAP_SIZE);
	test_printf();
	test_strings();
	test_random();
	test_log();
	test_kmalloc();
	printf("1..%d\n", test_num);
	return test_failed ? 1 : 0;
}
