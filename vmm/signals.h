/* SPDX-License-Identifier: MIT */
/*
 * signals.h - host signals of vmm: SIGCHLD and the signals forwarded to
 * the sandbox's init are blocked and collected synchronously by the
 * platform's idle loop (sigtimedwait), then handed out by host_signal().
 */
#ifndef VMM_SIGNALS_H
#define VMM_SIGNALS_H

#include <signal.h>

/*
 * vmm_signals_setup - block SIGCHLD and the forwarded signals (SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH) and ignore
 * SIGPIPE. Call before creating any thread or child. Returns 0 or -errno.
 */
int vmm_signals_setup(void);
/* vmm_signals_set - the set vmm_signals_setup blocks (to wait on). */
const sigset_t *vmm_signals_set(void);
/* vmm_signals_forwarded - is @sig one the sandbox's init gets? */
int vmm_signals_forwarded(int sig);
/* vmm_signals_record - remember forwarded signal @sig until taken. */
void vmm_signals_record(int sig);
/* vmm_signals_take - the lowest recorded signal (now forgotten), or 0. */
int vmm_signals_take(void);

#endif
