/* SPDX-License-Identifier: MIT */
/*
 * procfs system-wide files: /proc/meminfo, stat, uptime, loadavg, version,
 * filesystems, swaps, cmdline, and the table of the /proc root.
 */
#include "fs/procfs_internal.h"
#include "kernel/sched_internal.h"
#include "kernel/cputime.h"
#include "mm/mm.h"

#define USER_HZ 100
#define NS_PER_TICK (1000000000ULL / USER_HZ)

/* ---- counting tasks ---- */

/* proc_nr_running - see procfs_internal.h. */
int proc_nr_running(int *total)
{
	struct process *p;
	struct task *t;
	int running = 0, all = 0;

	list_for_each_entry(p, &all_processes, all_link) {
		list_for_each_entry(t, &p->threads, thread_link) {
			all++;
			if (t->state == TASK_RUNNABLE)
				running++;
		}
	}
	if (total)
		*total = all;
	return running;
}

/* CPU time of every task since boot, in ns. */
static void cpu_times(u64 *user, u64 *sys)
{
	cputime_totals(user, sys);
}

static u64 uptime_ns(void)
{
	return platform->now_ns() - proc_boot.boot_mono_ns;
}

/* ---- meminfo ---- */

static void kb_line(struct pbuf *b, const char *name, u64 kb)
{
	pbuf_printf(b, "%-15s %8llu kB\n", name, (unsigned long long)kb);
}

/* proc_show_meminfo - /proc/meminfo from the sandbox's physical memory. */
int proc_show_meminfo(struct proc_node *n, struct pbuf *b)
{
	u64 total = platform->pmem_size / 1024;
	u64 free = page_free_count() * (PAGE_SIZE / 1024);
	u64 anon = 0, slab;
	struct kmalloc_stats ks;
	struct process *p;
	struct task *t;

	kmalloc_get_stats(&ks);
	slab = (ks.heap_pages - ks.free_pages) * (PAGE_SIZE / 1024);
	list_for_each_entry(p, &all_processes, all_link) {
		t = proc_task_of(p);
		if (t && t->mm)
			anon += t->mm->rss_pages * (PAGE_SIZE / 1024);
	}
	kb_line(b, "MemTotal:", total);
	kb_line(b, "MemFree:", free);
	kb_line(b, "MemAvailable:", free);
	kb_line(b, "Buffers:", 0);
	kb_line(b, "Cached:", 0);
	kb_line(b, "SwapCached:", 0);
	kb_line(b, "Active:", anon);
	kb_line(b, "Inactive:", 0);
	kb_line(b, "Active(anon):", anon);
	kb_line(b, "Inactive(anon):", 0);
	kb_line(b, "Active(file):", 0);
	kb_line(b, "Inactive(file):", 0);
	kb_line(b, "Unevictable:", 0);
	kb_line(b, "Mlocked:", 0);
	kb_line(b, "SwapTotal:", 0);
	kb_line(b, "SwapFree:", 0);
	kb_line(b, "Dirty:", 0);
	kb_line(b, "Writeback:", 0);
	kb_line(b, "AnonPages:", anon);
	kb_line(b, "Mapped:", 0);
	kb_line(b, "Shmem:", 0);
	kb_line(b, "Slab:", slab);
	kb_line(b, "SReclaimable:", 0);
	kb_line(b, "SUnreclaim:", slab);
	kb_line(b, "PageTables:", 0);
	kb_line(b, "CommitLimit:", total);
	kb_line(b, "Committed_AS:", total - free);
	return 0;
}

/* ---- stat, uptime, loadavg ---- */

/* proc_show_stat - /proc/stat: CPU time, boot time, process counts. */
int proc_show_stat(struct proc_node *n, struct pbuf *b)
{
	u64 user, sys, up = uptime_ns(), idle;
	u32 ncpu = proc_boot.ncpus, k;
	struct process *p;
	int total, running = proc_nr_running(&total), maxpid = 0;

	cpu_times(&user, &sys);
	idle = up * ncpu > user + sys ? up * ncpu - user - sys : 0;
	pbuf_printf(b, "cpu  %llu 0 %llu %llu 0 0 0 0 0 0\n",
		    (unsigned long long)(user / NS_PER_TICK),
		    (unsigned long long)(sys / NS_PER_TICK),
		    (unsigned long long)(idle / NS_PER_TICK));
	for (k = 0; k < ncpu; k++)
		pbuf_printf(b, "cpu%u %llu 0 %llu %llu 0 0 0 0 0 0\n", k,
			    (unsigned long long)(user / ncpu / NS_PER_TICK),
			    (unsigned long long)(sys / ncpu / NS_PER_TICK),
			    (unsigned long long)(idle / ncpu / NS_PER_TICK));
	list_for_each_entry(p, &all_processes, all_link)
		if (p->pid > maxpid)
			maxpid = p->pid;
	pbuf_printf(b, "intr 0\nctxt 0\nbtime %llu\n",
		    (unsigned long long)(proc_boot.boot_real_ns / 1000000000ULL));
	/* Pids are handed out in order: the highest one counts the forks. */
	pbuf_printf(b, "processes %d\nprocs_running %d\nprocs_blocked 0\n",
		    maxpid, running);
	pbuf_printf(b, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return 0;
}

/* proc_show_uptime - seconds since boot and idle seconds of all CPUs. */
int proc_show_uptime(struct proc_node *n, struct pbuf *b)
{
	u64 up = uptime_ns(), user, sys, idle;

	cpu_times(&user, &sys);
	idle = up * proc_boot.ncpus > user + sys ?
		       up * proc_boot.ncpus - user - sys :
		       0;
	pbuf_printf(b, "%llu.%02llu %llu.%02llu\n",
		    (unsigned long long)(up / 1000000000ULL),
		    (unsigned long long)(up / 10000000ULL % 100),
		    (unsigned long long)(idle / 1000000000ULL),
		    (unsigned long long)(idle / 10000000ULL % 100));
	return 0;
}

/*
 * Load averages: exponentially decaying averages of the runnable count
 * over 1, 5 and 15 minutes, in 11-bit fixed point, advanced in 5 s steps
 * whenever they are read.
 */
#define FSHIFT 11
#define FIXED_1 (1 << FSHIFT)
#define LOAD_STEP_NS (5ULL * 1000000000ULL)
static const u64 load_decay[3] = { 1884, 2014, 2037 };
static u64 load_avg[3];
static u64 load_last_ns;

static void load_update(int running)
{
	u64 now = platform->now_ns(), steps;
	int k;

	if (!load_last_ns)
		load_last_ns = proc_boot.boot_mono_ns;
	steps = (now - load_last_ns) / LOAD_STEP_NS;
	if (steps > 2000)
		steps = 2000;
	load_last_ns += steps * LOAD_STEP_NS;
	while (steps--)
		for (k = 0; k < 3; k++)
			load_avg[k] = (load_avg[k] * load_decay[k] +
				       (u64)running * FIXED_1 *
					       (FIXED_1 - load_decay[k])) >>
				      FSHIFT;
}

/* proc_show_loadavg - 1/5/15 minute load, running/total tasks, last pid. */
int proc_show_loadavg(struct proc_node *n, struct pbuf *b)
{
	int total, running = proc_nr_running(&total), lastpid = 0, k;
	struct process *p;

	load_update(running);
	list_for_each_entry(p, &all_processes, all_link)
		if (p->pid > lastpid)
			lastpid = p->pid;
	for (k = 0; k < 3; k++)
		pbuf_printf(b, "%llu.%02llu ",
			    (unsigned long long)(load_avg[k] >> FSHIFT),
			    (unsigned long long)((load_avg[k] & (FIXED_1 - 1)) *
						 100 / FIXED_1));
	pbuf_printf(b, "%d/%d %d\n", running, total, lastpid);
	return 0;
}

/* ---- version, filesystems, swaps, cmdline ---- */

/* proc_show_version - the kernel version line (matches uname -r/-v). */
int proc_show_version(struct proc_node *n, struct pbuf *b)
{
	/* Keep in step with sys_uname (kernel/sys_sys.c). */
	pbuf_printf(b, "Linux version %s (vmm) %s\n", "6.1.0-vmm",
		    "#1 SMP vmm sentry");
	return 0;
}

/* proc_show_filesystems - the file system types mounts may use. */
int proc_show_filesystems(struct proc_node *n, struct pbuf *b)
{
	static const char *const types[] = { "sysfs", "tmpfs", "devtmpfs",
					      "proc", "devfs", "hostfs" };
	size_t k;

	for (k = 0; k < ARRAY_SIZE(types); k++)
		pbuf_printf(b, "nodev\t%s\n", types[k]);
	return 0;
}

static int show_swaps(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	return 0;
}

/* proc_show_cmdline - the sandbox's boot command line. */
int proc_show_cmdline(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%s\n", proc_boot.cmdline);
	return 0;
}

static int link_self_mounts(struct proc_node *n, char *buf, size_t size)
{
	return ksnprintf(buf, size, "self/mounts");
}

/* ---- the root ---- */

static const struct proc_entry root_entries[] = {
	{ .name = "self", .mode = S_IFLNK | 0777, .link = proc_link_self },
	{ .name = "thread-self", .mode = S_IFLNK | 0777,
	  .link = proc_link_thread_self },
	{ .name = "mounts", .mode = S_IFLNK | 0777, .link = link_self_mounts },
	{ .name = "meminfo", .mode = S_IFREG | 0444, .show = proc_show_meminfo },
	{ .name = "cpuinfo", .mode = S_IFREG | 0444, .show = proc_show_cpuinfo },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = proc_show_stat },
	{ .name = "uptime", .mode = S_IFREG | 0444, .show = proc_show_uptime },
	{ .name = "loadavg", .mode = S_IFREG | 0444, .show = proc_show_loadavg },
	{ .name = "version", .mode = S_IFREG | 0444, .show = proc_show_version },
	{ .name = "filesystems", .mode = S_IFREG | 0444,
	  .show = proc_show_filesystems },
	{ .name = "swaps", .mode = S_IFREG | 0444, .show = show_swaps },
	{ .name = "cmdline", .mode = S_IFREG | 0444, .show = proc_show_cmdline },
	{ .name = "sys", .mode = S_IFDIR | 0555, .children = proc_sys_entries },
	{ .name = NULL },
};

/* proc_root_entry - /proc itself. */
const struct proc_entry proc_root_entry = {
	.name = "/",
	.mode = S_IFDIR | 0555,
	.children = root_entries,
	.dyn = &proc_pid_dyn,
};
