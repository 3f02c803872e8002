/*
 * test_spelling.c - the did-you-mean dictionary as the indexer feeds it:
 * a word seen in two articles is offered as a correction, a word seen in
 * one is not (a typo must not correct a typo), also when its second
 * article comes in a later commit.
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

/* Xapian's suggestion for word, from what is committed ("" for none). */
static void suggestion(struct fixture *f, const char *word, char *out, size_t cap)
{
    gz_xap_reader *r;
    char err[GZ_XAP_ERRMAX], *s = NULL;
    assert_int_equal(gz_xap_reader_open(f->dir, &r, err), GZ_OK);
    assert_int_equal(gz_xap_reader_spelling(r, word, &s), GZ_OK);
    snprintf(out, cap, "%s", s ? s : "");
    free(s);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(twice_seen_words_correct_typos, setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_article_in_a_later_commit_counts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
