/* SPDX-License-Identifier: MIT */
/* klib logging: klog to the platform's log sink, kpanic. */
#include "klib/klib.h"
#include "platform/platform.h"

#define KLOG_LINE_MAX 512
#define SIGABRT_STATUS 6	/* wait status of a process killed by SIGABRT */

int klog_level = KLOG_INFO;
static bool in_panic;

/* Hand @buf (of @size, NUL-terminated, maybe truncated) to the platform. */
static void klog_emit(int level, const char *buf, int n)
{
	size_t len = (size_t)n < KLOG_LINE_MAX - 1 ? (size_t)n : KLOG_LINE_MAX - 1;

	/* One line per call: drop the caller's trailing newlines. */
	while (len && buf[len - 1] == '\n')
		len--;
	if (platform && platform->log)
		platform->log(level, buf, len);
}

void klog(int level, const char *fmt, ...)
{
	char buf[KLOG_LINE_MAX];
	va_list ap;
	int n;

	if (level > klog_level)
		return;
	n = ksnprintf(buf, sizeof(buf), "sentry: ");
	va_start(ap, fmt);
	n += kvsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	klog_emit(level, buf, n);
}

void kpanic(const char *file, int line, const char *fmt, ...)
{
	char buf[KLOG_LINE_MAX];
	va_list ap;
	int n;

	/* A panic while panicking (e.g. in the log sink): just stop. */
	if (!in_panic) {
		in_panic = true;
		n = ksnprintf(buf, sizeof(buf), "sentry panic at %s:%d: ", file,
			      line);
		va_start(ap, fmt);
		n += kvsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
		va_end(ap);
		klog_emit(KLOG_ERR, buf, n);
	}
	if (platform && platform->shutdown)
		platform->shutdown(SIGABRT_STATUS);
	for (;;)
		__builtin_trap();
}
