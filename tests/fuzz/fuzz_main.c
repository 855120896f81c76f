/* SPDX-License-Identifier: MIT */
/*
 * Plain driver for the fuzz targets when libFuzzer is not used: feeds every
 * file of the corpus directories, every prefix of each file, and seeded
 * mutations of them through LLVMFuzzerTestOneInput. A crash fails the test;
 * prints TAP.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_CORPUS_DIR
#define FUZZ_CORPUS_DIR "tests/unit/spec-data"
#endif
/* mutations per corpus file */
#define FUZZ_MUTATIONS 1000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t fuzz_rng = 0x9e3779b97f4a7c15ull;

static uint64_t fuzz_rand(void)
{
	fuzz_rng ^= fuzz_rng << 13;
	fuzz_rng ^= fuzz_rng >> 7;
	fuzz_rng ^= fuzz_rng << 17;
	return fuzz_rng;
}

static char *fuzz_read(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0, r;
	char *buf = malloc(cap), *nb;
	FILE *f = fopen(path, "rb");

	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return NULL;
	}
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Bytes that steer a JSON parser into interesting states. */
static const char fuzz_bytes[] = "{}[]\":,\\-0123456789eE.tfnu \n\0\xff\x80/";
/* Tokens that steer the config parser. */
static const char *const fuzz_tokens[] = {
	"null", "true", "[]", "{}", "\"\"", "-1", "0", "1.5", "1e400",
	"18446744073709551616", "4294967296", "-9223372036854775809",
	"\"CAP_FOO\"", "\"RLIMIT_FOO\"", "\"relative\"", "\"/abs\"",
	"[[[[[[[[[[[[[[[[", "\"\\u0000\"", "\"\\ud800\"",
};

/* Apply one random edit to @buf (@len bytes, room for @cap). */
static size_t fuzz_mutate(char *buf, size_t len, size_t cap)
{
	size_t pos = len ? fuzz_rand() % len : 0, n;
	const char *tok;

	switch (fuzz_rand() % 6) {
	case 0:		/* flip a bit */
		if (len)
			buf[pos] ^= 1 << (fuzz_rand() % 8);
		return len;
	case 1:		/* overwrite a byte */
		if (len)
			buf[pos] = fuzz_bytes[fuzz_rand() % (sizeof(fuzz_bytes) - 1)];
		return len;
	case 2:		/* delete a range */
		n = len - pos < 16 ? len - pos : fuzz_rand() % 16;
		memmove(buf + pos, buf + pos + n, len - pos - n);
		return len - n;
	case 3:		/* truncate */
		return pos;
	case 4:		/* insert a token */
		tok = fuzz_tokens[fuzz_rand() % (sizeof(fuzz_tokens) /
						 sizeof(fuzz_tokens[0]))];
		n = strlen(tok);
		if (len + n > cap)
			return len;
		memmove(buf + pos + n, buf + pos, len - pos);
		memcpy(buf + pos, tok, n);
		return len + n;
	default:	/* duplicate a range */
		n = fuzz_rand() % 64;
		if (n > len - pos || len + n > cap)
			return len;
		memmove(buf + pos + n, buf + pos, len - pos);
		return len + n;
	}
}

static int fuzz_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one corpus directory; returns the number of files seen. */
static int fuzz_dir(const char *dir, int *n_tests)
{
	char **names = NULL, path[4096];
	size_t n = 0, i, k, len, mlen, cap;
	struct dirent *de;
	char *data, *mut;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names)
			abort();
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), fuzz_name_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		data = fuzz_read(path, &len);
		if (!data) {
			printf("not ok %d - read %s\n", ++*n_tests, path);
			continue;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		/* every prefix: truncated files must fail cleanly */
		for (k = 0; k < len; k += 1 + len / 512)
			LLVMFuzzerTestOneInput((const uint8_t *)data, k);
		cap = len + 4096;
		mut = malloc(cap);
		if (!mut)
			abort();
		for (k = 0; k < FUZZ_MUTATIONS; k++) {
			int edits = 1 + fuzz_rand() % 4;

			memcpy(mut, data, len);
			mlen = len;
			while (edits--)
				mlen = fuzz_mutate(mut, mlen, cap);
			LLVMFuzzerTestOneInput((const uint8_t *)mut, mlen);
		}
		printf("ok %d - %s: replayed, prefixes and %d mutations\n",
		       ++*n_tests, path, FUZZ_MUTATIONS);
		fflush(stdout);
		free(mut);
		free(data);
		free(names[i]);
	}
	free(names);
	return (int)n;
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	static const char *const subdirs[] = { "good", "bad" };
	char dir[4096];
	int n_tests = 0, seen = 0;
	size_t i;

	if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++)
			seen += fuzz_dir(argv[i], &n_tests);
	} else {
		for (i = 0; i < 2; i++) {
			snprintf(dir, sizeof(dir), "%s/%s", FUZZ_CORPUS_DIR,
				 subdirs[i]);
			if (top && access(dir, R_OK) != 0)
				snprintf(dir, sizeof(dir),
					 "%s/tests/unit/spec-data/%s", top,
					 subdirs[i]);
			seen += fuzz_dir(dir, &n_tests);
		}
	}
	if (!seen)
		printf("not ok %d - no corpus files found\n", ++n_tests);
	printf("1..%d\n", n_tests);
	return 0;
}
