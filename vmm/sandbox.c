/* SPDX-License-Identifier: MIT */
/* sandbox.c - a sandbox's spec, memory and hostcall server (see sandbox.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec/spec.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"
#include "vmm/sandbox.h"
#include "vmm/security.h"

/* vmm_sandbox_memory - the memfd of @size bytes, mapped shared. */
static int vmm_sandbox_memory(struct vmm_sandbox *sb, uint64_t size,
			      struct vmm_error **err)
{
	void *p;

	sb->memfd = memfd_create("vmm-pmem", MFD_CLOEXEC);
	if (sb->memfd < 0)
		return vmm_error(err, errno, "create the sandbox memory");
	if (ftruncate(sb->memfd, (off_t)size) < 0)
		return vmm_error(err, errno, "size the sandbox memory to %llu bytes",
				 (unsigned long long)size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE,
		 sb->memfd, 0);
	if (p == MAP_FAILED)
		return vmm_error(err, errno, "map the sandbox memory");
	sb->pmem = p;
	sb->pmem_size = size;
	return 0;
}

/* vmm_sandbox_open - see sandbox.h. */
int vmm_sandbox_open(const char *bundle, int log_level,
		     struct vmm_sandbox **out, struct vmm_error **err)
{
	struct vmm_sandbox *sb;
	struct spec *spec;
	struct stat st = { 0 };
	uint64_t size = VMM_DEFAULT_MEM_SIZE;
	int r;

	sb = calloc(1, sizeof(*sb));
	if (!sb)
		return vmm_error(err, ENOMEM, "sandbox");
	sb->memfd = -1;
	sb->log_level = log_level;
	sb->security = VMM_SEC_NAMESPACES;
	sb->bundle = strdup(bundle);
	if (!sb->bundle) {
		r = vmm_error(err, ENOMEM, "sandbox");
		goto fail;
	}
	r = spec_load(bundle, &sb->spec, err);
	if (r < 0)
		goto fail;
	spec = sb->spec;
	if (stat(spec->root_path_abs, &st) < 0 || !S_ISDIR(st.st_mode)) {
		r = vmm_error(err, st.st_mode ? ENOTDIR : errno, "rootfs `%s`",
			      spec->root_path_abs);
		goto fail;
	}
	r = vmm_sandbox_find_exec(spec->root_path_abs, spec->process.cwd,
				  spec->process.args[0], spec->process.env, err);
	if (r < 0)
		goto fail;
	if (spec->has_memory_limit && spec->memory_limit > 0) {
		/* 2 MiB multiple: the KVM direct map uses 2 MiB pages */
		size = ((uint64_t)spec->memory_limit + (2ULL << 20) - 1) &
		       ~((2ULL << 20) - 1);
		if (size < (16ULL << 20)) {
			r = vmm_error(err, 0,
				      "linux.resources.memory.limit: %lld bytes is too small (at least 16 MiB)",
				      (long long)spec->memory_limit);
			goto fail;
		}
	}
	r = vmm_sandbox_memory(sb, size, err);
	if (r < 0)
		goto fail;
	r = vmm_hostcalls_create(sb->pmem, sb->pmem_size, &sb->hc, err);
	if (r < 0)
		goto fail;
	*out = sb;
	return 0;
fail:
	vmm_sandbox_free(sb);
	return r;
}

/* vmm_sandbox_free - see sandbox.h. */
void vmm_sandbox_free(struct vmm_sandbox *sb)
{
	if (!sb)
		return;
	if (sb->hc)
		vmm_hostcalls_destroy(sb->hc);
	if (sb->pmem)
		munmap(sb->pmem, sb->pmem_size);
	if (sb->memfd >= 0)
		close(sb->memfd);
	spec_free(sb->spec);
	free(sb->bundle);
	free(sb);
}
