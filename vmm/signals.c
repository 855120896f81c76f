/* SPDX-License-Identifier: MIT */
/* signals.c - host signals of vmm, collected for forwarding to init. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>

#include "vmm/signals.h"

static const int vmm_forward_sigs[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGWINCH,
};

static sigset_t vmm_sigset;
static unsigned long long vmm_sig_pending;	/* bit (sig - 1) */

/* vmm_signals_setup - see signals.h. */
int vmm_signals_setup(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };
	size_t i;

	sigemptyset(&vmm_sigset);
	sigaddset(&vmm_sigset, SIGCHLD);
	sigaddset(&vmm_sigset, SIGIO);	/* the control socket (vmm/control_server.c) */
	for (i = 0; i < sizeof(vmm_forward_sigs) / sizeof(vmm_forward_sigs[0]); i++)
		sigaddset(&vmm_sigset, vmm_forward_sigs[i]);
	if (sigprocmask(SIG_BLOCK, &vmm_sigset, NULL) < 0)
		return -errno;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		return -errno;
	return 0;
}

/* vmm_signals_set - see signals.h. */
const sigset_t *vmm_signals_set(void)
{
	return &vmm_sigset;
}

/* vmm_signals_forwarded - see signals.h. */
int vmm_signals_forwarded(int sig)
{
	size_t i;

	for (i = 0; i < sizeof(vmm_forward_sigs) / sizeof(vmm_forward_sigs[0]); i++)
		if (vmm_forward_sigs[i] == sig)
			return 1;
	return 0;
}

/* vmm_signals_record - see signals.h. */
void vmm_signals_record(int sig)
{
	if (sig > 0 && sig <= 64 && vmm_signals_forwarded(sig))
		vmm_sig_pending |= 1ULL << (sig - 1);
}

/* vmm_signals_take - see signals.h. */
int vmm_signals_take(void)
{
	int sig;

	if (!vmm_sig_pending)
		return 0;
	sig = __builtin_ctzll(vmm_sig_pending) + 1;
	vmm_sig_pending &= ~(1ULL << (sig - 1));
	return sig;
}
