// SPDX-License-Identifier: MIT
/* loader_load: execve's program loading (#! scripts, static/PIE ELF, ld.so). */
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>

#include "klib/klib.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "loader/loader.h"
#include "loader/loader_internal.h"
#include "loader/shebang.h"

/* Nested #! scripts allowed before -ELOOP. */
#define LOADER_MAX_SCRIPTS 4
/* Bytes of a file read to recognize it. */
#define LOADER_HDR_SIZE 4096
/* Space kept free between the stack and mmap's area below it (as Linux's minimum gap). */
#define LOADER_STACK_GUARD (128ULL << 20)

/* x86-64 user selectors and initial flags (IF and the reserved bit 1). */
#define USER_CS 0x33
#define USER_SS 0x2b
#define USER_EFLAGS 0x202

struct loader_state {
	char **argv;		/* current argument vector (strings borrowed) */
	size_t argc;
	size_t envc;
	struct shebang sb[LOADER_MAX_SCRIPTS];
	u8 hdr[LOADER_HDR_SIZE];
	struct elf_info exe;
	struct elf_info interp;
	char interp_path[ELF_INTERP_MAX];
};

u64 loader_random(void)
{
	u64 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

/* Count a NULL-terminated vector and add its string bytes to *@bytes. */
static int count_strings(char **v, size_t *count, u64 *bytes)
{
	size_t n = 0;

	if (v) {
		for (; v[n]; n++) {
			if (n >= LOADER_MAX_ARGS)
				return -E2BIG;
			*bytes += kstrlen(v[n]) + 1;
			if (*bytes > LOADER_MAX_STRINGS)
				return -E2BIG;
		}
	}
	*count = n;
	return 0;
}

/* Replace the argument vector by [interp, (arg), path, argv[1..]]. */
static int script_argv(struct loader_state *ls, struct shebang *sb,
		       const char *path)
{
	size_t extra = sb->has_arg ? 3 : 2;
	size_t old_rest = ls->argc ? ls->argc - 1 : 0;
	size_t n = extra + old_rest, i = 0;
	char **v;

	if (n > LOADER_MAX_ARGS)
		return -E2BIG;
	v = kmalloc((n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[i++] = sb->interp;
	if (sb->has_arg)
		v[i++] = sb->arg;
	v[i++] = (char *)path;
	if (old_rest)
		memcpy(&v[i], &ls->argv[1], old_rest * sizeof(*v));
	v[n] = NULL;
	kfree(ls->argv);
	ls->argv = v;
	ls->argc = n;
	return 0;
}

/* Open @path for execution and read its first bytes into @ls->hdr. */
static int open_exec(struct task *t, const char *path, struct loader_state *ls,
		     struct file **out, size_t *len)
{
	struct file *f;
	ssize_t n;
	int ret;

	ret = vfs_open(t, AT_FDCWD, path, O_RDONLY, 0, &f);
	if (ret)
		return ret;
	ret = vfs_may_exec(t, f);
	if (ret)
		goto fail;
	n = kernel_read(f, ls->hdr, sizeof(ls->hdr), 0);
	if (n < 0) {
		ret = (int)n;
		goto fail;
	}
	*out = f;
	*len = (size_t)n;
	return 0;
fail:
	file_put(f);
	return ret;
}

/*
 * Validate the ELF file @f whose first @len bytes are in @hdr (reading the
 * program header table separately when it lies beyond them) and check the
 * file really has the bytes its segments claim.
 */
static int parse_elf(struct file *f, const u8 *hdr, size_t len,
		     struct elf_info *ei)
{
	u64 need = elf_phdr_end(hdr, len), end;
	u64 file_size = len < LOADER_HDR_SIZE ? len : ~0ULL;
	Elf64_Ehdr eh;
	size_t phsize;
	u8 *ph;
	ssize_t n;
	int i, ret;
	char c;

	if (need == 0)
		return -ENOEXEC;
	if (need <= len) {
		ret = elf_parse(hdr, len, file_size, ei);
	} else {
		memcpy(&eh, hdr, sizeof(eh));
		phsize = (size_t)eh.e_phnum * sizeof(Elf64_Phdr);
		ph = kmalloc(phsize);
		if (!ph)
			return -ENOMEM;
		n = kernel_read(f, ph, phsize, (loff_t)eh.e_phoff);
		if (n >= 0 && (size_t)n == phsize)
			ret = elf_parse_split(hdr, len, ph, phsize, file_size, ei);
		else
			ret = n < 0 ? (int)n : -ENOEXEC;
		kfree(ph);
	}
	if (ret)
		return ret;

	/* Without a stat, probe the last byte any segment or table needs. */
	end = ei->has_interp ? ei->interp_offset + ei->interp_size : 0;
	end = max(end, need);
	for (i = 0; i < ei->nload; i++)
		end = max(end, ei->load[i].offset + ei->load[i].filesz);
	if (end > len) {
		n = kernel_read(f, &c, 1, (loff_t)(end - 1));
		if (n < 0)
			return (int)n;
		if (n != 1)
			return -ENOEXEC;
	}
	return 0;
}

/* Read PT_INTERP's path into @ls->interp_path. */
static int read_interp_path(struct file *f, struct loader_state *ls)
{
	u64 size = ls->exe.interp_size;
	ssize_t n;

	n = kernel_read(f, ls->interp_path, size, (loff_t)ls->exe.interp_offset);
	if (n < 0)
		return (int)n;
	if ((u64)n != size || ls->interp_path[size - 1] != '\0' ||
	    ls->interp_path[0] == '\0')
		return -ENOEXEC;
	return 0;
}

/* Load bias of a position-independent executable: a random page-aligned base. */
static u64 dyn_bias(const struct elf_info *ei)
{
	u64 base = LOADER_DYN_BASE +
		   (loader_random() % LOADER_DYN_RND_PAGES) * PAGE_SIZE;

	return ALIGN_UP(base, ei->align) - ei->lo;
}

/*
 * Map the interpreter: ET_DYN anywhere mm finds room (reserve the span,
 * align it, give back the slack), ET_EXEC at its own addresses.
 */
static int map_interp(struct mm *mm, struct file *f, const struct elf_info *ei,
		      u64 *bias)
{
	u64 span = ei->hi - ei->lo, rsv = span + ei->align - PAGE_SIZE;
	long addr;
	u64 base;
	int ret;

	if (ei->type == ET_EXEC) {
		*bias = 0;
		return loader_map_elf(mm, f, ei, 0);
	}
	addr = mm_mmap(mm, 0, rsv, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       NULL, 0);
	if (addr < 0)
		return (int)addr;
	base = ALIGN_UP((u64)addr, ei->align);
	if (base > (u64)addr) {
		ret = mm_munmap(mm, addr, base - addr);
		if (ret)
			return ret;
	}
	if ((u64)addr + rsv > base + span) {
		ret = mm_munmap(mm, base + span, addr + rsv - (base + span));
		if (ret)
			return ret;
	}
	*bias = base - ei->lo;
	return loader_map_elf(mm, f, ei, *bias);
}

static bool ranges_overlap(u64 a, u64 a_end, u64 b, u64 b_end)
{
	return a < b_end && b < a_end;
}

/* Stack VMA size from RLIMIT_STACK (0 or infinity: the default). */
static u64 stack_size(u64 limit)
{
	if (limit == 0 || limit > LOADER_STACK_MAX)
		return LOADER_STACK_MAX;
	return max(ALIGN_DOWN(limit, PAGE_SIZE), LOADER_STACK_MIN);
}

/* Map everything for a parsed executable (and interpreter) and build the stack. */
static int load_elf(struct task *t, struct loader_args *la,
		    struct loader_state *ls, struct mm *mm, struct file *exe,
		    struct file *interp, struct user_regs *regs)
{
	struct loader_stack st = { 0 };
	u64 bias = 0, ibias = 0, size, brk;
	uaddr_t sp;
	long addr;
	int ret;

	if (ls->exe.type == ET_DYN)
		bias = dyn_bias(&ls->exe);

	/* The stack: one growsdown VMA under USER_TOP minus a random gap. */
	size = stack_size(la->stack_limit);
	st.top = USER_TOP -
		 (loader_random() % LOADER_STACK_RND_PAGES) * PAGE_SIZE;
	st.bottom = st.top - size;
	if (ranges_overlap(ls->exe.lo + bias, ls->exe.hi + bias,
			   st.bottom - LOADER_STACK_GUARD, USER_TOP))
		return -ENOEXEC;
	if (interp && ls->interp.type == ET_EXEC &&
	    (ranges_overlap(ls->interp.lo, ls->interp.hi,
			    st.bottom - LOADER_STACK_GUARD, USER_TOP) ||
	     ranges_overlap(ls->interp.lo, ls->interp.hi, ls->exe.lo + bias,
			    ls->exe.hi + bias)))
		return -ENOEXEC;

	st.argv = ls->argv;
	st.argc = ls->argc;
	st.envp = la->envp;
	st.envc = ls->envc;
	st.execfn = la->path;
	/* Like Linux, arguments may use a quarter of the stack. */
	if (loader_stack_size(&st) > size / 4)
		return -E2BIG;

	addr = mm_mmap(mm, st.bottom, size,
		       PROT_READ | PROT_WRITE |
			       (ls->exe.exec_stack ? PROT_EXEC : 0),
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN,
		       NULL, 0);
	if (addr < 0)
		return (int)addr;
	/* mmap's top-down area starts below the stack, leaving it room. */
	mm->mmap_base = st.bottom - LOADER_STACK_GUARD;

	ret = loader_map_elf(mm, exe, &ls->exe, bias);
	if (ret)
		return ret;
	brk = ls->exe.hi + bias +
	      (loader_random() % LOADER_BRK_RND_PAGES) * PAGE_SIZE;
	mm->brk_start = mm->brk = brk;

	if (interp) {
		ret = map_interp(mm, interp, &ls->interp, &ibias);
		if (ret)
			return ret;
	}

	st.phdr = ls->exe.phdr_vaddr ? ls->exe.phdr_vaddr + bias : 0;
	st.phent = sizeof(Elf64_Phdr);
	st.phnum = ls->exe.phnum;
	st.base = interp ? ls->interp.lo + ibias : 0;
	st.entry = ls->exe.entry + bias;
	st.cred = t && t->proc ? &t->proc->cred : NULL;
	ret = loader_stack_build(mm, &st, &sp);
	if (ret)
		return ret;

	if (file_path(exe, mm->exe_path, sizeof(mm->exe_path)) < 0)
		kstrlcpy(mm->exe_path, la->path, sizeof(mm->exe_path));

	memset(regs, 0, sizeof(*regs));
	regs->rip = interp ? ls->interp.entry + ibias : st.entry;
	regs->rsp = sp;
	regs->cs = USER_CS;
	regs->ss = USER_SS;
	regs->eflags = USER_EFLAGS;
	return 0;
}

int loader_load(struct task *t, struct loader_args *la, struct mm *mm,
		struct user_regs *regs)
{
	static char empty[1];
	char *empty_arg[] = { empty, NULL };
	struct loader_state *ls;
	struct file *f = NULL, *interp = NULL;
	const char *path = la->path;
	u64 bytes = 0;
	size_t len, ilen, argc;
	int depth, ret;

	ls = kzalloc(sizeof(*ls));
	if (!ls)
		return -ENOMEM;
	ret = count_strings(la->argv, &argc, &bytes);
	if (!ret)
		ret = count_strings(la->envp, &ls->envc, &bytes);
	if (ret)
		goto out;
	/* An empty argv gets argv[0] = "" (as Linux does since 5.18). */
	if (argc == 0)
		ls->argc = 1;
	else
		ls->argc = argc;
	ls->argv = kmalloc((ls->argc + 1) * sizeof(char *));
	if (!ls->argv) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(ls->argv, argc ? la->argv : empty_arg,
	       (ls->argc + 1) * sizeof(char *));

	for (depth = 0;; depth++) {
		ret = open_exec(t, path, ls, &f, &len);
		if (ret)
			goto out;
		if (len < 2 || ls->hdr[0] != '#' || ls->hdr[1] != '!')
			break;
		if (depth == LOADER_MAX_SCRIPTS) {
			ret = -ELOOP;
			goto out;
		}
		ret = shebang_parse(ls->hdr, len, &ls->sb[depth]);
		if (!ret)
			ret = script_argv(ls, &ls->sb[depth], path);
		if (ret)
			goto out;
		file_put(f);
		f = NULL;
		path = ls->sb[depth].interp;
	}

	/* Strings grew with each #! level: check the limit again. */
	bytes = 0;
	if (count_strings(ls->argv, &argc, &bytes) ||
	    count_strings(la->envp, &ls->envc, &bytes)) {
		ret = -E2BIG;
		goto out;
	}

	ret = parse_elf(f, ls->hdr, len, &ls->exe);
	if (ret)
		goto out;
	if (ls->exe.has_interp) {
		ret = read_interp_path(f, ls);
		if (ret)
			goto out;
		ret = open_exec(t, ls->interp_path, ls, &interp, &ilen);
		if (ret) {
			pr_warn("exec %s: interpreter %s: error %d\n", la->path,
				ls->interp_path, ret);
			goto out;
		}
		ret = parse_elf(interp, ls->hdr, ilen, &ls->interp);
		if (ret == -ENOEXEC || (!ret && ls->interp.has_interp)) {
			pr_warn("exec %s: bad interpreter %s\n", la->path,
				ls->interp_path);
			ret = -ELIBBAD;
		}
		if (ret)
			goto out;
	}

	ret = load_elf(t, la, ls, mm, f, interp, regs);
out:
	if (interp)
		file_put(interp);
	if (f)
		file_put(f);
	kfree(ls->argv);
	kfree(ls);
	return ret;
}
