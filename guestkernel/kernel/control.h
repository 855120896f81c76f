/* SPDX-License-Identifier: MIT */
/*
 * control.h - the sentry's side of the runtime's control channel: start,
 * signal, exec, ps, pause/resume and stats requests from `vmm`
 * (include/abi/control.h), taken by the idle thread.
 */
#ifndef KERNEL_CONTROL_H
#define KERNEL_CONTROL_H

#include "klib/klib.h"

/*
 * control_poll - take every waiting control request from the platform,
 * apply it and answer it; also answer waiters of exec'd processes that
 * ended. Called by the idle thread only (no task is running).
 */
void control_poll(void);
/*
 * control_paused - true while user tasks must not be scheduled: before
 * `start` of a created container, or between pause and resume.
 */
bool control_paused(void);

#endif
