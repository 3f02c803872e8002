/*
 * facets.h - facet counts from Xapian's stock ValueCountMatchSpy.
 *
 * Each article stores one value per facet (its countries, people or orgs,
 * sorted and TAB-separated; its date as YYYYMMDD) and all four in one
 * combined value (schema.h).  A spy counts how many matching articles hold
 * each distinct value; splitting every value and summing per entity gives
 * per-entity counts, months summed per YYYY-MM.  The four slots keep the
 * spies' tables small when every match of a huge set is counted; the
 * combined one costs one value read per article, which is what counting a
 * sample or a small set needs.  Because the spy is Xapian's own,
 * xapian-tcpsrv can run it on remote shards too.
 */
#ifndef GZ_FACETS_H
#define GZ_FACETS_H

#include "analyzer.h"
#include "facet_types.h"
#include "gz_xapian.h"

/* What counting needs from the searcher, handed over as query.c's
 * gz_query_env is (so that this file does not call back into search.c). */
typedef struct gz_facet_env {
    gz_analyzer *folder;        /* language "none": entity keys */
    /* A country code's English name ("KP" -> "North Korea"), or NULL. */
    const char *(*country_label)(void *ctx, const char *code);
    void *ctx;
    int days;                   /* the month facet counts days instead */
} gz_facet_env;

/* The value slots spies count: one per facet, in gz_facet order, or the
 * one combined slot. */
extern const unsigned gz_facet_slots[GZ_NFACETS];
extern const unsigned gz_facet_combined_slot[1];

/* Has the search o describes count facets: one spy on the combined slot,
 * counting its items (gz_xap_search_opts' split_groups: the entities and
 * dates, not the articles' whole values), or one spy per facet slot. */
void gz_facet_spies(gz_xap_search_opts *o, int combined);

/* Fills lists[GZ_NFACETS] from the spies of a search run with gz_facet_slots
 * or (combined) with the one spy on the combined slot.  The top `limit`
 * values of each entity facet, by count; all months, in order.  Counts are
 * multiplied by scale (1 when the spies saw every match; 2^k for sample
 * level k). */
gz_status gz_facets_from_spies(const gz_facet_env *env, gz_xap_results *xr, int combined,
                               unsigned limit, double scale, gz_facet_list lists[GZ_NFACETS]);
/* Sets values[i] (a value of facets[i]) to its exact count among the
 * articles a search counted with the combined slot's spy, and marks it
 * exact: a search over every article holding one of the values, so that
 * none it did not see can hold one. */
gz_status gz_facets_count_values(const gz_facet_env *env, gz_xap_results *xr,
                                 const gz_facet *facets, gz_facet_value *const *values, size_t n);
void gz_facet_list_release(gz_facet_list *l);
/* Entity facets by count (most first, then label) and cut to the top limit
 * (0: all); months in date order, all of them. */
void gz_facet_list_order(gz_facet_list *l, int months, unsigned limit);

#endif
