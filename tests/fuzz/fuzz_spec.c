/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the config.json parser: any input must either parse or
 * fail with an error, never crash or leak.
 *
 * With libFuzzer (clang), from the top of a configured build directory:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I$SRC \
 *       $SRC/tests/fuzz/fuzz_spec.c $SRC/spec/?*.c $SRC/vmm/error.c \
 *       -lyajl -o fuzz_spec
 *   ./fuzz_spec $SRC/tests/unit/spec-data/good \
 *       $SRC/tests/unit/spec-data/bad
 *
 * `make check` builds it with tests/fuzz/fuzz_main.c instead, a plain
 * driver that replays the corpus and mutations of it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "spec/spec.h"
#include "vmm/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - parse @data; the result is checked, then freed. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_error *err = NULL;
	struct spec *s = NULL;
	int r;

	r = spec_parse((const char *)data, size, "config.json", "/bundle", &s,
		       &err);
	if (r < 0) {
		/* an error always comes with a message and no result */
		if (!err || !err->msg || s)
			__builtin_trap();
	} else {
		if (err || !s || !s->process.args || !s->process.args[0] ||
		    !s->process.cwd || s->process.cwd[0] != '/' ||
		    !s->root_path_abs || s->root_path_abs[0] != '/')
			__builtin_trap();
	}
	vmm_error_free(&err);
	spec_free(s);
	return 0;
}
