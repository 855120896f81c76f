/* SPDX-License-Identifier: MIT */
/*
 * procfs core: the super block, inodes made from entry tables, directory
 * lookup and listing (static names and live pids/tids/fds), generated
 * files (text built at open, read with pos), symlinks, and dropping cached
 * names of processes and descriptors that went away.
 */
#include "boot.h"
#include "fs/procfs_internal.h"

struct proc_boot proc_boot;

/* Positions of numbered children in a directory listing start here. */
#define PROC_DYN_POS (1LL << 32)
/* Most bytes one write(2) to a procfs file may carry. */
#define PROC_WRITE_MAX 4096

static const struct inode_ops proc_dir_iops, proc_file_iops, proc_link_iops;
static const struct file_ops proc_dir_fops, proc_file_fops;

/* ---- text buffers ---- */

/* pbuf_write - see procfs_internal.h. */
void pbuf_write(struct pbuf *b, const void *p, size_t n)
{
	char *nd;
	size_t cap;

	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 512;
		while (cap < b->len + n + 1)
			cap *= 2;
		nd = krealloc(b->data, cap);
		if (!nd) {
			b->err = -ENOMEM;
			return;
		}
		b->data = nd;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* pbuf_printf - see procfs_internal.h. */
void pbuf_printf(struct pbuf *b, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		pbuf_write(b, small, n);
		return;
	}
	big = kmalloc(n + 1);
	if (!big) {
		b->err = -ENOMEM;
		return;
	}
	va_start(ap, fmt);
	kvsnprintf(big, n + 1, fmt, ap);
	va_end(ap);
	pbuf_write(b, big, n);
	kfree(big);
}

/* ---- boot facts ---- */

/* proc_uuid - see procfs_internal.h. */
void proc_uuid(char *buf)
{
	u8 r[16];

	get_random_bytes(r, sizeof(r));
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	ksnprintf(buf, 37,
		  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		  "%02x%02x%02x%02x%02x%02x",
		  r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
		  r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* procfs_boot_info - see procfs_internal.h. */
void procfs_boot_info(const struct bootinfo *bi)
{
	static bool done;
	size_t off = 0;
	u32 k;

	if (done)
		return;
	done = true;
	proc_boot.ncpus = bi && bi->ncpus ? bi->ncpus : 1;
	proc_boot.mem_size = platform->pmem_size;
	proc_boot.boot_mono_ns = platform->now_ns();
	proc_boot.boot_real_ns = platform->realtime_ns();
	proc_uuid(proc_boot.boot_id);
	/* The kernel command line: what the sandbox booted to run. */
	for (k = 0; bi && k < bi->argc && bi->argv[k]; k++) {
		off += ksnprintf(proc_boot.cmdline + off,
				 sizeof(proc_boot.cmdline) - off, "%s%s",
				 k ? " " : "", bi->argv[k]);
		if (off >= sizeof(proc_boot.cmdline))
			break;
	}
}

/* ---- inodes ---- */

static u64 proc_ino(const struct proc_node *n)
{
	u64 h = 1469598103934665603ULL;
	u64 parts[4] = { (u64)(uintptr_t)n->ent, (u64)n->pid, (u64)n->tid,
			 (u64)(s64)n->fd };

	for (int k = 0; k < 4; k++) {
		h ^= parts[k];
		h *= 1099511628211ULL;
	}
	return (h >> 1) | 1;
}

static u32 dtype_of(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return DT_DIR;
	case S_IFLNK:
		return DT_LNK;
	default:
		return DT_REG;
	}
}

/* Owner of per-process names: the process's effective ids. */
static void proc_set_owner(struct inode *i, struct proc_node *n)
{
	struct process *p = n->pid ? proc_process(n) : NULL;

	if (!p)
		return;
	i->uid = p->cred.euid;
	i->gid = p->cred.egid;
}

static struct inode *proc_inode(struct super *sb, const struct proc_node *n)
{
	const struct proc_entry *e = n->ent;
	struct proc_node *pn = kmalloc(sizeof(*pn));
	struct inode *i;

	if (!pn)
		return NULL;
	i = inode_alloc(sb, e->mode);
	if (!i) {
		kfree(pn);
		return NULL;
	}
	*pn = *n;
	pn->sb = sb;
	i->priv = pn;
	i->ino = proc_ino(n);
	if (S_ISDIR(e->mode)) {
		i->iops = &proc_dir_iops;
		i->fops = &proc_dir_fops;
		i->nlink = 2;
	} else if (S_ISLNK(e->mode)) {
		i->iops = &proc_link_iops;
		i->size = 64;
	} else {
		i->iops = &proc_file_iops;
		i->fops = &proc_file_fops;
	}
	proc_set_owner(i, pn);
	return i;
}

static void proc_evict(struct inode *i)
{
	if (i->iops == &proc_proxy_iops)
		file_put(i->priv);
	else
		kfree(i->priv);
	i->priv = NULL;
}

static int proc_statfs(struct super *sb, u64 *blocks, u64 *bfree, u64 *files,
		       u64 *ffree)
{
	*blocks = *bfree = *files = *ffree = 0;
	return 0;
}

static const struct super_ops proc_sops = {
	.evict = proc_evict,
	.statfs = proc_statfs,
};

/* ---- directories ---- */

/* Parse a decimal name without sign or leading zeros; -1 if it is not one. */
static int parse_num(const char *s)
{
	u64 v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (u64)(*s - '0');
		if (v > 0x7fffffff)
			return -1;
	}
	return (int)v;
}

static int proc_lookup(struct inode *dir, const char *name,
		       struct inode **out)
{
	struct proc_node *dn = dir->priv, child;
	const struct proc_entry *e = dn->ent, *c;
	int num;

	if (dn->pid && !proc_process(dn))
		return -ENOENT;
	for (c = e->children; c && c->name; c++) {
		if (kstrcmp(c->name, name))
			continue;
		child = *dn;
		child.ent = c;
		*out = proc_inode(dir->sb, &child);
		return *out ? 0 : -ENOMEM;
	}
	if (!e->dyn)
		return -ENOENT;
	if (e->dyn->prefix) {
		size_t pl = kstrlen(e->dyn->prefix);

		if (kstrncmp(name, e->dyn->prefix, pl))
			return -ENOENT;
		name += pl;
	}
	num = parse_num(name);
	if (num < 0 || !e->dyn->exists(dn, num))
		return -ENOENT;
	child = *dn;
	e->dyn->make(dn, num, &child);
	*out = proc_inode(dir->sb, &child);
	return *out ? 0 : -ENOMEM;
}

static void proc_prune_gone(struct dentry *dir);

/* The numbers of a dynamic directory now, in a kmalloc'ed array. */
static int dyn_numbers(const struct proc_dyn *dyn, struct proc_node *dn,
		       int **out)
{
	int max = 128, n;
	int *v;

	for (;;) {
		v = kmalloc(max * sizeof(*v));
		if (!v)
			return -ENOMEM;
		n = dyn->list(dn, v, max);
		if (n <= max)
			break;
		kfree(v);
		max = n + 16;
	}
	*out = v;
	return n;
}

static int proc_iterate(struct file *f, struct dir_ctx *ctx)
{
	struct proc_node *dn = f->inode->priv, child;
	const struct proc_entry *e = dn->ent, *c;
	char name[32];
	int *nums, n, k;
	loff_t idx;

	if (dn->pid && !proc_process(dn))
		return -ENOENT;
	if (f->dentry)
		proc_prune_gone(f->dentry);
	if (!dir_emit_dots(f, ctx))
		return 0;
	for (c = e->children, idx = 2; c && c->name; c++, idx++) {
		if (idx < ctx->pos)
			continue;
		child = *dn;
		child.ent = c;
		if (!ctx->emit(ctx, c->name, kstrlen(c->name), proc_ino(&child),
			       dtype_of(c->mode)))
			return 0;
		ctx->pos = idx + 1;
	}
	if (!e->dyn)
		return 0;
	if (ctx->pos < PROC_DYN_POS)
		ctx->pos = PROC_DYN_POS;
	n = dyn_numbers(e->dyn, dn, &nums);
	if (n < 0)
		return n;
	for (k = 0; k < n; k++) {
		if (nums[k] < ctx->pos - PROC_DYN_POS)
			continue;
		child = *dn;
		e->dyn->make(dn, nums[k], &child);
		ksnprintf(name, sizeof(name), "%s%d",
			  e->dyn->prefix ? e->dyn->prefix : "", nums[k]);
		if (!ctx->emit(ctx, name, kstrlen(name), proc_ino(&child),
			       dtype_of(child.ent->mode)))
			break;
		ctx->pos = PROC_DYN_POS + nums[k] + 1;
	}
	kfree(nums);
	return 0;
}

/* Forget the cached names below @d (they may hold dead pids or fds). */
static void proc_prune(struct dentry *d)
{
	struct dentry *c, *tmp;

	list_for_each_entry_safe(c, tmp, &d->children, sibling) {
		dentry_get(c);
		proc_prune(c);
		dentry_drop(c);
		dentry_put(c);
	}
}

/* Is the process, thread or descriptor @n names gone? */
static bool proc_node_gone(struct proc_node *n)
{
	struct task *t;
	struct file *f;

	if (!n->pid)
		return false;
	if (!proc_process(n))
		return true;
	if (n->tid) {
		t = task_by_tid(n->tid);
		if (!t || t->proc->pid != n->pid)
			return true;
	}
	if (n->fd >= 0) {
		t = proc_task(n);
		f = t ? fd_get(t, n->fd) : NULL;
		if (!f)
			return true;
		file_put(f);
	}
	return false;
}

static bool proc_stale(struct dentry *d);

/*
 * Forget the cached children of @dir whose process or descriptor is gone,
 * so that listing /proc bounds the names kept for exited processes.
 */
static void proc_prune_gone(struct dentry *dir)
{
	struct dentry *c, *tmp;

	list_for_each_entry_safe(c, tmp, &dir->children, sibling) {
		if (!c->inode || !c->inode->iops ||
		    c->inode->iops->stale != proc_stale || !proc_stale(c))
			continue;
		dentry_drop(c);
	}
}

/* inode_ops.stale: drop cached names of processes that exited. */
static bool proc_stale(struct dentry *d)
{
	struct proc_node *n = d->inode->priv;

	if (!n || !proc_node_gone(n))
		return false;
	proc_prune(d);
	return true;
}

static int proc_revalidate(struct inode *i)
{
	proc_set_owner(i, i->priv);
	return 0;
}

static int proc_setattr(struct inode *i, const struct iattr *ia)
{
	/* O_TRUNC on a writable file (echo x > /proc/...): nothing to do. */
	if (ia->valid & ~(ATTR_SIZE | ATTR_MTIME | ATTR_ATIME))
		return -EPERM;
	return 0;
}

static const struct inode_ops proc_dir_iops = {
	.lookup = proc_lookup,
	.revalidate = proc_revalidate,
	.stale = proc_stale,
	.setattr = proc_setattr,
};

static const struct file_ops proc_dir_fops = {
	.iterate = proc_iterate,
};

/* ---- generated files ---- */

static int proc_file_open(struct inode *i, struct file *f)
{
	struct proc_node *n = i->priv;
	struct pbuf *b;
	int ret;

	if (n->pid && !proc_process(n))
		return -ENOENT;
	if (!n->ent->show)
		return -EINVAL;
	b = kzalloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	if ((f->flags & O_ACCMODE) != O_WRONLY) {
		ret = n->ent->show(n, b);
		if (!ret)
			ret = b->err;
		if (ret) {
			kfree(b->data);
			kfree(b);
			return ret;
		}
	}
	f->priv = b;
	return 0;
}

static ssize_t proc_file_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct pbuf *b = f->priv;
	size_t n;
	int ret;

	if (*pos < 0)
		return -EINVAL;
	if (!b || (u64)*pos >= b->len)
		return 0;
	n = min((u64)u->len, (u64)(b->len - *pos));
	ret = uio_copy_to(u, 0, b->data + *pos, n);
	if (ret)
		return ret;
	*pos += n;
	return n;
}

static ssize_t proc_file_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct proc_node *n = f->inode->priv;
	size_t len = min((size_t)u->len, (size_t)PROC_WRITE_MAX);
	char *buf;
	int ret;

	if (!n->ent->write)
		return -EINVAL;
	if (n->pid && !proc_process(n))
		return -ESRCH;
	buf = kmalloc(len + 1);
	if (!buf)
		return -ENOMEM;
	ret = uio_copy_from(u, 0, buf, len);
	if (!ret) {
		buf[len] = '\0';
		ret = n->ent->write(n, buf, len);
	}
	kfree(buf);
	if (ret)
		return ret;
	*pos += len;
	return len;
}

static loff_t proc_file_llseek(struct file *f, loff_t off, int whence)
{
	struct pbuf *b = f->priv;
	loff_t base = 0;

	if (whence == SEEK_CUR)
		base = f->pos;
	else if (whence == SEEK_END)
		base = b ? (loff_t)b->len : 0;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

static void proc_file_release(struct file *f)
{
	struct pbuf *b = f->priv;

	if (b) {
		kfree(b->data);
		kfree(b);
	}
	f->priv = NULL;
}

static const struct inode_ops proc_file_iops = {
	.open = proc_file_open,
	.revalidate = proc_revalidate,
	.stale = proc_stale,
	.setattr = proc_setattr,
};

static const struct file_ops proc_file_fops = {
	.read = proc_file_read,
	.write = proc_file_write,
	.llseek = proc_file_llseek,
	.release = proc_file_release,
};

/* ---- symlinks ---- */

static int proc_readlink(struct inode *i, char *buf, size_t size)
{
	struct proc_node *n = i->priv;
	char *tmp = kmalloc(VFS_PATH_MAX + 1);
	int len;

	if (!tmp)
		return -ENOMEM;
	len = n->ent->link(n, tmp, VFS_PATH_MAX + 1);
	if (len >= 0) {
		len = min((size_t)len, size);
		memcpy(buf, tmp, len);
	}
	kfree(tmp);
	return len;
}

static int proc_follow(struct inode *i, struct path *link, struct path *out)
{
	struct proc_node *n = i->priv;

	if (!n->ent->follow)
		return -EINVAL;
	return n->ent->follow(n, link, out);
}

static const struct inode_ops proc_link_iops = {
	.readlink = proc_readlink,
	.follow = proc_follow,
	.revalidate = proc_revalidate,
	.stale = proc_stale,
};

/* ---- super blocks ---- */

/* proc_super_create - see procfs_internal.h. */
struct super *proc_super_create(const char *type, u32 magic,
				const struct proc_entry *root)
{
	struct proc_node rn = { .ent = root, .fd = -1 };
	struct super *sb = super_alloc(type, magic, &proc_sops);

	if (!sb)
		return NULL;
	sb->root = proc_inode(sb, &rn);
	if (!sb->root) {
		kfree(sb);
		return NULL;
	}
	return sb;
}

/* procfs_create - see vfs_internal.h. */
struct super *procfs_create(const struct bootinfo *bi)
{
	procfs_boot_info(bi);
	return proc_super_create("proc", PROC_SUPER_MAGIC, &proc_root_entry);
}
