// SPDX-License-Identifier: MIT
/*
 * t_trap.c - hardware exceptions become the right signals: a NULL
 * dereference is SIGSEGV with si_addr 0, an integer division by zero is
 * SIGFPE with FPE_INTDIV, both at the faulting instruction (the handler
 * skips it by jumping back with siglongjmp).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

#include "gtap.h"

static sigjmp_buf trap_jmp;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr;

static void on_trap(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = (uintptr_t)si->si_addr;
	siglongjmp(trap_jmp, 1);
}

static void catch(int sig)
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = on_trap;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	volatile int *volatile null_ptr = NULL;
	volatile int zero = 0, num = 42, res = 0;

	catch(SIGSEGV);
	catch(SIGFPE);

	got_sig = 0;
	if (sigsetjmp(trap_jmp, 1) == 0)
		res = *null_ptr;
	ok(got_sig == SIGSEGV, "NULL dereference raises SIGSEGV");
	ok(got_addr == 0, "si_addr of the NULL dereference is 0");
	ok(got_code == SEGV_MAPERR, "si_code is SEGV_MAPERR");

	got_sig = 0;
	if (sigsetjmp(trap_jmp, 1) == 0)
		res = num / zero;
	ok(got_sig == SIGFPE, "integer division by zero raises SIGFPE");
	ok(got_code == FPE_INTDIV, "si_code is FPE_INTDIV");

	/* the handler ran on a clean state: the program carries on */
	got_sig = 0;
	if (sigsetjmp(trap_jmp, 1) == 0)
		res = *null_ptr;
	ok(got_sig == SIGSEGV, "a second fault is caught the same way");
	(void)res;
	return done();
}
