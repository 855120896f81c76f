/* SPDX-License-Identifier: MIT */
/* Tasks (threads) and processes (thread groups). */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include "klib/klib.h"
#include "platform/platform.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/cred.h"
#include "kernel/rseq.h"

struct mm;
struct fs_context;
struct fdtable;

/* Saved callee-saved state of a kernel thread (arch/x86_64/switch.S). */
struct kcontext {
	u64 rsp;
};

enum task_state {
	TASK_RUNNABLE,
	TASK_BLOCKED,
	TASK_DEAD,
};

#define RLIM_NLIMITS_MAX 16
struct krlimit {
	u64 cur, max;
};

struct process {
	int pid, pgid, sid;
	struct process *parent;
	struct list_head children;	/* of process.sibling */
	struct list_head sibling;
	struct list_head threads;	/* of task.thread_link */
	int nr_threads;
	struct sighand *sighand;
	struct sigpending shared_pending;
	struct waitqueue child_wait;	/* parent sleeps here in wait4 */
	int exit_status;		/* wait status once a zombie */
	bool zombie, reaped, exiting;
	struct task *execer;		/* de_thread: the thread that stays */
	struct waitqueue thread_exit;	/* execer waits for the others here */
	int exit_signal;		/* signal sent to parent at exit (SIGCHLD) */
	/* Job control (kernel/jobctl.c). */
	bool stopped;			/* stopped by a stop signal */
	int stop_sig;
	bool stop_unreported;		/* wait(WUNTRACED) has not seen the stop */
	bool cont_unreported;		/* wait(WCONTINUED) has not seen the continue */
	struct waitqueue stop_wait;	/* threads of a stopped process sleep here */
	struct krlimit rlim[RLIM_NLIMITS_MAX];
	struct cred cred;
	int dumpable;
	int oom_score_adj;		/* /proc/<pid>/oom_score_adj, inherited */
	u32 personality;
	u64 utime_ns, stime_ns, start_ns;
	u64 cutime_ns, cstime_ns;	/* of reaped children */
	/* kernel/cputime.c: counters of all threads and of reaped children */
	u64 min_flt, nvcsw, nivcsw, maxrss_kb;
	u64 cmin_flt, cnvcsw, cnivcsw, cmaxrss_kb;
	u32 membarrier_state;		/* MEMBARRIER_CMD_REGISTER_* done (sys_sched.c) */
	u64 rseq_cids;			/* rseq concurrency ids in use (kernel/rseq.c) */
	struct list_head all_link;	/* all processes */
};

struct task {
	int tid;
	char comm[16];
	struct process *proc;
	struct list_head thread_link;
	struct mm *mm;
	struct fs_context *fs;
	struct fdtable *files;

	/* User state. */
	struct user_regs regs;
	struct platform_ctx *ctx;
	struct trap_info trap;
	u8 *fpu;			/* platform->fpu_size bytes, or NULL */

	/* Scheduling. */
	enum task_state state;
	struct list_head run_link;
	struct kcontext kctx;
	void *kstack;
	u64 wake_deadline;
	struct list_head sleep_link;	/* on the sleepers list while wake_deadline != 0 */
	bool user_stopped;		/* async ctx_run finished */
	bool in_user;			/* user code is running (async ctx_run) */
	bool in_syscall;		/* returning from a syscall: restart rules apply */
	struct waitqueue *vfork_done;	/* parent waits here until exec/exit (CLONE_VFORK) */
	bool *vfork_flag;
	u64 user_exits;			/* user runs finished (membarrier waits on it) */
	/* CPU time (kernel/cputime.h): charged totals and the open interval. */
	u64 utime_ns, stime_ns;
	u64 cpu_mark;			/* start of the open interval */
	u64 steal_mark;			/* its CPU's steal time then */
	int cpu_state;			/* enum cpu_state */
	u64 min_flt, nvcsw, nivcsw;
	/*
	 * Scheduling attributes (syscalls/sys_sched.c): stored and reported
	 * like Linux; the green-thread scheduler does not weigh them.
	 */
	int nice;
	u32 sched_policy, sched_priority;
	u64 sched_flags;
	u64 dl_runtime, dl_deadline, dl_period;
	u16 ioprio;

	/* Signals. */
	u64 sig_blocked;
	u64 saved_sigmask;
	bool restore_sigmask;
	struct sigpending pending;
	uaddr_t sas_sp;
	u64 sas_size;
	int sas_flags;

	uaddr_t clear_child_tid;
	uaddr_t set_child_tid;
	int exit_code;
	int pdeath_signal;
	uaddr_t robust_list;

	/* seccomp (kernel/seccomp*.c): SECCOMP_MODE_* and the newest filter. */
	int seccomp_mode;
	struct seccomp_filter *seccomp_filter;

	u64 mempolicy;			/* set_mempolicy (mm/mempolicy.c encoding) */

	/* Restartable sequences (kernel/rseq.c). */
	struct rseq_state rseq;
};

/* task_by_tid / process_by_pid - lookup; NULL when absent. */
struct task *task_by_tid(int tid);
struct process *process_by_pid(int pid);

/* task_exit_group - current's whole process exits with wait status @status. */
void task_exit_group(int status) __noreturn;
/*
 * task_exit - current thread exits with @code (exit); the last thread's
 * exit ends the process with that code.
 */
void task_exit(int code) __noreturn;

/*
 * task_spawn_init - create the sandbox's init process from boot info:
 * exec @path with @argv/@envp. Returns 0 or -errno.
 */
int task_spawn_init(const char *path, char *const *argv, char *const *envp);

/* The init process (pid 1). */
extern struct process *init_process;

#endif
