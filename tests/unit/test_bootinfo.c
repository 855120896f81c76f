/* SPDX-License-Identifier: MIT */
/* Boot info round trip: vmm_bootinfo_build -> bootinfo_parse, and bad blobs. */
#include "tests/unit/shim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <libfdt.h>

#include "abi/bootinfo.h"
#include "boot.h"
#include "vmm/bootinfo.h"
#include "vmm/error.h"

#include "utap.h"

static const char *const argv[] = { "/bin/sh", "-c", "echo hi; exit 3", "", NULL };
static const char *const envp[] = { "PATH=/usr/bin:/bin", "HOME=/root", "EMPTY=", NULL };
static const uint32_t groups[] = { 0, 10, 65534, 4294967294u };
static const struct vmm_boot_rlimit rlimits[] = {
	{ 7, 1024, 4096 },			/* RLIMIT_NOFILE */
	{ 3, 8u << 20, UINT64_MAX },		/* RLIMIT_STACK, infinite max */
};
static const struct vmm_boot_mount mounts[] = {
	{ "/proc", "proc", "proc", NULL, 0xe, -1 },
	{ "/tmp", "tmpfs", "tmpfs", "size=64k,mode=1777", 0x6, -1 },
	{ "/data", "bind", "/srv/data", "", 0x1001, 17 },
};

static void fill_params(struct vmm_boot_params *p)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->mem_size = 512ull << 20;
	p->ncpus = 2;
	p->argv = argv;
	p->envp = envp;
	p->cwd = "/work dir";
	p->uid = 1000;
	p->gid = 4294967295u;
	p->groups = groups;
	p->ngroups = ARRAY_SIZE(groups);
	p->umask = 022;
	p->cap_effective = 0x1;
	p->cap_permitted = 0x8000000000000003ull;
	p->cap_inheritable = 0;
	p->cap_bounding = 0x1ffffffffffull;
	p->cap_ambient = 0x400;
	p->no_new_privs = true;
	p->terminal = false;
	p->rlimits = rlimits;
	p->nrlimits = ARRAY_SIZE(rlimits);
	p->hostname = "sandbox";
	p->root_handle = 5;
	p->root_readonly = true;
	p->mounts = mounts;
	p->nmounts = ARRAY_SIZE(mounts);
	p->stdio_handles[0] = 0;
	p->stdio_handles[1] = -1;
	p->stdio_handles[2] = 0x7fffffffffffffffll;
	p->tsc_hz = 2999999000ull;
	p->boot_realtime_ns = 1700000000123456789ull;
	for (i = 0; i < 32; i++)
		p->random_seed[i] = (uint8_t)(i * 7 + 1);
	p->log_level = KLOG_WARN;
	p->strace = true;
}

static int strlists_equal(const char *const *want, const char **got, u32 n)
{
	u32 i;

	for (i = 0; want[i]; i++)
		if (i >= n || strcmp(want[i], got[i]))
			return 0;
	return i == n && got[n] == NULL;
}

static void test_roundtrip(void)
{
	struct vmm_boot_params p;
	struct vmm_error *err = NULL;
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	void *fdt = NULL;
	size_t size = 0, i;
	int r, same;

	fill_params(&p);
	r = vmm_bootinfo_build(&p, &fdt, &size, &err);
	ok(r == 0 && fdt && size > 0 && size == fdt_totalsize(fdt),
	   "vmm_bootinfo_build: %d, %zu bytes %s", r, size, err ? err->msg : "");
	r = bootinfo_parse(fdt, bi);
	ok(r == 0, "bootinfo_parse: %d", r);
	ok(bi->abi_version == BOOTINFO_ABI_VERSION, "abi version");
	ok(bi->mem_size == p.mem_size && bi->ncpus == p.ncpus, "memory size and cpus");
	ok(bi->argc == 4 && strlists_equal(argv, bi->argv, bi->argc),
	   "argv (with an empty string) round-trips");
	ok(bi->envc == 3 && strlists_equal(envp, bi->envp, bi->envc), "envp round-trips");
	ok(!strcmp(bi->cwd, p.cwd), "cwd");
	ok(bi->uid == p.uid && bi->gid == p.gid && bi->umask == p.umask, "uid, gid, umask");
	same = bi->ngroups == p.ngroups;
	for (i = 0; same && i < p.ngroups; i++)
		same = bi->groups[i] == groups[i];
	ok(same, "groups");
	ok(bi->cap_effective == p.cap_effective && bi->cap_permitted == p.cap_permitted &&
	   bi->cap_inheritable == p.cap_inheritable && bi->cap_bounding == p.cap_bounding &&
	   bi->cap_ambient == p.cap_ambient, "capability sets");
	ok(bi->no_new_privs && !bi->terminal, "no_new_privs and terminal");
	same = bi->nrlimits == p.nrlimits;
	for (i = 0; same && i < p.nrlimits; i++)
		same = bi->rlimits[i].resource == rlimits[i].resource &&
		       bi->rlimits[i].cur == rlimits[i].cur &&
		       bi->rlimits[i].max == rlimits[i].max;
	ok(same, "rlimits");
	ok(!strcmp(bi->hostname, "sandbox"), "hostname");
	ok(bi->root_handle == 5 && bi->root_readonly, "root handle and read-only");
	same = bi->nmounts == p.nmounts;
	for (i = 0; same && i < p.nmounts; i++) {
		const struct boot_mount *m = &bi->mounts[i];

		same = !strcmp(m->destination, mounts[i].destination) &&
		       !strcmp(m->type, mounts[i].type) &&
		       !strcmp(m->source, mounts[i].source ? mounts[i].source : "") &&
		       !strcmp(m->data, mounts[i].data ? mounts[i].data : "") &&
		       m->flags == mounts[i].flags &&
		       m->host_handle == mounts[i].host_handle;
	}
	ok(same, "mounts, in order, absent data reads as \"\"");
	ok(bi->stdio_handles[0] == 0 && bi->stdio_handles[1] == -1 &&
	   bi->stdio_handles[2] == 0x7fffffffffffffffll, "stdio handles (signed)");
	ok(bi->tsc_hz == p.tsc_hz && bi->boot_realtime_ns == p.boot_realtime_ns, "clock");
	ok(!memcmp(bi->random_seed, p.random_seed, 32), "random seed");
	ok(bi->log_level == KLOG_WARN && klog_level == KLOG_WARN, "log level applied");
	ok(bi->strace, "strace flag");
	ok((const char *)bi->cwd > (const char *)fdt &&
	   (const char *)bi->cwd < (const char *)fdt + size, "strings point into the blob");
	kfree(bi->argv);
	kfree(bi->envp);

	/* Big argv: the builder grows its buffer past the first 4 KiB. */
	{
		static char big[200][100];
		const char *bigv[201];

		for (i = 0; i < 200; i++) {
			memset(big[i], 'a' + (int)(i % 26), 99);
			bigv[i] = big[i];
		}
		bigv[200] = NULL;
		p.argv = bigv;
		free(fdt);
		fdt = NULL;
		r = vmm_bootinfo_build(&p, &fdt, &size, &err);
		ok(r == 0 && size > 20000, "20 KB of argv grows the buffer (%zu bytes)", size);
		r = bootinfo_parse(fdt, bi);
		ok(r == 0 && bi->argc == 200 && !strcmp(bi->argv[199], big[199]) &&
		   bi->argv[200] == NULL, "and parses back");
		kfree(bi->argv);
		kfree(bi->envp);
		p.argv = argv;
	}

	/* The builder refuses what the parser would refuse. */
	{
		const char *none[] = { NULL };
		struct vmm_boot_params q = p;

		q.argv = none;
		r = vmm_bootinfo_build(&q, &fdt, &size, &err);
		ok(r < 0 && err && strstr(err->msg, "argv"), "builder: empty argv refused");
		vmm_error_free(&err);
		q = p;
		q.nmounts = BI_MAX_MOUNTS + 1;
		r = vmm_bootinfo_build(&q, &fdt, &size, &err);
		ok(r < 0 && err, "builder: too many mounts refused");
		vmm_error_free(&err);
		q = p;
		q.cwd = "relative";
		r = vmm_bootinfo_build(&q, &fdt, &size, &err);
		ok(r < 0 && err, "builder: relative cwd refused");
		vmm_error_free(&err);
	}
	free(fdt);
	free(bi);
}

/* A writable copy of a good blob with room to edit it. */
static void *good_copy(const void *fdt, size_t extra)
{
	size_t sz = fdt_totalsize(fdt) + extra;
	void *c = malloc(sz);

	if (!c || fdt_open_into(fdt, c, (int)sz)) {
		fprintf(stderr, "fdt_open_into failed\n");
		abort();
	}
	return c;
}

/* Parse @fdt expecting -EINVAL with a log line that mentions @needle. */
static void expect_bad(const void *fdt, const char *needle, const char *what)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	int r;

	shim_last_log[0] = '\0';
	r = bootinfo_parse(fdt, bi);
	ok(r == -EINVAL && strstr(shim_last_log, needle) && !bi->argv && !bi->envp,
	   "%s: %d, log \"%s\"", what, r, shim_last_log);
	free(bi);
}

static void test_bad_blobs(void)
{
	struct vmm_boot_params p;
	struct vmm_error *err = NULL;
	void *fdt, *c;
	size_t size;
	int node, saved_level;
	u8 cell[24];

	fill_params(&p);
	if (vmm_bootinfo_build(&p, &fdt, &size, &err) < 0)
		abort();
	saved_level = klog_level;
	klog_level = KLOG_ERR;

	c = good_copy(fdt, 0);
	memcpy(c, "\0\0\0\0", 4);
	expect_bad(c, "header", "bad magic");
	free(c);

	c = good_copy(fdt, 256);
	fdt_setprop_u32(c, 0, BI_ABI_VERSION, 2);
	expect_bad(c, "version", "wrong ABI version");
	free(c);

	c = good_copy(fdt, 256);
	fdt_delprop(c, 0, BI_MEM_SIZE);
	expect_bad(c, BI_MEM_SIZE, "missing memory size");
	free(c);

	c = good_copy(fdt, 256);
	fdt_setprop_u32(c, 0, BI_MEM_SIZE, 4096);
	expect_bad(c, BI_MEM_SIZE, "memory size of the wrong length");
	free(c);

	c = good_copy(fdt, 256);
	fdt_setprop(c, 0, BI_RANDOM_SEED, cell, 16);
	expect_bad(c, BI_RANDOM_SEED, "short random seed");
	free(c);

	c = good_copy(fdt, 256);
	fdt_setprop_u32(c, 0, BI_STRACE, 2);
	expect_bad(c, BI_STRACE, "boolean out of range");
	free(c);

	c = good_copy(fdt, 256);
	fdt_setprop_u32(c, 0, BI_LOG_LEVEL, 9);
	expect_bad(c, BI_LOG_LEVEL, "log level out of range");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_PROCESS_NODE);
	fdt_setprop(c, node, BI_ARGV, "abc", 3);
	expect_bad(c, BI_ARGV, "argv not NUL-terminated");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_PROCESS_NODE);
	fdt_setprop(c, node, BI_ARGV, "", 0);
	expect_bad(c, BI_ARGV, "empty argv");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_PROCESS_NODE);
	fdt_setprop(c, node, BI_CWD, "/a\0b", 5);
	expect_bad(c, BI_CWD, "cwd with an embedded NUL");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_PROCESS_NODE);
	fdt_setprop(c, node, BI_GROUPS, cell, 6);
	expect_bad(c, BI_GROUPS, "groups not a multiple of 4 bytes");
	free(c);

	c = good_copy(fdt, 1024);
	{
		u8 many[4 * 65];

		memset(many, 0, sizeof(many));
		node = fdt_path_offset(c, "/" BI_PROCESS_NODE);
		fdt_setprop(c, node, BI_GROUPS, many, sizeof(many));
	}
	expect_bad(c, BI_GROUPS, "65 groups");
	free(c);

	c = good_copy(fdt, 256);
	memset(cell, 0, sizeof(cell));
	cell[7] = 16;	/* resource 16 */
	node = fdt_path_offset(c, "/" BI_PROCESS_NODE);
	fdt_setprop(c, node, BI_RLIMITS, cell, 24);
	expect_bad(c, BI_RLIMITS, "unknown rlimit resource");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_PROCESS_NODE);
	fdt_setprop(c, node, BI_RLIMITS, cell, 20);
	expect_bad(c, BI_RLIMITS, "rlimits of a bad length");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_ROOT_NODE);
	fdt_del_node(c, node);
	expect_bad(c, "/" BI_ROOT_NODE, "missing /root");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_MOUNTS_NODE "/mount@1");
	fdt_delprop(c, node, BI_MOUNT_TYPE);
	expect_bad(c, BI_MOUNT_TYPE, "mount without a type");
	free(c);

	c = good_copy(fdt, 256);
	node = fdt_path_offset(c, "/" BI_MOUNTS_NODE "/mount@0");
	fdt_setprop_string(c, node, BI_MOUNT_DESTINATION, "proc");
	expect_bad(c, BI_MOUNT_DESTINATION, "relative mount destination");
	free(c);

	c = good_copy(fdt, 65 * 512);
	{
		char name[32];
		int i, mn = fdt_path_offset(c, "/" BI_MOUNTS_NODE);

		for (i = 3; i < 65; i++) {
			snprintf(name, sizeof(name), "mount@%d", i);
			node = fdt_add_subnode(c, mn, name);
			fdt_setprop_string(c, node, BI_MOUNT_DESTINATION, "/x");
			fdt_setprop_string(c, node, BI_MOUNT_TYPE, "tmpfs");
			fdt_setprop_u64(c, node, BI_MOUNT_FLAGS, 0);
			fdt_setprop_u64(c, node, BI_MOUNT_HANDLE, (u64)-1);
		}
	}
	expect_bad(c, "mounts", "65 mounts");
	free(c);

	/* Truncated blob: header claims more than is there is caught by the
	 * header check only when totalsize itself is inconsistent. */
	c = good_copy(fdt, 0);
	((fdt32_t *)c)[1] = cpu_to_fdt32(16);	/* totalsize < header */
	expect_bad(c, "header", "totalsize smaller than the header");
	free(c);

	/* Random corruption: parse must return 0 or -EINVAL, never crash. */
	{
		u64 st = 0x12345678abcdefull;
		int i, j, good = 0, bad = 0, other = 0;

		for (i = 0; i < 20000; i++) {
			struct bootinfo *bi = calloc(1, sizeof(*bi));
			int r, nflip;

			c = good_copy(fdt, 0);
			st ^= st << 13;
			st ^= st >> 7;
			st ^= st << 17;
			nflip = 1 + (int)(st % 4);
			for (j = 0; j < nflip; j++) {
				st ^= st << 13;
				st ^= st >> 7;
				st ^= st << 17;
				((u8 *)c)[st % size] ^= (u8)(1u << ((st >> 32) % 8));
			}
			r = bootinfo_parse(c, bi);
			if (r == 0) {
				good++;
				kfree(bi->argv);
				kfree(bi->envp);
			} else if (r == -EINVAL) {
				bad++;
			} else {
				other++;
			}
			free(bi);
			free(c);
		}
		ok(other == 0 && bad > 1000, "20000 corrupted blobs: %d parsed, %d -EINVAL, %d other",
		   good, bad, other);
	}
	klog_level = saved_level;
	free(fdt);
}

int main(void)
{
	test_roundtrip();
	test_bad_blobs();
	printf("1..%d\n", test_num);
	return test_failed ? 1 : 0;
}
