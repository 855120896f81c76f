// SPDX-License-Identifier: MIT
/*
 * t_ipc.c - System V IPC: shared memory across fork and its IPC_RMID
 * semantics, semaphores (ping-pong between processes, IPC_NOWAIT,
 * timeouts, SEM_UNDO at exit) and message queues with types.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static void test_shm(void)
{
	struct shmid_ds ds;
	int id, id2, st;
	char *p, *q;
	pid_t pid;

	ok_errno(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL,
		 "shmget size 0 is EINVAL");
	id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
	ok(id >= 0, "shmget IPC_PRIVATE");
	p = shmat(id, NULL, 0);
	ok(p != (void *)-1, "shmat NULL address");
	ok(p[0] == 0 && p[9999] == 0, "new segment is zeroed");
	ok(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_segsz == 10000 &&
	   ds.shm_nattch == 1 && (ds.shm_perm.mode & 0777) == 0600,
	   "IPC_STAT: size, nattch 1, mode");
	pid = fork();
	if (pid == 0) {
		struct shmid_ds cds;

		shmctl(id, IPC_STAT, &cds);
		strcpy(p, "from child");
		_exit(cds.shm_nattch == 2 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork keeps the attach (nattch 2)");
	ok(strcmp(p, "from child") == 0, "child's write is seen by the parent");
	ok(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 1,
	   "child exit detaches");

	q = shmat(id, NULL, SHM_RDONLY);
	ok(q != (void *)-1 && strcmp(q, "from child") == 0,
	   "second attach SHM_RDONLY sees the data");
	ok_errno(mprotect(q, 4096, PROT_READ | PROT_WRITE), EACCES,
		 "SHM_RDONLY attach cannot become writable");
	ok_sys(shmdt(q), "shmdt read-only attach");
	ok_errno(shmdt(q), EINVAL, "shmdt twice is EINVAL");

	ok_sys(shmctl(id, IPC_RMID, NULL), "IPC_RMID while attached");
	ok(shmctl(id, IPC_STAT, &ds) == 0 && (ds.shm_perm.mode & 01000) &&
	   ds.shm_perm.__key == IPC_PRIVATE,
	   "removed segment lives on with SHM_DEST while attached");
	p[1] = 'X';
	ok(p[1] == 'X', "still usable after IPC_RMID");
	ok_sys(shmdt(p), "last detach");
	ok_errno(shmctl(id, IPC_STAT, &ds), EINVAL, "gone after the last detach");

	id = shmget(0x1234abcd, 4096, IPC_CREAT | IPC_EXCL | 0600);
	ok(id >= 0, "shmget with a key");
	ok_errno(shmget(0x1234abcd, 4096, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
		 "IPC_EXCL on an existing key is EEXIST");
	id2 = shmget(0x1234abcd, 100, 0);
	ok(id2 == id, "shmget finds the key");
	ok_errno(shmget(0x1234abcd, 8192, 0), EINVAL, "bigger size is EINVAL");
	ok_errno(shmget(0x1234abce, 4096, 0), ENOENT, "unknown key is ENOENT");
	ok_errno(shmat(id, (void *)0x10000001, 0) == (void *)-1 ? -1 : 0,
		 EINVAL, "unaligned address without SHM_RND is EINVAL");
	p = shmat(id, (void *)0x10000001, SHM_RND);
	ok(p == (void *)0x10000000, "SHM_RND rounds down");
	ok_errno(shmat(id, (void *)0x10000000, 0) == (void *)-1 ? -1 : 0,
		 EINVAL, "attach over a mapping without SHM_REMAP is EINVAL");
	ok_sys(shmdt(p), "shmdt");
	ok_sys(shmctl(id, IPC_RMID, NULL), "IPC_RMID unattached");
	ok_errno(shmget(0x1234abcd, 4096, 0), ENOENT, "key gone after IPC_RMID");
}

static int sem_wait1(int id, int num)
{
	struct sembuf op = { .sem_num = num, .sem_op = -1 };

	return semop(id, &op, 1);
}

static int sem_post1(int id, int num)
{
	struct sembuf op = { .sem_num = num, .sem_op = 1 };

	return semop(id, &op, 1);
}

static void test_sem(void)
{
	unsigned short vals[2];
	struct sembuf ops[2];
	struct timespec ts = { 0, 20000000 };
	union semun arg;
	int id, st, i, bad = 0;
	pid_t pid;

	ok_errno(semget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL,
		 "semget nsems 0 is EINVAL");
	id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	ok(id >= 0, "semget");
	ok(semctl(id, 0, GETVAL) == 0, "new semaphore is 0");
	arg.val = 3;
	ok_sys(semctl(id, 0, SETVAL, arg), "SETVAL");
	ok(semctl(id, 0, GETVAL) == 3, "GETVAL after SETVAL");
	arg.val = 40000;
	ok_errno(semctl(id, 0, SETVAL, arg), ERANGE, "SETVAL above SEMVMX");
	vals[0] = 0;
	vals[1] = 0;
	arg.array = vals;
	ok_sys(semctl(id, 0, SETALL, arg), "SETALL");

	ops[0] = (struct sembuf){ .sem_num = 0, .sem_op = -1, .sem_flg = IPC_NOWAIT };
	ok_errno(semop(id, ops, 1), EAGAIN, "IPC_NOWAIT on 0 is EAGAIN");
	ops[0].sem_flg = 0;
	ok_errno(semtimedop(id, ops, 1, &ts), EAGAIN, "semtimedop times out");
	ops[0] = (struct sembuf){ .sem_num = 5, .sem_op = 1 };
	ok_errno(semop(id, ops, 1), EFBIG, "sem_num out of range is EFBIG");

	/* atomic: the second op cannot go, so the first is not applied */
	ops[0] = (struct sembuf){ .sem_num = 0, .sem_op = 1 };
	ops[1] = (struct sembuf){ .sem_num = 1, .sem_op = -1, .sem_flg = IPC_NOWAIT };
	ok_errno(semop(id, ops, 2), EAGAIN, "blocked array fails as a whole");
	ok(semctl(id, 0, GETVAL) == 0, "no partial application");

	pid = fork();
	if (pid == 0) {
		for (i = 0; i < 50; i++) {
			if (sem_wait1(id, 0) || sem_post1(id, 1))
				_exit(1);
		}
		_exit(0);
	}
	for (i = 0; i < 50; i++) {
		if (sem_post1(id, 0) || sem_wait1(id, 1))
			bad++;
	}
	waitpid(pid, &st, 0);
	ok(!bad && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "50 rounds of ping-pong between processes");
	ok(semctl(id, 0, GETVAL) == 0 && semctl(id, 1, GETVAL) == 0,
	   "values balanced afterwards");

	pid = fork();
	if (pid == 0) {
		ops[0] = (struct sembuf){ .sem_num = 1, .sem_op = 5, .sem_flg = SEM_UNDO };
		_exit(semop(id, ops, 1) ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && semctl(id, 1, GETVAL) == 0,
	   "SEM_UNDO is reverted at exit");

	pid = fork();
	if (pid == 0) {
		_exit(sem_wait1(id, 0) == -1 && errno == EIDRM ? 0 : 1);
	}
	while (semctl(id, 0, GETNCNT) != 1)
		usleep(1000);
	ok(1, "GETNCNT sees the sleeping waiter");
	ok_sys(semctl(id, 0, IPC_RMID), "IPC_RMID with a waiter");
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the waiter gets EIDRM");
	ok_errno(semctl(id, 0, GETVAL), EINVAL, "removed set is EINVAL");
}

struct tmsg {
	long mtype;
	char text[32];
};

static void test_msg(void)
{
	struct msqid_ds ds;
	struct tmsg m;
	int id, st;
	long types[5] = { 3, 1, 2, 5, 1 };
	pid_t pid;
	int i;

	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ok(id >= 0, "msgget");
	for (i = 0; i < 5; i++) {
		m.mtype = types[i];
		snprintf(m.text, sizeof(m.text), "msg%d", i);
		if (msgsnd(id, &m, strlen(m.text) + 1, 0))
			break;
	}
	ok(i == 5, "msgsnd five messages");
	m.mtype = 0;
	ok_errno(msgsnd(id, &m, 4, 0), EINVAL, "mtype 0 is EINVAL");
	ok(msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 5,
	   "IPC_STAT msg_qnum 5");
	ok(msgrcv(id, &m, sizeof(m.text), 2, 0) == 5 && m.mtype == 2 &&
	   strcmp(m.text, "msg2") == 0, "msgtyp > 0 picks that type");
	ok(msgrcv(id, &m, sizeof(m.text), -2, 0) == 5 && m.mtype == 1 &&
	   strcmp(m.text, "msg1") == 0, "msgtyp < 0 picks the lowest type");
	ok(msgrcv(id, &m, sizeof(m.text), 1, MSG_EXCEPT) == 5 && m.mtype == 3,
	   "MSG_EXCEPT skips the type");
	ok_errno(msgrcv(id, &m, 2, 0, 0), E2BIG, "too small buffer is E2BIG");
	ok(msgrcv(id, &m, 2, 0, MSG_NOERROR) == 2 && m.mtype == 5,
	   "MSG_NOERROR truncates");
	ok(msgrcv(id, &m, sizeof(m.text), 0, 0) == 5 && m.mtype == 1 &&
	   strcmp(m.text, "msg4") == 0, "msgtyp 0 takes the oldest");
	ok_errno(msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT), ENOMSG,
		 "empty queue with IPC_NOWAIT is ENOMSG");

	pid = fork();
	if (pid == 0) {
		struct tmsg r;

		if (msgrcv(id, &r, sizeof(r.text), 7, 0) != 4)
			_exit(1);
		r.mtype = 8;
		_exit(msgsnd(id, &r, 4, 0) ? 1 : 0);
	}
	m.mtype = 7;
	strcpy(m.text, "pin");
	ok_sys(msgsnd(id, &m, 4, 0), "send to a blocked receiver");
	ok(msgrcv(id, &m, sizeof(m.text), 8, 0) == 4 &&
	   strcmp(m.text, "pin") == 0, "reply from the child");
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exited cleanly");

	ds.msg_qbytes = 8;
	ok(msgctl(id, IPC_STAT, &ds) == 0, "IPC_STAT");
	ds.msg_qbytes = 8;
	ok_sys(msgctl(id, IPC_SET, &ds), "IPC_SET msg_qbytes 8");
	m.mtype = 1;
	ok_sys(msgsnd(id, &m, 8, 0), "fill the queue");
	ok_errno(msgsnd(id, &m, 1, IPC_NOWAIT), EAGAIN, "full queue is EAGAIN");
	ok_sys(msgctl(id, IPC_RMID, NULL), "IPC_RMID");
	ok_errno(msgsnd(id, &m, 1, 0), EINVAL, "removed queue is EINVAL");
}

int main(void)
{
	test_shm();
	test_sem();
	test_msg();
	return done();
}
