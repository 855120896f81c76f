/* SPDX-License-Identifier: MIT */
/* log.c - vmm's log sink (see log.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmm/error.h"
#include "vmm/log.h"

static int vmm_log_fd = STDERR_FILENO;
static bool vmm_log_json;
static int vmm_log_lvl = VMM_LOG_WARN;

static const char *const vmm_log_names[] = { "error", "warning", "info", "debug" };

/* vmm_log_init - see log.h. */
int vmm_log_init(const char *path, bool json, int level,
		 struct vmm_error **err)
{
	int fd;

	if (path) {
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd < 0)
			return vmm_error(err, errno, "open log file `%s`", path);
		vmm_log_fini();
		vmm_log_fd = fd;
	}
	vmm_log_json = json;
	vmm_log_lvl = level;
	return 0;
}

/* vmm_log_level - see log.h. */
int vmm_log_level(void)
{
	return vmm_log_lvl;
}

/* vmm_log_escape - append @msg JSON-escaped to @out (room for 6x @len). */
static size_t vmm_log_escape(char *out, const char *msg, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20) {
			memcpy(out + o, "\\u00", 4);
			out[o + 4] = hex[c >> 4];
			out[o + 5] = hex[c & 15];
			o += 6;
		} else {
			out[o++] = (char)c;
		}
	}
	return o;
}

/* vmm_log_write - see log.h. */
void vmm_log_write(int level, const char *msg, size_t len)
{
	char line[8192], stamp[64];
	struct timespec ts;
	struct tm tm;
	size_t n;
	int lv;

	if (level > vmm_log_lvl)
		return;
	while (len && msg[len - 1] == '\n')
		len--;
	if (len > 1024)
		len = 1024;
	lv = level < 0 ? 0 : level > 3 ? 3 : level;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + n, sizeof(stamp) - n, ".%06ldZ", ts.tv_nsec / 1000);
	if (vmm_log_json) {
		n = (size_t)snprintf(line, sizeof(line),
				     "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"",
				     stamp, vmm_log_names[lv]);
		n += vmm_log_escape(line + n, msg, len);
		memcpy(line + n, "\"}\n", 3);
		n += 3;
	} else {
		n = (size_t)snprintf(line, sizeof(line), "%s %s: ", stamp,
				     vmm_log_names[lv]);
		memcpy(line + n, msg, len);
		n += len;
		line[n++] = '\n';
	}
	if (write(vmm_log_fd, line, n) < 0) {
		/* nowhere left to report it */
	}
}

/* vmm_log - see log.h. */
void vmm_log(int level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	if (level > vmm_log_lvl)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	vmm_log_write(level, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* vmm_log_fini - see log.h. */
void vmm_log_fini(void)
{
	if (vmm_log_fd != STDERR_FILENO)
		close(vmm_log_fd);
	vmm_log_fd = STDERR_FILENO;
}
