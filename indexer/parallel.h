/*
 * parallel.h - `gazette-index -j N`: N threads each build a shard of their
 * own, then the shards are merged into the target index.
 *
 * Articles are routed to shards by a hash of their id, so two copies of one
 * article meet in the same shard and replace there.  Into an empty target
 * the shards are merged by compaction (the fast path); into a non-empty one
 * each shard's documents replace by id in the target's writer.  Shards live
 * in "<db>.gazette-tmp/" and are removed afterwards; the target only changes
 * at the end, so a kill leaves it at its last commit.
 */
#ifndef GZ_PARALLEL_H
#define GZ_PARALLEL_H

#include <stddef.h>
#include "status.h"

#include "article.h"
#include "compaction.h"
#include "gz_xapian.h"
#include "progress.h"
#include "session.h"
#include "strbuf.h"

typedef struct gz_parallel gz_parallel;

/* The shards are built with opts (language settled, gazetteer shared,
 * names: the target's map, which must outlive finish or abort).  fresh:
 * the target is empty and local, so the shards will be compacted into it
 * and the stories found after the threads, in input order
 * (story_ledger.h). */
gz_parallel *gz_parallel_start(const char *db_path, const gz_session_opts *opts,
                               unsigned nthreads, int fresh, char *err, size_t errlen);
/* Hands the article over (*a is left clear); blocks while the shard's queue
 * is full.  Returns a worker's failure when one has failed (see
 * gz_parallel_finish). */
gz_status gz_parallel_add(gz_parallel *p, gz_article *a);
/* Waits for the workers and merges their shards into *target, which may be
 * closed and reopened on the way.  Adds the workers' counts to *stats, and
 * the time of each phase to *ph; into an empty index the shards are
 * compacted into it (*c says so, with the sizes). */
gz_status gz_parallel_finish(gz_parallel *p, gz_session **target,
                             const gz_session_opts *target_opts, gz_session_stats *stats,
                             gz_phases *ph, gz_compaction *c, char *err, size_t errlen);
/* Why a worker failed (after gz_parallel_add returned -1): copied to err. */
void gz_parallel_error(gz_parallel *p, char *err, size_t errlen);
/* Stops the workers and removes the shards (after an interruption). */
void gz_parallel_abort(gz_parallel *p);

#endif
