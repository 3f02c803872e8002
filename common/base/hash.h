/*
 * hash.h - a 64-bit FNV-1a hash, for content-derived ids, shard routing and
 * sample levels: stable across runs and machines, so ids and routes are.
 */
#ifndef GZ_HASH_H
#define GZ_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
uint64_t gz_hash64(const void *bytes, size_t len, uint64_t seed);
#ifdef __cplusplus
}
#endif
#define GZ_HASH_SEED 0xcbf29ce484222325ULL

#endif
