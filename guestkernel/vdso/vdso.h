/* SPDX-License-Identifier: MIT */
/*
 * vdso.h - the sentry's side of the vDSO: a data page plus the vdso.so
 * image (built from vdso_user.c and embedded in the sentry), mapped
 * read-only into every new program image, its address passed in
 * AT_SYSINFO_EHDR. The platform enables it by describing its clock; a
 * platform that does not (ptrace: the host's TSC calibration would not
 * match the host clocks the sentry reads) gets no vDSO and glibc makes
 * the system calls.
 */
#ifndef VDSO_VDSO_H
#define VDSO_VDSO_H

#include "klib/klib.h"
#include "vdso/vdso_data.h"

struct mm;

/*
 * vdso_enable - publish the clock in @d (flags, TSC reference, mult) in
 * the data page and turn the vDSO on for programs loaded from now on.
 * Weak: the KVM platform self-test links the glue without the sentry.
 */
void vdso_enable(const struct vdso_data *d) __attribute__((weak));

/*
 * vdso_map - map the data page and the vDSO image into @mm (a program
 * being loaded). Returns the image's address for AT_SYSINFO_EHDR, or 0
 * when there is no vDSO (disabled, or no memory: programs work without
 * it). Weak: host unit tests of the loader link without it.
 */
uaddr_t vdso_map(struct mm *mm) __attribute__((weak));

#endif
