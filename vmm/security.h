/* SPDX-License-Identifier: MIT */
/*
 * security.h - vmm's outer security layer: what the host process gives up
 * right before the sentry starts, once every host file, socket and fd it
 * needs is open (see vmm/security.c for the policy).
 */
#ifndef VMM_SECURITY_H
#define VMM_SECURITY_H

struct vmm_error;

/* Steps of vmm_security_lockdown beyond the ones always applied. */
/* root only: new mount, IPC, UTS and network namespaces */
#define VMM_SEC_NAMESPACES	(1u << 0)
/* root only, with VMM_SEC_NAMESPACES: pivot_root into an empty read-only
 * tmpfs; the caller must reach every host path through fds afterwards */
#define VMM_SEC_PIVOT		(1u << 1)
/* the KVM platform runs the sandbox: allow its vCPU ioctls and threads */
#define VMM_SEC_KVM		(1u << 2)

/*
 * vmm_security_lockdown - confine the calling (single-threaded) vmm
 * process: the namespaces and root of @flags (when running as root),
 * then all capabilities dropped but the file ones the hostcall server
 * uses as root, no_new_privs, not dumpable, and the seccomp allowlist
 * (kill on anything else). The environment variable VMM_SECCOMP changes
 * the seccomp step for development: "trap" logs a denied call on stderr
 * and fails it with ENOSYS, "log" allows and audit-logs it, "off" skips
 * the filter. Returns 0 or < 0 with @err; on failure the process may be
 * partly confined and should only report and exit.
 */
int vmm_security_lockdown(unsigned int flags, struct vmm_error **err);

/*
 * vmm_seccomp_policy_load - load vmm's seccomp allowlist (seccomp_policy.c)
 * with default action @mode: "kill" or NULL (kill the process), "trap",
 * "log" (see vmm_security_lockdown), plus the KVM platform's calls when
 * @flags has VMM_SEC_KVM. Returns 0 or < 0 with @err.
 */
int vmm_seccomp_policy_load(const char *mode, unsigned int flags,
			    struct vmm_error **err);

#endif
