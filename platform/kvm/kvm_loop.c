// SPDX-License-Identifier: MIT
/*
 * kvm_loop.c - kvm_run: load sentry.elf, build the VM and serve the exits
 * of its vCPUs: vCPU 0 on the calling thread, each other vCPU (started by
 * the guest with HC_START_CPU) on a thread of its own. The only expected
 * exit is `out` to HC_PORT (a hostcall block's physical address):
 * HC_IDLE, HC_EXIT, HC_START_CPU and HC_KICK are handled here, everything
 * else goes to the hostcall server (one at a time; the guest serializes
 * them with its big kernel lock anyway). Forwarded host signals are taken
 * by vCPU 0's thread only: they interrupt its KVM_RUN (unblocked only
 * inside it; taken with sigtimedwait once it returns) or HC_IDLE's wait
 * and are passed to the guest in the boot block. KVM_SIG_KICK ends vCPU 0's HC_IDLE early (HC_KICK from another
 * vCPU); KVM_SIG_STOP gets every vCPU thread out of KVM_RUN when the
 * sandbox ends (HC_EXIT or a fatal exit on any vCPU). Any other exit
 * fails closed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "abi/control.h"
#include "abi/hostcall.h"
#include "platform/kvm/kvm_internal.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"
#include "vmm/log.h"
#include "vmm/signals.h"

#define SENTRY_MAX_SIZE (64U << 20)
#define NSEC 1000000000ULL
/* Thread-directed signals between vCPU threads (never forwarded). */
#define KVM_SIG_KICK (SIGRTMIN + 2)
#define KVM_SIG_STOP (SIGRTMIN + 3)

/* Forwarded signals that came while the vCPU ran (bit sig - 1). */
static volatile uint64_t kvm_sig_pending;

/* The control socket raised SIGIO while the vCPU ran. */
static volatile int kvm_ctl_pending;

static void kvm_sig_handler(int sig)
{
	if (sig == SIGIO)
		__atomic_store_n(&kvm_ctl_pending, 1, __ATOMIC_SEQ_CST);
	else if (sig > 0 && sig <= 64)
		__atomic_or_fetch(&kvm_sig_pending, 1ULL << (sig - 1), __ATOMIC_SEQ_CST);
}

struct kvm_loop;

/* One vCPU and the thread that serves it. */
struct kvm_vcpu {
	struct kvm_loop *l;
	unsigned int id;
	int fd;
	struct kvm_run *run;
	pthread_t thread;		/* vCPU 0: the thread of kvm_run */
	bool thread_started;		/* a thread of its own (id > 0) */
};

struct kvm_loop {
	struct kvm_vm vm;
	const struct kvm_run_params *p;
	struct kvm_boot_block *bb;
	struct sigaction old_act[65];
	bool handler_set[65];
	struct sigaction old_stop;
	bool stop_set;
	sigset_t old_mask;		/* of the kvm_run thread before arming */
	sigset_t run_set;		/* blocked, but unblocked in vCPU 0's KVM_RUN */
	bool mask_set;
	int done;			/* atomic: every vCPU thread leaves */
	int wait_status;
	uint64_t stats_pa;		/* the sentry's struct hc_stats (0: none) */
	struct kvm_stats st;		/* counters: atomic adds */
	unsigned int ncpus;		/* vCPUs the guest may start */
	pthread_mutex_t lock;		/* hostcall server, vCPU start, ap_err */
	struct vmm_error *ap_err;	/* first fatal error of a vCPU thread */
	struct kvm_vcpu vcpu[KVM_MAX_CPUS];
};

static void stat_inc(uint64_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static const char *const exit_names[] = {
	[KVM_EXIT_UNKNOWN] = "UNKNOWN", [KVM_EXIT_EXCEPTION] = "EXCEPTION",
	[KVM_EXIT_IO] = "IO", [KVM_EXIT_HYPERCALL] = "HYPERCALL",
	[KVM_EXIT_DEBUG] = "DEBUG", [KVM_EXIT_HLT] = "HLT",
	[KVM_EXIT_MMIO] = "MMIO", [KVM_EXIT_IRQ_WINDOW_OPEN] = "IRQ_WINDOW_OPEN",
	[KVM_EXIT_SHUTDOWN] = "SHUTDOWN (triple fault)",
	[KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY", [KVM_EXIT_INTR] = "INTR",
	[KVM_EXIT_SET_TPR] = "SET_TPR", [KVM_EXIT_TPR_ACCESS] = "TPR_ACCESS",
	[KVM_EXIT_NMI] = "NMI", [KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
	[KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
};

/* kvm_exit_reason_name - see kvm.h. */
const char *kvm_exit_reason_name(uint32_t reason)
{
	if (reason < sizeof(exit_names) / sizeof(exit_names[0]) && exit_names[reason])
		return exit_names[reason];
	return "unknown";
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
}

static uint64_t guest_rip(struct kvm_vcpu *v)
{
	struct kvm_regs regs;

	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0)
		return 0;
	return regs.rip;
}

static void stop_handler(int sig)
{
	(void)sig;	/* only to make KVM_RUN return EINTR */
}

/* The sandbox ends: get every other vCPU thread out of KVM_RUN / HC_IDLE. */
static void stop_all(struct kvm_loop *l)
{
	pthread_t self = pthread_self();

	__atomic_store_n(&l->done, 1, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < KVM_MAX_CPUS; i++) {
		struct kvm_vcpu *v = &l->vcpu[i];

		if ((i == 0 || v->thread_started) && !pthread_equal(v->thread, self))
			pthread_kill(v->thread, KVM_SIG_STOP);
	}
}

static bool loop_done(struct kvm_loop *l)
{
	return __atomic_load_n(&l->done, __ATOMIC_SEQ_CST);
}

/* The signal mask vCPU @fd runs with: the thread's own less @unblock. */
static int vcpu_sigmask(int fd, const sigset_t *cur, struct vmm_error **err)
{
	struct {
		struct kvm_signal_mask hdr;
		uint8_t set[8];
	} km;

	/* the kernel's sigset is the first 8 bytes of glibc's */
	km.hdr.len = 8;
	memcpy(km.set, cur, 8);
	if (ioctl(fd, KVM_SET_SIGNAL_MASK, &km) < 0)
		return vmm_error(err, errno, "KVM_SET_SIGNAL_MASK");
	return 0;
}

/* Read sentry.elf whole (it is small) into a malloc'ed buffer. */
static int read_file(const char *path, void **buf, size_t *len,
		     struct vmm_error **err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t done = 0;
	uint8_t *b;

	if (fd < 0)
		return vmm_error(err, errno, "open `%s`", path);
	if (fstat(fd, &st) < 0)
		return vmm_error(err, errno, "stat `%s`", path);
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > SENTRY_MAX_SIZE)
		return vmm_error(err, 0, "`%s`: not a regular file of 1 byte to %u MiB",
				 path, SENTRY_MAX_SIZE >> 20);
	b = malloc(st.st_size);
	if (!b)
		return vmm_error(err, ENOMEM, "read `%s`", path);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, b + done, st.st_size - done);

		if (n <= 0) {
			free(b);
			return vmm_error(err, n < 0 ? errno : EIO, "read `%s`", path);
		}
		done += n;
	}
	*buf = b;
	*len = done;
	return 0;
}

/*
 * Unblock the forwarded signals inside vCPU 0's KVM_RUN only, with a
 * recording handler; KVM_SIG_KICK and KVM_SIG_STOP are blocked outside
 * KVM_RUN (vCPU threads inherit that), STOP is unblocked inside it.
 */
static int signals_arm(struct kvm_loop *l, struct vmm_error **err)
{
	struct sigaction sa;
	sigset_t cur, smp;

	sigemptyset(&smp);
	sigaddset(&smp, KVM_SIG_KICK);
	sigaddset(&smp, KVM_SIG_STOP);
	if (pthread_sigmask(SIG_BLOCK, &smp, &l->old_mask) < 0)
		return vmm_error(err, errno, "pthread_sigmask");
	l->mask_set = true;
	if (pthread_sigmask(SIG_BLOCK, NULL, &cur) < 0)
		return vmm_error(err, errno, "pthread_sigmask");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_handler;
	sigfillset(&sa.sa_mask);
	if (sigaction(KVM_SIG_STOP, &sa, &l->old_stop) < 0)
		return vmm_error(err, errno, "sigaction %d", KVM_SIG_STOP);
	l->stop_set = true;
	sigdelset(&cur, KVM_SIG_STOP);
	sigemptyset(&l->run_set);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kvm_sig_handler;
	sigfillset(&sa.sa_mask);
	for (int sig = 1; sig < 65 && sig < NSIG; sig++) {
		/* SIGIO: a control request for a guest that never idles */
		if (!vmm_signals_forwarded(sig) &&
		    !(sig == SIGIO && l->p->control_poll))
			continue;
		if (sigaction(sig, &sa, &l->old_act[sig]) < 0)
			return vmm_error(err, errno, "sigaction %d", sig);
		l->handler_set[sig] = true;
		sigdelset(&cur, sig);
		sigaddset(&l->run_set, sig);
	}
	return vcpu_sigmask(l->vm.vcpu_fd, &cur, err);
}

static void signals_disarm(struct kvm_loop *l)
{
	for (int sig = 1; sig < 65; sig++)
		if (l->handler_set[sig])
			sigaction(sig, &l->old_act[sig], NULL);
	if (l->mask_set) {
		struct timespec zero = { 0, 0 };
		sigset_t smp;

		/* drop a kick or stop still pending for this thread */
		sigemptyset(&smp);
		sigaddset(&smp, KVM_SIG_KICK);
		sigaddset(&smp, KVM_SIG_STOP);
		while (sigtimedwait(&smp, NULL, &zero) > 0)
			;
		pthread_sigmask(SIG_SETMASK, &l->old_mask, NULL);
	}
	if (l->stop_set)
		sigaction(KVM_SIG_STOP, &l->old_stop, NULL);
}

/* Hand signals recorded by the handler to the guest; true if there were any. */
static bool signals_to_guest(struct kvm_loop *l)
{
	uint64_t m;
	bool ctl = false;

	/* SIGIO's handler may have run as KVM_RUN returned for something else */
	if (__atomic_exchange_n(&kvm_ctl_pending, 0, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&l->bb->control_pending, 1, __ATOMIC_SEQ_CST);
		ctl = true;
	}
	m = __atomic_exchange_n(&kvm_sig_pending, 0, __ATOMIC_SEQ_CST);
	if (!m)
		return ctl;
	__atomic_or_fetch(&l->bb->pending_signals, m, __ATOMIC_SEQ_CST);
	return true;
}

/*
 * KVM_RUN of vCPU 0 returned EINTR. KVM puts the thread's own mask back
 * before it returns, and that mask blocks the signals that interrupted
 * it, so their handler never runs: they stay pending, and every further
 * KVM_RUN would return EINTR at once without running the guest. Take
 * them here as the handler would have.
 */
static void signals_take(struct kvm_loop *l)
{
	struct timespec zero = { 0, 0 };
	int sig;

	while ((sig = sigtimedwait(&l->run_set, NULL, &zero)) > 0)
		kvm_sig_handler(sig);
	signals_to_guest(l);
}

/*
 * HC_IDLE (vCPU 0 only): sleep until @deadline (monotonic ns, 0: none), a
 * host signal, a kick from another vCPU or the end of the sandbox.
 */
static long do_idle(struct kvm_loop *l, uint64_t deadline)
{
	struct timespec ts, *tsp = NULL;
	sigset_t set = *vmm_signals_set();
	int sig;

	sigaddset(&set, KVM_SIG_KICK);
	sigaddset(&set, KVM_SIG_STOP);
	if (loop_done(l))
		return 0;
	if (signals_to_guest(l))
		return 1;
	if (deadline) {
		uint64_t now = clock_ns(CLOCK_MONOTONIC);

		if (now >= deadline)
			return 0;
		ts.tv_sec = (deadline - now) / NSEC;
		ts.tv_nsec = (deadline - now) % NSEC;
		tsp = &ts;
	}
	sig = sigtimedwait(&set, NULL, tsp);
	if (sig == SIGIO) {
		__atomic_store_n(&l->bb->control_pending, 1, __ATOMIC_SEQ_CST);
		return 0;
	}
	if (sig > 0 && sig <= 64 && vmm_signals_forwarded(sig)) {
		__atomic_or_fetch(&l->bb->pending_signals, 1ULL << (sig - 1),
				  __ATOMIC_SEQ_CST);
		return 1;
	}
	return 0;
}

/* Is [@pa, @pa + @len) inside sandbox memory, 8-byte aligned? */
static bool guest_range_ok(struct kvm_loop *l, uint64_t pa, uint64_t len)
{
	return pa % 8 == 0 && pa <= l->p->pmem_size &&
	       len <= l->p->pmem_size - pa;
}

/* HC_CONTROL_POLL: the next control request into the guest's buffer. */
static long do_control_poll(struct kvm_loop *l, const struct hc_req *req)
{
	if (req->a[1] != sizeof(struct ctl_req) ||
	    !guest_range_ok(l, req->a[0], req->a[1]))
		return -EINVAL;
	if (!l->p->control_poll)
		return 0;
	return l->p->control_poll((struct ctl_req *)(l->p->pmem + req->a[0]));
}

/*
 * HC_CONTROL_REPLY: answer a control connection. The reply is copied out
 * of guest memory first, so other vCPUs cannot change it while vmm
 * formats it.
 */
static long do_control_reply(struct kvm_loop *l, const struct hc_req *req)
{
	struct ctl_resp *resp;

	if (req->a[2] != sizeof(*resp) || !guest_range_ok(l, req->a[1], req->a[2]))
		return -EINVAL;
	if (!l->p->control_reply)
		return 0;
	resp = malloc(sizeof(*resp));
	if (!resp)
		return -ENOMEM;
	memcpy(resp, l->p->pmem + req->a[1], sizeof(*resp));
	if (resp->nprocs > CTL_PROCS_MAX)
		resp->nprocs = CTL_PROCS_MAX;
	l->p->control_reply(req->a[0], resp);
	free(resp);
	return 0;
}

/* HC_LOG without a hostcall server (tests): print it ourselves. */
static long do_log(struct kvm_loop *l, const struct hc_req *req)
{
	uint64_t pa = req->a[1], len = req->a[2];

	if (len > 4096 || pa > l->p->pmem_size || len > l->p->pmem_size - pa)
		return -EFAULT;
	vmm_log_write((int)req->a[0], (const char *)l->p->pmem + pa, len);
	return 0;
}

static void *vcpu_thread(void *arg);

/* HC_START_CPU: vCPU @a[0] at rip @a[1], rsp @a[2], %rdi = its id. */
static long do_start_cpu(struct kvm_loop *l, const struct hc_req *req)
{
	struct vmm_error *e = NULL;
	struct kvm_vcpu *v;
	unsigned int id;
	sigset_t cur;
	long r = 0;

	if (req->a[0] == 0 || req->a[0] >= l->ncpus)
		return -EINVAL;
	id = (unsigned int)req->a[0];
	v = &l->vcpu[id];
	pthread_mutex_lock(&l->lock);
	if (v->thread_started || loop_done(l)) {
		r = -EBUSY;
		goto out;
	}
	if (kvm_vm_add_vcpu(&l->vm, id, req->a[1], req->a[2], id, &e) < 0 ||
	    pthread_sigmask(SIG_BLOCK, NULL, &cur) < 0) {
		vmm_log(VMM_LOG_WARN, "kvm: vCPU %u: %s", id, e ? e->msg : "sigmask");
		vmm_error_free(&e);
		r = -EIO;
		goto out;
	}
	/* its thread inherits ours: forwarded signals, KICK, STOP blocked */
	sigdelset(&cur, KVM_SIG_STOP);
	if (vcpu_sigmask(l->vm.ap_fd[id], &cur, &e) < 0) {
		vmm_error_free(&e);
		r = -EIO;
		goto out;
	}
	v->l = l;
	v->id = id;
	v->fd = l->vm.ap_fd[id];
	v->run = l->vm.ap_run[id];
	if (pthread_create(&v->thread, NULL, vcpu_thread, v) != 0) {
		r = -EAGAIN;
		goto out;
	}
	v->thread_started = true;
	vmm_log(VMM_LOG_DEBUG, "kvm: vCPU %u started", id);
out:
	pthread_mutex_unlock(&l->lock);
	return r;
}

/* One `out` to HC_PORT from vCPU @v with request block @pa. */
static int do_hostcall(struct kvm_loop *l, struct kvm_vcpu *v, uint64_t pa,
		       struct vmm_error **err)
{
	struct hc_req *req;
	unsigned int nr;

	if (pa % 8 || pa > l->p->pmem_size - sizeof(*req))
		return vmm_error(err, 0, "hostcall block at bad address %#llx (vCPU %u, rip %#llx)",
				 (unsigned long long)pa, v->id,
				 (unsigned long long)guest_rip(v));
	req = (struct hc_req *)(l->p->pmem + pa);
	nr = __atomic_load_n(&req->nr, __ATOMIC_RELAXED);
	if (nr < HC_STATS_NR_HOSTCALLS)
		stat_inc(&l->st.exit_hostcall[nr]);
	else if (nr >= HC_IDLE && nr - HC_IDLE < KVM_STATS_PLATFORM_CALLS - 1)
		stat_inc(&l->st.exit_platform[nr - HC_IDLE]);
	else
		stat_inc(&l->st.exit_platform[KVM_STATS_PLATFORM_CALLS - 1]);
	switch (nr) {
	case HC_STATS:
		if (req->a[1] != sizeof(struct hc_stats) ||
		    req->a[0] % 8 || req->a[0] > l->p->pmem_size ||
		    req->a[1] > l->p->pmem_size - req->a[0]) {
			req->ret = -EINVAL;
			return 0;
		}
		l->stats_pa = req->a[0];
		req->ret = 0;
		return 0;
	case HC_IDLE:
		/* only vCPU 0 waits for host events */
		req->ret = v->id == 0 ? do_idle(l, req->a[0]) : -EINVAL;
		return 0;
	case HC_KICK:
		if (v->id != 0)
			pthread_kill(l->vcpu[0].thread, KVM_SIG_KICK);
		req->ret = 0;
		return 0;
	case HC_YIELD:
		sched_yield();
		req->ret = 0;
		return 0;
	case HC_START_CPU:
		req->ret = do_start_cpu(l, req);
		return 0;
	case HC_CONTROL_POLL:
	case HC_CONTROL_REPLY:
		/* the control server is not thread-safe: one vCPU at a time */
		pthread_mutex_lock(&l->lock);
		req->ret = nr == HC_CONTROL_POLL ? do_control_poll(l, req) :
			   do_control_reply(l, req);
		pthread_mutex_unlock(&l->lock);
		return 0;
	case HC_EXIT:
		pthread_mutex_lock(&l->lock);
		if (!loop_done(l))
			l->wait_status = (int)req->a[0];
		pthread_mutex_unlock(&l->lock);
		stop_all(l);
		if (req->a[1] != HC_EXIT_NORMAL)
			return vmm_error(err, 0, "the sentry crashed (its last log line says why)");
		return 0;
	default:
		break;
	}
	pthread_mutex_lock(&l->lock);
	if (l->p->hc)
		vmm_hostcalls_call(l->p->hc, pa);
	else
		req->ret = nr == HC_LOG ? do_log(l, req) : -ENOSYS;
	pthread_mutex_unlock(&l->lock);
	return 0;
}

static int handle_exit(struct kvm_loop *l, struct kvm_vcpu *v,
		       struct vmm_error **err)
{
	struct kvm_run *run = v->run;

	stat_inc(&l->st.exits);
	if (run->exit_reason < KVM_STATS_EXIT_REASONS)
		stat_inc(&l->st.exit_reason[run->exit_reason]);

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		if (run->io.port == HC_PORT && run->io.direction == KVM_EXIT_IO_OUT &&
		    run->io.size == 4 && run->io.count == 1) {
			uint32_t pa;

			memcpy(&pa, (uint8_t *)run + run->io.data_offset, 4);
			return do_hostcall(l, v, pa, err);
		}
		return vmm_error(err, 0,
				 "unexpected I/O: port %#x, %s, size %u (rip %#llx)",
				 run->io.port,
				 run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
				 run->io.size, (unsigned long long)guest_rip(v));
	case KVM_EXIT_INTR:
		if (v->id == 0)
			signals_to_guest(l);
		return 0;
	case KVM_EXIT_MMIO:
		return vmm_error(err, 0, "unexpected MMIO %s at %#llx (rip %#llx)",
				 run->mmio.is_write ? "write" : "read",
				 (unsigned long long)run->mmio.phys_addr,
				 (unsigned long long)guest_rip(v));
	case KVM_EXIT_FAIL_ENTRY:
		return vmm_error(err, 0, "VM entry failed: hardware reason %#llx (rip %#llx)",
				 (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
				 (unsigned long long)guest_rip(v));
	case KVM_EXIT_INTERNAL_ERROR:
		return vmm_error(err, 0, "KVM internal error, suberror %u (rip %#llx)",
				 run->internal.suberror,
				 (unsigned long long)guest_rip(v));
	default:
		return vmm_error(err, 0, "unexpected VM exit %u (%s) at rip %#llx",
				 run->exit_reason,
				 kvm_exit_reason_name(run->exit_reason),
				 (unsigned long long)guest_rip(v));
	}
}

/* The guest TSC frequency: from KVM, else measured against CLOCK_MONOTONIC. */
static int guest_tsc_hz(struct kvm_loop *l, uint64_t *hz, struct vmm_error **err)
{
	struct timespec nap = { 0, 20000000 };
	uint64_t t0, t1, m0, m1;

	if (l->vm.tsc_khz) {
		*hz = l->vm.tsc_khz * 1000;
		return 0;
	}
	m0 = clock_ns(CLOCK_MONOTONIC);
	if (kvm_vm_guest_tsc(&l->vm, &t0) < 0)
		return vmm_error(err, EIO, "reading the guest TSC");
	nanosleep(&nap, NULL);
	m1 = clock_ns(CLOCK_MONOTONIC);
	if (kvm_vm_guest_tsc(&l->vm, &t1) < 0 || t1 <= t0 || m1 <= m0)
		return vmm_error(err, EIO, "measuring the guest TSC");
	*hz = (uint64_t)((unsigned __int128)(t1 - t0) * NSEC / (m1 - m0));
	return 0;
}

/* Copy the counters out: ours, and the sentry's block if it reported one. */
static void stats_collect(struct kvm_loop *l, struct kvm_stats *out)
{
	const struct hc_stats *g;

	*out = l->st;
	out->have_guest = 0;
	if (!l->stats_pa)
		return;
	g = (const struct hc_stats *)(l->p->pmem + l->stats_pa);
	memcpy(&out->guest, g, sizeof(out->guest));
	out->have_guest = out->guest.magic == HC_STATS_MAGIC;
}

static int kvm_boot(struct kvm_loop *l, struct vmm_error **err)
{
	const struct kvm_run_params *p = l->p;
	struct kvm_image img;
	void *elf = NULL;
	size_t elf_len = 0;
	uint64_t hz = 0, tsc = 0;
	int r;

	r = read_file(p->sentry_path, &elf, &elf_len, err);
	if (r < 0)
		return r;
	r = kvm_image_load(elf, elf_len, p->pmem, p->pmem_size, &img, err);
	free(elf);
	if (r < 0)
		return vmm_error_prefix(err, "sentry `%s`", p->sentry_path);
	r = kvm_tables_build(p->pmem, p->pmem_size, &img, err);
	if (r < 0)
		return r;
	r = kvm_boot_data(p->pmem, p->pmem_size, &img, p->fdt, p->fdt_size, err);
	if (r < 0)
		return r;
	l->bb = (struct kvm_boot_block *)(p->pmem + KVM_BOOT_BLOCK_PA);
	/* the first poll tells `create` the sandbox is ready */
	l->bb->control_pending = p->control_poll ? 1 : 0;
	l->bb->ncpus = l->ncpus;
	r = kvm_vm_create(&l->vm, p->pmem, p->pmem_size, img.entry, KVM_FDT_PA, err);
	if (r < 0)
		return r;
	r = guest_tsc_hz(l, &hz, err);
	if (r < 0)
		return r;
	if (kvm_vm_guest_tsc(&l->vm, &tsc) < 0)
		return vmm_error(err, EIO, "reading the guest TSC");
	kvm_boot_clock(p->pmem, hz, tsc, clock_ns(CLOCK_MONOTONIC),
		       clock_ns(CLOCK_REALTIME));
	vmm_log(VMM_LOG_DEBUG, "kvm: sentry loaded, %llu KiB, entry %#llx, TSC %llu kHz",
		(unsigned long long)((img.end - KVM_KERNEL_PA) >> 10),
		(unsigned long long)img.entry, (unsigned long long)(hz / 1000));
	return signals_arm(l, err);
}

/* Serve vCPU @v's exits until the sandbox ends; 0 or < 0 with @err. */
static int vcpu_loop(struct kvm_loop *l, struct kvm_vcpu *v,
		     struct vmm_error **err)
{
	int r = 0;

	while (r == 0 && !loop_done(l)) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				if (v->id == 0)
					signals_take(l);
				continue;
			}
			r = vmm_error(err, errno, "KVM_RUN (vCPU %u, rip %#llx)",
				      v->id, (unsigned long long)guest_rip(v));
			break;
		}
		r = handle_exit(l, v, err);
	}
	return r;
}

/* The thread of vCPU 1..: its loop; a fatal error ends the sandbox. */
static void *vcpu_thread(void *arg)
{
	struct kvm_vcpu *v = arg;
	struct kvm_loop *l = v->l;
	struct vmm_error *e = NULL;

	if (vcpu_loop(l, v, &e) < 0) {
		vmm_error_prefix(&e, "vCPU %u", v->id);
		pthread_mutex_lock(&l->lock);
		if (!l->ap_err)
			l->ap_err = e;
		else
			vmm_error_free(&e);
		pthread_mutex_unlock(&l->lock);
	}
	stop_all(l);
	return NULL;
}

/* kvm_run - see kvm.h. */
int kvm_run(const struct kvm_run_params *p, int *wait_status,
	    struct vmm_error **err)
{
	struct kvm_loop *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return vmm_error(err, ENOMEM, "kvm");
	l->p = p;
	l->ncpus = p->ncpus ? p->ncpus : 1;
	if (l->ncpus > KVM_MAX_CPUS)
		l->ncpus = KVM_MAX_CPUS;
	pthread_mutex_init(&l->lock, NULL);
	l->vm.kvm_fd = l->vm.vm_fd = l->vm.vcpu_fd = -1;
	for (unsigned int i = 0; i < KVM_MAX_CPUS; i++)
		l->vm.ap_fd[i] = -1;
	l->vcpu[0].l = l;
	l->vcpu[0].thread = pthread_self();
	r = kvm_boot(l, err);
	if (r == 0 && p->lockdown)
		r = p->lockdown(p->lockdown_arg, err);
	if (r == 0) {
		l->vcpu[0].fd = l->vm.vcpu_fd;
		l->vcpu[0].run = l->vm.run;
		r = vcpu_loop(l, &l->vcpu[0], err);
	}
	stop_all(l);
	for (unsigned int i = 1; i < KVM_MAX_CPUS; i++)
		if (l->vcpu[i].thread_started)
			pthread_join(l->vcpu[i].thread, NULL);
	if (r == 0 && l->ap_err) {
		*err = l->ap_err;
		l->ap_err = NULL;
		r = -1;
	}
	vmm_error_free(&l->ap_err);
	signals_disarm(l);
	kvm_vm_destroy(&l->vm);
	pthread_mutex_destroy(&l->lock);
	if (p->stats)
		stats_collect(l, p->stats);
	if (r == 0)
		*wait_status = l->wait_status;
	else
		vmm_error_prefix(err, "kvm");
	free(l);
	return r < 0 ? r : 0;
}
