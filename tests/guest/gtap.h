/* SPDX-License-Identifier: MIT */
/*
 * gtap.h - tiny TAP helpers for the guest test programs.
 *
 * Guest tests run natively and in the sandbox and their stdout is
 * compared, so output must be deterministic: never print pids, addresses
 * or times. Diagnostics go to stdout as "# ..." only on failure.
 * Output is unbuffered-by-line (fflush after each line) so it survives
 * fork() without duplication.
 */
#ifndef GUEST_GTAP_H
#define GUEST_GTAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int gtap_n;
static int gtap_failed;
/* prepended to every line; a sub-image sets "# child: " so its results
 * show as comments of the parent's TAP stream */
static const char *gtap_prefix = "";

/* ok - report test @cond with description @fmt; returns @cond. */
static inline int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	gtap_n++;
	if (!cond)
		gtap_failed++;
	printf("%s%sok %d - ", gtap_prefix, cond ? "" : "not ", gtap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* diag - print a "# " comment line (only call it on failure paths). */
static inline void __attribute__((format(printf, 1, 2)))
diag(const char *fmt, ...)
{
	va_list ap;

	printf("%s# ", gtap_prefix);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ok_errno - check that @ret is -1 with errno @want. */
#define ok_errno(ret, want, ...)					\
	({								\
		long _r = (long)(ret);					\
		int _e = errno;						\
		int _c = ok(_r == -1 && _e == (want), __VA_ARGS__);	\
		if (!_c)						\
			diag("got %ld errno %d (%s), want -1 errno %d",	\
			     _r, _e, strerror(_e), (want));		\
		_c;							\
	})

/* ok_sys - check that a syscall wrapper result @ret is not -1. */
#define ok_sys(ret, ...)						\
	({								\
		long _r = (long)(ret);					\
		int _e = errno;						\
		int _c = ok(_r != -1, __VA_ARGS__);			\
		if (!_c)						\
			diag("failed: errno %d (%s)", _e, strerror(_e));\
		_c;							\
	})

/* done - print the plan and return the exit status for main(). */
static inline int done(void)
{
	printf("%s1..%d\n", gtap_prefix, gtap_n);
	fflush(stdout);
	return gtap_failed ? 1 : 0;
}

#endif
