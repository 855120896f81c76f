/* SPDX-License-Identifier: MIT */
/*
 * hostfs: the bundle's rootfs and bind mounts, served by vmm through
 * hostcalls. Each inode remembers its path relative to the mount's host
 * directory handle (the handle vmm confines lookups to); inodes are cached
 * by host (dev, ino) so hard links share one inode. File data moves through
 * a bounce buffer in sandbox memory.
 *
 * While a file has MAP_SHARED mappings its data is also in the page cache
 * (fs/pagecache.h): read() reads the cached pages, write() goes to the
 * host and updates them, and dirty pages go back to the host on msync,
 * fsync, close and the last munmap.
 *
 * On a read-only mount, the read-only opens of a regular file share one
 * host handle (every read is a pread at an explicit offset), and up to
 * HOSTFS_RO_IDLE_MAX handles stay open after their last close: opening a
 * file again costs no host call. Like the inode cache itself, this
 * assumes the host does not replace the files of a read-only mount.
 */
#include "abi/hostcall.h"
#include "fs/pagecache.h"
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"

#define HOSTFS_CHUNK (64 * 1024)
/* Shared read-only handles kept open while no file uses them, per mount. */
#define HOSTFS_RO_IDLE_MAX 32
/* Offset of d_name in a linux_dirent64 record (sizeof rounds it up to 24). */
#define DIRENT_NAME_OFF offsetof(struct linux_dirent64, d_name)

struct hostfs_sb {
	s64 root;		/* host directory handle */
	bool readonly;
	struct list_head ro_idle;	/* nodes whose shared handle is unused, LRU first */
	unsigned int n_ro_idle;
};

struct hostfs_node {
	char *path;		/* relative to the root handle; "" is the root */
	u64 host_dev, host_ino;
	struct file *pc_file;	/* referenced open file the page cache uses */
	s64 ro_handle;		/* shared read-only handle, or -1 */
	unsigned int ro_users;	/* open files using ro_handle */
	struct list_head ro_link;	/* in ro_idle while ro_users is 0 */
};

struct hostfs_file {
	s64 handle;
	bool shared;		/* handle is the node's ro_handle */
	loff_t dir_hostpos;	/* directory position of the host handle */
};

static const struct inode_ops hostfs_iops;
static const struct file_ops hostfs_file_fops;
static const struct file_ops hostfs_dir_fops;
static const struct pc_ops hostfs_pc_ops;

static struct hostfs_node *HN(struct inode *i)
{
	return i->priv;
}

static struct hostfs_sb *HSB(struct inode *i)
{
	return i->sb->priv;
}

/* A kmalloc'ed (so hostcall-addressable) copy of "dir/name". */
static char *hostfs_join(const char *dir, const char *name)
{
	size_t dl = kstrlen(dir), nl = name ? kstrlen(name) : 0;
	char *p = hc_dma_alloc(dl + nl + 3);

	if (!p)
		return NULL;
	if (!dl && !nl) {
		kstrlcpy(p, ".", 2);
		return p;
	}
	memcpy(p, dir, dl);
	if (nl) {
		if (dl)
			p[dl++] = '/';
		memcpy(p + dl, name, nl);
	}
	p[dl + nl] = '\0';
	return p;
}

static void hostfs_apply(struct inode *i, const struct hc_stat *st)
{
	i->mode = st->mode;
	i->uid = st->uid;
	i->gid = st->gid;
	i->nlink = st->nlink;
	i->size = st->size;
	i->blocks = st->blocks;
	i->rdev = st->rdev;
	i->atime.sec = st->atime_sec;
	i->atime.nsec = st->atime_nsec;
	i->mtime.sec = st->mtime_sec;
	i->mtime.nsec = st->mtime_nsec;
	i->ctime.sec = st->ctime_sec;
	i->ctime.nsec = st->ctime_nsec;
}

/* HC_FSTATAT (no follow) of @path into a kmalloc'ed hc_stat. */
static int hostfs_stat(struct hostfs_sb *hs, const char *path,
		       struct hc_stat *st)
{
	return (int)hostcall(HC_FSTATAT, hs->root, hc_pa(path), kstrlen(path),
			     1, hc_pa(st), 0);
}

/* The cached inode for @st, or a new one for @path (consumed). */
static struct inode *hostfs_inode(struct super *sb, char *path,
				  const struct hc_stat *st)
{
	struct inode *i;
	struct hostfs_node *n;

	list_for_each_entry(i, &sb->inodes, sb_link) {
		if (HN(i)->host_dev == st->dev && HN(i)->host_ino == st->ino) {
			inode_get(i);
			hostfs_apply(i, st);
			kfree(path);
			return i;
		}
	}
	i = inode_alloc(sb, st->mode);
	n = kzalloc(sizeof(*n));
	if (!i || !n) {
		kfree(n);
		inode_put(i);
		kfree(path);
		return NULL;
	}
	n->path = path;
	n->host_dev = st->dev;
	n->host_ino = st->ino;
	n->ro_handle = -1;
	INIT_LIST_HEAD(&n->ro_link);
	i->priv = n;
	i->ino = st->ino;
	i->iops = &hostfs_iops;
	if (S_ISDIR(st->mode))
		i->fops = &hostfs_dir_fops;
	else if (S_ISREG(st->mode))
		i->fops = &hostfs_file_fops;
	/* Empty until the file is mapped shared; NULL only degrades mmap. */
	if (S_ISREG(st->mode))
		i->pcache = pagecache_create(i, &hostfs_pc_ops, true);
	hostfs_apply(i, st);
	list_add(&i->sb_link, &sb->inodes);
	return i;
}

static int hostfs_lookup(struct inode *dir, const char *name,
			 struct inode **out)
{
	struct hc_stat *st = hc_dma_alloc(sizeof(*st));
	char *path = hostfs_join(HN(dir)->path, name);
	int ret;

	if (!st || !path) {
		kfree(st);
		kfree(path);
		return -ENOMEM;
	}
	ret = hostfs_stat(HSB(dir), path, st);
	if (!ret) {
		*out = hostfs_inode(dir->sb, path, st);
		path = NULL;
		if (!*out)
			ret = -ENOMEM;
	}
	kfree(path);
	kfree(st);
	return ret;
}

static int hostfs_revalidate(struct inode *i)
{
	struct hc_stat *st = hc_dma_alloc(sizeof(*st));
	char *path = hostfs_join(HN(i)->path, NULL);
	int ret = -ENOMEM;

	if (st && path) {
		ret = hostfs_stat(HSB(i), path, st);
		if (!ret)
			hostfs_apply(i, st);
	}
	kfree(st);
	kfree(path);
	return ret;
}

/* Open the host file of @i; a handle or -errno. */
static s64 hostfs_open_handle(struct inode *i, int flags)
{
	char *path = hostfs_join(HN(i)->path, NULL);
	s64 h;

	if (!path)
		return -ENOMEM;
	h = hostcall(HC_OPENAT, HSB(i)->root, hc_pa(path), kstrlen(path),
		     flags, 0, 0);
	kfree(path);
	return h;
}

/* Close the shared read-only handle of idle node @n. */
static void hostfs_ro_drop(struct hostfs_sb *hs, struct hostfs_node *n)
{
	list_del_init(&n->ro_link);
	hs->n_ro_idle--;
	hostcall(HC_CLOSE, n->ro_handle, 0, 0, 0, 0, 0);
	n->ro_handle = -1;
}

/*
 * The shared read-only handle of regular file @i on a read-only mount,
 * opened on first use; one more user of it. A handle or -errno.
 */
static s64 hostfs_ro_get(struct inode *i)
{
	struct hostfs_node *n = HN(i);
	s64 h;

	if (n->ro_handle < 0) {
		h = hostfs_open_handle(i, O_RDONLY | O_NOFOLLOW);
		if (h < 0)
			return h;
		n->ro_handle = h;
	} else if (!n->ro_users) {
		list_del_init(&n->ro_link);
		HSB(i)->n_ro_idle--;
	}
	n->ro_users++;
	return n->ro_handle;
}

/* A file of @i stopped using the shared handle: keep it, up to a bound. */
static void hostfs_ro_put(struct inode *i)
{
	struct hostfs_sb *hs = HSB(i);
	struct hostfs_node *n = HN(i);

	if (--n->ro_users)
		return;
	list_add_tail(&n->ro_link, &hs->ro_idle);
	hs->n_ro_idle++;
	while (hs->n_ro_idle > HOSTFS_RO_IDLE_MAX)
		hostfs_ro_drop(hs, list_first_entry(&hs->ro_idle,
						    struct hostfs_node,
						    ro_link));
}

static int hostfs_open(struct inode *i, struct file *f)
{
	struct hostfs_file *hf;
	int flags = f->flags & (O_ACCMODE | O_APPEND);
	s64 h;

	if (!S_ISREG(i->mode) && !S_ISDIR(i->mode))
		return 0;
	if (S_ISDIR(i->mode))
		flags = O_RDONLY | O_DIRECTORY;
	hf = kzalloc(sizeof(*hf));
	if (!hf)
		return -ENOMEM;
	hf->shared = S_ISREG(i->mode) && HSB(i)->readonly &&
		     (flags & O_ACCMODE) == O_RDONLY;
	if (hf->shared)
		h = hostfs_ro_get(i);
	else
		h = hostfs_open_handle(i, flags | O_NOFOLLOW);
	if (h < 0) {
		kfree(hf);
		return (int)h;
	}
	hf->handle = h;
	f->priv = hf;
	return 0;
}

static void hostfs_release(struct file *f)
{
	struct hostfs_file *hf = f->priv;

	if (!hf)
		return;
	/* close(2) writes back what shared mappings changed. */
	pagecache_writeback(f->inode->pcache, 0, ~0ULL);
	if (hf->shared)
		hostfs_ro_put(f->inode);
	else
		hostcall(HC_CLOSE, hf->handle, 0, 0, 0, 0, 0);
	kfree(hf);
	f->priv = NULL;
}

/*
 * The host handle the page cache of @i reads and writes through: that of
 * an open file mapped shared (it works for unlinked files, too).
 */
static s64 hostfs_pc_handle(struct inode *i)
{
	struct file *f = HN(i)->pc_file;
	struct hostfs_file *hf = f ? f->priv : NULL;

	return hf ? hf->handle : -EBADF;
}

/* A shared mapping of @f: keep it (a writable one if any) for the I/O. */
static void hostfs_pc_map(struct inode *i, struct file *f)
{
	struct hostfs_node *n = HN(i);
	struct file *old = n->pc_file;

	if (!f->priv || f == old)
		return;
	if (old && (!file_writable(f) || file_writable(old)))
		return;
	file_get(f);
	n->pc_file = f;
	if (old)
		file_put(old);
}

static int hostfs_pc_fill(struct inode *i, u64 index, paddr_t pa)
{
	s64 h = hostfs_pc_handle(i);
	long n;

	if (h < 0)
		return (int)h;
	/* Short reads (end of file) leave the rest of the page zero. */
	n = hostcall(HC_PREAD, h, pa, PAGE_SIZE, index << PAGE_SHIFT, 0, 0);
	return n < 0 ? (int)n : 0;
}

static int hostfs_pc_writeback(struct inode *i, u64 index, paddr_t pa,
			       size_t len)
{
	s64 h = hostfs_pc_handle(i);
	long n;

	if (h < 0)
		return (int)h;
	n = hostcall(HC_PWRITE, h, pa, len, index << PAGE_SHIFT, 0, 0);
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

static void hostfs_pc_dropped(struct inode *i)
{
	struct hostfs_node *n = HN(i);
	struct file *f = n ? n->pc_file : NULL;

	if (f) {
		n->pc_file = NULL;
		file_put(f);
	}
}

static const struct pc_ops hostfs_pc_ops = {
	.fill = hostfs_pc_fill,
	.writeback = hostfs_pc_writeback,
	.map = hostfs_pc_map,
	.dropped = hostfs_pc_dropped,
};

/* read() of a file whose pages are cached (it is mapped shared). */
static ssize_t hostfs_read_cached(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *i = f->inode;
	ssize_t n;

	hostfs_revalidate(i);
	if (*pos >= i->size)
		return 0;
	n = pagecache_read(i->pcache, u, *pos,
			   min((u64)u->len, (u64)(i->size - *pos)), true);
	if (n > 0)
		*pos += n;
	return n;
}

static ssize_t hostfs_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct hostfs_file *hf = f->priv;
	size_t done = 0, chunk = min((size_t)HOSTFS_CHUNK, u->len);
	u8 *buf;
	long n;
	int ret;

	if (!hf)
		return -EBADF;
	if (*pos < 0)
		return -EINVAL;
	if (f->inode->pcache && f->inode->pcache->npages)
		return hostfs_read_cached(f, u, pos);
	buf = hc_dma_alloc(chunk);
	if (!buf)
		return -ENOMEM;
	while (done < u->len) {
		size_t want = min(chunk, u->len - done);

		n = hostcall(HC_PREAD, hf->handle, hc_pa(buf), want,
			     *pos + done, 0, 0);
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		ret = uio_copy_to(u, done, buf, n);
		if (ret) {
			if (!done)
				done = ret;
			break;
		}
		done += n;
		if ((size_t)n < want)
			break;
	}
	kfree(buf);
	if ((ssize_t)done > 0)
		*pos += done;
	return done;
}

static ssize_t hostfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct hostfs_file *hf = f->priv;
	size_t done = 0, chunk = min((size_t)HOSTFS_CHUNK, u->len);
	loff_t p = *pos;
	u8 *buf;
	long n;
	int ret;

	if (!hf)
		return -EBADF;
	if (!u->len)
		return 0;
	if (f->flags & O_APPEND) {
		hostfs_revalidate(f->inode);
		p = f->inode->size;
	}
	buf = hc_dma_alloc(chunk);
	if (!buf)
		return -ENOMEM;
	while (done < u->len) {
		size_t want = min(chunk, u->len - done);

		ret = uio_copy_from(u, done, buf, want);
		if (ret) {
			if (!done)
				done = ret;
			break;
		}
		n = hostcall(HC_PWRITE, hf->handle, hc_pa(buf), want, p + done,
			     0, 0);
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		done += n;
		if ((size_t)n < want)
			break;
	}
	kfree(buf);
	if ((ssize_t)done > 0) {
		pagecache_update(f->inode->pcache, u, p, done);
		*pos = p + done;
		if (*pos > f->inode->size)
			f->inode->size = *pos;
	}
	return done;
}

static int hostfs_iterate(struct file *f, struct dir_ctx *ctx)
{
	struct hostfs_file *hf = f->priv;
	u8 *buf;
	long n, off;
	int ret = 0;

	if (!hf)
		return -EBADF;
	buf = hc_dma_alloc(4096);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (ctx->pos != hf->dir_hostpos) {
			long s = hostcall(HC_SEEK, hf->handle, ctx->pos,
					  SEEK_SET, 0, 0, 0);
			if (s < 0) {
				ret = (int)s;
				break;
			}
			hf->dir_hostpos = ctx->pos;
		}
		n = hostcall(HC_GETDENTS, hf->handle, hc_pa(buf), 4096, 0, 0,
			     0);
		if (n <= 0) {
			ret = (int)n;
			break;
		}
		hf->dir_hostpos = -1;	/* somewhere past ctx->pos */
		for (off = 0; off + (long)DIRENT_NAME_OFF < n;) {
			struct linux_dirent64 *de = (void *)(buf + off);

			if (de->d_reclen <= DIRENT_NAME_OFF || off + de->d_reclen > n)
				goto out;
			if (!ctx->emit(ctx, de->d_name,
				       kstrnlen(de->d_name, de->d_reclen -
							DIRENT_NAME_OFF),
				       de->d_ino, de->d_type))
				goto out;
			ctx->pos = de->d_off;
			off += de->d_reclen;
		}
	}
out:
	kfree(buf);
	return ret;
}

static int hostfs_readlink(struct inode *i, char *buf, size_t size)
{
	char *path = hostfs_join(HN(i)->path, NULL);
	char *b = hc_dma_alloc(size ? size : 1);
	long n = -ENOMEM;

	if (path && b) {
		n = hostcall(HC_READLINKAT, HSB(i)->root, hc_pa(path),
			     kstrlen(path), hc_pa(b), size, 0);
		if (n > 0)
			memcpy(buf, b, n);
	}
	kfree(path);
	kfree(b);
	return (int)n;
}

/* Look up a freshly made @name of @dir. */
static int hostfs_after_create(struct inode *dir, const char *name,
			       struct inode **out)
{
	return hostfs_lookup(dir, name, out);
}

static int hostfs_create_file(struct inode *dir, const char *name, u32 mode,
			 u32 uid, u32 gid, struct inode **out)
{
	char *path = hostfs_join(HN(dir)->path, name);
	long h;

	if (!path)
		return -ENOMEM;
	if (!S_ISREG(mode)) {
		kfree(path);
		return -EPERM;
	}
	h = hostcall(HC_OPENAT, HSB(dir)->root, hc_pa(path), kstrlen(path),
		     O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, mode & 07777, 0);
	kfree(path);
	if (h < 0)
		return (int)h;
	hostcall(HC_CLOSE, h, 0, 0, 0, 0, 0);
	return hostfs_after_create(dir, name, out);
}

static int hostfs_mkdir(struct inode *dir, const char *name, u32 mode,
			u32 uid, u32 gid, struct inode **out)
{
	char *path = hostfs_join(HN(dir)->path, name);
	long r;

	if (!path)
		return -ENOMEM;
	r = hostcall(HC_MKDIRAT, HSB(dir)->root, hc_pa(path), kstrlen(path),
		     mode & 07777, 0, 0);
	kfree(path);
	if (r < 0)
		return (int)r;
	return hostfs_after_create(dir, name, out);
}

static int hostfs_symlink(struct inode *dir, const char *name,
			  const char *target, u32 uid, u32 gid,
			  struct inode **out)
{
	char *path = hostfs_join(HN(dir)->path, name);
	char *t = hostfs_join(target, NULL);
	long r = -ENOMEM;

	if (path && t)
		r = hostcall(HC_SYMLINKAT, hc_pa(t), kstrlen(t), HSB(dir)->root,
			     hc_pa(path), kstrlen(path), 0);
	kfree(path);
	kfree(t);
	if (r < 0)
		return (int)r;
	return hostfs_after_create(dir, name, out);
}

static int hostfs_link(struct inode *old, struct inode *dir, const char *name)
{
	char *op = hostfs_join(HN(old)->path, NULL);
	char *np = hostfs_join(HN(dir)->path, name);
	long r = -ENOMEM;

	if (old->sb != dir->sb)
		r = -EXDEV;
	else if (op && np)
		r = hostcall(HC_LINKAT, HSB(dir)->root, hc_pa(op), kstrlen(op),
			     HSB(dir)->root, hc_pa(np), kstrlen(np));
	kfree(op);
	kfree(np);
	if (!r)
		old->nlink++;
	return (int)r;
}

static int hostfs_remove(struct inode *dir, const char *name, int flags)
{
	char *path = hostfs_join(HN(dir)->path, name);
	long r;

	if (!path)
		return -ENOMEM;
	r = hostcall(HC_UNLINKAT, HSB(dir)->root, hc_pa(path), kstrlen(path),
		     flags, 0, 0);
	kfree(path);
	return (int)r;
}

static int hostfs_unlink(struct inode *dir, const char *name,
			 struct inode *victim)
{
	int r = hostfs_remove(dir, name, 0);

	if (!r && victim->nlink)
		victim->nlink--;
	return r;
}

static int hostfs_rmdir(struct inode *dir, const char *name,
			struct inode *victim)
{
	int r = hostfs_remove(dir, name, AT_REMOVEDIR);

	if (!r)
		victim->nlink = 0;
	return r;
}

/* After a rename, cached inodes under @from now live under @to. */
static void hostfs_repath(struct super *sb, const char *from, const char *to)
{
	size_t fl = kstrlen(from), tl = kstrlen(to);
	struct inode *i;

	list_for_each_entry(i, &sb->inodes, sb_link) {
		char *p = HN(i)->path, *np;
		size_t pl = kstrlen(p);

		if (kstrncmp(p, from, fl) || (p[fl] && p[fl] != '/'))
			continue;
		np = kmalloc(tl + pl - fl + 1);
		if (!np)
			continue;
		memcpy(np, to, tl);
		memcpy(np + tl, p + fl, pl - fl + 1);
		kfree(p);
		HN(i)->path = np;
	}
}

static int hostfs_rename(struct inode *odir, const char *oname,
			 struct inode *ndir, const char *nname,
			 unsigned int flags)
{
	char *op = hostfs_join(HN(odir)->path, oname);
	char *np = hostfs_join(HN(ndir)->path, nname);
	long r = -ENOMEM;

	if (flags)
		r = -EINVAL;
	else if (op && np)
		r = hostcall(HC_RENAMEAT, HSB(odir)->root, hc_pa(op),
			     kstrlen(op), HSB(ndir)->root, hc_pa(np),
			     kstrlen(np));
	if (!r)
		hostfs_repath(odir->sb, op, np);
	kfree(op);
	kfree(np);
	return (int)r;
}

static int hostfs_setattr(struct inode *i, const struct iattr *ia)
{
	struct hc_timespec *ts = NULL;
	int acc = (ia->valid & ATTR_SIZE) ? O_WRONLY : O_RDONLY;
	long r = 0;
	s64 h;

	if (S_ISLNK(i->mode))
		return -EPERM;
	if (S_ISDIR(i->mode))
		acc = O_RDONLY | O_DIRECTORY;
	h = hostfs_open_handle(i, acc | O_NOFOLLOW);
	if (h < 0)
		return (int)h;
	if (ia->valid & ATTR_SIZE)
		r = hostcall(HC_FTRUNCATE, h, ia->size, 0, 0, 0, 0);
	if (!r && (ia->valid & ATTR_SIZE) && ia->size < i->size)
		pagecache_truncate(i->pcache, ia->size);
	if (!r && (ia->valid & ATTR_MODE))
		r = hostcall(HC_FCHMOD, h, ia->mode & 07777, 0, 0, 0, 0);
	if (!r && (ia->valid & (ATTR_UID | ATTR_GID)))
		r = hostcall(HC_FCHOWN, h,
			     (ia->valid & ATTR_UID) ? ia->uid : (u32)-1,
			     (ia->valid & ATTR_GID) ? ia->gid : (u32)-1, 0, 0,
			     0);
	if (!r && (ia->valid & (ATTR_ATIME | ATTR_MTIME))) {
		ts = hc_dma_alloc(2 * sizeof(*ts));
		if (!ts) {
			r = -ENOMEM;
		} else {
			ts[0].sec = ia->atime.sec;
			ts[0].nsec = (ia->valid & ATTR_ATIME) ? ia->atime.nsec :
								UTIME_OMIT;
			ts[1].sec = ia->mtime.sec;
			ts[1].nsec = (ia->valid & ATTR_MTIME) ? ia->mtime.nsec :
								UTIME_OMIT;
			r = hostcall(HC_UTIMENS, h, hc_pa(ts), 0, 0, 0, 0);
			kfree(ts);
		}
	}
	hostcall(HC_CLOSE, h, 0, 0, 0, 0, 0);
	hostfs_revalidate(i);
	return (int)r;
}

static int hostfs_fsync(struct file *f)
{
	struct hostfs_file *hf = f->priv;
	int err = pagecache_writeback(f->inode->pcache, 0, ~0ULL);

	if (!hf)
		return err;
	if (err)
		return -EIO;
	return (int)hostcall(HC_FSYNC, hf->handle, 0, 0, 0, 0, 0);
}

static void hostfs_evict(struct inode *i)
{
	/* No shared mapping holds the inode: the cache is empty. */
	pagecache_destroy(i->pcache);
	i->pcache = NULL;
	/* No open file holds the inode: its shared handle is idle. */
	if (HN(i) && HN(i)->ro_handle >= 0 && !HN(i)->ro_users)
		hostfs_ro_drop(HSB(i), HN(i));
	if (HN(i)) {
		kfree(HN(i)->path);
		kfree(HN(i));
	}
}

static int hostfs_statfs(struct super *sb, u64 *blocks, u64 *bfree,
			 u64 *files, u64 *ffree)
{
	*blocks = 1u << 24;
	*bfree = 1u << 23;
	*files = 1u << 20;
	*ffree = 1u << 19;
	return 0;
}

static const struct inode_ops hostfs_iops = {
	.lookup = hostfs_lookup,
	.create = hostfs_create_file,
	.mkdir = hostfs_mkdir,
	.symlink = hostfs_symlink,
	.link = hostfs_link,
	.unlink = hostfs_unlink,
	.rmdir = hostfs_rmdir,
	.rename = hostfs_rename,
	.readlink = hostfs_readlink,
	.setattr = hostfs_setattr,
	.revalidate = hostfs_revalidate,
	.open = hostfs_open,
};

static const struct file_ops hostfs_file_fops = {
	.read = hostfs_read,
	.write = hostfs_write,
	.release = hostfs_release,
	.fsync = hostfs_fsync,
};

static const struct file_ops hostfs_dir_fops = {
	.iterate = hostfs_iterate,
	.release = hostfs_release,
	.fsync = hostfs_fsync,
};

static const struct super_ops hostfs_sops = {
	.evict = hostfs_evict,
	.statfs = hostfs_statfs,
};

/* hostfs_create - see vfs_internal.h. */
struct super *hostfs_create(s64 handle, bool readonly)
{
	struct hostfs_sb *hs = kzalloc(sizeof(*hs));
	struct hc_stat *st = hc_dma_alloc(sizeof(*st));
	char *path = hostfs_join("", NULL);
	struct super *sb = NULL;

	if (!hs || !st || !path)
		goto fail;
	hs->root = handle;
	hs->readonly = readonly;
	INIT_LIST_HEAD(&hs->ro_idle);
	if (hostcall(HC_FSTAT, handle, hc_pa(st), 0, 0, 0, 0) < 0 ||
	    !S_ISDIR(st->mode)) {
		pr_err("hostfs: handle %lld is not a directory\n",
		       (long long)handle);
		goto fail;
	}
	sb = super_alloc("hostfs", 0x01021994 /* like tmpfs: opaque */,
			 &hostfs_sops);
	if (!sb)
		goto fail;
	sb->priv = hs;
	kfree(path);
	path = hostfs_join("", NULL);
	/* The root's path is "" so children are "name", not "./name". */
	if (path)
		path[0] = '\0';
	sb->root = path ? hostfs_inode(sb, path, st) : NULL;
	path = NULL;
	if (!sb->root) {
		kfree(sb);
		sb = NULL;
		goto fail;
	}
	kfree(st);
	return sb;
fail:
	kfree(hs);
	kfree(st);
	kfree(path);
	return NULL;
}
