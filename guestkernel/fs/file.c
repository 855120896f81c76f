/* SPDX-License-Identifier: MIT */
/* Open files: reference counting, open(2) semantics, read/write entry points. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/filelock.h"
#include "fs/fsnotify.h"
#include "kernel/task.h"

/* file_alloc - see vfs_internal.h. */
struct file *file_alloc(struct inode *inode, const struct file_ops *ops,
			unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refs = 1;
	f->inode = inode;
	f->ops = ops;
	f->flags = flags;
	return f;
}

/* file_get - see vfs.h. */
void file_get(struct file *f)
{
	f->refs++;
}

/* file_put - see vfs.h. The last reference releases the file. */
void file_put(struct file *f)
{
	if (!f || --f->refs > 0)
		return;
	fsnotify_close(f);
	if (f->epoll)
		epoll_file_release(f);
	filelock_file_release(f);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (f->dentry)
		dentry_put(f->dentry);
	if (f->inode)
		inode_put(f->inode);
	kfree(f);
}

/* file_readable - see vfs_internal.h. */
bool file_readable(struct file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_RDONLY || acc == O_RDWR);
}

/* file_writable - see vfs_internal.h. */
bool file_writable(struct file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

/* file_mount - see vfs_internal.h. */
struct mount *file_mount(struct file *f)
{
	return f->mnt;
}

/* Set the size of @inode as vfs_truncate does, telling nobody. */
static int truncate_quiet(struct inode *inode, loff_t size)
{
	struct iattr ia = { .valid = ATTR_SIZE | ATTR_MTIME, .size = size };

	if (size < 0)
		return -EINVAL;
	if (S_ISDIR(inode->mode))
		return -EISDIR;
	if (!S_ISREG(inode->mode))
		return -EINVAL;
	if (!inode->iops || !inode->iops->setattr)
		return -EPERM;
	ia.mtime = vfs_now();
	return inode->iops->setattr(inode, &ia);
}

/* vfs_truncate - see vfs_internal.h. */
int vfs_truncate(struct inode *inode, loff_t size)
{
	int ret = truncate_quiet(inode, size);

	if (!ret)
		fsnotify_change(inode, ATTR_SIZE | ATTR_MTIME);
	return ret;
}

/*
 * Nodes their file system gives no file operations: FIFOs pair their opens
 * (fs/pipe.c), device nodes made by mknod act as devfs's devices.
 */
static int open_special(struct inode *inode, struct file *f)
{
	if (S_ISFIFO(inode->mode))
		return fifo_open(f, &inode->fifo);
	if (S_ISCHR(inode->mode) || S_ISBLK(inode->mode)) {
		if (f->mnt && (f->mnt->flags & MNT_NODEV))
			return -EACCES;
		return devfs_open_rdev(inode, f);
	}
	return 0;
}

/* file_open_path - see vfs_internal.h. */
int file_open_path(struct task *t, struct path *p, int flags, struct file **out)
{
	struct inode *inode = p->dentry->inode;
	unsigned int acc = flags & O_ACCMODE;
	bool truncated = false;
	struct file *f;
	int mask = 0, ret;

	if (flags & O_PATH) {
		flags &= O_PATH | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW;
		if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
			return -ENOTDIR;
		goto make;
	}
	if (acc == 3)
		return -EINVAL;
	if (S_ISLNK(inode->mode))
		return -ELOOP;
	if (S_ISSOCK(inode->mode))
		return -ENXIO;	/* sockets are reached by connect(2) */
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		return -ENOTDIR;
	if (S_ISDIR(inode->mode) && (acc != O_RDONLY || (flags & O_CREAT)))
		return -EISDIR;
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= MAY_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	if (t) {
		ret = inode_permission(t, inode, mask);
		if (ret)
			return ret;
	}
	if ((mask & MAY_WRITE) && p->mnt && (p->mnt->flags & MNT_RDONLY) &&
	    (S_ISREG(inode->mode) || S_ISDIR(inode->mode)))
		return -EROFS;
	if ((flags & O_TRUNC) && S_ISREG(inode->mode) &&
	    (acc == O_WRONLY || acc == O_RDWR)) {
		ret = truncate_quiet(inode, 0);
		if (ret)
			return ret;
		truncated = true;
	}
make:
	f = file_alloc(inode, inode->fops,
		       flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC));
	if (!f)
		return -ENOMEM;
	inode_get(inode);
	f->dentry = p->dentry;
	dentry_get(p->dentry);
	f->mnt = p->mnt;
	if (!(flags & O_PATH) && inode->iops && inode->iops->open) {
		ret = inode->iops->open(inode, f);
		if (ret) {
			f->ops = NULL;
			file_put(f);
			return ret;
		}
	}
	if (!(flags & O_PATH) && !f->ops) {
		ret = open_special(inode, f);
		if (ret) {
			file_put(f);
			return ret;
		}
	}
	if (!(flags & O_PATH)) {
		f->notify_opened = true;
		fsnotify_open(f);
		if (truncated)
			fsnotify_modify(f);	/* Linux truncates after the open */
	}
	*out = f;
	return 0;
}

/* Create regular file @name in @dir for open(O_CREAT). */
static int open_create(struct task *t, struct path *dir, const char *name,
		       u32 mode, struct path *out)
{
	struct inode *di = dir->dentry->inode, *ni;
	struct dentry *d;
	u32 gid;
	int ret;

	if (t) {
		ret = inode_permission(t, di, MAY_WRITE | MAY_EXEC);
		if (ret)
			return ret;
	}
	if (dir->mnt->flags & MNT_RDONLY)
		return -EROFS;
	if (!di->iops || !di->iops->create)
		return -EACCES;
	if (dir->dentry->dead)
		return -ENOENT;
	mode &= 07777;
	if (t && t->fs)
		mode &= ~t->fs->umask;
	gid = t ? t->proc->cred.fsgid : 0;
	if (di->mode & S_ISGID)
		gid = di->gid;
	ret = di->iops->create(di, name, S_IFREG | mode,
			       t ? t->proc->cred.fsuid : 0, gid, &ni);
	if (ret)
		return ret;
	fsnotify_create(di, name, ni);
	d = dentry_alloc(dir->dentry, name, ni);
	if (!d) {
		inode_put(ni);
		return -ENOMEM;
	}
	out->mnt = dir->mnt;
	out->dentry = d;
	return 0;
}

/* vfs_open - see vfs.h. */
int vfs_open(struct task *t, int dirfd, const char *path, int flags,
	     u32 mode, struct file **out)
{
	return vfs_open_lookup(t, dirfd, path, flags, mode, 0, out);
}

/* vfs_open_lookup - see vfs_internal.h. */
int vfs_open_lookup(struct task *t, int dirfd, const char *path, int flags,
		    u32 mode, unsigned int lflags, struct file **out)
{
	char last[VFS_NAME_MAX + 1];
	struct path p, dir;
	bool trailing, created = false;
	unsigned int lf;
	int ret;

	if ((flags & O_ACCMODE) == 3 && !(flags & O_PATH))
		return -EINVAL;
	if (!(flags & O_CREAT) || (flags & O_PATH)) {
		lf = lflags | ((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
		if (flags & O_DIRECTORY)
			lf |= LOOKUP_DIRECTORY;
		ret = vfs_lookup(t, dirfd, path, lf, &p, NULL, NULL);
		if (ret)
			return ret;
		if ((flags & O_NOFOLLOW) && !(flags & O_PATH) &&
		    S_ISLNK(p.dentry->inode->mode)) {
			path_put(&p);
			return -ELOOP;
		}
		goto open;
	}
	ret = vfs_lookup(t, dirfd, path, lflags | LOOKUP_PARENT, &dir, last,
			 &trailing);
	if (ret)
		return ret;
	if (!last[0] || !kstrcmp(last, ".") || !kstrcmp(last, "..") ||
	    trailing) {
		path_put(&dir);
		return -EISDIR;
	}
	ret = vfs_lookup_child(t, &dir, last, &p);
	if (ret == -ENOENT) {
		ret = open_create(t, &dir, last, mode, &p);
		created = !ret;
	} else if (!ret && (lflags & LOOKUP_NO_XDEV) && p.mnt != dir.mnt) {
		path_put(&p);
		ret = -EXDEV;
	} else if (!ret) {
		if (flags & O_EXCL) {
			path_put(&p);
			ret = -EEXIST;
		} else if (S_ISLNK(p.dentry->inode->mode)) {
			path_put(&p);
			if (flags & O_NOFOLLOW)
				ret = -ELOOP;
			else
				ret = vfs_lookup(t, dirfd, path,
						 lflags | LOOKUP_FOLLOW, &p,
						 NULL, NULL);
		}
	}
	path_put(&dir);
	if (ret)
		return ret;
open:
	ret = file_open_path(created ? NULL : t, &p,
			     created ? (flags & ~O_TRUNC) : flags, out);
	path_put(&p);
	return ret;
}

/* vfs_read - see vfs_internal.h. */
ssize_t vfs_read(struct file *f, struct uio *u, loff_t *pos)
{
	ssize_t ret;

	if (!file_readable(f))
		return -EBADF;
	if (f->inode && S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->ops || !f->ops->read)
		return -EINVAL;
	if (!u->len)
		return 0;
	ret = f->ops->read(f, u, pos ? pos : &f->pos);
	if (ret > 0)
		fsnotify_access(f);
	return ret;
}

/* vfs_write - see vfs_internal.h. */
ssize_t vfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	ssize_t ret;

	if (!file_writable(f))
		return -EBADF;
	if (!f->ops || !f->ops->write)
		return -EINVAL;
	ret = f->ops->write(f, u, pos ? pos : &f->pos);
	if (ret > 0)
		fsnotify_modify(f);
	return ret;
}

/* kernel_read - see vfs.h. */
ssize_t kernel_read(struct file *f, void *buf, size_t len, loff_t off)
{
	struct uio u = { .mm = NULL, .kbuf = buf, .len = len };

	if (!f->ops || !f->ops->read)
		return -EINVAL;
	if (f->inode && S_ISDIR(f->inode->mode))
		return -EISDIR;
	return f->ops->read(f, &u, &off);
}

/* vfs_may_exec - see vfs.h. */
int vfs_may_exec(struct task *t, struct file *f)
{
	if (!f->inode || !S_ISREG(f->inode->mode))
		return -EACCES;
	if (f->mnt && (f->mnt->flags & MNT_NOEXEC))
		return -EACCES;
	if (!(f->inode->mode & 0111))
		return -EACCES;
	return inode_permission(t, f->inode, MAY_EXEC);
}

/* file_path - see vfs.h. */
int file_path(struct file *f, char *buf, size_t size)
{
	struct path p, root;

	if (!f->dentry || !f->mnt)
		return -ENOENT;
	p.mnt = f->mnt;
	p.dentry = f->dentry;
	root.mnt = root_mount;
	root.dentry = root_mount->root;
	return path_string(&p, &root, buf, size);
}

/* generic_llseek - see vfs_internal.h. */
loff_t generic_llseek(struct file *f, loff_t off, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		if (f->inode->iops && f->inode->iops->revalidate)
			f->inode->iops->revalidate(f->inode);
		base = f->inode->size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (off < 0 || off >= f->inode->size)
			return -ENXIO;
		if (whence == SEEK_HOLE)
			off = f->inode->size;
		base = 0;
		break;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}
