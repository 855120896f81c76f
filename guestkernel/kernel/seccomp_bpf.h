/* SPDX-License-Identifier: MIT */
/*
 * Classic BPF for seccomp: the program checker and the interpreter over
 * struct seccomp_data. Pure logic (no task state), so unit tests build it
 * for the host.
 */
#ifndef KERNEL_SECCOMP_BPF_H
#define KERNEL_SECCOMP_BPF_H

#include <linux/filter.h>
#include <linux/seccomp.h>

#include "klib/types.h"

/* Most instructions in one program, and in all stacked filters (Linux). */
#define SECCOMP_MAX_INSNS BPF_MAXINSNS
#define SECCOMP_MAX_INSNS_PER_PATH ((1 << 18) / sizeof(struct sock_filter))

/*
 * seccomp_bpf_check - accept or refuse a classic BPF program (@prog,
 * @len instructions) as a seccomp filter, like Linux's checker: only the
 * opcodes seccomp allows, loads of aligned 32-bit words inside struct
 * seccomp_data, scratch words M[0..15] only read after a store on every
 * path, jumps forward and inside the program, no division by a constant
 * zero or shift by 32 or more, and a RET as the last instruction.
 * Returns 0 or -EINVAL (also for @len 0 or above BPF_MAXINSNS).
 */
int seccomp_bpf_check(const struct sock_filter *prog, u32 len);

/*
 * seccomp_bpf_run - run a program that seccomp_bpf_check accepted over
 * @sd and return its 32-bit result (action | data). A division by a zero
 * X returns 0, as Linux does for classic programs.
 */
u32 seccomp_bpf_run(const struct sock_filter *prog, u32 len,
		    const struct seccomp_data *sd);

#endif
