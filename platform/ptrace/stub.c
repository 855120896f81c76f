/* SPDX-License-Identifier: MIT */
/*
 * stub.c - stub processes of the ptrace platform: the clean template,
 * new stubs forked from it, and system calls injected into a stub.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/rseq.h>
#include <linux/capability.h>
#include <linux/sched.h>

#include "platform/ptrace/ptrace.h"
#include "vmm/error.h"
#include "vmm/log.h"

static pid_t ptr_template = -1;
/* Registers of the template at its first stop: valid segments etc. */
static struct user_regs_struct ptr_base_regs;

/*
 * ptr_rseq_unregister - drop glibc's rseq registration: the kernel would
 * write into the (unmapped) TLS area on preemption and kill the stub
 * with SIGSEGV.
 */
static void ptr_rseq_unregister(void)
{
	char *area;

	if (__rseq_size == 0)
		return;
	area = (char *)__builtin_thread_pointer() + __rseq_offset;
	/* glibc registers the whole 32-byte struct rseq */
	if (syscall(SYS_rseq, area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG) < 0)
		syscall(SYS_rseq, area, __rseq_size, RSEQ_FLAG_UNREGISTER, RSEQ_SIG);
}

/*
 * The template child: drop everything of vmm, map the stub page, become a
 * tracee and jump into the stub, which unmaps the rest and stops.
 */
/*
 * A stub needs no capability: what vmm injects (mmap, mprotect, munmap,
 * clone, exit) needs none. Without them its capabilities are a subset of
 * vmm's locked-down ones, so vmm may still set its CPU affinity
 * (cpu_bind.c). Raw capset: no allocation after fork.
 */
static int ptr_stub_drop_caps(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

static void __attribute__((noreturn)) ptr_stub_child(int memfd, pid_t parent)
{
	struct sigaction sa;
	sigset_t none;
	void *code;
	int i;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < NSIG; i++)
		sigaction(i, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	ptr_rseq_unregister();
	if (memfd != PTR_STUB_MEMFD && dup2(memfd, PTR_STUB_MEMFD) < 0)
		_exit(127);
	for (i = 0; i < PTR_STUB_MEMFD; i++)
		close(i);
	if (close_range(PTR_STUB_MEMFD + 1, ~0U, 0) < 0)
		_exit(127);
	code = mmap((void *)PTR_STUB_ADDR, PTR_STUB_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (code != (void *)PTR_STUB_ADDR)
		_exit(127);
	memcpy(code, ptr_stub_begin, ptr_stub_end - ptr_stub_begin);
	if (mprotect(code, 4096, PROT_READ | PROT_EXEC) < 0)
		_exit(127);
	if (ptr_stub_drop_caps() < 0 || ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		_exit(127);
	/* last: from here on only the stub page may make system calls */
	if (ptr_stub_seccomp_install() < 0)
		_exit(127);
	((void (*)(void))code)();
	_exit(127);
}

/* ptr_wait - see ptrace.h. */
int ptr_wait(pid_t pid, int *status)
{
	pid_t r;

	do
		r = waitpid(pid, status, __WALL);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

/*
 * Reap @tid after SIGKILL, without ever blocking for good: a traced thread
 * stays a zombie until its tracer reaps it, and a leader is reported only
 * after its other threads are gone, so poll with a bound.
 */
static void ptr_reap_bounded(pid_t tid)
{
	int status, i;
	pid_t r;

	for (i = 0; i < 5000; i++) {
		r = waitpid(tid, &status, __WALL | WNOHANG);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return;		/* gone (or not ours) */
		if (r == tid && (WIFEXITED(status) || WIFSIGNALED(status)))
			return;
		if (r == 0)
			usleep(1000);
	}
	vmm_log(VMM_LOG_WARN, "ptrace: stub thread %d did not die", (int)tid);
}

/* ptr_reap_killed - see ptrace.h. */
void ptr_reap_killed(void)
{
	int status, i;
	pid_t r;

	for (i = 0; i < 5000; i++) {
		r = waitpid(-1, &status, __WALL | WNOHANG);
		if (r > 0 || (r < 0 && errno == EINTR))
			continue;
		if (r < 0)
			return;		/* ECHILD: nothing left */
		usleep(1000);
	}
	vmm_log(VMM_LOG_WARN, "ptrace: killed stubs still not gone at shutdown");
}

/* Every thread of process @pid as the host sees them (/proc/PID/task). */
static unsigned int ptr_host_threads(pid_t pid, pid_t *tids, unsigned int max)
{
	char path[64];
	struct dirent *de;
	unsigned int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		long tid = strtol(de->d_name, NULL, 10);

		if (tid > 0 && tid != pid)
			tids[n++] = (pid_t)tid;
	}
	closedir(d);
	return n;
}

/* ptr_stub_kill - see ptrace.h. */
void ptr_stub_kill(pid_t pid)
{
	ptr_stub_kill_threads(pid, NULL, 0);
}

/* ptr_stub_kill_threads - see ptrace.h. */
void ptr_stub_kill_threads(pid_t pid, const pid_t *tids, unsigned int n)
{
	pid_t host[256];
	unsigned int i, nh;

	if (pid <= 0)
		return;
	/* Threads the caller knows, and any it does not (one being created). */
	nh = ptr_host_threads(pid, host, 256);
	kill(pid, SIGKILL);
	for (i = 0; i < n; i++)
		if (tids[i] != pid)
			ptr_reap_bounded(tids[i]);
	for (i = 0; i < nh; i++)
		ptr_reap_bounded(host[i]);
	ptr_reap_bounded(pid);
}

/* ptr_stub_template_create - fork the clean template stub over @memfd. */
static int ptr_stub_template_create(int memfd, struct vmm_error **err)
{
	pid_t parent = getpid(), pid;
	int status, r;

	pid = fork();
	if (pid < 0)
		return vmm_error(err, errno, "ptrace: fork the stub template");
	if (pid == 0)
		ptr_stub_child(memfd, parent);
	r = ptr_wait(pid, &status);
	if (r < 0) {
		ptr_stub_kill(pid);
		return vmm_error(err, -r, "ptrace: wait for the stub template");
	}
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
		ptr_stub_kill(pid);
		return vmm_error(err, 0,
				 "ptrace: the stub template failed to start (wait status %#x)",
				 status);
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL |
		   PTRACE_O_TRACEFORK | PTRACE_O_TRACECLONE) < 0 ||
	    ptrace(PTRACE_GETREGS, pid, 0, &ptr_base_regs) < 0) {
		r = errno;
		ptr_stub_kill(pid);
		return vmm_error(err, r, "ptrace: set up the stub template");
	}
	ptr_template = pid;
	return 0;
}

/* ptr_sanitize_regs - make @r acceptable to PTRACE_SETREGS. */
void ptr_sanitize_regs(struct user_regs_struct *r)
{
	r->cs = ptr_base_regs.cs;
	r->ss = ptr_base_regs.ss;
	r->eflags |= 0x202;		/* reserved bit 1 and IF */
	if (r->ds && (r->ds & 3) != 3)
		r->ds = 0;
	if (r->es && (r->es & 3) != 3)
		r->es = 0;
	if (r->fs && (r->fs & 3) != 3)
		r->fs = 0;
	if (r->gs && (r->gs & 3) != 3)
		r->gs = 0;
	if (r->fs_base >= PTR_TASK_TOP)
		r->fs_base = 0;
	if (r->gs_base >= PTR_TASK_TOP)
		r->gs_base = 0;
}

/*
 * ptr_inject - run one syscall in stopped stub @pid. Fork events on the
 * way are stored in *@event_pid. Returns the result or -ESRCH.
 */
static long ptr_inject(pid_t pid, long nr, const long args[6],
		       pid_t *event_pid, bool *interrupted)
{
	struct user_regs_struct r = ptr_base_regs;
	unsigned long msg;
	int status, sig;
	long ret;

	r.rax = nr;
	r.orig_rax = -1;
	r.rdi = args[0];
	r.rsi = args[1];
	r.rdx = args[2];
	r.r10 = args[3];
	r.r8 = args[4];
	r.r9 = args[5];
	r.rip = PTR_STUB_ADDR + (ptr_stub_syscall - ptr_stub_begin);
	if (ptrace(PTRACE_SETREGS, pid, 0, &r) < 0 ||
	    ptrace(PTRACE_CONT, pid, 0, 0) < 0)
		return -ESRCH;
	for (;;) {
		if (ptr_wait(pid, &status) < 0)
			return -ESRCH;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return -ESRCH;
		sig = WSTOPSIG(status);
		if (sig == SIGTRAP && (status >> 16) != 0) {
			/* fork/clone event of the template */
			if (event_pid &&
			    ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) == 0)
				*event_pid = (pid_t)msg;
		} else if (sig == SIGTRAP) {
			break;
		} else if (interrupted) {
			/* a stop signal sent to interrupt it: swallow it */
			*interrupted = true;
		}
		if (ptrace(PTRACE_CONT, pid, 0, 0) < 0)
			return -ESRCH;
	}
	errno = 0;
	ret = ptrace(PTRACE_PEEKUSER, pid,
		     offsetof(struct user_regs_struct, rax), 0);
	if (ret == -1 && errno)
		return -ESRCH;
	return ret;
}

/* ptr_stub_syscall_inject - see ptrace.h. */
long ptr_stub_syscall_inject(pid_t pid, long nr, const long args[6],
			     bool *interrupted)
{
	return ptr_inject(pid, nr, args, NULL, interrupted);
}

/* ptr_stub_fork - see ptrace.h. */
pid_t ptr_stub_fork(void)
{
	/* CLONE_PARENT: vmm, not the template, is the parent that reaps it */
	const long args[6] = { CLONE_PARENT | SIGCHLD, 0, 0, 0, 0, 0 };
	pid_t child = -1;
	long ret;
	int status;

	if (ptr_template < 0)
		return -ESRCH;
	ret = ptr_inject(ptr_template, SYS_clone, args, &child, NULL);
	if (ret < 0)
		return ret;
	if (child <= 0)
		child = (pid_t)ret;
	/* the auto-attached child reports its first stop (SIGSTOP) */
	if (ptr_wait(child, &status) < 0 || !WIFSTOPPED(status)) {
		ptr_stub_kill(child);
		return -ESRCH;
	}
	return child;
}

/* Host clone flags of a stub thread: one more thread of the same stub. */
#define PTR_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
			  CLONE_THREAD | CLONE_SYSVSEM)

/* ptr_stub_thread_create - see ptrace.h. */
pid_t ptr_stub_thread_create(pid_t pid)
{
	/* the stack is the top of the scratch page: the thread stops before
	 * it runs a single instruction and never uses it afterwards (every
	 * run starts from registers the sentry sets) */
	const long args[6] = { PTR_THREAD_FLAGS,
			       (long)(PTR_STUB_ADDR + PTR_STUB_SIZE), 0, 0, 0, 0 };
	pid_t tid = -1;
	long ret;
	int status;

	ret = ptr_inject(pid, SYS_clone, args, &tid, NULL);
	if (ret < 0)
		return ret == -ESRCH ? -ESRCH : (pid_t)ret;
	if (tid <= 0)
		tid = (pid_t)ret;
	/* auto-attached by PTRACE_O_TRACECLONE: its first stop is SIGSTOP */
	if (ptr_wait(tid, &status) < 0)
		return -ESRCH;
	if (!WIFSTOPPED(status))
		return -ESRCH;
	return tid;
}

/* ptr_init - see ptrace.h. */
int ptr_init(int memfd, struct vmm_error **err)
{
	if (ptr_template >= 0)
		return 0;
	return ptr_stub_template_create(memfd, err);
}

/* ptr_stub_template_kill - kill the template (ptr_fini). */
void ptr_stub_template_kill(void)
{
	ptr_stub_kill(ptr_template);
	ptr_template = -1;
}
