/* SPDX-License-Identifier: MIT */
/*
 * control.h - requests of the runtime's control channel (ABI version 1).
 *
 * `vmm start/kill/exec/ps/pause/...` talk JSON to the sandbox process over
 * a unix socket in the container's state directory. vmm turns each request
 * into one struct ctl_req and hands it to the sentry through the platform
 * (platform_ops.control_poll); the sentry applies it and answers with one
 * struct ctl_resp (platform_ops.control_reply). Plain data only, so the
 * KVM platform can carry both through sandbox memory with a hostcall.
 *
 * C99, no libc: shared by guestkernel/ and vmm/.
 */
#ifndef ABI_CONTROL_H
#define ABI_CONTROL_H

#define CTL_ABI_VERSION 1

enum ctl_type {
	CTL_START = 1,	/* let init run */
	CTL_SIGNAL,	/* signo to target (pid for CTL_SIG_PID) */
	CTL_EXEC,	/* spawn a process: strings, cwd, uid, gid, stdio */
	CTL_WAIT,	/* wait status of init (pid 0); answered by vmm itself */
	CTL_PS,		/* the sandbox's processes */
	CTL_PAUSE,	/* stop every task until CTL_RESUME */
	CTL_RESUME,
	CTL_STATS,	/* pids count and cpu time */
};

enum ctl_sig_target {
	CTL_SIG_INIT = 0,	/* the container's init */
	CTL_SIG_PID,		/* process @pid */
	CTL_SIG_ALL,		/* every process */
	CTL_SIG_FOREGROUND,	/* init's process group */
};

/* Bytes for an exec request's argv and env strings (each NUL-terminated). */
#define CTL_STRINGS_MAX 32768
#define CTL_PATH_MAX 4096
#define CTL_PROCS_MAX 256

struct ctl_req {
	unsigned long long cookie;	/* IN (vmm): names the connection to answer */
	unsigned int type;		/* IN: enum ctl_type */
	int pid;			/* IN: SIGNAL to CTL_SIG_PID, WAIT (0: init) */
	int signo;			/* IN: SIGNAL */
	unsigned int target;		/* IN: SIGNAL: enum ctl_sig_target */
	/* EXEC */
	unsigned int uid, gid;		/* IN */
	unsigned int terminal;		/* IN: stdio is a terminal */
	unsigned int detach;		/* IN: nobody waits: no exit reply */
	long long stdio_handles[3];	/* IN: hostcall handles (-1: none) */
	unsigned int argc, envc;	/* IN: counts of strings */
	unsigned int strings_len;	/* IN: bytes used in strings */
	char cwd[CTL_PATH_MAX];		/* IN: NUL-terminated */
	char strings[CTL_STRINGS_MAX];	/* IN: argv[0..argc) then env[0..envc) */
};

struct ctl_proc {
	int pid, ppid, pgid, sid;
	unsigned int uid;
	unsigned int nthreads;
	unsigned long long cpu_ns;	/* user + system */
	unsigned long long start_ns;	/* since the sandbox booted */
	char state;			/* 'R', 'S' or 'Z' */
	char comm[16];
};

struct ctl_resp {
	int error;			/* OUT: 0 or -errno */
	unsigned int more;		/* OUT: another reply follows (exec's exit) */
	int pid;			/* OUT: EXEC: the new process */
	int exited;			/* OUT: status is a wait status */
	int status;			/* OUT: wait status (EXEC's last reply, WAIT) */
	unsigned int pids;		/* OUT: STATS: live processes */
	unsigned long long cpu_ns;	/* OUT: STATS: cpu time of every process */
	unsigned int nprocs;		/* OUT: PS: entries used in procs */
	struct ctl_proc procs[CTL_PROCS_MAX];
};

#endif
