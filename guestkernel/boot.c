/* SPDX-License-Identifier: MIT */
/*
 * sentry_main: the sentry's start on either platform. Parse the boot info,
 * set up memory, the VFS and init, then become the idle thread.
 */
#include <linux/errno.h>
#include <linux/resource.h>

#include "boot.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/uts.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "syscalls/strace.h"

const struct platform_ops *platform;

#define HEAP_MIN (16ULL << 20)
#define HEAP_MAX (256ULL << 20)

static struct bootinfo bootinfo;

/* Linux's defaults for a fresh init, overridden by the spec's rlimits. */
static void default_rlimits(struct process *p, const struct bootinfo *bi)
{
	for (int i = 0; i < RLIM_NLIMITS_MAX; i++) {
		p->rlim[i].cur = RLIM_INFINITY;
		p->rlim[i].max = RLIM_INFINITY;
	}
	p->rlim[RLIMIT_STACK].cur = 8ULL << 20;
	p->rlim[RLIMIT_CORE].cur = 0;
	p->rlim[RLIMIT_NOFILE].cur = 1024;
	p->rlim[RLIMIT_NOFILE].max = 1048576;
	p->rlim[RLIMIT_NPROC].cur = p->rlim[RLIMIT_NPROC].max = 63429;
	p->rlim[RLIMIT_SIGPENDING].cur = p->rlim[RLIMIT_SIGPENDING].max = 63429;
	p->rlim[RLIMIT_MEMLOCK].cur = p->rlim[RLIMIT_MEMLOCK].max = 8ULL << 20;
	p->rlim[RLIMIT_MSGQUEUE].cur = p->rlim[RLIMIT_MSGQUEUE].max = 819200;
	for (u32 i = 0; i < bi->nrlimits; i++) {
		u32 r = bi->rlimits[i].resource;

		if (r < RLIM_NLIMITS_MAX) {
			p->rlim[r].cur = bi->rlimits[i].cur;
			p->rlim[r].max = bi->rlimits[i].max;
		}
	}
}

static void init_creds(struct process *p, const struct bootinfo *bi)
{
	struct cred *c = &p->cred;

	c->uid = c->euid = c->suid = c->fsuid = bi->uid;
	c->gid = c->egid = c->sgid = c->fsgid = bi->gid;
	c->ngroups = min(bi->ngroups, (u32)CRED_NGROUPS_MAX);
	memcpy(c->groups, bi->groups, c->ngroups * sizeof(u32));
	c->cap_effective = bi->cap_effective;
	c->cap_permitted = bi->cap_permitted;
	c->cap_inheritable = bi->cap_inheritable;
	c->cap_bounding = bi->cap_bounding;
	c->cap_ambient = bi->cap_ambient;
	c->no_new_privs = bi->no_new_privs;
	p->dumpable = 1;
}

static int boot_init_process(const struct bootinfo *bi)
{
	struct task *t;
	int r;

	if (!bi->argc || !bi->argv[0])
		return -EINVAL;
	r = task_spawn_init(bi->argv[0], (char *const *)bi->argv,
			    (char *const *)bi->envp);
	if (r < 0)
		return r;
	t = init_task();
	init_creds(t->proc, bi);
	default_rlimits(t->proc, bi);
	t->fs = fs_context_create_root();
	t->files = fdtable_create();
	if (!t->fs || !t->files)
		return -ENOMEM;
	fs_context_set_umask(t->fs, bi->umask);
	r = fdtable_setup_stdio(t->files, bi);
	if (r < 0)
		return r;
	if (bi->cwd && bi->cwd[0]) {
		r = fs_context_chdir(t, bi->cwd);
		if (r < 0) {
			pr_err("cannot change to the working directory %s: error %d",
			       bi->cwd, -r);
			return r;
		}
	}
	return 0;
}

/* sentry_main - see platform/platform.h. */
void sentry_main(const void *fdt, const struct platform_ops *ops)
{
	struct bootinfo *bi = &bootinfo;
	u64 heap_start, heap_size;
	int r;

	platform = ops;
	heap_start = ALIGN_UP(platform->pmem_free_start, PAGE_SIZE);
	heap_size = min(max(platform->pmem_size / 8, HEAP_MIN), HEAP_MAX);
	if (heap_start + heap_size + (16ULL << 20) > platform->pmem_size) {
		klog(KLOG_ERR, "sandbox memory too small: %llu bytes",
		     (unsigned long long)platform->pmem_size);
		platform->shutdown(125 << 8);
	}
	kmalloc_init(heap_start, heap_size);
	page_alloc_init(heap_start + heap_size, platform->pmem_size);

	r = bootinfo_parse(fdt, bi);
	if (r < 0) {
		pr_err("bad boot info: error %d", -r);
		platform->shutdown(125 << 8);
	}
	syscall_strace = bi->strace;
	sched_nr_cpus = min(bi->ncpus, (u32)SCHED_MAX_CPUS);
	uts_init(bi->hostname);

	r = vfs_init(bi);
	if (r < 0) {
		pr_err("cannot set up the file system: error %d", -r);
		platform->shutdown(125 << 8);
	}
	r = boot_init_process(bi);
	if (r < 0) {
		pr_err("cannot create init: error %d", -r);
		platform->shutdown((r == -ENOENT ? 127 : 125) << 8);
	}
	sched_idle_loop();
}
