// SPDX-License-Identifier: MIT
/*
 * unmap_file.c - unmap the mappings one attach of a file made: shmdt(2)
 * removes a System V shared memory segment wherever its pieces still are.
 */
#include "fs/vfs_internal.h"
#include "mm/mm_internal.h"

/* mm_unmap_file_at - see mm.h. */
int mm_unmap_file_at(struct mm *mm, uaddr_t base, u64 len,
		     const struct file_ops *ops)
{
	struct vma_set *s = mm_vmas(mm);
	uaddr_t cur = base, end = base + len;
	struct inode *ino = NULL;
	int found = 0;

	if (end < base)
		return -EINVAL;
	while (cur < end) {
		unsigned int i = vma_lower_bound(mm, cur);
		struct vma *v = NULL;

		for (; i < s->n && s->v[i]->start < end; i++) {
			struct vma *w = s->v[i];

			if (w->file && w->file->ops == ops &&
			    w->start - w->off == base &&
			    (!ino || w->file->inode == ino)) {
				v = w;
				break;
			}
		}
		if (!v)
			break;
		cur = v->end;
		if (!ino) {
			/* later pieces belong to the same attach and size */
			ino = v->file->inode;
			if (PAGE_ALIGN(ino->size) < end - base)
				end = base + PAGE_ALIGN(ino->size);
		}
		if (mm_munmap(mm, v->start, v->end - v->start) == 0)
			found++;
	}
	return found ? 0 : -EINVAL;
}
