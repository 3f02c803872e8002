/*
 * qbench.c - in-process query latency of the search library: runs each
 * query of a file (one per line) through gz_searcher_run, in three modes
 * (top 10; with snippets; with snippets and facets, sampled above
 * GZ_FACET_SAMPLE matches as gazette-search does; the same with facets
 * always counted over every match) and prints one line per mode:
 * "mode p50_ms p95_ms p99_ms" (Markdown-table friendly).  Last, the floor
 * of any engine on Xapian: "xapian-floor", each query's stemmed words ORed
 * and ranked by Xapian's BM25 through the binding alone, top 10 and their
 * stored data -- for a cluster, what Xapian's own remote search costs.
 * Then "termfreq": one term's frequency (the query's first word), which a
 * cluster asks each shard for in turn: the price of one round trip per shard.
 * Last, where the time of the slowest searches with facets goes: the mean
 * of each stage (gz_search_timing) over the slowest 1% and 5%, and the
 * median search's.
 *
 *   qbench INDEX QUERIES [ROUNDS [FACET_SAMPLE [plain|no-expand|no-collapse]]]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "cluster.h"
#include "search.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct timed {
    double ms;
    gz_search_timing t;
};

static int by_ms(const void *a, const void *b)
{
    return by_value(&((const struct timed *)a)->ms, &((const struct timed *)b)->ms);
}

/* The mean of each stage over the searches from index `from` of sorted. */
static void print_stages(const char *name, const struct timed *sorted, size_t n, size_t from)
{
    gz_search_timing sum = {0};
    size_t k = n - from;
    for (size_t i = from; i < n; i++) {
        sum.prepare += sorted[i].t.prepare;
        sum.rank += sorted[i].t.rank;
        sum.hits += sorted[i].t.hits;
        sum.facets += sorted[i].t.facets;
        sum.recount += sorted[i].t.recount;
        sum.help += sorted[i].t.help;
        sum.total += sorted[i].t.total;
    }
    double other = sum.total - sum.prepare - sum.rank - sum.hits - sum.facets - sum.recount -
                   sum.help;
    printf("stages(%s, %zu searches) prepare %.2f rank %.2f hits %.2f facets %.2f recount %.2f "
           "help %.2f other %.2f total %.2f\n", name, k, sum.prepare / k, sum.rank / k,
           sum.hits / k, sum.facets / k, sum.recount / k, sum.help / k, other / k, sum.total / k);
}

static double pct(const double *sorted, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

struct terms {
    gz_xap_query *parts[64];
    size_t n;
};

static int add_term(void *ctx, const gz_token *tok)
{
    struct terms *t = ctx;
    if (t->n < 64)
        t->parts[t->n++] = gz_xap_query_term(tok->term, tok->term_len, 1);
    return 0;
}

/* Xapian's own cost: words ORed, BM25, the top 10's data. */
static double floor_query(gz_xap_reader *r, gz_analyzer *a, const char *query)
{
    struct terms t = {.n = 0};
    double t0 = now_ms();
    gz_analyzer_run(a, query, strlen(query), 0, add_term, &t, NULL);
    gz_xap_query *q = gz_xap_query_combine(GZ_XAP_OP_OR, t.parts, t.n);
    gz_xap_search_opts opts = {.count = 10, .bm25 = {1.2, 0, 1, 0.75, 0.5}};
    gz_xap_results *xr = NULL;
    size_t bytes = 0;
    if (q && gz_xap_search(r, q, &opts, &xr) == GZ_OK)
        for (size_t i = 0; i < gz_xap_results_size(xr); i++)
            bytes += strlen(gz_xap_results_data(xr, i, NULL));
    gz_xap_results_free(xr);
    gz_xap_query_free(q);
    for (size_t i = 0; i < t.n; i++)
        gz_xap_query_free(t.parts[i]);
    (void)bytes;
    return now_ms() - t0;
}

static int first_term(void *ctx, const gz_token *tok)
{
    snprintf(ctx, GZ_XAP_MAX_TERM + 1, "%s", tok->term);
    return 1;
}

/* One statistic of the whole index: a round trip to each remote shard. */
static double termfreq_query(gz_xap_reader *r, gz_analyzer *a, const char *query)
{
    char term[GZ_XAP_MAX_TERM + 1] = "";
    unsigned long freq = 0;
    gz_analyzer_run(a, query, strlen(query), 0, first_term, term, NULL);
    double t0 = now_ms();
    if (*term && gz_xap_reader_termfreq(r, term, &freq) != GZ_OK)
        fprintf(stderr, "qbench: termfreq of %s failed\n", term);
    return now_ms() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: qbench INDEX QUERIES [ROUNDS [FACET_SAMPLE [plain|no-expand|"
                        "no-collapse]]]\n"
                        "  plain: BM25 alone, without the title weight and the expansion;\n"
                        "  no-expand: without the expansion; no-collapse: every copy of a story\n");
        return 2;
    }
    int rounds = argc > 3 ? atoi(argv[3]) : 1;
    unsigned long sample = argc > 4 ? strtoul(argv[4], NULL, 10) : GZ_FACET_SAMPLE;
    int plain = argc > 5 && strcmp(argv[5], "plain") == 0;
    int no_expand = argc > 5 && strcmp(argv[5], "no-expand") == 0;
    int no_collapse = argc > 5 && strcmp(argv[5], "no-collapse") == 0;
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    char **queries = NULL, line[1024];
    size_t nq = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line)
            continue;
        queries = realloc(queries, (nq + 1) * sizeof *queries);
        queries[nq++] = strdup(line);
    }
    fclose(f);
    char err[1024];
    gz_searcher *s;
    if (!nq || gz_searcher_open(argv[1], &s, err, sizeof err) != GZ_OK) {
        fprintf(stderr, "qbench: %s\n", nq ? err : "no queries");
        return 1;
    }
    static const char *modes[] = {"top10", "top10+snippets", "top10+snippets+facets",
                                  "top10+snippets+exact-facets"};
    double *ms = calloc(nq * (size_t)rounds, sizeof *ms);
    struct timed *faceted = calloc(nq * (size_t)rounds, sizeof *faceted);
    unsigned long hits = 0, sampled = 0;
    for (int mode = 0; mode < 4; mode++) {
        size_t n = 0;
        for (int r = 0; r < rounds; r++)
            for (size_t q = 0; q < nq; q++) {
                gz_search_request req = {.query = queries[q], .limit = 10, GZ_RANKING_DEFAULTS,
                                         .snippets = mode >= 1,
                                         .facets = mode >= 2, .facet_limit = 10,
                                         .facet_sample = mode == 3 ? 0 : sample};
                if (plain)
                    req.title_weight = 0, req.expand_docs = 0;
                if (no_expand)
                    req.expand_docs = 0;
                req.no_collapse = no_collapse;
                gz_search_result res;
                double t0 = now_ms();
                if (gz_searcher_run(s, &req, &res, err, sizeof err) == GZ_OK) {
                    hits += res.nhits;
                    sampled += mode == 2 && !res.facets_exact;
                    if (mode == 2)
                        faceted[n].t = res.timing;
                    gz_search_result_release(&res);
                }
                faceted[n].ms = now_ms() - t0;
                ms[n++] = now_ms() - t0;
            }
        qsort(ms, n, sizeof *ms, by_value);
        printf("%s %.3f %.3f %.3f\n", modes[mode], pct(ms, n, 0.5), pct(ms, n, 0.95), pct(ms, n, 0.99));
    }
    gz_xap_reader *r;
    gz_analyzer *a;
    if (gz_cluster_open_reader(argv[1], &r, err, sizeof err) != GZ_OK ||
        gz_analyzer_new("english", &a) != GZ_OK) {
        fprintf(stderr, "qbench: %s\n", err);
        return 1;
    }
    size_t n = 0;
    for (int rnd = 0; rnd < rounds; rnd++)
        for (size_t q = 0; q < nq; q++)
            ms[n++] = floor_query(r, a, queries[q]);
    qsort(ms, n, sizeof *ms, by_value);
    printf("xapian-floor %.3f %.3f %.3f\n", pct(ms, n, 0.5), pct(ms, n, 0.95), pct(ms, n, 0.99));
    n = 0;
    for (int rnd = 0; rnd < rounds; rnd++)
        for (size_t q = 0; q < nq; q++)
            ms[n++] = termfreq_query(r, a, queries[q]);
    qsort(ms, n, sizeof *ms, by_value);
    printf("termfreq %.3f %.3f %.3f\n", pct(ms, n, 0.5), pct(ms, n, 0.95), pct(ms, n, 0.99));
    gz_analyzer_free(a);
    gz_xap_reader_close(r);
    n = nq * (size_t)rounds;
    qsort(faceted, n, sizeof *faceted, by_ms);
    print_stages("facets, median", faceted, n / 2 + 1, n / 2);
    print_stages("facets, slowest 5%", faceted, n, n - (n + 19) / 20);
    print_stages("facets, slowest 1%", faceted, n, n - (n + 99) / 100);
    fprintf(stderr, "qbench: %zu queries x %d rounds, %lu hits; facets sampled in %lu of %zu\n",
            nq, rounds, hits, sampled, nq * (size_t)rounds);
    free(ms);
    free(faceted);
    for (size_t q = 0; q < nq; q++)
        free(queries[q]);
    free(queries);
    gz_searcher_close(s);
    return 0;
}
