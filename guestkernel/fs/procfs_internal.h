/* SPDX-License-Identifier: MIT */
/*
 * procfs internals: the entry tables, the per-inode node, the text
 * buffer generated files are built into, and the helpers the procfs_*.c
 * files share. Nothing outside fs/procfs*.c includes this.
 */
#ifndef FS_PROCFS_INTERNAL_H
#define FS_PROCFS_INTERNAL_H

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

struct bootinfo;

/* A growing text buffer; @err is set (-ENOMEM) once an append failed. */
struct pbuf {
	char *data;
	size_t len, cap;
	int err;
};

/* pbuf_write - append @n bytes of @p. */
void pbuf_write(struct pbuf *b, const void *p, size_t n);
/* pbuf_printf - append formatted text. */
void pbuf_printf(struct pbuf *b, const char *fmt, ...) __printf(2, 3);

struct proc_node;

/*
 * One name in a procfs directory. Exactly one of @show (generated file),
 * @link (symlink), @children/@dyn (directory) describes what it is.
 */
struct proc_entry {
	const char *name;
	u32 mode;			/* S_IF* | permission bits */
	/* show - generate the file's text at open. 0 or -errno. */
	int (*show)(struct proc_node *n, struct pbuf *b);
	/* write - optional: take @len written bytes at once. 0 or -errno. */
	int (*write)(struct proc_node *n, const char *buf, size_t len);
	/* link - symlink target into @buf (terminated); length or -errno. */
	int (*link)(struct proc_node *n, char *buf, size_t size);
	/* follow - optional magic link @link: where it leads (referenced). */
	int (*follow)(struct proc_node *n, struct path *link, struct path *out);
	/* Directory: a static table ended by a NULL name ... */
	const struct proc_entry *children;
	/* ... and/or numbered children (pids, fds, tids). */
	const struct proc_dyn *dyn;
};

/* Numbered children of a directory (pids, tids, fds). */
struct proc_dyn {
	const char *prefix;	/* names are prefix + number (NULL: "") */
	/*
	 * list - the numbers present now, ascending, into @out (at most @max);
	 * returns how many (may exceed @max: call again with more room).
	 */
	int (*list)(struct proc_node *dir, int *out, int max);
	/* exists - is number @num present now? */
	bool (*exists)(struct proc_node *dir, int num);
	/* make - fill @child (a copy of @dir) for number @num. */
	void (*make)(struct proc_node *dir, int num, struct proc_node *child);
};

/* What an inode of procfs stands for (inode->priv). */
struct proc_node {
	const struct proc_entry *ent;
	int pid;		/* process (tgid), 0: none */
	int tid;		/* thread (task/ dirs), 0: the process */
	u64 start_ns;		/* the process's start time: detects pid reuse */
	int fd;			/* fd/ and fdinfo/ entries, -1: none */
	struct super *sb;
};

/* Root table, pid-dir and thread-dir tables, /proc/sys tree. */
extern const struct proc_entry proc_root_entry;
extern const struct proc_entry proc_pid_entries[];
extern const struct proc_entry proc_tid_entries[];
extern const struct proc_entry proc_sys_entries[];
extern const struct proc_dyn proc_pid_dyn;

/* Boot facts procfs and sysfs show (filled by procfs_boot_info). */
struct proc_boot {
	u32 ncpus;
	u64 mem_size;
	u64 boot_mono_ns;	/* CLOCK_MONOTONIC at boot */
	u64 boot_real_ns;	/* CLOCK_REALTIME at boot */
	char boot_id[37];
	char cmdline[256];
};
extern struct proc_boot proc_boot;

/* procfs_boot_info - record boot facts once (first procfs/sysfs mount). */
void procfs_boot_info(const struct bootinfo *bi);

/*
 * proc_super_create - a file system of generated files described by the
 * entry table @root (procfs, sysfs). NULL on -ENOMEM.
 */
struct super *proc_super_create(const char *type, u32 magic,
				const struct proc_entry *root);

/* proc_process - the live process of @n (NULL: gone or pid reused). */
struct process *proc_process(struct proc_node *n);
/* proc_task - the thread of @n (its tid, or the process's first thread). */
struct task *proc_task(struct proc_node *n);
/* proc_task_of - first thread of @p, or NULL once all have exited. */
struct task *proc_task_of(struct process *p);
/* proc_node_for - @n refers to process @p (pid and start time). */
void proc_node_for(struct proc_node *n, struct process *p);

/* proc_uuid - a random version 4 UUID as text (37 bytes with NUL). */
void proc_uuid(char *buf);

/* procfs_files.c: /proc/meminfo, cpuinfo, stat, ... */
int proc_show_meminfo(struct proc_node *n, struct pbuf *b);
int proc_show_cpuinfo(struct proc_node *n, struct pbuf *b);
int proc_show_stat(struct proc_node *n, struct pbuf *b);
int proc_show_uptime(struct proc_node *n, struct pbuf *b);
int proc_show_loadavg(struct proc_node *n, struct pbuf *b);
int proc_show_version(struct proc_node *n, struct pbuf *b);
int proc_show_filesystems(struct proc_node *n, struct pbuf *b);
int proc_show_cmdline(struct proc_node *n, struct pbuf *b);
/* proc_show_mounts/mountinfo - the mount tree as seen by @n's process. */
int proc_show_mounts(struct proc_node *n, struct pbuf *b);
int proc_show_mountinfo(struct proc_node *n, struct pbuf *b);
/* proc_nr_running - runnable tasks now (for stat and loadavg). */
int proc_nr_running(int *total);

/* procfs_fd.c: fd/ and fdinfo/ directories. */
extern const struct proc_dyn proc_fd_dyn, proc_fdinfo_dyn;
/* proc_proxy_fops/iops - a reopened file without a path (pipe, socket). */
extern const struct file_ops proc_proxy_fops;
extern const struct inode_ops proc_proxy_iops;
/* proc_mount_id - the mount id /proc/<pid>/mountinfo shows for @m. */
int proc_mount_id(struct mount *m);
/* proc_file_describe - readlink text of open file @f (path, pipe:[ino], ...). */
int proc_file_describe(struct file *f, char *buf, size_t size);

/* proc_link_self/thread_self - targets of /proc/self and /proc/thread-self. */
int proc_link_self(struct proc_node *n, char *buf, size_t size);
int proc_link_thread_self(struct proc_node *n, char *buf, size_t size);

/* cpuid - execute CPUID leaf @leaf, subleaf @sub. */
void proc_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d);

#endif
