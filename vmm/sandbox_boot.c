/* SPDX-License-Identifier: MIT */
/*
 * sandbox_boot.c - turn the spec into the sentry's boot parameters: the
 * process, credentials, limits, and the host handles (root directory,
 * bind mount sources, stdio) given to the hostcall server.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "spec/spec.h"
#include "vmm/bootinfo.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"
#include "vmm/sandbox.h"

struct vmm_mount_opt {
	const char *name;
	uint64_t set, clear;
};

static const struct vmm_mount_opt vmm_mount_opts[] = {
	{ "ro", MS_RDONLY, 0 },		{ "rw", 0, MS_RDONLY },
	{ "nosuid", MS_NOSUID, 0 },	{ "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },	{ "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },	{ "exec", 0, MS_NOEXEC },
	{ "bind", MS_BIND, 0 },		{ "rbind", MS_BIND | MS_REC, 0 },
	{ "noatime", MS_NOATIME, 0 },	{ "nodiratime", MS_NODIRATIME, 0 },
	{ "relatime", MS_RELATIME, 0 },	{ "strictatime", MS_STRICTATIME, 0 },
	{ "sync", MS_SYNCHRONOUS, 0 },	{ "async", 0, MS_SYNCHRONOUS },
	{ "defaults", 0, 0 },
	/* propagation: meaningless inside the sandbox */
	{ "private", 0, 0 },	{ "rprivate", 0, 0 },	{ "shared", 0, 0 },
	{ "rshared", 0, 0 },	{ "slave", 0, 0 },	{ "rslave", 0, 0 },
	{ "unbindable", 0, 0 },	{ "runbindable", 0, 0 },
};

/* vmm_mount_flags - MS_* flags of @opts; the rest joined into *@data. */
static int vmm_mount_flags(char *const *opts, uint64_t *flags, char **data)
{
	size_t i, len = 0, n;
	char *d;

	*flags = 0;
	*data = NULL;
	for (n = 0; opts && opts[n]; n++)
		len += strlen(opts[n]) + 1;
	d = calloc(1, len + 1);
	if (!d)
		return -ENOMEM;
	for (n = 0; opts && opts[n]; n++) {
		for (i = 0; i < sizeof(vmm_mount_opts) / sizeof(vmm_mount_opts[0]); i++)
			if (strcmp(opts[n], vmm_mount_opts[i].name) == 0)
				break;
		if (i < sizeof(vmm_mount_opts) / sizeof(vmm_mount_opts[0])) {
			*flags |= vmm_mount_opts[i].set;
			*flags &= ~vmm_mount_opts[i].clear;
			continue;
		}
		if (d[0])
			strcat(d, ",");
		strcat(d, opts[n]);
	}
	*data = d;
	return 0;
}

/* vmm_add_handle - give @fd to the server; returns the handle or < 0 with @err. */
static int64_t vmm_add_handle(struct vmm_sandbox *sb, int fd, unsigned int flags,
			      const char *what, struct vmm_error **err)
{
	long h = vmm_hostcalls_add_handle(sb->hc, fd, flags);

	if (h < 0)
		return vmm_error(err, (int)-h, "hand %s to the sandbox", what);
	return h;
}

/* vmm_boot_mounts - fill @bm from the spec's mounts (bind sources become handles). */
static int vmm_boot_mounts(struct vmm_sandbox *sb, struct vmm_boot_mount *bm,
			   char **datas, struct vmm_error **err)
{
	const struct spec *spec = sb->spec;
	char path[4096];
	struct stat st;
	size_t i;
	int fd;

	for (i = 0; i < spec->n_mounts; i++) {
		const struct spec_mount *m = &spec->mounts[i];

		if (vmm_mount_flags(m->options, &bm[i].flags, &datas[i]) < 0)
			return vmm_error(err, ENOMEM, "mounts[%zu]", i);
		bm[i].destination = m->destination;
		bm[i].type = m->type ? m->type : "bind";
		bm[i].source = m->source ? m->source : "";
		bm[i].data = datas[i];
		bm[i].host_handle = -1;
		if (strcmp(bm[i].type, "bind") == 0)
			bm[i].flags |= MS_BIND;
		if (!(bm[i].flags & MS_BIND))
			continue;
		bm[i].type = "bind";
		if (!m->source)
			return vmm_error(err, 0, "mounts[%zu] (%s): a bind mount needs a source",
					 i, m->destination);
		if (m->source[0] == '/')
			snprintf(path, sizeof(path), "%s", m->source);
		else
			snprintf(path, sizeof(path), "%s/%s", sb->bundle, m->source);
		fd = open(path, O_PATH | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			int e = errno;

			if (fd >= 0)
				close(fd);
			return vmm_error(err, e, "mounts[%zu] (%s): source `%s`", i,
					 m->destination, path);
		}
		bm[i].host_handle = vmm_add_handle(sb, fd,
				(S_ISDIR(st.st_mode) ? VMM_HANDLE_DIR : 0) |
				(bm[i].flags & MS_RDONLY ? VMM_HANDLE_READONLY : 0),
				"a bind mount source", err);
		if (bm[i].host_handle < 0)
			return -1;
	}
	return 0;
}

/* vmm_boot_stdio - dup fds 0-2 as stdio handles (-1 for a closed one). */
static int vmm_boot_stdio(struct vmm_sandbox *sb, int64_t handles[3],
			  struct vmm_error **err)
{
	int i, fd;

	for (i = 0; i < 3; i++) {
		handles[i] = -1;
		fd = fcntl(i, F_DUPFD_CLOEXEC, 3);
		if (fd < 0) {
			if (errno == EBADF)
				continue;
			return vmm_error(err, errno, "duplicate fd %d", i);
		}
		handles[i] = vmm_add_handle(sb, fd, VMM_HANDLE_STDIO, "stdio", err);
		if (handles[i] < 0)
			return -1;
	}
	return 0;
}

/* vmm_sandbox_set_cpus - see sandbox.h. */
void vmm_sandbox_set_cpus(struct vmm_sandbox *sb, unsigned int requested)
{
	const struct spec *spec = sb->spec;
	unsigned int n = requested;
	cpu_set_t set;

	/* default: the host CPUs vmm may run on */
	if (!n)
		n = sched_getaffinity(0, sizeof(set), &set) == 0 ?
			(unsigned int)CPU_COUNT(&set) : 1;
	if (!n)
		n = 1;

	if (spec->has_cpu_quota && spec->cpu_quota > 0 &&
	    spec->cpu_period > 0) {
		uint64_t q = ((uint64_t)spec->cpu_quota +
			      spec->cpu_period - 1) /
			     spec->cpu_period;

		if (q < n)
			n = (unsigned int)q;
	}
	if (n > VMM_MAX_CPUS)
		n = VMM_MAX_CPUS;
	sb->ncpus = n;
}

/* vmm_sandbox_bootinfo - see sandbox.h. */
int vmm_sandbox_bootinfo(struct vmm_sandbox *sb, void **fdt, size_t *size,
			 struct vmm_error **err)
{
	const struct spec *spec = sb->spec;
	const struct spec_process *proc = &spec->process;
	struct vmm_boot_params p;
	struct vmm_boot_mount *mounts = NULL;
	struct vmm_boot_rlimit *rl = NULL;
	char **datas = NULL;
	struct timespec ts;
	size_t i;
	int r = -1, fd;

	memset(&p, 0, sizeof(p));
	mounts = calloc(spec->n_mounts + 1, sizeof(*mounts));
	datas = calloc(spec->n_mounts + 1, sizeof(*datas));
	rl = calloc(proc->n_rlimits + 1, sizeof(*rl));
	if (!mounts || !datas || !rl) {
		vmm_error(err, ENOMEM, "boot info");
		goto out;
	}
	p.mem_size = sb->pmem_size;
	p.ncpus = sb->ncpus ? sb->ncpus : 1;
	p.argv = (const char *const *)proc->args;
	p.envp = (const char *const *)proc->env;
	p.cwd = proc->cwd ? proc->cwd : "/";
	p.uid = proc->uid;
	p.gid = proc->gid;
	p.groups = proc->additional_gids;
	p.ngroups = proc->n_additional_gids;
	p.umask = proc->has_umask ? proc->umask : 022;
	if (proc->has_caps) {
		p.cap_effective = proc->caps.effective_mask;
		p.cap_permitted = proc->caps.permitted_mask;
		p.cap_inheritable = proc->caps.inheritable_mask;
		p.cap_bounding = proc->caps.bounding_mask;
		p.cap_ambient = proc->caps.ambient_mask;
	}
	p.no_new_privs = proc->no_new_privileges;
	p.terminal = proc->terminal;
	for (i = 0; i < proc->n_rlimits; i++) {
		rl[i].resource = (uint32_t)proc->rlimits[i].resource;
		rl[i].cur = proc->rlimits[i].soft;
		rl[i].max = proc->rlimits[i].hard;
	}
	p.rlimits = rl;
	p.nrlimits = proc->n_rlimits;
	p.hostname = spec->hostname ? spec->hostname : "vmm";

	fd = open(spec->root_path_abs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		vmm_error(err, errno, "rootfs `%s`", spec->root_path_abs);
		goto out;
	}
	p.root_handle = vmm_add_handle(sb, fd, VMM_HANDLE_DIR |
				       (spec->root_readonly ? VMM_HANDLE_READONLY : 0),
				       "the rootfs", err);
	if (p.root_handle < 0)
		goto out;
	p.root_readonly = spec->root_readonly;
	if (vmm_boot_mounts(sb, mounts, datas, err) < 0)
		goto out;
	p.mounts = mounts;
	p.nmounts = spec->n_mounts;
	if (vmm_boot_stdio(sb, p.stdio_handles, err) < 0)
		goto out;
	clock_gettime(CLOCK_REALTIME, &ts);
	p.boot_realtime_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	if (getrandom(p.random_seed, sizeof(p.random_seed), 0) !=
	    (ssize_t)sizeof(p.random_seed)) {
		vmm_error(err, errno, "getrandom");
		goto out;
	}
	p.log_level = sb->log_level;
	p.strace = sb->strace;
	r = vmm_bootinfo_build(&p, fdt, size, err);
out:
	for (i = 0; datas && i < spec->n_mounts; i++)
		free(datas[i]);
	free(datas);
	free(mounts);
	free(rl);
	return r;
}
