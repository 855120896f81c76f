/* SPDX-License-Identifier: MIT */
/*
 * /proc/sys: the kernel tunables programs read (hostname, osrelease,
 * pid_max, random/boot_id, ...). hostname and domainname are writable.
 */
#include "fs/procfs_internal.h"
#include "kernel/uts.h"

/* Highest pid + 1 (kernel/task.c hands out pids below it). */
#define SYS_PID_MAX 4194304
/* Largest RLIMIT_NOFILE a descriptor table can reach (fs/fdtable.c). */
#define SYS_NR_OPEN 65536

static int show_str(struct pbuf *b, const char *s)
{
	pbuf_printf(b, "%s\n", s);
	return 0;
}

static int show_hostname(struct proc_node *n, struct pbuf *b)
{
	return show_str(b, uts_hostname);
}

static int show_domainname(struct proc_node *n, struct pbuf *b)
{
	return show_str(b, uts_domainname);
}

/* Set a UTS name from written text (one trailing newline dropped). */
static int write_uts(char *dst, const char *buf, size_t len)
{
	if (current && !capable(current, CAP_SYS_ADMIN))
		return -EPERM;
	if (len && buf[len - 1] == '\n')
		len--;
	if (len >= UTS_LEN)
		return -EINVAL;
	memcpy(dst, buf, len);
	dst[len] = '\0';
	return 0;
}

static int write_hostname(struct proc_node *n, const char *buf, size_t len)
{
	return write_uts(uts_hostname, buf, len);
}

static int write_domainname(struct proc_node *n, const char *buf, size_t len)
{
	return write_uts(uts_domainname, buf, len);
}

static int show_ostype(struct proc_node *n, struct pbuf *b)
{
	return show_str(b, "Linux");
}

static int show_osrelease(struct proc_node *n, struct pbuf *b)
{
	/* Keep in step with sys_uname (kernel/sys_sys.c). */
	return show_str(b, "6.1.0-vmm");
}

static int show_pid_max(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%d\n", SYS_PID_MAX);
	return 0;
}

static int show_ngroups_max(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%d\n", CRED_NGROUPS_MAX);
	return 0;
}

static int show_cap_last_cap(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%d\n", CAP_LAST_CAP);
	return 0;
}

static int show_boot_id(struct proc_node *n, struct pbuf *b)
{
	return show_str(b, proc_boot.boot_id);
}

static int show_uuid(struct proc_node *n, struct pbuf *b)
{
	char u[37];

	proc_uuid(u);
	return show_str(b, u);
}

static int show_entropy_avail(struct proc_node *n, struct pbuf *b)
{
	/* The ChaCha20 generator is always fully seeded. */
	pbuf_printf(b, "%d\n", 256);
	return 0;
}

static int show_overcommit(struct proc_node *n, struct pbuf *b)
{
	/* Pages are allocated at first touch: heuristic overcommit. */
	pbuf_printf(b, "0\n");
	return 0;
}

static int show_file_max(struct proc_node *n, struct pbuf *b)
{
	/* No system-wide limit on open files. */
	pbuf_printf(b, "%lld\n", (long long)INT64_MAX);
	return 0;
}

static int show_nr_open(struct proc_node *n, struct pbuf *b)
{
	pbuf_printf(b, "%d\n", SYS_NR_OPEN);
	return 0;
}

#define SYS_RO(n, s) { .name = n, .mode = S_IFREG | 0444, .show = s }
#define SYS_RW(n, s, w) \
	{ .name = n, .mode = S_IFREG | 0644, .show = s, .write = w }

static const struct proc_entry sys_random[] = {
	SYS_RO("boot_id", show_boot_id),
	SYS_RO("uuid", show_uuid),
	SYS_RO("entropy_avail", show_entropy_avail),
	{ .name = NULL },
};

static const struct proc_entry sys_kernel[] = {
	SYS_RW("hostname", show_hostname, write_hostname),
	SYS_RW("domainname", show_domainname, write_domainname),
	SYS_RO("ostype", show_ostype),
	SYS_RO("osrelease", show_osrelease),
	SYS_RO("pid_max", show_pid_max),
	SYS_RO("ngroups_max", show_ngroups_max),
	SYS_RO("cap_last_cap", show_cap_last_cap),
	{ .name = "random", .mode = S_IFDIR | 0555, .children = sys_random },
	{ .name = NULL },
};

static const struct proc_entry sys_vm[] = {
	SYS_RO("overcommit_memory", show_overcommit),
	{ .name = NULL },
};

static const struct proc_entry sys_fs[] = {
	SYS_RO("file-max", show_file_max),
	SYS_RO("nr_open", show_nr_open),
	{ .name = NULL },
};

/* proc_sys_entries - /proc/sys. */
const struct proc_entry proc_sys_entries[] = {
	{ .name = "fs", .mode = S_IFDIR | 0555, .children = sys_fs },
	{ .name = "kernel", .mode = S_IFDIR | 0555, .children = sys_kernel },
	{ .name = "vm", .mode = S_IFDIR | 0555, .children = sys_vm },
	{ .name = NULL },
};
