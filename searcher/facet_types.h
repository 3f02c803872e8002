/*
 * facet_types.h - what facet counting takes and gives, apart from the
 * search that asks for it: the facets, their values and lists, the request
 * (how many values, up to how many matches counted exactly) and the counts
 * (with what was estimated).  search.h builds on it; the facet files
 * (facets.h, facet_plan.h, facet_recount.h) need nothing more.
 */
#ifndef GZ_FACET_TYPES_H
#define GZ_FACET_TYPES_H

#include <stddef.h>

/* In the order of the combined value's groups (schema.h). */
typedef enum gz_facet {
    GZ_FACET_COUNTRY, GZ_FACET_PERSON, GZ_FACET_ORG, GZ_FACET_MONTH, GZ_FACET_SOURCE, GZ_NFACETS
} gz_facet;

extern const char *const gz_facet_names[GZ_NFACETS];  /* "country", ..., "source" */

typedef struct gz_facet_value {
    char *value;              /* what a filter takes: KP, Kim Song-nam, 2024-03 */
    char *label;              /* what a reader sees: North Korea */
    unsigned long count;
    int exact;                /* 0: estimated from a sample */
} gz_facet_value;

typedef struct gz_facet_list {
    gz_facet_value *values;
    size_t n;
} gz_facet_list;

/* What a search asks of its facets. */
typedef struct gz_facet_request {
    int wanted;               /* count facets over the whole match set */
    unsigned limit;           /* values per facet (months: all) */
    unsigned long sample;     /* counted exactly up to this many matches; 0: always */
} gz_facet_request;

/* What counting gives back.  The lists are the caller's to release
 * (gz_facet_list_release). */
typedef struct gz_facet_counts {
    int counted;              /* facets were asked for and counted */
    gz_facet_list lists[GZ_NFACETS];
    int exact;                /* no value shown is an estimate */
    int recounted;            /* the estimates were recounted already */
    /* Counted apart from the ranking: the articles matching, as that pass
     * saw them (scaled up from its sample unless matches_exact). */
    int matches_known;
    unsigned long matches;
    int matches_exact;
} gz_facet_counts;

#endif
