/* SPDX-License-Identifier: MIT */
/* ChaCha20 block function (RFC 8439 section 2.3). */
#include "klib/chacha20.h"

static inline u32 rotl32(u32 v, int n)
{
	return (v << n) | (v >> (32 - n));
}

#define QUARTER(x, a, b, c, d) do {					\
	x[a] += x[b]; x[d] = rotl32(x[d] ^ x[a], 16);			\
	x[c] += x[d]; x[b] = rotl32(x[b] ^ x[c], 12);			\
	x[a] += x[b]; x[d] = rotl32(x[d] ^ x[a], 8);			\
	x[c] += x[d]; x[b] = rotl32(x[b] ^ x[c], 7);			\
} while (0)

void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3],
		    u8 out[CHACHA20_BLOCK_SIZE])
{
	u32 in[16], x[16];
	int i;

	/* "expand 32-byte k" as four little-endian words. */
	in[0] = 0x61707865;
	in[1] = 0x3320646e;
	in[2] = 0x79622d32;
	in[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	in[13] = nonce[0];
	in[14] = nonce[1];
	in[15] = nonce[2];

	for (i = 0; i < 16; i++)
		x[i] = in[i];
	for (i = 0; i < 10; i++) {
		QUARTER(x, 0, 4, 8, 12);
		QUARTER(x, 1, 5, 9, 13);
		QUARTER(x, 2, 6, 10, 14);
		QUARTER(x, 3, 7, 11, 15);
		QUARTER(x, 0, 5, 10, 15);
		QUARTER(x, 1, 6, 11, 12);
		QUARTER(x, 2, 7, 8, 13);
		QUARTER(x, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++) {
		u32 v = x[i] + in[i];

		out[4 * i + 0] = (u8)v;
		out[4 * i + 1] = (u8)(v >> 8);
		out[4 * i + 2] = (u8)(v >> 16);
		out[4 * i + 3] = (u8)(v >> 24);
	}
}
