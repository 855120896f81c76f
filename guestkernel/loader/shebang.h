/* SPDX-License-Identifier: MIT */
/* shebang - parsing of a "#!interpreter [arg]" first line (pure). */
#ifndef LOADER_SHEBANG_H
#define LOADER_SHEBANG_H

#include "klib/types.h"

/* Bytes of the file examined, as Linux's BINPRM_BUF_SIZE. */
#define SHEBANG_BUF_SIZE 256

struct shebang {
	char interp[SHEBANG_BUF_SIZE];
	char arg[SHEBANG_BUF_SIZE];
	bool has_arg;
};

/*
 * shebang_parse - parse the start of a file, @buf with @len bytes (only the
 * first SHEBANG_BUF_SIZE are looked at), as Linux does: "#!", optional
 * spaces/tabs, the interpreter up to a space, tab or NUL, then everything
 * else on the line, trimmed of surrounding spaces/tabs, as one optional
 * argument. Fills @out. Returns 0, -ENOEXEC when @buf does not start with
 * "#!", has no interpreter, or the line is cut off inside the interpreter.
 */
int shebang_parse(const void *buf, size_t len, struct shebang *out);

#endif
