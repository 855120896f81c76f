/* SPDX-License-Identifier: MIT */
/* eventfd, timerfd, signalfd and epoll file constructors for their syscalls. */
#ifndef FS_EVENTFD_H
#define FS_EVENTFD_H

#include "fs/vfs.h"

struct task;

/* eventfd(2) flags (no UAPI header carries them). */
#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC 02000000
#define EFD_NONBLOCK 04000

/* eventfd_create - an eventfd file with @initval and EFD_* @flags in *@out. 0 or -errno. */
int eventfd_create(u64 initval, int flags, struct file **out);

/* file_is_eventfd - is @f an eventfd? */
bool file_is_eventfd(struct file *f);
/*
 * eventfd_signal - add @n to eventfd @f's counter (saturating, never
 * blocking) and wake its readers and pollers, as the kernel does for
 * AIO/io_uring completions. Precondition: file_is_eventfd(@f).
 */
void eventfd_signal(struct file *f, u64 n);

/* timerfd_create_file - a timerfd on @clock with TFD_NONBLOCK in @flags. 0 or -errno. */
int timerfd_create_file(int clock, int flags, struct file **out);
/* timerfd_settime_file - arm @f (itimerspec in kernel buffers); old value into @old. 0 or -errno. */
int timerfd_settime_file(struct file *f, int flags, const void *new_spec,
			 void *old_spec);
/* timerfd_gettime_file - current itimerspec of @f into @spec. 0 or -errno. */
int timerfd_gettime_file(struct file *f, void *spec);

/* signalfd_create_file - a signalfd for @mask with SFD_NONBLOCK in @flags. */
int signalfd_create_file(u64 mask, int flags, struct file **out);
/* signalfd_update - replace the mask of signalfd @f; -EINVAL if @f is not one. */
int signalfd_update(struct file *f, u64 mask);

/* epoll_create_file - a new epoll instance. 0 or -errno. */
int epoll_create_file(struct file **out);
/* epoll_ctl_file - EPOLL_CTL_* @op on @ep for target @tf at @fd. 0 or -errno. */
struct epoll_event;
int epoll_ctl_file(struct file *ep, int op, int fd, struct file *tf,
		   const struct epoll_event *ev);
/*
 * epoll_wait_file - wait on @ep until events, monotonic @deadline (0: none,
 * with @nowait for a zero timeout) or a signal; fills @out (kernel array
 * of @max). Count, or -EINVAL/-EINTR.
 */
int epoll_wait_file(struct file *ep, struct epoll_event *out, int max,
		    u64 deadline, bool nowait);
/* file_is_epoll - is @f an epoll instance? */
bool file_is_epoll(struct file *f);

#endif
