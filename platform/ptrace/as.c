/* SPDX-License-Identifier: MIT */
/*
 * as.c - address spaces of the ptrace platform: one stub process each,
 * whose mappings of the sandbox memory file are made by injected
 * mmap/munmap/mprotect system calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "platform/ptrace/ptrace.h"

static struct platform_as *ptr_as_list;
/* ptr_fini runs: stubs are reaped as they are killed. */
static bool ptr_shutting_down;

/* ptr_as_check - is [va, va+len) a page-aligned range of user addresses? */
static bool ptr_as_check(uaddr_t va, u64 len)
{
	if ((va | len) & (PAGE_SIZE - 1) || len == 0)
		return false;
	return va < PTR_STUB_ADDR && len <= PTR_STUB_ADDR - va;
}

/* ptr_prot - PROT_* bits the stub may use. */
static long ptr_prot(int prot)
{
	return prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
}

/* ptr_as_mark_dead - the stub is gone: so is every thread of it. */
static void ptr_as_mark_dead(struct platform_as *as)
{
	struct platform_ctx *c;

	as->dead = true;
	for (c = as->threads; c; c = c->as_next)
		c->dead = true;
}

/*
 * ptr_as_inject - injected syscall in @as's stub, through its service
 * thread (always stopped: the application threads may all be running,
 * they share the mm). Marks the stub dead on -ESRCH.
 */
static long ptr_as_inject(struct platform_as *as, long nr, const long args[6])
{
	long r;

	if (as->dead)
		return -ESRCH;
	r = ptr_stub_syscall_inject(as->pid, nr, args, NULL);
	if (r == -ESRCH)
		ptr_as_mark_dead(as);
	return r;
}

/* ptr_as_create - see platform.h (as_create). */
int ptr_as_create(paddr_t pgd, struct platform_as **out)
{
	struct platform_as *as;
	pid_t pid;

	as = calloc(1, sizeof(*as));
	if (!as)
		return -ENOMEM;
	pid = ptr_stub_fork();
	if (pid < 0) {
		free(as);
		return pid == -ESRCH ? -EAGAIN : pid;
	}
	as->pid = pid;
	as->next = ptr_as_list;
	if (ptr_as_list)
		ptr_as_list->prev = as;
	ptr_as_list = as;
	*out = as;
	return 0;
}

/*
 * ptr_as_destroy - see platform.h (as_destroy). Contexts the sentry still
 * holds become dead (ctx_destroy frees them); parked ones are freed here.
 */
void ptr_as_destroy(struct platform_as *as)
{
	struct platform_ctx *c, *next;
	unsigned int n = 0, max = 0;
	pid_t *tids;

	if (!as)
		return;
	for (c = as->threads; c; c = c->as_next)
		max++;
	tids = calloc(max ? max : 1, sizeof(*tids));
	for (c = as->threads; c; c = next) {
		next = c->as_next;
		ptr_running_del(c);
		if (tids)
			tids[n++] = c->pid;
		c->as = NULL;
		c->as_next = NULL;
		c->dead = true;
		c->running = false;
		if (c->parked)
			free(c);
	}
	as->threads = NULL;
	/*
	 * While the sandbox runs, a dead address space's stub is only killed:
	 * its threads and leader become zombies that the idle loop's
	 * waitpid(-1) collects, so a process exit never waits for the host
	 * to schedule the dying stub. At shutdown, kill and reap here.
	 */
	if (ptr_shutting_down)
		ptr_stub_kill_threads(as->pid, tids, n);
	else
		kill(as->pid, SIGKILL);
	free(tids);
	if (as->prev)
		as->prev->next = as->next;
	else
		ptr_as_list = as->next;
	if (as->next)
		as->next->prev = as->prev;
	free(as);
}

/* ptr_as_destroy_all - kill every stub (shutdown). */
void ptr_as_destroy_all(void)
{
	while (ptr_as_list)
		ptr_as_destroy(ptr_as_list);
}

/* ptr_fini - see ptrace.h. */
void ptr_fini(void)
{
	ptr_shutting_down = true;
	ptr_as_destroy_all();
	ptr_stub_template_kill();
	/* stubs killed earlier and not collected yet */
	ptr_reap_killed();
	ptr_shutting_down = false;
}

/* ptr_as_map - see platform.h (as_map): one mmap of the memory file. */
int ptr_as_map(struct platform_as *as, uaddr_t va, paddr_t pa, u64 len,
	       int prot)
{
	long args[6] = { (long)va, (long)len, ptr_prot(prot),
			 MAP_SHARED | MAP_FIXED, PTR_STUB_MEMFD, (long)pa };
	long r;

	if (!ptr_as_check(va, len) || pa & (PAGE_SIZE - 1))
		return -EINVAL;
	r = ptr_as_inject(as, SYS_mmap, args);
	if (r < 0)
		return (int)r;
	return r == (long)va ? 0 : -EFAULT;
}

/* ptr_as_unmap - see platform.h (as_unmap). */
int ptr_as_unmap(struct platform_as *as, uaddr_t va, u64 len)
{
	long args[6] = { (long)va, (long)len, 0, 0, 0, 0 };
	long r;

	if (!ptr_as_check(va, len))
		return -EINVAL;
	r = ptr_as_inject(as, SYS_munmap, args);
	return r < 0 ? (int)r : 0;
}

/*
 * ptr_as_protect_range - mprotect that skips holes: mprotect stops at the
 * first unmapped page with -ENOMEM, so split the range and retry halves.
 */
static int ptr_as_protect_range(struct platform_as *as, uaddr_t va, u64 len,
				long prot)
{
	long args[6] = { (long)va, (long)len, prot, 0, 0, 0 };
	u64 half;
	long r;
	int e;

	r = ptr_as_inject(as, SYS_mprotect, args);
	if (r != -ENOMEM)
		return r < 0 ? (int)r : 0;
	if (len <= PAGE_SIZE)
		return 0;
	half = (len / 2) & ~(u64)(PAGE_SIZE - 1);
	e = ptr_as_protect_range(as, va, half, prot);
	if (e < 0)
		return e;
	return ptr_as_protect_range(as, va + half, len - half, prot);
}

/* ptr_as_protect - see platform.h (as_protect). */
int ptr_as_protect(struct platform_as *as, uaddr_t va, u64 len, int prot)
{
	if (!ptr_as_check(va, len))
		return -EINVAL;
	return ptr_as_protect_range(as, va, len, ptr_prot(prot));
}
