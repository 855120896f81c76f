/* SPDX-License-Identifier: MIT */
/*
 * t_rseq - restartable sequences: glibc's registration at startup, the
 * checks of rseq(2) (EINVAL/EBUSY/EPERM/EFAULT), the CPU fields against
 * getcpu and sched_getcpu, mm_cid of threads, a critical section aborted
 * by a signal (rip at abort_ip in the signal frame, rseq_cs cleared),
 * SIGSEGV for a bad abort signature and for the deprecated flags, and the
 * registration across fork and execve.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "gtap.h"

/* The uapi layouts (Linux 6.3+; older installed headers lack fields). */
struct rseq_cs {
	uint32_t version;
	uint32_t flags;
	uint64_t start_ip;
	uint64_t post_commit_offset;
	uint64_t abort_ip;
} __attribute__((aligned(32)));

struct rseq {
	uint32_t cpu_id_start;
	uint32_t cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
	uint32_t node_id;
	uint32_t mm_cid;
} __attribute__((aligned(32)));

#define RSEQ_SIG 0x53053053
#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_CPU_ID_UNINITIALIZED (-1)
#define RSEQ_CS_FLAG_NO_RESTART_ON_SIGNAL 2

/* glibc 2.35+: where its per-thread area is, and how long. */
extern const ptrdiff_t __rseq_offset;
extern const unsigned int __rseq_size;

/*
 * rseq_spin(&rs->rseq_cs, desc): publish @desc and spin inside the
 * critical section [rseq_spin_start, rseq_spin_post) until the kernel
 * aborts it. Returns 1 through the good abort handler, 2 through the one
 * whose signature word is wrong.
 */
extern long rseq_spin(volatile uint64_t *rseq_cs, const struct rseq_cs *desc);
extern char rseq_spin_start[], rseq_spin_post[], rseq_spin_abort[],
	rseq_spin_badabort[];
__asm__(".text\n"
	".globl rseq_spin\n"
	".type rseq_spin, @function\n"
	"rseq_spin:\n"
	"	movq %rsi, (%rdi)\n"
	".globl rseq_spin_start\n"
	"rseq_spin_start:\n"
	"	jmp rseq_spin_start\n"
	".globl rseq_spin_post\n"
	"rseq_spin_post:\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	"	.long 0x53053053\n"
	".globl rseq_spin_abort\n"
	"rseq_spin_abort:\n"
	"	movl $1, %eax\n"
	"	ret\n"
	"	.long 0x12345678\n"
	".globl rseq_spin_badabort\n"
	"rseq_spin_badabort:\n"
	"	movl $2, %eax\n"
	"	ret\n");

static struct rseq_cs cs_good, cs_badsig, cs_flags;
static volatile int saw_rip_in_cs, handler_runs;

static struct rseq *glibc_rseq(void)
{
	return (struct rseq *)((char *)__builtin_thread_pointer() +
			       __rseq_offset);
}

static long sys_rseq(void *area, uint32_t len, int flags, uint32_t sig)
{
	return syscall(SYS_rseq, area, len, flags, sig);
}

static unsigned int sys_getcpu(void)
{
	unsigned int cpu = ~0U;

	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return cpu;
}

/* Does @rs->cpu_id agree with getcpu (retried while the task migrates)? */
static int cpu_fields_match(volatile struct rseq *rs)
{
	/* a migration between the reads shows as a mismatch: look again */
	for (int i = 0; i < 1000; i++) {
		uint32_t before = rs->cpu_id, start = rs->cpu_id_start;
		unsigned int cpu = sys_getcpu();

		if (before == cpu && start == cpu && rs->cpu_id == before)
			return 1;
	}
	return 0;
}

static void on_alarm(int sig, siginfo_t *si, void *uc)
{
	uintptr_t rip = ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];

	(void)sig;
	(void)si;
	handler_runs++;
	if (rip >= (uintptr_t)rseq_spin_start && rip < (uintptr_t)rseq_spin_post)
		saw_rip_in_cs = 1;
}

static void arm_timer(void)
{
	struct itimerval it = { .it_value = { .tv_usec = 20000 } };
	struct sigaction sa = { .sa_sigaction = on_alarm,
				.sa_flags = SA_SIGINFO };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void fill_cs(struct rseq_cs *cs, char *abort_ip, uint32_t flags)
{
	cs->version = 0;
	cs->flags = flags;
	cs->start_ip = (uintptr_t)rseq_spin_start;
	cs->post_commit_offset = (uintptr_t)rseq_spin_post -
				 (uintptr_t)rseq_spin_start;
	cs->abort_ip = (uintptr_t)abort_ip;
}

static void test_glibc_registration(void)
{
	struct rseq *rs = glibc_rseq();

	ok(__rseq_size >= 20 && (int)rs->cpu_id >= 0,
	   "glibc registered its rseq area at startup");
	ok(cpu_fields_match(rs), "cpu_id and cpu_id_start are getcpu's CPU");
	ok(rs->node_id == 0, "node_id is node 0");
	ok(rs->mm_cid == 0, "a single thread has mm_cid 0");
	ok(sched_getcpu() == (int)sys_getcpu(), "sched_getcpu agrees with getcpu");
	ok_errno(sys_rseq(rs, 32, 0, RSEQ_SIG), EBUSY,
		 "registering the same area again is EBUSY");
	ok_errno(sys_rseq(rs, 32, 0, RSEQ_SIG + 1), EPERM,
		 "registering it again with another signature is EPERM");
	ok_errno(sys_rseq((char *)rs + 32, 32, 0, RSEQ_SIG), EINVAL,
		 "registering another area is EINVAL");
	ok_errno(sys_rseq(rs, 64, 0, RSEQ_SIG), EINVAL,
		 "registering with another length is EINVAL");
	ok_errno(sys_rseq(rs, 32, 2, RSEQ_SIG), EINVAL,
		 "an unknown flag is EINVAL");
	ok_errno(sys_rseq(rs, 32, RSEQ_FLAG_UNREGISTER | 2, RSEQ_SIG), EINVAL,
		 "unregister with another flag is EINVAL");
	ok_errno(sys_rseq(rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG + 1), EPERM,
		 "unregister with the wrong signature is EPERM");
	ok_errno(sys_rseq(rs, 64, RSEQ_FLAG_UNREGISTER, RSEQ_SIG), EINVAL,
		 "unregister with the wrong length is EINVAL");
	ok_errno(sys_rseq((char *)rs + 32, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG),
		 EINVAL, "unregister of another area is EINVAL");
}

static void test_abort_by_signal(void)
{
	struct rseq *rs = glibc_rseq();
	long r;

	fill_cs(&cs_good, rseq_spin_abort, 0);
	handler_runs = 0;
	saw_rip_in_cs = 0;
	arm_timer();
	r = rseq_spin(&rs->rseq_cs, &cs_good);
	while (!handler_runs)
		;
	ok(r == 1, "a signal aborts the critical section to abort_ip");
	ok(!saw_rip_in_cs, "the signal frame never holds a rip in the section");
	ok(rs->rseq_cs == 0, "the abort clears rseq_cs");
	ok(cpu_fields_match(rs), "cpu fields are fresh after the handler");
}

/* Run rseq_spin(@cs) in a child with a SIGALRM handler: its wait status. */
static int spin_in_child(struct rseq_cs *cs)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		arm_timer();
		rseq_spin(&glibc_rseq()->rseq_cs, cs);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void test_sigsegv(void)
{
	int st;

	fill_cs(&cs_badsig, rseq_spin_badabort, 0);
	st = spin_in_child(&cs_badsig);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "a wrong signature before abort_ip is SIGSEGV");
	fill_cs(&cs_flags, rseq_spin_abort, RSEQ_CS_FLAG_NO_RESTART_ON_SIGNAL);
	st = spin_in_child(&cs_flags);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "the deprecated NO_RESTART flags are SIGSEGV");
}

static void *thread_main(void *arg)
{
	struct rseq *rs = glibc_rseq();
	int *res = arg;

	res[0] = cpu_fields_match(rs);
	res[1] = rs->mm_cid < 2;
	res[2] = rs->node_id == 0;
	return NULL;
}

static void test_thread(void)
{
	pthread_t th;
	int res[3] = { 0, 0, 0 };

	pthread_create(&th, NULL, thread_main, res);
	pthread_join(th, NULL);
	ok(res[0], "a new thread's area has its CPU");
	ok(res[1], "its mm_cid is below the number of threads");
	ok(res[2], "its node_id is 0");
}

static void test_fork(void)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		struct rseq *rs = glibc_rseq();

		_exit(sys_rseq(rs, 32, 0, RSEQ_SIG) == -1 && errno == EBUSY &&
		      cpu_fields_match(rs) ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a forked child keeps the registration");
}

static void test_exec(const char *self)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		char *av[] = { (char *)self, (char *)"exec-child", NULL };

		execv(self, av);
		_exit(3);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "after execve glibc can register again");
}

/* The exec'd image: glibc's registration must have succeeded. */
static int exec_child(void)
{
	struct rseq *rs = glibc_rseq();

	return (int)rs->cpu_id >= 0 &&
			       sys_rseq(rs, 32, 0, RSEQ_SIG) == -1 &&
			       errno == EBUSY ? 0 : 1;
}

static void test_own_area(void)
{
	static struct rseq area __attribute__((aligned(64)));
	struct rseq *rs = glibc_rseq();

	ok_sys(sys_rseq(rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG),
	       "unregistering glibc's area");
	ok((int)rs->cpu_id == RSEQ_CPU_ID_UNINITIALIZED && rs->cpu_id_start == 0,
	   "unregistering resets cpu_id to UNINITIALIZED");
	ok_errno(sys_rseq(rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG), EINVAL,
		 "unregistering twice is EINVAL");
	ok_errno(sys_rseq((char *)&area + 16, 32, 0, RSEQ_SIG), EINVAL,
		 "a misaligned area is EINVAL");
	ok_errno(sys_rseq(&area, 16, 0, RSEQ_SIG), EINVAL,
		 "a short length is EINVAL");
	ok_errno(sys_rseq((void *)0xffff800000000000UL, 32, 0, RSEQ_SIG), EFAULT,
		 "a kernel address is EFAULT");
	area.cpu_id = RSEQ_CPU_ID_UNINITIALIZED;
	area.mm_cid = 77;
	area.node_id = 77;
	ok_sys(sys_rseq(&area, 32, 0, 0x11223344),
	       "registering an area of our own");
	/* mm_cid: Linux may keep a former thread's id for a while */
	ok(cpu_fields_match(&area) && area.node_id == 0 && area.mm_cid != 77,
	   "its fields are set before the program runs again");
	ok_errno(sys_rseq(&area, 32, 0, RSEQ_SIG), EPERM,
		 "registering it with another signature is EPERM");
	ok_sys(sys_rseq(&area, 32, RSEQ_FLAG_UNREGISTER, 0x11223344),
	       "unregistering it");
	ok_sys(sys_rseq(rs, 32, 0, RSEQ_SIG), "registering glibc's area again");
	ok(cpu_fields_match(rs), "its fields are fresh again");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
		return exec_child();
	test_glibc_registration();
	test_abort_by_signal();
	test_sigsegv();
	test_thread();
	test_fork();
	test_exec(argv[0]);
	test_own_area();
	return done();
}
