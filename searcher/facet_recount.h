/*
 * facet_recount.h - the facet values a reader sees, counted exactly when
 * that is cheap, after they were estimated from a sample.
 *
 * A sampled count c (a fraction f of the matches) is off by about
 * sqrt(c / f) -- a large share of a small count: on 200,000 generated
 * articles the query "the" showed "Group of Seven" at 736 for 449 articles
 * (docs/design/facets.md).  The small counts are also the cheap ones to count
 * exactly: each displayed value is one filter ANDed with the query, whose
 * upper bound (Xapian's, from term statistics) says how many articles the
 * count could visit.  A value whose bound is within the sample size is
 * counted exactly; a larger one keeps its estimate, whose relative error
 * is small, and stays marked as one.  The cheap values are counted in one
 * pass, not one each: q filtered by any of them, their entities counted
 * item by item (gz_facet_spies), so that an article naming several is
 * read once; counted one by one, the tail of a million-article archive
 * was this recount (docs/design/facets.md).  A long pass is split over
 * two readers, run at the same time.
 */
#ifndef GZ_FACET_RECOUNT_H
#define GZ_FACET_RECOUNT_H

#include "facet_plan.h"
#include "facet_types.h"
#include "facets.h"
#include "query.h"

/* A sampled entity facet keeps this many times the values asked for, so
 * that a value the sample ranked just below the top still gets its exact
 * count (and its place, when that puts it above another). */
#define GZ_FACET_CANDIDATES 2
/* At most this many values are counted again per search: each is a query
 * of its own (a broad query over many months would otherwise pay for
 * hundreds); the rest keep their estimates, marked. */
#define GZ_FACET_RECOUNT_MAX 64

/* Recounts the facet values in lists, of query q (the match set the
 * facets were counted over, on reader; fenv: how their entities are
 * keyed), whose bound is at most `cheap` matches; marks each value exact
 * or not, sorts the entity facets again by count, keeps the top `limit` of
 * each (0: all); *exact: every value kept is exact.  second(src): another
 * reader of the same index, asked for only when a pass is long enough to
 * split over two threads (NULL from it: one pass on reader). */
gz_status gz_facet_recount(gz_xap_reader *reader, gz_facet_source *src,
                           gz_xap_reader *(*second)(gz_facet_source *src),
                           const gz_facet_env *fenv, const gz_query_env *env,
                           const gz_xap_query *q, unsigned long docs, unsigned long cheap,
                           unsigned limit, gz_facet_list lists[GZ_NFACETS], int *exact);

#endif
