/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of CPU time accounting (kernel/cputime.c) on a fake clock:
 * the interval state machine, process sums, reaping, rusage, CPU clock
 * ids and the poll times of CPU timers.
 */
#include "tests/unit/shim.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/resource.h>	/* libc's struct rusage: the kernel's layout */
#include <time.h>

#include "kernel/cputime.h"
#include "kernel/task.h"
#include "mm/mm.h"

#include "utap.h"

static u64 fake_ns, fake_steal;

static u64 fake_now(void)
{
	return fake_ns;
}

static u64 fake_steal_ns(void)
{
	return fake_steal;
}

/* The running task (sched.c's, which this test does not link). */
struct task *current;

/* Two processes: parent (pid 10, threads 10 and 11) and child (pid 20). */
static struct process parent, child;
static struct task t10, t11, t20;
static struct mm mm10;

/* Lookups cputime.c uses. */
struct task *task_by_tid(int tid)
{
	struct task *all[] = { &t10, &t11, &t20 };
	unsigned int k;

	for (k = 0; k < sizeof(all) / sizeof(all[0]); k++)
		if (all[k]->tid == tid && all[k]->proc)
			return all[k];
	return NULL;
}

struct process *process_by_pid(int pid)
{
	if (parent.pid == pid)
		return &parent;
	if (child.pid == pid && !child.reaped)
		return &child;
	return NULL;
}

static void add_thread(struct process *p, struct task *t, int tid)
{
	t->tid = tid;
	t->proc = p;
	list_add_tail(&t->thread_link, &p->threads);
	p->nr_threads++;
}

static void setup(void)
{
	parent.pid = 10;
	parent.start_ns = 5;
	INIT_LIST_HEAD(&parent.threads);
	child.pid = 20;
	child.start_ns = 7;
	INIT_LIST_HEAD(&child.threads);
	add_thread(&parent, &t10, 10);
	add_thread(&parent, &t11, 11);
	add_thread(&child, &t20, 20);
	mm10.rss_pages = 3;
	t10.mm = &mm10;
}

static void test_intervals(void)
{
	u64 u, s;

	fake_ns = 1000;
	cputime_user_enter(&t10);	/* a new task: nothing before counts */
	fake_ns = 1500;
	cputime_user_exit(&t10);
	cputime_user_exit(&t10);	/* idempotent */
	cputime_task_sample(&t10, &u, &s);
	ok(u == 500 && s == 0, "user interval around ctx_run is user time");
	fake_ns = 1600;
	cputime_task_sample(&t10, &u, &s);
	ok(u == 500 && s == 100, "the open system interval shows in a sample");
	t10.state = TASK_BLOCKED;
	fake_ns = 1700;
	cputime_sched_out(&t10);
	fake_ns = 5000;
	cputime_task_sample(&t10, &u, &s);
	ok(u == 500 && s == 200 && t10.nvcsw == 1,
	   "blocking charges system time, counts a voluntary switch");
	cputime_sched_in(&t10);
	t10.state = TASK_RUNNABLE;
	fake_ns = 5050;
	cputime_sched_out(&t10);
	ok(t10.nivcsw == 1, "preemption counts an involuntary switch");
	fake_ns = 6000;
	cputime_sched_in(&t10);
	fake_ns = 6010;
	cputime_user_enter(&t10);
	ok(parent.maxrss_kb == 12, "entering user code samples the peak RSS");
	/* the kernel thread sleeps while user code runs (async platform) */
	t10.state = TASK_BLOCKED;
	cputime_sched_out(&t10);
	fake_ns = 7010;
	cputime_task_sample(&t10, &u, &s);
	ok(u == 1500 && s == 260 && t10.nvcsw == 1,
	   "user code running while the kernel thread sleeps stays user time");

	cputime_sched_in(&t11);
	cputime_user_enter(&t11);
	fake_ns = 7110;
	cputime_process_sample(&parent, &u, &s);
	ok(u == 500 + 1100 + 100 && s == 260,
	   "a process sample adds every thread's open interval");
	cputime_user_exit(&t11);
	cputime_task_exit(&t11);
	list_del_init(&t11.thread_link);
	parent.nr_threads--;
	fake_ns = 8000;
	cputime_sched_out(&t11);
	cputime_process_sample(&parent, &u, &s);
	ok(u == 600 + 1990 && s == 260,
	   "an exited thread's time stays in its process");
	cputime_totals(&u, &s);
	ok(u == 600 && s == 260, "system totals hold all charged time");
	cputime_fault(&t10);
	ok(t10.min_flt == 1 && parent.min_flt == 1,
	   "a fault counts for the thread and the process");
}

static void test_reap(void)
{
	struct rusage ru;

	fake_ns = 10000;
	cputime_sched_in(&t20);
	cputime_user_enter(&t20);
	fake_ns = 13000;
	cputime_user_exit(&t20);
	child.cutime_ns = 40;
	child.maxrss_kb = 100;
	cputime_rusage(&parent, NULL, RUSAGE_CHILDREN, &ru);
	ok(ru.ru_utime.tv_sec == 0 && ru.ru_utime.tv_usec == 0,
	   "children's time is not counted before the reap");
	fake_ns = 13500;
	cputime_task_exit(&t20);
	cputime_rusage(&child, NULL, CPUTIME_RUSAGE_BOTH, &ru);
	ok(ru.ru_maxrss == 100, "wait's rusage: the child's peak RSS");
	cputime_reap(&parent, &child);
	ok(parent.cutime_ns == 3040 && parent.cstime_ns == 500,
	   "reaping adds the child's own and children's time");
	ok(parent.cmaxrss_kb == 100, "and its peak RSS");
	parent.cutime_ns = 2000000;	/* 2 ms */
	cputime_rusage(&parent, NULL, RUSAGE_CHILDREN, &ru);
	ok(ru.ru_utime.tv_usec == 2000 && ru.ru_maxrss == 100,
	   "RUSAGE_CHILDREN reports them");
	cputime_rusage(&parent, &t10, RUSAGE_SELF, &ru);
	ok(ru.ru_maxrss == 12 && ru.ru_minflt == 1, "RUSAGE_SELF: own RSS and faults");
	child.reaped = true;
}

static void test_clocks(void)
{
	struct cpu_clock cc;
	u64 ns, u, s;

	fake_ns = 20000;
	ok(cputime_clock_resolve(&t10, CLOCK_PROCESS_CPUTIME_ID, &cc) == 0 &&
	   !cc.thread && cc.id == 10 && cc.kind == CPUCLOCK_SCHED,
	   "CLOCK_PROCESS_CPUTIME_ID");
	ok(cputime_clock_resolve(&t10, CLOCK_THREAD_CPUTIME_ID, &cc) == 0 &&
	   cc.thread && cc.id == 10, "CLOCK_THREAD_CPUTIME_ID");
	ok(cputime_clock_resolve(&t10, (int)(~10u << 3 | CPUCLOCK_VIRT), &cc) ==
		   0 && !cc.thread && cc.id == 10 && cc.kind == CPUCLOCK_VIRT,
	   "MAKE_PROCESS_CPUCLOCK(10, VIRT)");
	ok(cputime_clock_resolve(&t10, (int)(~20u << 3 | 6), &cc) == -EINVAL,
	   "a thread clock of another process is EINVAL");
	ok(cputime_clock_resolve(&t10, (int)(~20u << 3 | 2), &cc) == -EINVAL,
	   "a reaped process's clock is EINVAL");
	ok(cputime_clock_resolve(&t10, (int)(~0u << 3 | 3), &cc) == -EINVAL &&
	   !cputime_is_cpu_clock((int)(~0u << 3 | 3)), "kind 3 (clock fd) is not ours");
	ok(cputime_clock_resolve(&t10, CLOCK_MONOTONIC, &cc) == -EINVAL,
	   "CLOCK_MONOTONIC is not a CPU clock");

	cputime_process_sample(&parent, &u, &s);
	cputime_clock_resolve(&t10, (int)(~0u << 3 | CPUCLOCK_VIRT), &cc);
	ok(cputime_clock_sample(&cc, &ns) == 0 && ns == u, "VIRT counts user time");
	cputime_clock_resolve(&t10, (int)(~0u << 3 | CPUCLOCK_PROF), &cc);
	ok(cputime_clock_sample(&cc, &ns) == 0 && ns == u + s,
	   "PROF counts user + system");
	ok(cputime_clock_resolution(&cc) == 4000000, "PROF resolution is a tick");

	ok(cputime_clock_poll_at(&cc, 0) == fake_ns, "due now: poll now");
	ok(cputime_clock_poll_at(&cc, 10) == fake_ns + 1000000,
	   "almost due: poll in 1 ms");
	ok(cputime_clock_poll_at(&cc, 5000000000ull) == fake_ns + 100000000,
	   "far off: poll in 100 ms");
	add_thread(&parent, &t11, 11);
	ok(cputime_clock_poll_at(&cc, 50000000) == fake_ns + 25000000,
	   "two threads may reach it twice as fast");
}

/* Steal time (the host ran something else) is left out of the running task's time. */
static void test_steal(void)
{
	static struct process sp;
	static struct task st;
	u64 u, s;

	sp.pid = 40;
	INIT_LIST_HEAD(&sp.threads);
	add_thread(&sp, &st, 40);
	shim_platform_ops.steal_ns = fake_steal_ns;
	current = &st;
	fake_ns = 100000;
	fake_steal = 5000;
	cputime_sched_in(&st);
	fake_ns += 300;
	fake_steal += 200;
	cputime_user_enter(&st);
	ok(st.stime_ns == 100, "stolen time is not system time");
	fake_ns += 1000;
	fake_steal += 400;
	cputime_task_sample(&st, &u, &s);
	ok(u == 600 && s == 100, "nor user time, in a sample of the open interval");
	cputime_user_exit(&st);
	ok(st.utime_ns == 600, "nor when the interval is charged");
	fake_ns += 50;
	fake_steal += 80;	/* rounding between the two clocks */
	current = NULL;
	cputime_task_sample(&st, &u, &s);
	ok(s == 100 + 50, "another CPU's task: its steal is not known here");
	current = &st;
	cputime_task_sample(&st, &u, &s);
	ok(s == 100, "more steal than time: nothing, not a wrap");
	shim_platform_ops.steal_ns = NULL;
	current = NULL;
}

int main(void)
{
	shim_platform_ops.now_ns = fake_now;
	setup();
	test_intervals();
	test_reap();
	test_clocks();
	test_steal();
	printf("1..%d\n", test_num);
	return test_failed ? 1 : 0;
}
