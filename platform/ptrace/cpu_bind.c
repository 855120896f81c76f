// SPDX-License-Identifier: MIT
/*
 * cpu_bind.c - keep a stub thread that makes many system calls on the
 * host CPU of the sentry that serves it.
 *
 * Every stop of a stub is a wakeup of the sentry's thread and every
 * resume a wakeup of the stub. When the two sit on different host CPUs,
 * each wakeup crosses CPUs (an IPI, a VM exit on a virtual machine): a
 * getpid round trip measured 5-6 times slower that way than with both on
 * one CPU. The sentry is one thread, so a stub that stops again soon
 * gains nothing from a CPU of its own: it is bound to the sentry's CPU,
 * and the sentry's thread to the CPU it first ran a stub on (else the
 * host moves it to another CPU at each wakeup, and the stub after it).
 * Only one bound stub runs at a time: a stub resumed while another bound
 * one still runs gets every CPU, as does a stub whose user code ran long
 * (CPU-bound), so threads that compute still run in parallel.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdbool.h>

#include "platform/ptrace/ptrace.h"

/* A run at least this long (ns) marks the stub as computing. */
#define PTR_BIND_LONG_RUN_NS 2000000ULL

static cpu_set_t ptr_all_cpus;
static int ptr_bound_running;		/* bound stubs resumed, not stopped */
static int ptr_bind_state;		/* 0: unknown, 1: usable, -1: off */

/* Binding is worth it with two CPUs or more to choose from. */
static bool ptr_bind_usable(void)
{
	cpu_set_t one;
	int cpu;

	if (ptr_bind_state)
		return ptr_bind_state > 0;
	ptr_bind_state = -1;
	cpu = sched_getcpu();
	if (sched_getaffinity(0, sizeof(ptr_all_cpus), &ptr_all_cpus) < 0 ||
	    CPU_COUNT(&ptr_all_cpus) < 2 || cpu < 0)
		return false;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) == 0)
		ptr_bind_state = 1;
	return ptr_bind_state > 0;
}

/* ptr_cpu_bind - see ptrace.h. */
void ptr_cpu_bind(struct platform_ctx *ctx)
{
	int cpu;

	if (!ptr_bind_usable())
		return;
	if (ctx->run_long || ptr_bound_running > 0) {
		if (ctx->bound_cpu != -1 &&
		    sched_setaffinity(ctx->pid, sizeof(ptr_all_cpus),
				      &ptr_all_cpus) == 0)
			ctx->bound_cpu = -1;
	} else {
		cpu = sched_getcpu();
		if (cpu >= 0 && cpu != ctx->bound_cpu &&
		    CPU_ISSET(cpu, &ptr_all_cpus)) {
			cpu_set_t one;

			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			if (sched_setaffinity(ctx->pid, sizeof(one), &one) == 0)
				ctx->bound_cpu = cpu;
		}
	}
	ctx->bound_running = ctx->bound_cpu >= 0;
	ptr_bound_running += ctx->bound_running;
	ctx->resumed_ns = ptr_now_ns();
}

/* ptr_cpu_stopped - see ptrace.h. */
void ptr_cpu_stopped(struct platform_ctx *ctx)
{
	if (ptr_bind_state <= 0)
		return;
	ctx->run_long = ptr_now_ns() - ctx->resumed_ns >= PTR_BIND_LONG_RUN_NS;
	if (ctx->bound_running) {
		ctx->bound_running = false;
		ptr_bound_running--;
	}
}
