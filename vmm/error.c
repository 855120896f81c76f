/* SPDX-License-Identifier: MIT */
/* struct vmm_error: error values of host code. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmm/error.h"

static int vmm_error_v(struct vmm_error **err, int status, int errnum,
		       const char *fmt, va_list ap)
{
	int ret = errnum ? -abs(errnum) : -1;
	struct vmm_error *e;
	char *msg = NULL, *full = NULL;

	if (!err || *err)
		return ret;
	e = calloc(1, sizeof(*e));
	if (!e)
		return ret;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (msg && errnum) {
		if (asprintf(&full, "%s: %s", msg, strerror(abs(errnum))) < 0)
			full = NULL;
		free(msg);
		msg = full;
	}
	e->msg = msg ? msg : strdup("out of memory");
	e->errnum = abs(errnum);
	e->status = status;
	*err = e;
	return ret;
}

/* vmm_error - see error.h. */
int vmm_error(struct vmm_error **err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vmm_error_v(err, 1, errnum, fmt, ap);
	va_end(ap);
	return r;
}

/* vmm_error_status - see error.h. */
int vmm_error_status(struct vmm_error **err, int status, int errnum,
		     const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vmm_error_v(err, status, errnum, fmt, ap);
	va_end(ap);
	return r;
}

/* vmm_error_prefix - see error.h. */
int vmm_error_prefix(struct vmm_error **err, const char *fmt, ...)
{
	char *prefix = NULL, *full = NULL;
	va_list ap;

	if (!err || !*err)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&prefix, fmt, ap) < 0)
		prefix = NULL;
	va_end(ap);
	if (prefix && asprintf(&full, "%s: %s", prefix, (*err)->msg) >= 0) {
		free((*err)->msg);
		(*err)->msg = full;
	}
	free(prefix);
	return -1;
}

/* vmm_error_free - see error.h. */
void vmm_error_free(struct vmm_error **err)
{
	if (!err || !*err)
		return;
	free((*err)->msg);
	free(*err);
	*err = NULL;
}

/* vmm_cleanup_free - free(*(void **)p). */
void vmm_cleanup_free(void *p)
{
	free(*(void **)p);
}

/* vmm_cleanup_close - close(*fd) when >= 0. */
void vmm_cleanup_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
