/* SPDX-License-Identifier: MIT */
/* Classic BPF for seccomp: the checker and the interpreter. */
#include <linux/errno.h>

#include "klib/klib.h"
#include "kernel/seccomp_bpf.h"

/* Opcodes seccomp accepts (every other one is refused). */
#define ALU_K(op) (BPF_ALU | (op) | BPF_K)
#define ALU_X(op) (BPF_ALU | (op) | BPF_X)
#define JMP_K(op) (BPF_JMP | (op) | BPF_K)
#define JMP_X(op) (BPF_JMP | (op) | BPF_X)

static bool opcode_allowed(u16 code)
{
	switch (code) {
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case ALU_K(BPF_ADD): case ALU_X(BPF_ADD):
	case ALU_K(BPF_SUB): case ALU_X(BPF_SUB):
	case ALU_K(BPF_MUL): case ALU_X(BPF_MUL):
	case ALU_K(BPF_DIV): case ALU_X(BPF_DIV):
	case ALU_K(BPF_AND): case ALU_X(BPF_AND):
	case ALU_K(BPF_OR): case ALU_X(BPF_OR):
	case ALU_K(BPF_XOR): case ALU_X(BPF_XOR):
	case ALU_K(BPF_LSH): case ALU_X(BPF_LSH):
	case ALU_K(BPF_RSH): case ALU_X(BPF_RSH):
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_JMP | BPF_JA:
	case JMP_K(BPF_JEQ): case JMP_X(BPF_JEQ):
	case JMP_K(BPF_JGE): case JMP_X(BPF_JGE):
	case JMP_K(BPF_JGT): case JMP_X(BPF_JGT):
	case JMP_K(BPF_JSET): case JMP_X(BPF_JSET):
		return true;
	default:
		return false;
	}
}

static bool is_cond_jump(u16 code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* Operands of one instruction at @pc of a @len-long program. */
static int check_insn(const struct sock_filter *f, u32 pc, u32 len)
{
	if (!opcode_allowed(f->code))
		return -EINVAL;
	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		if (f->k >= sizeof(struct seccomp_data) || (f->k & 3))
			return -EINVAL;
		break;
	case ALU_K(BPF_DIV):
		if (f->k == 0)
			return -EINVAL;
		break;
	case ALU_K(BPF_LSH):
	case ALU_K(BPF_RSH):
		if (f->k >= 32)
			return -EINVAL;
		break;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		if (f->k >= BPF_MEMWORDS)
			return -EINVAL;
		break;
	case BPF_JMP | BPF_JA:
		if (f->k >= len - pc - 1)
			return -EINVAL;
		break;
	default:
		if (is_cond_jump(f->code) &&
		    (pc + f->jt + 1 >= len || pc + f->jf + 1 >= len))
			return -EINVAL;
		break;
	}
	return 0;
}

/*
 * Every read of M[k] must follow a store to M[k] on every path reaching
 * it. Jumps only go forward, so one pass suffices: @valid[pc] is the set
 * of words stored on all paths seen so far that jump to pc. Like Linux,
 * the state after a RET still flows into the next instruction.
 */
static int check_scratch(const struct sock_filter *prog, u32 len)
{
	u16 *valid = kmalloc(len * sizeof(*valid));
	u16 cur = 0;
	int r = 0;
	u32 pc;

	if (!valid)
		return -ENOMEM;
	for (pc = 0; pc < len; pc++)
		valid[pc] = 0xffff;
	for (pc = 0; pc < len && !r; pc++) {
		const struct sock_filter *f = &prog[pc];

		cur &= valid[pc];
		switch (f->code) {
		case BPF_ST:
		case BPF_STX:
			cur |= 1u << f->k;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(cur & (1u << f->k)))
				r = -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			valid[pc + 1 + f->k] &= cur;
			cur = 0xffff;	/* the next insn is reached only by jumps */
			break;
		default:
			if (is_cond_jump(f->code)) {
				valid[pc + 1 + f->jt] &= cur;
				valid[pc + 1 + f->jf] &= cur;
				cur = 0xffff;
			}
			break;
		}
	}
	kfree(valid);
	return r;
}

/* seccomp_bpf_check - see seccomp_bpf.h. */
int seccomp_bpf_check(const struct sock_filter *prog, u32 len)
{
	u32 pc;
	int r;

	if (len == 0 || len > SECCOMP_MAX_INSNS)
		return -EINVAL;
	for (pc = 0; pc < len; pc++) {
		r = check_insn(&prog[pc], pc, len);
		if (r < 0)
			return r;
	}
	if (BPF_CLASS(prog[len - 1].code) != BPF_RET)
		return -EINVAL;
	return check_scratch(prog, len);
}

/* The 32-bit word at byte offset @k (checked: aligned, inside) of @sd. */
static u32 load_word(const struct seccomp_data *sd, u32 k)
{
	u32 w;

	memcpy(&w, (const u8 *)sd + k, sizeof(w));
	return w;
}

/* seccomp_bpf_run - see seccomp_bpf.h. */
u32 seccomp_bpf_run(const struct sock_filter *prog, u32 len,
		    const struct seccomp_data *sd)
{
	u32 a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	u32 pc;

	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		u32 src = BPF_SRC(f->code) == BPF_X ? x : f->k;

		switch (f->code) {
		case BPF_RET | BPF_K:
			return f->k;
		case BPF_RET | BPF_A:
			return a;
		case BPF_LD | BPF_W | BPF_ABS:
			a = load_word(sd, f->k);
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			a = sizeof(*sd);
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			x = sizeof(*sd);
			break;
		case BPF_LD | BPF_IMM:
			a = f->k;
			break;
		case BPF_LDX | BPF_IMM:
			x = f->k;
			break;
		case BPF_LD | BPF_MEM:
			a = mem[f->k];
			break;
		case BPF_LDX | BPF_MEM:
			x = mem[f->k];
			break;
		case BPF_ST:
			mem[f->k] = a;
			break;
		case BPF_STX:
			mem[f->k] = x;
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_ALU | BPF_NEG:
			a = -a;
			break;
		case ALU_K(BPF_ADD): case ALU_X(BPF_ADD):
			a += src;
			break;
		case ALU_K(BPF_SUB): case ALU_X(BPF_SUB):
			a -= src;
			break;
		case ALU_K(BPF_MUL): case ALU_X(BPF_MUL):
			a *= src;
			break;
		case ALU_K(BPF_DIV): case ALU_X(BPF_DIV):
			if (src == 0)
				return 0;
			a /= src;
			break;
		case ALU_K(BPF_AND): case ALU_X(BPF_AND):
			a &= src;
			break;
		case ALU_K(BPF_OR): case ALU_X(BPF_OR):
			a |= src;
			break;
		case ALU_K(BPF_XOR): case ALU_X(BPF_XOR):
			a ^= src;
			break;
		/* A shift by X of 32 or more: the CPU's rule (count mod 32). */
		case ALU_K(BPF_LSH): case ALU_X(BPF_LSH):
			a <<= src & 31;
			break;
		case ALU_K(BPF_RSH): case ALU_X(BPF_RSH):
			a >>= src & 31;
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case JMP_K(BPF_JEQ): case JMP_X(BPF_JEQ):
			pc += a == src ? f->jt : f->jf;
			break;
		case JMP_K(BPF_JGT): case JMP_X(BPF_JGT):
			pc += a > src ? f->jt : f->jf;
			break;
		case JMP_K(BPF_JGE): case JMP_X(BPF_JGE):
			pc += a >= src ? f->jt : f->jf;
			break;
		case JMP_K(BPF_JSET): case JMP_X(BPF_JSET):
			pc += (a & src) ? f->jt : f->jf;
			break;
		default:
			return 0;	/* unreachable for a checked program */
		}
	}
	return 0;	/* unreachable: a checked program ends in RET */
}
