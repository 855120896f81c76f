/* SPDX-License-Identifier: MIT */
/*
 * seccomp_policy.c - the seccomp allowlist of the vmm process once the
 * sentry runs (vmm_security_lockdown, security.c). Native x86_64 only;
 * anything not listed kills the process.
 *
 * What vmm still does after setup, and why each entry is here:
 *  - hostcall server (hostcalls_fs.c, hostcalls_io.c): openat2 (openat for
 *    its fallback and opendir), newfstatat/fstat/statx, getdents64,
 *    readlinkat, mkdirat, unlinkat, renameat/renameat2, symlinkat,
 *    linkat, fchmod, fchown, utimensat, ftruncate, fsync/fdatasync,
 *    read/write/pread64/pwrite64/readv/writev, lseek, close, ppoll/poll,
 *    fcntl (flags and fd flags only), and ioctl limited to the terminal
 *    requests it forwards (TCGETS, TCSETS*, TIOCGWINSZ, TIOCSWINSZ);
 *  - ptrace platform (platform/ptrace): ptrace, wait4/waitid, kill/tgkill
 *    (interrupting and killing stubs), getpid/gettid, rt_sigtimedwait
 *    (idle and host signals), clock_nanosleep/nanosleep (bounded reaping);
 *    new stubs come from clone injected into the template, so no clone,
 *    fork or execve here;
 *  - control socket (control_server.c): accept4, recvmsg, sendmsg,
 *    sendto, setsockopt(SOL_SOCKET, SO_RCVTIMEO/SO_SNDTIMEO); no socket,
 *    bind or connect;
 *  - memory: mmap and mprotect without PROT_EXEC, munmap, mremap,
 *    madvise, brk;
 *  - glibc and the rest: futex, rt_sigprocmask, rt_sigreturn,
 *    sched_yield, clock_gettime/gettimeofday (vDSO fallbacks), getrandom,
 *    getrusage (`vmm run --stats`), restart_syscall, exit, exit_group;
 *  - KVM platform (with VMM_SEC_KVM): seccomp_kvm.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <termios.h>

#include "vmm/error.h"
#include "vmm/seccomp_kvm.h"
#include "vmm/security.h"

static const char *const vmm_allowed[] = {
	/* hostcall server: files */
	"openat2", "openat", "newfstatat", "fstat", "statx", "getdents64",
	"readlinkat", "mkdirat", "unlinkat", "renameat", "renameat2",
	"symlinkat", "linkat", "fchmod", "fchown", "utimensat", "ftruncate",
	"fsync", "fdatasync", "lseek", "close",
	/* data and readiness */
	"read", "write", "readv", "writev", "pread64", "pwrite64",
	"ppoll", "poll",
	/* ptrace platform */
	"ptrace", "wait4", "waitid", "kill", "tgkill", "getpid", "gettid",
	"sched_getaffinity", "sched_setaffinity", "getcpu",	/* cpu_bind.c */
	"rt_sigtimedwait", "clock_nanosleep", "nanosleep",
	/* control socket */
	"accept4", "recvmsg", "sendmsg", "sendto",
	/* memory (mmap and mprotect are below, without PROT_EXEC) */
	"munmap", "mremap", "madvise", "brk",
	/* glibc internals, time, exit */
	"futex", "rt_sigprocmask", "rt_sigreturn", "sched_yield",
	"clock_gettime", "gettimeofday", "getrandom", "getrusage",
	"restart_syscall", "exit", "exit_group",
};

/* The terminal requests HC_IOCTL forwards (hostcalls_io.c). */
static const unsigned long vmm_ioctls[] = {
	TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, TIOCSWINSZ,
};

/* fcntl commands: F_SETFL to clear O_NONBLOCK on opened files, fd flags. */
static const int vmm_fcntls[] = {
	F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC,
};

/* setsockopt(SOL_SOCKET, ...) on accepted control connections. */
static const int vmm_sockopts[] = { SO_RCVTIMEO, SO_SNDTIMEO };

/* vmm_sigsys_trap - VMM_SECCOMP=trap: name the denied call, fail it. */
static void vmm_sigsys_trap(int sig, siginfo_t *si, void *ctx)
{
	static const char pre[] = "vmm: seccomp: denied system call ";
	ucontext_t *uc = ctx;
	char num[24], *p = num + sizeof(num);
	unsigned int nr = (unsigned int)si->si_syscall;

	(void)sig;
	*--p = '\n';
	do
		*--p = (char)('0' + nr % 10);
	while ((nr /= 10));
	(void)!write(2, pre, sizeof(pre) - 1);
	(void)!write(2, p, (size_t)(num + sizeof(num) - p));
	uc->uc_mcontext.gregs[REG_RAX] = -ENOSYS;
}

/* vmm_seccomp_rules - every rule of the policy into @ctx; 0 or -errno. */
static int vmm_seccomp_rules(scmp_filter_ctx ctx)
{
	size_t i;
	int nr, r;

	for (i = 0; i < sizeof(vmm_allowed) / sizeof(vmm_allowed[0]); i++) {
		nr = seccomp_syscall_resolve_name(vmm_allowed[i]);
		if (nr == __NR_SCMP_ERROR)
			return -EINVAL;
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (r < 0)
			return r;
	}
	for (i = 0; i < sizeof(vmm_ioctls) / sizeof(vmm_ioctls[0]); i++) {
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				     SCMP_A1(SCMP_CMP_EQ, vmm_ioctls[i]));
		if (r < 0)
			return r;
	}
	for (i = 0; i < sizeof(vmm_fcntls) / sizeof(vmm_fcntls[0]); i++) {
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
				     SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)vmm_fcntls[i]));
		if (r < 0)
			return r;
	}
	/* accepted control connections: SO_RCVTIMEO, SO_SNDTIMEO */
	for (i = 0; i < sizeof(vmm_sockopts) / sizeof(vmm_sockopts[0]); i++) {
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(setsockopt), 2,
				     SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
				     SCMP_A2(SCMP_CMP_EQ, (scmp_datum_t)vmm_sockopts[i]));
		if (r < 0)
			return r;
	}
	/* no new executable memory */
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
			     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	return r;
}

/* vmm_seccomp_policy_load - see security.h. */
int vmm_seccomp_policy_load(const char *mode, unsigned int flags,
			    struct vmm_error **err)
{
	uint32_t def = SCMP_ACT_KILL_PROCESS;
	scmp_filter_ctx ctx;
	int r;

	if (mode && strcmp(mode, "trap") == 0) {
		struct sigaction sa = { .sa_sigaction = vmm_sigsys_trap,
					.sa_flags = SA_SIGINFO };
		sigset_t s;

		sigemptyset(&sa.sa_mask);
		sigemptyset(&s);
		sigaddset(&s, SIGSYS);
		if (sigaction(SIGSYS, &sa, NULL) < 0 ||
		    sigprocmask(SIG_UNBLOCK, &s, NULL) < 0)
			return vmm_error(err, errno, "seccomp: SIGSYS handler");
		def = SCMP_ACT_TRAP;
	} else if (mode && strcmp(mode, "log") == 0) {
		def = SCMP_ACT_LOG;
	} else if (mode && mode[0] && strcmp(mode, "kill") != 0) {
		return vmm_error(err, 0, "VMM_SECCOMP=%s: expected kill, trap, log or off",
				 mode);
	}
	ctx = seccomp_init(def);
	if (!ctx)
		return vmm_error(err, ENOMEM, "seccomp: filter");
	r = vmm_seccomp_rules(ctx);
	if (r == 0 && (flags & VMM_SEC_KVM))
		r = vmm_seccomp_kvm_rules(ctx);
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r < 0)
		return vmm_error(err, -r, "seccomp: load the filter");
	return 0;
}
