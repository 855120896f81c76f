// SPDX-License-Identifier: MIT
/*
 * kvm_boot.c - test driver: boot a sentry image on the KVM platform with
 * a minimal boot info and no hostcall server (HC_LOG is printed by the
 * vCPU loop, other hostcalls get -ENOSYS). Used with tests/kvm/selftest.c.
 *
 * usage: kvm-boot SENTRY_ELF [--mem MIB] [--root DIR PROGRAM [ARGS...]]
 *        kvm-boot --probe   (exit 0 when /dev/kvm is usable, else 77)
 * With --root, a hostcall server gets DIR (read-only) as the root and
 * this process's stdio, and the sentry runs PROGRAM: a bundle-less
 * `vmm run` for the KVM platform.
 * Exit status: 77 when /dev/kvm is unusable (TAP skip), 1 on a platform
 * error, else the guest's exit status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/kvm/kvm.h"
#include "vmm/bootinfo.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"
#include "vmm/log.h"
#include "vmm/signals.h"

int main(int argc, char **argv)
{
	static const char *const selftest_args[] = { "/selftest", NULL };
	static const char *const env[] = { "PATH=/bin:/usr/bin", "HOME=/", NULL };
	struct vmm_boot_params bp = { 0 };
	struct kvm_run_params rp = { 0 };
	struct vmm_error *err = NULL;
	uint64_t mem_mib = 128;
	const char *root = NULL;
	void *fdt = NULL;
	size_t fdt_size = 0;
	int memfd, status = 0, i = 2;

	if (argc == 2 && !strcmp(argv[1], "--probe")) {
		if (kvm_probe(&err) < 0) {
			printf("%s\n", err->msg);
			return 77;
		}
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: kvm-boot SENTRY_ELF [--mem MIB] [--root DIR PROGRAM [ARGS...]]\n");
		return 2;
	}
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--mem") && i + 1 < argc)
			mem_mib = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--root") && i + 1 < argc)
			root = argv[++i];
		else
			break;
	}
	if (root && i >= argc) {
		fprintf(stderr, "kvm-boot: --root needs a PROGRAM\n");
		return 2;
	}
	bp.argv = root ? (const char *const *)&argv[i] : selftest_args;
	if (vmm_signals_setup() < 0 || vmm_log_init(NULL, false, VMM_LOG_DEBUG, &err) < 0)
		goto fail;
	if (kvm_probe(&err) < 0) {
		printf("1..0 # SKIP %s\n", err->msg);
		return 77;
	}
	bp.mem_size = mem_mib << 20;
	bp.ncpus = 1;
	bp.envp = env;
	bp.cwd = "/";
	bp.hostname = "kvm-boot";
	bp.root_handle = -1;
	bp.stdio_handles[0] = bp.stdio_handles[1] = bp.stdio_handles[2] = -1;
	bp.log_level = root ? 1 : 3;
	memfd = memfd_create("kvm-boot", MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, bp.mem_size) < 0) {
		vmm_error(&err, errno, "memfd");
		goto fail;
	}
	rp.pmem = mmap(NULL, bp.mem_size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (rp.pmem == MAP_FAILED) {
		vmm_error(&err, errno, "mmap");
		goto fail;
	}
	if (root) {
		int fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0) {
			vmm_error(&err, errno, "open `%s`", root);
			goto fail;
		}
		if (vmm_hostcalls_create(rp.pmem, bp.mem_size, &rp.hc, &err) < 0)
			goto fail;
		bp.root_handle = vmm_hostcalls_add_handle(rp.hc, fd,
							  VMM_HANDLE_DIR | VMM_HANDLE_READONLY);
		bp.root_readonly = true;
		for (int s = 0; s < 3; s++)
			bp.stdio_handles[s] = vmm_hostcalls_add_handle(
				rp.hc, fcntl(s, F_DUPFD_CLOEXEC, 3), VMM_HANDLE_STDIO);
	}
	if (vmm_bootinfo_build(&bp, &fdt, &fdt_size, &err) < 0)
		goto fail;
	rp.sentry_path = argv[1];
	rp.pmem_size = bp.mem_size;
	rp.fdt = fdt;
	rp.fdt_size = fdt_size;
	if (kvm_run(&rp, &status, &err) < 0)
		goto fail;
	free(fdt);
	if (rp.hc)
		vmm_hostcalls_destroy(rp.hc);
	fprintf(stderr, "kvm-boot: wait status %#x\n", status);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (status & 0x7f);
fail:
	fprintf(stderr, "kvm-boot: %s\n", err ? err->msg : "failed");
	return 1;
}
