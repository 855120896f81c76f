/* SPDX-License-Identifier: MIT */
/*
 * shm_uapi.h - the System V shared memory ABI. <linux/shm.h> pulls in a
 * libc header, so its values (fixed by the Linux ABI) are spelled here;
 * the structures come from <asm/shmbuf.h>.
 */
#ifndef IPC_SHM_UAPI_H
#define IPC_SHM_UAPI_H

#include <asm/shmbuf.h>

#define SHMMIN		1
#define SHM_RDONLY	010000
#define SHM_RND		020000
#define SHM_REMAP	040000
#define SHM_EXEC	0100000
#define SHM_LOCK	11
#define SHM_UNLOCK	12
#define SHM_STAT	13
#define SHM_INFO	14
#define SHM_STAT_ANY	15

/* shmctl(SHM_INFO) result. */
struct shm_info {
	int used_ids;
	__kernel_ulong_t shm_tot;
	__kernel_ulong_t shm_rss;
	__kernel_ulong_t shm_swp;
	__kernel_ulong_t swap_attempts;
	__kernel_ulong_t swap_successes;
};

#endif
