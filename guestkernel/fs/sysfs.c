/* SPDX-License-Identifier: MIT */
/*
 * sysfs: the small /sys programs look at: the CPU topology under
 * /sys/devices/system/cpu (online, possible, present, cpuN/) and an empty
 * /sys/fs/cgroup. Built on procfs's generated-file machinery.
 */
#include "fs/procfs_internal.h"

/* "0" or "0-N" for the sandbox's CPUs. */
static int show_cpu_range(struct proc_node *n, struct pbuf *b)
{
	if (proc_boot.ncpus > 1)
		pbuf_printf(b, "0-%u\n", proc_boot.ncpus - 1);
	else
		pbuf_printf(b, "0\n");
	return 0;
}

static int show_kernel_max(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%u\n", proc_boot.ncpus - 1);
	return 0;
}

/* In cpuN/ directories the node's fd field holds N. */
static int show_cpu_online(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "1\n");
	return 0;
}

static int show_core_id(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%d\n", n->fd);
	return 0;
}

static int show_package_id(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "0\n");
	return 0;
}

static int show_siblings_list(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%d\n", n->fd);
	return 0;
}

#define SYS_RO(n, s) { .name = n, .mode = S_IFREG | 0444, .show = s }

static const struct proc_entry cpu_topology[] = {
	SYS_RO("core_id", show_core_id),
	SYS_RO("physical_package_id", show_package_id),
	SYS_RO("thread_siblings_list", show_siblings_list),
	SYS_RO("core_siblings_list", show_cpu_range),
	{ .name = NULL },
};

static const struct proc_entry cpu_n[] = {
	SYS_RO("online", show_cpu_online),
	{ .name = "topology", .mode = S_IFDIR | 0755,
	  .children = cpu_topology },
	{ .name = NULL },
};

static const struct proc_entry cpu_n_dir = {
	.name = "<cpu>",
	.mode = S_IFDIR | 0755,
	.children = cpu_n,
};

static int cpu_list(struct proc_node *dir, int *out, int max)
{
	int n = (int)proc_boot.ncpus;

	for (int k = 0; k < n && k < max; k++)
		out[k] = k;
	return n;
}

static bool cpu_exists(struct proc_node *dir, int num)
{
	return num >= 0 && (u32)num < proc_boot.ncpus;
}

static void cpu_make(struct proc_node *dir, int num, struct proc_node *child)
{
	child->ent = &cpu_n_dir;
	child->fd = num;
}

/* Names "cpu0", "cpu1", ...: a numbered listing with a prefix. */
static const struct proc_dyn cpu_dyn = {
	.prefix = "cpu",
	.list = cpu_list,
	.exists = cpu_exists,
	.make = cpu_make,
};

static const struct proc_entry sys_cpu[] = {
	SYS_RO("online", show_cpu_range),
	SYS_RO("possible", show_cpu_range),
	SYS_RO("present", show_cpu_range),
	SYS_RO("kernel_max", show_kernel_max),
	{ .name = NULL },
};

static const struct proc_entry sys_system[] = {
	{ .name = "cpu", .mode = S_IFDIR | 0755, .children = sys_cpu,
	  .dyn = &cpu_dyn },
	{ .name = NULL },
};

static const struct proc_entry sys_devices[] = {
	{ .name = "system", .mode = S_IFDIR | 0755, .children = sys_system },
	{ .name = NULL },
};

static const struct proc_entry sys_fs[] = {
	{ .name = "cgroup", .mode = S_IFDIR | 0755 },
	{ .name = NULL },
};

static const struct proc_entry sys_root[] = {
	{ .name = "devices", .mode = S_IFDIR | 0755, .children = sys_devices },
	{ .name = "fs", .mode = S_IFDIR | 0755, .children = sys_fs },
	{ .name = NULL },
};

static const struct proc_entry sysfs_root_entry = {
	.name = "/",
	.mode = S_IFDIR | 0755,
	.children = sys_root,
};

/* sysfs_create - see vfs_internal.h. */
struct super *sysfs_create(const struct bootinfo *bi)
{
	procfs_boot_info(bi);
	return proc_super_create("sysfs", SYSFS_MAGIC, &sysfs_root_entry);
}
