/* SPDX-License-Identifier: MIT */
/*
 * procfs per-process files: /proc/<pid>/ and /proc/<pid>/task/<tid>/
 * (stat, statm, status, cmdline, environ, comm, maps, limits, cgroup,
 * oom_score_adj, exe/cwd/root links), the pid and tid listings, and the
 * /proc/self and /proc/thread-self links.
 */
#include "fs/procfs_internal.h"
#include "kernel/sched_internal.h"
#include "kernel/cputime.h"
#include "kernel/seccomp.h"
#include "mm/mm_internal.h"

/* Clock ticks per second user space assumes (sysconf(_SC_CLK_TCK)). */
#define USER_HZ 100
#define NS_PER_TICK (1000000000ULL / USER_HZ)
/* Most bytes of cmdline/environ shown. */
#define PROC_ARGS_MAX (128 * 1024)

/* ---- finding the process ---- */

/* proc_task_of - see procfs_internal.h. */
struct task *proc_task_of(struct process *p)
{
	if (!p || list_empty(&p->threads))
		return NULL;
	return list_first_entry(&p->threads, struct task, thread_link);
}

/* proc_process - see procfs_internal.h. */
struct process *proc_process(struct proc_node *n)
{
	struct process *p = process_by_pid(n->pid);

	if (!p || p->reaped || p->start_ns != n->start_ns)
		return NULL;
	return p;
}

/* proc_task - see procfs_internal.h. */
struct task *proc_task(struct proc_node *n)
{
	struct process *p = proc_process(n);
	struct task *t;

	if (!p)
		return NULL;
	if (!n->tid)
		return proc_task_of(p);
	t = task_by_tid(n->tid);
	return t && t->proc == p ? t : NULL;
}

/* proc_node_for - see procfs_internal.h. */
void proc_node_for(struct proc_node *n, struct process *p)
{
	n->pid = p->pid;
	n->start_ns = p->start_ns;
	n->tid = 0;
	n->fd = -1;
}

static void sort_ints(int *v, int n)
{
	for (int i = 1; i < n; i++) {
		int x = v[i], j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* ---- /proc/<pid> listing ---- */

static int pid_list(struct proc_node *dir, int *out, int max)
{
	struct process *p;
	int n = 0;

	list_for_each_entry(p, &all_processes, all_link) {
		if (p->reaped)
			continue;
		if (n < max)
			out[n] = p->pid;
		n++;
	}
	if (n <= max)
		sort_ints(out, n);
	return n;
}

static bool pid_exists(struct proc_node *dir, int num)
{
	struct process *p = process_by_pid(num);

	return p && !p->reaped;
}

static const struct proc_entry proc_pid_dir_entry = {
	.name = "<pid>",
	.mode = S_IFDIR | 0555,
	.children = proc_pid_entries,
};

static void pid_make(struct proc_node *dir, int num, struct proc_node *child)
{
	struct process *p = process_by_pid(num);

	child->ent = &proc_pid_dir_entry;
	if (p)
		proc_node_for(child, p);
}

/* proc_pid_dyn - numbered children of /proc. */
const struct proc_dyn proc_pid_dyn = {
	.list = pid_list,
	.exists = pid_exists,
	.make = pid_make,
};

/* ---- /proc/<pid>/task ---- */

static int tid_list(struct proc_node *dir, int *out, int max)
{
	struct process *p = proc_process(dir);
	struct task *t;
	int n = 0;

	if (!p)
		return 0;
	list_for_each_entry(t, &p->threads, thread_link) {
		if (n < max)
			out[n] = t->tid;
		n++;
	}
	if (n <= max)
		sort_ints(out, n);
	return n;
}

static bool tid_exists(struct proc_node *dir, int num)
{
	struct task *t = task_by_tid(num);

	return t && t->proc == proc_process(dir);
}

static const struct proc_entry proc_tid_dir_entry = {
	.name = "<tid>",
	.mode = S_IFDIR | 0555,
	.children = proc_tid_entries,
};

static void tid_make(struct proc_node *dir, int num, struct proc_node *child)
{
	child->ent = &proc_tid_dir_entry;
	child->tid = num;
}

static const struct proc_dyn proc_tid_dyn = {
	.list = tid_list,
	.exists = tid_exists,
	.make = tid_make,
};

/* ---- stat, statm, status ---- */

static char state_char(struct process *p, struct task *t)
{
	if (!t || p->zombie)
		return 'Z';
	return t->state == TASK_RUNNABLE ? 'R' : 'S';
}

static const char *state_name(char c)
{
	switch (c) {
	case 'R':
		return "R (running)";
	case 'Z':
		return "Z (zombie)";
	default:
		return "S (sleeping)";
	}
}

/* Sizes derived from an address space's mappings, in pages. */
struct mm_sizes {
	u64 total, data, stack, exe, lib;
	uaddr_t start_code, end_code, start_data, end_data;
};

static void mm_measure(struct mm *mm, struct mm_sizes *s)
{
	struct vma_set *set;
	unsigned int k;

	memset(s, 0, sizeof(*s));
	if (!mm || !(set = mm_vmas(mm)))
		return;
	for (k = 0; k < set->n; k++) {
		struct vma *v = set->v[k];
		u64 pages = (v->end - v->start) / PAGE_SIZE;
		char path[256];
		bool main_exe = false;

		s->total += pages;
		if (v->file && file_path(v->file, path, sizeof(path)) == 0)
			main_exe = !kstrcmp(path, mm->exe_path);
		if (v->flags & VMA_GROWSDOWN) {
			s->stack += pages;
		} else if ((v->prot & PROT_EXEC) && v->file) {
			if (main_exe) {
				s->exe += pages;
				if (!s->start_code)
					s->start_code = v->start;
				s->end_code = v->end;
			} else {
				s->lib += pages;
			}
		} else if ((v->prot & PROT_WRITE) && !(v->flags & VMA_SHARED)) {
			s->data += pages;
			if (main_exe) {
				if (!s->start_data)
					s->start_data = v->start;
				s->end_data = v->end;
			}
		}
	}
}

static u64 ns_ticks(u64 ns)
{
	return ns / NS_PER_TICK;
}

static u64 pending_of(struct process *p, struct task *t)
{
	return p->shared_pending.set | (t ? t->pending.set : 0);
}

static void sig_masks(struct process *p, u64 *ign, u64 *cgt)
{
	int k;

	*ign = *cgt = 0;
	if (!p->sighand)
		return;
	for (k = 0; k < KNSIG; k++) {
		u64 h = p->sighand->action[k].handler;

		if (h == 1)
			*ign |= 1ULL << k;
		else if (h > 1)
			*cgt |= 1ULL << k;
	}
}

static int show_stat(struct proc_node *n, struct pbuf *b)
{
	struct process *p = proc_process(n);
	struct task *t = proc_task(n);
	struct mm *mm = t ? t->mm : NULL;
	struct mm_sizes s;
	u64 ign, cgt, rsslim, ut, st;

	if (!p)
		return -ESRCH;
	/* task/TID/stat: that thread's CPU time; PID/stat: the process's */
	if (n->tid && t)
		cputime_task_sample(t, &ut, &st);
	else
		cputime_process_sample(p, &ut, &st);
	mm_measure(mm, &s);
	sig_masks(p, &ign, &cgt);
	rsslim = p->rlim[RLIMIT_RSS].cur;
	pbuf_printf(b, "%d (%s) %c %d %d %d %d %d %u ", n->tid ? n->tid : p->pid,
		    t ? t->comm : "", state_char(p, t),
		    p->parent ? p->parent->pid : 0, p->pgid, p->sid, 0, -1, 0);
	/* minflt cminflt majflt cmajflt utime stime cutime cstime */
	pbuf_printf(b, "%llu %llu 0 0 %llu %llu %llu %llu ",
		    (unsigned long long)(n->tid && t ? t->min_flt : p->min_flt),
		    (unsigned long long)p->cmin_flt,
		    (unsigned long long)ns_ticks(ut),
		    (unsigned long long)ns_ticks(st),
		    (unsigned long long)ns_ticks(p->cutime_ns),
		    (unsigned long long)ns_ticks(p->cstime_ns));
	/* priority nice num_threads itrealvalue starttime vsize rss rsslim */
	pbuf_printf(b, "20 0 %d 0 %llu %llu %llu %llu ", p->nr_threads,
		    (unsigned long long)ns_ticks(p->start_ns -
						 proc_boot.boot_mono_ns),
		    (unsigned long long)(mm ? mm->total_vm_pages * PAGE_SIZE : 0),
		    (unsigned long long)(mm ? mm->rss_pages : 0),
		    (unsigned long long)rsslim);
	/* startcode endcode startstack kstkesp kstkeip */
	pbuf_printf(b, "%lu %lu %lu 0 0 ", (unsigned long)s.start_code,
		    (unsigned long)s.end_code,
		    (unsigned long)(mm ? mm->start_stack : 0));
	/* signal blocked sigignore sigcatch wchan nswap cnswap */
	pbuf_printf(b, "%llu %llu %llu %llu 0 0 0 ",
		    (unsigned long long)pending_of(p, t),
		    (unsigned long long)(t ? t->sig_blocked : 0),
		    (unsigned long long)ign, (unsigned long long)cgt);
	/* exit_signal processor rt_priority policy blkio guest cguest */
	pbuf_printf(b, "%d 0 0 0 0 0 0 ", p->exit_signal);
	/* start_data end_data start_brk arg_start arg_end env_start env_end */
	pbuf_printf(b, "%lu %lu %lu %lu %lu %lu %lu %d\n",
		    (unsigned long)s.start_data, (unsigned long)s.end_data,
		    (unsigned long)(mm ? mm->brk_start : 0),
		    (unsigned long)(mm ? mm->arg_start : 0),
		    (unsigned long)(mm ? mm->arg_end : 0),
		    (unsigned long)(mm ? mm->env_start : 0),
		    (unsigned long)(mm ? mm->env_end : 0),
		    p->zombie ? p->exit_status : 0);
	return 0;
}

static int show_statm(struct proc_node *n, struct pbuf *b)
{
	struct task *t = proc_task(n);
	struct mm *mm = t ? t->mm : NULL;
	struct mm_sizes s;

	mm_measure(mm, &s);
	pbuf_printf(b, "%llu %llu 0 %llu 0 %llu 0\n",
		    (unsigned long long)(mm ? mm->total_vm_pages : 0),
		    (unsigned long long)(mm ? mm->rss_pages : 0),
		    (unsigned long long)s.exe,
		    (unsigned long long)(s.data + s.stack));
	return 0;
}

static void status_kb(struct pbuf *b, const char *name, u64 pages)
{
	pbuf_printf(b, "%s:\t%8llu kB\n", name,
		    (unsigned long long)(pages * (PAGE_SIZE / 1024)));
}

static int sigq_count(struct process *p, struct task *t)
{
	struct list_head *l;
	int n = 0;

	list_for_each(l, &p->shared_pending.queue)
		n++;
	if (t)
		list_for_each(l, &t->pending.queue)
			n++;
	return n;
}

static void status_cpus(struct pbuf *b)
{
	u32 n = proc_boot.ncpus;

	if (n >= 32)
		pbuf_printf(b, "Cpus_allowed:\t%x\n", 0xffffffffu);
	else
		pbuf_printf(b, "Cpus_allowed:\t%x\n", (1u << n) - 1);
	if (n > 1)
		pbuf_printf(b, "Cpus_allowed_list:\t0-%u\n", n - 1);
	else
		pbuf_printf(b, "Cpus_allowed_list:\t0\n");
}

static int show_status(struct proc_node *n, struct pbuf *b)
{
	struct process *p = proc_process(n);
	struct task *t = proc_task(n);
	struct mm *mm = t ? t->mm : NULL;
	const struct cred *c;
	struct mm_sizes s;
	u64 ign, cgt;
	char st;
	u32 k;

	if (!p)
		return -ESRCH;
	c = &p->cred;
	st = state_char(p, t);
	mm_measure(mm, &s);
	sig_masks(p, &ign, &cgt);
	pbuf_printf(b, "Name:\t%s\n", t ? t->comm : "");
	if (t && t->fs)
		pbuf_printf(b, "Umask:\t%04o\n", t->fs->umask);
	pbuf_printf(b, "State:\t%s\n", state_name(st));
	pbuf_printf(b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n", p->pid,
		    n->tid ? n->tid : p->pid, p->parent ? p->parent->pid : 0);
	pbuf_printf(b, "TracerPid:\t0\n");
	pbuf_printf(b, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid,
		    c->fsuid);
	pbuf_printf(b, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid,
		    c->fsgid);
	pbuf_printf(b, "FDSize:\t%d\nGroups:\t",
		    t && t->files ? t->files->size : 0);
	for (k = 0; k < c->ngroups && k < CRED_NGROUPS_MAX; k++)
		pbuf_printf(b, "%u ", c->groups[k]);
	pbuf_printf(b, "\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		    p->pid, n->tid ? n->tid : p->pid, p->pgid, p->sid);
	if (mm) {
		status_kb(b, "VmPeak", mm->total_vm_pages);
		status_kb(b, "VmSize", mm->total_vm_pages);
		status_kb(b, "VmLck", mm_locked_pages(mm));
		status_kb(b, "VmPin", 0);
		status_kb(b, "VmHWM", mm->rss_pages);
		status_kb(b, "VmRSS", mm->rss_pages);
		status_kb(b, "RssAnon", mm->rss_pages);
		status_kb(b, "RssFile", 0);
		status_kb(b, "RssShmem", 0);
		status_kb(b, "VmData", s.data);
		status_kb(b, "VmStk", s.stack);
		status_kb(b, "VmExe", s.exe);
		status_kb(b, "VmLib", s.lib);
		status_kb(b, "VmPTE", 0);
		status_kb(b, "VmSwap", 0);
	}
	pbuf_printf(b, "CoreDumping:\t0\n");
	pbuf_printf(b, "Threads:\t%d\n", p->nr_threads);
	pbuf_printf(b, "SigQ:\t%d/%llu\n", sigq_count(p, t),
		    (unsigned long long)p->rlim[RLIMIT_SIGPENDING].cur);
	pbuf_printf(b, "SigPnd:\t%016llx\n",
		    (unsigned long long)(t ? t->pending.set : 0));
	pbuf_printf(b, "ShdPnd:\t%016llx\n",
		    (unsigned long long)p->shared_pending.set);
	pbuf_printf(b, "SigBlk:\t%016llx\n",
		    (unsigned long long)(t ? t->sig_blocked : 0));
	pbuf_printf(b, "SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		    (unsigned long long)ign, (unsigned long long)cgt);
	pbuf_printf(b, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n",
		    (unsigned long long)c->cap_inheritable,
		    (unsigned long long)c->cap_permitted,
		    (unsigned long long)c->cap_effective);
	pbuf_printf(b, "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
		    (unsigned long long)c->cap_bounding,
		    (unsigned long long)c->cap_ambient);
	pbuf_printf(b, "NoNewPrivs:\t%d\nSeccomp:\t%d\nSeccomp_filters:\t%d\n",
		    c->no_new_privs ? 1 : 0, t ? t->seccomp_mode : 0,
		    t ? seccomp_filter_count(t) : 0);
	status_cpus(b);
	pbuf_printf(b, "Mems_allowed:\t1\nMems_allowed_list:\t0\n");
	pbuf_printf(b, "voluntary_ctxt_switches:\t0\n"
		       "nonvoluntary_ctxt_switches:\t0\n");
	return 0;
}

/* ---- cmdline, environ: from the process's own memory ---- */

static int show_user_range(struct proc_node *n, struct pbuf *b, bool env)
{
	struct task *t = proc_task(n);
	struct mm *mm = t ? t->mm : NULL;
	uaddr_t start, end;
	char *buf;
	size_t len;

	if (!mm)
		return 0;	/* zombie: empty, like Linux */
	start = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	if (end <= start)
		return 0;
	len = min((u64)(end - start), (u64)PROC_ARGS_MAX);
	buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	if (copy_in(mm, buf, start, len) == 0)
		pbuf_write(b, buf, len);
	kfree(buf);
	return 0;
}

static int show_cmdline(struct proc_node *n, struct pbuf *b)
{
	return show_user_range(n, b, false);
}

static int show_environ(struct proc_node *n, struct pbuf *b)
{
	struct task *t = proc_task(n);

	/* Only the owner (or CAP_SYS_PTRACE) reads another's environment. */
	if (current && t && current->proc != t->proc &&
	    current->proc->cred.euid != t->proc->cred.uid &&
	    !capable(current, CAP_SYS_PTRACE))
		return -EACCES;
	return show_user_range(n, b, true);
}

/* ---- comm ---- */

static int show_comm(struct proc_node *n, struct pbuf *b)
{
	struct task *t = proc_task(n);

	pbuf_printf(b, "%s\n", t ? t->comm : "");
	return 0;
}

static int write_comm(struct proc_node *n, const char *buf, size_t len)
{
	struct task *t = proc_task(n);
	char name[16];

	if (!t)
		return -ESRCH;
	if (current && current->proc != t->proc)
		return -EINVAL;
	len = min(len, sizeof(name) - 1);
	memcpy(name, buf, len);
	name[len] = '\0';
	if (len && name[len - 1] == '\n')
		name[len - 1] = '\0';
	kstrlcpy(t->comm, name, sizeof(t->comm));
	return 0;
}

/* ---- maps ---- */

static void maps_line(struct pbuf *b, struct mm *mm, struct vma *v,
		      char *path, size_t psize)
{
	u64 dev = 0, ino = 0;
	const char *name = NULL;
	size_t start = b->len;

	if (v->file) {
		if (v->file->inode) {
			dev = v->file->inode->dev;
			ino = v->file->inode->ino;
		}
		if (proc_file_describe(v->file, path, psize) >= 0)
			name = path;
	} else if (mm->start_stack >= v->start && mm->start_stack < v->end) {
		name = "[stack]";
	} else if (mm->brk > mm->brk_start && v->start < mm->brk &&
		   v->end > mm->brk_start) {
		name = "[heap]";
	}
	pbuf_printf(b, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %llu ",
		    (unsigned long)v->start, (unsigned long)v->end,
		    (v->prot & PROT_READ) ? 'r' : '-',
		    (v->prot & PROT_WRITE) ? 'w' : '-',
		    (v->prot & PROT_EXEC) ? 'x' : '-',
		    (v->flags & VMA_SHARED) ? 's' : 'p',
		    (unsigned long long)(v->file ? v->off : 0),
		    (unsigned int)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffULL)),
		    (unsigned int)((dev & 0xff) | ((dev >> 12) & ~0xffULL)),
		    (unsigned long long)ino);
	if (name) {
		/* Linux pads the name to column 73. */
		while (b->len - start < 73 && !b->err)
			pbuf_write(b, " ", 1);
		pbuf_printf(b, "%s", name);
	}
	pbuf_write(b, "\n", 1);
}

static int show_maps(struct proc_node *n, struct pbuf *b)
{
	struct task *t = proc_task(n);
	struct mm *mm = t ? t->mm : NULL;
	struct vma_set *set;
	char *path;
	unsigned int k;

	if (!mm || !(set = mm_vmas(mm)))
		return 0;
	path = kmalloc(VFS_PATH_MAX + 1);
	if (!path)
		return -ENOMEM;
	for (k = 0; k < set->n; k++)
		maps_line(b, mm, set->v[k], path, VFS_PATH_MAX + 1);
	kfree(path);
	return 0;
}

/* ---- limits, cgroup, oom_score_adj ---- */

static const struct {
	const char *name, *unit;
	int res;
} limit_names[] = {
	{ "Max cpu time", "seconds", RLIMIT_CPU },
	{ "Max file size", "bytes", RLIMIT_FSIZE },
	{ "Max data size", "bytes", RLIMIT_DATA },
	{ "Max stack size", "bytes", RLIMIT_STACK },
	{ "Max core file size", "bytes", RLIMIT_CORE },
	{ "Max resident set", "bytes", RLIMIT_RSS },
	{ "Max processes", "processes", RLIMIT_NPROC },
	{ "Max open files", "files", RLIMIT_NOFILE },
	{ "Max locked memory", "bytes", RLIMIT_MEMLOCK },
	{ "Max address space", "bytes", RLIMIT_AS },
	{ "Max file locks", "locks", RLIMIT_LOCKS },
	{ "Max pending signals", "signals", RLIMIT_SIGPENDING },
	{ "Max msgqueue size", "bytes", RLIMIT_MSGQUEUE },
	{ "Max nice priority", "", RLIMIT_NICE },
	{ "Max realtime priority", "", RLIMIT_RTPRIO },
	{ "Max realtime timeout", "us", RLIMIT_RTTIME },
};

static void limit_value(struct pbuf *b, u64 v)
{
	if (v == RLIM_INFINITY)
		pbuf_printf(b, "%-20s ", "unlimited");
	else
		pbuf_printf(b, "%-20llu ", (unsigned long long)v);
}

static int show_limits(struct proc_node *n, struct pbuf *b)
{
	struct process *p = proc_process(n);
	size_t k;

	if (!p)
		return -ESRCH;
	pbuf_printf(b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit",
		    "Hard Limit", "Units");
	for (k = 0; k < ARRAY_SIZE(limit_names); k++) {
		const struct krlimit *l = &p->rlim[limit_names[k].res];

		pbuf_printf(b, "%-25s ", limit_names[k].name);
		limit_value(b, l->cur);
		limit_value(b, l->max);
		pbuf_printf(b, "%-10s\n", limit_names[k].unit);
	}
	return 0;
}

static int show_cgroup(struct proc_node *n, struct pbuf *b)
{
	/* One cgroup v2 hierarchy; the sandbox is its root. */
	pbuf_printf(b, "0::/\n");
	return 0;
}

/* oom_score_adj: kept per process and inherited; no OOM killer reads it yet. */
static int show_oom_score_adj(struct proc_node *n, struct pbuf *b)
{
	struct process *p = proc_process(n);

	if (!p)
		return -ESRCH;
	pbuf_printf(b, "%d\n", p->oom_score_adj);
	return 0;
}

static int write_oom_score_adj(struct proc_node *n, const char *buf,
			       size_t len)
{
	struct process *p = proc_process(n);
	bool neg = buf[0] == '-';
	char num[16];
	size_t k = neg ? 1 : 0, m = 0;
	u64 v;
	int adj;

	if (!p)
		return -ESRCH;
	while (k < len && buf[k] >= '0' && buf[k] <= '9' && m < sizeof(num) - 1)
		num[m++] = buf[k++];
	num[m] = '\0';
	if (!m || kstrtou64(num, 10, &v) || v > 1000)
		return -EINVAL;
	adj = neg ? -(int)v : (int)v;
	/* Lowering it takes CAP_SYS_RESOURCE, like Linux. */
	if (adj < p->oom_score_adj && current &&
	    !capable(current, CAP_SYS_RESOURCE))
		return -EACCES;
	p->oom_score_adj = adj;
	return 0;
}

/* ---- exe, cwd, root ---- */

static int link_exe(struct proc_node *n, char *buf, size_t size)
{
	struct task *t = proc_task(n);

	if (!t || !t->mm || !t->mm->exe_path[0])
		return -ENOENT;
	return kstrlcpy(buf, t->mm->exe_path, size);
}

/* The cwd (@cwd) or root of @n's process as a referenced path. */
static int fs_path_of(struct proc_node *n, bool cwd, struct path *out)
{
	struct task *t = proc_task(n);

	if (!t || !t->fs)
		return -ENOENT;
	*out = cwd ? t->fs->cwd : t->fs->root;
	path_get(out);
	return 0;
}

static int link_fs(struct proc_node *n, char *buf, size_t size, bool cwd)
{
	struct path p, root;
	int ret = fs_path_of(n, cwd, &p);

	if (ret)
		return ret;
	root.mnt = root_mount;
	root.dentry = root_mount->root;
	if (current && current->fs)
		root = current->fs->root;
	ret = path_string(&p, &root, buf, size);
	path_put(&p);
	return ret ? ret : (int)kstrlen(buf);
}

static int link_cwd(struct proc_node *n, char *buf, size_t size)
{
	return link_fs(n, buf, size, true);
}

static int link_root(struct proc_node *n, char *buf, size_t size)
{
	return link_fs(n, buf, size, false);
}

static int follow_cwd(struct proc_node *n, struct path *link,
		      struct path *out)
{
	return fs_path_of(n, true, out);
}

static int follow_root(struct proc_node *n, struct path *link,
		       struct path *out)
{
	return fs_path_of(n, false, out);
}

/* ---- /proc/self, /proc/thread-self (in the root table) ---- */

/* proc_link_self - see procfs_internal.h. */
int proc_link_self(struct proc_node *n, char *buf, size_t size)
{
	if (!current)
		return -ENOENT;
	return ksnprintf(buf, size, "%d", current->proc->pid);
}

/* proc_link_thread_self - see procfs_internal.h. */
int proc_link_thread_self(struct proc_node *n, char *buf, size_t size)
{
	if (!current)
		return -ENOENT;
	return ksnprintf(buf, size, "%d/task/%d", current->proc->pid,
			 current->tid);
}

/* ---- the tables ---- */

#define PROC_FILE(n, m, s) { .name = n, .mode = S_IFREG | (m), .show = s }
#define PROC_RW(n, m, s, w) \
	{ .name = n, .mode = S_IFREG | (m), .show = s, .write = w }
#define PROC_LINK(n, l, f) \
	{ .name = n, .mode = S_IFLNK | 0777, .link = l, .follow = f }

#define PROC_PID_COMMON                                                    \
	PROC_FILE("stat", 0444, show_stat),                                \
	PROC_FILE("statm", 0444, show_statm),                              \
	PROC_FILE("status", 0444, show_status),                            \
	PROC_FILE("cmdline", 0444, show_cmdline),                          \
	PROC_FILE("environ", 0400, show_environ),                          \
	PROC_RW("comm", 0644, show_comm, write_comm),                      \
	PROC_FILE("maps", 0444, show_maps),                                \
	PROC_FILE("limits", 0444, show_limits),                            \
	PROC_FILE("cgroup", 0444, show_cgroup),                            \
	PROC_RW("oom_score_adj", 0644, show_oom_score_adj,                 \
		write_oom_score_adj),                                      \
	PROC_FILE("mounts", 0444, proc_show_mounts),                       \
	PROC_FILE("mountinfo", 0444, proc_show_mountinfo),                 \
	PROC_LINK("exe", link_exe, NULL),                                  \
	PROC_LINK("cwd", link_cwd, follow_cwd),                            \
	PROC_LINK("root", link_root, follow_root)

#define PROC_FD_DIRS                                                       \
	{ .name = "fd", .mode = S_IFDIR | 0500, .dyn = &proc_fd_dyn },      \
	{ .name = "fdinfo", .mode = S_IFDIR | 0500, .dyn = &proc_fdinfo_dyn }

/* proc_pid_entries - /proc/<pid>/. */
const struct proc_entry proc_pid_entries[] = {
	PROC_PID_COMMON,
	PROC_FD_DIRS,
	{ .name = "task", .mode = S_IFDIR | 0555, .dyn = &proc_tid_dyn },
	{ .name = NULL },
};

/* proc_tid_entries - /proc/<pid>/task/<tid>/. */
const struct proc_entry proc_tid_entries[] = {
	PROC_PID_COMMON,
	PROC_FD_DIRS,
	{ .name = NULL },
};
