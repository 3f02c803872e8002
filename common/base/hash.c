/*
 * hash.c - FNV-1a, for content-derived ids, shard routing and sample
 * levels (hash.h).
 */
#include "hash.h"

uint64_t gz_hash64(const void *bytes, size_t len, uint64_t seed)
{
    const unsigned char *p = bytes;
    uint64_t h = seed;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
