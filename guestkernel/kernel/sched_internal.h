/* SPDX-License-Identifier: MIT */
/* Scheduler and task internals shared inside guestkernel/kernel/. */
#ifndef KERNEL_SCHED_INTERNAL_H
#define KERNEL_SCHED_INTERNAL_H

#include "kernel/task.h"

#define KSTACK_SIZE (32 * 1024)

/* sched_add_new - make a freshly created task runnable. */
void sched_add_new(struct task *t);
/* sched_exit_current - the running task is dead: switch away forever. */
void sched_exit_current(void) __noreturn;
/* sched_idle_loop - run the idle thread on the boot stack; never returns. */
void sched_idle_loop(void) __noreturn;
/* task_wake_signal - wake @t because a signal arrived (not if in user code). */
void task_wake_signal(struct task *t);

/* task_alloc - a task with a kernel stack that will run @fn(@arg). NULL: -ENOMEM. */
struct task *task_alloc(void (*fn)(void *), void *arg);
/* task_free - release a dead task's memory (from the idle thread). */
void task_free(struct task *t);
/* process_alloc - a process with a fresh pid, linked into the process list. */
struct process *process_alloc(void);
/* tid_alloc - a fresh thread id (never a live pid or tid). >0 or -EAGAIN. */
int tid_alloc(void);
/* process_free - unlink and free a reaped process. */
void process_free(struct process *p);
/* task_user_main - kernel-thread body of a task: run its user code forever. */
void task_user_main(void *arg) __noreturn;
/* task_attach_ctx - create @t's platform context for t->mm. 0 or -errno. */
int task_attach_ctx(struct task *t);
/* task_host_signal - a signal sent to vmm reaches init. */
void task_host_signal(int sig);
/* init_task - the task of pid 1. */
struct task *init_task(void);
/* vfork_release - wake a parent waiting in vfork (child exec or exit). */
void vfork_release(struct task *t);
/* for_each_process helpers */
extern struct list_head all_processes;

/* exec_kernel - replace @t's program with @path (kernel strings). 0 or -errno. */
int exec_kernel(struct task *t, const char *path, char **argv, char **envp);
/*
 * exec_search_path - the program a container process runs, as runc finds
 * it: a @name without '/' is searched in the PATH of @envp (a default
 * PATH when there is none). Returns a kmalloc'ed path (@name itself when
 * nothing matched, so exec reports the error), or NULL on -ENOMEM.
 */
char *exec_search_path(struct task *t, const char *name, char **envp);
/* do_exit_group - tear down current's process with wait status @status. */
void do_exit_group(int status) __noreturn;
/* do_exit_thread - current thread exits; the last one ends the process. */
void do_exit_thread(void) __noreturn;
/*
 * de_thread - execve in a multithreaded process: kill every other thread
 * of current's process and wait until they are gone; current takes the
 * tgid as its tid. 0, or -EINTR when the process is being killed.
 */
int de_thread(struct task *t);
/* task_must_exit - @t has to leave (group exit, or another thread exec'd). */
bool task_must_exit(struct task *t);
/* signal_recalc_process - wake a thread of @p that can take its pending process signals. */
void signal_recalc_process(struct process *p);
/* thread_group_interrupt - wake/interrupt every thread of @p but @skip. */
void thread_group_interrupt(struct process *p, struct task *skip);

/*
 * sched_attr_fork - give @child the nice value, policy and I/O priority of
 * @parent (SCHED_RESET_ON_FORK resets them). syscalls/sys_sched.c.
 */
void sched_attr_fork(struct task *parent, struct task *child);

/* pidfd_notify_exit - a process became a zombie: wake pidfd pollers. syscalls/sys_pidfd.c. */
void pidfd_notify_exit(void);

#endif
