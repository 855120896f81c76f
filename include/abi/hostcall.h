/* SPDX-License-Identifier: MIT */
/*
 * hostcall.h - the sentry -> vmm call interface (ABI version 1).
 *
 * The sentry places one struct hc_req in sandbox physical memory and hands
 * its physical address to the platform (KVM: `out` to HC_PORT; ptrace: a
 * function call). Buffers are physical addresses (hc_paddr_t): vmm
 * bounds-checks every one against the memory size before touching it.
 * Handles are small integers vmm hands out (host fds it owns); vmm refuses
 * a handle it did not give. Results: ret >= 0 or -errno.
 *
 * C99, no libc: shared by guestkernel/ and vmm/.
 */
#ifndef ABI_HOSTCALL_H
#define ABI_HOSTCALL_H

#define HC_ABI_VERSION 1
#define HC_PORT 0x7f0

/* A sandbox-physical address: never a host or guest pointer. */
typedef unsigned long long hc_paddr_t;

enum hc_nr {
	HC_LOG = 1,	/* a0: level, a1: msg pa, a2: len */
	HC_OPENAT,	/* a0: dir handle, a1: path pa, a2: path len, a3: O_* flags, a4: mode -> handle */
	HC_CLOSE,	/* a0: handle */
	HC_PREAD,	/* a0: handle, a1: buf pa, a2: len, a3: offset (-1: current position) -> bytes */
	HC_PWRITE,	/* a0: handle, a1: buf pa, a2: len, a3: offset (-1: current position) -> bytes */
	HC_FSTAT,	/* a0: handle, a1: struct hc_stat pa */
	HC_FSTATAT,	/* a0: dir handle, a1: path pa, a2: path len, a3: AT_SYMLINK_NOFOLLOW?, a4: struct hc_stat pa */
	HC_GETDENTS,	/* a0: handle, a1: buf pa, a2: len -> bytes of linux_dirent64 records */
	HC_READLINKAT,	/* a0: dir handle, a1: path pa, a2: path len, a3: buf pa, a4: buf len -> bytes */
	HC_MKDIRAT,	/* a0: dir handle, a1: path pa, a2: path len, a3: mode */
	HC_UNLINKAT,	/* a0: dir handle, a1: path pa, a2: path len, a3: flags (AT_REMOVEDIR) */
	HC_RENAMEAT,	/* a0: old dir, a1: old pa, a2: old len, a3: new dir, a4: new pa, a5: new len */
	HC_SYMLINKAT,	/* a0: target pa, a1: target len, a2: dir handle, a3: path pa, a4: path len */
	HC_LINKAT,	/* a0: old dir, a1: old pa, a2: old len, a3: new dir, a4: new pa, a5: new len */
	HC_FTRUNCATE,	/* a0: handle, a1: length */
	HC_FCHMOD,	/* a0: handle, a1: mode */
	HC_FCHOWN,	/* a0: handle, a1: uid, a2: gid */
	HC_UTIMENS,	/* a0: handle, a1: struct hc_timespec[2] pa */
	HC_FSYNC,	/* a0: handle */
	HC_POLL,	/* a0: struct hc_pollfd array pa, a1: count, a2: timeout ns (-1: forever) -> ready count */
	HC_IOCTL,	/* a0: handle, a1: request (terminal ioctls only), a2: arg buf pa, a3: arg len */
	HC_SEEK,	/* a0: handle, a1: offset, a2: whence -> new offset */
	HC_NR_MAX
};

/*
 * Platform-level requests (KVM transport only): handled by vmm's vCPU loop
 * itself, never by the hostcall server.
 */
enum hc_platform_nr {
	HC_IDLE = 0x100,	/* a0: deadline, CLOCK_MONOTONIC ns (0: none) -> 1 if a host signal came */
	HC_EXIT,		/* a0: wait status of init, a1: HC_EXIT_* */
	HC_STATS,		/* a0: struct hc_stats pa, a1: its size (once, at boot) */
	HC_START_CPU,		/* a0: cpu (1 .. boot block ncpus - 1), a1: rip, a2: rsp; %rdi = cpu */
	HC_KICK,		/* end vCPU 0's current or next HC_IDLE early */
	HC_YIELD,		/* a vCPU spins on a lock: let the host run another thread */
	HC_CONTROL_POLL,	/* a0: struct ctl_req pa, a1: its size -> 1: a request is there, 0: none */
	HC_CONTROL_REPLY,	/* a0: cookie, a1: struct ctl_resp pa, a2: its size */
};
#define HC_EXIT_NORMAL 0	/* the sandbox finished */
#define HC_EXIT_CRASH 1		/* the sentry hit a fatal error (logged before) */

struct hc_req {
	unsigned int nr;		/* IN: enum hc_nr */
	unsigned int _pad;
	long long ret;			/* OUT: >= 0 or -errno */
	unsigned long long a[6];	/* IN: arguments as listed above */
};

/* OUT of HC_FSTAT/HC_FSTATAT: what the sentry needs of a host stat. */
struct hc_stat {
	unsigned long long dev, ino, nlink;
	unsigned int mode, uid, gid, _pad;
	unsigned long long rdev;
	long long size, blksize, blocks;
	long long atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec,
		ctime_nsec;
};

struct hc_timespec {
	long long sec, nsec;
};

/*
 * Counters the sentry keeps for `vmm run --stats` (guestkernel/kernel/
 * stats.c). KVM: the sentry reports the block's physical address with
 * HC_STATS and vmm reads it at exit; ptrace: vmm reads the sentry's copy
 * in-process. All OUT (written by the sentry only).
 */
#define HC_STATS_MAGIC 0x3153544154534d56ULL	/* "VMSTATS1" */
#define HC_STATS_NR_SYSCALLS 512
#define HC_STATS_NR_HOSTCALLS 32
struct hc_stats {
	unsigned long long magic;		/* HC_STATS_MAGIC */
	unsigned long long syscalls;		/* every system call, total */
	unsigned long long syscalls_other;	/* numbers >= HC_STATS_NR_SYSCALLS */
	unsigned long long page_faults;		/* user page faults handled */
	unsigned long long hostcalls;		/* every hostcall, total */
	unsigned long long preemptions;		/* timer interrupts of user code */
	unsigned long long syscall[HC_STATS_NR_SYSCALLS];	/* by number */
	unsigned long long hostcall[HC_STATS_NR_HOSTCALLS];	/* by enum hc_nr */
};

struct hc_pollfd {
	long long handle;		/* IN */
	short events;			/* IN: POLLIN/POLLOUT */
	short revents;			/* OUT */
	int _pad;
};

#endif
