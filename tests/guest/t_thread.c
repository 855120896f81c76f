/* SPDX-License-Identifier: MIT */
/*
 * t_thread - glibc pthreads: create/join of many threads, mutex and
 * condition variable contention, thread-local storage, ids, signals to
 * one thread and to the process, exit_group from a thread, the last
 * thread's exit, fork from a threaded program and exec from a non-main
 * thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

#define NTHREADS 32
#define NINCR 20000

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* --- create/join --- */
static void *square(void *arg)
{
	long v = (long)arg;

	return (void *)(v * v);
}

static void test_create_join(void)
{
	pthread_t th[NTHREADS];
	long sum = 0, want = 0;
	int created = 0;

	for (long i = 0; i < NTHREADS; i++) {
		if (pthread_create(&th[i], NULL, square, (void *)i) == 0)
			created++;
		want += i * i;
	}
	for (int i = 0; i < created; i++) {
		void *r;

		if (pthread_join(th[i], &r) == 0)
			sum += (long)r;
	}
	ok(created == NTHREADS, "created %d threads", NTHREADS);
	ok(sum == want, "joined them with their results");
}

/* --- ids and TLS --- */
static __thread int tls_value = 7;
static pid_t main_tid;

static void *ids(void *arg)
{
	int *res = arg;

	res[0] = getpid() == (pid_t)(long)res[3];
	res[1] = gettid_() != main_tid && gettid_() > 0;
	res[2] = tls_value == 7;
	tls_value = 99;
	return NULL;
}

static void test_ids_tls(void)
{
	pthread_t th;
	int res[4] = { 0, 0, 0, getpid() };

	main_tid = gettid_();
	ok(main_tid == getpid(), "the main thread's tid is the pid");
	tls_value = 1;
	pthread_create(&th, NULL, ids, res);
	pthread_join(th, NULL);
	ok(res[0], "getpid in a thread is the process id");
	ok(res[1], "gettid in a thread is its own");
	ok(res[2] && tls_value == 1, "thread-local storage is per thread");
}

/* --- mutex and condvar contention --- */
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int queue[16], qhead, qtail, qcount;

static void *incr(void *arg)
{
	(void)arg;
	for (int i = 0; i < NINCR; i++) {
		pthread_mutex_lock(&mtx);
		counter++;
		pthread_mutex_unlock(&mtx);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;

	(void)arg;
	for (;;) {
		int v;

		pthread_mutex_lock(&mtx);
		while (qcount == 0)
			pthread_cond_wait(&cond, &mtx);
		v = queue[qhead];
		qhead = (qhead + 1) % 16;
		qcount--;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&mtx);
		if (v < 0)
			break;
		sum += v;
	}
	return (void *)sum;
}

static void test_mutex_cond(void)
{
	pthread_t th[8];
	long total = 0;

	for (int i = 0; i < 8; i++)
		pthread_create(&th[i], NULL, incr, NULL);
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	ok(counter == 8L * NINCR, "8 threads x %d increments under a mutex", NINCR);

	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, consumer, NULL);
	for (int v = 1; v <= 2000 + 4; v++) {
		pthread_mutex_lock(&mtx);
		while (qcount == 16)
			pthread_cond_wait(&cond, &mtx);
		queue[qtail] = v <= 2000 ? v : -1;
		qtail = (qtail + 1) % 16;
		qcount++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&mtx);
	}
	for (int i = 0; i < 4; i++) {
		void *r;

		pthread_join(th[i], &r);
		total += (long)r;
	}
	ok(total == 2000L * 2001 / 2, "a condvar queue with 4 consumers");
}

/* --- signals --- */
static volatile pid_t handled_tid;
static volatile int handled;
static atomic_int ready, stop;

static void on_sig(int sig)
{
	(void)sig;
	handled_tid = gettid_();
	handled++;
}

static void *sig_waiter(void *arg)
{
	pid_t *tid = arg;

	*tid = gettid_();
	atomic_store(&ready, 1);
	while (!atomic_load(&stop))
		usleep(1000);
	return NULL;
}

static void test_signals(void)
{
	struct sigaction sa = { .sa_handler = on_sig };
	pthread_t th;
	pid_t tid = 0;
	sigset_t set, old;

	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	atomic_store(&ready, 0);
	atomic_store(&stop, 0);
	pthread_create(&th, NULL, sig_waiter, &tid);
	while (!atomic_load(&ready))
		usleep(1000);
	handled = 0;
	pthread_kill(th, SIGUSR1);
	for (int i = 0; i < 5000 && !handled; i++)
		usleep(1000);
	ok(handled == 1 && handled_tid == tid,
	   "pthread_kill runs the handler in the target thread");

	/* block SIGUSR2 here: a process signal must go to the other thread */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	handled = 0;
	kill(getpid(), SIGUSR2);
	for (int i = 0; i < 5000 && !handled; i++)
		usleep(1000);
	ok(handled == 1 && handled_tid == tid,
	   "a process-directed signal is taken by a thread not blocking it");
	atomic_store(&stop, 1);
	pthread_join(th, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* --- exit_group from a thread, last thread's exit --- */
static void *exiter(void *arg)
{
	usleep(10000);
	_exit((int)(long)arg);		/* exit_group */
}

static void *late_exit(void *arg)
{
	(void)arg;
	usleep(20000);
	syscall(SYS_exit, 5);		/* the last thread: exit code 5 */
	return NULL;
}

static int child_status(pid_t pid)
{
	int st = -1;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void test_exits(void)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		pthread_t th[4];

		for (int i = 0; i < 3; i++)
			pthread_create(&th[i], NULL, sig_waiter, &(pid_t){ 0 });
		pthread_create(&th[3], NULL, exiter, (void *)42);
		for (;;)
			pause();
	}
	st = child_status(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	   "exit_group from a thread ends every thread (status 42)");

	pid = fork();
	if (pid == 0) {
		pthread_t th;

		pthread_create(&th, NULL, late_exit, NULL);
		syscall(SYS_exit, 0);	/* only the main thread */
		_exit(99);
	}
	st = child_status(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 5,
	   "the process lives until its last thread exits (status 5)");

	pid = fork();
	if (pid == 0) {
		pthread_t th;

		pthread_create(&th, NULL, sig_waiter, &(pid_t){ 0 });
		raise(SIGTERM);		/* default action kills all threads */
		_exit(99);
	}
	st = child_status(pid);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	   "a fatal signal kills the whole thread group");
}

/* --- fork and exec from threads --- */
static char *self_path;

static void *forker(void *arg)
{
	pid_t pid;
	int st;

	(void)arg;
	pid = fork();
	if (pid == 0) {
		pthread_t th;
		void *r = NULL;

		/* the child has just this thread, and can start new ones */
		if (pthread_create(&th, NULL, square, (void *)6) != 0 ||
		    pthread_join(th, &r) != 0)
			_exit(1);
		_exit(getpid() == gettid_() && (long)r == 36 ? 0 : 2);
	}
	st = child_status(pid);
	return (void *)(long)(WIFEXITED(st) ? WEXITSTATUS(st) : 100);
}

static void *execer(void *arg)
{
	static char child_arg[] = "exec-child";
	char *av[] = { self_path, child_arg, arg, NULL };

	execv(self_path, av);
	return NULL;
}

static void test_fork_exec(void)
{
	pthread_t th, spin;
	void *r = (void *)-1;
	pid_t pid;
	int st;

	pthread_create(&th, NULL, forker, NULL);
	pthread_join(th, &r);
	ok(r == NULL, "fork from a thread: the child runs and makes threads");

	pid = fork();
	if (pid == 0) {
		char buf[16];

		snprintf(buf, sizeof(buf), "%d", getpid());
		atomic_store(&stop, 0);
		pthread_create(&spin, NULL, sig_waiter, &(pid_t){ 0 });
		pthread_create(&th, NULL, execer, buf);
		for (;;)
			pause();
	}
	st = child_status(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "exec from a non-main thread: one thread left, with the pid");
}

/* the image exec'd by execer: check we are alone and kept the pid */
static int exec_child(const char *pidstr)
{
	int threads = -1;
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Threads:", 8))
			threads = atoi(line + 8);
	if (f)
		fclose(f);
	if (atoi(pidstr) != getpid() || gettid_() != getpid())
		return 3;
	return threads == 1 || threads == -1 ? 0 : 4;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exec-child"))
		return exec_child(argv[2]);
	self_path = argv[0];
	test_create_join();
	test_ids_tls();
	test_mutex_cond();
	test_signals();
	test_exits();
	test_fork_exec();
	return done();
}
