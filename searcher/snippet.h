/*
 * snippet.h - the passage of an article's text that best shows why it
 * matched, with the matching words marked.
 *
 * Matching uses Gazette's analyzer, the one the index was built with, so it
 * is stem-aware ("meeting" marks "meetings"), phrase-aware (a phrase marks
 * only where its words stand together), and entity-aware (person:"Kim Song
 * Nam" marks "Kim Song-nam": any run of words that folds to the same key).
 */
#ifndef GZ_SNIPPET_H
#define GZ_SNIPPET_H

#include <stddef.h>
#include "status.h"

#include "analyzer.h"
#include "query.h"
#include "strbuf.h"

typedef struct gz_span {
    size_t start, end;      /* byte offsets into the snippet text */
} gz_span;

typedef struct gz_snippet {
    gz_strbuf text;         /* "…" marks text left out at either end */
    gz_span *spans;         /* the marked words, in order */
    size_t nspans, cap;
} gz_snippet;

/* Snippets look for the query's words in this much of an article at most,
 * so that a huge article costs a search no more than a long one (docs/design/limits.md); past it, the lead is shown. */
#define GZ_SNIPPET_SCAN_BYTES (256 * 1024)

/* Fills *out (reset first) from body: at most about max_bytes of it (all
 * of it, from its start, when max_bytes is more than its length).
 * a: the index's analyzer.  GZ_ERR_NOMEM when memory ran out. */
gz_status gz_snippet_make(gz_analyzer *a, const char *body, const gz_query_info *qi,
                    size_t max_bytes, gz_snippet *out);
void gz_snippet_release(gz_snippet *s);

#endif
