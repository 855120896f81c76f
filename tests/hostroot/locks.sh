# locks.sh - advisory locks: fcntl record locks (F_GETLK/F_SETLK/F_SETLKW,
# splitting, release on any close), OFD locks and flock, from a C program
# built with gcc, and util-linux flock(1) between shell processes.
# requires: gcc flock
cat >lk.c <<'C'
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
static int lk(int fd, int cmd, int type, off_t s, off_t l)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = s, .l_len = l };
	int r = fcntl(fd, cmd, &fl);
	return r < 0 ? -errno : 0;
}
static void getlk(int fd, int cmd, int type, off_t s, off_t l)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = s, .l_len = l };
	if (fcntl(fd, cmd, &fl) < 0) { printf("getlk err %s\n", strerror(errno)); return; }
	printf("getlk type %d start %ld len %ld pidset %d\n", fl.l_type, (long)fl.l_start, (long)fl.l_len, cmd == F_GETLK ? fl.l_pid > 0 : fl.l_pid);
}
int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644), p[2];
	printf("setlk wr 0-10: %d\n", lk(fd, F_SETLK, F_WRLCK, 0, 10));
	printf("setlk rd 20-inf: %d\n", lk(fd, F_SETLK, F_RDLCK, 20, 0));
	printf("unlock 3-5: %d\n", lk(fd, F_SETLK, F_UNLCK, 3, 3));
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		int fd2 = open("f", O_RDWR);
		getlk(fd2, F_GETLK, F_WRLCK, 0, 0);
		getlk(fd2, F_GETLK, F_WRLCK, 3, 3);
		getlk(fd2, F_GETLK, F_RDLCK, 20, 5);
		getlk(fd2, F_GETLK, F_WRLCK, 25, 5);
		getlk(fd2, F_GETLK, F_RDLCK, 6, 1);
		printf("child setlk rd 20: %d\n", lk(fd2, F_SETLK, F_RDLCK, 20, 1));
		printf("child setlk wr 7: %d\n", lk(fd2, F_SETLK, F_WRLCK, 7, 1));
		printf("child ofd wr 8: %d\n", lk(fd2, F_OFD_SETLK, F_WRLCK, 8, 1));
		printf("child flock ex nb: %d\n", flock(fd2, LOCK_EX | LOCK_NB) ? -errno : 0);
		fflush(stdout);
		write(p[1], "x", 1);
		printf("child setlkw wr 0-2 (blocks): %d\n", lk(fd2, F_SETLKW, F_WRLCK, 0, 2));
		_exit(0);
	}
	char b; read(p[0], &b, 1);
	printf("parent flock ex nb other ofd: %d\n", flock(open("f", O_RDONLY), LOCK_EX | LOCK_NB) ? -errno : 0);
	usleep(200000);
	int fd3 = open("f", O_RDONLY);
	close(fd3); /* releases all our POSIX locks on f */
	int st; waitpid(c, &st, 0);
	printf("child done %d\n", st);
	printf("rdlock on wronly: %d\n", lk(open("f", O_WRONLY), F_SETLK, F_RDLCK, 0, 1));
	printf("bad whence ofd pid: %d\n", ({ struct flock fl = { .l_type = F_RDLCK, .l_pid = 1 }; fcntl(fd, F_OFD_SETLK, &fl) < 0 ? -errno : 0; }));
	return 0;
}
C
gcc -O2 -o lk lk.c && ./lk; echo "lk exit $?"
touch f.lock
flock -x f.lock -c 'sleep 0.3; echo first-holder' &
sleep 0.1
flock -n f.lock -c 'echo should-not-run'; echo "nonblocking $?"
flock -s f.lock -c 'echo waited-for-shared'
wait
flock -w 5 -x f.lock -c 'echo exclusive-again'
