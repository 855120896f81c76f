/* SPDX-License-Identifier: MIT */
/* /proc/<pid>/mounts and mountinfo, from the VFS mount tree. */
#include "fs/procfs_internal.h"

/* Mount ids are the position in mount order, from this base. */
#define MOUNT_ID_BASE 21

/* proc_mount_id - see procfs_internal.h. */
int proc_mount_id(struct mount *m)
{
	struct mount *it = NULL;
	int id = MOUNT_ID_BASE;

	while ((it = mount_next(it))) {
		if (it == m)
			return id;
		id++;
	}
	return 0;
}

/* The root the reader of @n sees paths from: its process's root. */
static void reader_root(struct proc_node *n, struct path *root)
{
	struct task *t = proc_task(n);

	root->mnt = root_mount;
	root->dentry = root_mount->root;
	if (t && t->fs)
		*root = t->fs->root;
}

/* Where @m is mounted, as seen from @root; false if outside of it. */
static bool mount_point(struct mount *m, const struct path *root, char *buf,
			size_t size)
{
	struct path p = { .mnt = m, .dentry = m->root };
	struct mount *it;

	/* Only mounts at or below the reader's root are visible. */
	for (it = m; it && it != root->mnt; it = it->parent)
		;
	if (!it)
		return false;
	return path_string(&p, root, buf, size) == 0;
}

static void mount_flags(struct pbuf *b, struct mount *m)
{
	pbuf_printf(b, "%s", (m->flags & MNT_RDONLY) ? "ro" : "rw");
	if (m->flags & MNT_NOSUID)
		pbuf_printf(b, ",nosuid");
	if (m->flags & MNT_NODEV)
		pbuf_printf(b, ",nodev");
	if (m->flags & MNT_NOEXEC)
		pbuf_printf(b, ",noexec");
}

/* Spaces and the like are octal escapes in these files. */
static void mount_escaped(struct pbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			pbuf_printf(b, "\\%03o", (unsigned char)*s);
		else
			pbuf_write(b, s, 1);
	}
}

/* proc_show_mounts - see procfs_internal.h. */
int proc_show_mounts(struct proc_node *n, struct pbuf *b)
{
	struct mount *m = NULL;
	struct path root;
	char *path = kmalloc(VFS_PATH_MAX + 1);

	if (!path)
		return -ENOMEM;
	reader_root(n, &root);
	while ((m = mount_next(m))) {
		if (!mount_point(m, &root, path, VFS_PATH_MAX + 1))
			continue;
		mount_escaped(b, m->source);
		pbuf_write(b, " ", 1);
		mount_escaped(b, path);
		pbuf_printf(b, " %s ", m->type);
		mount_flags(b, m);
		if (m->opts && m->opts[0])
			pbuf_printf(b, ",%s", m->opts);
		pbuf_printf(b, " 0 0\n");
	}
	kfree(path);
	return 0;
}

/* proc_show_mountinfo - see procfs_internal.h. */
int proc_show_mountinfo(struct proc_node *n, struct pbuf *b)
{
	struct mount *m = NULL;
	struct path root;
	char *path = kmalloc(VFS_PATH_MAX + 1);
	u64 dev;

	if (!path)
		return -ENOMEM;
	reader_root(n, &root);
	while ((m = mount_next(m))) {
		if (!mount_point(m, &root, path, VFS_PATH_MAX + 1))
			continue;
		dev = m->sb->dev;
		pbuf_printf(b, "%d %d %u:%u / ", proc_mount_id(m),
			    proc_mount_id(m->parent ? m->parent : m),
			    (unsigned int)(((dev >> 8) & 0xfff) |
					   ((dev >> 32) & ~0xfffULL)),
			    (unsigned int)((dev & 0xff) |
					   ((dev >> 12) & ~0xffULL)));
		mount_escaped(b, path);
		pbuf_write(b, " ", 1);
		mount_flags(b, m);
		pbuf_printf(b, " - %s ", m->type);
		mount_escaped(b, m->source);
		pbuf_printf(b, " %s", (m->flags & MNT_RDONLY) ? "ro" : "rw");
		if (m->opts && m->opts[0])
			pbuf_printf(b, ",%s", m->opts);
		pbuf_write(b, "\n", 1);
	}
	kfree(path);
	return 0;
}
