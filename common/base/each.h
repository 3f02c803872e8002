/*
 * each.h - one function run for each of n items, on up to a given number
 * of threads: the -j indexer's end-of-run passes (compacting a cluster's
 * shards, revising each shard's articles), whose items are independent.
 */
#ifndef GZ_EACH_H
#define GZ_EACH_H

#include <stddef.h>

/* Calls fn(ctx, k) once for each k in [0, n), on the caller's thread and
 * up to threads - 1 more; returns when every call has.  fn must not touch
 * another item's state.  When no thread can be started the caller's
 * thread makes every call, so the work is always done. */
void gz_each(size_t n, unsigned threads, void (*fn)(void *ctx, size_t k), void *ctx);

#endif
