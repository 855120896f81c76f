/* SPDX-License-Identifier: MIT */
/* execve, execveat: replace a process's program. */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/resource.h>
#include <asm/signal.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "loader/loader.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "syscalls/syscall.h"

#define MAX_ARG_STRLEN (32 * PAGE_SIZE)

static void free_strv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		kfree(*p);
	kfree(v);
}

/* Copy a user string vector; *total accumulates the bytes copied. */
static long copy_strv_in(struct task *t, uaddr_t uv, char ***out, size_t *total)
{
	size_t n = 0, cap = 16;
	char **v = kzalloc(cap * sizeof(*v));
	char *buf = NULL;

	if (!v)
		return -ENOMEM;
	while (uv) {
		u64 up;
		long len;

		if (copy_in(t->mm, &up, uv + n * 8, sizeof(up)) < 0)
			goto fault;
		if (!up)
			break;
		if (n + 1 >= LOADER_MAX_ARGS)
			goto e2big;
		if (n + 1 >= cap) {
			char **nv = krealloc(v, cap * 2 * sizeof(*v));

			if (!nv)
				goto nomem;
			memset(nv + cap, 0, cap * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		buf = kmalloc(MAX_ARG_STRLEN);
		if (!buf)
			goto nomem;
		len = copy_string_in(t->mm, buf, up, MAX_ARG_STRLEN);
		if (len == -ENAMETOOLONG) {
			kfree(buf);
			goto e2big;
		}
		if (len < 0) {
			kfree(buf);
			goto fault;
		}
		*total += (size_t)len + 1;
		if (*total > LOADER_MAX_STRINGS) {
			kfree(buf);
			goto e2big;
		}
		v[n] = kstrdup(buf);
		kfree(buf);
		if (!v[n])
			goto nomem;
		n++;
	}
	v[n] = NULL;
	*out = v;
	return 0;
fault:
	free_strv(v);
	return -EFAULT;
e2big:
	free_strv(v);
	return -E2BIG;
nomem:
	free_strv(v);
	return -ENOMEM;
}

/* Reset what exec resets: handlers, alternate stack, pending blocking state. */
static void exec_reset_signals(struct task *t)
{
	struct sighand *sh = t->proc->sighand;

	if (sh->refs > 1) {
		struct sighand *copy = sighand_copy(sh);

		if (copy) {
			sighand_put(sh);
			t->proc->sighand = sh = copy;
		}
	}
	for (int i = 0; i < KNSIG; i++) {
		struct k_sigaction *ka = &sh->action[i];

		if (ka->handler != (u64)SIG_IGN) {
			ka->handler = (u64)SIG_DFL;
			ka->flags = 0;
			ka->mask = 0;
			ka->restorer = 0;
		}
	}
	t->sas_sp = 0;
	t->sas_size = 0;
	t->sas_flags = 0;
}

/* exec_kernel - see sched_internal.h. Consumes nothing: the caller frees. */
int exec_kernel(struct task *t, const char *path, char **argv, char **envp)
{
	struct loader_args la = {
		.path = path,
		.argv = argv,
		.envp = envp,
		.stack_limit = t->proc->rlim[RLIMIT_STACK].cur,
	};
	struct user_regs regs;
	struct platform_ctx *old_ctx = t->ctx;
	struct mm *old_mm = t->mm, *mm;
	const char *base;
	int r;

	mm = mm_create();
	if (!mm)
		return -ENOMEM;
	r = loader_load(t, &la, mm, &regs);
	if (r == 0)
		r = de_thread(t);	/* the other threads go first */
	if (r < 0) {
		mm_put(mm);
		return r;
	}
	t->mm = mm;
	r = task_attach_ctx(t);
	if (r < 0) {
		t->mm = old_mm;
		t->ctx = old_ctx;
		mm_put(mm);
		return r;
	}
	/* Point of no return. */
	if (old_ctx)
		platform->ctx_destroy(old_ctx);
	if (old_mm)
		mm_put(old_mm);
	t->regs = regs;
	t->clear_child_tid = 0;
	if (t->files)
		fdtable_exec(t->files);
	exec_reset_signals(t);
	rseq_execve(t);
	base = kstrrchr(path, '/');
	kstrlcpy(t->comm, base ? base + 1 : path, sizeof(t->comm));
	vfork_release(t);
	return 0;
}

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* exec_search_path - see sched_internal.h. */
char *exec_search_path(struct task *t, const char *name, char **envp)
{
	const char *path = DEFAULT_PATH, *p;
	char *buf;

	if (kstrchr(name, '/'))
		return kstrdup(name);
	for (char **e = envp; e && *e; e++)
		if (!kstrncmp(*e, "PATH=", 5))
			path = *e + 5;
	buf = kmalloc(4096);
	if (!buf)
		return NULL;
	for (p = path; *p; ) {
		const char *end = kstrchr(p, ':');
		size_t len = end ? (size_t)(end - p) : kstrlen(p);
		struct file *f;

		if (len && len + 1 + kstrlen(name) + 1 <= 4096) {
			memcpy(buf, p, len);
			buf[len] = '/';
			kstrlcpy(buf + len + 1, name, 4096 - len - 1);
			if (vfs_open(t, AT_FDCWD, buf, O_RDONLY, 0, &f) == 0) {
				int r = vfs_may_exec(t, f);

				file_put(f);
				if (r == 0)
					return buf;
			}
		}
		if (!end)
			break;
		p = end + 1;
	}
	kstrlcpy(buf, name, 4096);
	return buf;
}

static long do_execve(struct task *t, int dirfd, uaddr_t upath, uaddr_t uargv,
		      uaddr_t uenvp, int flags)
{
	char *path = kmalloc(PATH_MAX);
	char **argv = NULL, **envp = NULL;
	size_t total = 0;
	long r;

	if (!path)
		return -ENOMEM;
	r = copy_string_in(t->mm, path, upath, PATH_MAX);
	if (r < 0)
		goto out;
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) {
		r = -EINVAL;
		goto out;
	}
	if (dirfd != AT_FDCWD && path[0] != '/') {
		/* execveat relative to a directory fd: resolve to a path. */
		struct file *f = fd_get(t, dirfd);
		char *full;

		if (!f) {
			r = -EBADF;
			goto out;
		}
		full = kmalloc(PATH_MAX);
		r = full ? file_path(f, full, PATH_MAX) : -ENOMEM;
		file_put(f);
		if (r < 0) {
			kfree(full);
			goto out;
		}
		if (path[0]) {
			size_t l = kstrlen(full);

			if (l + 1 + kstrlen(path) + 1 > PATH_MAX) {
				kfree(full);
				r = -ENAMETOOLONG;
				goto out;
			}
			full[l] = '/';
			kstrlcpy(full + l + 1, path, PATH_MAX - l - 1);
		} else if (!(flags & AT_EMPTY_PATH)) {
			kfree(full);
			r = -ENOENT;
			goto out;
		}
		kfree(path);
		path = full;
	} else if (!path[0]) {
		r = -ENOENT;
		goto out;
	}
	r = copy_strv_in(t, uargv, &argv, &total);
	if (r < 0)
		goto out;
	r = copy_strv_in(t, uenvp, &envp, &total);
	if (r < 0)
		goto out;
	r = exec_kernel(t, path, argv, envp);
out:
	free_strv(argv);
	free_strv(envp);
	kfree(path);
	return r;
}

SYSCALL_DEFINE(execve)
{
	return do_execve(t, AT_FDCWD, a->a[0], a->a[1], a->a[2], 0);
}

SYSCALL_DEFINE(execveat)
{
	return do_execve(t, (int)a->a[0], a->a[1], a->a[2], a->a[3], (int)a->a[4]);
}
