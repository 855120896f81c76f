/* SPDX-License-Identifier: MIT */
/*
 * log.h - vmm's log: one line per message, with a timestamp, to stderr or
 * the --log file, as text or JSON (--log-format). Levels are KLOG_*'s:
 * 0 error, 1 warning, 2 info, 3 debug.
 */
#ifndef VMM_LOG_H
#define VMM_LOG_H

#include <stdbool.h>
#include <stddef.h>

struct vmm_error;

enum { VMM_LOG_ERR = 0, VMM_LOG_WARN, VMM_LOG_INFO, VMM_LOG_DEBUG };

/*
 * vmm_log_init - log to @path (NULL: stderr), as JSON when @json, keeping
 * messages up to @level. Returns 0 or < 0 with @err.
 */
int vmm_log_init(const char *path, bool json, int level,
		 struct vmm_error **err);
/* vmm_log_level - the current level. */
int vmm_log_level(void);
/* vmm_log_write - write message @msg (@len bytes, no newline needed) at @level. */
void vmm_log_write(int level, const char *msg, size_t len);
/* vmm_log - printf-style vmm_log_write. */
void vmm_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* vmm_log_fini - close the log file. */
void vmm_log_fini(void);

#endif
