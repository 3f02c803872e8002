/*
 * story_ledger.h - the stories of a `-j` run found as one thread finds
 * them, after the threads are done.
 *
 * One thread gives each article the story of the closest earlier article
 * it copies (stories.h).  Threads that each see a part of the input would
 * each see other earlier articles, and the story keys would depend on how
 * -j split the input.  So into an empty index the threads only note, for
 * each article, its place in the input, where it went (shard, document)
 * and its MinHash signature; this pass then walks the notes in input
 * order, finds each article's candidates among the earlier ones exactly as
 * gz_story_find does among the articles of an index (the oldest holders
 * of each shared signature part, at least two parts shared, most shared
 * first), compares the best of them in full, and writes the story keys
 * into the shards.  The result is what `-j 1` gives, whatever -j.
 *
 * Memory: the notes (48 bytes an article) go to a file while the threads
 * run, where the threads' batches need the memory; the pass reads them
 * back, with the sorted signature parts 48 more bytes an article (96 MB
 * at a million articles); the full comparisons read only the articles
 * that share two parts with an earlier one.
 */
#ifndef GZ_STORY_LEDGER_H
#define GZ_STORY_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "shingles.h"
#include "stories.h"

typedef struct gz_story_note {
    uint64_t seq;                       /* the article's place in the run's input */
    uint32_t signature[GZ_MINHASHES];
    unsigned docid;                     /* in its shard */
    unsigned shard;                     /* set by the pass */
    int has_signature;
} gz_story_note;

/* One thread's notes, in the order it indexed its articles, in a file. */
typedef struct gz_story_ledger {
    FILE *file;         /* unlinked at once: nothing of it outlives the run */
    size_t n;
} gz_story_ledger;

/* Creates the ledger's file at path (in the run's scratch directory). */
gz_status gz_story_ledger_open(gz_story_ledger *l, const char *path);
/* Notes an article just written as document docid (sh finished);
 * GZ_ERR_IO when the file cannot take it. */
gz_status gz_story_ledger_note(gz_story_ledger *l, uint64_t seq, unsigned docid,
                               const gz_shingles *sh);
void gz_story_ledger_release(gz_story_ledger *l);

/* The pass: ledgers[k] holds the notes of shards[k] (k < n), which must
 * have been empty when the run began.  Writes the story keys (uncommitted)
 * and releases the ledgers; *joined counts the articles that copy an
 * earlier one.  Sorting, finding candidates and writing the keys use up
 * to `threads` threads; the stories found do not depend on how many.  On
 * an error f's message says why. */
gz_status gz_story_ledger_settle(gz_story_finder *f, gz_story_ledger *ledgers,
                                 gz_xap_writer *const *shards, size_t n, unsigned threads,
                                 unsigned long *joined);

#endif
