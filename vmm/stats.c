// SPDX-License-Identifier: MIT
/*
 * stats.c - `vmm run --stats=FILE` (see stats.h): the counters the sentry
 * kept (struct hc_stats), the KVM exit counts and getrusage, written with
 * yajl_gen.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <yajl/yajl_gen.h>

#include "abi/hostcall.h"
#include "platform/kvm/kvm.h"
#include "vmm/error.h"
#include "vmm/stats.h"

/* The in-process sentry's counters and syscall names (guestkernel/). */
extern struct hc_stats sentry_stats;
const char *syscall_name(unsigned long long nr);

static const char *const hc_names[HC_STATS_NR_HOSTCALLS] = {
	[HC_LOG] = "log", [HC_OPENAT] = "openat", [HC_CLOSE] = "close",
	[HC_PREAD] = "pread", [HC_PWRITE] = "pwrite", [HC_FSTAT] = "fstat",
	[HC_FSTATAT] = "fstatat", [HC_GETDENTS] = "getdents",
	[HC_READLINKAT] = "readlinkat", [HC_MKDIRAT] = "mkdirat",
	[HC_UNLINKAT] = "unlinkat", [HC_RENAMEAT] = "renameat",
	[HC_SYMLINKAT] = "symlinkat", [HC_LINKAT] = "linkat",
	[HC_FTRUNCATE] = "ftruncate", [HC_FCHMOD] = "fchmod",
	[HC_FCHOWN] = "fchown", [HC_UTIMENS] = "utimens", [HC_FSYNC] = "fsync",
	[HC_POLL] = "poll", [HC_IOCTL] = "ioctl", [HC_SEEK] = "seek",
};
static const char *const hc_platform_names[KVM_STATS_PLATFORM_CALLS] = {
	"idle", "exit", "stats", "other",
};

/* vmm_stats_inproc - see stats.h. */
const struct hc_stats *vmm_stats_inproc(void)
{
	return &sentry_stats;
}

/* A generator that remembers the first failure. */
struct stats_gen {
	yajl_gen g;
	bool failed;
};

static void gen_check(struct stats_gen *o, yajl_gen_status st)
{
	if (st != yajl_gen_status_ok)
		o->failed = true;
}

static void gen_str(struct stats_gen *o, const char *s)
{
	gen_check(o, yajl_gen_string(o->g, (const unsigned char *)s, strlen(s)));
}

static void gen_key_u64(struct stats_gen *o, const char *key, uint64_t v)
{
	char num[24];

	/* yajl_gen_integer is signed: print the unsigned value ourselves */
	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	gen_str(o, key);
	gen_check(o, yajl_gen_number(o->g, num, strlen(num)));
}

static void gen_open(struct stats_gen *o, const char *key)
{
	if (key)
		gen_str(o, key);
	gen_check(o, yajl_gen_map_open(o->g));
}

static void gen_close(struct stats_gen *o)
{
	gen_check(o, yajl_gen_map_close(o->g));
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000ULL + (uint64_t)tv->tv_usec * 1000ULL;
}

static void gen_cpu(struct stats_gen *o)
{
	struct rusage self, kids;

	memset(&self, 0, sizeof(self));
	memset(&kids, 0, sizeof(kids));
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	gen_open(o, "cpu");
	gen_key_u64(o, "user_ns", tv_ns(&self.ru_utime));
	gen_key_u64(o, "system_ns", tv_ns(&self.ru_stime));
	gen_key_u64(o, "children_user_ns", tv_ns(&kids.ru_utime));
	gen_key_u64(o, "children_system_ns", tv_ns(&kids.ru_stime));
	gen_key_u64(o, "total_ns", tv_ns(&self.ru_utime) + tv_ns(&self.ru_stime) +
				   tv_ns(&kids.ru_utime) + tv_ns(&kids.ru_stime));
	gen_close(o);
}

static void gen_sentry(struct stats_gen *o, const struct hc_stats *h)
{
	char name[32];

	gen_open(o, "syscalls");
	gen_key_u64(o, "total", h->syscalls);
	gen_open(o, "by_name");
	for (unsigned int nr = 0; nr < HC_STATS_NR_SYSCALLS; nr++) {
		const char *n;

		if (!h->syscall[nr])
			continue;
		n = syscall_name(nr);
		if (!n) {
			snprintf(name, sizeof(name), "syscall_%u", nr);
			n = name;
		}
		gen_key_u64(o, n, h->syscall[nr]);
	}
	if (h->syscalls_other)
		gen_key_u64(o, "other", h->syscalls_other);
	gen_close(o);
	gen_close(o);
	gen_key_u64(o, "page_faults", h->page_faults);
	gen_key_u64(o, "preemptions", h->preemptions);
	gen_open(o, "hostcalls");
	gen_key_u64(o, "total", h->hostcalls);
	gen_open(o, "by_name");
	for (unsigned int nr = 0; nr < HC_STATS_NR_HOSTCALLS; nr++) {
		if (!h->hostcall[nr])
			continue;
		if (hc_names[nr]) {
			gen_key_u64(o, hc_names[nr], h->hostcall[nr]);
		} else {
			snprintf(name, sizeof(name), "hostcall_%u", nr);
			gen_key_u64(o, name, h->hostcall[nr]);
		}
	}
	gen_close(o);
	gen_close(o);
}

static void gen_kvm(struct stats_gen *o, const struct kvm_stats *k)
{
	char name[32];

	gen_open(o, "vm_exits");
	gen_key_u64(o, "total", k->exits);
	gen_open(o, "by_reason");
	for (unsigned int r = 0; r < KVM_STATS_EXIT_REASONS; r++)
		if (k->exit_reason[r])
			gen_key_u64(o, kvm_exit_reason_name(r), k->exit_reason[r]);
	gen_close(o);
	/* the IO exits: one per hostcall that left the guest */
	gen_open(o, "by_hostcall");
	for (unsigned int nr = 0; nr < HC_STATS_NR_HOSTCALLS; nr++) {
		if (!k->exit_hostcall[nr])
			continue;
		if (hc_names[nr]) {
			gen_key_u64(o, hc_names[nr], k->exit_hostcall[nr]);
		} else {
			snprintf(name, sizeof(name), "hostcall_%u", nr);
			gen_key_u64(o, name, k->exit_hostcall[nr]);
		}
	}
	for (unsigned int i = 0; i < KVM_STATS_PLATFORM_CALLS; i++)
		if (k->exit_platform[i])
			gen_key_u64(o, hc_platform_names[i], k->exit_platform[i]);
	gen_close(o);
	gen_close(o);
}

/* vmm_stats_write_run - see stats.h. */
int vmm_stats_write_run(const char *path, const struct timespec *start,
			struct vmm_error **err)
{
	const struct kvm_stats *k = kvm_sandbox_stats();
	struct vmm_run_stats s = { .platform = k ? "kvm" : "ptrace" };
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s.wall_ns = (uint64_t)(now.tv_sec - start->tv_sec) * 1000000000ULL +
		    (uint64_t)now.tv_nsec - (uint64_t)start->tv_nsec;
	s.kvm = k;
	s.sentry = k ? (k->have_guest ? &k->guest : NULL) : &sentry_stats;
	return vmm_stats_write(path, &s, err);
}

/* vmm_stats_write - see stats.h. */
int vmm_stats_write(const char *path, const struct vmm_run_stats *s,
		    struct vmm_error **err)
{
	struct stats_gen o = { .g = yajl_gen_alloc(NULL) };
	const unsigned char *buf;
	size_t len, done = 0;
	cleanup_close int fd = -1;
	int r = 0;

	if (!o.g)
		return vmm_error(err, ENOMEM, "stats");
	yajl_gen_config(o.g, yajl_gen_beautify, 1);
	gen_open(&o, NULL);
	gen_str(&o, "platform");
	gen_str(&o, s->platform);
	gen_key_u64(&o, "wall_ns", s->wall_ns);
	gen_cpu(&o);
	if (s->sentry && s->sentry->magic == HC_STATS_MAGIC)
		gen_sentry(&o, s->sentry);
	if (s->kvm)
		gen_kvm(&o, s->kvm);
	gen_close(&o);
	if (o.failed || yajl_gen_get_buf(o.g, &buf, &len) != yajl_gen_status_ok) {
		yajl_gen_free(o.g);
		return vmm_error(err, 0, "stats: generating JSON");
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		r = vmm_error(err, errno, "stats: open `%s`", path);
	while (r == 0 && done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = vmm_error(err, n < 0 ? errno : EIO, "stats: write `%s`", path);
		else
			done += n;
	}
	if (r == 0 && write(fd, "\n", 1) != 1)
		r = vmm_error(err, errno, "stats: write `%s`", path);
	yajl_gen_free(o.g);
	return r;
}
