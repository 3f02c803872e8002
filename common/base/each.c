/*
 * each.c - a function over n items on up to a number of threads (each.h).
 */
#include "each.h"

#include <pthread.h>

#define MAX_HELPERS 63

struct items {
    size_t n, next;
    void (*fn)(void *ctx, size_t k);
    void *ctx;
    pthread_mutex_t lock;
};

/* Takes the next item until none is left: an item's cost is unknown
 * ahead (shards differ), so each thread asks for one at a time. */
static void *take_items(void *arg)
{
    struct items *it = arg;
    for (;;) {
        pthread_mutex_lock(&it->lock);
        size_t k = it->next < it->n ? it->next++ : it->n;
        pthread_mutex_unlock(&it->lock);
        if (k == it->n)
            return NULL;
        it->fn(it->ctx, k);
    }
}

void gz_each(size_t n, unsigned threads, void (*fn)(void *ctx, size_t k), void *ctx)
{
    struct items it = {.n = n, .next = 0, .fn = fn, .ctx = ctx};
    pthread_t helpers[MAX_HELPERS];
    size_t want = threads > 1 ? threads - 1 : 0, started = 0;
    if (n && want > n - 1)
        want = n - 1;           /* the caller's thread takes one too */
    if (want > MAX_HELPERS)
        want = MAX_HELPERS;
    pthread_mutex_init(&it.lock, NULL);
    while (started < want && pthread_create(&helpers[started], NULL, take_items, &it) == 0)
        started++;
    take_items(&it);
    for (size_t i = 0; i < started; i++)
        pthread_join(helpers[i], NULL);
    pthread_mutex_destroy(&it.lock);
}
