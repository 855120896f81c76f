// SPDX-License-Identifier: MIT
/*
 * vdso.c - the vDSO in the sentry (see vdso.h): one anonymous read-only
 * file whose first page is the data page and whose rest is vdso.so;
 * every program gets a private read-only mapping of it (the data never
 * changes after boot, so copies at fault time stay exact).
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>

#include "fs/vfs_internal.h"
#include "mm/mm.h"
#include "vdso/vdso.h"

/* vdso.so, embedded by the generated vdso_blob.S. */
extern const u8 vdso_image_start[], vdso_image_end[];

static union {
	struct vdso_data d;
	u8 page[PAGE_SIZE];
} vdso_page __attribute__((aligned(PAGE_SIZE)));
static bool vdso_on;
static struct file *vdso_file;

/* vdso_enable - see vdso.h. */
void vdso_enable(const struct vdso_data *d)
{
	vdso_page.d = *d;
	vdso_page.d.version = VDSO_DATA_VERSION;
	vdso_on = true;
}

static u64 vdso_image_len(void)
{
	return (u64)(vdso_image_end - vdso_image_start);
}

/* The file's bytes: the data page, then the image. */
static ssize_t vdso_read(struct file *f, struct uio *u, loff_t *pos)
{
	u64 total = PAGE_SIZE + vdso_image_len(), off = (u64)*pos;
	size_t done = 0;

	while (done < u->len && off < total) {
		const u8 *src;
		u64 n;
		int r;

		if (off < PAGE_SIZE) {
			src = vdso_page.page + off;
			n = PAGE_SIZE - off;
		} else {
			src = vdso_image_start + (off - PAGE_SIZE);
			n = total - off;
		}
		if (n > u->len - done)
			n = u->len - done;
		r = uio_copy_to(u, done, src, n);
		if (r)
			return done ? (ssize_t)done : r;
		done += n;
		off += n;
	}
	*pos = (loff_t)off;
	return (ssize_t)done;
}

static const struct file_ops vdso_fops = {
	.read = vdso_read,
};

/* vdso_map - see vdso.h. */
uaddr_t vdso_map(struct mm *mm)
{
	u64 len = PAGE_SIZE + ALIGN_UP(vdso_image_len(), PAGE_SIZE);
	long base;

	if (!vdso_on || !vdso_image_len())
		return 0;
	if (!vdso_file) {
		vdso_file = anon_file_create(&vdso_fops, NULL, O_RDONLY);
		if (!vdso_file)
			return 0;
	}
	base = mm_mmap(mm, 0, len, PROT_READ, MAP_PRIVATE, vdso_file, 0);
	if (base < 0)
		return 0;
	if (mm_mprotect(mm, (uaddr_t)base + PAGE_SIZE, len - PAGE_SIZE,
			PROT_READ | PROT_EXEC) < 0) {
		mm_munmap(mm, (uaddr_t)base, len);
		return 0;
	}
	return (uaddr_t)base + PAGE_SIZE;
}
