/*
 * search.h - the search library behind gazette-search (and, later, the CGI):
 * opens an index with the analyzer it was built with, runs a query, and
 * hands back hits with their stored fields.
 */
#ifndef GZ_SEARCH_H
#define GZ_SEARCH_H

#include <stddef.h>

#include "gz_xapian.h"

/* Xapian's BM25 defaults (k1=1, b=0.5); README explains the choice. */
#define GZ_BM25_K1 1.0
#define GZ_BM25_B 0.5

typedef struct gz_searcher gz_searcher;

typedef struct gz_search_request {
    const char *query;
    unsigned offset, limit;
    double bm25_k1, bm25_b;
    gz_xap_sort sort;        /* relevance, or by date (value slot) */
} gz_search_request;

typedef struct gz_hit {
    const char *id, *date, *title, *body, *url, *source;  /* owned by the result */
    double score;
} gz_hit;

typedef struct gz_search_result {
    unsigned long total;
    int total_exact;
    size_t nhits;
    gz_hit *hits;
    void *owner;             /* the decoded stored data the hits point into */
} gz_search_result;

gz_status gz_searcher_open(const char *path, gz_searcher **out, char *err, size_t errlen);
void gz_searcher_close(gz_searcher *s);
const char *gz_searcher_language(const gz_searcher *s);

/* Fills *res (release with gz_search_result_release).  A bad query gives
 * GZ_ERR_INVALID with err saying what is wrong and where. */
gz_status gz_searcher_run(gz_searcher *s, const gz_search_request *req,
                          gz_search_result *res, char *err, size_t errlen);
void gz_search_result_release(gz_search_result *res);

#endif
