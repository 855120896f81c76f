// SPDX-License-Identifier: MIT
/*
 * clock_loop.c - static test program for the vDSO: N clock_gettime calls
 * (default 100000) through glibc, which uses the vDSO when the kernel
 * provides a usable one. Checks that CLOCK_MONOTONIC never goes back and
 * that CLOCK_REALTIME agrees with time(2) (a real system call) within a
 * second. Prints "clock_loop: N calls, vdso yes|no" (whether AT_SYSINFO_EHDR
 * was set) and exits 0 when the clocks behaved. Whether the calls were
 * system calls is for the caller to see (vmm run --stats=FILE).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 100000;
	struct timespec prev = { 0 }, now, real;
	long sys_time;

	for (long i = 0; i < n; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &now)) {
			perror("clock_loop: clock_gettime");
			return 1;
		}
		if (now.tv_sec < prev.tv_sec ||
		    (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec)) {
			printf("clock_loop: CLOCK_MONOTONIC went back at call %ld\n", i);
			return 1;
		}
		prev = now;
	}
	if (clock_gettime(CLOCK_REALTIME, &real)) {
		perror("clock_loop: clock_gettime(CLOCK_REALTIME)");
		return 1;
	}
	sys_time = syscall(SYS_time, NULL);
	if (labs(sys_time - (long)real.tv_sec) > 1) {
		printf("clock_loop: CLOCK_REALTIME %ld, time(2) %ld\n",
		       (long)real.tv_sec, sys_time);
		return 1;
	}
	printf("clock_loop: %ld calls, vdso %s\n", n,
	       getauxval(AT_SYSINFO_EHDR) ? "yes" : "no");
	return 0;
}
