/* SPDX-License-Identifier: MIT */
/*
 * tmpfs: files, directories and symlinks in sentry memory. Regular file
 * data is one kmalloc'ed buffer per file, grown on demand and charged
 * against the mount's size= limit.
 */
#include "fs/vfs_internal.h"
#include "platform/platform.h"
#include "fs/fs_uapi.h"

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
	u8 *data;			/* regular files */
	size_t cap;
	char *target;			/* symlinks */
};

static const struct inode_ops tmpfs_iops;
static const struct file_ops tmpfs_file_fops;
static const struct file_ops tmpfs_dir_fops;

static struct tmpfs_node *TN(struct inode *i)
{
	return i->priv;
}

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
	if (n->data)
		ts->used -= n->cap;
	kfree(n->data);
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

/* Make the data buffer hold at least @size bytes. */
static int tmpfs_reserve(struct inode *i, size_t size)
{
	struct tmpfs_node *n = TN(i);
	struct tmpfs_sb *ts = i->sb->priv;
	size_t cap = n->cap ? n->cap : 256;
	u8 *d;

	if (size <= n->cap)
		return 0;
	while (cap < size)
		cap *= 2;
	if (ts->max_bytes && ts->used - n->cap + cap > ts->max_bytes) {
		cap = size;
		if (ts->used - n->cap + cap > ts->max_bytes)
			return -ENOSPC;
	}
	d = krealloc(n->data, cap);
	if (!d)
		return -ENOSPC;
	memset(d + n->cap, 0, cap - n->cap);
	ts->used += cap - n->cap;
	n->data = d;
	n->cap = cap;
	return 0;
}

static int tmpfs_setattr(struct inode *i, const struct iattr *ia)
{
	int ret;

	if (ia->valid & ATTR_SIZE) {
		if (ia->size > (1ll << 40))
			return -EFBIG;
		if (ia->size > i->size) {
			ret = tmpfs_reserve(i, ia->size);
			if (ret)
				return ret;
		} else if (TN(i)->data) {
			memset(TN(i)->data + ia->size, 0, i->size - ia->size);
		}
		i->size = ia->size;
		i->blocks = (i->size + 511) / 512;
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
	size_t n;
	int ret;

	if (*pos < 0)
		return -EINVAL;
	if (*pos >= i->size)
		return 0;
	n = min((u64)u->len, (u64)(i->size - *pos));
	ret = uio_copy_to(u, 0, TN(i)->data + *pos, n);
	if (ret)
		return ret;
	*pos += n;
	return n;
}

static ssize_t tmpfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *i = f->inode;
	loff_t p = (f->flags & O_APPEND) ? i->size : *pos;
	size_t n = u->len;
	int ret;

	if (p < 0)
		return -EINVAL;
	if (!n)
		return 0;
	if ((u64)p + n > (1ull << 40))
		return -EFBIG;
	ret = tmpfs_reserve(i, p + n);
	if (ret)
		return ret;
	ret = uio_copy_from(u, 0, TN(i)->data + p, n);
	if (ret)
		return ret;
	if (p + (loff_t)n > i->size) {
		i->size = p + n;
		i->blocks = (i->size + 511) / 512;
	}
	i->mtime = i->ctime = vfs_now();
	*pos = p + n;
	return n;
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
