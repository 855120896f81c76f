/* SPDX-License-Identifier: MIT */
/* Task and process objects: allocation, pids, lookup, init. */
#include <linux/errno.h>
#include <linux/resource.h>
#include <linux/fcntl.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/cputime.h"
#include "kernel/seccomp.h"
#include "arch/x86_64/include/switch-arch.h"
#include "mm/mm.h"
#include "fs/vfs.h"

#define PID_MAX 4194304

LIST_HEAD(all_processes);
struct process *init_process;
static int next_pid = 1;

/* The first thread of @p (the leader while it lives). */
static struct task *process_main_task(struct process *p)
{
	if (list_empty(&p->threads))
		return NULL;
	return list_first_entry(&p->threads, struct task, thread_link);
}

/* process_by_pid - see task.h. */
struct process *process_by_pid(int pid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_link)
		if (p->pid == pid)
			return p;
	return NULL;
}

/* task_by_tid - see task.h. */
struct task *task_by_tid(int tid)
{
	struct process *p;
	struct task *t;

	list_for_each_entry(p, &all_processes, all_link)
		list_for_each_entry(t, &p->threads, thread_link)
			if (t->tid == tid)
				return t;
	return NULL;
}

/* tid_alloc - see sched_internal.h. Pids and tids share one space. */
int tid_alloc(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		int pid = next_pid++;

		if (next_pid >= PID_MAX)
			next_pid = 2;
		if (!process_by_pid(pid) && !task_by_tid(pid))
			return pid;
	}
	return -EAGAIN;
}

/* process_alloc - see sched_internal.h. */
struct process *process_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));
	int pid;

	if (!p)
		return NULL;
	pid = tid_alloc();
	if (pid < 0) {
		kfree(p);
		return NULL;
	}
	p->pid = pid;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->threads);
	sigpending_init(&p->shared_pending);
	waitqueue_init(&p->child_wait);
	waitqueue_init(&p->stop_wait);
	waitqueue_init(&p->thread_exit);
	p->exit_signal = 17; /* SIGCHLD */
	p->start_ns = platform->now_ns();
	list_add_tail(&p->all_link, &all_processes);
	return p;
}

/* process_free - see sched_internal.h. */
void process_free(struct process *p)
{
	list_del_init(&p->all_link);
	list_del_init(&p->sibling);
	sigpending_flush(&p->shared_pending);
	if (p->sighand)
		sighand_put(p->sighand);
	kfree(p);
}

/* task_alloc - see sched_internal.h. */
struct task *task_alloc(void (*fn)(void *), void *arg)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = kmalloc(KSTACK_SIZE);
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	INIT_LIST_HEAD(&t->run_link);
	INIT_LIST_HEAD(&t->sleep_link);
	INIT_LIST_HEAD(&t->thread_link);
	sigpending_init(&t->pending);
	t->kctx.rsp = arch_thread_init_stack((u8 *)t->kstack + KSTACK_SIZE,
					     fn, arg ? arg : t);
	return t;
}

/* task_free - see sched_internal.h. */
void task_free(struct task *t)
{
	sigpending_flush(&t->pending);
	seccomp_task_release(t);
	kfree(t->fpu);
	kfree(t->kstack);
	kfree(t);
}

static void task_user_stopped(void *cookie)
{
	struct task *t = cookie;

	t->user_stopped = true;
	cputime_user_exit(t);
	task_wake(t);
}

/* task_attach_ctx - see sched_internal.h. */
int task_attach_ctx(struct task *t)
{
	return platform->ctx_create(t->mm->as, task_user_stopped, t, &t->ctx);
}

/* task_host_signal - see sched_internal.h. */
void task_host_signal(int sig)
{
	if (init_process && !init_process->zombie)
		send_signal_process(init_process, sig, NULL);
}

struct init_args {
	const char *path;
	char **argv, **envp;
};

static void init_thread(void *arg)
{
	struct init_args *ia = arg;
	struct task *t = current;
	char *path;
	int r;

	path = exec_search_path(t, ia->path, ia->envp);
	r = path ? exec_kernel(t, path, ia->argv, ia->envp) : -ENOMEM;
	kfree(path);
	if (r < 0) {
		pr_err("cannot start init: exec %s: error %d", ia->path, -r);
		platform->shutdown((r == -ENOENT || r == -EACCES ||
				    r == -ENOEXEC ? 127 : 126) << 8);
	}
	task_user_main(t);
}

/* task_spawn_init - see task.h. */
int task_spawn_init(const char *path, char *const *argv, char *const *envp)
{
	static struct init_args ia;
	struct process *p;
	struct task *t;

	p = process_alloc();
	if (!p)
		return -ENOMEM;
	p->pgid = p->sid = p->pid;
	p->sighand = sighand_create();
	t = task_alloc(init_thread, &ia);
	if (!p->sighand || !t)
		return -ENOMEM;
	t->tid = p->pid;
	t->proc = p;
	list_add_tail(&t->thread_link, &p->threads);
	p->nr_threads = 1;
	kstrlcpy(t->comm, "init", sizeof(t->comm));
	ia.path = path;
	ia.argv = (char **)argv;
	ia.envp = (char **)envp;
	init_process = p;
	/* fs, files, creds and limits are filled by boot before the task runs. */
	sched_add_new(t);
	(void)process_main_task;
	return 0;
}

/* init_task - the task of pid 1 (for boot to fill in). */
struct task *init_task(void)
{
	return init_process ? process_main_task(init_process) : NULL;
}
