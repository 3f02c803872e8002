/*
 * did_you_mean.h - a correction for a word the archive does not hold, from
 * its word list (indexer/spelling.h): the listed words within two edits
 * (one for a two-letter word; a swap of neighbours is one edit) that begin
 * with the same letter, the closest first, then the one most articles use.
 *
 * The list is metadata, which xapian-tcpsrv serves, so a search over
 * remote shards corrects exactly as one over the same articles in one
 * index does (Xapian's own spelling table is not served remotely).
 * Keeping the first letter is what lets a search read one slice of the
 * list; a misspelt first letter goes uncorrected.
 */
#ifndef GZ_DID_YOU_MEAN_H
#define GZ_DID_YOU_MEAN_H

#include "analyzer.h"
#include "gz_xapian.h"

/* *better: the correction of word (folded, as the analyzer folds it),
 * malloc'd, or NULL when there is none.  The frequency of a candidate is
 * its stem's article count (the analyzer's stemmer).  An index without a
 * word list (schema 4 and before) is corrected by Xapian's spelling table. */
gz_status gz_did_you_mean(gz_xap_reader *r, gz_analyzer *stemmer, int has_word_list,
                          const char *word, char **better);

#endif
