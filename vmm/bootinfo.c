/* SPDX-License-Identifier: MIT */
/* vmm/bootinfo.c - build the boot-info FDT (include/abi/bootinfo.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "abi/bootinfo.h"
#include "vmm/bootinfo.h"
#include "vmm/error.h"

#define BI_INITIAL_SIZE 4096
#define BI_MAX_SIZE (64u << 20)

/* Return from the enclosing builder when a libfdt call fails. */
#define TRY(call) do { int __r = (call); if (__r < 0) return __r; } while (0)

static int prop_bool(void *fdt, const char *name, bool v)
{
	return fdt_property_u32(fdt, name, v ? 1 : 0);
}

/* A stringlist property from a NULL-terminated array (NULL: empty list). */
static int prop_strlist(void *fdt, const char *name, const char *const *list)
{
	size_t len = 0, i;
	char *p;
	void *val;

	for (i = 0; list && list[i]; i++) {
		len += strlen(list[i]) + 1;
		if (len > BI_MAX_SIZE)
			return -FDT_ERR_BADVALUE;
	}
	TRY(fdt_property_placeholder(fdt, name, (int)len, &val));
	p = val;
	for (i = 0; list && list[i]; i++) {
		size_t n = strlen(list[i]) + 1;

		memcpy(p, list[i], n);
		p += n;
	}
	return 0;
}

/* An array property of @n big-endian u64 cells. */
static int prop_u64_array(void *fdt, const char *name, const uint64_t *v,
			  size_t n)
{
	fdt64_t *cells;
	void *val;
	size_t i;

	TRY(fdt_property_placeholder(fdt, name, (int)(n * sizeof(fdt64_t)), &val));
	cells = val;
	for (i = 0; i < n; i++) {
		fdt64_t c = cpu_to_fdt64(v[i]);

		memcpy(&cells[i], &c, sizeof(c));
	}
	return 0;
}

static int build_process(void *fdt, const struct vmm_boot_params *p)
{
	void *val;
	size_t i;

	TRY(fdt_begin_node(fdt, BI_PROCESS_NODE));
	TRY(prop_strlist(fdt, BI_ARGV, p->argv));
	TRY(prop_strlist(fdt, BI_ENVP, p->envp));
	TRY(fdt_property_string(fdt, BI_CWD, p->cwd));
	TRY(fdt_property_u32(fdt, BI_UID, p->uid));
	TRY(fdt_property_u32(fdt, BI_GID, p->gid));
	TRY(fdt_property_placeholder(fdt, BI_GROUPS,
				     (int)(p->ngroups * sizeof(fdt32_t)), &val));
	for (i = 0; i < p->ngroups; i++) {
		fdt32_t c = cpu_to_fdt32(p->groups[i]);

		memcpy((char *)val + i * sizeof(c), &c, sizeof(c));
	}
	TRY(fdt_property_u32(fdt, BI_UMASK, p->umask));
	TRY(fdt_property_u64(fdt, BI_CAP_EFFECTIVE, p->cap_effective));
	TRY(fdt_property_u64(fdt, BI_CAP_PERMITTED, p->cap_permitted));
	TRY(fdt_property_u64(fdt, BI_CAP_INHERITABLE, p->cap_inheritable));
	TRY(fdt_property_u64(fdt, BI_CAP_BOUNDING, p->cap_bounding));
	TRY(fdt_property_u64(fdt, BI_CAP_AMBIENT, p->cap_ambient));
	TRY(prop_bool(fdt, BI_NO_NEW_PRIVS, p->no_new_privs));
	TRY(prop_bool(fdt, BI_TERMINAL, p->terminal));
	{
		uint64_t cells[BI_MAX_RLIMITS * BI_RLIMIT_CELLS];

		for (i = 0; i < p->nrlimits; i++) {
			cells[3 * i] = p->rlimits[i].resource;
			cells[3 * i + 1] = p->rlimits[i].cur;
			cells[3 * i + 2] = p->rlimits[i].max;
		}
		TRY(prop_u64_array(fdt, BI_RLIMITS, cells,
				   p->nrlimits * BI_RLIMIT_CELLS));
	}
	return fdt_end_node(fdt);
}

static int build_mounts(void *fdt, const struct vmm_boot_params *p)
{
	char name[32];
	size_t i;

	TRY(fdt_begin_node(fdt, BI_MOUNTS_NODE));
	for (i = 0; i < p->nmounts; i++) {
		const struct vmm_boot_mount *m = &p->mounts[i];

		snprintf(name, sizeof(name), BI_MOUNT_NODE_PREFIX "%zu", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, BI_MOUNT_DESTINATION, m->destination));
		TRY(fdt_property_string(fdt, BI_MOUNT_TYPE, m->type));
		if (m->source)
			TRY(fdt_property_string(fdt, BI_MOUNT_SOURCE, m->source));
		if (m->data)
			TRY(fdt_property_string(fdt, BI_MOUNT_DATA, m->data));
		TRY(fdt_property_u64(fdt, BI_MOUNT_FLAGS, m->flags));
		TRY(fdt_property_u64(fdt, BI_MOUNT_HANDLE, (uint64_t)m->host_handle));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

/* Write the whole tree into @buf of @size bytes; a libfdt error on failure. */
static int build(void *buf, int size, const struct vmm_boot_params *p)
{
	uint64_t stdio[3];
	int i;

	TRY(fdt_create(buf, size));
	TRY(fdt_finish_reservemap(buf));
	TRY(fdt_begin_node(buf, ""));
	TRY(fdt_property_string(buf, BI_COMPATIBLE, BI_COMPATIBLE_VALUE));
	TRY(fdt_property_u32(buf, BI_ABI_VERSION, BOOTINFO_ABI_VERSION));
	TRY(fdt_property_u64(buf, BI_MEM_SIZE, p->mem_size));
	TRY(fdt_property_u32(buf, BI_NCPUS, p->ncpus));
	TRY(fdt_property_string(buf, BI_HOSTNAME, p->hostname ? p->hostname : ""));
	TRY(fdt_property_u64(buf, BI_TSC_HZ, p->tsc_hz));
	TRY(fdt_property_u64(buf, BI_BOOT_REALTIME_NS, p->boot_realtime_ns));
	TRY(fdt_property(buf, BI_RANDOM_SEED, p->random_seed,
			 BI_RANDOM_SEED_SIZE));
	TRY(fdt_property_u32(buf, BI_LOG_LEVEL, (uint32_t)p->log_level));
	TRY(prop_bool(buf, BI_STRACE, p->strace));
	for (i = 0; i < 3; i++)
		stdio[i] = (uint64_t)p->stdio_handles[i];
	TRY(prop_u64_array(buf, BI_STDIO_HANDLES, stdio, 3));

	TRY(build_process(buf, p));

	TRY(fdt_begin_node(buf, BI_ROOT_NODE));
	TRY(fdt_property_u64(buf, BI_ROOT_HANDLE, (uint64_t)p->root_handle));
	TRY(prop_bool(buf, BI_ROOT_READONLY, p->root_readonly));
	TRY(fdt_end_node(buf));

	TRY(build_mounts(buf, p));

	TRY(fdt_end_node(buf));
	return fdt_finish(buf);
}

/* Refuse what the sentry's parser would refuse, with a message naming it. */
static int check_params(const struct vmm_boot_params *p, struct vmm_error **err)
{
	size_t i;

	if (!p->argv || !p->argv[0])
		return vmm_error(err, EINVAL, "boot info: empty argv");
	if (!p->cwd || p->cwd[0] != '/')
		return vmm_error(err, EINVAL, "boot info: cwd must be an absolute path");
	if (p->ncpus == 0)
		return vmm_error(err, EINVAL, "boot info: no CPUs");
	if (p->ngroups > BI_MAX_GROUPS || (p->ngroups && !p->groups))
		return vmm_error(err, EINVAL,
				 "boot info: %zu supplementary groups (at most %d)",
				 p->ngroups, BI_MAX_GROUPS);
	if (p->nrlimits > BI_MAX_RLIMITS || (p->nrlimits && !p->rlimits))
		return vmm_error(err, EINVAL, "boot info: %zu rlimits (at most %d)",
				 p->nrlimits, BI_MAX_RLIMITS);
	if (p->nmounts > BI_MAX_MOUNTS || (p->nmounts && !p->mounts))
		return vmm_error(err, EINVAL, "boot info: %zu mounts (at most %d)",
				 p->nmounts, BI_MAX_MOUNTS);
	if (p->umask > 0777)
		return vmm_error(err, EINVAL, "boot info: umask %#o", p->umask);
	if (p->log_level < 0 || p->log_level > 3)
		return vmm_error(err, EINVAL, "boot info: log level %d", p->log_level);
	for (i = 0; i < p->nrlimits; i++)
		if (p->rlimits[i].resource >= BI_MAX_RLIMITS)
			return vmm_error(err, EINVAL, "boot info: rlimit resource %u",
					 p->rlimits[i].resource);
	for (i = 0; i < p->nmounts; i++)
		if (!p->mounts[i].destination || p->mounts[i].destination[0] != '/' ||
		    !p->mounts[i].type || !p->mounts[i].type[0])
			return vmm_error(err, EINVAL,
					 "boot info: mount %zu needs an absolute destination and a type",
					 i);
	return 0;
}

int vmm_bootinfo_build(const struct vmm_boot_params *p, void **fdt,
		       size_t *size, struct vmm_error **err)
{
	size_t bufsize = BI_INITIAL_SIZE;
	void *buf = NULL, *nbuf;
	int r;

	r = check_params(p, err);
	if (r < 0)
		return r;
	for (;;) {
		nbuf = realloc(buf, bufsize);
		if (!nbuf) {
			free(buf);
			return vmm_error(err, ENOMEM, "boot info: %zu bytes", bufsize);
		}
		buf = nbuf;
		r = build(buf, (int)bufsize, p);
		if (r != -FDT_ERR_NOSPACE)
			break;
		if (bufsize >= BI_MAX_SIZE) {
			free(buf);
			return vmm_error(err, E2BIG,
					 "boot info: larger than %u bytes (argv/env too big?)",
					 BI_MAX_SIZE);
		}
		bufsize *= 2;
	}
	if (r < 0) {
		free(buf);
		return vmm_error(err, EINVAL, "boot info: building the FDT: %s",
				 fdt_strerror(r));
	}
	*size = fdt_totalsize(buf);
	*fdt = buf;
	return 0;
}
