/*
 * spelling.h - the did-you-mean dictionary, fed in batches.
 *
 * Each article's distinct words are counted in memory; at each commit the
 * words seen in at least two articles of this run go to Xapian's spelling
 * table with their counts, once.  A word seen once (a typo, a one-off
 * name) stays out: Xapian suggests the commonest word near a misspelling,
 * and a dictionary of hapaxes offers typos as corrections.  43% of
 * Reuters' distinct words appear in one article only, and every word new
 * to the table makes Xapian write entries for its letter fragments, so
 * this also takes much of the dictionary's cost out of indexing.
 */
#ifndef GZ_SPELLING_H
#define GZ_SPELLING_H

#include <stddef.h>

#include "gz_xapian.h"
#include "strmap.h"

typedef struct gz_spelling {
    gz_strmap words;        /* word -> count not yet in Xapian << 2 | CHANGED | IN_XAPIAN */
    const char **changed;   /* the words counted since the last flush (keys of words) */
    size_t nchanged, cap;
} gz_spelling;

/* Counts one article's use of word.  0, or -1 when out of memory. */
int gz_spelling_note(gz_spelling *sp, const char *word, size_t len);
/* Hands Xapian the counts it should have (before a commit). */
gz_status gz_spelling_flush(gz_spelling *sp, gz_xap_writer *w);
void gz_spelling_release(gz_spelling *sp);

#endif
