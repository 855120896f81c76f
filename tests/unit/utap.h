/* SPDX-License-Identifier: MIT */
/*
 * utap.h - TAP output for the host unit tests: ok(cond, fmt, ...) prints
 * one numbered result; test_num and test_failed feed the plan and the
 * exit status at the end of main.
 */
#ifndef TESTS_UNIT_UTAP_H
#define TESTS_UNIT_UTAP_H

#include <stdarg.h>
#include <stdio.h>

static int test_num;
static int test_failed;

/* ok - one TAP result: "ok N - what" or "not ok N - what". */
static void __attribute__((format(printf, 2, 3))) ok(int cond, const char *fmt, ...)
{
	va_list ap;

	test_num++;
	if (!cond)
		test_failed++;
	printf("%sok %d - ", cond ? "" : "not ", test_num);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#endif
