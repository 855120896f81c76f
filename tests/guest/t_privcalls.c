// SPDX-License-Identifier: MIT
/*
 * t_privcalls.c - calls Linux refuses to an unprivileged process (bpf,
 * perf_event_open, userfaultfd, fanotify_init). Natively this runs as
 * root, in the sandbox without those capabilities: the checks run in a
 * child that drops every capability and sets no_new_privs first, so both
 * see an unprivileged caller.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static int drop_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int c;

	memset(d, 0, sizeof(d));
	for (c = 0; c <= 63; c++)
		prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
	if (syscall(SYS_capset, &h, d))
		return -1;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static void unprivileged(void)
{
	uint8_t attr[128];
	union {
		uint32_t u32[32];
	} bpf_attr;

	ok(drop_caps() == 0, "drop every capability, set no_new_privs");
	memset(&bpf_attr, 0, sizeof(bpf_attr));
	bpf_attr.u32[0] = 2;	/* BPF_MAP_TYPE_ARRAY */
	bpf_attr.u32[1] = 4;
	bpf_attr.u32[2] = 4;
	bpf_attr.u32[3] = 1;
	ok_errno(syscall(SYS_bpf, 0, &bpf_attr, sizeof(bpf_attr)), EPERM,
		 "bpf BPF_MAP_CREATE unprivileged is EPERM");
	ok_errno(syscall(SYS_bpf, 5, &bpf_attr, sizeof(bpf_attr)), EPERM,
		 "bpf BPF_PROG_LOAD unprivileged is EPERM");

	memset(attr, 0, sizeof(attr));
	attr[4] = 128;		/* size */
	ok_errno(syscall(SYS_perf_event_open, attr, 0, -1, -1, 0), EACCES,
		 "perf_event_open of kernel+user cycles is EACCES");
	ok_errno(syscall(SYS_perf_event_open, attr, 0, -1, -1, 0x100), EINVAL,
		 "perf_event_open with unknown flags is EINVAL");

	ok_errno(syscall(SYS_userfaultfd, O_CLOEXEC), EPERM,
		 "userfaultfd without UFFD_USER_MODE_ONLY is EPERM");
	ok_errno(syscall(SYS_fanotify_init, 0, O_RDONLY), EPERM,
		 "fanotify_init FAN_CLASS_NOTIF without FID is EPERM");
	ok_errno(syscall(SYS_fanotify_init, 0x4 | 0x200, O_RDONLY), EPERM,
		 "fanotify_init FAN_CLASS_CONTENT is EPERM");
}

int main(void)
{
	int st;
	pid_t pid;

	gtap_prefix = "";
	pid = fork();
	if (pid == 0) {
		gtap_prefix = "# child: ";
		unprivileged();
		exit(done());
	}
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	   "unprivileged checks pass");
	return done();
}
