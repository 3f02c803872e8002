/*
 * facet_recount.c - exact counts for displayed facet values (facet_recount.h).
 */
#include "facet_recount.h"

#include <pthread.h>
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

/* The cheap values: a filter each, the values they stand for and the
 * bound of each with q. */
struct cheap_set {
    gz_xap_query **filters;
    gz_facet_value **values;
    gz_facet *facets;
    unsigned long *bounds;
    size_t n;
};

static int cheap_set_alloc(struct cheap_set *c, size_t n)
{
    memset(c, 0, sizeof *c);
    c->filters = calloc(n ? n : 1, sizeof *c->filters);
    c->values = calloc(n ? n : 1, sizeof *c->values);
    c->facets = calloc(n ? n : 1, sizeof *c->facets);
    c->bounds = calloc(n ? n : 1, sizeof *c->bounds);
    return c->filters && c->values && c->facets && c->bounds ? 0 : -1;
}

static void cheap_set_add(struct cheap_set *c, gz_xap_query *fq, gz_facet_value *v, gz_facet f,
                          unsigned long bound)
{
    c->filters[c->n] = fq;
    c->values[c->n] = v;
    c->facets[c->n] = f;
    c->bounds[c->n++] = bound;
}

static void cheap_set_release(struct cheap_set *c)
{
    for (size_t k = 0; k < c->n; k++)
        gz_xap_query_free(c->filters[k]);
    free(c->filters);
    free(c->values);
    free(c->facets);
    free(c->bounds);
}

/* The candidates whose count with q is bounded by `cheap` matches: a value
 * no filter can express, or a larger one, keeps its estimate. */
static gz_status pick_cheap(gz_xap_reader *r, const gz_query_env *env, const gz_xap_query *q,
                            const struct candidate *todo, size_t n, unsigned long cheap,
                            struct cheap_set *c)
{
    if (cheap_set_alloc(c, n) < 0)
        return GZ_ERR_NOMEM;
    gz_status st = GZ_OK;
    for (size_t k = 0; k < n && st == GZ_OK; k++) {
        gz_xap_query *fq = value_filter(env, todo[k].f, todo[k].v->value);
        unsigned long bound = 0;
        if (fq && (st = bound_of(r, q, fq, &bound)) == GZ_OK && bound <= cheap)
            cheap_set_add(c, fq, todo[k].v, todo[k].f, bound);
        else
            gz_xap_query_free(fq);
    }
    return st;
}

/* One part of the counting pass: q filtered by any of the part's values,
 * every match checked, their entities counted item by item
 * (gz_facet_spies); run on the caller's thread or on one of its own, each
 * part with its own reader and query. */
struct pass_part {
    struct cheap_set set;
    gz_xap_reader *reader;
    gz_xap_query *query;
    gz_xap_search_opts opts;
    gz_xap_results *xr;
    gz_status st;
    pthread_t thread;
    int threaded;
};

static gz_status part_prepare(struct pass_part *p, gz_xap_reader *r, const gz_xap_query *q,
                              unsigned long docs, int own_copy)
{
    gz_xap_query *any = gz_xap_query_combine(GZ_XAP_OP_OR, p->set.filters, p->set.n);
    gz_xap_query *pair[2] = {(gz_xap_query *)q, any};
    gz_xap_query *both = any ? gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2) : NULL;
    gz_xap_query_free(any);
    /* Xapian's queries share nodes under counts that are not atomic: a
     * part run on another thread gets a deep copy */
    p->query = both && own_copy ? gz_xap_query_copy(both) : both;
    if (p->query != both)
        gz_xap_query_free(both);
    if (!p->query)
        return GZ_ERR_NOMEM;
    p->reader = r;
    p->opts = (gz_xap_search_opts){.count = 0, .unweighted = 1, .check_at_least = (unsigned)docs};
    gz_facet_spies(&p->opts, 1);
    for (size_t k = 0; k < p->set.n; k++)   /* (the combined slot's groups are the facets) */
        p->opts.split_only |= 1u << p->set.facets[k];
    return GZ_OK;
}

static void *part_run(void *arg)
{
    struct pass_part *p = arg;
    p->st = gz_xap_search(p->reader, p->query, &p->opts, &p->xr);
    return NULL;
}

/* The part's values get their counts, when its pass saw every match. */
static gz_status part_take(struct pass_part *p, const gz_facet_env *fenv)
{
    int exact = 0;
    if (p->threaded)
        pthread_join(p->thread, NULL);
    p->threaded = 0;
    if (p->st == GZ_OK && (gz_xap_results_total(p->xr, &exact), exact))
        return gz_facets_count_values(fenv, p->xr, p->set.facets, p->set.values, p->set.n);
    return p->st;
}

static void part_release(struct pass_part *p)
{
    if (p->threaded)
        pthread_join(p->thread, NULL);
    gz_xap_results_free(p->xr);
    gz_xap_query_free(p->query);
    cheap_set_release(&p->set);
}

/* Deals the values out to two parts of about equal bounds (the largest
 * first, each to the lighter part): the pass's time follows the articles
 * it checks.  The filters move to the parts. */
static int split_in_two(struct cheap_set *c, struct pass_part parts[2])
{
    size_t *order = malloc((c->n ? c->n : 1) * sizeof *order);
    if (!order || cheap_set_alloc(&parts[0].set, c->n) < 0 ||
        cheap_set_alloc(&parts[1].set, c->n) < 0) {
        cheap_set_release(&parts[0].set);
        cheap_set_release(&parts[1].set);
        free(order);
        return -1;
    }
    for (size_t k = 0; k < c->n; k++)
        order[k] = k;
    for (size_t k = 1; k < c->n; k++)       /* (at most 64: insertion sort) */
        for (size_t j = k; j > 0 && c->bounds[order[j]] > c->bounds[order[j - 1]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    unsigned long load[2] = {0, 0};
    for (size_t k = 0; k < c->n; k++) {
        size_t i = order[k], to = load[1] < load[0];
        cheap_set_add(&parts[to].set, c->filters[i], c->values[i], c->facets[i], c->bounds[i]);
        load[to] += c->bounds[i];
    }
    c->n = 0;
    free(order);
    return 0;
}

/* Counts the cheap values exactly: one pass (q filtered by any of them)
 * rather than a query each, so that an article holding several is read
 * once and, where q has fewer matches than the values together, Xapian
 * walks q instead.  A pass that may check more articles than one sample
 * (the values' bounds added up) is split in two, the second half counted
 * at the same time on a second reader: at a million articles a
 * pass checks about one article every 2 microseconds, and a thread's start
 * and a query's copy cost a tenth of a millisecond. */
static gz_status count_cheap(gz_xap_reader *reader, gz_xap_reader *second,
                             const gz_facet_env *fenv, const gz_xap_query *q, unsigned long docs,
                             struct cheap_set *c)
{
    struct pass_part parts[2];
    memset(parts, 0, sizeof parts);
    size_t nparts = 1;
    gz_status st = GZ_OK;
    if (second && split_in_two(c, parts) == 0) {
        nparts = 2;
    } else {                    /* (split_in_two leaves nothing to undo) */
        parts[0].set = *c;
        memset(c, 0, sizeof *c);
    }
    for (size_t i = 0; i < nparts && st == GZ_OK; i++)
        st = part_prepare(&parts[i], i ? second : reader, q, docs, i > 0);
    if (st == GZ_OK && nparts == 2)
        parts[1].threaded = pthread_create(&parts[1].thread, NULL, part_run, &parts[1]) == 0;
    if (st == GZ_OK)
        part_run(&parts[0]);
    if (st == GZ_OK && nparts == 2 && !parts[1].threaded)
        part_run(&parts[1]);
    for (size_t i = 0; i < nparts; i++) {
        gz_status part_st = st == GZ_OK ? part_take(&parts[i], fenv) : GZ_OK;
        if (st == GZ_OK)
            st = part_st;
        part_release(&parts[i]);
    }
    return st;
}

/* Is the pass over c long enough to split: more articles to check than
 * one sample (the values' bounds added up)? */
static int worth_splitting(const struct cheap_set *c, unsigned long cheap)
{
    unsigned long work = 0;
    for (size_t k = 0; k < c->n; k++)
        work += c->bounds[k];
    return c->n >= 2 && work > cheap;
}

gz_status gz_facet_recount(gz_xap_reader *reader, gz_facet_source *src,
                           gz_xap_reader *(*second)(gz_facet_source *src),
                           const gz_facet_env *fenv, const gz_query_env *env,
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
    gz_status st = pick_cheap(reader, env, q, todo,
                              n < GZ_FACET_RECOUNT_MAX ? n : GZ_FACET_RECOUNT_MAX, cheap, &c);
    if (st == GZ_OK && c.n)
        st = count_cheap(reader, worth_splitting(&c, cheap) ? second(src) : NULL, fenv, q, docs,
                         &c);
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
