/*
 * facet_recount.c - exact counts for displayed facet values (facet_recount.h).
 */
#include "facet_recount.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Xapian's upper bound on the matches of q FILTER fq, from term
 * statistics: no document is visited. */
static gz_status bound_of(gz_xap_reader *r, const gz_xap_query *q, gz_xap_query *fq,
                          unsigned long *bound)
{
    gz_xap_query *pair[2] = {(gz_xap_query *)q, fq};
    gz_xap_query *both = gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2);
    if (!both)
        return GZ_ERR_NOMEM;
    gz_xap_search_opts opts = {.count = 0, .unweighted = 1};
    gz_xap_results *xr = NULL;
    gz_status st = gz_xap_search(r, both, &opts, &xr);
    *bound = st == GZ_OK ? gz_xap_results_upper_bound(xr) : 0;
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

/* The cheap values: a filter each, and the values they stand for. */
struct cheap_set {
    gz_xap_query **filters;
    gz_facet_value **values;
    gz_facet *facets;
    size_t n;
};

static void cheap_set_release(struct cheap_set *c)
{
    for (size_t k = 0; k < c->n; k++)
        gz_xap_query_free(c->filters[k]);
    free(c->filters);
    free(c->values);
    free(c->facets);
}

/* The candidates whose count with q is bounded by `cheap` matches: a value
 * no filter can express, or a larger one, keeps its estimate. */
static gz_status pick_cheap(gz_xap_reader *r, const gz_query_env *env, const gz_xap_query *q,
                            const struct candidate *todo, size_t n, unsigned long cheap,
                            struct cheap_set *c)
{
    c->filters = calloc(n ? n : 1, sizeof *c->filters);
    c->values = calloc(n ? n : 1, sizeof *c->values);
    c->facets = calloc(n ? n : 1, sizeof *c->facets);
    if (!c->filters || !c->values || !c->facets)
        return GZ_ERR_NOMEM;
    gz_status st = GZ_OK;
    for (size_t k = 0; k < n && st == GZ_OK; k++) {
        gz_xap_query *fq = value_filter(env, todo[k].f, todo[k].v->value);
        unsigned long bound = 0;
        if (fq && (st = bound_of(r, q, fq, &bound)) == GZ_OK && bound <= cheap) {
            c->filters[c->n] = fq;
            c->values[c->n] = todo[k].v;
            c->facets[c->n++] = todo[k].f;
        } else
            gz_xap_query_free(fq);
    }
    return st;
}

/* Counts the cheap values exactly in one pass: q filtered by any of them,
 * every match checked, their items counted (gz_facet_spies).  An article
 * holding several is read once, not once per value, and where q has fewer
 * matches than the values together Xapian walks q instead. */
static gz_status count_together(gz_xap_reader *r, const gz_facet_env *fenv,
                                const gz_xap_query *q, unsigned long docs, struct cheap_set *c)
{
    gz_xap_query *any = gz_xap_query_combine(GZ_XAP_OP_OR, c->filters, c->n);
    gz_xap_query *pair[2] = {(gz_xap_query *)q, any};
    gz_xap_query *both = any ? gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2) : NULL;
    gz_xap_query_free(any);
    if (!both)
        return GZ_ERR_NOMEM;
    gz_xap_search_opts opts = {.count = 0, .unweighted = 1, .check_at_least = (unsigned)docs};
    gz_facet_spies(&opts, 1);
    gz_xap_results *xr = NULL;
    gz_status st = gz_xap_search(r, both, &opts, &xr);
    int exact = 0;
    if (st == GZ_OK && (gz_xap_results_total(xr, &exact), exact))
        st = gz_facets_count_values(fenv, xr, c->facets, c->values, c->n);
    gz_xap_results_free(xr);
    gz_xap_query_free(both);
    return st;
}

gz_status gz_facet_recount(gz_xap_reader *r, const gz_facet_env *fenv, const gz_query_env *env,
                           const gz_xap_query *q, unsigned long docs, unsigned long cheap,
                           unsigned limit, gz_facet_list lists[GZ_NFACETS], int *exact)
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
    struct cheap_set c = {0};
    gz_status st = pick_cheap(r, env, q, todo, n < GZ_FACET_RECOUNT_MAX ? n : GZ_FACET_RECOUNT_MAX,
                              cheap, &c);
    if (st == GZ_OK && c.n)
        st = count_together(r, fenv, q, docs, &c);
    cheap_set_release(&c);
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
