/*
 * search.c - the search library of search.h: query, hits, spelling, stats.
 * Facet counting lives in facets.c, JSON in render_json.c.
 */
#include "search.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer.h"
#include "facets.h"
#include "gazetteer.h"
#include "query.h"
#include "schema.h"
#include "strbuf.h"
#include "text.h"

/* Totals are exact up to this many matches even without facets. */
#define EXACT_UP_TO 100
/* With fewer results than this, look for a spelling correction. */
#define SUGGEST_BELOW 3

const char *const gz_facet_names[GZ_NFACETS] = {"country", "person", "org", "month"};
/* The value slot each facet is counted from, in gz_facet order (facets.c). */
static const unsigned combined_slot[1] = {GZ_SLOT_FACETS};
static const unsigned facet_slots[GZ_NFACETS] = {GZ_SLOT_COUNTRIES, GZ_SLOT_PEOPLE, GZ_SLOT_ORGS,
                                                 GZ_SLOT_DATE};

struct gz_searcher {
    char path[PATH_MAX];
    gz_xap_reader *reader;
    gz_analyzer *analyzer;    /* the index's language */
    gz_analyzer *folder;      /* "none": entity keys */
    json_t *labels;           /* country code -> name (null: none), as looked up */
    gz_gazetteer *gazetteer;  /* loaded on first use (country names in queries) */
    int gazetteer_failed;
    int sample_checked, sample_complete;   /* every article on sample level 0? */
    gz_xap_reader *facet_reader;  /* a second reader, for facets counted in a thread */
};

/* ---- opening ---------------------------------------------------------- */

static int empty_index(gz_xap_reader *r)
{
    unsigned long n = 1;
    return gz_xap_reader_doccount(r, &n) == GZ_OK && n == 0;
}

gz_status gz_searcher_open(const char *path, gz_searcher **out, char *err, size_t errlen)
{
    *out = NULL;
    gz_searcher *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return GZ_ERR_NOMEM;
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    char xerr[GZ_XAP_ERRMAX];
    gz_status st = gz_xap_reader_open(path, &s->reader, xerr);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", path, xerr);
        free(s);
        return st;
    }
    char *language = NULL;
    st = gz_xap_reader_get_metadata(s->reader, GZ_META_LANGUAGE, &language);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", path, gz_xap_reader_last_error(s->reader));
    } else if (!language && !empty_index(s->reader)) {
        snprintf(err, errlen, "%s: not a Gazette index (no %s metadata)", path, GZ_META_LANGUAGE);
        st = GZ_ERR_CORRUPT;
    } else if (!language && !(language = strdup("english"))) {
        /* created, and killed before its first commit: an empty index */
        snprintf(err, errlen, "out of memory");
        st = GZ_ERR_NOMEM;
    } else if ((st = gz_analyzer_new(language, &s->analyzer)) != GZ_OK ||
               (st = gz_analyzer_new("none", &s->folder)) != GZ_OK) {
        if (st == GZ_ERR_INVALID) {
            snprintf(err, errlen, "%s: index language '%s' is not supported here", path, language);
            st = GZ_ERR_CORRUPT;    /* the index's, not the user's, to fix */
        } else {
            snprintf(err, errlen, "out of memory");
        }
    }
    free(language);
    if (st != GZ_OK) {
        gz_searcher_close(s);
        return st;
    }
    *out = s;
    return GZ_OK;
}

void gz_searcher_close(gz_searcher *s)
{
    if (!s)
        return;
    gz_xap_reader_close(s->reader);
    gz_xap_reader_close(s->facet_reader);
    gz_analyzer_free(s->analyzer);
    gz_analyzer_free(s->folder);
    json_decref(s->labels);
    gz_gazetteer_free(s->gazetteer);
    free(s);
}

gz_status gz_searcher_refresh(gz_searcher *s, char *err, size_t errlen)
{
    int changed = 0, also = 0;
    gz_status st = gz_xap_reader_reopen(s->reader, &changed);
    const gz_xap_reader *failed = s->reader;
    if (st == GZ_OK && s->facet_reader) {
        st = gz_xap_reader_reopen(s->facet_reader, &also);
        failed = s->facet_reader;
    }
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", s->path, gz_xap_reader_last_error(failed));
        return st;
    }
    if (changed) {
        /* new articles may bring countries remembered as unknown, and
         * articles without sample levels */
        json_decref(s->labels);
        s->labels = NULL;
        s->sample_checked = 0;
    }
    return GZ_OK;
}

/* ---- what the query parser asks for ----------------------------------- */

/* One metadata lookup per code, remembered: a page shows a dozen codes,
 * and parsing every country's name in every CGI process would cost more. */
const char *gz_searcher_country_label(gz_searcher *s, const char *code)
{
    if (!s->labels && !(s->labels = json_object()))
        return NULL;
    json_t *have = json_object_get(s->labels, code);
    if (have)
        return json_string_value(have);    /* NULL for a known miss */
    char key[64], *text = NULL;
    if (strlen(code) > 8 || gz_schema_label_key(code, key, sizeof key) < 0 ||
        gz_xap_reader_get_metadata(s->reader, key, &text) != GZ_OK)
        return NULL;
    json_object_set_new(s->labels, code, text ? json_string(text) : json_null());
    free(text);
    return json_string_value(json_object_get(s->labels, code));
}

static int country_known(void *ctx, const char *code)
{
    return gz_searcher_country_label(ctx, code) != NULL;
}

static const gz_gazetteer *lazy_gazetteer(void *ctx)
{
    gz_searcher *s = ctx;
    if (!s->gazetteer && !s->gazetteer_failed) {
        char err[512];
        s->gazetteer = gz_gazetteer_load(NULL, NULL, 0, err, sizeof err);
        s->gazetteer_failed = s->gazetteer == NULL;
    }
    return s->gazetteer;
}

static unsigned long termfreq(void *ctx, const char *term)
{
    gz_searcher *s = ctx;
    unsigned long freq = 0;
    return gz_xap_reader_termfreq(s->reader, term, &freq) == GZ_OK ? freq : 0;
}

gz_analyzer *gz_searcher_folder(gz_searcher *s)
{
    return s->folder;
}

/* ---- building the query ----------------------------------------------- */

/* The request's separate filters, ANDed as filters onto *q. */
static gz_status add_filters(const gz_query_env *env, gz_xap_query **q,
                             const gz_search_request *req, gz_query_info *info,
                             char *err, size_t errlen)
{
    for (size_t i = 0; i < req->nfilters; i++) {
        gz_xap_query *fq;
        gz_status st = gz_query_filter(env, req->filters[i].field, req->filters[i].value,
                                       info, &fq, err, errlen);
        if (st != GZ_OK)
            return st;
        gz_xap_query *pair[2] = {*q, fq};
        gz_xap_query *both = gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2);
        gz_xap_query_free(fq);
        if (!both) {
            snprintf(err, errlen, "out of memory");
            return GZ_ERR_NOMEM;
        }
        gz_xap_query_free(*q);
        *q = both;
    }
    return GZ_OK;
}

/* Query text that is not clean UTF-8 (a Latin-1 terminal, bytes pasted
 * from an old file) is repaired exactly as the indexer repaired the
 * articles (text.h), so that "Caf\xe9" finds what was indexed from it. */
static gz_status repair_query(const char *text, gz_search_result *res)
{
    if (gz_utf8_invalid_at(text, strlen(text)) < 0)
        return GZ_OK;
    gz_strbuf clean = GZ_STRBUF_INIT;
    if (gz_utf8_clean(text, strlen(text), &clean) < 0) {
        gz_strbuf_release(&clean);
        return GZ_ERR_NOMEM;
    }
    res->query = gz_strbuf_detach(&clean);
    return res->query ? GZ_OK : GZ_ERR_NOMEM;
}

static gz_status build_query(gz_searcher *s, const gz_search_request *req, gz_search_result *res,
                             gz_query_info *info, gz_xap_query **q, char *err, size_t errlen)
{
    gz_query_env env = {s->analyzer, s->folder, req->any, s, lazy_gazetteer, country_known, termfreq};
    *q = NULL;
    memset(info, 0, sizeof *info);
    gz_status st = repair_query(req->query ? req->query : "", res);
    if (st != GZ_OK) {
        snprintf(err, errlen, "out of memory");
        return st;
    }
    const char *text = res->query ? res->query : req->query ? req->query : "";
    int blank = 1;
    for (const char *c = text; *c; c++)
        blank &= *c == ' ' || *c == '\t' || *c == '\n';
    if (blank && req->nfilters) {
        *q = gz_xap_query_all();       /* only filters: everything they let through */
        st = *q ? GZ_OK : GZ_ERR_NOMEM;
        if (st != GZ_OK)
            snprintf(err, errlen, "out of memory");
    } else {
        st = gz_query_parse(&env, text, info, q, err, errlen);
    }
    if (st == GZ_OK)
        st = add_filters(&env, q, req, info, err, errlen);
    if (st == GZ_OK && (res->query || info->notice[0])) {
        gz_strbuf notice = GZ_STRBUF_INIT;
        if (res->query)
            gz_strbuf_addstr(&notice, "the query was not clean UTF-8 text: invalid bytes were "
                             "read as Latin-1 and control characters dropped");
        if (res->query && info->notice[0])
            gz_strbuf_addstr(&notice, "; ");
        gz_strbuf_addstr(&notice, info->notice);
        if (!(res->notice = gz_strbuf_detach(&notice))) {
            snprintf(err, errlen, "out of memory");
            st = GZ_ERR_NOMEM;
        }
    }
    if (st != GZ_OK) {
        gz_xap_query_free(*q);
        *q = NULL;
    }
    return st;
}

/* ---- hits ------------------------------------------------------------- */

static gz_status fill_hits(gz_searcher *s, gz_xap_results *xr, const gz_search_request *req,
                           const gz_query_info *info, gz_search_result *res)
{
    size_t n = gz_xap_results_size(xr);
    if (!(res->hits = calloc(n ? n : 1, sizeof *res->hits)))
        return GZ_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t len, json_len, body_len;
        const char *data = gz_xap_results_data(xr, i, &len), *json, *body;
        gz_schema_data_decode(data, len, &json, &json_len, &body, &body_len);
        json_t *doc = json_loadb(json, json_len, 0, NULL);
        if (!json_is_object(doc)) {
            json_decref(doc);
            return GZ_ERR_CORRUPT;
        }
        gz_hit *h = &res->hits[res->nhits++];
        h->doc = doc;
        h->score = gz_xap_results_score(xr, i);
        if (!(h->body = malloc(body_len + 1)))
            return GZ_ERR_NOMEM;
        memcpy(h->body, body, body_len);
        h->body[body_len] = '\0';
        if (req->snippets && gz_snippet_make(s->analyzer, h->body, info, GZ_SNIPPET_BYTES,
                                             &h->snippet) < 0)
            return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

/* ---- did you mean ----------------------------------------------------- */

static char *suggest(gz_searcher *s, const char *query, const gz_query_info *info)
{
    gz_strbuf out = GZ_STRBUF_INIT;
    size_t at = 0;
    int changed = 0;
    for (size_t i = 0; i < info->nwords; i++) {
        const gz_query_word *w = &info->words[i];
        char *better = NULL;
        if (gz_xap_reader_spelling(s->reader, w->folded, &better) != GZ_OK || !better)
            continue;
        if (strcmp(better, w->folded) != 0) {
            gz_strbuf_add(&out, query + at, w->start - at);
            gz_strbuf_addstr(&out, better);
            at = w->end;
            changed = 1;
        }
        free(better);
    }
    if (!changed) {
        gz_strbuf_release(&out);
        return NULL;
    }
    gz_strbuf_addstr(&out, query + at);
    return gz_strbuf_detach(&out);
}

/* ---- facets ----------------------------------------------------------- */

/* Sampling needs every article on level 0; an index begun by an older
 * Gazette has articles without, and is counted exactly instead. */
static int sample_complete(gz_searcher *s, unsigned long docs)
{
    if (!s->sample_checked) {
        char level0[8];
        gz_schema_sample_term(0, level0, sizeof level0);
        s->sample_complete = docs > 0 && termfreq(s, level0) == docs;
        s->sample_checked = 1;
    }
    return s->sample_complete;
}

/* The most matches q can have, from term statistics alone (no document is
 * visited).  Not the estimate: that assumes words independent, and news
 * words are not ("markets pct after" was estimated at 20,000 of its 54,768
 * matches on the 1,000,000-article test index).  0 when it cannot tell
 * (then counting is exact). */
static unsigned long most_matches(gz_searcher *s, const gz_xap_query *q)
{
    gz_xap_search_opts opts = {.count = 0, .unweighted = 1};
    gz_xap_results *xr = NULL;
    unsigned long n = 0;
    if (gz_xap_search(s->reader, q, &opts, &xr) == GZ_OK)
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
    gz_xap_search_opts opts = {.count = 0, .unweighted = 1, .check_at_least = (unsigned)docs,
                               .spy_slots = combined ? combined_slot : facet_slots,
                               .nspies = combined ? 1 : GZ_NFACETS};
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

/* Facets of a match set too large to count in the ranking pass: every
 * match when there are few enough, else up to about `want` of them from
 * one sample level (want 0: every match, over the four facet slots, whose
 * spies' tables stay small however many there are).  Only Xapian work, on
 * its own reader and query, so that it can run in a thread beside the
 * ranking pass (2 cores: the slower of the two sets the time, not their
 * sum). */
struct facet_job {
    gz_xap_reader *reader;
    const gz_xap_query *q;
    unsigned long docs, want;
    unsigned long most;         /* Xapian's upper bound on the matches */
    unsigned level;             /* out: the sample level counted (0: all) */
    gz_xap_results *xr;         /* out */
    gz_status st;               /* out */
};

static void *facet_job_run(void *arg)
{
    struct facet_job *j = arg;
    /* The level comes from the upper bound, so the sample never exceeds
     * `want`.  When the bound was far above the truth (words that seldom
     * meet), the sample says so, and a shallower level is counted. */
    j->level = j->want ? level_for((double)j->most, j->want) : 0;
    j->st = spy_pass(j->reader, j->q, j->level, j->docs, j->want > 0, &j->xr);
    if (j->st == GZ_OK && j->level) {
        double seen = (double)gz_xap_results_total(j->xr, NULL);
        unsigned better = level_for(seen * (double)(1u << j->level), j->want);
        if (better + 2 <= j->level) {
            gz_xap_results_free(j->xr);
            j->xr = NULL;
            j->level = better;
            j->st = spy_pass(j->reader, j->q, j->level, j->docs, 1, &j->xr);
        }
    }
    return NULL;
}

/* Turns a finished job into facets (counts scaled up from a sample) and,
 * unless Xapian knew it exactly, the total. */
static gz_status take_facet_job(gz_searcher *s, struct facet_job *j, unsigned limit,
                                gz_search_result *res)
{
    if (j->st != GZ_OK)
        return j->st;
    double scale = (double)(1u << j->level);
    unsigned long seen = gz_xap_results_total(j->xr, NULL);
    if (!j->level || !res->total_exact) {
        res->total = (unsigned long)((double)seen * scale + 0.5);
        res->total_exact = !j->level;
    }
    res->facets_exact = !j->level;
    return gz_facets_from_spies(s, j->xr, j->want > 0, limit, scale, res->facets);
}

/* Starts the job in a thread with the second reader and a copy of q;
 * returns 0 when that cannot be done (then the caller runs it itself). */
static int start_facet_job(gz_searcher *s, const gz_xap_query *q, struct facet_job *j,
                           gz_xap_query **copy, pthread_t *thread)
{
    char err[GZ_XAP_ERRMAX];
    if (!s->facet_reader && gz_xap_reader_open(s->path, &s->facet_reader, err) != GZ_OK)
        s->facet_reader = NULL;
    if (!s->facet_reader || !(*copy = gz_xap_query_copy(q)))
        return 0;
    j->reader = s->facet_reader;
    j->q = *copy;
    if (pthread_create(thread, NULL, facet_job_run, j) != 0) {
        gz_xap_query_free(*copy);
        *copy = NULL;
        return 0;
    }
    return 1;
}

/* ---- running ---------------------------------------------------------- */

/* How a search counts its facets (see README, "Facets"). */
struct facet_plan {
    int wanted;             /* facets asked for */
    int in_ranking;         /* counted by the ranking pass's own spies */
    int bounded;            /* at most req->facet_sample articles counted: the combined slot */
    struct facet_job job;   /* otherwise: counted apart, in a thread when it can be */
    gz_xap_query *job_query;
    pthread_t thread;
    int threaded;
};

/* A match set that cannot be larger than the sample is counted by the
 * ranking pass itself (spies, no early termination); a larger one is
 * ranked without spies and counted apart, in a thread started here. */
static void plan_facets(gz_searcher *s, const gz_search_request *req, const gz_xap_query *q,
                        unsigned long docs, struct facet_plan *p)
{
    memset(p, 0, sizeof *p);
    if (!(p->wanted = req->facets))
        return;
    p->bounded = req->facet_sample && sample_complete(s, docs);
    /* (an index no larger than the sample needs no bound) */
    unsigned long most = !req->facet_sample ? 0
                       : docs <= req->facet_sample ? docs : most_matches(s, q);
    p->in_ranking = !req->facet_sample || most <= req->facet_sample;
    if (p->in_ranking)
        return;
    p->job = (struct facet_job){.reader = s->reader, .q = q, .docs = docs, .most = most,
                                .want = p->bounded ? req->facet_sample : 0};
    p->threaded = start_facet_job(s, q, &p->job, &p->job_query, &p->thread);
}

/* Waits for (or runs) the facet count and turns it into res->facets. */
static gz_status finish_facets(gz_searcher *s, const gz_search_request *req,
                               struct facet_plan *p, gz_xap_results *ranked, gz_status st,
                               gz_search_result *res, char *err, size_t errlen)
{
    if (p->threaded)
        pthread_join(p->thread, NULL);
    else if (p->wanted && !p->in_ranking && st == GZ_OK)
        facet_job_run(&p->job);
    if (st == GZ_OK && p->wanted) {
        res->has_facets = 1;
        res->facets_exact = p->in_ranking;
        st = p->in_ranking ? gz_facets_from_spies(s, ranked, p->bounded, req->facet_limit, 1,
                                                  res->facets)
                           : take_facet_job(s, &p->job, req->facet_limit, res);
        if (st != GZ_OK && !p->in_ranking && p->job.st != GZ_OK)
            snprintf(err, errlen, "%s", gz_xap_reader_last_error(p->job.reader));
    }
    gz_xap_results_free(p->job.xr);
    gz_xap_query_free(p->job_query);
    return st;
}

gz_status gz_searcher_run(gz_searcher *s, const gz_search_request *req,
                          gz_search_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (errlen)
        err[0] = '\0';
    gz_query_info info;
    gz_xap_query *q;
    gz_status st = build_query(s, req, res, &info, &q, err, errlen);
    if (st != GZ_OK) {
        gz_query_info_release(&info);
        gz_search_result_release(res);
        return st;
    }
    unsigned long docs = 0;
    gz_xap_reader_doccount(s->reader, &docs);
    unsigned enough = req->offset + req->limit;
    if (enough < EXACT_UP_TO)
        enough = EXACT_UP_TO;
    struct facet_plan plan;
    plan_facets(s, req, q, docs, &plan);
    gz_xap_search_opts opts = {
        .first = req->offset, .count = req->limit,
        .bm25_k1 = req->bm25_k1, .bm25_b = req->bm25_b,
        .sort = req->sort == GZ_SORT_DATE ? GZ_XAP_SORT_VALUE_DESC
              : req->sort == GZ_SORT_DATE_ASC ? GZ_XAP_SORT_VALUE_ASC : GZ_XAP_SORT_RELEVANCE,
        .sort_slot = GZ_SLOT_DATE,
        .check_at_least = plan.in_ranking ? (unsigned)docs : enough,
        .spy_slots = !plan.in_ranking ? NULL : plan.bounded ? combined_slot : facet_slots,
        .nspies = !plan.in_ranking ? 0 : plan.bounded ? 1 : GZ_NFACETS,
    };
    gz_xap_results *xr = NULL;
    st = gz_xap_search(s->reader, q, &opts, &xr);
    if (st == GZ_OK) {
        res->total = gz_xap_results_total(xr, &res->total_exact);
        st = fill_hits(s, xr, req, &info, res);
    }
    st = finish_facets(s, req, &plan, xr, st, res, err, errlen);
    gz_xap_results_free(xr);
    gz_xap_query_free(q);
    if (st == GZ_OK && res->total < SUGGEST_BELOW && req->query)
        res->suggestion = suggest(s, res->query ? res->query : req->query, &info);
    gz_query_info_release(&info);
    if (st != GZ_OK) {
        if (!*err)
            snprintf(err, errlen, "%s", st == GZ_ERR_CORRUPT ? "stored article data is damaged"
                                        : st == GZ_ERR_NOMEM ? "out of memory"
                                        : gz_xap_reader_last_error(s->reader));
        gz_search_result_release(res);
    }
    return st;
}

void gz_search_result_release(gz_search_result *res)
{
    for (size_t i = 0; i < res->nhits; i++) {
        json_decref(res->hits[i].doc);
        free(res->hits[i].body);
        gz_snippet_release(&res->hits[i].snippet);
    }
    free(res->hits);
    for (int f = 0; f < GZ_NFACETS; f++)
        gz_facet_list_release(&res->facets[f]);
    free(res->suggestion);
    free(res->query);
    free(res->notice);
    memset(res, 0, sizeof *res);
}

/* ---- stats ------------------------------------------------------------ */

static unsigned long long dir_bytes(const char *path)
{
    unsigned long long total = 0;
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char file[PATH_MAX + 256];
        struct stat sb;
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode))
            total += (unsigned long long)sb.st_size;
    }
    if (d)
        closedir(d);
    return total;
}

static void ymd_to_iso(const char *ymd, char out[11])
{
    out[0] = '\0';
    if (ymd && strlen(ymd) == 8)
        snprintf(out, 11, "%.4s-%.2s-%.2s", ymd, ymd + 4, ymd + 6);
}

gz_status gz_searcher_stats(gz_searcher *s, unsigned facet_limit, gz_stats *st,
                            char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    char *lo = NULL, *hi = NULL;
    gz_status rc = gz_xap_reader_doccount(s->reader, &st->documents);
    if (rc == GZ_OK)
        rc = gz_xap_reader_value_bounds(s->reader, GZ_SLOT_DATE, &lo, &hi);
    if (rc != GZ_OK) {
        snprintf(err, errlen, "%s", gz_xap_reader_last_error(s->reader));
        return rc;
    }
    ymd_to_iso(lo, st->first_date);
    ymd_to_iso(hi, st->last_date);
    free(lo);
    free(hi);
    snprintf(st->language, sizeof st->language, "%s", gz_analyzer_language(s->analyzer));
    st->bytes = dir_bytes(s->path);
    gz_xap_query *all = gz_xap_query_all();
    gz_xap_results *xr = NULL;
    gz_xap_search_opts opts = {.count = 0, .bm25_k1 = GZ_BM25_K1, .bm25_b = GZ_BM25_B,
                               .check_at_least = (unsigned)st->documents, .spy_slots = facet_slots,
                               .nspies = GZ_NFACETS};
    rc = all ? gz_xap_search(s->reader, all, &opts, &xr) : GZ_ERR_NOMEM;
    gz_xap_query_free(all);
    if (rc == GZ_OK)
        rc = gz_facets_from_spies(s, xr, 0, facet_limit, 1, st->top);
    gz_xap_results_free(xr);
    if (rc != GZ_OK)
        snprintf(err, errlen, "%s", gz_xap_reader_last_error(s->reader));
    return rc;
}

void gz_stats_release(gz_stats *st)
{
    for (int f = 0; f < GZ_NFACETS; f++)
        gz_facet_list_release(&st->top[f]);
}
