/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX addresses: binding to a file-system path (an S_IFSOCK inode made
 * through the VFS), to the abstract namespace (leading NUL), autobind, and
 * finding the socket bound to an address.
 */
#include "net/unix.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

/* Every bound AF_UNIX socket (path and abstract). */
static LIST_HEAD(unix_bound);

/*
 * Check @addr/@len and split it: *@path gets a NUL-terminated copy of a
 * path name (NULL for an abstract one). Returns the normalized length.
 */
static int unix_parse(const void *addr, int len, char *path)
{
	const struct ksockaddr_un *sun = addr;
	int n;

	if (len <= 2 || len > (int)sizeof(*sun))
		return -EINVAL;
	if (sun->sun_family != AF_UNIX)
		return -EINVAL;
	if (!sun->sun_path[0]) {
		path[0] = 0;
		return len;
	}
	n = (int)kstrnlen(sun->sun_path, len - 2);
	memcpy(path, sun->sun_path, n);
	path[n] = 0;
	return 2 + n + 1;
}

/* Abstract names are per socket type, as on Linux (its hash includes the type). */
static struct unix_sock *unix_find_abstract(const void *addr, int len,
					    int type)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_bound, bind_link) {
		if (!u->bind_inode && u->addrlen == len && u->type == type &&
		    !memcmp(u->addr, addr, len))
			return u;
	}
	return NULL;
}

static struct unix_sock *unix_find_inode(struct inode *i)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_bound, bind_link) {
		if (u->bind_inode == i ||
		    (u->bind_inode && i->sb && u->bind_inode->sb == i->sb &&
		     u->bind_inode->ino == i->ino))
			return u;
	}
	return NULL;
}

static void unix_set_addr(struct unix_sock *u, const void *addr, int len)
{
	memset(u->addr, 0, sizeof(u->addr));
	memcpy(u->addr, addr, len);
	u->addrlen = len;
	list_add_tail(&u->bind_link, &unix_bound);
}

/* unix_autobind - see unix.h. */
int unix_autobind(struct unix_sock *u)
{
	struct ksockaddr_un sun = { .sun_family = AF_UNIX };
	int tries;
	u32 r;

	if (u->addrlen)
		return 0;
	for (tries = 0; tries < 0x100000; tries++) {
		get_random_bytes(&r, sizeof(r));
		ksnprintf(sun.sun_path + 1, 6, "%05x", r & 0xfffff);
		if (!unix_find_abstract(&sun, 2 + 1 + 5, u->type)) {
			unix_set_addr(u, &sun, 2 + 1 + 5);
			return 0;
		}
	}
	return -ENOSPC;
}

/* Make the socket inode @last in @dir; referenced in *@out. */
static int unix_mknod(struct task *t, struct path *dir, const char *last,
		      struct inode **out)
{
	struct inode *di = dir->dentry->inode, *ni;
	struct path old;
	struct dentry *d;
	u32 mode, gid;
	int r;

	if (!last[0] || !kstrcmp(last, ".") || !kstrcmp(last, ".."))
		return -EADDRINUSE;
	if (!vfs_lookup_child(t, dir, last, &old)) {
		path_put(&old);
		return -EADDRINUSE;
	}
	if (dir->mnt->flags & MNT_RDONLY)
		return -EROFS;
	if (dir->dentry->dead)
		return -ENOENT;
	r = inode_permission(t, di, MAY_WRITE | MAY_EXEC);
	if (r)
		return r;
	if (!di->iops || !di->iops->create)
		return -EPERM;
	mode = S_IFSOCK | (0777 & ~t->fs->umask);
	gid = (di->mode & S_ISGID) ? di->gid : t->proc->cred.fsgid;
	r = di->iops->create(di, last, mode, t->proc->cred.fsuid, gid, &ni);
	if (r)
		return r == -EEXIST ? -EADDRINUSE : r;
	d = dentry_alloc(dir->dentry, last, ni);
	if (!d) {
		inode_put(ni);
		return -ENOMEM;
	}
	inode_get(ni);
	dentry_put(d);
	*out = ni;
	return 0;
}

/* unix_bind - see unix.h. */
int unix_bind(struct socket *s, struct task *t, const void *addr, int len)
{
	struct unix_sock *u = unix_sk(s);
	char last[VFS_NAME_MAX + 1];
	char path[UNIX_PATH_MAX + 1];
	struct ksockaddr_un sun;
	struct inode *ni;
	struct path dir;
	int n, r;

	if (len >= 2 && len <= (int)sizeof(sun) &&
	    ((const struct ksockaddr_un *)addr)->sun_family != AF_UNIX)
		return -EINVAL;
	if (len == 2) {
		if (u->addrlen)
			return -EINVAL;
		return unix_autobind(u);
	}
	n = unix_parse(addr, len, path);
	if (n < 0)
		return n;
	if (!path[0]) {
		if (u->addrlen)
			return -EINVAL;
		if (unix_find_abstract(addr, n, s->type))
			return -EADDRINUSE;
		unix_set_addr(u, addr, n);
		return 0;
	}
	r = vfs_lookup(t, AT_FDCWD, path, LOOKUP_PARENT, &dir, last, NULL);
	if (r)
		return r;
	/* Linux makes the node before it looks at the socket's state. */
	if (u->addrlen) {
		struct path old;

		r = -EINVAL;
		if (!vfs_lookup_child(t, &dir, last, &old)) {
			path_put(&old);
			r = -EADDRINUSE;
		}
		path_put(&dir);
		return r;
	}
	r = unix_mknod(t, &dir, last, &ni);
	path_put(&dir);
	if (r)
		return r;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, n - 2);
	u->bind_inode = ni;
	unix_set_addr(u, &sun, n);
	return 0;
}

/* unix_find - see unix.h. */
int unix_find(struct task *t, const void *addr, int len, int type,
	      struct unix_sock **out)
{
	char path[UNIX_PATH_MAX + 1];
	struct unix_sock *u;
	struct inode *i;
	struct path p;
	int n, r;

	n = unix_parse(addr, len, path);
	if (n < 0)
		return n;
	if (!path[0]) {
		u = unix_find_abstract(addr, n, type);
	} else {
		r = vfs_lookup(t, AT_FDCWD, path, LOOKUP_FOLLOW, &p, NULL,
			       NULL);
		if (r)
			return r;
		i = p.dentry->inode;
		r = inode_permission(t, i, MAY_WRITE);
		u = !r && S_ISSOCK(i->mode) ? unix_find_inode(i) : NULL;
		path_put(&p);
		if (r)
			return r;
	}
	if (!u || !u->sock)
		return -ECONNREFUSED;
	if (u->sock->type != type)
		return -EPROTOTYPE;
	unix_get(u);
	*out = u;
	return 0;
}

/* unix_unbind - see unix.h. */
void unix_unbind(struct unix_sock *u)
{
	if (!u->addrlen || list_empty(&u->bind_link))
		return;
	list_del(&u->bind_link);
	if (u->bind_inode)
		inode_put(u->bind_inode);
	u->bind_inode = NULL;
}
