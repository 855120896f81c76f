/* SPDX-License-Identifier: MIT */
/* The pty line discipline (N_TTY-like): see tty_ldisc.h. */
#include <asm/signal.h>

#include "fs/tty_ldisc.h"

#define CTRL(c) ((c) & 0x1f)

static bool ring_put(struct tty_ring *r, u8 c)
{
	if (r->count >= TTY_BUF)
		return false;
	r->buf[(r->head + r->count) % TTY_BUF] = c;
	r->count++;
	return true;
}

/* tty_ring_get - see tty_ldisc.h. */
size_t tty_ring_get(struct tty_ring *r, u8 *dst, size_t n)
{
	size_t k;

	for (k = 0; k < n && r->count; k++) {
		dst[k] = r->buf[r->head];
		r->head = (r->head + 1) % TTY_BUF;
		r->count--;
	}
	if (!r->count)
		r->head = 0;
	return k;
}

/* tty_ldisc_init - see tty_ldisc.h. */
void tty_ldisc_init(struct tty_ldisc *ld, void (*signal)(struct tty_ldisc *, int))
{
	static const u8 cc[NCCS] = {
		[VINTR] = CTRL('C'), [VQUIT] = 034, [VERASE] = 0177,
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0,
		[VMIN] = 1, [VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'),
		[VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'),
		[VLNEXT] = CTRL('V'),
	};

	memset(ld, 0, sizeof(*ld));
	ld->tio.c_iflag = ICRNL | IXON;
	ld->tio.c_oflag = OPOST | ONLCR;
	ld->tio.c_cflag = B38400 | CS8 | CREAD | HUPCL;
	ld->tio.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
			  ECHOKE | IEXTEN;
	memcpy(ld->tio.c_cc, cc, sizeof(cc));
	waitqueue_init(&ld->in_wq);
	waitqueue_init(&ld->out_wq);
	ld->signal = signal;
}

/* tty_ldisc_out_room - see tty_ldisc.h. */
size_t tty_ldisc_out_room(const struct tty_ldisc *ld)
{
	return TTY_BUF - ld->out.count;
}

/* Post-process one output byte into the output queue. */
static bool out_byte(struct tty_ldisc *ld, u8 c)
{
	tcflag_t of = ld->tio.c_oflag;

	if (of & OPOST) {
		if (c == '\n' && (of & ONLCR)) {
			if (tty_ldisc_out_room(ld) < 2)
				return false;
			ring_put(&ld->out, '\r');
			return ring_put(&ld->out, '\n');
		}
		if (c == '\r' && (of & OCRNL))
			c = '\n';
		if (c == '\n' && (of & ONLRET))
			c = '\n';
	}
	return ring_put(&ld->out, c);
}

/* tty_ldisc_output - see tty_ldisc.h. */
bool tty_ldisc_output(struct tty_ldisc *ld, u8 c)
{
	bool ok = out_byte(ld, c);

	if (ok)
		wake_up(&ld->out_wq);
	return ok;
}

/* Echo @c: control characters as ^X with ECHOCTL. */
static void echo_char(struct tty_ldisc *ld, u8 c)
{
	tcflag_t lf = ld->tio.c_lflag;

	if ((lf & ECHOCTL) && (c < 0x20 || c == 0x7f) && c != '\n' &&
	    c != '\t') {
		out_byte(ld, '^');
		out_byte(ld, c == 0x7f ? '?' : c + '@');
		return;
	}
	out_byte(ld, c);
}

/* Erase the last character of the line being edited (VERASE). */
static void erase_one(struct tty_ldisc *ld)
{
	tcflag_t lf = ld->tio.c_lflag;
	u8 c;

	if (!ld->line_len)
		return;
	c = ld->line[--ld->line_len];
	if (!(lf & ECHO))
		return;
	if (lf & ECHOE) {
		int w = ((lf & ECHOCTL) && (c < 0x20 || c == 0x7f)) ? 2 : 1;

		while (w--) {
			out_byte(ld, '\b');
			out_byte(ld, ' ');
			out_byte(ld, '\b');
		}
	} else {
		echo_char(ld, ld->tio.c_cc[VERASE]);
	}
}

/* Move the edited line (plus @c unless 0-length EOF) to the input queue. */
static void line_complete(struct tty_ldisc *ld)
{
	size_t k;
	int slot;

	if (ld->nlines >= TTY_MAX_LINES ||
	    TTY_BUF - ld->in.count < ld->line_len)
		return;		/* input full: the line is dropped, as Linux does */
	for (k = 0; k < ld->line_len; k++)
		ring_put(&ld->in, ld->line[k]);
	slot = (ld->first_line + ld->nlines) % TTY_MAX_LINES;
	ld->lines[slot] = (u32)ld->line_len;
	ld->nlines++;
	ld->line_len = 0;
	wake_up(&ld->in_wq);
}

/* tty_ldisc_flush_in - see tty_ldisc.h. */
void tty_ldisc_flush_in(struct tty_ldisc *ld)
{
	ld->in.head = ld->in.count = 0;
	ld->line_len = 0;
	ld->nlines = ld->first_line = 0;
	wake_up(&ld->in_wq);
}

/* tty_ldisc_flush_out - see tty_ldisc.h. */
void tty_ldisc_flush_out(struct tty_ldisc *ld)
{
	ld->out.head = ld->out.count = 0;
	wake_up(&ld->out_wq);
}

/* A signal character: flush (unless NOFLSH), echo, signal the foreground group. */
static void isig(struct tty_ldisc *ld, u8 c, int sig)
{
	if (!(ld->tio.c_lflag & NOFLSH)) {
		tty_ldisc_flush_in(ld);
		tty_ldisc_flush_out(ld);
	}
	if (ld->tio.c_lflag & ECHO)
		echo_char(ld, c);
	wake_up(&ld->out_wq);
	if (ld->signal)
		ld->signal(ld, sig);
}

/* tty_ldisc_receive - see tty_ldisc.h. */
void tty_ldisc_receive(struct tty_ldisc *ld, u8 c)
{
	tcflag_t lf = ld->tio.c_lflag, inf = ld->tio.c_iflag;
	const cc_t *cc = ld->tio.c_cc;

	if (inf & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (inf & IGNCR)
			return;
		if (inf & ICRNL)
			c = '\n';
	} else if (c == '\n' && (inf & INLCR)) {
		c = '\r';
	}
	if (lf & ISIG) {
		if (c == cc[VINTR] && c) {
			isig(ld, c, SIGINT);
			return;
		}
		if (c == cc[VQUIT] && c) {
			isig(ld, c, SIGQUIT);
			return;
		}
		if (c == cc[VSUSP] && c) {
			isig(ld, c, SIGTSTP);
			return;
		}
	}
	if (!(lf & ICANON)) {
		if (ring_put(&ld->in, c)) {
			if (lf & ECHO)
				echo_char(ld, c);
			wake_up(&ld->in_wq);
		}
		wake_up(&ld->out_wq);
		return;
	}
	if (c == cc[VERASE] && c) {
		erase_one(ld);
	} else if (c == cc[VKILL] && c) {
		if ((lf & ECHOK) && (lf & ECHO) && !(lf & ECHOKE)) {
			echo_char(ld, c);
			out_byte(ld, '\n');
			ld->line_len = 0;
		} else {
			while (ld->line_len)
				erase_one(ld);
		}
	} else if (c == cc[VWERASE] && c && (lf & IEXTEN)) {
		while (ld->line_len && ld->line[ld->line_len - 1] == ' ')
			erase_one(ld);
		while (ld->line_len && ld->line[ld->line_len - 1] != ' ')
			erase_one(ld);
	} else if (c == cc[VEOF] && c) {
		line_complete(ld);
	} else if (c == '\n' || (c == cc[VEOL] && c) ||
		   (c == cc[VEOL2] && c)) {
		if (ld->line_len < TTY_BUF)
			ld->line[ld->line_len++] = c;
		if ((lf & ECHO) || (c == '\n' && (lf & ECHONL)))
			echo_char(ld, c);
		line_complete(ld);
	} else if (ld->line_len < TTY_BUF - 1) {
		ld->line[ld->line_len++] = c;
		if (lf & ECHO)
			echo_char(ld, c);
	}
	wake_up(&ld->out_wq);
}

/* tty_ldisc_readable - see tty_ldisc.h. */
bool tty_ldisc_readable(const struct tty_ldisc *ld)
{
	if (ld->tio.c_lflag & ICANON)
		return ld->nlines > 0;
	return ld->in.count > 0;
}

/* tty_ldisc_in_avail - see tty_ldisc.h. */
size_t tty_ldisc_in_avail(const struct tty_ldisc *ld)
{
	return ld->in.count;
}

/* tty_ldisc_read - see tty_ldisc.h. */
size_t tty_ldisc_read(struct tty_ldisc *ld, u8 *buf, size_t len)
{
	size_t n;
	u32 *first;

	if (!(ld->tio.c_lflag & ICANON)) {
		n = tty_ring_get(&ld->in, buf, len);
		if (n)
			wake_up(&ld->in_wq);
		return n;
	}
	if (!ld->nlines)
		return 0;
	first = &ld->lines[ld->first_line];
	n = tty_ring_get(&ld->in, buf, min((size_t)*first, len));
	*first -= (u32)n;
	if (!*first) {
		ld->first_line = (ld->first_line + 1) % TTY_MAX_LINES;
		ld->nlines--;
	}
	wake_up(&ld->in_wq);
	return n;
}

/* tty_ldisc_set_termios - see tty_ldisc.h. */
void tty_ldisc_set_termios(struct tty_ldisc *ld, const struct termios *tio,
			   bool flush)
{
	bool was_canon = ld->tio.c_lflag & ICANON;

	ld->tio = *tio;
	if (flush) {
		tty_ldisc_flush_in(ld);
		return;
	}
	if (was_canon && !(tio->c_lflag & ICANON)) {
		/* Raw now: the partial line becomes readable bytes. */
		size_t k;

		for (k = 0; k < ld->line_len; k++)
			ring_put(&ld->in, ld->line[k]);
		ld->line_len = 0;
		ld->nlines = ld->first_line = 0;
	} else if (!was_canon && (tio->c_lflag & ICANON) && ld->in.count) {
		ld->lines[0] = (u32)ld->in.count;
		ld->first_line = 0;
		ld->nlines = 1;
	}
	wake_up(&ld->in_wq);
	wake_up(&ld->out_wq);
}
