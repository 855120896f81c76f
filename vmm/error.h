/* SPDX-License-Identifier: MIT */
/*
 * Host-side errors: a function that fails returns < 0 and fills a
 * struct vmm_error with a message (and the errno behind it); callers may
 * add context on the way up; only main prints.
 */
#ifndef VMM_ERROR_H
#define VMM_ERROR_H

#include <stdarg.h>

struct vmm_error {
	int errnum;		/* errno behind the failure, 0 if none */
	int status;		/* exit status main should use (default 1) */
	char *msg;
};

/*
 * vmm_error - set *@err (if @err and *@err is NULL) to a new error with
 * @errnum (0: none) and a printf message; ": strerror(errnum)" is
 * appended when errnum != 0. Returns -abs(errnum) or -1 for convenience.
 */
int vmm_error(struct vmm_error **err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* vmm_error_status - like vmm_error but with an exit status for main (e.g. 127). */
int vmm_error_status(struct vmm_error **err, int status, int errnum,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* vmm_error_prefix - prepend "@fmt: " context to an existing error. Returns -1. */
int vmm_error_prefix(struct vmm_error **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* vmm_error_free - release *@err and set it to NULL. */
void vmm_error_free(struct vmm_error **err);

/* Cleanup helpers for __attribute__((cleanup)). */
void vmm_cleanup_free(void *p);
void vmm_cleanup_close(int *fd);
#define cleanup_free __attribute__((cleanup(vmm_cleanup_free)))
#define cleanup_close __attribute__((cleanup(vmm_cleanup_close)))

#endif
