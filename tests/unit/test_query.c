/*
 * test_query.c - the query parser as a table of what a user types and the
 * Xapian query it becomes (Xapian's own parser tests work this way), with
 * the notice a reader is shown when the text is not taken as typed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../query_stub.h"
#include "query.h"

/* What the searcher would answer, without an index: two known country
 * codes, no gazetteer, and document frequencies from a small made-up
 * vocabulary (the joined "songnam" is known; "laoslao" is not). */
static unsigned long made_up_df(void *ctx, const char *term)
{
    static const struct { const char *term; unsigned long df; } vocab[] = {
        {"asean", 50}, {"lao", 40}, {"vietnam", 30}, {"summit", 20}, {"songnam", 5},
    };
    (void)ctx;
    for (size_t i = 0; i < sizeof vocab / sizeof vocab[0]; i++)
        if (!strcmp(term, vocab[i].term))
            return vocab[i].df;
    /* query_by_example's words: the "long..." ones are rarer */
    if (!strncmp(term, "bigword", 7))
        return 30000;       /* common: ten of them are the budget of postings */
    return !strncmp(term, "word", 4) ? 100 : !strncmp(term, "longword", 8) ? 10 : 0;
}

struct fixture {
    gz_analyzer *analyzer, *folder;
    gz_query_env env;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    gz_analyzer_new("english", &f->analyzer);
    gz_analyzer_new("none", &f->folder);
    f->env = (gz_query_env){f->analyzer, f->folder, 0, NULL, stub_no_gazetteer,
                            stub_country_known, made_up_df, NULL};
    *state = f;
    return f->analyzer && f->folder ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    gz_analyzer_free(f->analyzer);
    gz_analyzer_free(f->folder);
    free(f);
    return 0;
}

/* Parses text; returns the description (malloc'd), the notice and status. */
static char *parse(struct fixture *f, const char *text, gz_status *st, char *notice, size_t cap)
{
    gz_query_info qi;
    gz_xap_query *q = NULL;
    char err[512] = "";
    *st = gz_query_parse(&f->env, text, &qi, &q, err, sizeof err);
    char *desc = q ? gz_xap_query_describe(q) : strdup(err);
    snprintf(notice, cap, "%s", *st == GZ_OK ? qi.notice : "");
    if (*st == GZ_OK)
        gz_query_info_release(&qi);
    gz_xap_query_free(q);
    return desc;
}

static const struct {
    const char *typed, *query, *notice;
} table[] = {
    /* words, phrases, compounds, fields */
    {"ASEAN", "Query(asean)", ""},
    {"Kim Song-nam", "Query((kim AND ((song PHRASE 2 nam) OR songnam)))", ""},
    {"\"ASEAN Regional Forum\"", "Query((asean PHRASE 3 region PHRASE 3 forum))", ""},
    {"country:LA Laos", "Query((lao FILTER XC:LA))", ""},
    {"Laos OR Vietnam", "Query((lao OR vietnam))", ""},
    {"http://x.org/a", "Query((http AND x AND org AND a))", ""},
    /* operators a reader can predict */
    {"NOT NOT ASEAN", "Query(asean)", ""},
    {"ASEAN NOT", "Query(asean)", ""},
    {"Laos OR", "Query(lao)", ""},
    {"OR Laos", "Query(lao)", ""},
    {"NOT ASEAN", "Query((<alldocuments> AND_NOT asean))", ""},
    {"-ASEAN", "Query((<alldocuments> AND_NOT asean))", ""},
    {"Re:ASEAN summit", "Query(((asean AND_MAYBE re) AND summit))", ""},
    /* repeats cost once */
    {"\"a b\" OR \"a b\" OR \"a b\"", "Query(3 * (a PHRASE 2 b))", ""},
    {"laos laos laos", "Query(3 * lao)", ""},        /* weighs as three, read once */
    /* text that does not parse is searched as words, with a notice */
    {"(ASEAN", "Query(asean)", "searched as plain words: this parenthesis is never closed (at character 1)"},
    {"ASEAN :)", "Query(asean)", "searched as plain words: this parenthesis closes nothing (at character 8)"},
    {"\"ASEAN Regional", "Query((asean AND region))",
     "searched as plain words: unterminated phrase: this quote is never closed (at character 1)"},
    {"person: Kim", "Query((person AND kim))", "searched as plain words: person: wants a value (at character 1)"},
    {":)", "Query()", "searched as plain words: this parenthesis closes nothing (at character 2); "
                      "the query has no words to search for"},
    {"", "Query()", "the query has no words to search for"},
    /* work per query is bounded */
    {"\"a b\" \"c d\" \"e f\" \"g h\" \"i j\" \"k l\" \"m n\" \"o p\" \"q r\"",
     "Query(((a PHRASE 2 b) AND (c PHRASE 2 d) AND (e PHRASE 2 f) AND (g PHRASE 2 h) AND "
     "(i PHRASE 2 j) AND (k PHRASE 2 l) AND (m PHRASE 2 n) AND (o PHRASE 2 p) AND (q AND r)))",
     "more than 8 phrases: the others were matched as words"},
};

static void the_table(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        gz_status st;
        char notice[GZ_QUERY_NOTICE_MAX];
        char *desc = parse(f, table[i].typed, &st, notice, sizeof notice);
        if (st != GZ_OK || strcmp(desc, table[i].query) || strcmp(notice, table[i].notice))
            fail_msg("'%s': got %d %s [%s], want %s [%s]", table[i].typed, st, desc, notice,
                     table[i].query, table[i].notice);
        free(desc);
    }
}

/* Only a field value the user clearly meant is refused. */
static void wrong_values_are_refused(void **state)
{
    struct fixture *f = *state;
    const char *bad[] = {"ASEAN date:2024-13", "date:2024-03..2024-01", "country:Atlantis"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gz_status st;
        char notice[GZ_QUERY_NOTICE_MAX];
        char *err = parse(f, bad[i], &st, notice, sizeof notice);
        assert_int_equal(st, GZ_ERR_INVALID);
        assert_non_null(strstr(err, "(at character"));
        free(err);
    }
}

/* Any nesting is handled, far past what the recursive parser would take
 * on its stack (1,000 levels crashed it). */
static void deep_nesting(void **state)
{
    struct fixture *f = *state;
    char text[100010];
    memset(text, '(', 100000);
    strcpy(text + 100000, "laos");
    gz_status st;
    char notice[GZ_QUERY_NOTICE_MAX];
    char *desc = parse(f, text, &st, notice, sizeof notice);
    assert_int_equal(st, GZ_OK);
    assert_string_equal(desc, "Query()");       /* cut before "laos": nothing left */
    assert_non_null(strstr(notice, "only the first 8192 bytes of the query were used"));
    free(desc);
    memset(text, '(', 1000);
    strcpy(text + 1000, "laos");
    desc = parse(f, text, &st, notice, sizeof notice);
    assert_string_equal(desc, "Query(lao)");
    assert_non_null(strstr(notice, "nest more than 32 deep"));
    free(desc);
}

/* Long pasted text: searched for any of its rarest words. */
static void query_by_example(void **state)
{
    struct fixture *f = *state;
    char text[8192] = "";
    for (int i = 0; i < 300; i++) {
        char w[32];
        snprintf(w, sizeof w, "%sword%c%c ", i % 2 ? "long" : "", 'a' + i % 26, 'a' + i / 26);
        strcat(text, w);
    }
    gz_status st;
    char notice[GZ_QUERY_NOTICE_MAX];
    char *desc = parse(f, text, &st, notice, sizeof notice);
    assert_int_equal(st, GZ_OK);
    assert_string_equal(notice, "a long text: searched for any of its 256 rarest words");
    size_t ors = 0, common = 0;
    for (const char *p = desc; (p = strstr(p, " OR ")); p++)
        ors++;
    for (const char *p = desc; (p = strstr(p, "word")); p++)
        common += p == desc || p[-1] != 'g';
    assert_int_equal(ors, 255);
    /* the rarer "long..." words were kept first: taken in text order, half
     * of the 256 would be common ones */
    assert_true(common <= 256 - 145);
    free(desc);
}

/* A pasted text of common words only: its search reads a bounded number
 * of postings (GZ_QUERY_EXAMPLE_POSTINGS), not 256 long lists. */
static void query_by_example_of_common_words(void **state)
{
    struct fixture *f = *state;
    char text[8192] = "";
    for (int i = 0; i < 300; i++) {
        char w[32];
        snprintf(w, sizeof w, "bigword%c%c ", 'a' + i % 26, 'a' + i / 26);
        strcat(text, w);
    }
    gz_status st;
    char notice[GZ_QUERY_NOTICE_MAX];
    char *desc = parse(f, text, &st, notice, sizeof notice);
    assert_int_equal(st, GZ_OK);
    assert_string_equal(notice, "a long text: searched for any of its 10 rarest words");
    size_t ors = 0;
    for (const char *p = desc; (p = strstr(p, " OR ")); p++)
        ors++;
    assert_int_equal(ors, 9);
    free(desc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_table),
        cmocka_unit_test(wrong_values_are_refused),
        cmocka_unit_test(deep_nesting),
        cmocka_unit_test(query_by_example),
        cmocka_unit_test(query_by_example_of_common_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
