/*
 * facet_plan.c - deciding where a search counts its facets, and counting
 * them apart from the ranking pass when the match set may be large
 * (facet_plan.h).
 */
#include "facet_plan.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cluster.h"
#include "facet_recount.h"
#include "schema.h"

void gz_facet_source_changed(gz_facet_source *src)
{
    src->sample_checked = 0;
}

gz_status gz_facet_source_refresh(gz_facet_source *src, const char **why)
{
    gz_xap_reader *readers[2] = {src->thread_reader, src->recount_reader};
    gz_status st = GZ_OK;
    for (int k = 0; k < 2 && st == GZ_OK; k++) {
        int changed = 0;
        if (readers[k] && (st = gz_xap_reader_reopen(readers[k], &changed)) != GZ_OK)
            *why = gz_xap_reader_last_error(readers[k]);
    }
    return st;
}

void gz_facet_source_release(gz_facet_source *src)
{
    gz_xap_reader_close(src->thread_reader);
    gz_xap_reader_close(src->recount_reader);
    src->thread_reader = src->recount_reader = NULL;
}

static gz_xap_reader *open_once(gz_facet_source *src, gz_xap_reader **reader)
{
    char err[GZ_XAP_ERRMAX + 256];
    if (!*reader && gz_cluster_open_reader(src->path, reader, err, sizeof err) != GZ_OK)
        *reader = NULL;
    return *reader;
}

gz_xap_reader *gz_facet_source_thread_reader(gz_facet_source *src)
{
    return open_once(src, &src->thread_reader);
}

gz_xap_reader *gz_facet_source_recount_reader(gz_facet_source *src)
{
    return open_once(src, &src->recount_reader);
}

/* ---- counting apart ----------------------------------------------------- */

/* Sampling needs every article on level 0; an index begun by an older
 * Gazette has articles without, and is counted exactly instead. */
static int sample_complete(gz_facet_source *src, unsigned long docs)
{
    if (!src->sample_checked) {
        char level0[8];
        unsigned long freq = 0;
        gz_schema_sample_term(0, level0, sizeof level0);
        src->sample_complete = docs > 0 && gz_xap_reader_termfreq(src->reader, level0, &freq) == GZ_OK &&
                               freq == docs;
        src->sample_checked = 1;
    }
    return src->sample_complete;
}

/* The most matches q can have, from term statistics alone (no document is
 * visited).  Not the estimate: that assumes words independent, and news
 * words are not ("markets pct after" was estimated at 20,000 of its 54,768
 * matches on the 1,000,000-article test index).  0 when it cannot tell
 * (then counting is exact). */
static unsigned long most_matches(gz_xap_reader *reader, const gz_xap_query *q)
{
    gz_xap_search_opts opts = {.count = 0, .unweighted = 1};
    gz_xap_results *xr = NULL;
    unsigned long n = 0;
    if (gz_xap_search(reader, q, &opts, &xr) == GZ_OK)
        n = gz_xap_results_upper_bound(xr);
    gz_xap_results_free(xr);
    return n;
}

/* Counts facets (count 0, no early termination) over the matches of q on
 * sample level k: all of them for k = 0.  One filter term, so when the
 * level is rarer than q's words Xapian walks the level, not the words.
 * combined: one spy on the combined slot, else one per facet slot. */
static gz_status spy_pass(gz_xap_reader *r, const gz_xap_query *q, unsigned level,
                          unsigned long docs, int combined, gz_xap_results **xr)
{
    gz_xap_query *sampled = NULL;
    if (level) {
        char term[8];
        gz_xap_query *filter = gz_xap_query_term(term, gz_schema_sample_term(level, term, sizeof term), 0);
        gz_xap_query *pair[2] = {(gz_xap_query *)q, filter};
        sampled = filter ? gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2) : NULL;
        gz_xap_query_free(filter);
        if (!sampled)
            return GZ_ERR_NOMEM;
    }
    gz_xap_search_opts opts = {.count = 0, .unweighted = 1, .check_at_least = (unsigned)docs};
    gz_facet_spies(&opts, combined);
    gz_status st = gz_xap_search(r, level ? sampled : q, &opts, xr);
    gz_xap_query_free(sampled);
    return st;
}

/* The shallowest sample level expected to hold at most `want` of `matches`
 * matches (0: all of them, when they are few enough). */
static unsigned level_for(double matches, unsigned long want)
{
    unsigned level = 0;
    while (level < GZ_SAMPLE_LEVELS && matches > (double)want) {
        matches /= 2;
        level++;
    }
    return level;
}

/* A sample's top values are not quite the true top: keep more of them, for
 * gz_facet_recount to count exactly and cut (facet_recount.h). */
static unsigned sample_candidates(unsigned limit)
{
    return limit && limit <= UINT_MAX / GZ_FACET_CANDIDATES ? limit * GZ_FACET_CANDIDATES : limit;
}

/* The sample's values, recounted on the thread's readers while the
 * ranking pass runs (the sample's reader is free again by then). */
static void recount_on_thread(struct gz_facet_job *j)
{
    j->st = gz_facets_from_spies(&j->fenv, j->xr, 1, sample_candidates(j->limit),
                                 (double)(1u << j->level), j->lists);
    /* (the third reader, when a split needs it, is opened here on the
     * thread: a remote shard that does not answer costs its timeout beside
     * the ranking pass's own) */
    if (j->st == GZ_OK)
        j->st = gz_facet_recount(j->reader, j->src, gz_facet_source_recount_reader, &j->fenv,
                                 &j->qenv, j->q, j->docs, j->want, j->limit, j->lists, &j->exact);
    j->recounted = j->st == GZ_OK;
}

/* Counting every match costs about what a sample and its recount cost
 * together up to some five times the sample size, and less below
 * (docs/design/facets.md): up to there every match is counted, and every
 * count is exact.  The same over remote shards, so that a cluster answers
 * as one index does. */
#define EXACT_FACTOR 5

static unsigned long exact_upto(unsigned long want)
{
    return want <= ULONG_MAX / EXACT_FACTOR ? want * EXACT_FACTOR : ULONG_MAX;
}

/* Facets of a match set too large to count in the ranking pass: every
 * match when there are few enough, else up to about `want` of them from
 * one sample level (want 0: every match, over the four facet slots, whose
 * spies' tables stay small however many there are); a sample's values are
 * then recounted (facet_recount.h) when the job has a side of its own.
 * Its own readers, query and environments, so that it can run in a thread
 * beside the ranking pass (2 cores: the slower of the two sets the time,
 * not their sum). */
static void *facet_job_run(void *arg)
{
    struct gz_facet_job *j = arg;
    unsigned long upto = exact_upto(j->want);
    /* The level comes from the upper bound, so the sample never exceeds
     * `want`.  When the bound was far above the truth (words that seldom
     * meet), the sample says so, and a shallower level is counted, or
     * every match. */
    j->level = j->want && j->most > upto ? level_for((double)j->most, j->want) : 0;
    j->st = spy_pass(j->reader, j->q, j->level, j->docs, j->want > 0, &j->xr);
    if (j->st == GZ_OK && j->level) {
        double matches = (double)gz_xap_results_total(j->xr, NULL) * (double)(1u << j->level);
        unsigned better = matches <= (double)upto ? 0 : level_for(matches, j->want);
        if (better == 0 || better + 2 <= j->level) {
            gz_xap_results_free(j->xr);
            j->xr = NULL;
            j->level = better;
            j->st = spy_pass(j->reader, j->q, j->level, j->docs, 1, &j->xr);
        }
    }
    if (j->st == GZ_OK && j->level && j->recount)
        recount_on_thread(j);
    return NULL;
}

/* Turns a finished job into facets (counts scaled up from a sample) and
 * the articles matching, as it saw them. */
static gz_status take_facet_job(const gz_facet_env *env, struct gz_facet_job *j, unsigned limit,
                                gz_facet_counts *out)
{
    if (j->st != GZ_OK)
        return j->st;
    double scale = (double)(1u << j->level);
    unsigned long seen = gz_xap_results_total(j->xr, NULL);
    out->matches_known = 1;
    out->matches = (unsigned long)((double)seen * scale + 0.5);
    out->matches_exact = !j->level;
    out->exact = !j->level;
    if (j->recounted) {
        memcpy(out->lists, j->lists, sizeof out->lists);
        memset(j->lists, 0, sizeof j->lists);
        out->exact = j->exact;
        out->recounted = 1;
        return GZ_OK;
    }
    return gz_facets_from_spies(env, j->xr, j->want > 0, limit, scale, out->lists);
}

/* Starts the job in a thread with the second reader and a copy of q,
 * recounting a sample there too when side can be readied for it; returns
 * 0 when that cannot be done (then the caller runs the job itself, and
 * recounts after the ranking pass). */
static int start_facet_job(gz_facet_source *src, const gz_xap_query *q, const gz_facet_side *side,
                           struct gz_facet_job *j, gz_xap_query **copy, pthread_t *thread)
{
    gz_xap_reader *second = gz_facet_source_thread_reader(src);
    if (!second || !(*copy = gz_xap_query_copy(q)))
        return 0;
    j->reader = second;
    j->q = *copy;
    if (side && j->want && side->prepare(side->ctx, second, &j->fenv, &j->qenv) == 0) {
        j->fenv.days = side->days;
        j->src = src;
        j->recount = 1;
    }
    if (pthread_create(thread, NULL, facet_job_run, j) != 0) {
        /* the caller runs the job itself, on its own reader and query */
        j->reader = src->reader;
        j->q = q;
        j->recount = 0;
        gz_xap_query_free(*copy);
        *copy = NULL;
        return 0;
    }
    return 1;
}

/* ---- the plan ---------------------------------------------------------- */

/* A match set that cannot be larger than the sample is counted by the
 * ranking pass itself (spies, no early termination); a larger one is
 * ranked without spies and counted apart, in a thread started here. */
void gz_facet_plan_start(gz_facet_plan *p, gz_facet_source *src, const gz_facet_request *req,
                         const gz_xap_query *q, unsigned long docs, const gz_facet_side *side)
{
    memset(p, 0, sizeof *p);
    if (!(p->wanted = req->wanted))
        return;
    p->bounded = req->sample && sample_complete(src, docs);
    /* (an index no larger than the sample needs no bound) */
    unsigned long most = !req->sample ? 0
                       : docs <= req->sample ? docs : most_matches(src->reader, q);
    p->in_ranking = !req->sample || most <= req->sample;
    if (p->in_ranking)
        return;
    p->job = (struct gz_facet_job){.reader = src->reader, .q = q, .docs = docs, .most = most,
                                   .want = p->bounded ? req->sample : 0, .limit = req->limit};
    p->threaded = start_facet_job(src, q, side, &p->job, &p->job_query, &p->thread);
}

gz_status gz_facet_plan_finish(gz_facet_plan *p, const gz_facet_env *env,
                               const gz_facet_request *req, gz_xap_results *ranked, gz_status st,
                               gz_facet_counts *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (p->threaded)
        pthread_join(p->thread, NULL);
    else if (p->wanted && !p->in_ranking && st == GZ_OK)
        facet_job_run(&p->job);
    if (st == GZ_OK && p->wanted) {
        out->counted = 1;
        out->exact = p->in_ranking;
        st = p->in_ranking ? gz_facets_from_spies(env, ranked, p->bounded, req->limit, 1,
                                                  out->lists)
                           : take_facet_job(env, &p->job,
                                            p->job.level ? sample_candidates(req->limit) : req->limit,
                                            out);
        if (st != GZ_OK && !p->in_ranking && p->job.st != GZ_OK)
            snprintf(err, errlen, "%s", gz_xap_reader_last_error(p->job.reader));
    }
    for (int f = 0; f < GZ_NFACETS; f++)     /* (kept when the ranking pass failed) */
        gz_facet_list_release(&p->job.lists[f]);
    gz_xap_results_free(p->job.xr);
    gz_xap_query_free(p->job_query);
    return st;
}

