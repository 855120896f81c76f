// SPDX-License-Identifier: MIT
/*
 * loader_load on the host: real binaries and scripts from the host's file
 * system through a fake vfs (host open/pread) and a fake mm (VMAs and pages
 * kept in host memory, file pages read on first touch), then the resulting
 * address space and initial stack are checked the way a libc reads them.
 */
#include "tests/unit/shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/auxvec.h>
#include <linux/elf.h>

#include "fs/vfs.h"
#include "kernel/task.h"
#include "loader/loader.h"
#include "loader/elf_parse.h"
#include "mm/mm.h"

/* A string literal as the char * that argv/envp vectors hold. */
#define S(lit) ((char *)(lit))

static int test_no, test_failed;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	test_no++;
	if (!cond)
		test_failed++;
	printf("%sok %d - ", cond ? "" : "not ", test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++test_no, why);
}

/* ---- fake vfs: host files ---- */

static int open_files;

int vfs_open(struct task *t, int dirfd, const char *path, int flags,
	     u32 mode, struct file **out)
{
	struct file *f;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	f = calloc(1, sizeof(*f));
	f->refs = 1;
	f->priv = (void *)(long)fd;
	f->flags = (unsigned int)flags;
	f->dentry = (struct dentry *)strdup(path);	/* remembered for file_path */
	open_files++;
	*out = f;
	return 0;
}

int vfs_may_exec(struct task *t, struct file *f)
{
	struct stat st;

	if (fstat((int)(long)f->priv, &st) || !S_ISREG(st.st_mode) ||
	    !(st.st_mode & 0111))
		return -EACCES;
	return 0;
}

ssize_t kernel_read(struct file *f, void *buf, size_t len, loff_t off)
{
	ssize_t n = pread((int)(long)f->priv, buf, len, off);

	return n < 0 ? -errno : n;
}

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	if (--f->refs)
		return;
	close((int)(long)f->priv);
	free(f->dentry);
	free(f);
	open_files--;
}

int file_path(struct file *f, char *buf, size_t size)
{
	return kstrlcpy(buf, (const char *)f->dentry, size) < size ?
		       0 : -ENAMETOOLONG;
}

/* ---- fake mm ---- */

#define FAKE_VMAS 64
#define FAKE_PAGES 4096

struct fake_vma {
	u64 start, end;
	int prot, flags;
	struct file *file;
	u64 off;
};

struct fake_page {
	u64 va;
	u8 *data;
};

struct fake_mm {
	struct fake_vma vma[FAKE_VMAS];
	int nvma;
	struct fake_page page[FAKE_PAGES];
	int npage;
};

static struct fake_mm *fm(struct mm *mm)
{
	return mm->vmas;
}

static void fake_drop_pages(struct fake_mm *f, u64 start, u64 end)
{
	int i;

	for (i = 0; i < f->npage;) {
		if (f->page[i].va >= start && f->page[i].va < end) {
			free(f->page[i].data);
			f->page[i] = f->page[--f->npage];
		} else {
			i++;
		}
	}
}

/* Cut [start, end) out of every VMA (splitting as needed). */
static void fake_unmap(struct fake_mm *f, u64 start, u64 end)
{
	int i, n = f->nvma;

	for (i = 0; i < n; i++) {
		struct fake_vma *v = &f->vma[i];

		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start && v->end > end) {
			struct fake_vma hi = *v;

			hi.off += end - v->start;
			hi.start = end;
			f->vma[f->nvma++] = hi;
			v->end = start;
		} else if (v->start < start) {
			v->end = start;
		} else if (v->end > end) {
			v->off += end - v->start;
			v->start = end;
		} else {
			v->start = v->end = 0;	/* dead */
		}
	}
	for (i = 0; i < f->nvma;) {
		if (f->vma[i].start == f->vma[i].end) {
			if (f->vma[i].file)
				file_put(f->vma[i].file);
			f->vma[i] = f->vma[--f->nvma];
		} else {
			i++;
		}
	}
	fake_drop_pages(f, start, end);
}

static struct fake_vma *fake_find(struct fake_mm *f, u64 va)
{
	int i;

	for (i = 0; i < f->nvma; i++)
		if (va >= f->vma[i].start && va < f->vma[i].end)
			return &f->vma[i];
	return NULL;
}

long mm_mmap(struct mm *mm, uaddr_t addr, u64 len, int prot, int flags,
	     struct file *file, u64 off)
{
	struct fake_mm *f = fm(mm);
	struct fake_vma *v;

	if (len == 0 || (addr & 0xfff) || (len & 0xfff) || (off & 0xfff))
		return -EINVAL;
	if (!(flags & MAP_FIXED)) {
		/* Top-down below 0x7f0000000000, first gap that fits. */
		u64 a = 0x7f0000000000ULL - len;
		int i;

		for (i = 0; i < f->nvma;) {
			if (a < f->vma[i].end && f->vma[i].start < a + len) {
				a = f->vma[i].start - len;
				i = 0;
			} else {
				i++;
			}
		}
		addr = a;
	}
	if (addr + len > USER_TOP || f->nvma >= FAKE_VMAS - 2)
		return -ENOMEM;
	fake_unmap(f, addr, addr + len);
	v = &f->vma[f->nvma++];
	*v = (struct fake_vma){ addr, addr + len, prot, flags,
				(flags & MAP_ANONYMOUS) ? NULL : file, off };
	if (v->file)
		file_get(v->file);
	return (long)addr;
}

int mm_munmap(struct mm *mm, uaddr_t addr, u64 len)
{
	fake_unmap(fm(mm), addr, addr + len);
	return 0;
}

int mm_mprotect(struct mm *mm, uaddr_t addr, u64 len, int prot)
{
	struct fake_mm *f = fm(mm);
	struct fake_vma *v = fake_find(f, addr);
	struct fake_vma copy;
	u64 end = addr + len;

	if (!v || v->end < end)
		return -ENOMEM;
	/* Split off [addr, end) with the new protection. */
	copy = *v;
	if (copy.file)
		file_get(copy.file);
	fake_unmap(f, addr, end);	/* drops pages: keep them alive */
	copy.off += addr - copy.start;
	copy.start = addr;
	copy.end = end;
	copy.prot = prot;
	f->vma[f->nvma++] = copy;
	return 0;
}

/* The host copy of user page @va, faulted in; NULL: no VMA or no @access. */
static u8 *fake_page(struct fake_mm *f, u64 va, int access)
{
	struct fake_vma *v = fake_find(f, va);
	u64 pva = va & ~0xfffULL;
	int i;

	if (!v || (access && !(v->prot & access)))
		return NULL;
	for (i = 0; i < f->npage; i++)
		if (f->page[i].va == pva)
			return f->page[i].data + (va - pva);
	if (f->npage == FAKE_PAGES)
		return NULL;
	f->page[f->npage].va = pva;
	f->page[f->npage].data = calloc(1, 4096);
	if (v->file)
		kernel_read(v->file, f->page[f->npage].data, 4096,
			    (loff_t)(v->off + pva - v->start));
	return f->page[f->npage++].data + (va - pva);
}

int copy_out(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
	const u8 *s = src;
	size_t i;

	for (i = 0; i < n; i++) {
		u8 *p = fake_page(fm(mm), dst + i, PROT_WRITE);

		if (!p)
			return -EFAULT;
		*p = s[i];
	}
	return 0;
}

int clear_user(struct mm *mm, uaddr_t dst, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		u8 *p = fake_page(fm(mm), dst + i, PROT_WRITE);

		if (!p)
			return -EFAULT;
		*p = 0;
	}
	return 0;
}

static int peek(struct mm *mm, u64 va, void *dst, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		u8 *p = fake_page(fm(mm), va + i, 0);

		if (!p)
			return -EFAULT;
		((u8 *)dst)[i] = *p;
	}
	return 0;
}

static u64 peek64(struct mm *mm, u64 va)
{
	u64 v = 0xdeadbeefdeadbeefULL;

	peek(mm, va, &v, sizeof(v));
	return v;
}

static const char *peek_str(struct mm *mm, u64 va)
{
	static char buf[4][512];
	static int k;
	char *b = buf[k++ % 4];
	size_t i;

	for (i = 0; i < sizeof(buf[0]) - 1; i++)
		if (peek(mm, va + i, &b[i], 1) || !b[i])
			break;
	b[i] = '\0';
	return b;
}

static struct mm *fake_mm_new(void)
{
	struct mm *mm = calloc(1, sizeof(*mm));

	mm->vmas = calloc(1, sizeof(struct fake_mm));
	return mm;
}

static void fake_mm_free(struct mm *mm)
{
	fake_unmap(fm(mm), 0, ~0ULL);
	free(mm->vmas);
	free(mm);
}

/* ---- helpers ---- */

static struct process proc;
static struct task task = { .proc = &proc };

struct stack_view {
	u64 argc;
	const char *argv[16];
	u64 envc;
	const char *envp[16];
	u64 aux[64];		/* indexed by AT_* */
	bool aux_seen[64];
	bool aux_dup;
};

static void read_stack(struct mm *mm, u64 sp, struct stack_view *sv)
{
	u64 p = sp, i, type;

	memset(sv, 0, sizeof(*sv));
	sv->argc = peek64(mm, p);
	p += 8;
	for (i = 0; peek64(mm, p) != 0 && i < 1000; i++, p += 8)
		if (i < 16)
			sv->argv[i] = strdup(peek_str(mm, peek64(mm, p)));
	p += 8;
	for (i = 0; peek64(mm, p) != 0 && i < 1000; i++, p += 8)
		if (i < 16)
			sv->envp[i] = strdup(peek_str(mm, peek64(mm, p)));
	sv->envc = i;
	p += 8;
	for (i = 0; i < 64; i++, p += 16) {
		type = peek64(mm, p);
		if (type == AT_NULL)
			break;
		if (type < 64) {
			sv->aux_dup |= sv->aux_seen[type];
			sv->aux_seen[type] = true;
			sv->aux[type] = peek64(mm, p + 8);
		}
	}
}

static void free_stack(struct stack_view *sv)
{
	int i;

	for (i = 0; i < 16; i++) {
		free((void *)sv->argv[i]);
		free((void *)sv->envp[i]);
	}
}

static int load(const char *path, char **argv, char **envp, u64 stack_limit,
		struct mm **mmp, struct user_regs *regs)
{
	struct loader_args la = { path, argv, envp, stack_limit };
	struct mm *mm = fake_mm_new();
	int ret;

	memset(regs, 0xaa, sizeof(*regs));
	ret = loader_load(&task, &la, mm, regs);
	if (mmp)
		*mmp = mm;
	else
		fake_mm_free(mm);
	return ret;
}

/* Parse a host ELF file's header for the expected values. */
static int host_elf(const char *path, struct elf_info *ei)
{
	static u8 buf[4096];
	struct stat st;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, sizeof(buf), 0);
	fstat(fd, &st);
	close(fd);
	return n > 0 ? elf_parse(buf, (size_t)n, (u64)st.st_size, ei) : -1;
}

static void check_common(const char *what, struct mm *mm,
			 const struct user_regs *regs, struct stack_view *sv)
{
	u8 rnd[16];

	ok(regs->rsp % 16 == 0 && regs->cs == 0x33 && regs->ss == 0x2b &&
	   regs->eflags == 0x202 && regs->rax == 0 && regs->rdi == 0,
	   "%s: regs (rsp %#llx aligned, selectors, rest zero)", what,
	   (unsigned long long)regs->rsp);
	read_stack(mm, regs->rsp, sv);
	ok(!sv->aux_dup && sv->aux[AT_PAGESZ] == 4096 &&
	   sv->aux[AT_PHENT] == sizeof(Elf64_Phdr) &&
	   sv->aux[AT_CLKTCK] == 100 && sv->aux_seen[AT_HWCAP] &&
	   sv->aux[AT_UID] == proc.cred.uid && sv->aux[AT_EGID] == proc.cred.egid &&
	   sv->aux_seen[AT_SECURE] && sv->aux[AT_SECURE] == 0,
	   "%s: auxv basics", what);
	ok(!strcmp(peek_str(mm, sv->aux[AT_PLATFORM]), "x86_64") &&
	   peek(mm, sv->aux[AT_RANDOM], rnd, 16) == 0 &&
	   sv->aux[AT_RANDOM] > regs->rsp,
	   "%s: AT_PLATFORM and AT_RANDOM on the stack", what);
	ok(mm->start_stack == regs->rsp && mm->arg_start < mm->arg_end &&
	   mm->arg_end == mm->env_start && mm->env_start <= mm->env_end &&
	   mm->env_end <= sv->aux[AT_EXECFN] &&
	   peek64(mm, sv->aux[AT_EXECFN] + strlen(peek_str(mm, sv->aux[AT_EXECFN])) + 1) == 0,
	   "%s: arg/env ranges, execfn at the top", what);
}

/* ---- tests ---- */

static void test_busybox(void)
{
	char *argv[] = { S("busybox"), S("echo"), S("hi"), NULL };
	char *envp[] = { S("A=1"), S("PATH=/bin"), NULL };
	struct user_regs regs;
	struct stack_view sv;
	struct elf_info ei;
	struct mm *mm;
	const struct elf_seg *last;
	u8 byte, expect;
	int fd, ret, i, zero;

	if (host_elf("/bin/busybox", &ei)) {
		skip("no /bin/busybox");
		return;
	}
	proc.cred.uid = 1000;
	proc.cred.egid = 1001;
	ret = load("/bin/busybox", argv, envp, 0, &mm, &regs);
	ok(ret == 0, "busybox loads (%d)", ret);
	if (ret) {
		fake_mm_free(mm);
		return;
	}
	ok(regs.rip == ei.entry, "busybox: rip = e_entry %#llx",
	   (unsigned long long)regs.rip);
	check_common("busybox", mm, &regs, &sv);
	ok(sv.argc == 3 && !strcmp(sv.argv[0], "busybox") &&
	   !strcmp(sv.argv[2], "hi") && sv.envc == 2 &&
	   !strcmp(sv.envp[1], "PATH=/bin"), "busybox: argv and envp");
	ok(sv.aux[AT_PHDR] == ei.phdr_vaddr && sv.aux[AT_PHNUM] == ei.phnum &&
	   sv.aux[AT_ENTRY] == ei.entry && sv.aux[AT_BASE] == 0,
	   "busybox: AT_PHDR %#llx AT_PHNUM %llu AT_ENTRY AT_BASE",
	   (unsigned long long)sv.aux[AT_PHDR],
	   (unsigned long long)sv.aux[AT_PHNUM]);
	ok(!strcmp(peek_str(mm, sv.aux[AT_EXECFN]), "/bin/busybox") &&
	   !strcmp(mm->exe_path, "/bin/busybox") &&
	   !strcmp(peek_str(mm, mm->arg_start), "busybox"),
	   "busybox: AT_EXECFN, exe_path, arg_start");
	ok(mm->brk_start == mm->brk && mm->brk >= ei.hi &&
	   mm->brk % 4096 == 0, "busybox: brk %#llx above the image",
	   (unsigned long long)mm->brk);

	/* Segment contents: the file's bytes, zeros past p_filesz. */
	last = &ei.load[ei.nload - 1];
	fd = open("/bin/busybox", O_RDONLY);
	pread(fd, &expect, 1, (off_t)(last->offset + last->filesz - 1));
	close(fd);
	peek(mm, last->vaddr + last->filesz - 1, &byte, 1);
	zero = 1;
	for (i = 0; i < 64; i++) {
		peek(mm, last->vaddr + last->filesz + i, &byte, 1);
		zero &= byte == 0;
		if (last->vaddr + last->filesz + i + 1 >= last->vaddr + last->memsz)
			break;
	}
	peek(mm, last->vaddr + last->filesz - 1, &byte, 1);
	ok(byte == expect && zero, "busybox: data segment's file bytes, then bss zeros");
	ok(fake_find(fm(mm), last->vaddr + last->memsz - 1) &&
	   fake_find(fm(mm), last->vaddr + last->memsz - 1)->prot ==
		   (PROT_READ | PROT_WRITE) &&
	   fake_find(fm(mm), ei.entry)->prot == (PROT_READ | PROT_EXEC) &&
	   fake_find(fm(mm), ei.entry)->file != NULL,
	   "busybox: text file-backed r-x, bss rw-");
	ok(fake_find(fm(mm), regs.rsp) &&
	   (fake_find(fm(mm), regs.rsp)->flags & MAP_GROWSDOWN) &&
	   fake_find(fm(mm), regs.rsp)->end -
			   fake_find(fm(mm), regs.rsp)->start == 8 << 20,
	   "busybox: 8 MiB growsdown stack");
	free_stack(&sv);
	fake_mm_free(mm);
}

static void test_static_pie(void)
{
	char dir[] = "/tmp/test_loader.XXXXXX", cmd[512], src[128], bin[128];
	char *argv[] = { S("t"), NULL }, *envp[] = { NULL };
	const char *cc = getenv("CC");
	struct user_regs regs;
	struct stack_view sv;
	struct elf_info ei;
	struct mm *mm;
	u64 base;
	FILE *f;
	int ret;

	if (!mkdtemp(dir)) {
		skip("mkdtemp");
		return;
	}
	snprintf(src, sizeof(src), "%s/t.c", dir);
	snprintf(bin, sizeof(bin), "%s/t", dir);
	f = fopen(src, "w");
	if (f) {
		fputs("int main(void) { return 0; }\n", f);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "%s -static-pie -o %s %s >/dev/null 2>&1",
		 cc && *cc ? cc : "cc", bin, src);
	if (system(cmd) != 0 || host_elf(bin, &ei)) {
		skip("cannot build a static-pie program");
		goto out;
	}
	ret = load(bin, argv, envp, 0, &mm, &regs);
	ok(ret == 0, "static-pie loads (%d)", ret);
	if (ret == 0) {
		check_common("static-pie", mm, &regs, &sv);
		base = regs.rip - ei.entry;
		ok(base % 4096 == 0 && base >= 0x555555554000ULL &&
		   base < 0x555555554000ULL + (1ULL << 41),
		   "static-pie: base %#llx", (unsigned long long)base);
		ok(sv.aux[AT_PHDR] == base + ei.phdr_vaddr &&
		   sv.aux[AT_ENTRY] == regs.rip && sv.aux[AT_BASE] == 0 &&
		   sv.argc == 1 && sv.envc == 0,
		   "static-pie: AT_PHDR/AT_ENTRY biased, no AT_BASE");
		ok(mm->brk >= base + ei.hi, "static-pie: brk above the image");
		free_stack(&sv);
		fake_mm_free(mm);
	}
out:
	unlink(bin);
	unlink(src);
	rmdir(dir);
}

static void test_dynamic(void)
{
	char *argv[] = { S("ls"), NULL }, *envp[] = { NULL };
	struct user_regs regs;
	struct stack_view sv;
	struct elf_info ei, li;
	struct mm *mm;
	int ret;

	if (host_elf("/bin/ls", &ei) || host_elf("/lib64/ld-linux-x86-64.so.2", &li)) {
		skip("no /bin/ls or ld.so");
		return;
	}
	ret = load("/bin/ls", argv, envp, 0, &mm, &regs);
	ok(ret == 0, "/bin/ls loads with its interpreter (%d)", ret);
	if (ret) {
		fake_mm_free(mm);
		return;
	}
	check_common("/bin/ls", mm, &regs, &sv);
	ok(sv.aux[AT_BASE] != 0 && sv.aux[AT_BASE] % li.align == 0 &&
	   regs.rip == sv.aux[AT_BASE] + li.entry,
	   "/bin/ls: rip is ld.so's entry at AT_BASE %#llx",
	   (unsigned long long)sv.aux[AT_BASE]);
	ok(sv.aux[AT_ENTRY] - ei.entry == sv.aux[AT_PHDR] - ei.phdr_vaddr &&
	   (sv.aux[AT_ENTRY] - ei.entry) % 4096 == 0 &&
	   sv.aux[AT_ENTRY] - ei.entry >= 0x555555554000ULL,
	   "/bin/ls: program at a random PIE base");
	ok(fake_find(fm(mm), sv.aux[AT_BASE] + li.entry) &&
	   (fake_find(fm(mm), sv.aux[AT_BASE] + li.entry)->prot & PROT_EXEC),
	   "/bin/ls: ld.so text mapped executable");
	free_stack(&sv);
	fake_mm_free(mm);
}

static char tmpdir[] = "/tmp/test_loader_s.XXXXXX";

static const char *write_file(const char *name, const char *text, int mode)
{
	static char paths[16][256];
	static int k;
	char *p = paths[k++ % 16];
	FILE *f;

	snprintf(p, 256, "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	chmod(p, (mode_t)mode);
	return p;
}

static void test_scripts(void)
{
	char *argv[] = { S("s1"), S("one"), S("two"), NULL }, *envp[] = { S("X=y"), NULL };
	char line[512];
	const char *s1, *s2, *s[6];
	struct user_regs regs;
	struct stack_view sv;
	struct mm *mm;
	int ret, i;

	if (access("/bin/busybox", X_OK) || !mkdtemp(tmpdir)) {
		skip("no /bin/busybox or tmpdir");
		return;
	}
	s1 = write_file("s1", "#!/bin/busybox  sh -x \necho\n", 0755);
	ret = load(s1, argv, envp, 0, &mm, &regs);
	ok(ret == 0, "script loads its interpreter (%d)", ret);
	if (ret == 0) {
		read_stack(mm, regs.rsp, &sv);
		ok(sv.argc == 5 && !strcmp(sv.argv[0], "/bin/busybox") &&
		   !strcmp(sv.argv[1], "sh -x") && !strcmp(sv.argv[2], s1) &&
		   !strcmp(sv.argv[3], "one") && !strcmp(sv.argv[4], "two"),
		   "script argv: interp, arg, path, argv[1..]");
		ok(!strcmp(peek_str(mm, sv.aux[AT_EXECFN]), s1) &&
		   !strcmp(mm->exe_path, "/bin/busybox"),
		   "script: AT_EXECFN is the script, exe is the interpreter");
		free_stack(&sv);
	}
	fake_mm_free(mm);

	snprintf(line, sizeof(line), "#!%s\n", s1);
	s2 = write_file("s2", line, 0755);
	ret = load(s2, argv, envp, 0, &mm, &regs);
	if (ret == 0) {
		read_stack(mm, regs.rsp, &sv);
		ret = !(sv.argc == 6 && !strcmp(sv.argv[2], s1) &&
			!strcmp(sv.argv[3], s2) && !strcmp(sv.argv[4], "one"));
		free_stack(&sv);
	}
	ok(ret == 0, "nested script: [busybox, sh -x, s1, s2, one, two]");
	fake_mm_free(mm);

	/* A chain of scripts: 4 levels work, 5 give -ELOOP. */
	s[0] = write_file("c0", "#!/bin/busybox\n", 0755);
	for (i = 1; i < 6; i++) {
		char name[16];

		snprintf(line, sizeof(line), "#!%s\n", s[i - 1]);
		snprintf(name, sizeof(name), "c%d", i);
		s[i] = write_file(name, line, 0755);
	}
	ok(load(s[3], argv, envp, 0, NULL, &regs) == 0, "4 nested scripts load");
	ok(load(s[4], argv, envp, 0, NULL, &regs) == -ELOOP, "5 nested scripts: -ELOOP");
	snprintf(line, sizeof(line), "#!%s/self\n", tmpdir);
	ok(load(write_file("self", line, 0755), argv, envp, 0, NULL, &regs) ==
	   -ELOOP, "self-interpreting script: -ELOOP");

	ok(load(write_file("noint", "#!\n", 0755), argv, envp, 0, NULL, &regs) ==
	   -ENOEXEC, "script without interpreter: -ENOEXEC");
	ok(load(write_file("missing", "#!/nonexistent/sh\n", 0755), argv, envp,
		0, NULL, &regs) == -ENOENT, "missing interpreter: -ENOENT");
	ok(load(write_file("text", "hello world\n", 0755), argv, envp, 0, NULL,
		&regs) == -ENOEXEC, "plain text file: -ENOEXEC");
	ok(load(write_file("noexec", "#!/bin/busybox\n", 0644), argv, envp, 0,
		NULL, &regs) == -EACCES, "file without x bit: -EACCES");
	ok(load(tmpdir, argv, envp, 0, NULL, &regs) == -EACCES,
	   "directory: -EACCES");
	ok(load("/nonexistent", argv, envp, 0, NULL, &regs) == -ENOENT,
	   "missing file: -ENOENT");
}

static void test_corrupt_file(void)
{
	char *argv[] = { S("x"), NULL }, *envp[] = { NULL };
	char path[300], cmd[700];
	struct user_regs regs;

	if (access("/bin/busybox", R_OK)) {
		skip("no /bin/busybox");
		return;
	}
	snprintf(path, sizeof(path), "%s/trunc", tmpdir);
	snprintf(cmd, sizeof(cmd), "head -c 100000 /bin/busybox > %s && chmod 755 %s",
		 path, path);
	ok(system(cmd) == 0 && load(path, argv, envp, 0, NULL, &regs) == -ENOEXEC,
	   "truncated busybox: -ENOEXEC");
	snprintf(cmd, sizeof(cmd),
		 "cp /bin/busybox %s && printf '\\001' | dd of=%s bs=1 seek=4 conv=notrunc 2>/dev/null",
		 path, path);
	ok(system(cmd) == 0 && load(path, argv, envp, 0, NULL, &regs) == -ENOEXEC,
	   "32-bit class byte: -ENOEXEC");
	unlink(path);
}

static void test_limits(void)
{
	char *argv0[] = { NULL }, *envp[] = { NULL };
	char **big;
	char *huge;
	struct user_regs regs;
	struct stack_view sv;
	struct mm *mm;
	int i, ret;

	if (access("/bin/busybox", X_OK)) {
		skip("no /bin/busybox");
		return;
	}
	ret = load("/bin/busybox", argv0, envp, 0, &mm, &regs);
	if (ret == 0) {
		read_stack(mm, regs.rsp, &sv);
		ret = !(sv.argc == 1 && sv.argv[0] && sv.argv[0][0] == '\0');
		free_stack(&sv);
	}
	ok(ret == 0, "empty argv gets argv[0] = \"\"");
	fake_mm_free(mm);

	big = calloc(LOADER_MAX_ARGS + 2, sizeof(char *));
	for (i = 0; i < LOADER_MAX_ARGS + 1; i++)
		big[i] = S("a");
	ok(load("/bin/busybox", big, envp, 0, NULL, &regs) == -E2BIG,
	   "%d arguments: -E2BIG", LOADER_MAX_ARGS + 1);
	ok(load("/bin/busybox", envp, big, 0, NULL, &regs) == -E2BIG,
	   "%d environment strings: -E2BIG", LOADER_MAX_ARGS + 1);
	huge = malloc(LOADER_MAX_STRINGS);
	memset(huge, 'x', LOADER_MAX_STRINGS - 1);
	huge[LOADER_MAX_STRINGS - 1] = '\0';
	big[0] = S("busybox");
	big[1] = huge;
	big[2] = NULL;
	ok(load("/bin/busybox", big, envp, 0, NULL, &regs) == -E2BIG,
	   "strings over %d bytes: -E2BIG", LOADER_MAX_STRINGS);
	huge[100000] = '\0';
	ok(load("/bin/busybox", big, envp, 256 << 10, NULL, &regs) == -E2BIG,
	   "100 KB of arguments with a 256 KiB stack limit: -E2BIG");
	ret = load("/bin/busybox", big, envp, 1 << 20, &mm, &regs);
	ok(ret == 0 && fake_find(fm(mm), regs.rsp) &&
	   fake_find(fm(mm), regs.rsp)->end - fake_find(fm(mm), regs.rsp)->start ==
		   1 << 20 && mm->mmap_base + (128 << 20) <=
		   fake_find(fm(mm), regs.rsp)->start,
		   "100 KB of arguments with a 1 MiB stack: loads (%d), mmap_base below", ret);
	fake_mm_free(mm);
	free(huge);
	free(big);
}

int main(void)
{
	shim_platform_init(4 << 20);
	test_busybox();
	test_static_pie();
	test_dynamic();
	test_scripts();
	test_corrupt_file();
	test_limits();
	ok(open_files == 0, "no file references leaked (%d)", open_files);
	if (tmpdir[sizeof(tmpdir) - 2] != 'X') {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd))
			fprintf(stderr, "cannot remove %s\n", tmpdir);
	}
	printf("1..%d\n", test_no);
	return test_failed ? 1 : 0;
}
