/* SPDX-License-Identifier: MIT */
/*
 * The terminal line discipline of a pty: termios, canonical line editing,
 * echo, signal characters, output post-processing, and the two queues
 * (input for the slave's reader, output for the master's reader).
 */
#ifndef FS_TTY_LDISC_H
#define FS_TTY_LDISC_H

#include <asm/termbits.h>

#include "klib/klib.h"
#include "kernel/sched.h"

#define TTY_BUF 8192
#define TTY_MAX_LINES 256

struct tty_ring {
	u8 buf[TTY_BUF];
	size_t head, count;
};

struct tty_ldisc {
	struct termios tio;
	struct tty_ring in;		/* readable by the slave */
	struct tty_ring out;		/* readable by the master */
	/* Canonical mode: the line being edited and the completed lines' lengths in @in. */
	u8 line[TTY_BUF];
	size_t line_len;
	u32 lines[TTY_MAX_LINES];
	int nlines, first_line;
	struct waitqueue in_wq;		/* slave readers, master writers */
	struct waitqueue out_wq;	/* master readers, slave writers */
	/* signal - deliver @sig to the foreground process group (owner's hook). */
	void (*signal)(struct tty_ldisc *ld, int sig);
};

/* tty_ldisc_init - default termios (as Linux's tty_std_termios), empty queues. */
void tty_ldisc_init(struct tty_ldisc *ld, void (*signal)(struct tty_ldisc *, int));
/* tty_ldisc_receive - input byte @c typed at the terminal (master write). */
void tty_ldisc_receive(struct tty_ldisc *ld, u8 c);
/* tty_ldisc_output - byte @c written by the slave, post-processed; false when full. */
bool tty_ldisc_output(struct tty_ldisc *ld, u8 c);
/* tty_ldisc_out_room - free bytes in the output queue. */
size_t tty_ldisc_out_room(const struct tty_ldisc *ld);
/* tty_ldisc_readable - can the slave read now (data, EOF line, or raw bytes)? */
bool tty_ldisc_readable(const struct tty_ldisc *ld);
/* tty_ldisc_in_avail - bytes the slave could read now (FIONREAD). */
size_t tty_ldisc_in_avail(const struct tty_ldisc *ld);
/*
 * tty_ldisc_read - take up to @len input bytes into @buf following the
 * canonical/raw rules (one line at most in canonical mode). Bytes taken.
 */
size_t tty_ldisc_read(struct tty_ldisc *ld, u8 *buf, size_t len);
/* tty_ldisc_set_termios - new termios (TCSETS*); @flush drops pending input. */
void tty_ldisc_set_termios(struct tty_ldisc *ld, const struct termios *tio,
			   bool flush);
/* tty_ldisc_flush_in - drop pending input (TCIFLUSH). */
void tty_ldisc_flush_in(struct tty_ldisc *ld);
/* tty_ldisc_flush_out - drop pending output (TCOFLUSH). */
void tty_ldisc_flush_out(struct tty_ldisc *ld);
/* ring_get - pop up to @n bytes of @r into @dst. Bytes taken. */
size_t tty_ring_get(struct tty_ring *r, u8 *dst, size_t n);

#endif
