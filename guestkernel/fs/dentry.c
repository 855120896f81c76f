/* SPDX-License-Identifier: MIT */
/*
 * Dentries: the name cache. A directory's looked-up children stay cached
 * (positive entries only) until unlinked or renamed away.
 */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"

/* dentry_alloc - child @name of @parent (NULL: a root) holding @inode. */
struct dentry *dentry_alloc(struct dentry *parent, const char *name,
			    struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->name = kstrdup(name);
	if (!d->name) {
		kfree(d);
		return NULL;
	}
	d->refs = 1;
	d->inode = inode;
	INIT_LIST_HEAD(&d->children);
	INIT_LIST_HEAD(&d->sibling);
	if (parent) {
		d->parent = parent;
		dentry_get(parent);
		/* The cache holds one reference of its own. */
		d->refs++;
		list_add(&d->sibling, &parent->children);
	} else {
		d->parent = d;
	}
	return d;
}

/* dentry_get - take a reference. */
void dentry_get(struct dentry *d)
{
	d->refs++;
}

/* dentry_put - drop a reference; frees an unhashed dentry at zero. */
void dentry_put(struct dentry *d)
{
	struct dentry *parent;

	while (d && --d->refs <= 0) {
		parent = d->parent != d ? d->parent : NULL;
		list_del_init(&d->sibling);
		inode_put(d->inode);
		kfree(d->name);
		kfree(d);
		d = parent;
	}
}

/* dentry_lookup_cached - see vfs_internal.h. */
struct dentry *dentry_lookup_cached(struct dentry *dir, const char *name)
{
	struct dentry *d;

	list_for_each_entry(d, &dir->children, sibling) {
		if (!kstrcmp(d->name, name)) {
			dentry_get(d);
			return d;
		}
	}
	return NULL;
}

/* dentry_drop - see vfs_internal.h. */
void dentry_drop(struct dentry *d)
{
	if (list_empty(&d->sibling))
		return;
	list_del_init(&d->sibling);
	d->dead = true;
	dentry_put(d);	/* the cache's reference */
}
