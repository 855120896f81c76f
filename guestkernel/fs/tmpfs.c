/* SPDX-License-Identifier: MIT */
/*
 * tmpfs: files, directories and symlinks in sentry memory. Regular file
 * data lives in page-cache pages (fs/pagecache.h), allocated on first
 * write, charged against the mount's size= limit and mapped directly by
 * MAP_SHARED mappings. memfd_create files are unlinked tmpfs files of an
 * internal mount, with seals.
 */
#include <linux/fcntl.h>
#include <linux/memfd.h>
#include <linux/falloc.h>

#include "fs/vfs_internal.h"
#include "fs/pagecache.h"
#include "fs/tmpfs.h"
#include "platform/platform.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

struct tmpfs_sb {
	u64 max_bytes;		/* 0: unlimited */
	u64 used;
};

struct tmpfs_dirent {
	struct list_head link;
	char *name;
	struct inode *inode;	/* referenced */
};

struct tmpfs_node {
	struct list_head entries;	/* directories */
	u64 parent_ino;
	char *target;			/* symlinks */
};

/* Maximum file size. */
#define TMPFS_MAX_SIZE (1ll << 40)

static const struct inode_ops tmpfs_iops;
static const struct file_ops tmpfs_file_fops;
static const struct file_ops tmpfs_dir_fops;

static struct tmpfs_node *TN(struct inode *i)
{
	return i->priv;
}

/* Charge page allocations of a file against the mount's size limit. */
static int tmpfs_charge(struct inode *i, long delta)
{
	struct tmpfs_sb *ts = i->sb->priv;
	u64 bytes = (u64)(delta < 0 ? -delta : delta) << PAGE_SHIFT;

	if (delta < 0) {
		ts->used -= min(bytes, ts->used);
		i->blocks -= min(bytes / 512, i->blocks);
		return 0;
	}
	if (ts->max_bytes && ts->used + bytes > ts->max_bytes)
		return -ENOSPC;
	ts->used += bytes;
	i->blocks += bytes / 512;
	return 0;
}

static const struct pc_ops tmpfs_pc_ops = {
	.charge = tmpfs_charge,
};

static struct inode *tmpfs_new_inode(struct super *sb, u32 mode, u32 uid,
				     u32 gid)
{
	struct inode *i = inode_alloc(sb, mode);
	struct tmpfs_node *n;

	if (!i)
		return NULL;
	n = kzalloc(sizeof(*n));
	if (!n) {
		inode_put(i);
		return NULL;
	}
	INIT_LIST_HEAD(&n->entries);
	i->priv = n;
	i->uid = uid;
	i->gid = gid;
	i->iops = &tmpfs_iops;
	if (S_ISDIR(mode)) {
		i->fops = &tmpfs_dir_fops;
		i->nlink = 2;
	} else if (S_ISREG(mode)) {
		i->fops = &tmpfs_file_fops;
		i->pcache = pagecache_create(i, &tmpfs_pc_ops, false);
		if (!i->pcache) {
			inode_put(i);
			return NULL;
		}
	}
	return i;
}

static void tmpfs_evict(struct inode *i)
{
	struct tmpfs_node *n = TN(i);
	struct tmpfs_sb *ts = i->sb->priv;
	struct tmpfs_dirent *e, *tmp;

	if (!n)
		return;
	list_for_each_entry_safe(e, tmp, &n->entries, link) {
		list_del(&e->link);
		inode_put(e->inode);
		kfree(e->name);
		kfree(e);
	}
	(void)ts;
	pagecache_destroy(i->pcache);
	i->pcache = NULL;
	kfree(n->target);
	kfree(n);
}

static struct tmpfs_dirent *tmpfs_find(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *e;

	list_for_each_entry(e, &TN(dir)->entries, link)
		if (!kstrcmp(e->name, name))
			return e;
	return NULL;
}

static int tmpfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct tmpfs_dirent *e = tmpfs_find(dir, name);

	if (!e)
		return -ENOENT;
	inode_get(e->inode);
	*out = e->inode;
	return 0;
}

/* Link @i into @dir as @name (takes a new reference on @i). */
static int tmpfs_add(struct inode *dir, const char *name, struct inode *i)
{
	struct tmpfs_dirent *e;

	if (tmpfs_find(dir, name))
		return -EEXIST;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->name = kstrdup(name);
	if (!e->name) {
		kfree(e);
		return -ENOMEM;
	}
	inode_get(i);
	e->inode = i;
	list_add_tail(&e->link, &TN(dir)->entries);
	if (S_ISDIR(i->mode)) {
		dir->nlink++;
		TN(i)->parent_ino = dir->ino;
	}
	dir->mtime = dir->ctime = vfs_now();
	return 0;
}

static void tmpfs_del(struct inode *dir, struct tmpfs_dirent *e)
{
	list_del(&e->link);
	if (S_ISDIR(e->inode->mode))
		dir->nlink--;
	dir->mtime = dir->ctime = vfs_now();
	inode_put(e->inode);
	kfree(e->name);
	kfree(e);
}

static int tmpfs_mknode(struct inode *dir, const char *name, u32 mode,
			u32 uid, u32 gid, struct inode **out)
{
	struct inode *i;
	int ret;

	if (tmpfs_find(dir, name))
		return -EEXIST;
	i = tmpfs_new_inode(dir->sb, mode, uid, gid);
	if (!i)
		return -ENOMEM;
	ret = tmpfs_add(dir, name, i);
	if (ret) {
		inode_put(i);
		return ret;
	}
	*out = i;
	return 0;
}

static int tmpfs_symlink(struct inode *dir, const char *name,
			 const char *target, u32 uid, u32 gid,
			 struct inode **out)
{
	struct inode *i;
	char *t = kstrdup(target);
	int ret;

	if (!t)
		return -ENOMEM;
	ret = tmpfs_mknode(dir, name, S_IFLNK | 0777, uid, gid, &i);
	if (ret) {
		kfree(t);
		return ret;
	}
	TN(i)->target = t;
	i->size = kstrlen(t);
	*out = i;
	return 0;
}

static int tmpfs_link(struct inode *old, struct inode *dir, const char *name)
{
	int ret;

	if (old->sb != dir->sb)
		return -EXDEV;
	ret = tmpfs_add(dir, name, old);
	if (!ret) {
		old->nlink++;
		old->ctime = vfs_now();
	}
	return ret;
}

static int tmpfs_unlink(struct inode *dir, const char *name,
			struct inode *victim)
{
	struct tmpfs_dirent *e = tmpfs_find(dir, name);

	if (!e)
		return -ENOENT;
	if (S_ISDIR(e->inode->mode))
		return -EISDIR;
	e->inode->nlink--;
	e->inode->ctime = vfs_now();
	tmpfs_del(dir, e);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, const char *name,
		       struct inode *victim)
{
	struct tmpfs_dirent *e = tmpfs_find(dir, name);

	if (!e)
		return -ENOENT;
	if (!S_ISDIR(e->inode->mode))
		return -ENOTDIR;
	if (!list_empty(&TN(e->inode)->entries))
		return -ENOTEMPTY;
	e->inode->nlink = 0;
	tmpfs_del(dir, e);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oname,
			struct inode *ndir, const char *nname,
			unsigned int flags)
{
	struct tmpfs_dirent *oe = tmpfs_find(odir, oname);
	struct tmpfs_dirent *ne = tmpfs_find(ndir, nname);
	struct inode *src;
	int ret;

	if (!oe)
		return -ENOENT;
	if (oe == ne)
		return 0;
	if ((flags & RENAME_NOREPLACE) && ne)
		return -EEXIST;
	if (flags & RENAME_EXCHANGE) {
		struct inode *tmp;

		if (!ne)
			return -ENOENT;
		if (S_ISDIR(oe->inode->mode) != S_ISDIR(ne->inode->mode) &&
		    odir != ndir) {
			if (S_ISDIR(oe->inode->mode)) {
				odir->nlink--;
				ndir->nlink++;
			} else {
				odir->nlink++;
				ndir->nlink--;
			}
		}
		tmp = oe->inode;
		oe->inode = ne->inode;
		ne->inode = tmp;
		if (S_ISDIR(oe->inode->mode))
			TN(oe->inode)->parent_ino = odir->ino;
		if (S_ISDIR(ne->inode->mode))
			TN(ne->inode)->parent_ino = ndir->ino;
		return 0;
	}
	src = oe->inode;
	if (ne) {
		if (S_ISDIR(src->mode) && !S_ISDIR(ne->inode->mode))
			return -ENOTDIR;
		if (!S_ISDIR(src->mode) && S_ISDIR(ne->inode->mode))
			return -EISDIR;
		if (S_ISDIR(ne->inode->mode)) {
			if (!list_empty(&TN(ne->inode)->entries))
				return -ENOTEMPTY;
			ne->inode->nlink = 0;
		} else {
			ne->inode->nlink--;
		}
		tmpfs_del(ndir, ne);
	}
	inode_get(src);
	tmpfs_del(odir, oe);
	ret = tmpfs_add(ndir, nname, src);
	inode_put(src);
	src->ctime = vfs_now();
	return ret;
}

static int tmpfs_readlink(struct inode *i, char *buf, size_t size)
{
	size_t n;

	if (!S_ISLNK(i->mode) || !TN(i)->target)
		return -EINVAL;
	n = kstrlen(TN(i)->target);
	if (n > size)
		n = size;
	memcpy(buf, TN(i)->target, n);
	return (int)n;
}

static int tmpfs_setattr(struct inode *i, const struct iattr *ia)
{
	u32 seals = i->pcache ? i->pcache->seals : 0;

	if (ia->valid & ATTR_SIZE) {
		if (ia->size > TMPFS_MAX_SIZE)
			return -EFBIG;
		if (((seals & F_SEAL_SHRINK) && ia->size < i->size) ||
		    ((seals & F_SEAL_GROW) && ia->size > i->size))
			return -EPERM;
		/* Holes read as zero: pages come on the first write or fault. */
		if (ia->size < i->size)
			pagecache_truncate(i->pcache, ia->size);
		i->size = ia->size;
	}
	if (ia->valid & ATTR_MODE)
		i->mode = (i->mode & S_IFMT) | (ia->mode & 07777);
	if (ia->valid & ATTR_UID)
		i->uid = ia->uid;
	if (ia->valid & ATTR_GID)
		i->gid = ia->gid;
	if (ia->valid & ATTR_ATIME)
		i->atime = ia->atime;
	if (ia->valid & ATTR_MTIME)
		i->mtime = ia->mtime;
	i->ctime = vfs_now();
	return 0;
}

static ssize_t tmpfs_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *i = f->inode;
	ssize_t n;

	if (*pos < 0)
		return -EINVAL;
	if (*pos >= i->size)
		return 0;
	n = pagecache_read(i->pcache, u,  *pos,
			   min((u64)u->len, (u64)(i->size - *pos)), false);
	if (n > 0)
		*pos += n;
	return n;
}

static ssize_t tmpfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *i = f->inode;
	loff_t p = (f->flags & O_APPEND) ? i->size : *pos;
	size_t n = u->len;
	u32 seals = i->pcache->seals;
	ssize_t r;

	if (p < 0)
		return -EINVAL;
	if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EPERM;
	if (!n)
		return 0;
	if ((u64)p + n > (u64)TMPFS_MAX_SIZE)
		return -EFBIG;
	if ((seals & F_SEAL_GROW) && p + (loff_t)n > i->size)
		return -EPERM;
	r = pagecache_write(i->pcache, u, p, n);
	if (r <= 0)
		return r;
	if (p + r > i->size)
		i->size = p + r;
	i->mtime = i->ctime = vfs_now();
	*pos = p + r;
	return r;
}

/* Pages not yet cached in [@first, @last). */
static u64 tmpfs_missing_pages(struct page_cache *pc, u64 first, u64 last)
{
	u64 n = 0;

	for (; first < last; first++)
		if (!pagecache_lookup(pc, first))
			n++;
	return n;
}

/*
 * fallocate(2) as Linux's tmpfs: allocate (zeroed, charged pages; the size
 * grows unless FALLOC_FL_KEEP_SIZE) or punch a hole (with KEEP_SIZE).
 */
static int tmpfs_fallocate(struct file *f, int mode, loff_t off, loff_t len)
{
	struct inode *i = f->inode;
	struct page_cache *pc = i->pcache;
	struct tmpfs_sb *ts = i->sb->priv;
	loff_t end = off + len;
	u64 index, last;
	paddr_t pa;
	int ret;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if (pc->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EPERM;
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		pagecache_punch(pc, off, end);
		i->mtime = i->ctime = vfs_now();
		return 0;
	}
	if (end > TMPFS_MAX_SIZE)
		return -EFBIG;
	if ((pc->seals & F_SEAL_GROW) && !(mode & FALLOC_FL_KEEP_SIZE) &&
	    end > i->size)
		return -EPERM;
	index = (u64)off >> PAGE_SHIFT;
	last = PAGE_ALIGN((u64)end) >> PAGE_SHIFT;
	/* All or nothing against size=, like Linux. */
	if (ts->max_bytes &&
	    ts->used + (tmpfs_missing_pages(pc, index, last) << PAGE_SHIFT) >
		    ts->max_bytes)
		return -ENOSPC;
	for (; index < last; index++) {
		ret = pagecache_get(pc, index, &pa);
		if (ret)
			return ret;
	}
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > i->size)
		i->size = end;
	i->ctime = vfs_now();
	return 0;
}

static int tmpfs_iterate(struct file *f, struct dir_ctx *ctx)
{
	struct inode *dir = f->inode;
	struct tmpfs_dirent *e;
	loff_t k = 2;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		u64 pino = TN(dir)->parent_ino ? TN(dir)->parent_ino : dir->ino;

		if (!ctx->emit(ctx, "..", 2, pino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(e, &TN(dir)->entries, link) {
		if (k++ < ctx->pos)
			continue;
		if (!ctx->emit(ctx, e->name, kstrlen(e->name), e->inode->ino,
			       mode_to_dtype(e->inode->mode)))
			return 0;
		ctx->pos = k;
	}
	return 0;
}

static int tmpfs_statfs(struct super *sb, u64 *blocks, u64 *bfree, u64 *files,
			u64 *ffree)
{
	struct tmpfs_sb *ts = sb->priv;
	u64 max = ts->max_bytes ? ts->max_bytes : (u64)platform->pmem_size / 2;

	*blocks = max / PAGE_SIZE;
	*bfree = ts->used >= max ? 0 : (max - ts->used) / PAGE_SIZE;
	*files = 1u << 20;
	*ffree = *files - min(sb->next_ino, *files);
	return 0;
}

static const struct inode_ops tmpfs_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_mknode,
	.mkdir = tmpfs_mknode,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.setattr = tmpfs_setattr,
};

static const struct file_ops tmpfs_file_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.fallocate = tmpfs_fallocate,
};

static const struct file_ops tmpfs_dir_fops = {
	.iterate = tmpfs_iterate,
};

static const struct super_ops tmpfs_sops = {
	.evict = tmpfs_evict,
	.statfs = tmpfs_statfs,
};

/* Parse "size=64k,mode=1777,uid=0,gid=0". Unknown options are ignored. */
static void tmpfs_parse(const char *opts, u64 *size, u32 *mode, u32 *uid,
			u32 *gid)
{
	char buf[64];
	const char *p = opts;
	u64 v;

	while (p && *p) {
		size_t n = 0;
		char *eq;

		while (p[n] && p[n] != ',')
			n++;
		if (n < sizeof(buf)) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			eq = kstrchr(buf, '=');
			if (eq) {
				char *val = eq + 1;
				size_t vl = kstrlen(val);
				u64 mul = 1;

				*eq = '\0';
				if (!kstrcmp(buf, "size") && vl) {
					char c = val[vl - 1] | 0x20;

					if (c == 'k')
						mul = 1024;
					else if (c == 'm')
						mul = 1024 * 1024;
					else if (c == 'g')
						mul = 1024ull * 1024 * 1024;
					if (mul > 1)
						val[vl - 1] = '\0';
					if (!kstrtou64(val, 10, &v))
						*size = v * mul;
				} else if (!kstrcmp(buf, "mode") &&
					   !kstrtou64(val, 8, &v)) {
					*mode = v & 07777;
				} else if (!kstrcmp(buf, "uid") &&
					   !kstrtou64(val, 10, &v)) {
					*uid = (u32)v;
				} else if (!kstrcmp(buf, "gid") &&
					   !kstrtou64(val, 10, &v)) {
					*gid = (u32)v;
				}
			}
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

/* tmpfs_create - see vfs_internal.h. */
struct super *tmpfs_create(const char *opts, u32 uid, u32 gid)
{
	struct tmpfs_sb *ts = kzalloc(sizeof(*ts));
	u32 mode = 01777;
	struct super *sb;

	if (!ts)
		return NULL;
	sb = super_alloc("tmpfs", TMPFS_MAGIC, &tmpfs_sops);
	if (!sb) {
		kfree(ts);
		return NULL;
	}
	tmpfs_parse(opts, &ts->max_bytes, &mode, &uid, &gid);
	sb->priv = ts;
	sb->root = tmpfs_new_inode(sb, S_IFDIR | mode, uid, gid);
	if (!sb->root) {
		kfree(ts);
		kfree(sb);
		return NULL;
	}
	return sb;
}

/* The internal mount memfd files live on (created on first use). */
static struct super *memfd_sb;

/* memfd_file_create - see fs/tmpfs.h. */
int memfd_file_create(struct task *t, const char *name, unsigned int flags,
		      struct file **out)
{
	struct inode *i;
	struct file *f;
	(void)name;	/* no path to show it in: the file has no dentry */
	if (!memfd_sb) {
		memfd_sb = tmpfs_create("", 0, 0);
		if (!memfd_sb)
			return -ENOMEM;
	}
	i = tmpfs_new_inode(memfd_sb, S_IFREG | 0777, t->proc->cred.fsuid,
			    t->proc->cred.fsgid);
	if (!i)
		return -ENOMEM;
	i->nlink = 0;
	if (!(flags & MFD_ALLOW_SEALING))
		i->pcache->seals = F_SEAL_SEAL;
	f = file_alloc(i, &tmpfs_file_fops, O_RDWR | O_LARGEFILE);
	if (!f) {
		inode_put(i);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

/* memfd_seals_get - see fs/tmpfs.h. */
long memfd_seals_get(struct file *f)
{
	struct inode *i = f->inode;

	if (!i || i->sb != memfd_sb || !i->pcache)
		return -EINVAL;
	return i->pcache->seals;
}

/* memfd_seals_add - see fs/tmpfs.h. */
long memfd_seals_add(struct file *f, u32 seals)
{
	struct inode *i = f->inode;
	struct page_cache *pc;

	if (!i || i->sb != memfd_sb || !i->pcache)
		return -EINVAL;
	pc = i->pcache;
	if (seals & ~(u32)(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW |
			   F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EINVAL;
	if (!file_writable(f))
		return -EPERM;
	if (pc->seals & F_SEAL_SEAL)
		return -EPERM;
	/* No new write seal while a shared mapping could still write. */
	if ((seals & F_SEAL_WRITE) && !(pc->seals & F_SEAL_WRITE) &&
	    pc->writable_maps > 0)
		return -EBUSY;
	pc->seals |= seals;
	return 0;
}
