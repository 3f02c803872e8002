/*
 * test_shingles.c - what makes two texts copies: the Jaccard similarity of
 * their five-word runs, MinHash signatures that agree about as often as the
 * texts overlap, numbers compared apart from dates ("March 24"), and no
 * signature for a text under five words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "shingles.h"

static gz_analyzer *words;

static int setup(void **state)
{
    (void)state;
    return gz_analyzer_new("none", &words) == GZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gz_analyzer_free(words);
    return 0;
}

static int add(void *ctx, const gz_token *tok)
{
    if (tok->flags & GZ_TOK_JOINED)
        return 0;
    return gz_shingles_add(ctx, tok->word, tok->word_len, tok->flags & GZ_TOK_NUMBER) < 0;
}

static void shingle(const char *text, gz_shingles *s)
{
    gz_shingles_reset(s);
    assert_int_equal(gz_analyzer_run(words, text, strlen(text), 1, add, s, NULL), 0);
    gz_shingles_finish(s);
}

static const char report[] =
    "The Federal Reserve entered the government securities market to arrange 1.5 billion "
    "dollars of customer repurchase agreements, a Fed spokesman said. Dealers said federal "
    "funds were trading at 6-3/16 pct when the Fed began its temporary and indirect supply "
    "of reserves to the banking system.";

static void identical_texts_are_one_set(void **state)
{
    (void)state;
    gz_shingles a = {0}, b = {0};
    shingle(report, &a);
    shingle(report, &b);
    assert_true(gz_shingles_jaccard(&a, &b) == 1.0);
    assert_memory_equal(a.signature, b.signature, sizeof a.signature);
    assert_true(gz_shingles_same_numbers(&a, &b));
    gz_shingles_release(&a);
    gz_shingles_release(&b);
}

static void one_changed_figure_changes_few_runs_and_the_numbers(void **state)
{
    (void)state;
    gz_shingles a = {0}, b = {0};
    shingle(report, &a);
    char other[sizeof report + 8];
    snprintf(other, sizeof other, "%s", report);
    memcpy(strstr(other, "6-3/16"), "6-1/16", 6);
    shingle(other, &b);
    double j = gz_shingles_jaccard(&a, &b);
    assert_true(j > 0.6 && j < 0.9);    /* five runs of about forty hold the figure */
    assert_false(gz_shingles_same_numbers(&a, &b));
    gz_shingles_release(&a);
    gz_shingles_release(&b);
}

static void a_dateline_day_is_not_a_figure(void **state)
{
    (void)state;
    gz_shingles a = {0}, b = {0};
    shingle("RIO DE JANEIRO, March 24 - Brazil's banks agreed on a 1.5 billion dlr credit.", &a);
    shingle("RIO DE JANEIRO, March 25 - Brazil's banks agreed on a 1.5 billion dlr credit.", &b);
    assert_true(gz_shingles_same_numbers(&a, &b));
    shingle("RIO DE JANEIRO, March 25 - Brazil's banks agreed on a 2.5 billion dlr credit.", &b);
    assert_false(gz_shingles_same_numbers(&a, &b));
    gz_shingles_release(&a);
    gz_shingles_release(&b);
}

/* Over many pairs, the share of signature parts two texts agree on tracks
 * their Jaccard similarity: what makes a term lookup find copies. */
static void signatures_agree_as_often_as_texts_overlap(void **state)
{
    (void)state;
    char base[8192] = "", copy[8192] = "";
    for (int i = 0; i < 200; i++) {
        char w[32];
        snprintf(w, sizeof w, "w%d ", i);
        strcat(base, w);
        /* the copy keeps the first 140 words and changes the rest */
        snprintf(w, sizeof w, i < 140 ? "w%d " : "x%d ", i);
        strcat(copy, w);
    }
    gz_shingles a = {0}, b = {0};
    shingle(base, &a);
    shingle(copy, &b);
    double j = gz_shingles_jaccard(&a, &b);
    assert_true(j > 0.5 && j < 0.6);
    /* one text against 50 variants: agreement averages near j */
    unsigned agree = 0, parts = 0;
    for (int v = 0; v < 50; v++) {
        char variant[8192] = "";
        for (int i = 0; i < 200; i++) {
            char w[32];
            snprintf(w, sizeof w, i < 140 ? "v%dw%d " : "v%dx%d ", v, i);
            strcat(variant, w);
        }
        char original[8192] = "";
        for (int i = 0; i < 200; i++) {
            char w[32];
            snprintf(w, sizeof w, "v%dw%d ", v, i);
            strcat(original, w);
        }
        shingle(original, &a);
        shingle(variant, &b);
        for (int k = 0; k < GZ_MINHASHES; k++, parts++)
            agree += a.signature[k] == b.signature[k];
    }
    double rate = (double)agree / parts;
    assert_true(rate > 0.4 && rate < 0.72);
    gz_shingles_release(&a);
    gz_shingles_release(&b);
}

static void under_five_words_there_is_no_signature(void **state)
{
    (void)state;
    gz_shingles a = {0};
    shingle("Fed adds reserves", &a);
    assert_false(a.has_signature);
    shingle("Fed adds reserves via repurchases", &a);
    assert_true(a.has_signature);
    gz_shingles_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_texts_are_one_set),
        cmocka_unit_test(one_changed_figure_changes_few_runs_and_the_numbers),
        cmocka_unit_test(a_dateline_day_is_not_a_figure),
        cmocka_unit_test(signatures_agree_as_often_as_texts_overlap),
        cmocka_unit_test(under_five_words_there_is_no_signature),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
