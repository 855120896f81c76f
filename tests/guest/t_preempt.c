// SPDX-License-Identifier: MIT
/*
 * t_preempt.c - a task that spins without any system call does not keep
 * the CPU: another process makes progress meanwhile (it sets a flag in
 * shared memory that the spinner waits for, with no syscall in between).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

/* Spin bound: far more than a preemption tick, still finite if broken. */
#define SPIN_ROUNDS (4000ULL * 1000 * 1000)

int main(void)
{
	volatile uint64_t *shared;
	uint64_t i, seen = 0;
	int status = 0;
	pid_t pid;

	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		ok(0, "mmap of shared memory");
		return done();
	}
	shared[0] = 0;
	pid = fork();
	if (pid == 0) {
		/* the other task: count up, then raise the flag */
		for (i = 0; i < 1000; i++)
			shared[1] = i;
		shared[0] = 1;
		_exit(0);
	}
	ok(pid > 0, "fork");
	/* the spinner: no system call until the flag shows up */
	for (i = 0; i < SPIN_ROUNDS && !seen; i++)
		seen = shared[0];
	ok(seen == 1, "another task ran while this one spun without syscalls");
	ok(shared[1] == 999, "and it finished its work");
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "the other task exited normally");
	return done();
}
