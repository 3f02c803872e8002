/*
 * spelling.h - the did-you-mean dictionary, fed in batches.
 *
 * Each article's distinct words are counted in memory; at each commit the
 * words seen in at least two articles of this run join the archive's word
 * list, once: a metadata key per word (GZ_META_WORD + the word), kept by
 * the shard the key routes to.  Metadata, not Xapian's spelling table,
 * because xapian-tcpsrv serves metadata keys and not the spelling table:
 * a search over remote shards reads the list (searcher/did_you_mean.h).
 * A word seen once (a typo, a one-off name) stays out: a dictionary of
 * hapaxes offers typos as corrections.  43% of Reuters' distinct words
 * appear in one article only.
 */
#ifndef GZ_SPELLING_H
#define GZ_SPELLING_H

#include <stddef.h>
#include "status.h"

#include "gz_xapian.h"
#include "strbuf.h"
#include "strmap.h"

typedef struct gz_spelling {
    gz_strmap words;        /* word -> count not yet listed << 2 | CHANGED | LISTED */
    const char **changed;   /* the words counted since the last flush (keys of words) */
    size_t nchanged, cap;
} gz_spelling;

/* Counts one article's use of word; GZ_ERR_NOMEM when out of memory. */
gz_status gz_spelling_note(gz_spelling *sp, const char *word, size_t len);
/* Lists the words that have become common enough (before a commit). */
gz_status gz_spelling_flush(gz_spelling *sp, gz_xap_writer *w);
/* The words counted but not listed, NUL-terminated: those of one article
 * into once, of two or more (none after a flush) into more. */
gz_status gz_spelling_unlisted(const gz_spelling *sp, gz_strbuf *once, gz_strbuf *more);
void gz_spelling_release(gz_spelling *sp);

#endif
