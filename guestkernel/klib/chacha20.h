/* SPDX-License-Identifier: MIT */
/* ChaCha20 block function (RFC 8439), used by the sentry's CSPRNG. */
#ifndef KLIB_CHACHA20_H
#define KLIB_CHACHA20_H

#include "klib/types.h"

#define CHACHA20_KEY_SIZE 32
#define CHACHA20_BLOCK_SIZE 64

/*
 * chacha20_block - one 64-byte keystream block for @key (8 words), block
 * counter @counter and 96-bit @nonce (3 words), RFC 8439 layout, into @out.
 */
void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3],
		    u8 out[CHACHA20_BLOCK_SIZE]);

#endif
