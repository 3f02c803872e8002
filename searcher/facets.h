/*
 * facets.h - exact facet counts from Xapian's stock ValueCountMatchSpy.
 *
 * Each article stores one value per facet: its countries (or people, or
 * orgs) sorted and TAB-separated.  The spy counts how many matching
 * articles hold each distinct combination; splitting every combination and
 * summing per entity gives exact per-entity counts.  Because the spy is
 * Xapian's own, xapian-tcpsrv can run it on remote shards too.  Months
 * come from the date slot (YYYYMMDD per article), summed per YYYY-MM.
 */
#ifndef GZ_FACETS_H
#define GZ_FACETS_H

#include "analyzer.h"
#include "search.h"

/* Fills lists[GZ_NFACETS] from the spies of a search run with slots
 * countries, people, orgs, date (in that order).  The top `limit` values of
 * each entity facet, by count; all months, in order.  Counts are multiplied
 * by scale (1 when the spies saw every match; buckets / buckets sampled). */
gz_status gz_facets_from_spies(gz_searcher *s, gz_xap_results *xr, unsigned limit,
                               double scale, gz_facet_list lists[GZ_NFACETS]);
void gz_facet_list_release(gz_facet_list *l);

/* The searcher's "none" analyzer, for entity keys (search.c). */
gz_analyzer *gz_searcher_folder(gz_searcher *s);

#endif
