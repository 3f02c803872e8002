/*
 * test_each.c - the end-of-run passes of -j lean on gz_each: every item
 * (a shard to compact, a shard to revise) is handled exactly once, however
 * many threads are asked for, and a second thread really takes items when
 * more than one is asked for (the first call waits for it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "each.h"

struct tally {
    int calls[100];
    pthread_t who[100];
    int wait_for_company;       /* a call waits (up to 2 s) for a second one */
    int started;
    pthread_mutex_t lock;
    pthread_cond_t more;
};

static void count_call(void *ctx, size_t k)
{
    struct tally *t = ctx;
    t->calls[k]++;
    t->who[k] = pthread_self();
    if (!t->wait_for_company)
        return;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 2;
    pthread_mutex_lock(&t->lock);
    t->started++;
    pthread_cond_broadcast(&t->more);
    while (t->started < 2 && pthread_cond_timedwait(&t->more, &t->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&t->lock);
}

static size_t distinct_threads(const struct tally *t, size_t n)
{
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && !pthread_equal(t->who[j], t->who[i]))
            j++;
        distinct += j == i;
    }
    return distinct;
}

static void every_item_once(void **state)
{
    (void)state;
    static const unsigned threads[] = {1, 2, 4, 64, 200};
    static const size_t items[] = {0, 1, 3, 8, 100};
    for (size_t a = 0; a < sizeof threads / sizeof *threads; a++)
        for (size_t b = 0; b < sizeof items / sizeof *items; b++) {
            struct tally t;
            memset(&t, 0, sizeof t);
            gz_each(items[b], threads[a], count_call, &t);
            for (size_t k = 0; k < items[b]; k++)
                assert_int_equal(t.calls[k], 1);
            for (size_t k = items[b]; k < 100; k++)
                assert_int_equal(t.calls[k], 0);
        }
}

static void one_thread_is_the_callers(void **state)
{
    (void)state;
    struct tally t;
    memset(&t, 0, sizeof t);
    gz_each(5, 1, count_call, &t);
    for (size_t k = 0; k < 5; k++)
        assert_true(pthread_equal(t.who[k], pthread_self()));
}

static void more_threads_share_the_work(void **state)
{
    (void)state;
    struct tally t;
    memset(&t, 0, sizeof t);
    t.wait_for_company = 1;
    pthread_mutex_init(&t.lock, NULL);
    pthread_cond_init(&t.more, NULL);
    gz_each(8, 4, count_call, &t);
    pthread_mutex_destroy(&t.lock);
    pthread_cond_destroy(&t.more);
    assert_true(distinct_threads(&t, 8) > 1);
    /* never more threads than asked for */
    assert_true(distinct_threads(&t, 8) <= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_item_once),
        cmocka_unit_test(one_thread_is_the_callers),
        cmocka_unit_test(more_threads_share_the_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
