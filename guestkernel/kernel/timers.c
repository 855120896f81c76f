/* SPDX-License-Identifier: MIT */
/* Kernel timers: a sorted list of armed one-shot callbacks. */
#include <linux/errno.h>
#include <linux/time.h>

#include "kernel/timers.h"
#include "platform/platform.h"

/* Armed timers, earliest first. */
static LIST_HEAD(armed_timers);

/* ktimer_init - see timers.h. */
void ktimer_init(struct ktimer *kt, ktimer_fn_t fn)
{
	INIT_LIST_HEAD(&kt->link);
	kt->expires = 0;
	kt->armed = false;
	kt->fn = fn;
}

/* ktimer_cancel - see timers.h. */
void ktimer_cancel(struct ktimer *kt)
{
	if (!kt->armed)
		return;
	list_del_init(&kt->link);
	kt->armed = false;
}

/* ktimer_arm - see timers.h. */
void ktimer_arm(struct ktimer *kt, u64 expires_ns)
{
	struct ktimer *pos;

	ktimer_cancel(kt);
	kt->expires = expires_ns;
	kt->armed = true;
	list_for_each_entry(pos, &armed_timers, link) {
		if (pos->expires > expires_ns) {
			list_add_tail(&kt->link, &pos->link);
			return;
		}
	}
	list_add_tail(&kt->link, &armed_timers);
}

/* ktimers_expire - see timers.h. */
u64 ktimers_expire(u64 now)
{
	struct ktimer *kt;

	while (!list_empty(&armed_timers)) {
		kt = list_first_entry(&armed_timers, struct ktimer, link);
		if (kt->expires > now)
			return kt->expires;
		list_del_init(&kt->link);
		kt->armed = false;
		/* The callback may re-arm or free @kt. */
		kt->fn(kt, now);
	}
	return 0;
}

/* ktimer_clock_valid - see timers.h. */
bool ktimer_clock_valid(int clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC ||
	       clock == CLOCK_BOOTTIME || clock == CLOCK_REALTIME_ALARM ||
	       clock == CLOCK_BOOTTIME_ALARM;
}

/* ktimer_clock_now - see timers.h. */
u64 ktimer_clock_now(int clock)
{
	if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_ALARM)
		return platform->realtime_ns();
	return platform->now_ns();
}

/* ktimer_to_mono - see timers.h. */
u64 ktimer_to_mono(int clock, u64 t_ns)
{
	u64 now = ktimer_clock_now(clock), mono = platform->now_ns();

	if (t_ns <= now)
		return mono ? mono : 1;
	return mono + (t_ns - now);
}

/* kitimer_remaining - see timers.h. */
u64 kitimer_remaining(const struct kitimer *it, u64 now)
{
	if (!it->next)
		return 0;
	return it->next > now ? it->next - now : 1;
}

/* kitimer_advance - see timers.h. */
u64 kitimer_advance(struct kitimer *it, u64 now)
{
	u64 n;

	if (!it->next || it->next > now)
		return 0;
	if (!it->period) {
		it->next = 0;
		return 1;
	}
	n = (now - it->next) / it->period + 1;
	it->next += n * it->period;
	return n;
}
