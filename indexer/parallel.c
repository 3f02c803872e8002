/*
 * parallel.c - sharded indexing with one thread per shard (parallel.h).
 */
#define _XOPEN_SOURCE 700
#include "parallel.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cluster.h"
#include "compaction.h"
#include "each.h"
#include "hash.h"
#include "name_map.h"
#include "progress.h"
#include "schema.h"
#include "settle_names.h"
#include "stories.h"
#include "story_ledger.h"

#define QUEUE_CAP 256
#define MAX_THREADS 64

struct worker {
    gz_parallel *owner;
    pthread_t thread;
    int started;
    char path[PATH_MAX + 64];       /* <tmpdir>/shard-N */
    gz_article queue[QUEUE_CAP];
    size_t head, count;
    int closing;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    gz_session_stats stats;
    gz_status status;           /* under lock: the feeder reads it */
    char error[512];
    unsigned long skipped;      /* articles the shard could not take (read after join) */
    char skip_msg[512];         /* the last of them */
    double busy;                /* seconds inside gz_session_add and commits (read after join) */
    gz_story_ledger ledger;     /* into an empty index: where each article went */
    gz_strbuf once, more;       /* words unlisted: of one article, of more (read after join) */
};

struct gz_parallel {
    char db_path[PATH_MAX];
    char tmpdir[PATH_MAX + 32];     /* <db>.gazette-tmp */
    gz_session_opts opts;
    unsigned n;
    unsigned jobs;              /* -j: at most this many threads at once */
    int fresh;                  /* the target was empty: stories by ledger */
    gz_cluster cluster;         /* a new local cluster: each shard compacted from its threads' */
    unsigned long next_seq;     /* the next article's place in the input */
    double feed_wait;           /* the feeder's seconds waiting for a full queue */
    struct worker workers[MAX_THREADS];
};

/* Pops the next article, or returns 0 when the queue is closed and empty. */
static int pop(struct worker *w, gz_article *out)
{
    pthread_mutex_lock(&w->lock);
    while (w->count == 0 && !w->closing)
        pthread_cond_wait(&w->changed, &w->lock);
    int got = w->count > 0;
    if (got) {
        gz_article_move(out, &w->queue[w->head]);
        w->head = (w->head + 1) % QUEUE_CAP;
        w->count--;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return got;
}

/* The worker's outcome, under the lock the feeder reads it with. */
static void set_status(struct worker *w, gz_status st)
{
    pthread_mutex_lock(&w->lock);
    w->status = st;
    pthread_mutex_unlock(&w->lock);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    unsigned shard = (unsigned)(w - w->owner->workers);
    gz_session_opts opts = w->owner->opts;
    gz_session *s = NULL;
    opts.xapian_flags |= GZ_XAP_SCRATCH;   /* shards are thrown away after the merge */
    opts.batch_docs = 0;
    if (w->owner->fresh)
        opts.ledger = &w->ledger;
    if (w->owner->cluster.n)
        opts.words_to_caller = 1;   /* the cluster's writer routes each word's key */
    gz_article a = {0};
    gz_status st = gz_session_open(w->path, &opts, &s, w->error, sizeof w->error);
    set_status(w, st);
    while (pop(w, &a)) {
        double t0 = gz_now();
        gz_status added = st == GZ_OK ? gz_session_add(s, &a) : GZ_OK;
        w->busy += gz_now() - t0;
        if (added == GZ_ERR_INVALID) {
            /* this article only (the sequential indexer says the same) */
            w->skipped++;
            snprintf(w->skip_msg, sizeof w->skip_msg, "%s:%ld: article '%.60s' skipped: %s",
                     a.file, a.line, a.id, gz_session_error(s));
        } else if (added != GZ_OK) {
            st = added;
            snprintf(w->error, sizeof w->error, "shard %u: %s", shard, gz_session_error(s));
            set_status(w, st);
        }
        gz_article_clear(&a);   /* after a failure, drain so the feeder never blocks */
    }
    if (s) {
        /* the last batch listed its common words: what is left was used once */
        double t0 = gz_now();
        if (st == GZ_OK && (st = gz_session_commit(s)) == GZ_OK)
            st = gz_session_unlisted_words(s, &w->once, &w->more);
        w->busy += gz_now() - t0;
        if (st != GZ_OK)
            snprintf(w->error, sizeof w->error, "shard %u: %s", shard, gz_session_error(s));
        w->stats = *gz_session_get_stats(s);
        if (st == GZ_OK) {
            char err[sizeof w->error - 32];
            if ((st = gz_session_close(s, err, sizeof err)) != GZ_OK)
                snprintf(w->error, sizeof w->error, "shard %u: %s", shard, err);
        } else {
            gz_session_abandon(s);
        }
        set_status(w, st);
    }
    return NULL;
}

/* A new cluster whose shards are all local is built as one index is: each
 * shard compacted from the threads that took its articles.  Threads serve
 * one shard each, so there are a multiple of its shards' number of them
 * (at least one per shard).  Else (remote shards, too many) the threads'
 * shards are copied into the cluster's writer. */
static unsigned plan_cluster(gz_parallel *p, const char *db_path, unsigned nthreads)
{
    char ignored[256];
    if (!gz_cluster_is_stub(db_path) ||
        gz_cluster_read(db_path, &p->cluster, ignored, sizeof ignored) != GZ_OK)
        return nthreads;
    int local = p->cluster.n <= MAX_THREADS;
    for (size_t k = 0; k < p->cluster.n && local; k++)
        local = p->cluster.shards[k].host == NULL;
    if (!local) {
        gz_cluster_release(&p->cluster);
        memset(&p->cluster, 0, sizeof p->cluster);
        return nthreads;
    }
    unsigned m = (unsigned)p->cluster.n, per = nthreads / m ? nthreads / m : 1;
    while (per > 1 && per * m > MAX_THREADS)
        per--;
    /* the threads' batches are in memory at once: they share the budget */
    p->opts.batch_bytes = p->opts.batch_bytes * nthreads / (per * m);
    return per * m;
}

gz_parallel *gz_parallel_start(const char *db_path, const gz_session_opts *opts,
                               unsigned nthreads, int fresh, char *err, size_t errlen)
{
    if (nthreads < 1 || nthreads > MAX_THREADS) {
        snprintf(err, errlen, "-j must be between 1 and %d", MAX_THREADS);
        return NULL;
    }
    gz_parallel *p = calloc(1, sizeof *p);
    if (!p) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return NULL;
    }
    p->opts = *opts;
    p->jobs = nthreads;
    p->n = fresh ? plan_cluster(p, db_path, nthreads) : nthreads;
    /* stories by ledger where the shards become the target by compaction */
    p->fresh = fresh && !opts->no_stories && (p->cluster.n || !gz_cluster_is_stub(db_path));
    snprintf(p->db_path, sizeof p->db_path, "%s", db_path);
    snprintf(p->tmpdir, sizeof p->tmpdir, "%s.gazette-tmp", db_path);
    /* Shards left by a killed run are useless: their work is redone. */
    if (gz_clear_scratch(db_path) != GZ_OK || mkdir(p->tmpdir, 0777) < 0) {
        snprintf(err, errlen, "%s: %s", p->tmpdir, strerror(errno));
        gz_cluster_release(&p->cluster);
        free(p);
        return NULL;
    }
    for (unsigned i = 0; i < p->n; i++) {
        struct worker *w = &p->workers[i];
        w->owner = p;
        if (snprintf(w->path, sizeof w->path, "%s/shard-%u", p->tmpdir, i) >= (int)sizeof w->path) {
            snprintf(err, errlen, "index path too long");
            gz_parallel_abort(p);
            return NULL;
        }
        pthread_mutex_init(&w->lock, NULL);
        pthread_cond_init(&w->changed, NULL);
        char ledger[sizeof w->path];
        snprintf(ledger, sizeof ledger, "%s/ledger-%u", p->tmpdir, i);
        if (p->fresh && gz_story_ledger_open(&w->ledger, ledger) != GZ_OK) {
            snprintf(err, errlen, "%s: %s", ledger, strerror(errno));
            gz_parallel_abort(p);
            return NULL;
        }
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            snprintf(err, errlen, "cannot start indexing thread %u", i);
            gz_parallel_abort(p);
            return NULL;
        }
        w->started = 1;
    }
    return p;
}

gz_status gz_parallel_add(gz_parallel *p, gz_article *a)
{
    uint64_t h = gz_hash64(a->id, strlen(a->id), GZ_HASH_SEED);
    struct worker *w = &p->workers[h % p->n];
    if (p->cluster.n) {
        /* a thread of the shard the cluster's writer would route it to */
        char term[GZ_XAP_MAX_TERM + 2];
        unsigned m = (unsigned)p->cluster.n;
        size_t len = gz_schema_id_term(a->id, term, sizeof term);
        unsigned shard = len ? gz_xap_route(term, len, m) : 0;
        w = &p->workers[shard + m * (unsigned)(h % (p->n / m))];
    }
    a->seq = p->next_seq++;
    pthread_mutex_lock(&w->lock);
    if (w->count == QUEUE_CAP) {
        double t0 = gz_now();
        while (w->count == QUEUE_CAP)
            pthread_cond_wait(&w->changed, &w->lock);
        p->feed_wait += gz_now() - t0;
    }
    gz_article_move(&w->queue[(w->head + w->count) % QUEUE_CAP], a);
    w->count++;
    gz_status st = w->status;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    return st;
}

void gz_parallel_error(gz_parallel *p, char *err, size_t errlen)
{
    snprintf(err, errlen, "an indexing thread failed");
    for (unsigned i = 0; i < p->n; i++) {
        struct worker *w = &p->workers[i];
        pthread_mutex_lock(&w->lock);
        int failed = w->status != GZ_OK;
        if (failed)
            snprintf(err, errlen, "%s", w->error);
        pthread_mutex_unlock(&w->lock);
        if (failed)
            break;
    }
}

/* Closes every queue and joins the threads. */
static void join_all(gz_parallel *p)
{
    for (unsigned i = 0; i < p->n; i++) {
        struct worker *w = &p->workers[i];
        if (!w->started)
            continue;
        pthread_mutex_lock(&w->lock);
        w->closing = 1;
        pthread_cond_broadcast(&w->changed);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
        w->started = 0;
    }
}

static void release(gz_parallel *p)
{
    for (unsigned i = 0; i < p->n; i++) {
        pthread_mutex_destroy(&p->workers[i].lock);
        pthread_cond_destroy(&p->workers[i].changed);
        gz_story_ledger_release(&p->workers[i].ledger);
        gz_strbuf_release(&p->workers[i].once);
        gz_strbuf_release(&p->workers[i].more);
    }
    gz_cluster_release(&p->cluster);
    gz_remove_tree(p->tmpdir);
    free(p);
}

void gz_parallel_abort(gz_parallel *p)
{
    if (!p)
        return;
    join_all(p);
    release(p);
}

/* Copies of one story indexed by different shards join the story of the
 * earliest index (stories.h): the target, when it is given, then the
 * shards in order. */
static gz_status settle_stories(gz_parallel *p, gz_xap_writer *target, gz_xap_writer *const *shards,
                                gz_session_stats *stats, char *err, size_t errlen)
{
    gz_xap_writer *all[MAX_THREADS + 1];
    size_t n = 0;
    if (target)
        all[n++] = target;
    for (unsigned i = 0; i < p->n; i++)
        all[n++] = shards[i];
    gz_story_finder *f = NULL;
    unsigned long moved = 0;
    double threshold = p->opts.dup_threshold > 0 ? p->opts.dup_threshold : GZ_DUP_THRESHOLD_DEFAULT;
    gz_status st = gz_story_finder_new(threshold, &f);
    if (st == GZ_OK && (st = gz_story_settle(f, all, n, target ? 1 : 0, &moved)) != GZ_OK)
        snprintf(err, errlen, "%s", gz_story_finder_error(f));
    else if (st != GZ_OK)
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
    stats->joined_story += moved;
    gz_story_finder_free(f);
    return st;
}

/* Into an empty index: the stories as one thread finds them (story_ledger.h). */
static gz_status settle_ledger(gz_parallel *p, gz_xap_writer *const *shards, gz_session_stats *stats,
                               char *err, size_t errlen)
{
    gz_story_ledger ledgers[MAX_THREADS];
    for (unsigned i = 0; i < p->n; i++) {
        ledgers[i] = p->workers[i].ledger;
        memset(&p->workers[i].ledger, 0, sizeof p->workers[i].ledger);
    }
    gz_story_finder *f = NULL;
    unsigned long joined = 0;
    double threshold = p->opts.dup_threshold > 0 ? p->opts.dup_threshold : GZ_DUP_THRESHOLD_DEFAULT;
    gz_status st = gz_story_finder_new(threshold, &f);
    if (st != GZ_OK) {
        for (unsigned i = 0; i < p->n; i++)
            gz_story_ledger_release(&ledgers[i]);
        gz_status_put(err, errlen, st);
        return st;
    }
    if ((st = gz_story_ledger_settle(f, ledgers, shards, p->n, p->jobs, &joined)) != GZ_OK)
        snprintf(err, errlen, "%s", *gz_story_finder_error(f) ? gz_story_finder_error(f)
                                                              : gz_status_to_string(st));
    /* the threads found no stories: the pass found them all */
    stats->joined_story = joined;
    gz_story_finder_free(f);
    return st;
}

/* The words a shard did not list, counted again by the target: two
 * shards' one-offs make a word of the did-you-mean list, as two articles of
 * one thread do (and a cluster's writer lists each on the shard its key
 * routes to). */
static gz_status pool_words(gz_parallel *p, gz_session *target, char *err, size_t errlen)
{
    for (unsigned i = 0; i < p->n; i++) {
        gz_strbuf *once = &p->workers[i].once, *more = &p->workers[i].more;
        if (gz_session_note_words(target, once->buf ? once->buf : "", once->len, 1) != GZ_OK ||
            gz_session_note_words(target, more->buf ? more->buf : "", more->len, 2) != GZ_OK) {
            snprintf(err, errlen, "%s", gz_session_error(target));
            return GZ_ERR_NOMEM;
        }
        gz_strbuf_release(once);
        gz_strbuf_release(more);
    }
    return GZ_OK;
}

static gz_status open_shards(gz_parallel *p, gz_xap_writer **shards, char *err, size_t errlen)
{
    gz_status st = GZ_OK;
    for (unsigned i = 0; i < p->n && st == GZ_OK; i++) {
        char xerr[GZ_XAP_ERRMAX];
        if ((st = gz_xap_writer_open(p->workers[i].path, GZ_XAP_SCRATCH, &shards[i], xerr)) != GZ_OK)
            snprintf(err, errlen, "shard %u: %s", i, xerr);
    }
    return st;
}

struct closing {
    gz_xap_writer **shards;
    gz_status st[MAX_THREADS];
};

static void close_one(void *ctx, size_t k)
{
    struct closing *c = ctx;
    c->st[k] = gz_xap_writer_close(c->shards[k]);
}

/* Each shard's writer committed and closed, on up to -j threads: the
 * commits flush what the end-of-run passes revised in each. */
static gz_status close_shards(gz_parallel *p, gz_xap_writer **shards, gz_status st, char *err,
                              size_t errlen)
{
    struct closing c = {.shards = shards};
    if (st == GZ_OK)
        gz_each(p->n, p->jobs, close_one, &c);
    for (unsigned i = 0; i < p->n && st == GZ_OK; i++)
        if ((st = c.st[i]) != GZ_OK)
            snprintf(err, errlen, "shard %u: %s", i, gz_xap_writer_last_error(shards[i]));
    for (unsigned i = 0; i < p->n; i++)
        gz_xap_writer_destroy(shards[i]);
    return st;
}

/* A new cluster's shard k is compacted from threads k, k + m...: each
 * carries the place it will have (cluster.h), as the cluster's writer
 * would have recorded it. */
static gz_status mark_places(gz_parallel *p, gz_xap_writer *const *shards, char *err, size_t errlen)
{
    unsigned m = (unsigned)p->cluster.n;
    for (unsigned i = 0; i < p->n; i++) {
        char place[32];
        snprintf(place, sizeof place, "%u/%u", i % m, m);
        if (gz_xap_writer_set_metadata(shards[i], GZ_META_SHARD, place) != GZ_OK) {
            snprintf(err, errlen, "shard %u: %s", i, gz_xap_writer_last_error(shards[i]));
            return GZ_ERR_IO;
        }
    }
    return GZ_OK;
}

/* The archive's names and stories settled over the shards before they are
 * compacted (settle_names.h), names from the map the shards followed (the
 * target's). */
static gz_status settle_shards(gz_parallel *p, gz_session_stats *stats, gz_phases *ph, char *err,
                               size_t errlen)
{
    gz_xap_writer *shards[MAX_THREADS] = {0};
    gz_name_map map = {0};
    gz_strbuf followed = GZ_STRBUF_INIT;
    gz_analyzer *keyer = NULL;
    gz_status st = GZ_ERR_NOMEM;
    if (p->opts.names && (gz_name_map_format(p->opts.names, &followed) < 0 ||
                          gz_name_map_parse(&map, gz_strbuf_str(&followed)) < 0))
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
    else if ((st = gz_analyzer_new("none", &keyer)) != GZ_OK)
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
    if (st == GZ_OK)
        st = open_shards(p, shards, err, errlen);
    if (st == GZ_OK && p->cluster.n)
        st = mark_places(p, shards, err, errlen);
    gz_settle_stats settled;
    double t0 = gz_now();
    if (st == GZ_OK)
        st = gz_settle_names(shards, p->n, p->jobs, keyer, p->opts.gazetteer, &map, &settled,
                             err, errlen);
    double t1 = gz_now();
    ph->names = t1 - t0;
    if (st == GZ_OK)
        stats->names_revised += settled.revised;
    if (st == GZ_OK && p->fresh)
        st = settle_ledger(p, shards, stats, err, errlen);
    else if (st == GZ_OK)
        st = settle_stories(p, NULL, shards, stats, err, errlen);
    st = close_shards(p, shards, st, err, errlen);
    ph->stories = gz_now() - t1;
    gz_analyzer_free(keyer);
    gz_name_map_release(&map);
    gz_strbuf_release(&followed);
    return st;
}

/* Bytes of the shards first, first + step...; -1 when one cannot be read. */
static off_t shard_bytes(const gz_parallel *p, unsigned first, unsigned step)
{
    off_t total = 0;
    for (unsigned i = first; i < p->n && total >= 0; i += step) {
        off_t bytes = gz_tree_bytes(p->workers[i].path);
        total = bytes < 0 ? -1 : total + bytes;
    }
    return total;
}

/* Empty target: compact the shards into a fresh index and put it in the
 * target's place (nothing is lost if we die half-way: the target was empty). */
static gz_status compact_into_empty(gz_parallel *p, const char *db_path, gz_compaction *c,
                                    char *err, size_t errlen)
{
    const char *srcs[MAX_THREADS];
    for (unsigned i = 0; i < p->n; i++)
        srcs[i] = p->workers[i].path;
    c->before = shard_bytes(p, 0, 1);
    char compacted[sizeof p->tmpdir + 16], old[sizeof p->tmpdir + 16], xerr[GZ_XAP_ERRMAX];
    if (snprintf(compacted, sizeof compacted, "%s/compacted", p->tmpdir) < 0 ||
        snprintf(old, sizeof old, "%s/old", p->tmpdir) < 0)
        return GZ_ERR_IO;
    gz_status st = gz_xap_compact(srcs, p->n, compacted, xerr);
    if (st != GZ_OK) {
        snprintf(err, errlen, "merging shards failed: %s", xerr);
        return st;
    }
    c->after = gz_tree_bytes(compacted);
    if ((st = gz_swap_in(db_path, compacted, old, err, errlen)) == GZ_OK)
        c->done = 1;
    return st;
}

/* Shard k of a new cluster, as compacted from its threads' shards. */
struct built_shard {
    const char *srcs[MAX_THREADS];
    char fresh[PATH_MAX + 16], old[PATH_MAX + 16];
};

static gz_status plan_shard(gz_parallel *p, unsigned k, struct built_shard *b,
                            gz_compaction_job *job, char *err, size_t errlen)
{
    unsigned m = (unsigned)p->cluster.n;
    const char *shard = p->cluster.shards[k].path;
    size_t n = 0;
    for (unsigned i = k; i < p->n; i += m)
        b->srcs[n++] = p->workers[i].path;
    if (snprintf(b->fresh, sizeof b->fresh, "%s.gazette-new", shard) >= (int)sizeof b->fresh ||
        snprintf(b->old, sizeof b->old, "%s.gazette-old", shard) >= (int)sizeof b->old) {
        snprintf(err, errlen, "%s: shard path too long", shard);
        return GZ_ERR_INVALID;
    }
    gz_remove_tree(b->fresh);
    gz_remove_tree(b->old);
    *job = (gz_compaction_job){.srcs = b->srcs, .nsrcs = n, .dest = b->fresh};
    return GZ_OK;
}

static gz_status build_shards(gz_parallel *p, struct built_shard *built, gz_compaction *c,
                              char *err, size_t errlen)
{
    unsigned m = (unsigned)p->cluster.n;
    gz_compaction_job jobs[MAX_THREADS];
    gz_status st = GZ_OK;
    for (unsigned k = 0; k < m && st == GZ_OK; k++) {
        off_t bytes = shard_bytes(p, k, m);
        c->before = c->before < 0 || bytes < 0 ? -1 : c->before + bytes;
        st = plan_shard(p, k, &built[k], &jobs[k], err, errlen);
    }
    if (st != GZ_OK || gz_compact_jobs(jobs, m, p->jobs) == GZ_OK)
        return st;
    for (unsigned k = 0; k < m; k++)
        if (jobs[k].st != GZ_OK) {
            snprintf(err, errlen, "building shard %s failed: %s", p->cluster.shards[k].path,
                     jobs[k].error);
            return jobs[k].st;
        }
    return GZ_OK;
}

/* A new local cluster: shard k compacted from the threads that served it
 * (k, k + m, k + 2m...), built beside it (the same file system); the m
 * compactions side by side, on up to -j threads; then each exchanged with
 * its shard (the cluster was empty: nothing is lost if we die between). */
static gz_status compact_cluster(gz_parallel *p, gz_compaction *c, char *err, size_t errlen)
{
    unsigned m = (unsigned)p->cluster.n;
    struct built_shard *built = calloc(m, sizeof *built);
    if (!built)
        return gz_status_put(err, errlen, GZ_ERR_NOMEM);
    c->before = c->after = 0;
    gz_status st = build_shards(p, built, c, err, errlen);
    for (unsigned k = 0; k < m && st == GZ_OK; k++) {
        c->after += gz_tree_bytes(built[k].fresh);
        st = gz_swap_in(p->cluster.shards[k].path, built[k].fresh, built[k].old, err, errlen);
        if (st == GZ_OK)
            gz_remove_tree(built[k].old);
    }
    free(built);
    c->done = st == GZ_OK;
    return st;
}

/* The threads' articles copied into a target that held some already,
 * committed in the run's batches (batch_bytes of text): Xapian would
 * otherwise hold them all in memory until the end. */
static gz_status merge_into(gz_parallel *p, gz_session *target, size_t batch_bytes,
                            gz_session_stats *stats, char *err, size_t errlen)
{
    gz_xap_writer *w = gz_session_writer(target);
    gz_xap_writer *shards[MAX_THREADS] = {0};
    gz_status settled = open_shards(p, shards, err, errlen);
    if (settled == GZ_OK)
        settled = settle_stories(p, w, shards, stats, err, errlen);
    if ((settled = close_shards(p, shards, settled, err, errlen)) != GZ_OK)
        return settled;
    for (unsigned i = 0; i < p->n; i++) {
        unsigned long replaced = 0;
        gz_status st = gz_xap_writer_merge_from(w, p->workers[i].path, GZ_PREFIX_ID, GZ_META_WORD,
                                                batch_bytes, &replaced);
        /* A shard's new article may replace one already in the target. */
        stats->added -= replaced;
        stats->replaced += replaced;
        if (st != GZ_OK) {
            snprintf(err, errlen, "merging %s failed: %s", p->workers[i].path,
                     gz_xap_writer_last_error(w));
            return GZ_ERR_IO;
        }
    }
    return gz_session_commit(target);
}

gz_status gz_parallel_finish(gz_parallel *p, gz_session **target,
                             const gz_session_opts *target_opts, gz_session_stats *stats,
                             gz_phases *ph, gz_compaction *c, char *err, size_t errlen)
{
    double t0 = gz_now();
    join_all(p);
    ph->drain = gz_now() - t0;
    ph->feed_wait = p->feed_wait;
    ph->threads = p->n;
    for (unsigned i = 0; i < p->n; i++) {
        ph->threads_total += p->workers[i].busy;
        if (p->workers[i].busy > ph->index)
            ph->index = p->workers[i].busy;
    }
    gz_status st = GZ_OK;
    for (unsigned i = 0; i < p->n && st == GZ_OK; i++) {
        struct worker *w = &p->workers[i];
        if ((st = w->status) != GZ_OK)
            snprintf(err, errlen, "%s", w->error);
        stats->skipped += w->skipped;
        if (w->skipped)
            fprintf(stderr, "gazette-index: %s (%lu in shard %u)\n", w->skip_msg, w->skipped, i);
        stats->added += w->stats.added;
        stats->joined_story += w->stats.joined_story;
        stats->replaced += w->stats.replaced;
        stats->commits += w->stats.commits;
    }
    unsigned long existing = 0;
    if (st == GZ_OK && (st = gz_xap_writer_doccount(gz_session_writer(*target), &existing)) != GZ_OK)
        snprintf(err, errlen, "%s", gz_xap_writer_last_error(gz_session_writer(*target)));
    if (st == GZ_OK && existing == 0 && p->cluster.n) {
        st = settle_shards(p, stats, ph, err, errlen);
        gz_session_abandon(*target);    /* its locks: the shards change under it */
        *target = NULL;
        t0 = gz_now();
        if (st == GZ_OK)
            st = compact_cluster(p, c, err, errlen);
        if (st == GZ_OK)
            st = gz_session_open(p->db_path, target_opts, target, err, errlen);
        ph->merge = gz_now() - t0;
    } else if (st == GZ_OK && existing == 0 && !gz_cluster_is_stub(p->db_path)) {
        /* (a cluster with a remote shard takes the articles one by one) */
        /* The target's writer holds its lock and its metadata; close it so the
         * compacted index can take its place, then reopen for the caller. */
        st = settle_shards(p, stats, ph, err, errlen);
        gz_session_abandon(*target);
        *target = NULL;
        t0 = gz_now();
        if (st == GZ_OK)
            st = compact_into_empty(p, p->db_path, c, err, errlen);
        if (st == GZ_OK)
            st = gz_session_open(p->db_path, target_opts, target, err, errlen);
        ph->merge = gz_now() - t0;
    } else if (st == GZ_OK) {
        t0 = gz_now();
        st = merge_into(p, *target, target_opts->batch_bytes, stats, err, errlen);
        ph->merge = gz_now() - t0;
    }
    if (st == GZ_OK)
        st = pool_words(p, *target, err, errlen);
    release(p);
    return st;
}
