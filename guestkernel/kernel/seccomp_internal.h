/* SPDX-License-Identifier: MIT */
/* seccomp internals shared by seccomp.c (enforcement) and seccomp_filter.c. */
#ifndef KERNEL_SECCOMP_INTERNAL_H
#define KERNEL_SECCOMP_INTERNAL_H

#include "kernel/seccomp.h"
#include "kernel/seccomp_bpf.h"

/*
 * One installed filter. Filters form a chain from the newest to the
 * oldest (@prev); threads share chains, so each link is counted.
 */
struct seccomp_filter {
	int refs;
	bool log;			/* SECCOMP_FILTER_FLAG_LOG */
	struct seccomp_filter *prev;
	u32 len;			/* instructions in @prog */
	struct sock_filter prog[];
};

/* seccomp_filter_put - drop one reference to @f (and the chain behind it). */
void seccomp_filter_put(struct seccomp_filter *f);

#endif
