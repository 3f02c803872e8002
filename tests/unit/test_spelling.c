/*
 * test_spelling.c - the did-you-mean word list as the indexer feeds it and
 * the searcher reads it: a word seen in two articles is offered as a
 * correction, a word seen in one is not (a typo must not correct a typo),
 * also when its second article comes in a later commit; a list spread
 * over shards corrects as one list does; -j threads pool the words each
 * saw once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer.h"
#include "did_you_mean.h"
#include "spelling.h"

struct fixture {
    char dir[64];
    gz_xap_writer *w;
    gz_spelling sp;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char err[GZ_XAP_ERRMAX];
    snprintf(f->dir, sizeof f->dir, "/tmp/gz-spelling-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    strcat(f->dir, "/db");
    *state = f;
    return gz_xap_writer_open(f->dir, GZ_XAP_CREATE, &f->w, err) == GZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    gz_xap_writer_destroy(f->w);
    gz_spelling_release(&f->sp);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strlen(f->dir) - 3), f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void article(gz_spelling *sp, const char *words)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", words);
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
        assert_int_equal(gz_spelling_note(sp, w, strlen(w)), 0);
}

static void commit(struct fixture *f)
{
    assert_int_equal(gz_spelling_flush(&f->sp, f->w), GZ_OK);
    assert_int_equal(gz_xap_writer_commit(f->w), GZ_OK);
}

static void suggest_from(gz_xap_reader *r, const char *word, char *out, size_t cap)
{
    gz_analyzer *stemmer;
    char *s = NULL;
    assert_int_equal(gz_analyzer_new("english", &stemmer), GZ_OK);
    assert_int_equal(gz_did_you_mean(r, stemmer, 1, word, &s), GZ_OK);
    snprintf(out, cap, "%s", s ? s : "");
    free(s);
    gz_analyzer_free(stemmer);
}

/* The suggestion for word, from what is committed ("" for none). */
static void suggestion(struct fixture *f, const char *word, char *out, size_t cap)
{
    gz_xap_reader *r;
    char err[GZ_XAP_ERRMAX];
    assert_int_equal(gz_xap_reader_open(f->dir, &r, err), GZ_OK);
    suggest_from(r, word, out, cap);
    gz_xap_reader_close(r);
}

static void twice_seen_words_correct_typos(void **state)
{
    struct fixture *f = *state;
    char s[64];
    article(&f->sp, "pyongyang delegation");
    article(&f->sp, "pyongyang vientiane");
    article(&f->sp, "quenbrook");              /* once: a possible typo */
    commit(f);
    suggestion(f, "pyongyan", s, sizeof s);
    assert_string_equal(s, "pyongyang");
    suggestion(f, "quenbrok", s, sizeof s);
    assert_string_equal(s, "");
}

static void a_second_article_in_a_later_commit_counts(void **state)
{
    struct fixture *f = *state;
    char s[64];
    article(&f->sp, "quenbrook");
    commit(f);
    suggestion(f, "quenbrok", s, sizeof s);
    assert_string_equal(s, "");
    article(&f->sp, "quenbrook harbour");
    commit(f);
    suggestion(f, "quenbrok", s, sizeof s);
    assert_string_equal(s, "quenbrook");
    /* and stays after a commit that brings nothing new */
    commit(f);
    suggestion(f, "quenbrok", s, sizeof s);
    assert_string_equal(s, "quenbrook");
}

static void nearer_words_win_and_the_first_letter_stays(void **state)
{
    struct fixture *f = *state;
    char s[64];
    article(&f->sp, "vientiane vientianes laos");
    article(&f->sp, "vientiane vientianes laos");
    commit(f);
    suggestion(f, "vientian", s, sizeof s);     /* one edit, not two */
    assert_string_equal(s, "vientiane");
    suggestion(f, "vietniane", s, sizeof s);    /* two letters swapped: one edit */
    assert_string_equal(s, "vientiane");
    suggestion(f, "laso", s, sizeof s);
    assert_string_equal(s, "laos");
    suggestion(f, "kaos", s, sizeof s);         /* a first letter is not corrected */
    assert_string_equal(s, "");
}

/* Three shards, each holding the words that route to it. */
static void shards_correct_as_one_list(void **state)
{
    struct fixture *f = *state;
    char dirs[3][96], err[GZ_XAP_ERRMAX], s[64];
    gz_xap_shard shards[3];
    for (int i = 0; i < 3; i++) {
        snprintf(dirs[i], sizeof dirs[i], "%.63s-shard%d", f->dir, i);
        shards[i] = (gz_xap_shard){dirs[i], NULL, 0};
    }
    gz_xap_writer *w;
    assert_int_equal(gz_xap_writer_open_shards(shards, 3, GZ_XAP_CREATE, &w, err), GZ_OK);
    article(&f->sp, "pyongyang vientiane hanoi beijing bangkok");
    article(&f->sp, "pyongyang vientiane hanoi beijing bangkok");
    assert_int_equal(gz_spelling_flush(&f->sp, w), GZ_OK);
    assert_int_equal(gz_xap_writer_close(w), GZ_OK);
    gz_xap_writer_destroy(w);
    gz_xap_reader *r;
    assert_int_equal(gz_xap_reader_open_shards(shards, 3, 1000, &r, err), GZ_OK);
    const char *typos[] = {"pyongyan", "vientian", "hanio", "beiging", "bangok"};
    const char *fixed[] = {"pyongyang", "vientiane", "hanoi", "beijing", "bangkok"};
    for (int i = 0; i < 5; i++) {
        suggest_from(r, typos[i], s, sizeof s);
        assert_string_equal(s, fixed[i]);
    }
    gz_xap_reader_close(r);
    for (int i = 0; i < 3; i++) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%.100s'", dirs[i]);
        assert_int_equal(system(cmd), 0);
    }
}

/* -j: what each thread's list left out, pooled, lists what one thread
 * would have: a word one article of each of two threads used. */
static void threads_pool_their_one_off_words(void **state)
{
    struct fixture *f = *state;
    gz_spelling other = {0};
    article(&f->sp, "harvest cocoa");
    article(&f->sp, "harvest");
    article(&other, "cocoa quenbrook");
    commit(f);      /* "harvest" listed; "cocoa" used once here */
    assert_int_equal(gz_spelling_flush(&other, f->w), GZ_OK);
    gz_strbuf once = GZ_STRBUF_INIT, more = GZ_STRBUF_INIT;
    assert_int_equal(gz_spelling_unlisted(&f->sp, &once, &more), GZ_OK);
    assert_string_equal(once.buf, "cocoa");
    assert_int_equal(once.len, strlen("cocoa") + 1);
    assert_int_equal(more.len, 0);
    assert_int_equal(gz_spelling_unlisted(&other, &once, &more), GZ_OK);
    gz_spelling pooled = {0};
    for (size_t at = 0; at < once.len; at += strlen(once.buf + at) + 1)
        assert_int_equal(gz_spelling_note(&pooled, once.buf + at, strlen(once.buf + at)), GZ_OK);
    assert_int_equal(gz_spelling_flush(&pooled, f->w), GZ_OK);
    assert_int_equal(gz_xap_writer_commit(f->w), GZ_OK);
    char *v = NULL;
    assert_int_equal(gz_xap_writer_get_metadata(f->w, "gazette.word:cocoa", &v), GZ_OK);
    assert_non_null(v);
    free(v);
    assert_int_equal(gz_xap_writer_get_metadata(f->w, "gazette.word:quenbrook", &v), GZ_OK);
    assert_null(v);     /* one article in all: not a word to offer */
    gz_spelling_release(&pooled);
    gz_spelling_release(&other);
    gz_strbuf_release(&once);
    gz_strbuf_release(&more);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(twice_seen_words_correct_typos, setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_article_in_a_later_commit_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(nearer_words_win_and_the_first_letter_stays, setup, teardown),
        cmocka_unit_test_setup_teardown(shards_correct_as_one_list, setup, teardown),
        cmocka_unit_test_setup_teardown(threads_pool_their_one_off_words, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
