/* SPDX-License-Identifier: MIT */
/*
 * The sentry's CSPRNG: ChaCha20 with fast key erasure. The 256-bit key is
 * seeded from the boot info (vmm's getrandom); every request generates
 * keystream blocks under the current key and then replaces the key with
 * fresh keystream, so a later compromise reveals no earlier output.
 */
#include "klib/klib.h"
#include "klib/chacha20.h"

static u32 rng_key[8];
static u64 rng_generation;	/* nonce: one per request, never reused under a key */
static bool rng_seeded;

/* Load 32 bytes as 8 little-endian words. */
static void load_key(u32 key[8], const u8 *b)
{
	int i;

	for (i = 0; i < 8; i++)
		key[i] = (u32)b[4 * i] | (u32)b[4 * i + 1] << 8 |
			 (u32)b[4 * i + 2] << 16 | (u32)b[4 * i + 3] << 24;
}

/* Generate one block under the current key and take its first 32 bytes as the next key. */
static void rng_rekey(void)
{
	u8 block[CHACHA20_BLOCK_SIZE];
	u32 nonce[3] = { 0xffffffffu, (u32)rng_generation,
			 (u32)(rng_generation >> 32) };

	rng_generation++;
	chacha20_block(rng_key, 0, nonce, block);
	load_key(rng_key, block);
	memset(block, 0, sizeof(block));
}

void random_seed(const void *seed, size_t len)
{
	const u8 *s = seed;
	u8 chunk[32];
	u32 k[8];
	int i;

	while (len) {
		size_t n = len < 32 ? len : 32;

		memset(chunk, 0, sizeof(chunk));
		memcpy(chunk, s, n);
		load_key(k, chunk);
		for (i = 0; i < 8; i++)
			rng_key[i] ^= k[i];
		rng_rekey();
		s += n;
		len -= n;
	}
	memset(chunk, 0, sizeof(chunk));
	rng_seeded = true;
}

void get_random_bytes(void *buf, size_t n)
{
	u8 block[CHACHA20_BLOCK_SIZE];
	u8 *out = buf;
	u32 nonce[3];
	u32 counter = 0;

	if (unlikely(!rng_seeded))
		PANIC("get_random_bytes before random_seed");
	nonce[0] = 0;
	nonce[1] = (u32)rng_generation;
	nonce[2] = (u32)(rng_generation >> 32);
	rng_generation++;
	while (n) {
		size_t c = n < sizeof(block) ? n : sizeof(block);

		/* 2^32 blocks per request would be 256 GiB: rekey long before. */
		if (counter == 0xffffffffu) {
			rng_rekey();
			nonce[1] = (u32)rng_generation;
			nonce[2] = (u32)(rng_generation >> 32);
			rng_generation++;
			counter = 0;
		}
		chacha20_block(rng_key, counter++, nonce, block);
		memcpy(out, block, c);
		out += c;
		n -= c;
	}
	memset(block, 0, sizeof(block));
	rng_rekey();
}
