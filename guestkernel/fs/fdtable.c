/* SPDX-License-Identifier: MIT */
/* Per-task descriptor tables: allocation, dup, close-on-exec, RLIMIT_NOFILE. */
#include "boot.h"
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/filelock.h"
#include "kernel/sched.h"
#include "kernel/task.h"

/* Hard ceiling of a table, whatever RLIMIT_NOFILE says. */
#define FD_MAX 65536

/* fdtable_create - see vfs.h. */
struct fdtable *fdtable_create(void)
{
	struct fdtable *ft = kzalloc(sizeof(*ft));

	if (ft)
		ft->refs = 1;
	return ft;
}

static int fdtable_grow(struct fdtable *ft, int need)
{
	struct file **nf;
	u8 *nc;
	int size = ft->size ? ft->size : 64;

	while (size < need)
		size *= 2;
	if (size <= ft->size)
		return 0;
	nf = kzalloc(size * sizeof(*nf));
	nc = kzalloc(size);
	if (!nf || !nc) {
		kfree(nf);
		kfree(nc);
		return -ENOMEM;
	}
	if (ft->size) {
		memcpy(nf, ft->fd, ft->size * sizeof(*nf));
		memcpy(nc, ft->cloexec, ft->size);
	}
	kfree(ft->fd);
	kfree(ft->cloexec);
	ft->fd = nf;
	ft->cloexec = nc;
	ft->size = size;
	return 0;
}

/* fdtable_copy - see vfs.h. */
struct fdtable *fdtable_copy(struct fdtable *ft)
{
	struct fdtable *n = fdtable_create();
	int k;

	if (!n)
		return NULL;
	if (ft->size && fdtable_grow(n, ft->size)) {
		kfree(n);
		return NULL;
	}
	for (k = 0; k < ft->size; k++) {
		n->fd[k] = ft->fd[k];
		n->cloexec[k] = ft->cloexec[k];
		if (n->fd[k])
			file_get(n->fd[k]);
	}
	return n;
}

/* fdtable_get - see vfs.h. */
void fdtable_get(struct fdtable *ft)
{
	ft->refs++;
}

/* fdtable_put - see vfs.h. */
void fdtable_put(struct fdtable *ft)
{
	int k;

	if (!ft || --ft->refs > 0)
		return;
	for (k = 0; k < ft->size; k++)
		if (ft->fd[k])
			file_put(ft->fd[k]);
	kfree(ft->fd);
	kfree(ft->cloexec);
	kfree(ft);
}

/* fdtable_exec - see vfs.h. */
void fdtable_exec(struct fdtable *ft)
{
	int k;

	for (k = 0; k < ft->size; k++) {
		if (ft->fd[k] && ft->cloexec[k]) {
			struct file *f = ft->fd[k];

			ft->fd[k] = NULL;
			ft->cloexec[k] = 0;
			filelock_close(current->proc, f);
			file_put(f);
		}
	}
}

/* fd_limit - see vfs_internal.h. */
int fd_limit(struct task *t)
{
	u64 lim = t && t->proc ? t->proc->rlim[RLIMIT_NOFILE].cur : FD_MAX;

	return lim > FD_MAX ? FD_MAX : (int)lim;
}

/* fd_get - see vfs.h. */
struct file *fd_get(struct task *t, int fd)
{
	struct fdtable *ft = t->files;
	struct file *f;

	if (!ft || fd < 0 || fd >= ft->size || !ft->fd[fd])
		return NULL;
	f = ft->fd[fd];
	file_get(f);
	return f;
}

/* fd_install - see vfs_internal.h. */
int fd_install(struct task *t, struct file *f, int min, bool cloexec)
{
	struct fdtable *ft = t->files;
	int lim = fd_limit(t), k, ret;

	if (min < 0 || min >= lim)
		return -EINVAL;
	for (k = min; k < lim; k++) {
		if (k >= ft->size) {
			ret = fdtable_grow(ft, k + 1);
			if (ret)
				return ret;
		}
		if (!ft->fd[k]) {
			ft->fd[k] = f;
			ft->cloexec[k] = cloexec;
			return k;
		}
	}
	return -EMFILE;
}

/* fd_install_at - see vfs_internal.h. */
int fd_install_at(struct task *t, struct file *f, int fd, bool cloexec)
{
	struct fdtable *ft = t->files;
	struct file *old;
	int ret;

	if (fd < 0 || fd >= fd_limit(t))
		return -EBADF;
	if (fd >= ft->size) {
		ret = fdtable_grow(ft, fd + 1);
		if (ret)
			return ret;
	}
	old = ft->fd[fd];
	ft->fd[fd] = f;
	ft->cloexec[fd] = cloexec;
	if (old) {
		filelock_close(t->proc, old);
		file_put(old);
	}
	return fd;
}

/* fd_close - see vfs_internal.h. */
int fd_close(struct task *t, int fd)
{
	struct fdtable *ft = t->files;
	struct file *f;

	if (!ft || fd < 0 || fd >= ft->size || !ft->fd[fd])
		return -EBADF;
	f = ft->fd[fd];
	ft->fd[fd] = NULL;
	ft->cloexec[fd] = 0;
	filelock_close(t->proc, f);
	file_put(f);
	return 0;
}

/* fd_get_cloexec - FD_CLOEXEC state of @fd or -EBADF. */
int fd_get_cloexec(struct task *t, int fd)
{
	struct fdtable *ft = t->files;

	if (!ft || fd < 0 || fd >= ft->size || !ft->fd[fd])
		return -EBADF;
	return ft->cloexec[fd];
}

/* fd_set_cloexec - set FD_CLOEXEC of @fd. 0 or -EBADF. */
int fd_set_cloexec(struct task *t, int fd, bool on)
{
	struct fdtable *ft = t->files;

	if (!ft || fd < 0 || fd >= ft->size || !ft->fd[fd])
		return -EBADF;
	ft->cloexec[fd] = on;
	return 0;
}

/* fdtable_setup_stdio - see vfs.h. */
int fdtable_setup_stdio(struct fdtable *ft, const struct bootinfo *bi)
{
	static const unsigned int modes[3] = { O_RDONLY, O_WRONLY, O_WRONLY };
	struct file *f;
	int k, ret;

	for (k = 0; k < 3; k++) {
		if (bi->stdio_handles[k] < 0)
			continue;
		f = stdio_file_create(bi->stdio_handles[k], bi->terminal,
				      bi->terminal ? O_RDWR : modes[k]);
		if (!f)
			return -ENOMEM;
		if (k >= ft->size) {
			ret = fdtable_grow(ft, k + 1);
			if (ret) {
				file_put(f);
				return ret;
			}
		}
		if (ft->fd[k])
			file_put(ft->fd[k]);
		ft->fd[k] = f;
		ft->cloexec[k] = 0;
	}
	return 0;
}
