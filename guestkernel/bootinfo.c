/* SPDX-License-Identifier: MIT */
/*
 * bootinfo.c - parse the boot-info FDT vmm built (include/abi/bootinfo.h)
 * into struct bootinfo. The blob is untrusted input as far as this code
 * is concerned: every property's length and content is checked, and a bad
 * blob gives -EINVAL with a log line naming the property.
 */
#include <libfdt.h>		/* before klib.h: host builds get libc's libfdt_env.h */
#include <linux/errno.h>

#include "boot.h"
#include "abi/bootinfo.h"

/* A node being read, with its path for messages. */
struct bi_node {
	const void *fdt;
	int off;
	const char *path;
};

static int bi_bad(const struct bi_node *n, const char *prop, const char *why)
{
	pr_err("boot info: %s/%s: %s", n->path, prop, why);
	return -EINVAL;
}

/*
 * Fetch property @prop of @n: *@len gets its length (or the libfdt error).
 * Returns NULL, after logging, when it is missing and @required or cannot
 * be read; silently when an optional property is absent.
 */
static const void *bi_get(const struct bi_node *n, const char *prop, int *len,
			  bool required)
{
	const void *v = fdt_getprop(n->fdt, n->off, prop, len);

	if (!v) {
		if (*len != -FDT_ERR_NOTFOUND)
			bi_bad(n, prop, fdt_strerror(*len));
		else if (required)
			bi_bad(n, prop, "missing");
		return NULL;
	}
	if (*len < 0) {
		bi_bad(n, prop, "bad length");
		return NULL;
	}
	return v;
}

static int bi_u32(const struct bi_node *n, const char *prop, u32 *out)
{
	const void *v;
	int len;

	v = bi_get(n, prop, &len, true);
	if (!v)
		return -EINVAL;
	if (len != 4)
		return bi_bad(n, prop, "not a 32-bit cell");
	*out = fdt32_ld(v);
	return 0;
}

static int bi_u64(const struct bi_node *n, const char *prop, u64 *out)
{
	const void *v;
	int len;

	v = bi_get(n, prop, &len, true);
	if (!v)
		return -EINVAL;
	if (len != 8)
		return bi_bad(n, prop, "not a 64-bit cell");
	*out = fdt64_ld(v);
	return 0;
}

static int bi_s64(const struct bi_node *n, const char *prop, s64 *out)
{
	u64 v;
	int r = bi_u64(n, prop, &v);

	if (!r)
		*out = (s64)v;
	return r;
}

static int bi_bool(const struct bi_node *n, const char *prop, bool *out)
{
	u32 v;
	int r = bi_u32(n, prop, &v);

	if (r)
		return r;
	if (v > 1)
		return bi_bad(n, prop, "boolean is not 0 or 1");
	*out = v;
	return 0;
}

/*
 * A string property: NUL-terminated, no embedded NUL. Optional strings that
 * are absent read as "".
 */
static int bi_string(const struct bi_node *n, const char *prop,
		     const char **out, bool required)
{
	const char *v;
	int len;

	v = bi_get(n, prop, &len, required);
	if (!v) {
		if (required || len != -FDT_ERR_NOTFOUND)
			return -EINVAL;
		*out = "";
		return 0;
	}
	if (len < 1 || v[len - 1] != '\0' || kstrnlen(v, (size_t)len) != (size_t)len - 1)
		return bi_bad(n, prop, "not a NUL-terminated string");
	*out = v;
	return 0;
}

/*
 * A stringlist property into a kmalloc'ed, NULL-terminated array
 * (*@outv) of *@outc pointers into the blob.
 */
static int bi_strlist(const struct bi_node *n, const char *prop,
		      const char ***outv, u32 *outc)
{
	const char *v, *p;
	const char **arr;
	u32 count = 0, i;
	int len, k;

	v = bi_get(n, prop, &len, true);
	if (!v)
		return -EINVAL;
	if (len > 0 && v[len - 1] != '\0')
		return bi_bad(n, prop, "string list not NUL-terminated");
	for (k = 0; k < len; k++)
		count += v[k] == '\0';
	arr = kmalloc(((size_t)count + 1) * sizeof(*arr));
	if (!arr) {
		pr_err("boot info: %s/%s: out of memory for %u strings",
		       n->path, prop, count);
		return -ENOMEM;
	}
	for (i = 0, p = v; i < count; i++) {
		arr[i] = p;
		p += kstrlen(p) + 1;
	}
	arr[count] = NULL;
	*outv = arr;
	*outc = count;
	return 0;
}

/* Find subnode @name of @parent, logging when it is missing. */
static int bi_subnode(const struct bi_node *parent, const char *name,
		      const char *path, struct bi_node *out)
{
	int off = fdt_subnode_offset(parent->fdt, parent->off, name);

	if (off < 0) {
		pr_err("boot info: node %s missing", path);
		return -EINVAL;
	}
	out->fdt = parent->fdt;
	out->off = off;
	out->path = path;
	return 0;
}

static int bi_parse_root(const struct bi_node *n, struct bootinfo *bi)
{
	const char *compat;
	const void *v;
	int len, r, i;
	u32 lvl;

	r = bi_u32(n, BI_ABI_VERSION, &bi->abi_version);
	if (r)
		return r;
	if (bi->abi_version != BOOTINFO_ABI_VERSION) {
		pr_err("boot info: /%s: version %u, this sentry reads %u",
		       BI_ABI_VERSION, bi->abi_version, BOOTINFO_ABI_VERSION);
		return -EINVAL;
	}
	r = bi_string(n, BI_COMPATIBLE, &compat, true);
	if (r)
		return r;
	if (kstrcmp(compat, BI_COMPATIBLE_VALUE))
		return bi_bad(n, BI_COMPATIBLE, "not " BI_COMPATIBLE_VALUE);
	if ((r = bi_u64(n, BI_MEM_SIZE, &bi->mem_size)) ||
	    (r = bi_u32(n, BI_NCPUS, &bi->ncpus)) ||
	    (r = bi_string(n, BI_HOSTNAME, &bi->hostname, true)) ||
	    (r = bi_u64(n, BI_TSC_HZ, &bi->tsc_hz)) ||
	    (r = bi_u64(n, BI_BOOT_REALTIME_NS, &bi->boot_realtime_ns)) ||
	    (r = bi_u32(n, BI_LOG_LEVEL, &lvl)) ||
	    (r = bi_bool(n, BI_STRACE, &bi->strace)))
		return r;
	if (bi->mem_size == 0 || bi->mem_size % PAGE_SIZE)
		return bi_bad(n, BI_MEM_SIZE, "not a positive multiple of the page size");
	if (bi->ncpus == 0 || bi->ncpus > 1024)
		return bi_bad(n, BI_NCPUS, "not in 1..1024");
	if (lvl > KLOG_DEBUG)
		return bi_bad(n, BI_LOG_LEVEL, "not in 0..3");
	bi->log_level = (int)lvl;

	v = bi_get(n, BI_RANDOM_SEED, &len, true);
	if (!v)
		return -EINVAL;
	if (len != BI_RANDOM_SEED_SIZE)
		return bi_bad(n, BI_RANDOM_SEED, "not 32 bytes");
	memcpy(bi->random_seed, v, sizeof(bi->random_seed));

	v = bi_get(n, BI_STDIO_HANDLES, &len, true);
	if (!v)
		return -EINVAL;
	if (len != 3 * 8)
		return bi_bad(n, BI_STDIO_HANDLES, "not three 64-bit cells");
	for (i = 0; i < 3; i++)
		bi->stdio_handles[i] = (s64)fdt64_ld((const fdt64_t *)v + i);
	return 0;
}

static int bi_parse_process(const struct bi_node *n, struct bootinfo *bi)
{
	const void *v;
	int len, r;
	u32 i;

	if ((r = bi_strlist(n, BI_ARGV, &bi->argv, &bi->argc)))
		return r;
	if (bi->argc == 0)
		return bi_bad(n, BI_ARGV, "empty");
	if ((r = bi_strlist(n, BI_ENVP, &bi->envp, &bi->envc)) ||
	    (r = bi_string(n, BI_CWD, &bi->cwd, true)) ||
	    (r = bi_u32(n, BI_UID, &bi->uid)) ||
	    (r = bi_u32(n, BI_GID, &bi->gid)) ||
	    (r = bi_u32(n, BI_UMASK, &bi->umask)) ||
	    (r = bi_u64(n, BI_CAP_EFFECTIVE, &bi->cap_effective)) ||
	    (r = bi_u64(n, BI_CAP_PERMITTED, &bi->cap_permitted)) ||
	    (r = bi_u64(n, BI_CAP_INHERITABLE, &bi->cap_inheritable)) ||
	    (r = bi_u64(n, BI_CAP_BOUNDING, &bi->cap_bounding)) ||
	    (r = bi_u64(n, BI_CAP_AMBIENT, &bi->cap_ambient)) ||
	    (r = bi_bool(n, BI_NO_NEW_PRIVS, &bi->no_new_privs)) ||
	    (r = bi_bool(n, BI_TERMINAL, &bi->terminal)))
		return r;
	if (bi->cwd[0] != '/')
		return bi_bad(n, BI_CWD, "not an absolute path");
	if (bi->umask > 0777)
		return bi_bad(n, BI_UMASK, "not in 0..0777");

	v = bi_get(n, BI_GROUPS, &len, true);
	if (!v)
		return -EINVAL;
	if (len % 4)
		return bi_bad(n, BI_GROUPS, "not a list of 32-bit cells");
	if ((size_t)len / 4 > ARRAY_SIZE(bi->groups))
		return bi_bad(n, BI_GROUPS, "too many groups");
	bi->ngroups = (u32)len / 4;
	for (i = 0; i < bi->ngroups; i++)
		bi->groups[i] = fdt32_ld((const fdt32_t *)v + i);

	v = bi_get(n, BI_RLIMITS, &len, true);
	if (!v)
		return -EINVAL;
	if (len % (BI_RLIMIT_CELLS * 8))
		return bi_bad(n, BI_RLIMITS, "not a list of (resource, cur, max)");
	if ((size_t)len / (BI_RLIMIT_CELLS * 8) > BOOT_MAX_RLIMITS)
		return bi_bad(n, BI_RLIMITS, "too many rlimits");
	bi->nrlimits = (u32)len / (BI_RLIMIT_CELLS * 8);
	for (i = 0; i < bi->nrlimits; i++) {
		const fdt64_t *c = (const fdt64_t *)v + i * BI_RLIMIT_CELLS;
		u64 res = fdt64_ld(c);

		if (res >= BOOT_MAX_RLIMITS)
			return bi_bad(n, BI_RLIMITS, "unknown resource");
		bi->rlimits[i].resource = (u32)res;
		bi->rlimits[i].cur = fdt64_ld(c + 1);
		bi->rlimits[i].max = fdt64_ld(c + 2);
	}
	return 0;
}

static int bi_parse_mounts(const struct bi_node *n, struct bootinfo *bi)
{
	char path[64];
	int off;

	bi->nmounts = 0;
	fdt_for_each_subnode(off, n->fdt, n->off) {
		struct boot_mount *m;
		struct bi_node mn = { .fdt = n->fdt, .off = off, .path = path };
		const char *name = fdt_get_name(n->fdt, off, NULL);
		int r;

		ksnprintf(path, sizeof(path), "%s/%s", n->path, name ? name : "?");

		if (bi->nmounts >= BOOT_MAX_MOUNTS) {
			pr_err("boot info: more than %d mounts", BOOT_MAX_MOUNTS);
			return -EINVAL;
		}
		m = &bi->mounts[bi->nmounts];
		if ((r = bi_string(&mn, BI_MOUNT_DESTINATION, &m->destination, true)) ||
		    (r = bi_string(&mn, BI_MOUNT_TYPE, &m->type, true)) ||
		    (r = bi_string(&mn, BI_MOUNT_SOURCE, &m->source, false)) ||
		    (r = bi_string(&mn, BI_MOUNT_DATA, &m->data, false)) ||
		    (r = bi_u64(&mn, BI_MOUNT_FLAGS, &m->flags)) ||
		    (r = bi_s64(&mn, BI_MOUNT_HANDLE, &m->host_handle)))
			return r;
		if (m->destination[0] != '/')
			return bi_bad(&mn, BI_MOUNT_DESTINATION, "not an absolute path");
		if (!m->type[0])
			return bi_bad(&mn, BI_MOUNT_TYPE, "empty");
		bi->nmounts++;
	}
	/* The loop ends on -FDT_ERR_NOTFOUND; anything else is a broken tree. */
	if (off != -FDT_ERR_NOTFOUND) {
		pr_err("boot info: /mounts: %s", fdt_strerror(off));
		return -EINVAL;
	}
	return 0;
}

int bootinfo_parse(const void *fdt, struct bootinfo *bi)
{
	struct bi_node root = { .fdt = fdt, .off = 0, .path = "" };
	struct bi_node n;
	int r;

	memset(bi, 0, sizeof(*bi));
	r = fdt_check_header(fdt);
	if (r) {
		pr_err("boot info: bad FDT header: %s", fdt_strerror(r));
		return -EINVAL;
	}
	/* Walk the whole structure block once so later lookups see a sane tree. */
	r = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (r) {
		pr_err("boot info: malformed FDT: %s", fdt_strerror(r));
		return -EINVAL;
	}
	root.off = fdt_path_offset(fdt, "/");
	if (root.off < 0) {
		pr_err("boot info: no root node: %s", fdt_strerror(root.off));
		return -EINVAL;
	}
	r = bi_parse_root(&root, bi);
	if (!r)
		r = bi_subnode(&root, BI_PROCESS_NODE, "/" BI_PROCESS_NODE, &n);
	if (!r)
		r = bi_parse_process(&n, bi);
	if (!r)
		r = bi_subnode(&root, BI_ROOT_NODE, "/" BI_ROOT_NODE, &n);
	if (!r && !(r = bi_s64(&n, BI_ROOT_HANDLE, &bi->root_handle)))
		r = bi_bool(&n, BI_ROOT_READONLY, &bi->root_readonly);
	if (!r)
		r = bi_subnode(&root, BI_MOUNTS_NODE, "/" BI_MOUNTS_NODE, &n);
	if (!r)
		r = bi_parse_mounts(&n, bi);
	if (r) {
		kfree(bi->argv);
		kfree(bi->envp);
		bi->argv = bi->envp = NULL;
		return r;
	}
	klog_level = bi->log_level;
	random_seed(bi->random_seed, sizeof(bi->random_seed));
	return 0;
}
