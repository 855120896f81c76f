/* SPDX-License-Identifier: MIT */
/*
 * security.c - vmm's outer security layer (DESIGN.md "Security, outermost
 * first", step 1), applied by vmm_sandbox_run_platform right before the
 * sentry starts, after the stub template exists and every host fd is open.
 *
 * Policy, in the order it is applied:
 *
 * 1. Namespaces (root only, VMM_SEC_NAMESPACES): unshare mount, IPC, UTS
 *    and network namespaces. The sandbox has no network (the sentry's
 *    network mode is "none"). No PID namespace: vmm's stubs were forked
 *    before, and its clients find it by host pid. Not root: skipped (a
 *    user namespace is a later step).
 * 2. Root (root only, VMM_SEC_PIVOT): mounts made private, then
 *    pivot_root into an empty read-only tmpfs with the old root detached,
 *    so a path-based escape from the hostcall server finds nothing. Only
 *    for the OCI sandbox process, which holds its state directory as a
 *    dirfd; `vmm run` keeps the host view (it writes --stats by path after
 *    the run), but still gets 1, 3, 4 and 5.
 * 3. Capabilities: the bounding and ambient sets emptied; permitted and
 *    effective reduced to CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER and
 *    CAP_FSETID when vmm holds them (it is root): the hostcall server does
 *    the sandbox's file operations (chown, chmod, writes to files owned by
 *    others) with vmm's identity until the gofer exists. Ptrace of its
 *    own stubs needs none. Not root: nothing to keep, CapEff 0.
 * 4. PR_SET_NO_NEW_PRIVS and PR_SET_DUMPABLE 0 (no core dumps, no ptrace
 *    or /proc/PID/mem access by other processes of the same uid).
 * 5. The seccomp allowlist of seccomp_policy.c, default action: kill the
 *    process (a kill shows as init dying of SIGSYS in the sandbox's exit
 *    status; VMM_SECCOMP=trap names the call on stderr instead).
 *
 * The ptrace stubs are confined separately by their own filter
 * (platform/ptrace/stub_seccomp.c). The KVM platform locks down between
 * building the VM and its first KVM_RUN (VMM_SEC_KVM adds its calls).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "vmm/error.h"
#include "vmm/log.h"
#include "vmm/security.h"

/* Capabilities the hostcall server keeps when vmm runs as root. */
static const cap_value_t vmm_kept_caps[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID,
};

/* vmm_unshare - new mount, IPC, UTS and network namespaces. */
static int vmm_unshare(struct vmm_error **err)
{
	if (unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET) < 0)
		return vmm_error(err, errno, "unshare the namespaces");
	return 0;
}

/*
 * vmm_pivot_empty - make the root an empty read-only tmpfs. It is mounted
 * on any existing directory (the mount is private to our namespace), that
 * directory becomes the root, and the old root is detached from under it.
 */
static int vmm_pivot_empty(struct vmm_error **err)
{
	static const char *const spots[] = { "/tmp", "/mnt", "/proc", "/dev" };
	const char *dir = NULL;
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(spots) / sizeof(spots[0]) && !dir; i++)
		if (stat(spots[i], &st) == 0 && S_ISDIR(st.st_mode))
			dir = spots[i];
	if (!dir)
		return vmm_error(err, ENOENT, "no directory to mount the empty root on");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return vmm_error(err, errno, "make the mounts private");
	if (mount("vmm-empty", dir, "tmpfs",
		  MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555") < 0)
		return vmm_error(err, errno, "mount the empty root on `%s`", dir);
	if (chdir(dir) < 0)
		return vmm_error(err, errno, "enter the empty root");
	/* new root and old root on the same spot: the old one ends on top */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return vmm_error(err, errno, "pivot_root into the empty root");
	if (umount2(".", MNT_DETACH) < 0)
		return vmm_error(err, errno, "detach the old root");
	if (chdir("/") < 0)
		return vmm_error(err, errno, "enter the empty root");
	return 0;
}

/* vmm_drop_caps - empty the bounding/ambient sets, keep only vmm_kept_caps. */
static int vmm_drop_caps(struct vmm_error **err)
{
	cap_value_t keep[sizeof(vmm_kept_caps) / sizeof(vmm_kept_caps[0])];
	cap_flag_value_t v;
	cap_value_t c, last = cap_max_bits();
	cap_t cur, next;
	int n = 0, r = 0;
	size_t i;
	bool setpcap;

	cur = cap_get_proc();
	if (!cur)
		return vmm_error(err, errno, "read the capabilities");
	setpcap = cap_get_flag(cur, CAP_SETPCAP, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET;
	for (i = 0; i < sizeof(vmm_kept_caps) / sizeof(vmm_kept_caps[0]); i++)
		if (cap_get_flag(cur, vmm_kept_caps[i], CAP_PERMITTED, &v) == 0 &&
		    v == CAP_SET)
			keep[n++] = vmm_kept_caps[i];
	cap_free(cur);
	/* the bounding set needs CAP_SETPCAP, which goes with the rest below */
	for (c = 0; setpcap && c < last; c++) {
		if (cap_get_bound(c) > 0 && cap_drop_bound(c) < 0)
			return vmm_error(err, errno, "drop capability %d from the bounding set",
					 (int)c);
	}
	if (cap_reset_ambient() < 0 && errno != EINVAL)
		return vmm_error(err, errno, "clear the ambient capabilities");
	next = cap_init();
	if (!next)
		return vmm_error(err, errno, "capabilities");
	if (n && (cap_set_flag(next, CAP_PERMITTED, n, keep, CAP_SET) < 0 ||
		  cap_set_flag(next, CAP_EFFECTIVE, n, keep, CAP_SET) < 0))
		r = vmm_error(err, errno, "capabilities");
	else if (cap_set_proc(next) < 0)
		r = vmm_error(err, errno, "drop the capabilities");
	cap_free(next);
	return r;
}

/* vmm_security_lockdown - see security.h. */
int vmm_security_lockdown(unsigned int flags, struct vmm_error **err)
{
	const char *mode = getenv("VMM_SECCOMP");
	bool root = geteuid() == 0;
	int r;

	if (root && (flags & VMM_SEC_NAMESPACES)) {
		r = vmm_unshare(err);
		if (r == 0 && (flags & VMM_SEC_PIVOT))
			r = vmm_pivot_empty(err);
		if (r < 0)
			return r;
	}
	r = vmm_drop_caps(err);
	if (r < 0)
		return r;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return vmm_error(err, errno, "set no_new_privs");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return vmm_error(err, errno, "clear dumpable");
	if (mode && strcmp(mode, "off") == 0) {
		vmm_log(VMM_LOG_WARN, "security: VMM_SECCOMP=off: no seccomp filter");
		return 0;
	}
	r = vmm_seccomp_policy_load(mode, flags, err);
	if (r < 0)
		return r;
	vmm_log(VMM_LOG_DEBUG, "security: locked down (%s%sseccomp %s)",
		root && (flags & VMM_SEC_NAMESPACES) ? "namespaces, " : "",
		root && (flags & VMM_SEC_PIVOT) ? "empty root, " : "",
		mode ? mode : "kill");
	return 0;
}
