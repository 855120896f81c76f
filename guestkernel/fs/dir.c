/* SPDX-License-Identifier: MIT */
/* Directory helpers shared by the file systems. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"

/* dir_emit_dots - see vfs_internal.h. */
bool dir_emit_dots(struct file *f, struct dir_ctx *ctx)
{
	u64 pino = f->inode->ino;

	if (f->dentry && f->dentry->parent && f->dentry->parent->inode)
		pino = f->dentry->parent->inode->ino;
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, f->inode->ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, pino, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/* An empty directory (mount point placeholders): only "." and "..". */
static int empty_dir_iterate(struct file *f, struct dir_ctx *ctx)
{
	dir_emit_dots(f, ctx);
	return 0;
}

const struct file_ops generic_dir_fops = {
	.iterate = empty_dir_iterate,
};
