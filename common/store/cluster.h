/*
 * cluster.h - an archive spread over shards, as Xapian itself spreads one:
 * a stub file (Xapian's format) lists the shards, one per line --
 *
 *     # the archive of the news desk
 *     auto archive.shards/0           # a local index (relative to the stub)
 *     remote 10.0.0.7:33301           # a xapian-tcpsrv (--writable to index)
 *
 * -- and every Gazette program takes the stub's path where it takes an
 * index's.  An article lives in the shard a hash of its id picks
 * (gz_xap_route), so the shard count is part of where everything is: each
 * shard records "k/N" (its place and the count) and an indexer refuses a
 * stub that lists another count until it is resharded.  docs/clusters.md is the
 * user's side of this.
 */
#ifndef GZ_CLUSTER_H
#define GZ_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "gz_xapian.h"

/* Metadata on each shard: "k/N", its place in the stub and their count. */
#define GZ_META_SHARD "gazette.shard"
/* A reader waits this long for a remote shard by default (milliseconds);
 * the environment variable GAZETTE_SHARD_TIMEOUT (seconds) overrides it. */
#define GZ_SHARD_TIMEOUT_MS 3000u
#define GZ_SHARD_TIMEOUT_ENV "GAZETTE_SHARD_TIMEOUT"

typedef struct gz_cluster {
    gz_xap_shard *shards;
    size_t n;
    char *text;                 /* the strings the shards point into */
} gz_cluster;

/* Whether path names a stub file (a regular file) rather than an index
 * (a directory, or nothing yet). */
bool gz_cluster_is_stub(const char *path);
/* Reads a stub: GZ_ERR_CORRUPT with the file and line of a line it does
 * not understand, of a line naming a file (a stub: itself, or one that
 * lists it back) and of a shard listed twice; GZ_ERR_NOT_FOUND when it
 * cannot be read.  A stub is the index as far as users go: one it cannot
 * use is an index that cannot be opened (exit 1, HTTP 503), not a bad
 * argument.  '#' starts a comment at the start of a line or after a blank. */
gz_status gz_cluster_read(const char *path, gz_cluster *c, char *err, size_t errlen);
void gz_cluster_release(gz_cluster *c);
/* Creates a stub at path for n local shards in path.shards/0..n-1 (the
 * indexes themselves are created by the first writer).  Refuses a path
 * that exists. */
gz_status gz_cluster_create(const char *path, unsigned n, char *err, size_t errlen);

/* The reader's timeout: GAZETTE_SHARD_TIMEOUT's seconds, or the default;
 * -1 when the variable is set to something else than a positive number. */
long gz_cluster_timeout_ms(void);

/* Opens path, a plain index or a stub, for searching.  err names path. */
gz_status gz_cluster_open_reader(const char *path, gz_xap_reader **out, char *err,
                                 size_t errlen);

/* Does each shard of the reader over stub `path` hold the place the stub
 * gives it ("k/n", n its lines)?  0 when all that answered do, and for a
 * reader over one index; else 1 with why (a stub older than a --reshard,
 * shards listed out of order: the articles of a shard the stub misses are
 * not searched).  Shards that record no place are not judged. */
bool gz_cluster_places_disagree(gz_xap_reader *r, const char *path, char *why, size_t whylen);

enum { GZ_CLUSTER_RESHARD = 1 << 8 };   /* with the GZ_XAP_ writer flags */
/* Opens path, a plain index or a stub, for writing.  Over a stub, each
 * shard must hold its place and the stub's count ("k/N"), or be empty
 * (it is then given them): a changed count is refused with a message
 * saying how to reshard, unless flags has GZ_CLUSTER_RESHARD, which moves
 * every article to its new shard first. */
gz_status gz_cluster_open_writer(const char *path, unsigned flags, gz_xap_writer **out,
                                 char *err, size_t errlen);

#endif
