/*
 * search.h - the search library behind gazette-search and gazette.cgi:
 * opens an index with the analyzer it was built with, runs a query with
 * BM25, counts facets (exactly, or over a sample of a huge match set),
 * makes snippets, suggests spellings.
 *
 * Ownership: a gz_search_result owns everything its hits and facets point
 * to, until gz_search_result_release().
 */
#ifndef GZ_SEARCH_H
#define GZ_SEARCH_H

#include <stdbool.h>
#include <jansson.h>
#include <stddef.h>

#include "facet_types.h"
#include "gz_xapian.h"
#include "schema.h"
#include "snippet.h"

/* The default ranking, chosen on judged collections with `make releval`
 * (docs/design/ranking.md has the table): BM25 with k1 = 1.6, b = 0.6; a query
 * word in the headline (or lead sentence) adds 0.2 of its weight again;
 * the 10 most telling words of the top 10 hits reorder the matches of a
 * query of four words or more at 0.3 (pseudo-relevance feedback).  Xapian's own BM25 defaults are 1, 0.5. */
#define GZ_BM25_K1 1.6
#define GZ_BM25_B 0.6
/* BM25's other parameters, at Xapian's defaults: k2 = 0 (no document-length
 * correction term), k3 = 1 (a word the query holds twice counts twice,
 * linearly), and lengths below half the average normalised as half (so a
 * one-line brief is not scored as infinitely dense). */
#define GZ_BM25_K2 0.0
#define GZ_BM25_K3 1.0
#define GZ_BM25_MIN_NORMLEN 0.5
#define GZ_TITLE_WEIGHT 0.2
#define GZ_EXPAND_DOCS 10
#define GZ_EXPAND_TERMS 10
#define GZ_EXPAND_WEIGHT 0.3
/* Expansion runs the query twice and reads the top hits' term lists: a
 * query of fewer words than this (a few keywords, the common query: its
 * words already say what is wanted) or of more phrases than that (the
 * costliest kind) is ranked without it (docs/design/ranking.md, limits.md). */
#define GZ_EXPAND_MIN_WORDS 4
#define GZ_EXPAND_MAX_PHRASES 2
/* A gz_search_request initialiser's ranking fields at their defaults. */
#define GZ_RANKING_DEFAULTS                                                     \
    .bm25_k1 = GZ_BM25_K1, .bm25_b = GZ_BM25_B, .title_weight = GZ_TITLE_WEIGHT, \
    .expand_docs = GZ_EXPAND_DOCS, .expand_terms = GZ_EXPAND_TERMS,             \
    .expand_weight = GZ_EXPAND_WEIGHT
#define GZ_SNIPPET_BYTES 240
/* Facets are counted exactly over up to this many matches, and over a
 * uniform sample of about this many above it (docs/design/facets.md). */
#define GZ_FACET_SAMPLE 10000

typedef enum gz_sort { GZ_SORT_RELEVANCE, GZ_SORT_DATE, GZ_SORT_DATE_ASC } gz_sort;

/* The entity facets (no months), as a gz_search_request.facet_mask. */
#define GZ_FACET_MASK_ENTITIES \
    ((1u << GZ_FACET_COUNTRY) | (1u << GZ_FACET_PERSON) | (1u << GZ_FACET_ORG))

/* A filter given apart from the query text (the CGI's country=KP). */
typedef struct gz_filter {
    const char *field;        /* country, person, org, date */
    const char *value;        /* date: YYYY[-MM[-DD]] or FROM..TO */
} gz_filter;

typedef struct gz_search_request {
    const char *query;        /* may be "" when filters are given */
    int any;                  /* rank by any word instead of requiring all */
    unsigned offset, limit;
    double bm25_k1, bm25_b;
    /* Pseudo-relevance feedback (docs/design/ranking.md): the expand_terms most
     * telling words of the top expand_docs hits reorder the matches at
     * expand_weight; expand_docs 0: none. */
    unsigned expand_docs, expand_terms;
    double expand_weight;
    /* A query word also in the headline (or, without one, the lead
     * sentence) adds title_weight times its weight there; 0: no. */
    double title_weight;
    gz_sort sort;
    int facets;               /* count facets over the whole match set */
    unsigned facet_mask;      /* which (1 << gz_facet) to report; 0: all */
    unsigned facet_limit;     /* values per facet (months: all) */
    unsigned long facet_sample; /* GZ_FACET_SAMPLE; 0: always count every match */
    int facet_days;           /* the month facet counts days (a month's timeline) */
    int snippets;
    const gz_filter *filters;
    size_t nfilters;
    /* One hit per story (the best-ranked copy) unless no_collapse, or the
     * query asks for a story: (docs/design/stories.md). */
    int no_collapse;
    /* Articles related to the one with this id (its telling words and its
     * people and countries; its own story left out); the query, if any,
     * filters them.  NULL: an ordinary search. */
    const char *like_id;
    /* One article, whole (the article view): the one with this id, its
     * full text as the snippet with the query's words marked.  NULL: an
     * ordinary search. */
    const char *show_id;
    /* Nothing found: no help (what a search without each filter would
     * find, what the archive holds); set for the searches that find it. */
    int no_help;
} gz_search_request;

typedef struct gz_hit {
    json_t *doc;              /* the stored article: id, date, title, ... */
    char *body;               /* its text */
    double score;
    gz_snippet snippet;       /* empty unless requested */
    char story[GZ_STORY_KEY_MAX]; /* its story key ("": no other article copies it) */
    unsigned long similar;    /* the story's other articles, in the whole archive */
} gz_hit;

/* A shard of a cluster that did not answer (cluster.h). */
typedef struct gz_shard_failure {
    char *shard;              /* host:port, or a local shard's path */
    char *error;              /* why: refused, timed out ... */
    int whole_stub;           /* not a shard: the stub disagrees with its shards */
} gz_shard_failure;

/* Where a search's time went, in milliseconds (qbench shows where the
 * slowest searches spend theirs). */
typedef struct gz_search_timing {
    double prepare;           /* the query, the facet plan, the expansion */
    double rank;              /* Xapian's ranking pass (with its spies) */
    double hits;              /* the hits' articles and snippets */
    double facets;            /* waiting for the facets counted apart, reading them */
    double recount;           /* counting displayed facet values again */
    double help;              /* a spelling suggestion, what finds something when nothing did */
    double total;
} gz_search_timing;

typedef struct gz_search_result {
    unsigned long total;
    int total_exact;
    gz_hit *hits;
    size_t nhits;
    int has_facets;
    int facets_exact;         /* 0: estimated from a sample (so is total) */
    gz_facet_list facets[GZ_NFACETS];
    char *suggestion;         /* a corrected query, or NULL */
    char *query;              /* the query as searched, when it had to be
                                 repaired (invalid UTF-8); else NULL */
    char *notice;             /* one line for the reader: how the query was
                                 understood when not as typed; or NULL */
    char *about;              /* related articles: the headline of the article
                                 they are related to; else NULL */
    /* Nothing found: what the search finds without each of its filters
     * (those that find something), and what the archive holds. */
    struct gz_relaxed {
        const char *field;    /* the request's filter (borrowed), or one typed */
        const char *value;    /* into the query (in owned) */
        unsigned long total;
        char *query;          /* typed: the query without it (in owned); else NULL */
        char *owned;
    } *relaxed;
    size_t nrelaxed;
    unsigned long archive_documents;      /* 0: not asked */
    char archive_first[11], archive_last[11];
    gz_facet_list archive_sources;
    int expanded;             /* reordered by pseudo-relevance feedback */
    int collapsed;            /* one hit per story: total counts stories (facets
                                 count articles all the same) */
    unsigned long articles;   /* the articles matching, before collapsing (as
                                 exact or estimated as total) */
    int articles_counted;     /* articles is the facet pass's count (exact, or
                                 from a sample: the same over any shards) */
    /* Partial: some shards did not answer, and everything above is from
     * the others. */
    gz_shard_failure *failed;
    size_t nfailed;
    gz_search_timing timing;
} gz_search_result;

typedef struct gz_stats {
    unsigned long documents;
    char first_date[11], last_date[11];   /* "" when empty */
    char language[32];
    unsigned long long bytes;             /* files of the index */
    gz_facet_list top[GZ_NFACETS];        /* the most frequent entities */
} gz_stats;

typedef struct gz_searcher gz_searcher;

/* The query that lists story `key` (story:KEY, quoted when the key holds
 * more than letters, digits and - . _) into out; its length, or 0 when it
 * does not fit or cannot be quoted. */
size_t gz_story_query(const char *key, char *out, size_t cap);

/* Opens the index read-only. */
gz_status gz_searcher_open(const char *path, gz_searcher **out, char *err, size_t errlen);
void gz_searcher_close(gz_searcher *s);
/* For a searcher kept open across requests (gazette.fcgi): sees what the
 * indexer has committed since.  err as for open. */
gz_status gz_searcher_refresh(gz_searcher *s, char *err, size_t errlen);

/* Fills *res.  Query text that does not parse is searched as words (and
 * res->notice says so); only a wrong field value or filter gives
 * GZ_ERR_INVALID, with err saying what is wrong and where. */
gz_status gz_searcher_run(gz_searcher *s, const gz_search_request *req,
                          gz_search_result *res, char *err, size_t errlen);
void gz_search_result_release(gz_search_result *res);
/* Whether the results count stories: collapsed, and a hit stands for
 * copies too, or the articles matching outnumber the total (then the CLI
 * and the page say "stories"). */
bool gz_search_result_counts_stories(const gz_search_result *res);

/* The English name of a country code, from the index ("KP" -> "North
 * Korea"); NULL when unknown.  Owned by the searcher. */
const char *gz_searcher_country_label(gz_searcher *s, const char *code);

gz_status gz_searcher_stats(gz_searcher *s, unsigned facet_limit, gz_stats *st,
                            char *err, size_t errlen);
void gz_stats_release(gz_stats *st);

#endif
