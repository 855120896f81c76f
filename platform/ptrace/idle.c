/* SPDX-License-Identifier: MIT */
/*
 * idle.c - the ptrace platform's idle loop: collect stub stops with
 * waitpid, wait for SIGCHLD / forwarded host signals with sigtimedwait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>

#include "platform/ptrace/ptrace.h"
#include "vmm/signals.h"

#define PTR_HASH_SIZE 256

/* Running contexts by pid. */
static struct platform_ctx *ptr_running[PTR_HASH_SIZE];
static unsigned int ptr_nrunning;
static volatile int ptr_kicked;
static unsigned int ptr_idle_count;
/*
 * No stop can be waiting unseen: the last reap collected everything, and
 * no SIGCHLD was taken since, so any later stop raises a SIGCHLD that is
 * still pending. Then the idle loop goes straight to sigtimedwait: one
 * waitpid per stop instead of three.
 */
static bool ptr_drained;

static struct platform_ctx **ptr_bucket(pid_t pid)
{
	return &ptr_running[(unsigned int)pid % PTR_HASH_SIZE];
}

/* ptr_running_add - see ptrace.h. */
void ptr_running_add(struct platform_ctx *ctx)
{
	struct platform_ctx **b = ptr_bucket(ctx->pid);

	ctx->hash_next = *b;
	*b = ctx;
	ptr_nrunning++;
}

/* ptr_running_del - see ptrace.h. */
void ptr_running_del(struct platform_ctx *ctx)
{
	struct platform_ctx **p;

	for (p = ptr_bucket(ctx->pid); *p; p = &(*p)->hash_next) {
		if (*p == ctx) {
			*p = ctx->hash_next;
			ctx->hash_next = NULL;
			ptr_nrunning--;
			return;
		}
	}
}

static struct platform_ctx *ptr_running_find(pid_t pid)
{
	struct platform_ctx *c;

	for (c = *ptr_bucket(pid); c; c = c->hash_next)
		if (c->pid == pid)
			return c;
	return NULL;
}

/* ptr_interrupt_all - see ptrace.h. */
void ptr_interrupt_all(void)
{
	struct platform_ctx *c;
	unsigned int i;

	for (i = 0; i < PTR_HASH_SIZE; i++)
		for (c = ptr_running[i]; c; c = c->hash_next)
			ptr_ctx_interrupt(c);
}

/*
 * ptr_reap - handle every stub stop that is ready; returns how many. Once
 * no context runs any more there is nothing left to wait for (exits of
 * stubs we do not run are collected by a later reap or by stub.c).
 */
static int ptr_reap(void)
{
	struct platform_ctx *ctx;
	int status, n = 0;
	pid_t pid;

	for (;;) {
		pid = waitpid(-1, &status, __WALL | WNOHANG);
		if (pid <= 0)
			break;
		ctx = ptr_running_find(pid);
		if (!ctx)
			continue;	/* a stub we are not running: exit seen */
		ptr_running_del(ctx);
		ptr_ctx_stopped(ctx, status);
		n++;
		ctx->stopped(ctx->cookie);
		if (!ptr_nrunning)
			break;
	}
	ptr_drained = true;
	return n;
}

/* A SIGCHLD was taken: stops may wait for a reap. */
static void ptr_sigchld_taken(int sig)
{
	if (sig == SIGCHLD)
		ptr_drained = false;
}

/* ptr_now_ns - see platform.h (now_ns). */
u64 ptr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/* ptr_realtime_ns - see platform.h (realtime_ns). */
u64 ptr_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/* ptr_take_signal - handle one signal from sigtimedwait; 1 if it matters. */
static int ptr_take_signal(int sig)
{
	if (sig <= 0 || sig == SIGCHLD)
		return 0;
	vmm_signals_record(sig);
	/* init may be spinning in user code: give the sentry a chance */
	ptr_interrupt_all();
	return 1;
}

/*
 * ptr_idle - see platform.h (idle). Returns after at least one stub stop
 * or host signal was handled, after a kick, or at @deadline_ns.
 */
void ptr_idle(u64 deadline_ns)
{
	static const struct timespec zero;
	struct timespec ts, *tsp;
	int events, sig;
	u64 now;

	events = ptr_drained ? 0 : ptr_reap();
	/* stops keep coming: still look at host signals now and then */
	if (events && (++ptr_idle_count & 63) == 0) {
		sig = sigtimedwait(vmm_signals_set(), NULL, &zero);
		ptr_sigchld_taken(sig);
		events += ptr_take_signal(sig);
	}
	while (!events && !ptr_kicked) {
		tsp = NULL;
		if (deadline_ns) {
			now = ptr_now_ns();
			if (now >= deadline_ns)
				break;
			ts.tv_sec = (deadline_ns - now) / 1000000000ULL;
			ts.tv_nsec = (deadline_ns - now) % 1000000000ULL;
			tsp = &ts;
		}
		sig = sigtimedwait(vmm_signals_set(), NULL, tsp);
		if (sig < 0) {
			if (errno == EAGAIN)
				break;
			continue;
		}
		ptr_sigchld_taken(sig);
		events += ptr_take_signal(sig);
		if (!ptr_drained)
			events += ptr_reap();
	}
	ptr_kicked = 0;
}

/* ptr_kick - see platform.h (kick). */
void ptr_kick(void)
{
	ptr_kicked = 1;
	kill(getpid(), SIGCHLD);
}

/* ptr_host_signal - see platform.h (host_signal). */
int ptr_host_signal(void)
{
	return vmm_signals_take();
}
