/* SPDX-License-Identifier: MIT */
/*
 * Kernel timers: one-shot callbacks at a monotonic deadline, expired by the
 * scheduler's idle loop (which passes the earliest deadline to
 * platform->idle()). Used by alarm/itimers, POSIX timers and timerfd.
 */
#ifndef KERNEL_TIMERS_H
#define KERNEL_TIMERS_H

#include "klib/klib.h"

struct ktimer;
typedef void (*ktimer_fn_t)(struct ktimer *kt, u64 now);

struct ktimer {
	struct list_head link;		/* on the armed list while armed */
	u64 expires;			/* monotonic ns */
	bool armed;
	ktimer_fn_t fn;
};

/* ktimer_init - a disarmed timer that calls @fn when it fires. */
void ktimer_init(struct ktimer *kt, ktimer_fn_t fn);
/* ktimer_arm - (re)arm @kt to fire at monotonic @expires_ns. */
void ktimer_arm(struct ktimer *kt, u64 expires_ns);
/* ktimer_cancel - disarm @kt (no-op when not armed). */
void ktimer_cancel(struct ktimer *kt);
/*
 * ktimers_expire - fire every timer due at monotonic @now (callbacks may
 * re-arm). Returns the earliest remaining deadline, or 0 when none.
 */
u64 ktimers_expire(u64 now);

/* Clock helpers shared by the timer syscalls. */
#define KT_NSEC_PER_SEC 1000000000ULL

/* ktimer_clock_valid - is @clock one a timer may use (REALTIME/MONOTONIC/BOOTTIME)? */
bool ktimer_clock_valid(int clock);
/* ktimer_clock_now - the current value of @clock in ns. */
u64 ktimer_clock_now(int clock);
/* ktimer_to_mono - monotonic ns corresponding to absolute @t_ns on @clock. */
u64 ktimer_to_mono(int clock, u64 t_ns);

/*
 * Interval-timer state shared by setitimer, timer_settime and timerfd:
 * next expiry (monotonic, 0: disarmed) and period (0: one-shot).
 */
struct kitimer {
	u64 next;
	u64 period;
};

/* kitimer_remaining - ns until @it next fires at @now (0: disarmed). */
u64 kitimer_remaining(const struct kitimer *it, u64 now);
/*
 * kitimer_advance - account expirations at @now: returns how many periods
 * elapsed (>= 1 when due, 0 when not) and moves @it->next past @now, or
 * disarms a one-shot timer.
 */
u64 kitimer_advance(struct kitimer *it, u64 now);

#endif
