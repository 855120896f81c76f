/* SPDX-License-Identifier: MIT */
/*
 * Path walk: absolute or relative (dirfd/cwd) paths, ".", "..", mount
 * crossing, symlinks (at most VFS_SYMLOOP_MAX), trailing-slash rules.
 */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

/* path_get - reference the dentry of @p. */
void path_get(const struct path *p)
{
	dentry_get(p->dentry);
}

/* path_put - drop the reference of @p and clear it. */
void path_put(struct path *p)
{
	if (p->dentry)
		dentry_put(p->dentry);
	p->dentry = NULL;
	p->mnt = NULL;
}

static bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* Follow mounts stacked on @p (referenced) to the topmost root. */
static void follow_mounts(struct path *p)
{
	struct mount *m;

	while (p->dentry->mounted && (m = mount_lookup(p->mnt, p->dentry))) {
		dentry_put(p->dentry);
		p->mnt = m;
		p->dentry = m->root;
		dentry_get(p->dentry);
	}
}

/* vfs_lookup_child - see vfs_internal.h. */
int vfs_lookup_child(struct task *t, struct path *dir, const char *name,
		     struct path *out)
{
	struct inode *di = dir->dentry->inode, *ci;
	struct dentry *d;
	int ret;

	if (!S_ISDIR(di->mode))
		return -ENOTDIR;
	d = dentry_lookup_cached(dir->dentry, name);
	if (d && d->inode->iops && d->inode->iops->stale &&
	    d->inode->iops->stale(d)) {
		dentry_drop(d);
		dentry_put(d);
		d = NULL;
	}
	if (!d) {
		if (!di->iops || !di->iops->lookup)
			return -ENOENT;
		ret = di->iops->lookup(di, name, &ci);
		if (ret)
			return ret;
		d = dentry_alloc(dir->dentry, name, ci);
		if (!d) {
			inode_put(ci);
			return -ENOMEM;
		}
	}
	out->mnt = dir->mnt;
	out->dentry = d;
	follow_mounts(out);
	return 0;
}

/* Step @p (referenced) to its parent, never above @root. */
static void step_up(struct path *p, const struct path *root)
{
	struct dentry *d;

	if (path_equal(p, root))
		return;
	while (p->dentry == p->mnt->root && p->mnt->parent) {
		dentry_put(p->dentry);
		p->dentry = p->mnt->mountpoint;
		p->mnt = p->mnt->parent;
		dentry_get(p->dentry);
		if (path_equal(p, root))
			return;
	}
	d = p->dentry->parent;
	dentry_get(d);
	dentry_put(p->dentry);
	p->dentry = d;
}

/* Starting point of a walk: root, cwd or @dirfd. */
static int walk_start(struct task *t, int dirfd, const char *path,
		      struct path *root, struct path *cur)
{
	struct file *f;

	if (t && t->fs) {
		*root = t->fs->root;
	} else {
		root->mnt = root_mount;
		root->dentry = root_mount->root;
	}
	if (path[0] == '/') {
		*cur = *root;
	} else if (dirfd == AT_FDCWD) {
		if (t && t->fs)
			*cur = t->fs->cwd;
		else
			*cur = *root;
	} else {
		f = t ? fd_get(t, dirfd) : NULL;
		if (!f)
			return -EBADF;
		if (!f->dentry || !f->mnt) {
			file_put(f);
			return -ENOTDIR;
		}
		cur->mnt = f->mnt;
		cur->dentry = f->dentry;
		path_get(cur);
		file_put(f);
		return 0;
	}
	path_get(cur);
	return 0;
}

/*
 * The openat2 checks of a symlink about to be followed: magic links
 * (*@jump already resolved, @magic) and absolute targets (@target).
 */
static int resolve_check_link(unsigned int flags, bool magic,
			      const struct path *cur, const struct path *jump,
			      const char *target)
{
	if (flags & LOOKUP_NO_SYMLINKS)
		return -ELOOP;
	if (magic) {
		if (flags & LOOKUP_NO_MAGICLINKS)
			return -ELOOP;
		if ((flags & LOOKUP_NO_XDEV) && jump->mnt != cur->mnt)
			return -EXDEV;
		if (flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT))
			return -EXDEV;	/* not safe for scoped walks */
		return 0;
	}
	if (target[0] == '/' && (flags & LOOKUP_BENEATH))
		return -EXDEV;
	return 0;
}

/* vfs_lookup - see vfs_internal.h. */
int vfs_lookup(struct task *t, int dirfd, const char *path, unsigned int flags,
	       struct path *out, char *last, bool *trailing)
{
	bool scoped = flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT);
	struct path root, cur, next;
	char *buf, *p, *rest, *nbuf;
	char name[VFS_NAME_MAX + 1];
	bool is_last, trail;
	int links = 0, ret;
	size_t len;

	if (!*path && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	if (kstrnlen(path, VFS_PATH_MAX) >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (path[0] == '/' && (flags & LOOKUP_BENEATH))
		return -EXDEV;
	/* A scoped walk starts at dirfd (or cwd), which is also its root. */
	ret = walk_start(t, dirfd, scoped && path[0] == '/' ? "." : path,
			 &root, &cur);
	if (ret)
		return ret;
	if (scoped) {
		root = cur;
		path_get(&root);
	}
	buf = kmalloc(VFS_PATH_MAX + 1);
	if (!buf) {
		path_put(&cur);
		if (scoped)
			path_put(&root);
		return -ENOMEM;
	}
	kstrlcpy(buf, path, VFS_PATH_MAX + 1);
	p = buf;
	if (trailing)
		*trailing = false;
	if (last)
		last[0] = '\0';
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		rest = p;
		while (*rest && *rest != '/')
			rest++;
		len = rest - p;
		if (len > VFS_NAME_MAX) {
			ret = -ENAMETOOLONG;
			goto fail;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		trail = *rest == '/';
		p = rest;
		while (*p == '/')
			p++;
		is_last = !*p;
		if (is_last && trailing)
			*trailing = trail;

		if (!S_ISDIR(cur.dentry->inode->mode)) {
			ret = -ENOTDIR;
			goto fail;
		}
		if (t) {
			ret = inode_permission(t, cur.dentry->inode, MAY_EXEC);
			if (ret)
				goto fail;
		}
		if (is_last && (flags & LOOKUP_PARENT)) {
			kstrlcpy(last, name, VFS_NAME_MAX + 1);
			break;
		}
		if (!kstrcmp(name, "."))
			continue;
		if (!kstrcmp(name, "..")) {
			if ((flags & LOOKUP_BENEATH) && path_equal(&cur, &root)) {
				ret = -EXDEV;
				goto fail;
			}
			if ((flags & LOOKUP_NO_XDEV) && !path_equal(&cur, &root) &&
			    cur.dentry == cur.mnt->root && cur.mnt->parent) {
				ret = -EXDEV;
				goto fail;
			}
			step_up(&cur, &root);
			continue;
		}
		if (flags & LOOKUP_CACHED) {
			struct dentry *c = dentry_lookup_cached(cur.dentry, name);

			if (!c) {
				ret = -EAGAIN;
				goto fail;
			}
			dentry_put(c);
		}
		ret = vfs_lookup_child(t, &cur, name, &next);
		if (ret)
			goto fail;
		if ((flags & LOOKUP_NO_XDEV) && next.mnt != cur.mnt) {
			path_put(&next);
			ret = -EXDEV;
			goto fail;
		}
		if (S_ISLNK(next.dentry->inode->mode) &&
		    (!is_last || trail || (flags & LOOKUP_FOLLOW))) {
			struct inode *li = next.dentry->inode;
			struct path jump;
			int n;

			if (++links > VFS_SYMLOOP_MAX) {
				path_put(&next);
				ret = -ELOOP;
				goto fail;
			}
			if (flags & LOOKUP_NO_SYMLINKS) {
				path_put(&next);
				ret = -ELOOP;
				goto fail;
			}
			/* A magic link (procfs) leads straight to a path. */
			n = li->iops && li->iops->follow ?
				    li->iops->follow(li, &next, &jump) :
				    -EINVAL;
			if (!n) {
				n = resolve_check_link(flags, true, &cur, &jump,
						       NULL);
				if (n)
					path_put(&jump);
			}
			if (n != -EINVAL) {
				path_put(&next);
				if (n) {
					ret = n;
					goto fail;
				}
				path_put(&cur);
				cur = jump;
				continue;
			}
			nbuf = kmalloc(2 * VFS_PATH_MAX + 2);
			if (!nbuf) {
				path_put(&next);
				ret = -ENOMEM;
				goto fail;
			}
			n = li->iops && li->iops->readlink ?
				    li->iops->readlink(li, nbuf, VFS_PATH_MAX) :
				    -EINVAL;
			path_put(&next);
			if (n <= 0) {
				kfree(nbuf);
				ret = n ? n : -ENOENT;
				goto fail;
			}
			nbuf[n] = '\0';
			ret = resolve_check_link(flags, false, &cur, NULL, nbuf);
			if (!ret && nbuf[0] == '/' && (flags & LOOKUP_NO_XDEV) &&
			    cur.mnt != root.mnt)
				ret = -EXDEV;
			if (ret) {
				kfree(nbuf);
				goto fail;
			}
			nbuf[n] = '/';
			kstrlcpy(nbuf + n + 1, p, VFS_PATH_MAX + 1);
			if (kstrlen(nbuf) > VFS_PATH_MAX) {
				kfree(nbuf);
				ret = -ENAMETOOLONG;
				goto fail;
			}
			/* Keep the trailing-slash meaning of the original. */
			if (!trail && is_last)
				nbuf[n] = '\0';
			if (nbuf[0] == '/') {
				path_put(&cur);
				cur = root;
				path_get(&cur);
			}
			kstrlcpy(buf, nbuf, VFS_PATH_MAX + 1);
			kfree(nbuf);
			p = buf;
			continue;
		}
		path_put(&cur);
		cur = next;
	}
	if ((flags & LOOKUP_DIRECTORY) && !(flags & LOOKUP_PARENT) &&
	    !S_ISDIR(cur.dentry->inode->mode)) {
		ret = -ENOTDIR;
		goto fail;
	}
	if (!(flags & LOOKUP_PARENT) && trailing && *trailing &&
	    !S_ISDIR(cur.dentry->inode->mode)) {
		ret = -ENOTDIR;
		goto fail;
	}
	kfree(buf);
	if (scoped)
		path_put(&root);
	*out = cur;
	return 0;
fail:
	kfree(buf);
	path_put(&cur);
	if (scoped)
		path_put(&root);
	return ret;
}

/* path_string - see vfs_internal.h. */
int path_string(const struct path *p, const struct path *root, char *buf,
		size_t size)
{
	struct mount *mnt = p->mnt;
	struct dentry *d = p->dentry;
	size_t pos = size, n;

	if (size < 2)
		return -ERANGE;
	buf[--pos] = '\0';
	while (!(mnt == root->mnt && d == root->dentry)) {
		if (d == mnt->root) {
			if (!mnt->parent)
				break;
			d = mnt->mountpoint;
			mnt = mnt->parent;
			continue;
		}
		if (d->parent == d)
			break;
		n = kstrlen(d->name);
		if (n + 1 > pos)
			return -ENAMETOOLONG;
		pos -= n;
		memcpy(buf + pos, d->name, n);
		buf[--pos] = '/';
		d = d->parent;
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, size - pos);
	return 0;
}
