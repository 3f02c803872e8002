/*
 * facet_recount.c - exact counts for displayed facet values (facet_recount.h).
 */
#include "facet_recount.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "schema.h"

/* The filter a facet value stands for: the month's term (a date filter is
 * a value range, whose bound is every dated article), else what a field
 * filter on the value builds (a person's every spelling, as the facet
 * counts them). */
static gz_xap_query *value_filter(const gz_query_env *env, gz_facet f, const char *value)
{
    if (f == GZ_FACET_MONTH && strlen(value) == 10) {      /* a day of a month's timeline */
        char ymd[9] = {value[0], value[1], value[2], value[3], value[5], value[6], value[8],
                       value[9], 0}, term[16];
        size_t len = gz_schema_term(GZ_PREFIX_DAY, ymd, 8, term, sizeof term);
        return len ? gz_xap_query_term(term, len, 0) : NULL;
    }
    if (f == GZ_FACET_MONTH) {
        char term[16];
        size_t len = gz_schema_month_term(value, term, sizeof term);
        return len ? gz_xap_query_term(term, len, 0) : NULL;
    }
    gz_query_info info;
    memset(&info, 0, sizeof info);
    gz_xap_query *fq = NULL;
    char err[256];
    if (gz_query_filter(env, gz_facet_names[f], value, &info, &fq, err, sizeof err) != GZ_OK)
        fq = NULL;
    gz_query_info_release(&info);
    return fq;
}

/* v's exact count when its bound is at most cheap (v->exact then set). */
static gz_status recount_value(gz_xap_reader *r, const gz_query_env *env, const gz_xap_query *q,
                               gz_facet f, gz_facet_value *v, unsigned long docs,
                               unsigned long cheap)
{
    gz_xap_query *fq = value_filter(env, f, v->value);
    if (!fq)
        return GZ_OK;   /* a value no filter can express keeps its estimate */
    gz_xap_query *pair[2] = {(gz_xap_query *)q, fq};
    gz_xap_query *both = gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2);
    gz_xap_query_free(fq);
    if (!both)
        return GZ_ERR_NOMEM;
    gz_xap_search_opts bound = {.count = 0, .unweighted = 1};
    gz_xap_results *xr = NULL;
    gz_status st = gz_xap_search(r, both, &bound, &xr);
    if (st == GZ_OK && gz_xap_results_upper_bound(xr) <= cheap) {
        gz_xap_results_free(xr);
        xr = NULL;
        gz_xap_search_opts all = {.count = 0, .unweighted = 1, .check_at_least = (unsigned)docs};
        if ((st = gz_xap_search(r, both, &all, &xr)) == GZ_OK) {
            int exact = 0;
            unsigned long n = gz_xap_results_total(xr, &exact);
            if (exact) {
                v->count = n;
                v->exact = 1;
            }
        }
    }
    gz_xap_results_free(xr);
    gz_xap_query_free(both);
    return st;
}

struct candidate {
    int rank;           /* 0: shown, 1: a candidate below the top, 2: a month */
    gz_facet f;
    gz_facet_value *v;
};

/* The values shown first, then those that may move into the top, then
 * months; within each the smallest estimates first: their relative error
 * is the largest, and they are the cheapest to count. */
static int by_need(const void *x, const void *y)
{
    const struct candidate *a = x, *b = y;
    if (a->rank != b->rank)
        return a->rank - b->rank;
    return (a->v->count > b->v->count) - (a->v->count < b->v->count);
}

gz_status gz_facet_recount(gz_xap_reader *r, const gz_query_env *env, const gz_xap_query *q,
                           unsigned long docs, unsigned long cheap, unsigned limit,
                           gz_facet_list lists[GZ_NFACETS], int *exact)
{
    size_t n = 0;
    for (int f = 0; f < GZ_NFACETS; f++)
        n += lists[f].n;
    struct candidate *todo = calloc(n ? n : 1, sizeof *todo);
    if (!todo)
        return GZ_ERR_NOMEM;
    n = 0;
    for (int f = 0; f < GZ_NFACETS; f++)
        for (size_t i = 0; i < lists[f].n; i++)
            if (!lists[f].values[i].exact)
                todo[n++] = (struct candidate){f == GZ_FACET_MONTH ? 2 : limit && i >= limit,
                                               (gz_facet)f, &lists[f].values[i]};
    qsort(todo, n, sizeof *todo, by_need);
    gz_status st = GZ_OK;
    for (size_t k = 0; k < n && k < GZ_FACET_RECOUNT_MAX && st == GZ_OK; k++)
        st = recount_value(r, env, q, todo[k].f, todo[k].v, docs, cheap);
    free(todo);
    if (st != GZ_OK)
        return st;
    int all_exact = 1;
    for (int f = 0; f < GZ_NFACETS; f++) {
        gz_facet_list *l = &lists[f];
        gz_facet_list_order(l, f == GZ_FACET_MONTH, limit);
        for (size_t i = 0; i < l->n; i++)
            all_exact &= l->values[i].exact;
    }
    *exact = all_exact;
    return GZ_OK;
}
