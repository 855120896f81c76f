/* SPDX-License-Identifier: MIT */
/* /proc/cpuinfo: one block per CPU, described by the CPUID instruction. */
#include "fs/procfs_internal.h"

/* proc_cpuid - see procfs_internal.h. */
void proc_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	u32 ra, rb, rc, rd;

	__asm__ volatile("cpuid"
			 : "=a"(ra), "=b"(rb), "=c"(rc), "=d"(rd)
			 : "a"(leaf), "c"(sub));
	*a = ra;
	*b = rb;
	*c = rc;
	*d = rd;
}

/* Feature flag names by register bit, as Linux spells them (NULL: none). */
static const char *const leaf1_edx[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	NULL, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn",
	"clflush", NULL, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss",
	"ht", "tm", "ia64", "pbe",
};

static const char *const leaf1_ecx[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx",
	"est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm",
	NULL, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand",
	"hypervisor",
};

static const char *const ext1_edx[32] = {
	[11] = "syscall", [20] = "nx", [22] = "mmxext", [25] = "fxsr_opt",
	[26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
};

static const char *const ext1_ecx[32] = {
	[0] = "lahf_lm", [1] = "cmp_legacy", [2] = "svm", [3] = "extapic",
	[4] = "cr8_legacy", [5] = "abm", [6] = "sse4a", [7] = "misalignsse",
	[8] = "3dnowprefetch", [9] = "osvw", [10] = "ibs", [11] = "xop",
	[12] = "skinit", [13] = "wdt", [15] = "lwp", [16] = "fma4",
	[17] = "tce", [19] = "nodeid_msr", [21] = "tbm", [22] = "topoext",
	[23] = "perfctr_core", [24] = "perfctr_nb", [26] = "bpext",
	[28] = "perfctr_llc", [29] = "mwaitx",
};

static const char *const leaf7_ebx[32] = {
	[0] = "fsgsbase", [1] = "tsc_adjust", [2] = "sgx", [3] = "bmi1",
	[4] = "hle", [5] = "avx2", [7] = "smep", [8] = "bmi2", [9] = "erms",
	[10] = "invpcid", [11] = "rtm", [14] = "mpx", [16] = "avx512f",
	[17] = "avx512dq", [18] = "rdseed", [19] = "adx", [20] = "smap",
	[21] = "avx512ifma", [23] = "clflushopt", [24] = "clwb",
	[25] = "intel_pt", [26] = "avx512pf", [27] = "avx512er",
	[28] = "avx512cd", [29] = "sha_ni", [30] = "avx512bw",
	[31] = "avx512vl",
};

static const char *const leaf7_ecx[32] = {
	[1] = "avx512vbmi", [2] = "umip", [3] = "pku", [4] = "ospke",
	[6] = "avx512_vbmi2", [8] = "gfni", [9] = "vaes",
	[10] = "vpclmulqdq", [11] = "avx512_vnni", [12] = "avx512_bitalg",
	[14] = "avx512_vpopcntdq", [22] = "rdpid",
};

static void flags_of(struct pbuf *b, u32 reg, const char *const names[32])
{
	for (int k = 0; k < 32; k++)
		if ((reg >> k) & 1 && names[k])
			pbuf_printf(b, " %s", names[k]);
}

/* proc_show_cpuinfo - see procfs_internal.h. */
int proc_show_cpuinfo(struct proc_node *n, struct pbuf *b)
{
	u32 a, bx, c, d, maxleaf, maxext, family, model, stepping;
	u32 e1c = 0, e1d = 0, l7b = 0, l7c = 0, mhz = 0, clflush;
	u32 pbits = 36, vbits = 48;
	char vendor[13], brand[49];
	u32 *bw = (u32 *)brand;
	u32 cpu, k;

	proc_cpuid(0, 0, &maxleaf, &bx, &c, &d);
	memcpy(vendor, &bx, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	proc_cpuid(0x80000000, 0, &maxext, &bx, &c, &d);
	memset(brand, 0, sizeof(brand));
	if (maxext >= 0x80000004)
		for (k = 0; k < 3; k++)
			proc_cpuid(0x80000002 + k, 0, &bw[k * 4], &bw[k * 4 + 1],
				   &bw[k * 4 + 2], &bw[k * 4 + 3]);
	if (maxext >= 0x80000001)
		proc_cpuid(0x80000001, 0, &a, &bx, &e1c, &e1d);
	if (maxext >= 0x80000008) {
		proc_cpuid(0x80000008, 0, &a, &bx, &c, &d);
		pbits = a & 0xff;
		vbits = (a >> 8) & 0xff;
	}
	if (maxleaf >= 7)
		proc_cpuid(7, 0, &a, &l7b, &l7c, &d);
	if (maxleaf >= 0x16) {
		proc_cpuid(0x16, 0, &a, &bx, &c, &d);
		mhz = a;
	}
	proc_cpuid(1, 0, &a, &bx, &c, &d);
	family = (a >> 8) & 0xf;
	model = (a >> 4) & 0xf;
	stepping = a & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;
	if (family >= 6)
		model |= ((a >> 16) & 0xf) << 4;
	clflush = ((bx >> 8) & 0xff) * 8;

	for (cpu = 0; cpu < proc_boot.ncpus; cpu++) {
		const char *name = brand;

		while (*name == ' ')
			name++;
		pbuf_printf(b, "processor\t: %u\nvendor_id\t: %s\n", cpu, vendor);
		pbuf_printf(b, "cpu family\t: %u\nmodel\t\t: %u\n", family, model);
		pbuf_printf(b, "model name\t: %s\nstepping\t: %u\n",
			    *name ? name : "unknown", stepping);
		if (mhz)
			pbuf_printf(b, "cpu MHz\t\t: %u.000\n", mhz);
		pbuf_printf(b, "physical id\t: 0\nsiblings\t: %u\n",
			    proc_boot.ncpus);
		pbuf_printf(b, "core id\t\t: %u\ncpu cores\t: %u\n", cpu,
			    proc_boot.ncpus);
		pbuf_printf(b, "apicid\t\t: %u\nfpu\t\t: yes\n", cpu);
		pbuf_printf(b, "fpu_exception\t: yes\ncpuid level\t: %u\n",
			    maxleaf);
		pbuf_printf(b, "wp\t\t: yes\nflags\t\t:");
		flags_of(b, d, leaf1_edx);
		flags_of(b, e1d, ext1_edx);
		flags_of(b, c, leaf1_ecx);
		flags_of(b, e1c, ext1_ecx);
		flags_of(b, l7b, leaf7_ebx);
		flags_of(b, l7c, leaf7_ecx);
		pbuf_printf(b, "\nclflush size\t: %u\n", clflush);
		pbuf_printf(b, "cache_alignment\t: %u\n", clflush);
		pbuf_printf(b, "address sizes\t: %u bits physical, %u bits "
			       "virtual\n\n", pbits, vbits);
	}
	return 0;
}
