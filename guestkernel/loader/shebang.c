// SPDX-License-Identifier: MIT
/* "#!" line parsing with Linux's binfmt_script semantics. */
#include <linux/errno.h>

#include "klib/klib.h"
#include "loader/shebang.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_term(char c)
{
	return c == ' ' || c == '\t' || c == '\0';
}

int shebang_parse(const void *buf, size_t len, struct shebang *out)
{
	const char *b = buf;
	size_t end, i, name, name_end, arg;

	memset(out, 0, sizeof(*out));
	if (len > SHEBANG_BUF_SIZE)
		len = SHEBANG_BUF_SIZE;
	if (len < 2 || b[0] != '#' || b[1] != '!')
		return -ENOEXEC;

	/* The line ends at the newline, or where the examined bytes end. */
	for (end = 2; end < len && b[end] != '\n'; end++)
		;
	if (end == len) {
		/*
		 * No newline: fine only if the interpreter's name visibly
		 * ends (a space, tab or NUL follows it) within the buffer;
		 * a name that runs to the end may have been truncated.
		 */
		for (i = 2; i < len && is_blank(b[i]); i++)
			;
		if (i == len)
			return -ENOEXEC;
		for (; i < len && !is_term(b[i]); i++)
			;
		if (i == len && len == SHEBANG_BUF_SIZE)
			return -ENOEXEC;
	}

	/* Only the part before the first NUL is a string. */
	for (i = 2; i < end && b[i] != '\0'; i++)
		;
	end = i;
	while (end > 2 && is_blank(b[end - 1]))
		end--;
	for (name = 2; name < end && is_blank(b[name]); name++)
		;
	if (name == end)
		return -ENOEXEC;
	for (name_end = name; name_end < end && !is_term(b[name_end]); name_end++)
		;
	memcpy(out->interp, b + name, name_end - name);
	out->interp[name_end - name] = '\0';

	for (arg = name_end; arg < end && is_blank(b[arg]); arg++)
		;
	if (arg < end) {
		memcpy(out->arg, b + arg, end - arg);
		out->arg[end - arg] = '\0';
		out->has_arg = true;
	}
	return 0;
}
