// SPDX-License-Identifier: MIT
/* Unit tests of the loader's pure parsers: elf_parse and shebang_parse. */
#include "tests/unit/shim.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/elf.h>

#include "loader/elf_parse.h"
#include "loader/shebang.h"
#include "mm/mm.h"

static int test_no;
static int test_failed;

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

/* Read a whole file; NULL if it cannot be read. */
static u8 *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

/* Parse the first 4 KiB of a real file, as the loader sees it. */
static int parse_file(const u8 *buf, size_t len, struct elf_info *ei)
{
	return elf_parse(buf, len < 4096 ? len : 4096, len, ei);
}

static void test_busybox(void)
{
	struct elf_info ei;
	size_t len;
	u8 *buf = slurp("/bin/busybox", &len);
	int i, ret, sorted = 1;

	if (!buf) {
		skip("no /bin/busybox");
		return;
	}
	ret = parse_file(buf, len, &ei);
	ok(ret == 0, "busybox parses (%d)", ret);
	ok(ei.type == ET_EXEC && !ei.has_interp, "busybox: static ET_EXEC");
	ok(ei.nload >= 2 && ei.lo >= USER_MMAP_MIN && ei.hi <= USER_TOP,
	   "busybox: %d PT_LOADs in [%#llx, %#llx)", ei.nload,
	   (unsigned long long)ei.lo, (unsigned long long)ei.hi);
	for (i = 1; i < ei.nload; i++)
		sorted &= ei.load[i].vaddr >= ei.load[i - 1].vaddr +
					       ei.load[i - 1].memsz;
	ok(sorted, "busybox: segments sorted, disjoint");
	ok(ei.entry >= ei.lo && ei.entry < ei.hi, "busybox: entry inside");
	ok(ei.phdr_vaddr == ei.lo + ei.phoff,
	   "busybox: AT_PHDR from first PT_LOAD (%#llx)",
	   (unsigned long long)ei.phdr_vaddr);
	/* The whole file must parse the same; a short file must not. */
	ok(elf_parse(buf, len, len, &ei) == 0, "busybox: whole file parses");
	ok(elf_parse(buf, 4096, len / 2, &ei) == -ENOEXEC,
	   "busybox: truncated file (segments past EOF) rejected");
	free(buf);
}

static void test_dynamic(void)
{
	struct elf_info ei;
	size_t len;
	u8 *buf = slurp("/bin/ls", &len);
	int ret;

	if (!buf) {
		skip("no /bin/ls");
		return;
	}
	ret = parse_file(buf, len, &ei);
	ok(ret == 0, "/bin/ls parses (%d)", ret);
	ok(ei.has_interp && ei.interp_offset + ei.interp_size <= len &&
	   buf[ei.interp_offset + ei.interp_size - 1] == '\0',
	   "/bin/ls: PT_INTERP %s", ei.has_interp ?
	   (const char *)buf + ei.interp_offset : "(none)");
	ok(ei.phdr_vaddr == ei.phoff, "/bin/ls: PT_PHDR at %#llx",
	   (unsigned long long)ei.phdr_vaddr);
	free(buf);

	buf = slurp("/lib64/ld-linux-x86-64.so.2", &len);
	if (!buf) {
		skip("no ld.so");
		return;
	}
	ret = parse_file(buf, len, &ei);
	ok(ret == 0 && ei.type == ET_DYN && !ei.has_interp && ei.lo == 0,
	   "ld.so parses as ET_DYN without interpreter (%d)", ret);
	free(buf);
}

/* Build a tiny program with @flags at test time and parse it. */
static void test_built(const char *flags, u16 type)
{
	char dir[] = "/tmp/test_elf.XXXXXX", cmd[512], src[128], bin[128];
	const char *cc = getenv("CC");
	struct elf_info ei;
	size_t len;
	u8 *buf;
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
	snprintf(cmd, sizeof(cmd), "%s %s -o %s %s >/dev/null 2>&1",
		 cc && *cc ? cc : "cc", flags, bin, src);
	buf = system(cmd) == 0 ? slurp(bin, &len) : NULL;
	if (!buf) {
		char why[128];

		snprintf(why, sizeof(why), "cannot build with %s", flags);
		skip(why);
	} else {
		ret = parse_file(buf, len, &ei);
		ok(ret == 0 && ei.type == type && !ei.has_interp &&
		   ei.phdr_vaddr != 0,
		   "cc %s: parses as %s without interpreter (%d)", flags,
		   type == ET_DYN ? "ET_DYN" : "ET_EXEC", ret);
		free(buf);
	}
	unlink(bin);
	unlink(src);
	rmdir(dir);
}

/* A minimal valid image: header, 3 phdrs, two PT_LOADs. */
struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
	u8 pad[8192 - sizeof(Elf64_Ehdr) - 3 * sizeof(Elf64_Phdr)];
};

static void make_image(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = 0x401000;
	im->eh.e_phoff = sizeof(Elf64_Ehdr);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 3;
	im->ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
		.p_offset = 0, .p_vaddr = 0x400000, .p_filesz = 0x1800,
		.p_memsz = 0x1800, .p_align = 0x1000 };
	im->ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
		.p_offset = 0x1800, .p_vaddr = 0x402800, .p_filesz = 0x100,
		.p_memsz = 0x3000, .p_align = 0x1000 };
	im->ph[2] = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
}

static int parse_image(const struct image *im, size_t len)
{
	struct elf_info ei;

	return elf_parse(im, len, sizeof(*im), &ei);
}

static void test_crafted(void)
{
	struct image im;
	struct elf_info ei;
	int ret;

#define BAD(what, ...) do {						\
		make_image(&im);					\
		__VA_ARGS__;						\
		ok(parse_image(&im, sizeof(im)) == -ENOEXEC, "reject %s", what); \
	} while (0)

	make_image(&im);
	ret = elf_parse(&im, sizeof(im), sizeof(im), &ei);
	ok(ret == 0 && ei.nload == 2 && ei.lo == 0x400000 &&
	   ei.hi == 0x406000 && ei.phdr_vaddr == 0x400040 && !ei.exec_stack,
	   "crafted image parses (%d)", ret);
	ok(ei.load[1].prot == (PROT_READ | PROT_WRITE) &&
	   ei.load[0].prot == (PROT_READ | PROT_EXEC), "segment protections");

	ok(parse_image(&im, 0) == -ENOEXEC, "reject empty buffer");
	ok(parse_image(&im, 10) == -ENOEXEC, "reject 10-byte buffer");
	ok(parse_image(&im, sizeof(Elf64_Ehdr)) == -ENOEXEC,
	   "reject header without phdrs in buffer");
	ok(parse_image(&im, sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr)) ==
	   -ENOEXEC, "reject truncated phdr table");
	make_image(&im);
	ok(elf_parse(&im, sizeof(im), 0x1000, &ei) == -ENOEXEC,
	   "reject segment past end of file");

	BAD("bad magic", im.eh.e_ident[1] = 'e');
	BAD("ELFCLASS32", im.eh.e_ident[EI_CLASS] = ELFCLASS32);
	BAD("big endian", im.eh.e_ident[EI_DATA] = ELFDATA2MSB);
	BAD("bad ident version", im.eh.e_ident[EI_VERSION] = 0);
	BAD("ET_REL", im.eh.e_type = ET_REL);
	BAD("ET_CORE", im.eh.e_type = ET_CORE);
	BAD("EM_386", im.eh.e_machine = EM_386);
	BAD("phentsize 32", im.eh.e_phentsize = 32);
	BAD("phnum 0", im.eh.e_phnum = 0);
	BAD("phnum 0xffff", im.eh.e_phnum = 0xffff);
	BAD("phnum past buffer", im.eh.e_phnum = ELF_MAX_PHNUM);
	BAD("phoff past EOF", im.eh.e_phoff = sizeof(im));
	BAD("phoff overflow", im.eh.e_phoff = ~0ULL - 8);
	BAD("no PT_LOAD", im.ph[0].p_type = PT_NOTE; im.ph[1].p_type = PT_NOTE);
	BAD("filesz > memsz", im.ph[1].p_filesz = 0x4000);
	BAD("offset past EOF", im.ph[1].p_offset = sizeof(im));
	BAD("offset + filesz overflow",
	    im.ph[1].p_offset = ~0ULL - 0x7ff);
	BAD("vaddr + memsz overflow",
	    im.ph[1].p_vaddr = ~0ULL - 0x7ff; im.ph[1].p_memsz = 0x1000);
	BAD("segment above USER_TOP",
	    im.ph[1].p_vaddr = USER_TOP - 0x800; im.ph[1].p_memsz = 0x1000);
	BAD("ET_EXEC at page 0",
	    im.ph[0].p_vaddr = 0; im.eh.e_entry = 0x10);
	BAD("offset/vaddr not congruent", im.ph[1].p_vaddr = 0x402900);
	BAD("align not a power of two", im.ph[1].p_align = 0x3000);
	BAD("vaddr not congruent to align",
	    im.ph[1].p_align = 0x200000);
	BAD("overlapping segments", im.ph[1].p_vaddr = 0x400800);
	BAD("unsorted segments",
	    im.ph[1].p_vaddr = 0x300800);
	BAD("entry outside image", im.eh.e_entry = 0x10000000);
	BAD("PT_INTERP past EOF",
	    im.ph[2] = (Elf64_Phdr){ .p_type = PT_INTERP,
		.p_offset = sizeof(im) - 4, .p_filesz = 16 });
	BAD("PT_INTERP too long",
	    im.ph[2] = (Elf64_Phdr){ .p_type = PT_INTERP,
		.p_offset = 0x100, .p_filesz = ELF_INTERP_MAX + 1 });
	BAD("PT_PHDR outside image",
	    im.ph[2] = (Elf64_Phdr){ .p_type = PT_PHDR, .p_vaddr = 0x10 });

	make_image(&im);
	im.ph[2].p_flags |= PF_X;
	ok(elf_parse(&im, sizeof(im), sizeof(im), &ei) == 0 && ei.exec_stack,
	   "PT_GNU_STACK PF_X gives an executable stack");
	make_image(&im);
	im.eh.e_type = ET_DYN;
	im.ph[0].p_vaddr = 0;
	im.ph[1].p_vaddr = 0x2800;
	im.eh.e_entry = 0x100;
	ok(elf_parse(&im, sizeof(im), sizeof(im), &ei) == 0 && ei.lo == 0 &&
	   ei.hi == 0x6000, "ET_DYN at 0 parses");
	/* Program headers read separately (beyond the first bytes). */
	make_image(&im);
	ok(elf_parse_split(&im, sizeof(Elf64_Ehdr), im.ph, sizeof(im.ph),
			   sizeof(im), &ei) == 0 && ei.nload == 2,
	   "elf_parse_split with a separate table");
	ok(elf_parse_split(&im, sizeof(Elf64_Ehdr), im.ph, sizeof(im.ph) - 1,
			   sizeof(im), &ei) == -ENOEXEC,
	   "elf_parse_split with a short table");
#undef BAD
}

/* Every truncation and every byte flip of the crafted image: no crash. */
static void test_sweep(void)
{
	struct image im, m;
	struct elf_info ei;
	size_t i, bad = 0;
	int b;

	make_image(&im);
	for (i = 0; i < sizeof(Elf64_Ehdr) + sizeof(im.ph); i++)
		if (elf_parse(&im, i, sizeof(im), &ei) != -ENOEXEC)
			bad++;
	ok(bad == 0, "every truncated header rejected");
	bad = 0;
	for (i = 0; i < sizeof(Elf64_Ehdr) + sizeof(im.ph); i++) {
		for (b = 0; b < 8; b++) {
			m = im;
			((u8 *)&m)[i] ^= (u8)(1 << b);
			int r = elf_parse(&m, sizeof(m), sizeof(m), &ei);

			if (r != 0 && r != -ENOEXEC)
				bad++;
			if (r == 0 && (ei.hi > USER_TOP || ei.nload < 1))
				bad++;
		}
	}
	ok(bad == 0, "bit flips give 0 or -ENOEXEC and sane results");
}

static int sb(const char *s, size_t len, struct shebang *out)
{
	return shebang_parse(s, len, out);
}

static void test_shebang(void)
{
	struct shebang s;
	char buf[SHEBANG_BUF_SIZE + 16];
	int ret;

#define SB(str) sb(str, sizeof(str) - 1, &s)
	ret = SB("#!/bin/sh\necho hi\n");
	ok(ret == 0 && !strcmp(s.interp, "/bin/sh") && !s.has_arg,
	   "#!/bin/sh");
	ret = SB("#! \t/bin/sh  -e \t\n");
	ok(ret == 0 && !strcmp(s.interp, "/bin/sh") && s.has_arg &&
	   !strcmp(s.arg, "-e"), "blanks trimmed around interp and arg");
	ret = SB("#!/usr/bin/env python3 -u\n");
	ok(ret == 0 && !strcmp(s.interp, "/usr/bin/env") &&
	   !strcmp(s.arg, "python3 -u"), "one argument with a space in it");
	ret = SB("#!/bin/sh");
	ok(ret == 0 && !strcmp(s.interp, "/bin/sh") && !s.has_arg,
	   "no newline in a short file");
	ret = SB("#!/bin/sh\0 -x\n");
	ok(ret == 0 && !strcmp(s.interp, "/bin/sh") && !s.has_arg,
	   "NUL ends the line");
	ret = SB("#!/bin/sh\r\n");
	ok(ret == 0 && !strcmp(s.interp, "/bin/sh\r"), "CR kept (as Linux)");
	ok(SB("#!\n") == -ENOEXEC, "no interpreter");
	ok(SB("#! \t \n/bin/sh\n") == -ENOEXEC, "blank line");
	ok(SB("#!") == -ENOEXEC, "just #!");
	ok(SB("#") == -ENOEXEC && SB("") == -ENOEXEC, "too short");
	ok(SB("\x7f" "ELF") == -ENOEXEC, "not a script");

	/* A full buffer without newline: fine if the name ends in it. */
	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "#!/bin/sh ", 10);
	ret = sb(buf, sizeof(buf), &s);
	ok(ret == 0 && !strcmp(s.interp, "/bin/sh") && s.has_arg &&
	   strlen(s.arg) == SHEBANG_BUF_SIZE - 10,
	   "long line: argument cut at %d bytes", SHEBANG_BUF_SIZE);
	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "#!/", 3);
	ok(sb(buf, sizeof(buf), &s) == -ENOEXEC, "truncated interpreter name");
	memset(buf, ' ', sizeof(buf));
	memcpy(buf, "#!", 2);
	ok(sb(buf, sizeof(buf), &s) == -ENOEXEC, "256 bytes of blanks");
#undef SB
}

int main(void)
{
	test_busybox();
	test_dynamic();
	test_built("-static", ET_EXEC);
	test_built("-static-pie", ET_DYN);
	test_crafted();
	test_sweep();
	test_shebang();
	printf("1..%d\n", test_no);
	return test_failed ? 1 : 0;
}
