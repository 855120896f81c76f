// SPDX-License-Identifier: MIT
/*
 * guest_io.c - the KVM guest's way out: hostcalls (`out` of a request
 * block's physical address to HC_PORT: one VM exit), log lines, idle,
 * shutdown, host signals (a word vmm sets in the boot block) and the
 * clocks (TSC scaled against the reference vmm wrote at boot).
 */
#include "abi/control.h"
#include "platform/kvm/guest.h"
#include "arch/x86_64/include/x86.h"
#include "arch/x86_64/include/spinlock-arch.h"
#include "kernel/smp.h"
#include "vdso/vdso.h"

#define KVM_LOG_MAX 2048
#define NSEC_PER_SEC_U 1000000000ULL

static u64 clk_ref_tsc, clk_ref_mono, clk_ref_real;
static u64 clk_mult;		/* ns per TSC tick, 32.32 fixed point */
static char kvm_log_buf[KVM_LOG_MAX];

#define CPUID_EXT_EDX_RDTSCP (1U << 27)
/* *_COARSE clocks: what clock_getres says (sys_time.c). */
#define KVM_COARSE_RES_NS 4000000ULL

/* kvm_cpu_init_tsc_aux - see guest.h. */
bool kvm_cpu_init_tsc_aux(void)
{
	u32 a, b, c, e;

	x86_cpuid(0x80000000, 0, &a, &b, &c, &e);
	if (a < 0x80000001)
		return false;
	x86_cpuid(0x80000001, 0, &a, &b, &c, &e);
	if (!(e & CPUID_EXT_EDX_RDTSCP))
		return false;
	x86_wrmsr(MSR_TSC_AUX, x86_this_cpu()->cpu);
	return true;
}

/*
 * The vDSO reads the same clock as the sentry: same reference, same
 * multiplier. TSC_AUX gets the CPU number for __vdso_getcpu.
 */
static void kvm_vdso_init(void)
{
	struct vdso_data d = { 0 };

	d.flags = VDSO_F_CLOCKS;
	d.ref_tsc = clk_ref_tsc;
	d.mult = clk_mult;
	d.mono_ns = clk_ref_mono;
	d.real_ns = clk_ref_real;
	d.coarse_res_ns = KVM_COARSE_RES_NS;
	if (kvm_cpu_init_tsc_aux())
		d.flags |= VDSO_F_RDTSCP;
	if (vdso_enable)
		vdso_enable(&d);
}

/* kvm_clock_init - see guest.h. */
void kvm_clock_init(void)
{
	volatile struct kvm_boot_block *bb = kvm_boot_block();
	u64 hz = bb->tsc_hz;

	clk_ref_tsc = bb->ref_tsc;
	clk_ref_mono = bb->ref_mono_ns;
	clk_ref_real = bb->ref_real_ns;
	if (!hz)
		hz = NSEC_PER_SEC_U;	/* vmm always sets it; never divide by 0 */
	clk_mult = (NSEC_PER_SEC_U << 32) / hz;
	kvm_vdso_init();
}

static u64 clk_since_ref(void)
{
	u64 t = x86_rdtsc();

	if (t < clk_ref_tsc)
		return 0;
	return (u64)(((unsigned __int128)(t - clk_ref_tsc) * clk_mult) >> 32);
}

/* kvm_now_ns - see platform.h (now_ns): host CLOCK_MONOTONIC. */
u64 kvm_now_ns(void)
{
	return clk_ref_mono + clk_since_ref();
}

/* kvm_realtime_ns - see platform.h (realtime_ns). */
u64 kvm_realtime_ns(void)
{
	return clk_ref_real + clk_since_ref();
}

static struct hc_req *kvm_cpu_block(void)
{
	return kvm_pa_to_va(KVM_HC_BLOCKS_PA +
			    x86_this_cpu()->cpu * KVM_HC_BLOCK_SIZE);
}

static void kvm_out(paddr_t pa)
{
	x86_outl(HC_PORT, (u32)pa);
}

/* kvm_platform_call - see guest.h. */
long kvm_platform_call(unsigned int nr, u64 a0, u64 a1, u64 a2)
{
	struct hc_req *r = kvm_cpu_block();

	memset(r, 0, sizeof(*r));
	r->nr = nr;
	r->a[0] = a0;
	r->a[1] = a1;
	r->a[2] = a2;
	kvm_out(kvm_va_to_pa(r));
	return r->ret;
}

/*
 * kvm_hostcall - see platform.h (hostcall). The port takes 32 bits: a
 * block above 4 GiB travels through this CPU's block in low memory.
 */
long kvm_hostcall(paddr_t req_pa)
{
	struct hc_req *blk;

	if (req_pa + sizeof(struct hc_req) <= (1ULL << 32)) {
		kvm_out(req_pa);
		return ((volatile struct hc_req *)kvm_pa_to_va(req_pa))->ret;
	}
	blk = kvm_cpu_block();
	memcpy(blk, kvm_pa_to_va(req_pa), sizeof(*blk));
	kvm_out(kvm_va_to_pa(blk));
	memcpy(kvm_pa_to_va(req_pa), blk, sizeof(*blk));
	return blk->ret;
}

/* kvm_log - see platform.h (log): the message is copied to a kernel buffer. */
void kvm_log(int level, const char *msg, size_t len)
{
	if (len > sizeof(kvm_log_buf))
		len = sizeof(kvm_log_buf);
	memcpy(kvm_log_buf, msg, len);
	kvm_platform_call(HC_LOG, (u64)level, kvm_va_to_pa(kvm_log_buf), len);
}

/* kvm_shutdown - see platform.h (shutdown). */
void kvm_shutdown(int status)
{
	for (;;)
		kvm_platform_call(HC_EXIT, (u64)(u32)status, HC_EXIT_NORMAL, 0);
}

/* kvm_crash - see guest.h. */
void kvm_crash(const char *msg)
{
	kvm_log(KLOG_ERR, msg, kstrlen(msg));
	for (;;)
		kvm_platform_call(HC_EXIT, 125 << 8, HC_EXIT_CRASH, 0);
}

/* Pauses between two HC_YIELDs of a CPU waiting for another one. */
#define KVM_SPINS_PER_YIELD 2000

/* kvm_spin_relax - see guest.h. */
void kvm_spin_relax(unsigned int *spins)
{
	__asm__ volatile("pause" ::: "memory");
	if (++*spins < KVM_SPINS_PER_YIELD)
		return;
	*spins = 0;
	kvm_platform_call(HC_YIELD, 0, 0, 0);
}

/* kvm_bkl_lock - see guest.h. */
void kvm_bkl_lock(void)
{
	unsigned int spins = 0;

	while (!x86_spin_trylock(&x86_bkl))
		kvm_spin_relax(&spins);
}

/* An idle CPU lets go of its user CR3: an mm may be freed meanwhile. */
static void idle_drop_cr3(struct x86_percpu *c)
{
	if (x86_ncpus > 1 && c->cr3_loaded != KVM_PML4_PA) {
		x86_write_cr3(KVM_PML4_PA);
		c->cr3_loaded = KVM_PML4_PA;
		c->tlb_stale = 0;
	}
}

/*
 * kvm_idle - see platform.h (idle). CPU 0 waits in vmm (one HC_IDLE
 * exit) for the deadline, a host signal or HC_KICK; the other CPUs halt
 * in the guest until an IPI or their tick. Called holding the BKL, which
 * is released while waiting.
 */
void kvm_idle(u64 deadline_ns)
{
	struct x86_percpu *c = x86_this_cpu();

	idle_drop_cr3(c);
	if (c->cpu == 0) {
		if (deadline_ns && kvm_now_ns() >= deadline_ns)
			return;
		c->idle_deadline = deadline_ns;
		c->idle = X86_IDLE_HOST;
		x86_spin_unlock(&x86_bkl);
		kvm_platform_call(HC_IDLE, deadline_ns, 0, 0);
		kvm_bkl_lock();
		c->idle = X86_IDLE_NO;
		return;
	}
	c->idle = X86_IDLE_HALT;
	x86_spin_unlock(&x86_bkl);
	/* an IPI sent since the unlock is pending: sti's shadow covers hlt */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
	kvm_bkl_lock();
	c->idle = X86_IDLE_NO;
}

/* Wake CPU 0 out of HC_IDLE (called holding the BKL). */
static void kick_cpu0(void)
{
	struct x86_percpu *c0 = &x86_cpus[0];

	if (c0->idle != X86_IDLE_HOST || x86_this_cpu() == c0)
		return;
	c0->idle = X86_IDLE_NO;		/* one kick per wait is enough */
	kvm_platform_call(HC_KICK, 0, 0, 0);
}

/* kvm_kick - see guest.h: a halted CPU if there is one, else CPU 0. */
void kvm_kick(void)
{
	struct x86_percpu *me = x86_this_cpu();

	for (unsigned int i = 1; i < x86_ncpus; i++) {
		struct x86_percpu *o = &x86_cpus[i];

		if (o != me && o->idle == X86_IDLE_HALT) {
			o->idle = X86_IDLE_NO;	/* taken: wake another next time */
			x86_apic_send_ipi(i, KVM_IPI_VECTOR);
			return;
		}
	}
	kick_cpu0();
}

/* smp_wake_idle - see kernel/smp.h. */
void smp_wake_idle(void)
{
	if (x86_ncpus > 1)
		kvm_kick();
}

/* smp_deadline_hint - see kernel/smp.h: CPU 0 alone waits for host time. */
void smp_deadline_hint(u64 deadline_ns)
{
	struct x86_percpu *c0 = &x86_cpus[0];

	if (x86_ncpus > 1 && c0->idle == X86_IDLE_HOST &&
	    (!c0->idle_deadline || deadline_ns < c0->idle_deadline))
		kick_cpu0();
}

/*
 * kvm_host_signal - see platform.h (host_signal): no exit needed. vmm
 * sets bits atomically from its vCPU threads; any CPU may take one.
 */
int kvm_host_signal(void)
{
	struct kvm_boot_block *bb = (struct kvm_boot_block *)kvm_boot_block();
	for (;;) {
		u64 m = __atomic_load_n(&bb->pending_signals, __ATOMIC_ACQUIRE);
		int bit;

		if (!m)
			return 0;
		bit = __builtin_ctzll(m);
		if (__atomic_fetch_and(&bb->pending_signals, ~(1ULL << bit),
				       __ATOMIC_ACQ_REL) & (1ULL << bit))
			return bit + 1;
	}
}

/*
 * kvm_control_poll - see platform.h (control_poll). Costs an exit only
 * when vmm flagged control socket activity, and then until vmm says no
 * request is left.
 */
int kvm_control_poll(struct ctl_req *req)
{
	struct kvm_boot_block *bb = (struct kvm_boot_block *)kvm_boot_block();
	static bool draining;
	long r;

	if (!draining &&
	    !__atomic_exchange_n(&bb->control_pending, 0, __ATOMIC_ACQ_REL))
		return 0;
	r = kvm_platform_call(HC_CONTROL_POLL, kvm_va_to_pa(req), sizeof(*req), 0);
	draining = r > 0;
	return r > 0 ? 1 : 0;
}

/* kvm_control_reply - see platform.h (control_reply). */
void kvm_control_reply(u64 cookie, const struct ctl_resp *resp)
{
	kvm_platform_call(HC_CONTROL_REPLY, cookie, kvm_va_to_pa(resp),
			  sizeof(*resp));
}

static const char *const x86_vector_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO",
	"#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
	"#VE", "#CP", "#22", "#23", "#24", "#25", "#26", "#27", "#HV", "#VC",
	"#SX", "#31",
};

/* x86_kernel_trap - see x86.h: an exception in the sentry itself. */
void x86_kernel_trap(struct x86_trap_frame *f)
{
	static char msg[256];

	ksnprintf(msg, sizeof(msg),
		  "fatal %s (vector %llu) in the sentry at rip %#llx, "
		  "cr2 %#llx, error %#llx, rsp %#llx",
		  f->vector < 32 ? x86_vector_names[f->vector] : "interrupt",
		  (unsigned long long)f->vector, (unsigned long long)f->rip,
		  (unsigned long long)x86_read_cr2(),
		  (unsigned long long)f->error, (unsigned long long)f->rsp);
	kvm_crash(msg);
}
