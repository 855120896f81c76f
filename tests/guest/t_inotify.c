// SPDX-License-Identifier: MIT
/*
 * t_inotify.c - inotify: instance flags, add/rm watch errors and mask
 * semantics (IN_MASK_ADD, IN_MASK_CREATE, IN_ONESHOT, IN_ONLYDIR,
 * IN_DONT_FOLLOW), the events of file operations seen by a directory
 * watch and a file watch (create, open, read, write, close, chmod,
 * truncate, utimes, rename with cookies, link, unlink, mkdir/rmdir),
 * record layout and padding, EINVAL for short buffers, FIONREAD, poll,
 * epoll, blocking reads, merging of identical events and IN_Q_OVERFLOW.
 * Works in $T_TMPDIR (or /tmp).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static char evbuf[65536] __attribute__((aligned(8)));

static const struct {
	unsigned int bit;
	const char *name;
} mask_names[] = {
	{ IN_ACCESS, "ACCESS" },	 { IN_MODIFY, "MODIFY" },
	{ IN_ATTRIB, "ATTRIB" },	 { IN_CLOSE_WRITE, "CLOSE_WRITE" },
	{ IN_CLOSE_NOWRITE, "CLOSE_NOWRITE" }, { IN_OPEN, "OPEN" },
	{ IN_MOVED_FROM, "MOVED_FROM" }, { IN_MOVED_TO, "MOVED_TO" },
	{ IN_CREATE, "CREATE" },	 { IN_DELETE, "DELETE" },
	{ IN_DELETE_SELF, "DELETE_SELF" }, { IN_MOVE_SELF, "MOVE_SELF" },
	{ IN_UNMOUNT, "UNMOUNT" },	 { IN_Q_OVERFLOW, "Q_OVERFLOW" },
	{ IN_IGNORED, "IGNORED" },	 { IN_ISDIR, "ISDIR" },
};

static void append(char *out, size_t size, const char *s)
{
	size_t n = strlen(out);

	snprintf(out + n, size - n, "%s", s);
}

/*
 * Drain the queue of nonblocking @fd into "wd MASK name;" items. Cookies
 * are checked: MOVED_FROM/MOVED_TO pairs must share a non-zero one.
 */
static int drain(int fd, char *out, size_t size)
{
	unsigned int cookie = 0;
	char item[512];
	ssize_t n, off;
	int bad = 0;

	out[0] = '\0';
	for (;;) {
		n = read(fd, evbuf, sizeof(evbuf));
		if (n < 0)
			break;
		for (off = 0; off < n;) {
			struct inotify_event *e = (void *)(evbuf + off);
			size_t k;

			snprintf(item, sizeof(item), "%d ", e->wd);
			for (k = 0; k < sizeof(mask_names) / sizeof(mask_names[0]); k++) {
				if (e->mask & mask_names[k].bit) {
					if (item[strlen(item) - 1] != ' ')
						strcat(item, "|");
					strcat(item, mask_names[k].name);
				}
			}
			if (e->len) {
				if (e->len % sizeof(struct inotify_event) ||
				    strlen(e->name) >= e->len)
					bad = 1;
				strcat(item, " ");
				strcat(item, e->name);
			}
			strcat(item, ";");
			append(out, size, item);
			if (e->mask & IN_MOVED_FROM)
				cookie = e->cookie;
			else if ((e->mask & IN_MOVED_TO) &&
				 (!cookie || e->cookie != cookie))
				bad = 1;
			else if (!(e->mask & (IN_MOVED_FROM | IN_MOVED_TO)) &&
				 e->cookie)
				bad = 1;
			off += sizeof(*e) + e->len;
		}
	}
	if (bad)
		append(out, size, " BAD-RECORD");
	return errno == EAGAIN ? 0 : -1;
}

static void expect(int fd, const char *want, const char *what)
{
	static char got[1 << 20];

	drain(fd, got, sizeof(got));
	if (!ok(strcmp(got, want) == 0, "%s", what)) {
		diag("want: %s", want);
		diag("got:  %s", got);
	}
}

static void test_init(void)
{
	int fd, fl;

	ok_errno(inotify_init1(0x1234), EINVAL, "inotify_init1 unknown flag is EINVAL");
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	fl = fcntl(fd, F_GETFL);
	ok(fd >= 0 && (fl & O_NONBLOCK) && (fcntl(fd, F_GETFD) & FD_CLOEXEC) &&
	   (fl & O_ACCMODE) == O_RDONLY,
	   "inotify_init1 IN_NONBLOCK|IN_CLOEXEC: flags set, read-only");
	ok_errno(read(fd, evbuf, sizeof(evbuf)), EAGAIN, "empty queue: EAGAIN");
	ok_errno(write(fd, "x", 1), EBADF, "write to an inotify fd is EBADF");
	close(fd);
	fd = inotify_init();
	ok(fd >= 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK) &&
	   !(fcntl(fd, F_GETFD) & FD_CLOEXEC), "inotify_init: blocking, no cloexec");
	close(fd);
}

static void test_errors(void)
{
	int fd = inotify_init1(IN_NONBLOCK), pfd[2];

	ok_errno(inotify_add_watch(fd, ".", 0), EINVAL, "add_watch mask 0 is EINVAL");
	ok_errno(inotify_add_watch(fd, ".", IN_MASK_ADD | IN_MASK_CREATE | IN_OPEN),
		 EINVAL, "IN_MASK_ADD with IN_MASK_CREATE is EINVAL");
	ok_errno(inotify_add_watch(-1, ".", IN_OPEN), EBADF, "add_watch bad fd is EBADF");
	pipe(pfd);
	ok_errno(inotify_add_watch(pfd[0], ".", IN_OPEN), EINVAL,
		 "add_watch on a pipe is EINVAL");
	ok_errno(inotify_rm_watch(pfd[0], 1), EINVAL, "rm_watch on a pipe is EINVAL");
	close(pfd[0]);
	close(pfd[1]);
	ok_errno(inotify_add_watch(fd, "nonexistent", IN_OPEN), ENOENT,
		 "add_watch missing path is ENOENT");
	close(open("plain", O_CREAT | O_WRONLY, 0644));
	ok_errno(inotify_add_watch(fd, "plain", IN_OPEN | IN_ONLYDIR), ENOTDIR,
		 "IN_ONLYDIR on a file is ENOTDIR");
	ok_errno(inotify_add_watch(fd, (char *)1, IN_OPEN), EFAULT,
		 "add_watch bad path pointer is EFAULT");
	ok_errno(inotify_rm_watch(fd, 7), EINVAL, "rm_watch unknown wd is EINVAL");
	unlink("plain");
	close(fd);
}

static void test_events(void)
{
	int fd = inotify_init1(IN_NONBLOCK), wd1, wd2, wd3, f, avail = -1;
	struct timeval tv[2] = { { 1, 0 }, { 2, 0 } };
	struct pollfd pfd;
	char buf[16];

	mkdir("d", 0755);
	wd1 = inotify_add_watch(fd, "d", IN_ALL_EVENTS);
	ok(wd1 == 1, "first watch descriptor is 1");
	ok(inotify_add_watch(fd, "d/.", IN_ALL_EVENTS) == wd1 &&
	   inotify_add_watch(fd, "./d/", IN_ALL_EVENTS) == wd1,
	   "the same inode gives the same wd");

	f = open("d/f", O_CREAT | O_WRONLY, 0644);
	write(f, "abc", 3);
	close(f);
	expect(fd, "1 CREATE f;1 OPEN f;1 MODIFY f;1 CLOSE_WRITE f;",
	       "create, write, close seen by the directory watch");

	wd2 = inotify_add_watch(fd, "d/f", IN_ALL_EVENTS);
	ok(wd2 == 2, "second watch descriptor is 2");
	f = open("d/f", O_RDONLY);
	read(f, buf, sizeof(buf));
	read(f, buf, sizeof(buf));	/* EOF: no event */
	pfd.fd = fd;
	pfd.events = POLLIN;
	ok(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN, "poll: POLLIN with events queued");
	ok(ioctl(fd, FIONREAD, &avail) == 0 && avail == 2 * (16 + 16) + 16 + 16,
	   "FIONREAD counts the queued records with padded names");
	ok_errno(read(fd, evbuf, 16), EINVAL, "buffer too small for the first event: EINVAL");
	ok(read(fd, evbuf, 40) == 32, "read returns only whole records");
	close(f);
	expect(fd, "2 OPEN;1 ACCESS f;2 ACCESS;1 CLOSE_NOWRITE f;2 CLOSE_NOWRITE;",
	       "read of a watched file: both watches");

	chmod("d/f", 0600);
	truncate("d/f", 1);
	utimes("d/f", tv);
	expect(fd, "1 ATTRIB f;2 ATTRIB;1 MODIFY f;2 MODIFY;1 ATTRIB f;2 ATTRIB;",
	       "chmod, truncate, utimes");

	f = open("d/f", O_WRONLY | O_TRUNC);
	close(f);
	expect(fd, "1 OPEN f;2 OPEN;1 MODIFY f;2 MODIFY;1 CLOSE_WRITE f;2 CLOSE_WRITE;",
	       "open O_TRUNC: open, modify, close");

	rename("d/f", "d/g");
	expect(fd, "1 MOVED_FROM f;1 MOVED_TO g;2 MOVE_SELF;",
	       "rename: moved from/to with one cookie, move self");
	link("d/g", "d/h");
	expect(fd, "2 ATTRIB;1 CREATE h;", "link: attrib on the file, create in the directory");
	unlink("d/h");
	expect(fd, "2 ATTRIB;1 DELETE h;", "unlink of one link: attrib, delete");
	unlink("d/g");
	expect(fd, "2 ATTRIB;2 DELETE_SELF;2 IGNORED;1 DELETE g;",
	       "unlink of the last link: delete self, watch ignored");
	ok_errno(inotify_rm_watch(fd, wd2), EINVAL, "the deleted file's wd is gone");

	mkdir("d/sub", 0755);
	wd3 = inotify_add_watch(fd, "d/sub", IN_ALL_EVENTS);
	ok(wd3 == 3, "wds are not reused");
	rename("d/sub", "d/sub2");
	chmod("d/sub2", 0700);
	close(open("d/sub2", O_RDONLY | O_DIRECTORY));
	rmdir("d/sub2");
	expect(fd, "1 CREATE|ISDIR sub;1 MOVED_FROM|ISDIR sub;1 MOVED_TO|ISDIR sub2;"
		   "3 MOVE_SELF;1 ATTRIB|ISDIR sub2;3 ATTRIB|ISDIR;1 OPEN|ISDIR sub2;"
		   "3 OPEN|ISDIR;1 CLOSE_NOWRITE|ISDIR sub2;3 CLOSE_NOWRITE|ISDIR;"
		   "3 DELETE_SELF;3 IGNORED;1 DELETE|ISDIR sub2;",
	       "mkdir, rename, chmod, open and rmdir of a watched directory");

	mkfifo("d/p", 0644);
	symlink("target", "d/l");
	rename("d/l", "d/l2");
	unlink("d/l2");
	unlink("d/p");
	expect(fd, "1 CREATE p;1 CREATE l;1 MOVED_FROM l;1 MOVED_TO l2;1 DELETE l2;1 DELETE p;",
	       "mkfifo, symlink, rename and unlink of them");

	ok(inotify_rm_watch(fd, wd1) == 0, "rm_watch");
	expect(fd, "1 IGNORED;", "rm_watch queues IN_IGNORED");
	ok_errno(inotify_rm_watch(fd, wd1), EINVAL, "rm_watch twice is EINVAL");
	rmdir("d");
	expect(fd, "", "no events once the watch is gone");
	close(fd);
}

static void test_masks(void)
{
	int fd = inotify_init1(IN_NONBLOCK), wd, wd2, f;

	close(open("m", O_CREAT | O_WRONLY, 0644));
	symlink("m", "m.lnk");
	wd = inotify_add_watch(fd, "m", IN_OPEN);
	ok(inotify_add_watch(fd, "m", IN_CLOSE | IN_MASK_ADD) == wd, "IN_MASK_ADD keeps the wd");
	close(open("m", O_RDONLY));
	expect(fd, "1 OPEN;1 CLOSE_NOWRITE;", "IN_MASK_ADD adds to the mask");
	inotify_add_watch(fd, "m", IN_ACCESS);
	close(open("m", O_RDONLY));
	expect(fd, "", "a new mask replaces the old one");
	ok_errno(inotify_add_watch(fd, "m", IN_OPEN | IN_MASK_CREATE), EEXIST,
		 "IN_MASK_CREATE on a watched inode is EEXIST");
	ok(inotify_add_watch(fd, "m.lnk", IN_OPEN) == wd, "a symlink is followed");
	wd2 = inotify_add_watch(fd, "m.lnk", IN_OPEN | IN_DONT_FOLLOW);
	ok(wd2 > wd, "IN_DONT_FOLLOW watches the link itself");
	inotify_rm_watch(fd, wd2);
	expect(fd, "2 IGNORED;", "removing it queues IN_IGNORED");

	inotify_add_watch(fd, "m", IN_MODIFY | IN_ONESHOT);
	f = open("m", O_WRONLY);
	write(f, "a", 1);
	write(f, "b", 1);
	close(f);
	expect(fd, "1 MODIFY;1 IGNORED;", "IN_ONESHOT: one event, then the watch ends");
	ok_errno(inotify_rm_watch(fd, wd), EINVAL, "the one-shot wd is gone");

	wd = inotify_add_watch(fd, "m", IN_MODIFY);
	f = open("m", O_WRONLY);
	write(f, "a", 1);
	write(f, "b", 1);
	write(f, "c", 1);
	close(f);
	expect(fd, "3 MODIFY;", "identical consecutive events are merged");
	unlink("m.lnk");
	unlink("m");
	expect(fd, "3 IGNORED;", "unlink: IN_DELETE_SELF not in the mask, IN_IGNORED always");
	close(fd);
}

static void test_wait(void)
{
	int fd = inotify_init(), ep, st, n;
	struct epoll_event ev = { .events = EPOLLIN };
	pid_t pid;

	mkdir("w", 0755);
	inotify_add_watch(fd, "w", IN_CREATE);
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	ok(epoll_wait(ep, &ev, 1, 0) == 0, "epoll: not ready while empty");
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		close(open("w/new", O_CREAT | O_WRONLY, 0644));
		_exit(0);
	}
	ok(epoll_wait(ep, &ev, 1, 5000) == 1 && (ev.events & EPOLLIN),
	   "epoll_wait wakes when an event arrives");
	n = read(fd, evbuf, sizeof(evbuf));
	ok(n == 32 && ((struct inotify_event *)evbuf)->mask == IN_CREATE &&
	   strcmp(((struct inotify_event *)evbuf)->name, "new") == 0,
	   "blocking read returns the create event");
	waitpid(pid, &st, 0);
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		close(open("w/new2", O_CREAT | O_WRONLY, 0644));
		_exit(0);
	}
	n = read(fd, evbuf, sizeof(evbuf));
	ok(n == 32 && strcmp(((struct inotify_event *)evbuf)->name, "new2") == 0,
	   "read blocks until the next event");
	waitpid(pid, &st, 0);
	unlink("w/new");
	unlink("w/new2");
	rmdir("w");
	close(ep);
	close(fd);
}

static void test_overflow(void)
{
	int fd = inotify_init1(IN_NONBLOCK), a, b, i, n, events = 0, overflow = 0;
	int last_overflow = 0;
	ssize_t r, off;

	a = open("oa", O_CREAT | O_WRONLY, 0644);
	b = open("ob", O_CREAT | O_WRONLY, 0644);
	inotify_add_watch(fd, "oa", IN_MODIFY);
	inotify_add_watch(fd, "ob", IN_MODIFY);
	n = 16384 / 2 + 10;
	for (i = 0; i < n; i++) {
		write(a, "x", 1);
		write(b, "x", 1);
	}
	while ((r = read(fd, evbuf, sizeof(evbuf))) > 0) {
		for (off = 0; off < r;) {
			struct inotify_event *e = (void *)(evbuf + off);

			last_overflow = e->mask == IN_Q_OVERFLOW && e->wd == -1;
			if (last_overflow)
				overflow++;
			else
				events++;
			off += sizeof(*e) + e->len;
		}
	}
	ok(events == 16384 && overflow == 1 && last_overflow,
	   "a full queue ends with one IN_Q_OVERFLOW (wd -1)");
	if (events != 16384 || overflow != 1)
		diag("events %d overflow %d", events, overflow);
	write(a, "x", 1);
	ok(read(fd, evbuf, sizeof(evbuf)) == 16, "events queue again after the overflow is read");
	close(a);
	close(b);
	unlink("oa");
	unlink("ob");
	close(fd);
}

int main(void)
{
	const char *base = getenv("T_TMPDIR");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/t_inotify.%d", base ? base : "/tmp", 1);
	mkdir(dir, 0755);
	if (chdir(dir)) {
		printf("Bail out! cannot chdir to the test directory\n");
		return 1;
	}
	test_init();
	test_errors();
	test_events();
	test_masks();
	test_wait();
	test_overflow();
	chdir("/");
	rmdir(dir);
	return done();
}
