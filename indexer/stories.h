/*
 * stories.h - one story, many copies: a wire item and its corrected
 * repeat, one report from two desks, an update that keeps most of the
 * text.  Each article gets a story key (schema.h: slot 6 and an XS term):
 * that of the article already indexed it copies, else its own.  Search
 * collapses results by it.
 *
 * A copy is an article whose five-word shingles have a Jaccard similarity
 * of at least the threshold (default 0.5, --dup-threshold) with it, found
 * among the articles sharing a MinHash term with it (shingles.h) — except
 * a report of another day that names other numbers: two daily "Fed adds
 * reserves" items differ in little but their figures, and are two events.
 * The key is kept as written: deleting the story's first article leaves
 * the others their story; a later copy joins it.
 */
#ifndef GZ_STORIES_H
#define GZ_STORIES_H

#include "gz_xapian.h"
#include "schema.h"
#include "shingles.h"

#define GZ_DUP_THRESHOLD_DEFAULT 0.5
/* How candidates are found (stories.c says why these numbers): at least
 * this many shared MinHash parts, the oldest this many holders of a part,
 * this many candidates compared in full. */
#define GZ_STORY_MIN_SHARED 2
#define GZ_STORY_MAX_HOLDERS 1000
#define GZ_STORY_MAX_CANDIDATES 16

typedef struct gz_story_finder gz_story_finder;

gz_status gz_story_finder_new(double threshold, gz_story_finder **out);
void gz_story_finder_free(gz_story_finder *f);

/* Tells f that the index it searches was empty when the run began: f then
 * remembers the signature terms it sees added and looks up only those. */
gz_status gz_story_finder_fresh(gz_story_finder *f);
/* The story of the article (id, date YYYYMMDD or "", shingles finished)
 * about to be written through w: the key of the closest article w holds
 * that it copies into key, or "" when it copies none (*joined says which);
 * that article, when it is the story's first, takes its id as key.  On an
 * error, f's message says why. */
gz_status gz_story_find(gz_story_finder *f, gz_xap_writer *w, const char *id, const char *ymd,
                        gz_shingles *sh, char key[GZ_STORY_KEY_MAX], int *joined);
/* Gives an article its story: slot 6, and the XS term unless it is the
 * story's first article (first: key is its own id, as when that article
 * is indexed again). */
gz_status gz_story_set(gz_xap_doc *doc, const char *key, int first);
/* For -j: indexes[0..n) are searched in order (the index the shards join,
 * if any, then the shards); each article of indexes[first..n) (first 0:
 * from 1) that copies an article of an earlier one moves, with its whole
 * story in its own index, to that article's story.  *moved counts the
 * articles moved. */
gz_status gz_story_settle(gz_story_finder *f, gz_xap_writer *const *indexes, size_t n, size_t first,
                          unsigned long *moved);
const char *gz_story_finder_error(const gz_story_finder *f);

/* For a story pass over stored articles (story_ledger.h): the shingles of
 * document docid of w as gz_doc_build took them (finished, into *out,
 * which is released first), its id and its date (YYYYMMDD or ""). */
gz_status gz_story_shingle_doc(gz_story_finder *f, gz_xap_writer *w, unsigned docid,
                               gz_shingles *out, char id[GZ_STORY_KEY_MAX], char ymd[9]);
/* Whether document docid of w is a copy of the article (id, ymd, sh) by
 * gz_story_find's rules: its Jaccard similarity, or -1 when it is not. */
gz_status gz_story_similarity(gz_story_finder *f, gz_xap_writer *w, unsigned docid, const char *id,
                              const char *ymd, gz_shingles *sh, double *similarity);

#endif
