/* SPDX-License-Identifier: MIT */
/* Linux ABI constants and layouts the VFS uses (UAPI headers + a few gaps). */
#ifndef FS_FS_UAPI_H
#define FS_FS_UAPI_H

#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#pragma push_macro("__unused")
#undef __unused
#include <asm/stat.h>
#pragma pop_macro("__unused")
#include <asm/statfs.h>
#include <asm/termbits.h>
#include <asm/ioctls.h>
#include <linux/poll.h>
#include <linux/magic.h>
#include <linux/capability.h>
#include <linux/resource.h>
#include <linux/time_types.h>

/* <linux/stat.h> hides these when glibc is around (host unit tests). */
#ifndef S_IFMT
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISUID 0004000
#define S_ISGID 0002000
#define S_ISVTX 0001000
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)
#endif

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#ifndef SEEK_DATA
#define SEEK_DATA 3
#define SEEK_HOLE 4
#endif

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4
#endif

#ifndef UTIME_NOW
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif

/* d_type values of linux_dirent64. */
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

/* The record getdents64 writes. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};

#define KSIGPIPE 13

/* mode_to_dtype - DT_* of an S_IF* mode. */
static inline unsigned int mode_to_dtype(u32 mode)
{
	return (mode & S_IFMT) >> 12;
}

#define MKDEV(ma, mi) \
	((((u64)(ma) & 0xfffff000ULL) << 32) | (((u64)(ma) & 0xfffULL) << 8) | \
	 (((u64)(mi) & 0xffffff00ULL) << 12) | ((u64)(mi) & 0xffULL))

#endif
