/* SPDX-License-Identifier: MIT */
/* The mount tree and the sandbox's mounts from boot info (vfs_init). */
#include "boot.h"
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"

/* Linux MS_* flags as they arrive in boot info. */
#define BOOT_MS_RDONLY 1
#define BOOT_MS_NOSUID 2
#define BOOT_MS_NODEV 4
#define BOOT_MS_NOEXEC 8

struct mount *root_mount;
static LIST_HEAD(mounts);

/* mount_lookup - see vfs_internal.h. The newest mount on a point wins. */
struct mount *mount_lookup(struct mount *mnt, struct dentry *d)
{
	struct mount *m;

	list_for_each_entry(m, &mounts, link)
		if (m->parent == mnt && m->mountpoint == d)
			return m;
	return NULL;
}

/* mount_next - mount after @m in mount order (NULL: the first). */
struct mount *mount_next(struct mount *m)
{
	struct list_head *n = m ? m->link.prev : mounts.prev;

	if (n == &mounts)
		return NULL;
	return list_entry(n, struct mount, link);
}

/* mount_add - see vfs_internal.h. */
int mount_add(struct path *where, struct super *sb, unsigned int flags,
	      const char *source, const char *type, const char *opts)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return -ENOMEM;
	inode_get(sb->root);
	m->root = dentry_alloc(NULL, "/", sb->root);
	if (!m->root) {
		inode_put(sb->root);
		kfree(m);
		return -ENOMEM;
	}
	m->sb = sb;
	m->flags = flags;
	m->source = kstrdup(source ? source : "none");
	m->type = kstrdup(type ? type : sb->type);
	m->opts = kstrdup(opts ? opts : "");
	if (where) {
		m->parent = where->mnt;
		m->mountpoint = where->dentry;
		dentry_get(where->dentry);
		where->dentry->mounted++;
	} else {
		root_mount = m;
	}
	/* Newest first, so mount_lookup finds the top of a stack. */
	list_add(&m->link, &mounts);
	return 0;
}

static unsigned int mnt_flags(u64 ms)
{
	unsigned int f = 0;

	if (ms & BOOT_MS_RDONLY)
		f |= MNT_RDONLY;
	if (ms & BOOT_MS_NOSUID)
		f |= MNT_NOSUID;
	if (ms & BOOT_MS_NODEV)
		f |= MNT_NODEV;
	if (ms & BOOT_MS_NOEXEC)
		f |= MNT_NOEXEC;
	return f;
}

/*
 * Find (or make) the mount point @dst. A missing directory is created when
 * the file system allows it; otherwise a placeholder directory joins the
 * name cache only, as a mount point.
 */
static int mountpoint_get(const char *dst, struct path *out)
{
	char last[VFS_NAME_MAX + 1];
	struct path parent;
	struct inode *dir, *ni;
	struct dentry *d;
	int ret;

	ret = vfs_lookup(NULL, AT_FDCWD, dst, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			 out, NULL, NULL);
	if (ret != -ENOENT)
		return ret;
	ret = vfs_lookup(NULL, AT_FDCWD, dst, LOOKUP_PARENT, &parent, last,
			 NULL);
	if (ret == -ENOENT) {
		/* Make the parent first (mkdir -p). */
		char *up = kstrdup(dst), *slash;

		if (!up)
			return -ENOMEM;
		slash = kstrrchr(up, '/');
		if (slash && slash != up) {
			*slash = '\0';
			ret = mountpoint_get(up, &parent);
			if (!ret)
				path_put(&parent);
		}
		kfree(up);
		if (ret)
			return ret;
		ret = vfs_lookup(NULL, AT_FDCWD, dst, LOOKUP_PARENT, &parent,
				 last, NULL);
	}
	if (ret)
		return ret;
	if (!last[0]) {
		*out = parent;
		return 0;
	}
	dir = parent.dentry->inode;
	ni = NULL;
	if (!(parent.mnt->flags & MNT_RDONLY) && dir->iops && dir->iops->mkdir)
		ret = dir->iops->mkdir(dir, last, S_IFDIR | 0755, 0, 0, &ni);
	if (!ni) {
		static u64 placeholder_ino = 1ull << 40;

		ni = inode_alloc(NULL, S_IFDIR | 0755);
		if (!ni) {
			path_put(&parent);
			return -ENOMEM;
		}
		ni->dev = dir->dev;
		ni->ino = placeholder_ino++;
		ni->nlink = 2;
		ni->fops = &generic_dir_fops;
	}
	d = dentry_alloc(parent.dentry, last, ni);
	if (!d) {
		inode_put(ni);
		path_put(&parent);
		return -ENOMEM;
	}
	out->mnt = parent.mnt;
	out->dentry = d;
	path_put(&parent);
	return 0;
}

/* Mount @sb at absolute @dst. */
static int mount_at(const char *dst, struct super *sb, unsigned int flags,
		    const char *source, const char *type, const char *opts)
{
	struct path where;
	int ret;

	if (!sb)
		return -ENOMEM;
	ret = mountpoint_get(dst, &where);
	if (ret) {
		pr_warn("vfs: mount point %s: error %d\n", dst, ret);
		return ret;
	}
	ret = mount_add(&where, sb, flags, source, type, opts);
	path_put(&where);
	return ret;
}

static bool has_mount(const struct bootinfo *bi, const char *dst)
{
	u32 k;

	for (k = 0; k < bi->nmounts; k++)
		if (bi->mounts[k].destination &&
		    !kstrcmp(bi->mounts[k].destination, dst))
			return true;
	return false;
}

/* Is /dev our devfs (no spec mount there, or a tmpfs/devtmpfs one)? */
static bool dev_is_devfs(const struct bootinfo *bi)
{
	u32 k;

	for (k = 0; k < bi->nmounts && k < BOOT_MAX_MOUNTS; k++) {
		const struct boot_mount *bm = &bi->mounts[k];

		if (bm->destination && !kstrcmp(bm->destination, "/dev"))
			return bm->type && (!kstrcmp(bm->type, "tmpfs") ||
					    !kstrcmp(bm->type, "devtmpfs"));
	}
	return true;
}

/* One mount from the spec. Unknown/unsupported types are skipped. */
static int mount_one(const struct bootinfo *bi, const struct boot_mount *bm)
{
	unsigned int flags = mnt_flags(bm->flags);
	const char *dst = bm->destination;
	struct super *sb;

	if (!dst || dst[0] != '/' || !bm->type)
		return -EINVAL;
	if (!kstrcmp(dst, "/dev") &&
	    (!kstrcmp(bm->type, "tmpfs") || !kstrcmp(bm->type, "devtmpfs")))
		return mount_at(dst, devfs_create(bi), flags & ~MNT_RDONLY,
				"devfs", "devfs", bm->data);
	if (!kstrcmp(bm->type, "tmpfs"))
		sb = tmpfs_create(bm->data, 0, 0);
	else if (!kstrcmp(bm->type, "proc"))
		sb = procfs_create(bi);
	else if (!kstrcmp(bm->type, "sysfs"))
		sb = sysfs_create(bi);
	else if (!kstrcmp(bm->type, "devpts"))
		sb = devpts_create();
	else if (!kstrcmp(bm->type, "bind") || bm->host_handle >= 0)
		sb = bm->host_handle >= 0 ?
			     hostfs_create(bm->host_handle,
					   flags & MNT_RDONLY) :
			     NULL;
	else {
		pr_debug("vfs: skipping %s mount at %s\n", bm->type, dst);
		return 0;
	}
	if (!sb) {
		pr_warn("vfs: cannot mount %s at %s\n", bm->type, dst);
		return 0;
	}
	return mount_at(dst, sb, flags, bm->source, bm->type, bm->data);
}

/* vfs_init - see vfs.h. */
int vfs_init(const struct bootinfo *bi)
{
	struct super *sb;
	u32 k;
	int ret;

	if (bi->root_handle >= 0)
		sb = hostfs_create(bi->root_handle, bi->root_readonly);
	else
		sb = tmpfs_create(NULL, 0, 0);
	if (!sb)
		return -ENOMEM;
	ret = mount_add(NULL, sb, bi->root_readonly ? MNT_RDONLY : 0,
			"rootfs", sb->type, NULL);
	if (ret)
		return ret;
	if (!has_mount(bi, "/dev"))
		mount_at("/dev", devfs_create(bi), MNT_NOSUID, "devfs", "devfs",
			 NULL);
	for (k = 0; k < bi->nmounts && k < BOOT_MAX_MOUNTS; k++)
		mount_one(bi, &bi->mounts[k]);
	/* POSIX shared memory (shm_open) lives in a tmpfs on /dev/shm. */
	if (dev_is_devfs(bi) && !has_mount(bi, "/dev/shm"))
		mount_at("/dev/shm", tmpfs_create("mode=1777", 0, 0),
			 MNT_NOSUID | MNT_NODEV, "shm", "tmpfs", "mode=1777");
	if (!has_mount(bi, "/dev/pts"))
		mount_at("/dev/pts", devpts_create(), MNT_NOSUID | MNT_NOEXEC,
			 "devpts", "devpts", "gid=5,mode=620,ptmxmode=666");
	if (bi->root_readonly && !has_mount(bi, "/tmp"))
		mount_at("/tmp", tmpfs_create("mode=1777", 0, 0), 0, "tmpfs",
			 "tmpfs", "mode=1777");
	return 0;
}
