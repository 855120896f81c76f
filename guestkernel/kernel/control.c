/* SPDX-License-Identifier: MIT */
/*
 * control.c - apply the runtime's control requests (include/abi/control.h)
 * inside the sentry: hold init until `start`, pause and resume every task,
 * send signals, spawn exec'd processes and report their exit, list
 * processes, count pids and cpu time.
 *
 * An exec'd process has no parent: it is a new session that nobody in the
 * sandbox can wait for. It stays a zombie until its exit status has been
 * sent back to the `vmm exec` that waits for it (or at once if detached).
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <asm/signal.h>

#include "abi/control.h"
#include "boot.h"
#include "kernel/control.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "fs/vfs.h"

/* An exec'd process whose end someone may wait for. */
struct ctl_exec {
	struct list_head link;
	struct process *proc;
	u64 cookie;
	bool detach;
	bool answered;		/* no exit reply due (failed, or detached) */
	/* arguments for the new task's kernel thread */
	char **argv, **envp;
	char *strings;
};

static bool ctl_held;		/* created, not started yet */
static bool ctl_paused;		/* between pause and resume */
static LIST_HEAD(ctl_execs);
static struct ctl_req *ctl_req_buf;
static struct ctl_resp *ctl_resp_buf;

/* control_paused - see control.h. */
bool control_paused(void)
{
	return ctl_held || ctl_paused;
}

/* ctl_reply - answer @cookie (0: an internal request, nobody to answer). */
static void ctl_reply(u64 cookie, const struct ctl_resp *resp)
{
	if (cookie && platform->control_reply)
		platform->control_reply(cookie, resp);
}

/* ctl_main_task - the first thread of @p, or NULL when it has none left. */
static struct task *ctl_main_task(struct process *p)
{
	if (list_empty(&p->threads))
		return NULL;
	return list_first_entry(&p->threads, struct task, thread_link);
}

/* ctl_interrupt_all - make every task running user code trap soon. */
static void ctl_interrupt_all(void)
{
	struct process *p;
	struct task *t;

	if (!platform->ctx_interrupt)
		return;
	list_for_each_entry(p, &all_processes, all_link)
		list_for_each_entry(t, &p->threads, thread_link)
			task_kick(t);
}

/* ctl_signal - CTL_SIGNAL: returns 0 or -errno. */
static int ctl_signal(const struct ctl_req *req)
{
	struct process *p;
	int sig = req->signo, found = 0, r;

	if (sig < 0 || sig > 64)
		return -EINVAL;
	if (!init_process || init_process->zombie)
		return -ESRCH;
	switch (req->target) {
	case CTL_SIG_INIT:
		p = init_process;
		break;
	case CTL_SIG_PID:
		p = process_by_pid(req->pid);
		if (!p || p->zombie)
			return -ESRCH;
		break;
	case CTL_SIG_ALL:
	case CTL_SIG_FOREGROUND:
		list_for_each_entry(p, &all_processes, all_link) {
			if (p->zombie)
				continue;
			if (req->target == CTL_SIG_FOREGROUND &&
			    p->pgid != init_process->pgid)
				continue;
			found = 1;
			if (sig)
				send_signal_process(p, sig, NULL);
		}
		p = NULL;
		break;
	default:
		return -EINVAL;
	}
	if (p) {
		found = 1;
		if (sig) {
			r = send_signal_process(p, sig, NULL);
			if (r < 0)
				return r;
		}
	}
	/* SIGKILL of a container that was never started: let init die */
	if (sig == SIGKILL && ctl_held && (!p || p == init_process))
		ctl_held = false;
	return found ? 0 : -ESRCH;
}

/* ctl_ps - CTL_PS: fill @resp with every process. */
static void ctl_ps(struct ctl_resp *resp)
{
	struct process *p;
	struct task *t;
	struct ctl_proc *cp;

	list_for_each_entry(p, &all_processes, all_link) {
		if (resp->nprocs >= CTL_PROCS_MAX)
			break;
		cp = &resp->procs[resp->nprocs++];
		t = ctl_main_task(p);
		cp->pid = p->pid;
		cp->ppid = p->parent ? p->parent->pid : 0;
		cp->pgid = p->pgid;
		cp->sid = p->sid;
		cp->uid = p->cred.uid;
		cp->nthreads = (unsigned int)p->nr_threads;
		cp->cpu_ns = p->utime_ns + p->stime_ns;
		cp->start_ns = p->start_ns;
		if (p->zombie || !t)
			cp->state = 'Z';
		else if (task_in_user(t) || t->state == TASK_RUNNABLE)
			cp->state = 'R';
		else
			cp->state = 'S';
		kstrlcpy(cp->comm, t ? t->comm : "", sizeof(cp->comm));
	}
}

/* ctl_stats - CTL_STATS: live processes and cpu time of all of them. */
static void ctl_stats(struct ctl_resp *resp)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_link) {
		if (!p->zombie)
			resp->pids++;
		resp->cpu_ns += p->utime_ns + p->stime_ns + p->cutime_ns +
				p->cstime_ns;
	}
}

/* ctl_exec_free - release @ce and its argument strings. */
static void ctl_exec_free(struct ctl_exec *ce)
{
	kfree(ce->argv);
	kfree(ce->envp);
	kfree(ce->strings);
	kfree(ce);
}

/* ctl_exec_thread - kernel thread of an exec'd process: exec, answer, run. */
static void ctl_exec_thread(void *arg)
{
	struct ctl_exec *ce = arg;
	struct task *t = current;
	struct ctl_resp *resp = ctl_resp_buf;
	char *path;
	int r;

	path = exec_search_path(t, ce->argv[0], ce->envp);
	r = path ? exec_kernel(t, path, ce->argv, ce->envp) : -ENOMEM;
	kfree(path);
	kfree(ce->argv);
	kfree(ce->envp);
	kfree(ce->strings);
	ce->argv = ce->envp = NULL;
	ce->strings = NULL;
	memset(resp, 0, sizeof(*resp));
	if (r < 0) {
		resp->error = r;
		ce->answered = true;
		ctl_reply(ce->cookie, resp);
		do_exit_group((r == -ENOENT || r == -EACCES || r == -ENOEXEC ?
			       127 : 126) << 8);
	}
	resp->pid = t->proc->pid;
	resp->more = !ce->detach;
	ce->answered = ce->detach;
	ctl_reply(ce->cookie, resp);
	task_user_main(t);
}

/* ctl_exec_args - split the request's strings into @ce's argv and envp. */
static int ctl_exec_args(const struct ctl_req *req, struct ctl_exec *ce)
{
	u32 len = req->strings_len, i, off = 0;
	char *s;

	if (!req->argc || len > CTL_STRINGS_MAX || req->argc + req->envc > len)
		return -EINVAL;
	ce->strings = kmalloc(len ? len : 1);
	ce->argv = kzalloc((req->argc + 1) * sizeof(char *));
	ce->envp = kzalloc((req->envc + 1) * sizeof(char *));
	if (!ce->strings || !ce->argv || !ce->envp)
		return -ENOMEM;
	memcpy(ce->strings, req->strings, len);
	if (ce->strings[len - 1] != '\0')
		return -EINVAL;
	for (i = 0; i < req->argc + req->envc; i++) {
		if (off >= len)
			return -EINVAL;
		s = ce->strings + off;
		if (i < req->argc)
			ce->argv[i] = s;
		else
			ce->envp[i - req->argc] = s;
		off += kstrlen(s) + 1;
	}
	return ce->argv[0][0] ? 0 : -EINVAL;
}

/* ctl_exec_task - the new process and its task for @ce (not yet runnable). */
static int ctl_exec_task(const struct ctl_req *req, struct ctl_exec *ce,
			 struct task **out)
{
	struct process *p, *ip = init_process;
	struct bootinfo *bi;
	struct task *t;
	int r;

	p = process_alloc();
	if (!p)
		return -ENOMEM;
	ce->proc = p;
	p->pgid = p->sid = p->pid;
	p->parent = NULL;
	p->exit_signal = 0;
	p->cred = ip->cred;
	if (req->uid != (unsigned int)-1) {
		p->cred.uid = p->cred.euid = p->cred.suid = p->cred.fsuid = req->uid;
		p->cred.ngroups = 0;
	}
	if (req->gid != (unsigned int)-1)
		p->cred.gid = p->cred.egid = p->cred.sgid = p->cred.fsgid = req->gid;
	memcpy(p->rlim, ip->rlim, sizeof(p->rlim));
	p->dumpable = 1;
	p->personality = ip->personality;
	p->sighand = sighand_create();
	if (!p->sighand)
		return -ENOMEM;
	t = task_alloc(ctl_exec_thread, ce);
	if (!t)
		return -ENOMEM;
	t->tid = p->pid;
	t->proc = p;
	list_add_tail(&t->thread_link, &p->threads);
	p->nr_threads = 1;
	kstrlcpy(t->comm, "exec", sizeof(t->comm));
	*out = t;
	t->fs = fs_context_create_root();
	t->files = fdtable_create();
	if (!t->fs || !t->files)
		return -ENOMEM;
	bi = kzalloc(sizeof(*bi));
	if (!bi)
		return -ENOMEM;
	memcpy(bi->stdio_handles, req->stdio_handles, sizeof(bi->stdio_handles));
	bi->terminal = req->terminal != 0;
	r = fdtable_setup_stdio(t->files, bi);
	kfree(bi);
	if (r < 0)
		return r;
	if (req->cwd[0])
		r = fs_context_chdir(t, req->cwd);
	return r;
}

/* ctl_exec_undo - free what ctl_exec_task built when it failed. */
static void ctl_exec_undo(struct ctl_exec *ce, struct task *t)
{
	if (t) {
		if (t->files)
			fdtable_put(t->files);
		if (t->fs)
			fs_context_put(t->fs);
		list_del_init(&t->thread_link);
		task_free(t);
	}
	if (ce->proc)
		process_free(ce->proc);
	ctl_exec_free(ce);
}

/* ctl_exec - CTL_EXEC: start the process; its thread answers. 0 or -errno. */
static int ctl_exec(const struct ctl_req *req)
{
	struct ctl_exec *ce;
	struct task *t = NULL;
	int r;

	if (!init_process || init_process->zombie)
		return -ESRCH;
	ce = kzalloc(sizeof(*ce));
	if (!ce)
		return -ENOMEM;
	ce->cookie = req->cookie;
	ce->detach = req->detach != 0;
	r = ctl_exec_args(req, ce);
	if (r == 0)
		r = ctl_exec_task(req, ce, &t);
	if (r < 0) {
		ctl_exec_undo(ce, t);
		return r;
	}
	list_add_tail(&ce->link, &ctl_execs);
	sched_add_new(t);
	return 0;
}

/* ctl_reap_execs - answer and free exec'd processes that ended. */
static void ctl_reap_execs(void)
{
	struct ctl_resp *resp = ctl_resp_buf;
	struct ctl_exec *ce, *n;

	list_for_each_entry_safe(ce, n, &ctl_execs, link) {
		if (!ce->proc->zombie)
			continue;
		if (!ce->answered) {
			memset(resp, 0, sizeof(*resp));
			resp->pid = ce->proc->pid;
			resp->exited = 1;
			resp->status = ce->proc->exit_status;
			ctl_reply(ce->cookie, resp);
		}
		list_del_init(&ce->link);
		process_free(ce->proc);
		ctl_exec_free(ce);
	}
}

/* ctl_apply - perform @req and answer it (exec answers from its thread). */
static void ctl_apply(const struct ctl_req *req)
{
	struct ctl_resp *resp = ctl_resp_buf;
	int r = 0;

	memset(resp, 0, sizeof(*resp));
	switch (req->type) {
	case CTL_START:
		if (!ctl_held)
			r = -EBUSY;
		ctl_held = false;
		break;
	case CTL_SIGNAL:
		r = ctl_signal(req);
		break;
	case CTL_EXEC:
		r = ctl_exec(req);
		if (r == 0)
			return;
		break;
	case CTL_PS:
		ctl_ps(resp);
		break;
	case CTL_PAUSE:
		/* the first request of a created container holds init */
		if (!req->cookie && init_process && !init_process->zombie) {
			ctl_held = true;
			return;
		}
		ctl_paused = true;
		ctl_interrupt_all();
		break;
	case CTL_RESUME:
		ctl_paused = false;
		break;
	case CTL_STATS:
		ctl_stats(resp);
		break;
	default:
		r = -EINVAL;
		break;
	}
	resp->error = r;
	ctl_reply(req->cookie, resp);
}

/* control_poll - see control.h. */
void control_poll(void)
{
	static bool busy;

	/* requests are applied without blocking, but never nest anyway */
	if (!platform->control_poll || busy)
		return;
	if (!ctl_req_buf) {
		ctl_req_buf = kmalloc(sizeof(*ctl_req_buf));
		ctl_resp_buf = kmalloc(sizeof(*ctl_resp_buf));
		if (!ctl_req_buf || !ctl_resp_buf) {
			kfree(ctl_req_buf);
			kfree(ctl_resp_buf);
			ctl_req_buf = NULL;
			ctl_resp_buf = NULL;
			return;
		}
	}
	busy = true;
	ctl_reap_execs();
	while (platform->control_poll(ctl_req_buf) > 0)
		ctl_apply(ctl_req_buf);
	busy = false;
}
