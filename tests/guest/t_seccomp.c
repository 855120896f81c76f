/* SPDX-License-Identifier: MIT */
/*
 * t_seccomp - seccomp(2) and prctl(PR_SET_SECCOMP): filters installed by
 * the program are enforced on its own syscalls.
 *
 * A filter cannot be removed, so every case that installs one runs in a
 * forked child that reports through its exit status (0: all its checks
 * passed, else the number of the failed check) or the signal that killed
 * it. With "exec-check" as argument the program is the exec'd image of
 * the inheritance case.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

#define X32_BIT 0x40000000
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1	/* si_code of a seccomp SIGSYS */
#endif

#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define LD_ARCH BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))
#define LD_ARG0_LO BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]))
#define LD_ARG0_HI BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4)
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define ALLOW RET(SECCOMP_RET_ALLOW)

static int sys_seccomp(unsigned int op, unsigned int flags, const void *args)
{
	return (int)syscall(SYS_seccomp, op, flags, args);
}

static int install(const struct sock_filter *f, unsigned short len,
		   unsigned int flags)
{
	struct sock_fprog prog = { .len = len, .filter = (struct sock_filter *)f };

	return sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog);
}

/* Install "syscall @nr -> @ret, everything else allowed" (arch checked). */
static int install_one(int nr, unsigned int ret, unsigned int flags)
{
	struct sock_filter f[] = {
		LD_ARCH,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		RET(SECCOMP_RET_KILL_PROCESS),
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 1),
		RET(ret),
		ALLOW,
	};

	return install(f, sizeof(f) / sizeof(f[0]), flags);
}

static int nnp(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* Run @fn in a child; its wait status. */
static int in_child(int (*fn)(void))
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static int exited_ok(int st, const char *what)
{
	int c = ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", what);

	if (!c)
		diag("status 0x%x", st);
	return c;
}

static int killed_by(int st, int sig, const char *what)
{
	int c = ok(WIFSIGNALED(st) && WTERMSIG(st) == sig, "%s", what);

	if (!c)
		diag("status 0x%x", st);
	return c;
}

/* getppid fails with @err (the errno filters of several cases). */
static int getppid_fails(int err)
{
	errno = 0;
	return syscall(SYS_getppid) == -1 && errno == err;
}

/* The value of "@key:\t" in /proc/self/status, or -1. */
static int status_field(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");
	int v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = atoi(line + n + 1);
	fclose(f);
	return v;
}

/* ---- permission ---- */

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	return (int)syscall(SYS_capset, &h, d);
}

/*
 * A runtime may start the program with no_new_privs already set (vmm's
 * test bundles do, as OCI's default config does): then only the rule that
 * no_new_privs suffices can be seen, the EACCES half needs a process
 * without it.
 */
static int case_eacces(void)
{
	struct sock_filter f[] = { ALLOW };
	struct sock_fprog prog = { .len = 1, .filter = f };

	if (drop_sys_admin())
		return 1;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		return install(f, 1, 0) ? 7 : 0;
	if (install(f, 1, 0) != -1 || errno != EACCES)
		return 2;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != -1 ||
	    errno != EACCES)
		return 3;
	if (prctl(PR_GET_SECCOMP) != 0)
		return 4;
	/* no_new_privs is enough */
	if (nnp() || install(f, 1, 0))
		return 5;
	return prctl(PR_GET_SECCOMP) == SECCOMP_MODE_FILTER ? 0 : 6;
}

/* ---- errno ---- */

static int case_errno(void)
{
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_ERRNO | EPERM, 0))
		return 1;
	if (!getppid_fails(EPERM))
		return 2;
	if (getpid() <= 0)
		return 3;
	if (prctl(PR_GET_SECCOMP) != SECCOMP_MODE_FILTER)
		return 4;
	if (status_field("Seccomp") != 2 || status_field("Seccomp_filters") != 1)
		return 5;
	return 0;
}

static int case_errno_cap(void)
{
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_ERRNO | 0xffff, 0))
		return 1;
	return getppid_fails(4095) ? 0 : 2;
}

static int case_prctl_filter(void)
{
	struct sock_filter f[] = {
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		RET(SECCOMP_RET_ERRNO | ENOTSUP),
		ALLOW,
	};
	struct sock_fprog prog = { .len = 4, .filter = f };

	if (nnp() || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return 1;
	return getppid_fails(ENOTSUP) ? 0 : 2;
}

/* ---- trap ---- */

static volatile int trap_count;
static volatile int trap_bad;

static void on_sigsys(int sig, siginfo_t *si, void *uc_v)
{
	ucontext_t *uc = uc_v;

	trap_count++;
	if (sig != SIGSYS || si->si_signo != SIGSYS)
		trap_bad |= 1;
	if (si->si_code != SYS_SECCOMP)
		trap_bad |= 2;
	if (si->si_errno != 42)
		trap_bad |= 4;
	if (si->si_syscall != SYS_getppid)
		trap_bad |= 8;
	if (si->si_arch != AUDIT_ARCH_X86_64)
		trap_bad |= 16;
	if (!si->si_call_addr ||
	    (unsigned long)si->si_call_addr != (unsigned long)uc->uc_mcontext.gregs[REG_RIP])
		trap_bad |= 32;
	/* The syscall did not run: rax still holds its number. */
	if (uc->uc_mcontext.gregs[REG_RAX] != SYS_getppid)
		trap_bad |= 64;
}

static int case_trap(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	long r;

	if (sigaction(SIGSYS, &sa, NULL))
		return 1;
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_TRAP | 42, 0))
		return 2;
	r = syscall(SYS_getppid);
	if (trap_count != 1)
		return 3;
	if (trap_bad) {
		printf("# trap_bad 0x%x\n", trap_bad);
		fflush(stdout);
		return 4;
	}
	if (r != SYS_getppid)
		return 5;
	return 0;
}

static int case_trap_blocked(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGSYS);
	if (sigprocmask(SIG_BLOCK, &s, NULL))
		return 1;
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_TRAP, 0))
		return 2;
	syscall(SYS_getppid);
	return 3;	/* not reached: the forced SIGSYS kills */
}

/* ---- kill ---- */

static int case_kill_process(void)
{
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_KILL_PROCESS, 0))
		return 1;
	syscall(SYS_getppid);
	return 2;
}

static int case_kill_thread(void)
{
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_KILL_THREAD, 0))
		return 1;
	syscall(SYS_getppid);
	return 2;
}

static void *thread_killed(void *arg)
{
	syscall(SYS_getppid);
	return (void *)1;	/* not reached */
}

/* KILL_THREAD of one thread of several: the others go on. */
static int case_kill_thread_mt(void)
{
	pthread_t th;
	void *res = NULL;

	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_KILL_THREAD, 0))
		return 1;
	if (pthread_create(&th, NULL, thread_killed, NULL))
		return 2;
	if (pthread_join(th, &res) || res == (void *)1)
		return 3;
	return getpid() > 0 ? 0 : 4;
}

/* ---- other actions ---- */

static int case_trace_log(void)
{
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_TRACE | 5, 0))
		return 1;
	if (!getppid_fails(ENOSYS))	/* no tracer */
		return 2;
	if (install_one(SYS_getuid, SECCOMP_RET_LOG, SECCOMP_FILTER_FLAG_LOG))
		return 3;
	return syscall(SYS_getuid) == getuid() ? 0 : 4;
}

/* ---- stacking ---- */

static int case_stack(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	struct sock_filter allow[] = { ALLOW };

	if (nnp() || sigaction(SIGSYS, &sa, NULL))
		return 1;
	if (install_one(SYS_getppid, SECCOMP_RET_ERRNO | EPERM, 0))
		return 2;
	/* a newer filter that allows everything cannot undo it */
	if (install(allow, 1, 0) || !getppid_fails(EPERM))
		return 3;
	/* the same action in a newer filter: the newer one's data */
	if (install_one(SYS_getppid, SECCOMP_RET_ERRNO | EACCES, 0) ||
	    !getppid_fails(EACCES))
		return 4;
	/* TRAP is more restrictive than ERRNO, whichever is newer */
	if (install_one(SYS_getppid, SECCOMP_RET_TRAP | 42, 0))
		return 5;
	if (install_one(SYS_getppid, SECCOMP_RET_ERRNO | EIO, 0))
		return 6;
	if (syscall(SYS_getppid) != SYS_getppid || trap_count != 1 || trap_bad)
		return 7;
	/* a newer LOG does not weaken it either */
	if (install_one(SYS_getppid, SECCOMP_RET_LOG, 0))
		return 8;
	if (syscall(SYS_getppid) != SYS_getppid || trap_count != 2 || trap_bad)
		return 10;
	if (status_field("Seccomp_filters") != 6)
		return 9;
	return 0;
}

static int case_stack_kill(void)
{
	/* an old KILL_PROCESS wins over a newer ERRNO */
	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_KILL_PROCESS, 0) ||
	    install_one(SYS_getppid, SECCOMP_RET_ERRNO | EPERM, 0))
		return 1;
	syscall(SYS_getppid);
	return 2;
}

/* ---- inheritance ---- */

static int case_fork(void)
{
	int st;

	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_ERRNO | EPERM, 0))
		return 1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(getppid_fails(EPERM) &&
		      prctl(PR_GET_SECCOMP) == SECCOMP_MODE_FILTER ? 0 : 1);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 2;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 3;
}

static int exec_check(void)
{
	if (!getppid_fails(EPERM))
		return 1;
	if (prctl(PR_GET_SECCOMP) != SECCOMP_MODE_FILTER)
		return 2;
	if (status_field("Seccomp_filters") != 1)
		return 3;
	return 0;
}

static int case_exec(void)
{
	static char arg0[] = "t_seccomp", arg1[] = "exec-check";
	char *argv[] = { arg0, arg1, NULL };
	char *envp[] = { NULL };

	if (nnp() || install_one(SYS_getppid, SECCOMP_RET_ERRNO | EPERM, 0))
		return 1;
	execve("/proc/self/exe", argv, envp);
	return 2;
}

static void *thread_getppid(void *arg)
{
	int *go = arg;

	while (!__atomic_load_n(go, __ATOMIC_ACQUIRE))
		sched_yield();
	return (void *)(long)(getppid_fails(EPERM) ? 0 : 1);
}

/* A thread started before the filter gets it only with TSYNC. */
static int case_threads(void)
{
	pthread_t th;
	int go = 0;
	void *res;

	if (nnp())
		return 1;
	if (pthread_create(&th, NULL, thread_getppid, &go))
		return 2;
	if (install_one(SYS_getppid, SECCOMP_RET_ERRNO | EPERM,
			SECCOMP_FILTER_FLAG_TSYNC))
		return 3;
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	if (pthread_join(th, &res) || res)
		return 4;
	/* a thread created afterwards inherits it */
	if (pthread_create(&th, NULL, thread_getppid, &go) ||
	    pthread_join(th, &res) || res)
		return 5;
	return 0;
}

/* ---- invalid programs ---- */

static int bad(const struct sock_filter *f, unsigned short len, int err)
{
	errno = 0;
	return install(f, len, 0) == -1 && errno == err;
}

static int case_invalid(void)
{
	struct sock_filter jeq_out[] = {
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 2, 0),
		ALLOW,
	};
	struct sock_filter ja_out[] = {
		BPF_STMT(BPF_JMP | BPF_JA, 1),
		ALLOW,
	};
	struct sock_filter no_ret[] = { LD_NR, LD_NR };
	struct sock_filter misaligned[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), ALLOW,
	};
	struct sock_filter outside[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, sizeof(struct seccomp_data)),
		ALLOW,
	};
	struct sock_filter byte_load[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), ALLOW,
	};
	struct sock_filter mem_unset[] = {
		BPF_STMT(BPF_LD | BPF_MEM, 3), ALLOW,
	};
	struct sock_filter div0[] = {
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), ALLOW,
	};
	struct sock_filter ok1[] = { ALLOW };
	static struct sock_filter big[BPF_MAXINSNS + 1];
	int i;

	for (i = 0; i <= BPF_MAXINSNS; i++)
		big[i] = (struct sock_filter)ALLOW;
	if (nnp())
		return 1;
	if (!bad(jeq_out, 3, EINVAL))
		return 2;
	if (!bad(ja_out, 2, EINVAL))
		return 3;
	if (!bad(no_ret, 2, EINVAL))
		return 4;
	if (!bad(misaligned, 2, EINVAL))
		return 5;
	if (!bad(outside, 2, EINVAL))
		return 6;
	if (!bad(byte_load, 2, EINVAL))
		return 7;
	if (!bad(mem_unset, 2, EINVAL))
		return 8;
	if (!bad(div0, 2, EINVAL))
		return 9;
	if (!bad(ok1, 0, EINVAL))
		return 10;
	if (!bad(big, BPF_MAXINSNS + 1, EINVAL))
		return 11;
	if (!bad((void *)8, 1, EFAULT))
		return 12;
	errno = 0;
	if (sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, (void *)8) != -1 ||
	    errno != EFAULT)
		return 13;
	errno = 0;
	if (install(ok1, 1, 1u << 12) != -1 || errno != EINVAL)
		return 14;
	if (sys_seccomp(99, 0, NULL) != -1 || errno != EINVAL)
		return 15;
	/* nothing got installed */
	if (prctl(PR_GET_SECCOMP) != 0)
		return 16;
	/* the largest program is fine */
	if (install(big, BPF_MAXINSNS, 0))
		return 17;
	/* a filter task cannot switch to strict mode */
	if (sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL) != -1 ||
	    errno != EINVAL)
		return 18;
	return 0;
}

/* Stacked filters are limited to 32768 instructions (+4 per filter). */
static int case_total(void)
{
	static struct sock_filter big[BPF_MAXINSNS];
	int i;

	for (i = 0; i < BPF_MAXINSNS - 1; i++)
		big[i] = (struct sock_filter)LD_NR;
	big[BPF_MAXINSNS - 1] = (struct sock_filter)ALLOW;
	if (nnp())
		return 1;
	for (i = 0; i < 7; i++)
		if (install(big, BPF_MAXINSNS, 0))
			return 2;
	errno = 0;
	if (install(big, BPF_MAXINSNS, 0) != -1 || errno != ENOMEM)
		return 3;
	return status_field("Seccomp_filters") == 7 ? 0 : 4;
}

/* ---- what filters see ---- */

static int case_args(void)
{
	struct sock_filter f[] = {
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 0, 4),
		LD_ARG0_HI,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2),
		LD_ARG0_LO,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 99, 1, 0),
		ALLOW,
		RET(SECCOMP_RET_ERRNO | EACCES),
	};
	int p[2];
	char c;

	if (pipe(p) || dup2(p[1], 99) != 99)
		return 1;
	if (nnp() || install(f, sizeof(f) / sizeof(f[0]), 0))
		return 2;
	errno = 0;
	if (write(99, "a", 1) != -1 || errno != EACCES)
		return 3;
	if (write(p[1], "b", 1) != 1)
		return 4;
	if (read(p[0], &c, 1) != 1 || c != 'b')
		return 5;
	/* only the low word matched 99: not blocked */
	errno = 0;
	if (syscall(SYS_write, 99UL | (1UL << 32), "c", 1) != 1)
		return 6;
	return 0;
}

/* Scratch memory, ALU and the x32 bit in nr. */
static int case_alu_x32(void)
{
	struct sock_filter f[] = {
		LD_NR,
		BPF_STMT(BPF_ST, 0),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, X32_BIT, 0, 1),
		RET(SECCOMP_RET_ERRNO | EXDEV),
		BPF_STMT(BPF_LDX | BPF_IMM, 3),
		BPF_STMT(BPF_ALU | BPF_MUL | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_MEM, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 3),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 3 * SYS_getppid + 1),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
		ALLOW,
		RET(SECCOMP_RET_ERRNO | ENOLINK),
	};

	if (nnp() || install(f, sizeof(f) / sizeof(f[0]), 0))
		return 1;
	errno = 0;
	if (syscall(X32_BIT | SYS_getpid) != -1 || errno != EXDEV)
		return 2;
	if (!getppid_fails(ENOLINK))
		return 3;
	return getpid() > 0 ? 0 : 4;
}

/* ---- strict mode ---- */

static int strict_pipe[2];

static int case_strict(void)
{
	char c = 'x';

	if (sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL))
		return 1;
	if (syscall(SYS_write, strict_pipe[1], &c, 1) != 1)
		return 2;
	syscall(SYS_getpid);
	syscall(SYS_exit, 3);	/* not reached; exit_group would be killed too */
	return 4;
}

static int case_strict_exit(void)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT))
		return 1;
	syscall(SYS_exit, 7);	/* exit_group would be killed */
	return 2;
}

static void strict_cases(void)
{
	int st;
	char c = 0;

	if (pipe(strict_pipe))
		return;
	st = in_child(case_strict);
	close(strict_pipe[1]);
	ok(read(strict_pipe[0], &c, 1) == 1 && c == 'x',
	   "strict: write allowed");
	killed_by(st, SIGKILL, "strict: getpid kills with SIGKILL");
	close(strict_pipe[0]);
	st = in_child(case_strict_exit);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 7, "strict via prctl: exit allowed");
	errno = 0;
	ok(sys_seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL) == -1 &&
	   errno == EINVAL, "strict: flags refused");
}

/* ---- queries ---- */

static void query_cases(void)
{
	static const unsigned int avail[] = {
		SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD,
		SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO, SECCOMP_RET_TRACE,
		SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
	};
	struct seccomp_notif_sizes sz;
	unsigned int act;
	size_t i;
	int good = 1;

	for (i = 0; i < sizeof(avail) / sizeof(avail[0]); i++)
		if (sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &avail[i]))
			good = 0;
	ok(good, "GET_ACTION_AVAIL: the standard actions");
	act = 0x12340000;
	ok_errno(sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &act), EOPNOTSUPP,
		 "GET_ACTION_AVAIL: unknown action");
	ok_errno(sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 1, &avail[0]), EINVAL,
		 "GET_ACTION_AVAIL: flags refused");
	ok_errno(sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, (void *)8), EFAULT,
		 "GET_ACTION_AVAIL: bad pointer");
	ok(sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sz) == 0 &&
	   sz.seccomp_data == sizeof(struct seccomp_data),
	   "GET_NOTIF_SIZES");
	ok(prctl(PR_GET_SECCOMP) == 0, "PR_GET_SECCOMP: disabled");
	ok(status_field("Seccomp") == 0, "/proc/self/status Seccomp: 0");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-check"))
		return exec_check();

	query_cases();
	exited_ok(in_child(case_eacces),
		  "EACCES without no_new_privs or CAP_SYS_ADMIN");
	exited_ok(in_child(case_errno), "ERRNO: getppid -> EPERM");
	exited_ok(in_child(case_errno_cap), "ERRNO: data capped at 4095");
	exited_ok(in_child(case_prctl_filter), "PR_SET_SECCOMP filter");
	exited_ok(in_child(case_trap), "TRAP: SIGSYS with siginfo");
	killed_by(in_child(case_trap_blocked), SIGSYS,
		  "TRAP with SIGSYS blocked kills");
	killed_by(in_child(case_kill_process), SIGSYS, "KILL_PROCESS");
	killed_by(in_child(case_kill_thread), SIGSYS,
		  "KILL_THREAD of the only thread");
	exited_ok(in_child(case_kill_thread_mt),
		  "KILL_THREAD of one of two threads");
	exited_ok(in_child(case_trace_log), "TRACE without tracer, LOG");
	exited_ok(in_child(case_stack), "stacked filters: most restrictive wins");
	killed_by(in_child(case_stack_kill), SIGSYS,
		  "stacked filters: KILL_PROCESS beats ERRNO");
	exited_ok(in_child(case_fork), "inherited across fork");
	exited_ok(in_child(case_exec), "kept across execve");
	exited_ok(in_child(case_threads), "TSYNC and new threads");
	exited_ok(in_child(case_invalid), "invalid programs refused");
	exited_ok(in_child(case_total), "total instructions limited");
	exited_ok(in_child(case_args), "filter on arguments: write to fd 99");
	exited_ok(in_child(case_alu_x32), "ALU, scratch memory, x32 bit");
	strict_cases();
	return done();
}
