// SPDX-License-Identifier: MIT
/*
 * getpid_loop.c - static test program for the KVM smoke test: N getpid
 * system calls (default 200000), each answered without a VM exit. Prints
 * "getpid_loop: N calls, pid P" and exits 0 when every call agreed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 200000;
	long pid = syscall(SYS_getpid);

	for (long i = 0; i < n; i++) {
		if (syscall(SYS_getpid) != pid) {
			printf("getpid_loop: call %ld returned another pid\n", i);
			return 1;
		}
	}
	printf("getpid_loop: %ld calls, pid %ld\n", n, pid);
	return 0;
}
