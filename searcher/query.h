/*
 * query.h - turns what a user typed into a Xapian query, analysing every
 * word with the same analyzer the index was built with.
 *
 * Grammar (so far): words, all required; "quoted phrases"; -word or
 * -"phrase" to exclude.  A hyphenated word matches its parts as a phrase or
 * its joined form ("Song-nam" finds "Song Nam" and "Songnam").
 */
#ifndef GZ_QUERY_H
#define GZ_QUERY_H

#include <stddef.h>

#include "analyzer.h"
#include "gz_xapian.h"

/* Returns a query the caller frees, or NULL with err saying why (and at
 * which character of text). */
gz_xap_query *gz_query_parse(gz_analyzer *a, const char *text, char *err, size_t errlen);

#endif
