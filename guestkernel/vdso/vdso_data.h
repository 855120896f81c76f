/* SPDX-License-Identifier: MIT */
/*
 * vdso_data.h - the vDSO's data page: what the sentry tells the vDSO code
 * about its clocks. Mapped read-only one page below the vDSO image in
 * every address space; shared by the sentry (guestkernel/vdso/vdso.c,
 * which fills it once at boot) and the vDSO itself (vdso_user.c).
 *
 * Times are the sentry's own: ns = ref_ns + ((tsc - ref_tsc) * mult) >> 32,
 * the same formula the KVM platform's now_ns/realtime_ns use, so the vDSO
 * and the clock_gettime system call never disagree. Freestanding.
 */
#ifndef VDSO_VDSO_DATA_H
#define VDSO_VDSO_DATA_H

#define VDSO_DATA_VERSION 1

/* flags */
#define VDSO_F_CLOCKS	0x1	/* the TSC clock fields are valid */
#define VDSO_F_RDTSCP	0x2	/* rdtscp works and TSC_AUX holds the CPU number */

struct vdso_data {
	unsigned int version;		/* VDSO_DATA_VERSION */
	unsigned int flags;		/* VDSO_F_* */
	unsigned long long ref_tsc;	/* TSC at the reference instant */
	unsigned long long mult;	/* ns per TSC tick, 32.32 fixed point */
	unsigned long long mono_ns;	/* CLOCK_MONOTONIC at the reference */
	unsigned long long real_ns;	/* CLOCK_REALTIME at the reference */
	unsigned long long coarse_res_ns;	/* resolution of the *_COARSE clocks */
};

#endif
