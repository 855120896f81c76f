// SPDX-License-Identifier: MIT
/*
 * stats.c - the sentry's counter block (see stats.h). It lives in the
 * sentry's data: vmm finds it by symbol on the ptrace platform and by
 * the physical address the KVM glue reports with HC_STATS at boot.
 */
#include "kernel/stats.h"

/* sentry_stats - every counter of this sandbox; see stats.h. */
struct hc_stats sentry_stats = {
	.magic = HC_STATS_MAGIC,
};
