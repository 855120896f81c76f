/* SPDX-License-Identifier: MIT */
/*
 * POSIX message queues (mq_overview(7)): the sandbox's one mqueue
 * namespace of named queues, and queue descriptors as open files
 * (fs/mqueue.c). The system calls are in syscalls/sys_mqueue.c.
 */
#ifndef FS_MQUEUE_H
#define FS_MQUEUE_H

#include "fs/vfs_internal.h"
#include <linux/mqueue.h>

struct task;
struct mqueue;

/* Linux's defaults for /proc/sys/fs/mqueue/ and its hard limits. */
#define MQ_DFL_MAXMSG 10
#define MQ_DFL_MSGSIZE 8192
#define MQ_MAX_MAXMSG 10		/* msg_max */
#define MQ_MAX_MSGSIZE 8192		/* msgsize_max */
#define MQ_HARD_MAXMSG 65536
#define MQ_HARD_MSGSIZE (16 * 1024 * 1024)
#define MQ_QUEUES_MAX 256
#define MQ_PRIO_MAX 32768

/*
 * mq_open_name - open (or with O_CREAT create, mode @mode, attributes
 * @attr or the defaults when NULL) queue @name for @t with O_* @oflag.
 * The new open file in *@out. 0 or -errno (ENOENT, EEXIST, EACCES,
 * EINVAL, ENAMETOOLONG, ENOSPC, EMFILE, ENOMEM).
 */
int mq_open_name(struct task *t, const char *name, int oflag, u32 mode,
		 const struct mq_attr *attr, struct file **out);
/* mq_unlink_name - remove @name; open descriptors keep the queue. 0 or -errno. */
int mq_unlink_name(struct task *t, const char *name);
/* mq_of - the queue behind open file @f, or NULL when it is not a queue. */
struct mqueue *mq_of(struct file *f);
/*
 * mqueue_send - queue @len bytes of kernel @msg with @prio on @f, waiting for
 * room until monotonic @deadline (0: forever) unless O_NONBLOCK. 0 or
 * -EBADF, -EMSGSIZE, -EAGAIN, -ETIMEDOUT, -ERESTARTSYS, -ENOMEM.
 */
int mqueue_send(struct task *t, struct file *f, const void *msg, size_t len,
	    u32 prio, u64 deadline);
/*
 * mqueue_receive - take the oldest message of the highest priority into
 * kernel @buf (@size bytes, at least mq_msgsize), waiting as mqueue_send.
 * Its length, priority in *@prio, or -errno.
 */
long mqueue_receive(struct task *t, struct file *f, void *buf, size_t size,
		u32 *prio, u64 deadline);
/* mqueue_getattr - the queue's attributes with @f's O_NONBLOCK as mq_flags. */
void mqueue_getattr(struct file *f, struct mq_attr *attr);
/*
 * mq_set_notify - register (@sev non-NULL: SIGEV_SIGNAL or SIGEV_NONE,
 * already checked) or remove (@sev NULL) the calling process's
 * notification for @f's queue. 0, -EBUSY (another registration) .
 */
struct sigevent_k {
	u64 value;
	s32 signo;
	s32 notify;
};
int mq_set_notify(struct task *t, struct file *f, const struct sigevent_k *sev);

#endif
