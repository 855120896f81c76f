// SPDX-License-Identifier: MIT
/*
 * kvm_loop.c - kvm_run: load sentry.elf, build the VM and serve vCPU 0's
 * exits. The only expected exit is `out` to HC_PORT (a hostcall block's
 * physical address): HC_IDLE and HC_EXIT are handled here, everything
 * else goes to the hostcall server. Forwarded host signals interrupt
 * KVM_RUN (they are unblocked only inside it) or HC_IDLE's wait and are
 * passed to the guest in the boot block. Any other exit fails closed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "abi/hostcall.h"
#include "platform/kvm/kvm_internal.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"
#include "vmm/log.h"
#include "vmm/signals.h"

#define SENTRY_MAX_SIZE (64U << 20)
#define NSEC 1000000000ULL

/* Forwarded signals that came while the vCPU ran (bit sig - 1). */
static volatile uint64_t kvm_sig_pending;

static void kvm_sig_handler(int sig)
{
	if (sig > 0 && sig <= 64)
		__atomic_or_fetch(&kvm_sig_pending, 1ULL << (sig - 1), __ATOMIC_SEQ_CST);
}

struct kvm_loop {
	struct kvm_vm vm;
	const struct kvm_run_params *p;
	struct kvm_boot_block *bb;
	struct sigaction old_act[65];
	bool handler_set[65];
	bool done;
	int wait_status;
	uint64_t stats_pa;		/* the sentry's struct hc_stats (0: none) */
	struct kvm_stats st;
};

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

static uint64_t guest_rip(struct kvm_loop *l)
{
	struct kvm_regs regs;

	if (ioctl(l->vm.vcpu_fd, KVM_GET_REGS, &regs) < 0)
		return 0;
	return regs.rip;
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

/* Unblock the forwarded signals inside KVM_RUN only, with a recording handler. */
static int signals_arm(struct kvm_loop *l, struct vmm_error **err)
{
	struct {
		struct kvm_signal_mask hdr;
		uint8_t set[8];
	} km;
	struct sigaction sa;
	sigset_t cur;

	if (pthread_sigmask(SIG_BLOCK, NULL, &cur) < 0)
		return vmm_error(err, errno, "pthread_sigmask");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kvm_sig_handler;
	sigfillset(&sa.sa_mask);
	for (int sig = 1; sig < 65 && sig < NSIG; sig++) {
		if (!vmm_signals_forwarded(sig))
			continue;
		if (sigaction(sig, &sa, &l->old_act[sig]) < 0)
			return vmm_error(err, errno, "sigaction %d", sig);
		l->handler_set[sig] = true;
		sigdelset(&cur, sig);
	}
	/* the kernel's sigset is the first 8 bytes of glibc's */
	km.hdr.len = 8;
	memcpy(km.set, &cur, 8);
	if (ioctl(l->vm.vcpu_fd, KVM_SET_SIGNAL_MASK, &km) < 0)
		return vmm_error(err, errno, "KVM_SET_SIGNAL_MASK");
	return 0;
}

static void signals_disarm(struct kvm_loop *l)
{
	for (int sig = 1; sig < 65; sig++)
		if (l->handler_set[sig])
			sigaction(sig, &l->old_act[sig], NULL);
}

/* Hand signals recorded by the handler to the guest; true if there were any. */
static bool signals_to_guest(struct kvm_loop *l)
{
	uint64_t m = __atomic_exchange_n(&kvm_sig_pending, 0, __ATOMIC_SEQ_CST);

	if (!m)
		return false;
	l->bb->pending_signals |= m;
	return true;
}

/* HC_IDLE: sleep until @deadline (monotonic ns, 0: none) or a host signal. */
static long do_idle(struct kvm_loop *l, uint64_t deadline)
{
	struct timespec ts, *tsp = NULL;
	int sig;

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
	sig = sigtimedwait(vmm_signals_set(), NULL, tsp);
	if (sig > 0 && sig <= 64 && vmm_signals_forwarded(sig)) {
		l->bb->pending_signals |= 1ULL << (sig - 1);
		return 1;
	}
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

/* One `out` to HC_PORT with request block @pa. */
static int do_hostcall(struct kvm_loop *l, uint64_t pa, struct vmm_error **err)
{
	struct hc_req *req;
	unsigned int nr;

	if (pa % 8 || pa > l->p->pmem_size - sizeof(*req))
		return vmm_error(err, 0, "hostcall block at bad address %#llx (rip %#llx)",
				 (unsigned long long)pa,
				 (unsigned long long)guest_rip(l));
	req = (struct hc_req *)(l->p->pmem + pa);
	nr = __atomic_load_n(&req->nr, __ATOMIC_RELAXED);
	if (nr < HC_STATS_NR_HOSTCALLS)
		l->st.exit_hostcall[nr]++;
	else if (nr >= HC_IDLE && nr - HC_IDLE < KVM_STATS_PLATFORM_CALLS - 1)
		l->st.exit_platform[nr - HC_IDLE]++;
	else
		l->st.exit_platform[KVM_STATS_PLATFORM_CALLS - 1]++;
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
		req->ret = do_idle(l, req->a[0]);
		return 0;
	case HC_EXIT:
		l->wait_status = (int)req->a[0];
		l->done = true;
		if (req->a[1] != HC_EXIT_NORMAL)
			return vmm_error(err, 0, "the sentry crashed (its last log line says why)");
		return 0;
	default:
		break;
	}
	if (l->p->hc)
		vmm_hostcalls_call(l->p->hc, pa);
	else
		req->ret = nr == HC_LOG ? do_log(l, req) : -ENOSYS;
	return 0;
}

static int handle_exit(struct kvm_loop *l, struct vmm_error **err)
{
	struct kvm_run *run = l->vm.run;

	l->st.exits++;
	if (run->exit_reason < KVM_STATS_EXIT_REASONS)
		l->st.exit_reason[run->exit_reason]++;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		if (run->io.port == HC_PORT && run->io.direction == KVM_EXIT_IO_OUT &&
		    run->io.size == 4 && run->io.count == 1) {
			uint32_t pa;

			memcpy(&pa, (uint8_t *)run + run->io.data_offset, 4);
			return do_hostcall(l, pa, err);
		}
		return vmm_error(err, 0,
				 "unexpected I/O: port %#x, %s, size %u (rip %#llx)",
				 run->io.port,
				 run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in",
				 run->io.size, (unsigned long long)guest_rip(l));
	case KVM_EXIT_INTR:
		signals_to_guest(l);
		return 0;
	case KVM_EXIT_MMIO:
		return vmm_error(err, 0, "unexpected MMIO %s at %#llx (rip %#llx)",
				 run->mmio.is_write ? "write" : "read",
				 (unsigned long long)run->mmio.phys_addr,
				 (unsigned long long)guest_rip(l));
	case KVM_EXIT_FAIL_ENTRY:
		return vmm_error(err, 0, "VM entry failed: hardware reason %#llx (rip %#llx)",
				 (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
				 (unsigned long long)guest_rip(l));
	case KVM_EXIT_INTERNAL_ERROR:
		return vmm_error(err, 0, "KVM internal error, suberror %u (rip %#llx)",
				 run->internal.suberror,
				 (unsigned long long)guest_rip(l));
	default:
		return vmm_error(err, 0, "unexpected VM exit %u (%s) at rip %#llx",
				 run->exit_reason,
				 kvm_exit_reason_name(run->exit_reason),
				 (unsigned long long)guest_rip(l));
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

/* kvm_run - see kvm.h. */
int kvm_run(const struct kvm_run_params *p, int *wait_status,
	    struct vmm_error **err)
{
	struct kvm_loop *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return vmm_error(err, ENOMEM, "kvm");
	l->p = p;
	l->vm.kvm_fd = l->vm.vm_fd = l->vm.vcpu_fd = -1;
	r = kvm_boot(l, err);
	while (r == 0 && !l->done) {
		if (ioctl(l->vm.vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				signals_to_guest(l);
				continue;
			}
			r = vmm_error(err, errno, "KVM_RUN (rip %#llx)",
				      (unsigned long long)guest_rip(l));
			break;
		}
		r = handle_exit(l, err);
	}
	signals_disarm(l);
	kvm_vm_destroy(&l->vm);
	if (p->stats)
		stats_collect(l, p->stats);
	if (r == 0)
		*wait_status = l->wait_status;
	else
		vmm_error_prefix(err, "kvm");
	free(l);
	return r < 0 ? r : 0;
}
