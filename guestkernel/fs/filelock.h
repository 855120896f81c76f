/* SPDX-License-Identifier: MIT */
/*
 * Advisory file locks: POSIX record locks (owned by a process), open file
 * description locks (F_OFD_*, owned by a struct file) and flock(2) locks
 * (whole file, owned by a struct file). Locks belong to a file identity
 * (super block, inode number), so every open of one file shares them.
 */
#ifndef FS_FILELOCK_H
#define FS_FILELOCK_H

#include "fs/vfs.h"

struct task;
struct process;

/*
 * filelock_fcntl - F_GETLK/F_SETLK/F_SETLKW and their F_OFD_ forms on @f
 * for @t; @uflock is the user's struct flock. F_SETLKW sleeps until the
 * lock is free (interruptible). Returns 0 or -errno (-EAGAIN: conflict,
 * -EBADF: access mode does not allow the lock type, -EINVAL, -EFAULT).
 */
long filelock_fcntl(struct task *t, struct file *f, int cmd, uaddr_t uflock);

/*
 * filelock_flock - flock(2) operation @op (LOCK_SH/LOCK_EX/LOCK_UN, maybe
 * LOCK_NB) on @f. Returns 0 or -errno (-EWOULDBLOCK with LOCK_NB).
 */
long filelock_flock(struct file *f, int op);

/*
 * filelock_close - @owner closed a descriptor of @f: drop every POSIX lock
 * @owner holds on that file (POSIX semantics: any close releases them).
 */
void filelock_close(struct process *owner, struct file *f);

/* filelock_file_release - @f's last reference went: drop its OFD/flock locks. */
void filelock_file_release(struct file *f);

/* filelock_process_exit - @p exited: drop every POSIX lock it holds. */
void filelock_process_exit(struct process *p);

#endif
