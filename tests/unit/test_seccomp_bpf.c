/* SPDX-License-Identifier: MIT */
/* Unit tests of the seccomp classic-BPF checker and interpreter. */
#include "tests/unit/shim.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <linux/audit.h>

#include "kernel/seccomp_bpf.h"

#include "utap.h"

#define N(p) ((u32)(sizeof(p) / sizeof((p)[0])))
#define LD_ABS(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define LD_NR LD_ABS(offsetof(struct seccomp_data, nr))
#define RET_K(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define RET_A BPF_STMT(BPF_RET | BPF_A, 0)

/* Check @p, then run it over @sd; 0xdeadbeef when refused. */
static u32 run(const struct sock_filter *p, u32 len,
	       const struct seccomp_data *sd)
{
	if (seccomp_bpf_check(p, len))
		return 0xdeadbeef;
	return seccomp_bpf_run(p, len, sd);
}

static void test_check(void)
{
	struct sock_filter one[] = { RET_K(SECCOMP_RET_ALLOW) };
	struct sock_filter no_ret[] = { LD_NR };
	struct sock_filter ret_x[] = { BPF_STMT(BPF_RET | BPF_X, 0) };
	struct sock_filter jeq_out[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), RET_A,
	};
	struct sock_filter jeq_last[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), RET_A, RET_A,
	};
	struct sock_filter ja_out[] = { BPF_STMT(BPF_JMP | BPF_JA, 1), RET_A };
	struct sock_filter ja_in[] = {
		BPF_STMT(BPF_JMP | BPF_JA, 1), RET_K(1), RET_K(2),
	};
	struct sock_filter ld[][2] = {
		{ LD_ABS(0), RET_A },
		{ LD_ABS(60), RET_A },
		{ LD_ABS(62), RET_A },
		{ LD_ABS(64), RET_A },
		{ LD_ABS(1), RET_A },
		{ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_A },
		{ BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), RET_A },
		{ BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET_A },
		{ BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET_A },
		{ BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), RET_A },
		{ BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 31), RET_A },
		{ BPF_STMT(BPF_ST, 16), RET_A },
		{ BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), RET_A },
	};
	static const int ld_want[] = {
		0, 0, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL,
		-EINVAL, -EINVAL, 0, -EINVAL, -EINVAL,
	};
	/* M[0] stored on one path only, then read where both paths meet. */
	struct sock_filter mem_one_path[] = {
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
		BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_LD | BPF_MEM, 0),
		RET_A,
	};
	struct sock_filter mem_all_paths[] = {
		LD_NR,
		BPF_STMT(BPF_ST, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
		BPF_STMT(BPF_ST, 1),
		BPF_STMT(BPF_LDX | BPF_MEM, 0),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		RET_A,
	};
	static struct sock_filter big[BPF_MAXINSNS + 1];
	u32 i;

	ok(seccomp_bpf_check(one, 1) == 0, "check: RET K alone");
	ok(seccomp_bpf_check(one, 0) == -EINVAL, "check: empty program");
	ok(seccomp_bpf_check(no_ret, 1) == -EINVAL, "check: no RET at the end");
	ok(seccomp_bpf_check(ret_x, 1) == -EINVAL, "check: RET X refused");
	ok(seccomp_bpf_check(jeq_out, N(jeq_out)) == -EINVAL,
	   "check: conditional jump past the end");
	ok(seccomp_bpf_check(jeq_last, N(jeq_last)) == 0,
	   "check: conditional jump to the last insn");
	ok(seccomp_bpf_check(ja_out, N(ja_out)) == -EINVAL, "check: JA past the end");
	ok(seccomp_bpf_check(ja_in, N(ja_in)) == 0, "check: JA in range");
	for (i = 0; i < N(ld); i++)
		ok(seccomp_bpf_check(ld[i], 2) == ld_want[i],
		   "check: operand case %u", i);
	ok(seccomp_bpf_check(mem_one_path, N(mem_one_path)) == -EINVAL,
	   "check: scratch word read before a store on one path");
	ok(seccomp_bpf_check(mem_all_paths, N(mem_all_paths)) == 0,
	   "check: scratch word stored on every path");
	for (i = 0; i <= BPF_MAXINSNS; i++)
		big[i] = (struct sock_filter)RET_K(0);
	ok(seccomp_bpf_check(big, BPF_MAXINSNS) == 0, "check: 4096 insns");
	ok(seccomp_bpf_check(big, BPF_MAXINSNS + 1) == -EINVAL,
	   "check: 4097 insns");
}

static void test_run(void)
{
	struct seccomp_data sd = {
		.nr = 39, .arch = AUDIT_ARCH_X86_64,
		.instruction_pointer = 0x401000,
		.args = { 0x1122334455667788ULL, 99 },
	};
	struct sock_filter alu[] = {
		LD_NR,					/* 39 */
		BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 3),	/* 117 */
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 5),	/* 122 */
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 2),	/* 61 */
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 1),	/* 60 */
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 4),	/* 960 */
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 7),	/* 967 */
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff), /* 199 */
		BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, 1),	/* 198 */
		BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 1),	/* 99 */
		RET_A,
	};
	struct sock_filter neg[] = {
		BPF_STMT(BPF_LD | BPF_IMM, 5), BPF_STMT(BPF_ALU | BPF_NEG, 0), RET_A,
	};
	struct sock_filter div_x0[] = {
		BPF_STMT(BPF_LDX | BPF_IMM, 0),
		BPF_STMT(BPF_LD | BPF_IMM, 10),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		RET_K(SECCOMP_RET_ALLOW),
	};
	struct sock_filter args[] = {
		LD_ABS(offsetof(struct seccomp_data, args[0]) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x11223344, 0, 3),
		LD_ABS(offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x55667788, 0, 1),
		RET_K(SECCOMP_RET_ERRNO | 1),
		RET_K(SECCOMP_RET_ALLOW),
	};
	struct sock_filter len[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		RET_A,
	};
	/* unsigned compares: 0xffffffff > 1 */
	struct sock_filter cmp[] = {
		BPF_STMT(BPF_LD | BPF_IMM, 0xffffffff),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 1, 0, 3),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xffffffff, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x100, 0, 1),
		RET_K(1),
		RET_K(2),
	};
	struct sock_filter mem[] = {
		BPF_STMT(BPF_LD | BPF_IMM, 7),
		BPF_STMT(BPF_ST, 15),
		BPF_STMT(BPF_LDX | BPF_IMM, 9),
		BPF_STMT(BPF_STX, 3),
		BPF_STMT(BPF_LD | BPF_MEM, 3),
		BPF_STMT(BPF_LDX | BPF_MEM, 15),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 1),
		RET_A,
		RET_K(0),
	};
	struct sock_filter ja[] = {
		BPF_STMT(BPF_JMP | BPF_JA, 2), RET_K(1), RET_K(2), RET_K(3),
	};

	ok(run(alu, N(alu), &sd) == 99, "run: ALU chain");
	ok(run(neg, N(neg), &sd) == (u32)-5, "run: NEG");
	ok(run(div_x0, N(div_x0), &sd) == 0,
	   "run: division by a zero X returns 0 (kill)");
	ok(run(args, N(args), &sd) == (SECCOMP_RET_ERRNO | 1),
	   "run: both halves of a 64-bit argument");
	sd.args[0] = 0x1122334400000000ULL;
	ok(run(args, N(args), &sd) == SECCOMP_RET_ALLOW,
	   "run: low half differs");
	ok(run(len, N(len), &sd) == 2 * sizeof(struct seccomp_data),
	   "run: LEN loads");
	ok(run(cmp, N(cmp), &sd) == 1, "run: unsigned JGT/JGE/JSET");
	ok(run(mem, N(mem), &sd) == 9, "run: scratch memory ST/STX/LD/LDX");
	ok(run(ja, N(ja), &sd) == 3, "run: JA");
}

int main(void)
{
	test_check();
	test_run();
	printf("1..%d\n", test_num);
	return test_failed ? 1 : 0;
}
