/* SPDX-License-Identifier: MIT */
/*
 * t_procmisc - queued signals with siginfo, pidfds, kcmp,
 * process_vm_readv/writev, and the privileged calls a container refuses
 * (clock setting, mount, reboot, unshare of namespaces...).
 *
 * Effective capabilities are cleared first so that the native run (root)
 * and the sandbox answer the permission checks alike.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/kcmp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

static char shared_buf[16] = "original";

static void drop_privilege(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) == 0) {
		d[0].effective = d[1].effective = 0;
		if (syscall(SYS_capset, &h, d) != 0)
			diag("capset failed: %s", strerror(errno));
	}
}

static void queue_info(siginfo_t *si, int sig, int code, int value)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = code;
	si->si_pid = getpid();
	si->si_uid = getuid();
	si->si_value.sival_int = value;
}

static void test_sigqueue(void)
{
	sigset_t set;
	siginfo_t si, got;
	pid_t pid;
	int st;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);

	queue_info(&si, SIGUSR2, 0, 5);
	ok_sys(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &si),
	       "rt_sigqueueinfo to self with si_code 0");
	ok(sigwaitinfo(&set, &got) == SIGUSR2 && got.si_code == 0,
	   "self-queued signal arrives");
	queue_info(&si, SIGUSR2, SI_QUEUE, 7);
	ok_sys(syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR2, &si),
	       "rt_tgsigqueueinfo to self");
	ok(sigwaitinfo(&set, &got) == SIGUSR2 && got.si_code == SI_QUEUE &&
	   got.si_value.sival_int == 7, "thread-queued value arrives");
	ok_errno(syscall(SYS_rt_tgsigqueueinfo, 0, gettid(), SIGUSR2, &si),
		 EINVAL, "tgid 0: EINVAL");
	ok_errno(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, NULL), EFAULT,
		 "NULL info: EFAULT");
	ok_errno(syscall(SYS_rt_sigqueueinfo, getpid(), 99, &si), EINVAL,
		 "signal 99: EINVAL");

	pid = fork();
	if (pid == 0) {
		siginfo_t ci;

		if (sigwaitinfo(&set, &ci) != SIGUSR1)
			_exit(1);
		_exit(ci.si_code == SI_QUEUE && ci.si_value.sival_int == 42 ?
			      0 : 2);
	}
	queue_info(&si, SIGUSR1, SI_USER, 42);
	ok_errno(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM,
		 "forged SI_USER to another process: EPERM");
	queue_info(&si, SIGUSR1, SI_TKILL, 42);
	ok_errno(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM,
		 "forged SI_TKILL: EPERM");
	queue_info(&si, SIGUSR1, SI_QUEUE, 42);
	ok_sys(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si),
	       "SI_QUEUE to the child");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	   WEXITSTATUS(st) == 0, "child got the siginfo");
}

static void test_pidfd(void)
{
	int ready[2], gate[2], pfd, nfd, st;
	struct pollfd p;
	char c = 0, buf[8];
	struct iovec lio, rio;
	pid_t pid;

	if (pipe(ready) || pipe(gate))
		return;
	pid = fork();
	if (pid == 0) {
		strcpy(shared_buf, "child");
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		if (read(gate[0], &c, 1) != 1)
			_exit(4);
		_exit(strcmp(shared_buf, "written") == 0 ? 0 : 5);
	}
	close(gate[0]);
	ok(read(ready[0], &c, 1) == 1, "child is ready");

	pfd = syscall(SYS_pidfd_open, pid, 0);
	ok_sys(pfd, "pidfd_open");
	ok((fcntl(pfd, F_GETFD) & FD_CLOEXEC) != 0, "pidfd is close-on-exec");
	p.fd = pfd;
	p.events = POLLIN;
	ok(poll(&p, 1, 0) == 0, "pidfd of a live process does not poll");
	ok_errno(syscall(SYS_pidfd_open, pid, 1), EINVAL, "bad flags: EINVAL");
	ok_errno(syscall(SYS_pidfd_open, 999999, 0), ESRCH, "no pid: ESRCH");
	ok_errno(syscall(SYS_pidfd_open, 0, 0), EINVAL, "pid 0: EINVAL");
	ok_errno(syscall(SYS_pidfd_send_signal, ready[0], 0, NULL, 0), EBADF,
		 "send_signal on a pipe: EBADF");
	ok_sys(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0),
	       "send_signal 0 checks the process");
	ok_errno(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 8), EINVAL,
		 "send_signal unknown flag: EINVAL");
	ok_errno(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 3), EINVAL,
		 "send_signal two scopes: EINVAL");
	ok_sys(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 1),
	       "send_signal PIDFD_SIGNAL_THREAD");
	ok_errno(syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 4), ESRCH,
		 "PIDFD_SIGNAL_PROCESS_GROUP: the child leads no group");

	/* The child's write end of `ready` is fd ready[1] there too. */
	nfd = syscall(SYS_pidfd_getfd, pfd, ready[1], 0);
	ok_sys(nfd, "pidfd_getfd");
	ok(write(nfd, "x", 1) == 1 && read(ready[0], &c, 1) == 1 && c == 'x',
	   "the fetched fd is the child's pipe");
	close(nfd);
	ok_errno(syscall(SYS_pidfd_getfd, pfd, 999, 0), EBADF,
		 "getfd of a closed fd: EBADF");

	/* process_vm: the child's copy of shared_buf. */
	memset(buf, 0, sizeof(buf));
	lio.iov_base = buf;
	lio.iov_len = 6;
	rio.iov_base = shared_buf;
	rio.iov_len = 6;
	ok(syscall(SYS_process_vm_readv, pid, &lio, 1, &rio, 1, 0) == 6 &&
	   strcmp(buf, "child") == 0, "process_vm_readv reads the child");
	lio.iov_base = (void *)"written";
	lio.iov_len = 8;
	rio.iov_len = 8;
	ok(syscall(SYS_process_vm_writev, pid, &lio, 1, &rio, 1, 0) == 8,
	   "process_vm_writev writes the child");
	ok_errno(syscall(SYS_process_vm_readv, pid, &lio, 1, &rio, 1, 1),
		 EINVAL, "process_vm flags: EINVAL");
	rio.iov_base = NULL;
	ok_errno(syscall(SYS_process_vm_readv, pid, &lio, 1, &rio, 1, 0),
		 EFAULT, "remote NULL: EFAULT");

	/* kcmp */
	ok(syscall(SYS_kcmp, getpid(), getpid(), KCMP_VM, 0, 0) == 0,
	   "kcmp VM of self: equal");
	ok(syscall(SYS_kcmp, getpid(), pid, KCMP_VM, 0, 0) > 0,
	   "kcmp VM with the child: different");
	ok(syscall(SYS_kcmp, getpid(), pid, KCMP_FILE, ready[0], ready[0]) == 0,
	   "kcmp FILE: inherited descriptor is the same file");
	ok(syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, ready[0],
		   ready[1]) > 0, "kcmp FILE: two pipe ends differ");
	ok(syscall(SYS_kcmp, getpid(), pid, KCMP_FILES, 0, 0) > 0,
	   "kcmp FILES: fork copies the table");
	ok_errno(syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, 999, 0),
		 EBADF, "kcmp bad fd: EBADF");
	ok_errno(syscall(SYS_kcmp, getpid(), getpid(), 99, 0, 0), EINVAL,
		 "kcmp bad type: EINVAL");
	ok_errno(syscall(SYS_kcmp, getpid(), 999999, KCMP_VM, 0, 0), ESRCH,
		 "kcmp no pid: ESRCH");

	ok(write(gate[1], "g", 1) == 1, "release the child");
	p.revents = 0;
	ok(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN),
	   "pidfd polls readable after exit");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	   WEXITSTATUS(st) == 0, "child saw the written memory");
	ok_errno(syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0), ESRCH,
		 "send_signal after reaping: ESRCH");
	close(pfd);
	close(ready[0]);
	close(ready[1]);
	close(gate[1]);
}

static void test_denied(void)
{
	struct timespec ts = { 1000, 0 };
	struct timex tx;
	int p[2];

	ok_errno(clock_settime(CLOCK_REALTIME, &ts), EPERM,
		 "clock_settime: EPERM");
	ok_errno(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL,
		 "clock_settime MONOTONIC: EINVAL");
	ts.tv_nsec = 2000000000;
	ok_errno(clock_settime(CLOCK_REALTIME, &ts), EINVAL,
		 "clock_settime bad nsec: EINVAL");
	ok_errno(syscall(SYS_settimeofday, NULL, NULL), EPERM,
		 "settimeofday: EPERM");
	memset(&tx, 0, sizeof(tx));
	ok(adjtimex(&tx) >= 0 && tx.tick == 10000 && tx.time.tv_sec > 0,
	   "adjtimex read-only reports the clock");
	tx.modes = ADJ_FREQUENCY;
	ok_errno(adjtimex(&tx), EPERM, "adjtimex ADJ_FREQUENCY: EPERM");
	memset(&tx, 0, sizeof(tx));
	ok_errno(syscall(SYS_clock_adjtime, CLOCK_MONOTONIC, &tx), EOPNOTSUPP,
		 "clock_adjtime MONOTONIC: EOPNOTSUPP");
	ok_errno(syscall(SYS_clock_adjtime, 100, &tx), EINVAL,
		 "clock_adjtime bad clock: EINVAL");

	ok_errno(mount("none", "/tmp", "tmpfs", 0, NULL), EPERM, "mount: EPERM");
	ok_errno(umount2("/tmp", 0x100), EINVAL, "umount2 bad flags: EINVAL");
	ok_errno(umount2("/tmp", 0), EPERM, "umount2: EPERM");
	ok_errno(syscall(SYS_pivot_root, "/", "/"), EPERM, "pivot_root: EPERM");
	ok_errno(syscall(SYS_reboot, 0, 0, 0, NULL), EPERM, "reboot: EPERM");
	ok_errno(syscall(SYS_acct, NULL), EPERM, "acct: EPERM");
	ok_errno(syscall(SYS_swapoff, "/nonexistent"), EPERM, "swapoff: EPERM");
	ok_errno(syscall(SYS_restart_syscall), EINTR,
		 "restart_syscall with nothing to restart: EINTR");

	ok_sys(unshare(0), "unshare 0");
	ok_sys(unshare(CLONE_FILES | CLONE_FS), "unshare files and fs");
	ok_errno(unshare(CLONE_NEWNS), EPERM, "unshare NEWNS: EPERM");
	ok_errno(unshare(0x40), EINVAL, "unshare unknown flag: EINVAL");
	ok_errno(setns(-1, 0), EBADF, "setns bad fd: EBADF");
	if (pipe(p) == 0) {
		ok_errno(setns(p[0], 0), EINVAL, "setns on a pipe: EINVAL");
		close(p[0]);
		close(p[1]);
	}
}

int main(void)
{
	drop_privilege();
	test_sigqueue();
	test_pidfd();
	test_denied();
	return done();
}
