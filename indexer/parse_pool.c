/*
 * parse_pool.c - JSON Lines decoded on several threads (parse_pool.h).
 *
 * Batches live in a ring and are numbered: `filled` counts those the main
 * thread has filled, `claimed` those a decoder has taken, `taken` those
 * the main thread has taken back.  A batch is refilled only after it was
 * taken back, so the ring bounds the memory in flight.
 */
#define _POSIX_C_SOURCE 200809L
#include "parse_pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "strbuf.h"

/* A batch is about 0.1 to 1 ms of decoding for a thread: long enough that
 * the lock is seldom met, short enough that a few in flight per thread
 * keep every decoder busy in little memory. */
#define BATCH_LINES 128
#define BATCH_BYTES ((size_t)256 << 10)
#define BATCHES_PER_THREAD 4
#define MAX_THREADS 16

struct line {
    size_t start, len;
    long lineno;
};

struct batch {
    int decoded;                /* under the lock */
    const char *file;
    gz_strbuf text;             /* the lines, each ending in NUL */
    struct line lines[BATCH_LINES];
    size_t nlines;
    gz_article articles[BATCH_LINES];
    size_t narticles;
    gz_strbuf notes;            /* reports: "LINE\tMESSAGE" each, NUL-ended */
    gz_reader_counts counts;
    gz_status status;           /* GZ_ERR_NOMEM when decoding ran out */
};

struct gz_parse_pool {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct batch *ring;
    unsigned long nring, filled, claimed, taken;
    int closing;
    unsigned nthreads;
    pthread_t threads[MAX_THREADS];
    gz_reader *decoders[MAX_THREADS];
    gz_diag_fn diag;
    void *diag_ctx;
    double waited;
};

/* The decoder's reports, kept for the main thread to make in order. */
static void note(void *ctx, const char *file, long line, const char *msg)
{
    struct batch *b = ctx;
    (void)file;
    if (gz_strbuf_addf(&b->notes, "%ld\t%s", line, msg) != GZ_OK ||
        gz_strbuf_addch(&b->notes, '\0') != GZ_OK)
        b->status = GZ_ERR_NOMEM;
}

static void decode(struct batch *b, gz_reader *d)
{
    gz_reader_decoder_use(d, b->file, note, b);
    for (size_t i = 0; i < b->nlines && b->status == GZ_OK; i++) {
        const struct line *l = &b->lines[i];
        gz_article *a = &b->articles[b->narticles];
        gz_status st = gz_reader_decode_line(d, b->text.buf + l->start, l->len, l->lineno, a);
        if (st == GZ_OK)
            b->narticles++;
        else if (st != GZ_DONE)
            b->status = st;
    }
    gz_reader_take_counts(d, &b->counts);
}

struct decoder_arg {
    gz_parse_pool *pool;
    unsigned k;
};

static void *decoder_main(void *arg)
{
    gz_parse_pool *p = ((struct decoder_arg *)arg)->pool;
    gz_reader *d = p->decoders[((struct decoder_arg *)arg)->k];
    free(arg);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->closing && p->claimed == p->filled)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->claimed == p->filled)
            break;
        struct batch *b = &p->ring[p->claimed++ % p->nring];
        pthread_mutex_unlock(&p->lock);
        decode(b, d);
        pthread_mutex_lock(&p->lock);
        b->decoded = 1;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

gz_parse_pool *gz_parse_pool_start(unsigned nthreads, size_t max_body, gz_diag_fn diag,
                                   void *diag_ctx)
{
    gz_parse_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    p->diag = diag;
    p->diag_ctx = diag_ctx;
    p->nring = (unsigned long)nthreads * BATCHES_PER_THREAD;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (!(p->ring = calloc(p->nring, sizeof *p->ring))) {
        gz_parse_pool_stop(p);
        return NULL;
    }
    for (unsigned k = 0; k < nthreads; k++) {
        struct decoder_arg *arg = malloc(sizeof *arg);
        if (!arg || !(p->decoders[k] = gz_reader_decoder_new(GZ_FORMAT_JSONL, max_body))) {
            free(arg);
            break;
        }
        *arg = (struct decoder_arg){p, k};
        if (pthread_create(&p->threads[k], NULL, decoder_main, arg) != 0) {
            free(arg);
            gz_reader_close(p->decoders[k]);
            p->decoders[k] = NULL;
            break;
        }
        p->nthreads++;
    }
    if (p->nthreads == 0) {
        gz_parse_pool_stop(p);
        return NULL;
    }
    return p;
}

/* Reads lines into b until it is full or the input ends (*ended). */
static gz_status fill(struct batch *b, gz_reader *r, int *ended)
{
    while (b->nlines < BATCH_LINES && b->text.len < BATCH_BYTES) {
        const char *line;
        size_t len;
        long lineno;
        gz_status st = gz_reader_next_line(r, &line, &len, &lineno);
        if (st == GZ_OK) {
            b->lines[b->nlines] = (struct line){b->text.len, len, lineno};
            if (gz_strbuf_add(&b->text, line, len) != GZ_OK || gz_strbuf_addch(&b->text, '\0') != GZ_OK)
                st = GZ_ERR_NOMEM;
        }
        if (st != GZ_OK) {
            *ended = 1;
            return st;
        }
        b->nlines++;
    }
    return GZ_OK;
}

/* Makes b's reports and hands its articles on, while *result is GZ_DONE
 * (still reading); otherwise (a failure, or stopped) only drops them. */
static void deliver(gz_parse_pool *p, struct batch *b, gz_parse_take_fn take, void *take_ctx,
                    volatile sig_atomic_t *stop, gz_reader_counts *counts, gz_status *result)
{
    for (size_t at = 0; at < b->notes.len; at += strlen(b->notes.buf + at) + 1) {
        char *tab;
        long line = strtol(b->notes.buf + at, &tab, 10);
        if (p->diag)
            p->diag(p->diag_ctx, b->file, line, tab + 1);
    }
    gz_reader_counts zero = {0};
    gz_reader_counts *into = counts ? counts : &zero;
    into->skipped += b->counts.skipped;
    into->warned += b->counts.warned;
    into->undated += b->counts.undated;
    into->truncated += b->counts.truncated;
    into->passed += b->counts.passed;
    if (*result == GZ_DONE && b->status != GZ_OK)
        *result = b->status;
    for (size_t i = 0; i < b->narticles; i++) {
        if (*result == GZ_DONE && !*stop) {
            gz_status st = take(take_ctx, &b->articles[i]);
            if (st != GZ_OK)
                *result = st;
        }
        gz_article_clear(&b->articles[i]);
    }
}

/* Ready for filling again; a buffer one long line made huge is let go. */
static void reset(struct batch *b)
{
    if (b->text.cap > 4 * BATCH_BYTES)
        gz_strbuf_release(&b->text);
    gz_strbuf_reset(&b->text);
    gz_strbuf_reset(&b->notes);
    b->nlines = b->narticles = 0;
    memset(&b->counts, 0, sizeof b->counts);
    b->status = GZ_OK;
    b->decoded = 0;
}

gz_status gz_parse_pool_read(gz_parse_pool *p, gz_reader *r, const char *file,
                             gz_parse_take_fn take, void *take_ctx,
                             volatile sig_atomic_t *stop, gz_reader_counts *counts)
{
    gz_status result = GZ_DONE;
    int ended = 0;
    for (;;) {
        if (!ended && result == GZ_DONE && !*stop && p->filled - p->taken < p->nring) {
            struct batch *b = &p->ring[p->filled % p->nring];
            b->file = file;
            gz_status st = fill(b, r, &ended);
            if (st != GZ_OK && st != GZ_DONE)
                result = st;
            if (b->nlines) {
                pthread_mutex_lock(&p->lock);
                p->filled++;
                pthread_cond_broadcast(&p->changed);
                pthread_mutex_unlock(&p->lock);
            }
            continue;
        }
        if (p->taken == p->filled)
            break;
        struct batch *b = &p->ring[p->taken % p->nring];
        double t0 = gz_now();
        pthread_mutex_lock(&p->lock);
        while (!b->decoded)
            pthread_cond_wait(&p->changed, &p->lock);
        pthread_mutex_unlock(&p->lock);
        p->waited += gz_now() - t0;
        deliver(p, b, take, take_ctx, stop, counts, &result);
        reset(b);
        p->taken++;
    }
    return result == GZ_DONE && *stop ? GZ_OK : result;
}

double gz_parse_pool_waited(const gz_parse_pool *p)
{
    return p->waited;
}

void gz_parse_pool_stop(gz_parse_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->closing = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    for (unsigned k = 0; k < p->nthreads; k++)
        pthread_join(p->threads[k], NULL);
    for (unsigned k = 0; k < MAX_THREADS; k++)
        gz_reader_close(p->decoders[k]);
    for (unsigned long i = 0; p->ring && i < p->nring; i++) {
        gz_strbuf_release(&p->ring[i].text);
        gz_strbuf_release(&p->ring[i].notes);
    }
    free(p->ring);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
