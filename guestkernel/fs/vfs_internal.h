/* SPDX-License-Identifier: MIT */
/*
 * VFS internals shared by fs/ and the file syscalls: inodes, dentries,
 * mounts, path walk, open-file operations, fd tables, fs contexts.
 */
#ifndef FS_VFS_INTERNAL_H
#define FS_VFS_INTERNAL_H

#include "fs/vfs.h"
#include "kernel/sched.h"

struct super;
struct mount;
struct poll_table;
struct path;

/* Permission request bits for inode_permission(). */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4

#define VFS_SYMLOOP_MAX 40
#define VFS_NAME_MAX 255
#define VFS_PATH_MAX 4096

struct kts {
	s64 sec, nsec;
};

/* Attribute changes for inode_ops.setattr (ATTR_* in @valid). */
#define ATTR_MODE 0x1
#define ATTR_UID 0x2
#define ATTR_GID 0x4
#define ATTR_SIZE 0x8
#define ATTR_ATIME 0x10
#define ATTR_MTIME 0x20
struct iattr {
	unsigned int valid;
	u32 mode, uid, gid;
	loff_t size;
	struct kts atime, mtime;
};

struct inode_ops {
	/* lookup - child @name of dir; referenced inode in *out, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	/* create - new regular file (S_IFREG in @mode) or other node; referenced in *out. */
	int (*create)(struct inode *dir, const char *name, u32 mode, u32 uid,
		      u32 gid, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, u32 mode, u32 uid,
		     u32 gid, struct inode **out);
	int (*symlink)(struct inode *dir, const char *name, const char *target,
		       u32 uid, u32 gid, struct inode **out);
	int (*link)(struct inode *old, struct inode *dir, const char *name);
	/* unlink/rmdir - remove @name (whose inode is @victim) from @dir. */
	int (*unlink)(struct inode *dir, const char *name, struct inode *victim);
	int (*rmdir)(struct inode *dir, const char *name, struct inode *victim);
	/* rename - move; the target (if any) is replaced like rename(2). */
	int (*rename)(struct inode *odir, const char *oname, struct inode *ndir,
		      const char *nname, unsigned int flags);
	/* readlink - target into @buf (not terminated); length or -errno. */
	int (*readlink)(struct inode *inode, char *buf, size_t size);
	int (*setattr)(struct inode *inode, const struct iattr *ia);
	/* revalidate - refresh cached attributes (hostfs); optional. */
	int (*revalidate)(struct inode *inode);
	/* open - prepare @f (set f->ops/priv); optional. */
	int (*open)(struct inode *inode, struct file *f);
	/*
	 * stale - optional: true when cached dentry @d (of this inode) is out
	 * of date, e.g. a procfs pid that exited; the walk forgets it and
	 * looks the name up again.
	 */
	bool (*stale)(struct dentry *d);
	/*
	 * follow - optional magic link (procfs fd/N, cwd): the path the
	 * symlink @link leads to, referenced in *@out. -EINVAL: follow the
	 * readlink text instead.
	 */
	int (*follow)(struct inode *inode, struct path *link, struct path *out);
};

/* Directory iteration: emit returns false when the caller's buffer is full. */
struct dir_ctx {
	bool (*emit)(struct dir_ctx *ctx, const char *name, size_t len,
		     u64 ino, unsigned int type);
	loff_t pos;
};

struct file_ops {
	ssize_t (*read)(struct file *f, struct uio *u, loff_t *pos);
	ssize_t (*write)(struct file *f, struct uio *u, loff_t *pos);
	/* llseek - NULL: generic (regular files and dirs), else custom. */
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	int (*iterate)(struct file *f, struct dir_ctx *ctx);
	long (*ioctl)(struct file *f, unsigned int cmd, u64 arg);
	/* poll - readiness POLL* mask; registers waits via poll_wait(). */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	void (*release)(struct file *f);
	int (*fsync)(struct file *f);
	/*
	 * fallocate - optional: fallocate(2) @mode (FALLOC_FL_*) over
	 * [@off, @off + @len) of a regular file, arguments already checked.
	 * 0 or -errno; missing: -EOPNOTSUPP.
	 */
	int (*fallocate)(struct file *f, int mode, loff_t off, loff_t len);
};

struct inode {
	int refs;
	u64 ino, dev;
	u32 mode, uid, gid;
	u64 nlink;
	loff_t size;
	u64 rdev;
	u64 blocks;
	struct kts atime, mtime, ctime;
	const struct inode_ops *iops;
	const struct file_ops *fops;
	struct super *sb;
	void *priv;
	struct list_head sb_link;	/* hostfs inode cache */
	struct page_cache *pcache;	/* fs/pagecache.h; NULL: none */
	void *fifo;			/* FIFO inodes: the pipe while open */
};

struct super_ops {
	/* evict - free fs data of an inode whose last reference went. */
	void (*evict)(struct inode *inode);
	/* statfs - fill a struct statfs-like array: see fs_statfs(). */
	int (*statfs)(struct super *sb, u64 *blocks, u64 *bfree, u64 *files,
		      u64 *ffree);
};

struct super {
	const char *type;
	u64 dev;
	u32 magic;
	const struct super_ops *ops;
	struct inode *root;
	void *priv;
	u64 next_ino;
	struct list_head inodes;	/* hostfs only */
};

struct dentry {
	int refs;
	char *name;
	struct dentry *parent;		/* self for a root */
	struct inode *inode;
	struct list_head children;
	struct list_head sibling;
	int mounted;			/* mounts whose mountpoint is this */
	bool dead;			/* unlinked */
};

/* Mount flags (subset of MS_*). */
#define MNT_RDONLY 0x1
#define MNT_NOSUID 0x2
#define MNT_NODEV 0x4
#define MNT_NOEXEC 0x8

struct mount {
	struct mount *parent;		/* NULL for the root mount */
	struct dentry *mountpoint;	/* in parent */
	struct dentry *root;
	struct super *sb;
	unsigned int flags;
	char *source, *type, *opts;
	struct list_head link;
};

struct path {
	struct mount *mnt;
	struct dentry *dentry;
};

struct fs_context {
	int refs;
	struct path root, cwd;
	u32 umask;
};

struct fdtable {
	int refs;
	int size;
	struct file **fd;
	u8 *cloexec;
};

/* ---- inode.c ---- */
/* inode_alloc - new inode of @sb with refs 1, times now, next ino. */
struct inode *inode_alloc(struct super *sb, u32 mode);
void inode_get(struct inode *i);
void inode_put(struct inode *i);
/* inode_permission - may @t access @i for MAY_* @mask? 0 or -EACCES. */
int inode_permission(struct task *t, struct inode *i, int mask);
/* vfs_now - current realtime as kts. */
struct kts vfs_now(void);
/* super_alloc - new superblock with a fresh device number. */
struct super *super_alloc(const char *type, u32 magic,
			  const struct super_ops *ops);
/* inode_is_owner - fsuid owns @i or has CAP_FOWNER. */
bool inode_is_owner(struct task *t, struct inode *i);
/* capable - does @t have capability @cap effective? */
bool capable(struct task *t, int cap);

/* ---- dentry.c ---- */
struct dentry *dentry_alloc(struct dentry *parent, const char *name,
			    struct inode *inode);
void dentry_get(struct dentry *d);
void dentry_put(struct dentry *d);
/* dentry_lookup_cached - referenced child @name of @dir or NULL. */
struct dentry *dentry_lookup_cached(struct dentry *dir, const char *name);
/* dentry_drop - unlink @d from its parent's children (unlink/rename). */
void dentry_drop(struct dentry *d);

/* ---- mount.c ---- */
extern struct mount *root_mount;
/* mount_lookup - mount whose mountpoint is (@mnt, @d) or NULL. */
struct mount *mount_lookup(struct mount *mnt, struct dentry *d);
/* mount_add - mount @sb at @where; NULL @where: the root. 0 or -errno. */
int mount_add(struct path *where, struct super *sb, unsigned int flags,
	      const char *source, const char *type, const char *opts);
/* mount_for_each - iterate mounts (for /proc/mounts). */
struct mount *mount_next(struct mount *m);

/* ---- namei.c ---- */
void path_get(const struct path *p);
void path_put(struct path *p);
/* Lookup flags. */
#define LOOKUP_FOLLOW 0x1	/* follow a final symlink */
#define LOOKUP_DIRECTORY 0x2	/* final must be a directory */
#define LOOKUP_EMPTY 0x4	/* "" means dirfd itself */
#define LOOKUP_PARENT 0x8	/* stop at the parent; last in *last */
/* openat2(2) RESOLVE_* restrictions on the walk (fs/namei.c). */
#define LOOKUP_NO_SYMLINKS 0x10	/* any symlink: -ELOOP */
#define LOOKUP_NO_MAGICLINKS 0x20	/* procfs magic links: -ELOOP */
#define LOOKUP_NO_XDEV 0x40	/* crossing a mount: -EXDEV */
#define LOOKUP_BENEATH 0x80	/* never above the start: -EXDEV */
#define LOOKUP_IN_ROOT 0x100	/* the start is "/" for this walk */
#define LOOKUP_CACHED 0x200	/* only names in the dentry cache: -EAGAIN */
/*
 * vfs_lookup - resolve @path for @t relative to @dirfd. Result referenced in
 * *@out. With LOOKUP_PARENT the parent is returned and the final component
 * copied into @last (VFS_NAME_MAX+1 bytes; "" for "/" or "."-ish ends,
 * and *@trailing set when the path ended with '/'). 0 or -errno.
 */
int vfs_lookup(struct task *t, int dirfd, const char *path, unsigned int flags,
	       struct path *out, char *last, bool *trailing);
/* vfs_lookup_child - resolve one name in directory @dir (no symlinks followed). */
int vfs_lookup_child(struct task *t, struct path *dir, const char *name,
		     struct path *out);
/* path_string - absolute path of @p as seen from @root into @buf. 0 or -errno. */
int path_string(const struct path *p, const struct path *root, char *buf,
		size_t size);
/* vfs_getattr - fill @st (struct stat) for @inode. */
struct stat;
void vfs_fill_stat(struct inode *inode, void *kstat);

/* ---- file.c ---- */
/* file_alloc - new file with refs 1 on @inode (referenced by the caller). */
struct file *file_alloc(struct inode *inode, const struct file_ops *ops,
			unsigned int flags);
/*
 * vfs_open_lookup - vfs_open with extra LOOKUP_* restrictions @lflags
 * (openat2's RESOLVE_* flags) applied to every walk it makes.
 */
int vfs_open_lookup(struct task *t, int dirfd, const char *path, int flags,
		    u32 mode, unsigned int lflags, struct file **out);
/* file_open_path - open an already resolved path (handles O_TRUNC etc). */
int file_open_path(struct task *t, struct path *p, int flags, struct file **out);
/* vfs_read/vfs_write - read/write via f->ops at *pos (f->pos when NULL). */
ssize_t vfs_read(struct file *f, struct uio *u, loff_t *pos);
ssize_t vfs_write(struct file *f, struct uio *u, loff_t *pos);
/* file_readable/writable - access mode allows it. */
bool file_readable(struct file *f);
bool file_writable(struct file *f);
/* file_mount - the mount a file was opened through, or NULL. */
struct mount *file_mount(struct file *f);
/* vfs_truncate - set size of @inode. */
int vfs_truncate(struct inode *inode, loff_t size);

/* ---- fdtable.c ---- */
/* fd_get - referenced file for @fd of @t or NULL. */
struct file *fd_get(struct task *t, int fd);
/* fd_install - put @f (reference consumed) in the lowest free fd >= @min. fd or -errno. */
int fd_install(struct task *t, struct file *f, int min, bool cloexec);
/* fd_install_at - put @f at exactly @fd, closing what was there. */
int fd_install_at(struct task *t, struct file *f, int fd, bool cloexec);
/* fd_close - close @fd. 0 or -EBADF. */
int fd_close(struct task *t, int fd);
int fd_get_cloexec(struct task *t, int fd);
int fd_set_cloexec(struct task *t, int fd, bool on);
/* fd_limit - RLIMIT_NOFILE of @t. */
int fd_limit(struct task *t);

/* ---- poll.c ---- */
#define POLL_MAX_WAITS 512
struct poll_table {
	struct wait_entry entries[POLL_MAX_WAITS];
	struct waitqueue *queues[POLL_MAX_WAITS];
	int n;
	bool register_waits;
	bool host_polled;	/* some file needs periodic re-polling */
	/* queue_fn - when set, poll_wait calls it instead (epoll's own waits). */
	void (*queue_fn)(struct poll_table *pt, struct waitqueue *wq);
	void *queue_priv;
};
/* poll_wait - register current on @wq for this poll round. */
void poll_wait(struct poll_table *pt, struct waitqueue *wq);
void poll_table_free(struct poll_table *pt);
/* vfs_poll - readiness mask of @f (no-ops files: readable|writable). */
unsigned int vfs_poll(struct file *f, struct poll_table *pt);

/* ---- epoll.c ---- */
/* epoll_file_release - @f's last reference went: drop epoll items watching it. */
void epoll_file_release(struct file *f);

/* ---- anon_inode.c ---- */
/* anon_file_create - a file on a fresh anonymous inode (eventfd, epoll...); NULL: -ENOMEM. */
struct file *anon_file_create(const struct file_ops *ops, void *priv,
			      unsigned int flags);

/* ---- hostcall.c ---- */
/* hostcall - perform hostcall @nr with @args; result or -errno. */
long hostcall(unsigned int nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
	      u64 a5);
/* hc_dma_alloc - kmalloc'ed buffer usable as a hostcall buffer. */
void *hc_dma_alloc(size_t size);
/* hc_pa - physical address of a kmalloc'ed buffer. */
u64 hc_pa(const void *p);

/* user_path - copy a user path into a new kmalloc'ed buffer (*@out, kfree it). 0 or -errno. */
int user_path(struct task *t, uaddr_t upath, char **out);

/* ---- filesystems ---- */
struct super *tmpfs_create(const char *opts, u32 uid, u32 gid);
struct super *hostfs_create(s64 handle, bool readonly);
struct super *devfs_create(const struct bootinfo *bi);
struct super *procfs_create(const struct bootinfo *bi);
/* devpts_create - the devpts file system (/dev/pts, fs/pty.c). */
struct super *devpts_create(void);
/* sysfs_create - /sys: cpu topology and an empty cgroup directory. */
struct super *sysfs_create(const struct bootinfo *bi);
/* pipe_create - a pipe's read and write ends. 0 or -ENOMEM. */
int pipe_create(struct file **rd, struct file **wr, unsigned int flags);
/* pipe_nread - bytes buffered, for FIONREAD; -ENOTTY if @f is not a pipe. */
long pipe_nread(struct file *f);
/*
 * fifo_open - open of a named pipe (FIFO inode) as @f, whose flags say the
 * side; *@slot is where the inode keeps its pipe (NULL: none yet; usually
 * &inode->fifo, see file_open_path). Pairs
 * readers with writers like Linux: O_RDONLY waits for a writer unless
 * O_NONBLOCK, O_WRONLY waits for a reader (O_NONBLOCK: -ENXIO), O_RDWR
 * never waits. Sets f->ops/priv. 0, -ENXIO, -ENOMEM or -ERESTARTSYS.
 */
int fifo_open(struct file *f, void **slot);
/* file_is_pipe - is @f an end of a pipe or FIFO? */
bool file_is_pipe(struct file *f);
/*
 * pipe_peek - copy up to @n buffered bytes of readable pipe @f into @buf
 * without consuming them; waits for data unless @nonblock. Bytes, 0 at
 * EOF (no writers), -EAGAIN, -EBADF or -ERESTARTSYS.
 */
ssize_t pipe_peek(struct file *f, void *buf, size_t n, bool nonblock);
/* pipe_consume - drop the first @n buffered bytes of pipe @f (after a peek). */
void pipe_consume(struct file *f, size_t n);
/*
 * pipe_room - wait (unless @nonblock) until writable pipe @f has room.
 * Free bytes, -EAGAIN, -EPIPE (and SIGPIPE: no readers), -EBADF or
 * -ERESTARTSYS.
 */
ssize_t pipe_room(struct file *f, bool nonblock);
/* pipe_push - append up to @n bytes of @buf without waiting; bytes added. */
size_t pipe_push(struct file *f, const void *buf, size_t n);
/* pipe_read_uio/pipe_write_uio - read(2)/write(2) of pipe @f with an explicit @nonblock. */
ssize_t pipe_read_uio(struct file *f, struct uio *u, bool nonblock);
ssize_t pipe_write_uio(struct file *f, struct uio *u, bool nonblock);
/*
 * devfs_open_rdev - open of a device node @i made by mknod(2) outside
 * devfs: behave as devfs's device of the same number (null, zero, full,
 * random, urandom, tty). 0 or -ENXIO (no such device here).
 */
int devfs_open_rdev(struct inode *i, struct file *f);
/*
 * do_utimens - set the times of @i (reached through @mnt) for @t from @ts
 * (atime, mtime; UTIME_NOW/UTIME_OMIT honoured; NULL: now) with
 * utimensat(2)'s permission rules. 0 or -errno. (syscalls/sys_fs_attr.c)
 */
struct __kernel_timespec;
int do_utimens(struct task *t, struct mount *mnt, struct inode *i,
	       const struct __kernel_timespec *ts);
/* stdio_file_create - a file over host stdio handle @h. */
struct file *stdio_file_create(s64 handle, bool terminal, unsigned int flags);
/* tty_file_open - a new open of the controlling terminal (/dev/tty). */
int tty_file_open(struct file **out, unsigned int flags);

/* Generic ops. */
extern const struct file_ops generic_dir_fops;
loff_t generic_llseek(struct file *f, loff_t off, int whence);
/* dir_emit_dots - "." and ".." for positions 0 and 1; false if full. */
bool dir_emit_dots(struct file *f, struct dir_ctx *ctx);

#endif
