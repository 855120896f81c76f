/* SPDX-License-Identifier: MIT */
/* Signals: actions, pending sets, delivery. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "klib/klib.h"

#define KNSIG 64
#define sigbit(sig) (1ULL << ((sig) - 1))

/* siginfo as user space sees it (128 bytes). */
struct ksiginfo {
	s32 si_signo;
	s32 si_errno;
	s32 si_code;
	s32 _pad0;
	union {
		struct { s32 pid; u32 uid; } kill;
		struct { s32 pid; u32 uid; s32 status; s32 _p; s64 utime, stime; } chld;
		struct { u64 addr; } fault;
		struct { s32 tid; s32 overrun; u64 value; } timer;
		u8 _raw[112];
	} f;
};

struct k_sigaction {
	u64 handler;		/* SIG_DFL = 0, SIG_IGN = 1, or a user address */
	u64 flags;
	u64 restorer;
	u64 mask;
};

struct sighand {
	int refs;
	struct k_sigaction action[KNSIG];
};

struct sigqueue {
	struct list_head link;
	struct ksiginfo info;
};

struct sigpending {
	u64 set;
	struct list_head queue;		/* of sigqueue, for siginfo */
};

struct task;
struct process;

/* sigpending_init - empty pending set. */
void sigpending_init(struct sigpending *p);
/* sigpending_flush - drop everything pending in @p. */
void sigpending_flush(struct sigpending *p);

/* send_signal_process - queue @sig to process @p (any thread may take it); @info may be NULL (SI_USER from the kernel). Returns 0 or -errno. */
int send_signal_process(struct process *p, int sig, const struct ksiginfo *info);
/* send_signal_task - queue @sig to one thread. */
int send_signal_task(struct task *t, int sig, const struct ksiginfo *info);
/* force_signal - deliver a synchronous fault signal to current (unblocks/undoes SIG_IGN like Linux). */
void force_signal(int sig, int code, u64 addr);

/* signalfd_notify - a signal was queued: wake signalfd readers and pollers (fs/signalfd.c). */
void signalfd_notify(void);

/* signal_deliver - before returning to user: handle pending signals of current (may not return: exit). */
void signal_deliver(void);
/* sighand_create/sighand_copy/sighand_put - signal action tables. */
struct sighand *sighand_create(void);
struct sighand *sighand_copy(const struct sighand *src);
void sighand_put(struct sighand *sh);

#endif
