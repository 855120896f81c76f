/* SPDX-License-Identifier: MIT */
/* klib formatted output: kvsnprintf/ksnprintf. */
#include "klib/klib.h"

/* Widths and precisions are clamped to this (no program controls a format). */
#define PF_MAX_WIDTH 65536

/* Output cursor: writes what fits, counts everything. */
struct pf_out {
	char *buf;
	size_t size;
	size_t len;
};

static void pf_putc(struct pf_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pf_pad(struct pf_out *o, char c, int n)
{
	while (n-- > 0)
		pf_putc(o, c);
}

/* Conversion spec parsed from the format. */
struct pf_spec {
	bool left, zero, plus, space, alt;
	int width;
	int prec;		/* -1: none */
	int lenmod;		/* 'H' hh, 'h', 'l', 'L' ll, 'z', 't', 'j' */
	char conv;
};

static void pf_string(struct pf_out *o, const struct pf_spec *sp, const char *s)
{
	size_t n;
	int pad;

	if (!s)
		s = "(null)";
	n = sp->prec >= 0 ? kstrnlen(s, (size_t)sp->prec) : kstrlen(s);
	pad = sp->width > (int)n ? sp->width - (int)n : 0;
	if (!sp->left)
		pf_pad(o, ' ', pad);
	while (n--)
		pf_putc(o, *s++);
	if (sp->left)
		pf_pad(o, ' ', pad);
}

static void pf_number(struct pf_out *o, const struct pf_spec *sp, u64 v,
		      bool negative)
{
	char digits[24];
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned int base = 10;
	const char *prefix = "";
	int nd = 0, nzero, plen, total, pad;

	if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	else if (sp->conv == 'o')
		base = 8;

	/* An explicit precision of 0 prints nothing for the value 0. */
	if (!(v == 0 && sp->prec == 0)) {
		do {
			digits[nd++] = set[v % base];
			v /= base;
		} while (v);
	}

	if (negative)
		prefix = "-";
	else if (sp->plus && (sp->conv == 'd' || sp->conv == 'i'))
		prefix = "+";
	else if (sp->space && (sp->conv == 'd' || sp->conv == 'i'))
		prefix = " ";
	else if (sp->conv == 'p')
		prefix = "0x";
	else if (sp->alt && base == 16 && nd && !(nd == 1 && digits[0] == '0'))
		prefix = sp->conv == 'X' ? "0X" : "0x";
	else if (sp->alt && base == 8 && (nd == 0 || digits[nd - 1] != '0'))
		prefix = "0";
	plen = (int)kstrlen(prefix);

	nzero = sp->prec > nd ? sp->prec - nd : 0;
	total = plen + nzero + nd;
	pad = sp->width > total ? sp->width - total : 0;
	if (sp->zero && !sp->left && sp->prec < 0) {
		nzero += pad;
		pad = 0;
	}
	if (!sp->left)
		pf_pad(o, ' ', pad);
	while (*prefix)
		pf_putc(o, *prefix++);
	pf_pad(o, '0', nzero);
	while (nd)
		pf_putc(o, digits[--nd]);
	if (sp->left)
		pf_pad(o, ' ', pad);
}

/* Fetch a signed argument of the spec's length. */
static s64 pf_arg_signed(const struct pf_spec *sp, va_list *ap)
{
	switch (sp->lenmod) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
		return va_arg(*ap, long);
	case 'L':
		return va_arg(*ap, long long);
	case 'z':
		return va_arg(*ap, ssize_t);
	case 't':
		return va_arg(*ap, ptrdiff_t);
	case 'j':
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Fetch an unsigned argument of the spec's length. */
static u64 pf_arg_unsigned(const struct pf_spec *sp, va_list *ap)
{
	switch (sp->lenmod) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'l':
		return va_arg(*ap, unsigned long);
	case 'L':
		return va_arg(*ap, unsigned long long);
	case 'z':
		return va_arg(*ap, size_t);
	case 't':
		return (u64)va_arg(*ap, ptrdiff_t);
	case 'j':
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Parse a decimal number at *@fmt (bounded so it cannot overflow). */
static int pf_atoi(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v <= PF_MAX_WIDTH)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v > PF_MAX_WIDTH ? PF_MAX_WIDTH : v;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct pf_out o = { .buf = buf, .size = buf ? size : 0, .len = 0 };
	struct pf_spec sp;
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		if (*fmt != '%') {
			pf_putc(&o, *fmt++);
			continue;
		}
		fmt++;
		sp = (struct pf_spec){ .prec = -1 };
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '+')
				sp.plus = true;
			else if (*fmt == ' ')
				sp.space = true;
			else if (*fmt == '#')
				sp.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = sp.width < -PF_MAX_WIDTH ?
					PF_MAX_WIDTH : -sp.width;
			}
			if (sp.width > PF_MAX_WIDTH)
				sp.width = PF_MAX_WIDTH;
			fmt++;
		} else {
			sp.width = pf_atoi(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)
					sp.prec = -1;
				else if (sp.prec > PF_MAX_WIDTH)
					sp.prec = PF_MAX_WIDTH;
				fmt++;
			} else {
				sp.prec = pf_atoi(&fmt);
			}
		}
		switch (*fmt) {
		case 'h':
			fmt++;
			sp.lenmod = 'h';
			if (*fmt == 'h') {
				sp.lenmod = 'H';
				fmt++;
			}
			break;
		case 'l':
			fmt++;
			sp.lenmod = 'l';
			if (*fmt == 'l') {
				sp.lenmod = 'L';
				fmt++;
			}
			break;
		case 'z':
		case 't':
		case 'j':
			sp.lenmod = *fmt++;
			break;
		}
		sp.conv = *fmt;
		if (!sp.conv)
			break;
		fmt++;
		switch (sp.conv) {
		case 'd':
		case 'i': {
			s64 v = pf_arg_signed(&sp, &ap);

			pf_number(&o, &sp, v < 0 ? -(u64)v : (u64)v, v < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			pf_number(&o, &sp, pf_arg_unsigned(&sp, &ap), false);
			break;
		case 'p':
			sp.lenmod = 0;
			pf_number(&o, &sp, (u64)(uintptr_t)va_arg(ap, void *), false);
			break;
		case 's':
			pf_string(&o, &sp, va_arg(ap, const char *));
			break;
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), 0 };
			int pad = sp.width > 1 ? sp.width - 1 : 0;

			if (!sp.left)
				pf_pad(&o, ' ', pad);
			pf_putc(&o, c[0]);
			if (sp.left)
				pf_pad(&o, ' ', pad);
			break;
		}
		case '%':
			pf_putc(&o, '%');
			break;
		default:
			/* Unknown conversion: print it verbatim so the bug shows. */
			pf_putc(&o, '%');
			pf_putc(&o, sp.conv);
			break;
		}
	}
	va_end(ap);
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
