/*
 * test_analyzer.c - the tokenizer's rules, one test per rule in analyzer.h.
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
#include "glue.h"

#define MAXTOK 64

struct tokens {
    char term[MAXTOK][GZ_MAX_WORD * 2 + 1];
    char word[MAXTOK][GZ_MAX_WORD + 1];
    unsigned pos[MAXTOK], flags[MAXTOK];
    size_t start[MAXTOK], end[MAXTOK];
    size_t n;
};

static int collect(void *ctx, const gz_token *t)
{
    struct tokens *tk = ctx;
    assert_true(tk->n < MAXTOK);
    assert_int_equal(strlen(t->term), t->term_len);
    snprintf(tk->term[tk->n], sizeof tk->term[0], "%s", t->term);
    snprintf(tk->word[tk->n], sizeof tk->word[0], "%s", t->word);
    tk->pos[tk->n] = t->pos;
    tk->flags[tk->n] = t->flags;
    tk->start[tk->n] = t->start;
    tk->end[tk->n] = t->end;
    tk->n++;
    return 0;
}

static struct tokens *analyze(gz_analyzer *a, const char *text)
{
    static struct tokens tk;
    memset(&tk, 0, sizeof tk);
    assert_int_equal(gz_analyzer_run(a, text, strlen(text), 1, collect, &tk, NULL), 0);
    return &tk;
}

/* The space-separated terms of text, for compact assertions. */
static const char *terms(gz_analyzer *a, const char *text)
{
    static char out[1024];
    struct tokens *tk = analyze(a, text);
    out[0] = '\0';
    for (size_t i = 0; i < tk->n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, tk->term[i]);
    }
    return out;
}

static int setup(void **state)
{
    gz_analyzer *a;
    assert_int_equal(gz_analyzer_new("english", &a), GZ_OK);
    *state = a;
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    gz_analyzer_free(*state);
    return 0;
}

/* A lexicon as the gazetteer would build it: role, function, name and
 * particle words and one known name. */
static gz_glue *test_glue(void)
{
    gz_glue *g = gz_glue_new();
    assert_non_null(g);
    const char *before[] = {"comrade", "secretary", "president", "marshal"};
    const char *function[] = {"of", "the", "when", "he", "and", "by"};
    const char *names[] = {"kim", "ri", "donald", "arthur", "john"};
    const char *particles[] = {"mc", "mac", "la", "de", "di"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(gz_glue_add_word(g, before[i], GZ_GLUE_BEFORE), 0);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(gz_glue_add_word(g, function[i], GZ_GLUE_BEFORE | GZ_GLUE_FUNCTION), 0);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(gz_glue_add_word(g, names[i], GZ_GLUE_NAME), 0);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(gz_glue_add_word(g, particles[i], GZ_GLUE_PARTICLE), 0);
    const char *un[] = {"kim", "jong", "un"}, *sung[] = {"kim", "il", "sung"};
    assert_int_equal(gz_glue_add_name(g, un, 3), 0);
    assert_int_equal(gz_glue_add_name(g, sung, 3), 0);
    return g;
}

static void glued_words_split(void **state)
{
    gz_analyzer *a;
    (void)state;
    assert_int_equal(gz_analyzer_new("none", &a), GZ_OK);
    gz_glue *g = test_glue();
    assert_string_equal(terms(a, "ComradeKim Jong Unsaid"), "comradekim jong unsaid");
    gz_analyzer_set_glue(a, g);
    assert_string_equal(terms(a, "ComradeKim Jong Unsaid"), "comrade kim jong un said");
    assert_string_equal(terms(a, "SecretaryKim Jong Uninvited"), "secretary kim jong un invited");
    assert_string_equal(terms(a, "the era ofKim Jong Un."), "the era of kim jong un");
    assert_string_equal(terms(a, "Kim Il SungUniversity"), "kim il sung university");
    assert_string_equal(terms(a, "Kim Il Sungand"), "kim il sung and");
    assert_string_equal(terms(a, "to HEKim Jong Un"), "to he kim jong un");
    /* positions follow the words; offsets point into the text as written */
    struct tokens *tk = analyze(a, "ComradeKim Jong Unsaid");
    assert_int_equal(tk->n, 5);
    assert_int_equal(tk->pos[3], 4);
    assert_int_equal(tk->start[3], 16);
    assert_int_equal(tk->end[3], 18);
    assert_int_equal(tk->start[4], 18);
    /* a known name's last part with one letter more is another name */
    assert_string_equal(terms(a, "Kim Jong Ung"), "kim jong ung");
    /* not after the name's first parts: a word of its own */
    assert_string_equal(terms(a, "Unsaid things"), "unsaid things");
    gz_analyzer_free(a);
    gz_glue_free(g);
}

static void mixed_case_stays_whole(void **state)
{
    gz_analyzer *a;
    (void)state;
    assert_int_equal(gz_analyzer_new("none", &a), GZ_OK);
    gz_glue *g = test_glue();
    gz_analyzer_set_glue(a, g);
    assert_string_equal(terms(a, "McDonald MacArthur LaGuardia DiCaprio"),
                        "mcdonald macarthur laguardia dicaprio");
    assert_string_equal(terms(a, "iPhone eBay PetroChina DeepMind BankAmerica"),
                        "iphone ebay petrochina deepmind bankamerica");
    assert_string_equal(terms(a, "O'Neill YouTube USAir ITunes macOS"),
                        "oneill youtube usair itunes macos");
    /* a given name glued after a word splits only when a name follows */
    assert_string_equal(terms(a, "SuperJohn said"), "superjohn said");
    assert_string_equal(terms(a, "ConstructionJohn Smith"), "construction john smith");
    gz_analyzer_free(a);
    gz_glue_free(g);
}

static void glue_lexicon_round_trips(void **state)
{
    (void)state;
    gz_glue *g = test_glue(), *back = NULL;
    gz_strbuf text = GZ_STRBUF_INIT;
    char err[256];
    assert_int_equal(gz_glue_write(g, &text), 0);
    assert_int_equal(gz_glue_read(gz_strbuf_str(&text), &back, err, sizeof err), GZ_OK);
    const char *prev[] = {"jong", "kim"};
    assert_int_equal(gz_glue_split(back, "Unsaid", 6, prev, 2, 0), 2);
    assert_int_equal(gz_glue_split(back, "ComradeKim", 10, NULL, 0, 1), 7);
    assert_int_equal(gz_glue_split(back, "McDonald", 8, NULL, 0, 0), 0);
    gz_glue_free(back);
    assert_int_equal(gz_glue_read("7\tcomrade\nnonsense\n", &back, err, sizeof err), GZ_ERR_INVALID);
    assert_non_null(strstr(err, "line 2"));
    assert_null(back);
    gz_strbuf_release(&text);
    gz_glue_free(g);
}

static void folds_case_and_accents(void **state)
{
    assert_string_equal(terms(*state, "CAFÉ Café cafe"), "cafe cafe cafe");
    assert_string_equal(terms(*state, "Đà Nẵng"), "da nang");
    assert_string_equal(terms(*state, "Straße"), "strass");
}

static void stems_with_snowball(void **state)
{
    assert_string_equal(terms(*state, "meeting meetings"), "meet meet");
    assert_string_equal(terms(*state, "diplomatic"), "diplomat");
}

static void drops_possessives(void **state)
{
    assert_string_equal(terms(*state, "Korea's Korea\xE2\x80\x99s Korea"), "korea korea korea");
    assert_string_equal(terms(*state, "O'Brien"), "obrien");
    assert_string_equal(terms(*state, "countries' ties"), "countri tie");
}

static void joins_dotted_acronyms(void **state)
{
    assert_string_equal(terms(*state, "U.S. US"), "us us");
    assert_string_equal(terms(*state, "the U.S.A. said"), "the usa said");
    /* A lone initial is not an acronym. */
    assert_string_equal(terms(*state, "J. Smith"), "j smith");
}

static void keeps_numbers(void **state)
{
    assert_string_equal(terms(*state, "1,000 and 3.5 pct in 2024."), "1000 and 3.5 pct in 2024");
    struct tokens *tk = analyze(*state, "720.4");
    assert_int_equal(tk->n, 1);
    assert_true(tk->flags[0] & GZ_TOK_NUMBER);
}

static void splits_and_joins_hyphenated_names(void **state)
{
    struct tokens *tk = analyze(*state, "Kim Song-nam left");
    /* kim@1, song@2, nam@3, songnam@2 (joined), left@4 */
    assert_int_equal(tk->n, 5);
    assert_string_equal(tk->term[0], "kim");
    assert_string_equal(tk->term[1], "song");
    assert_int_equal(tk->pos[1], 2);
    assert_true(tk->flags[1] & GZ_TOK_PART);
    assert_string_equal(tk->term[2], "nam");
    assert_int_equal(tk->pos[2], 3);
    assert_string_equal(tk->word[3], "songnam");
    assert_int_equal(tk->pos[3], 2);
    assert_true(tk->flags[3] & GZ_TOK_JOINED);
    assert_string_equal(tk->term[4], "left");
    assert_int_equal(tk->pos[4], 4);
    /* The three spellings share the terms a query needs. */
    assert_string_equal(terms(*state, "Kim Song Nam"), "kim song nam");
    assert_string_equal(terms(*state, "Kim Songnam"), "kim songnam");
}

static void offsets_point_into_the_text(void **state)
{
    const char *text = "  North Korea's envoy, Kim Song-nam.";
    struct tokens *tk = analyze(*state, text);
    assert_int_equal(tk->start[1], 8);
    assert_int_equal(tk->end[1], 15);      /* "Korea's": the possessive is covered */
    size_t joined = 6;
    assert_true(tk->flags[joined] & GZ_TOK_JOINED);
    assert_memory_equal(text + tk->start[joined], "Song-nam", 8);
    assert_int_equal(tk->end[joined] - tk->start[joined], 8);
}

static void survives_invalid_utf8(void **state)
{
    const char bad[] = "caf\xC3 \xFF\xFEword \xE2\x80 end \xF0\x9F";
    struct tokens tk = {0};
    assert_int_equal(gz_analyzer_run(*state, bad, sizeof bad - 1, 1, collect, &tk, NULL), 0);
    assert_string_equal(tk.term[0], "caf");
    assert_string_equal(tk.term[tk.n - 1], "end");
}

static void skips_overlong_words_but_counts_them(void **state)
{
    char text[300];
    memset(text, 'x', 200);
    strcpy(text + 200, " after");
    unsigned next;
    struct tokens tk = {0};
    gz_analyzer_run(*state, text, strlen(text), 1, collect, &tk, &next);
    assert_int_equal(tk.n, 1);
    assert_string_equal(tk.term[0], "after");
    assert_int_equal(tk.pos[0], 2);
    assert_int_equal(next, 3);
}

static void empty_and_punctuation_only(void **state)
{
    assert_string_equal(terms(*state, ""), "");
    assert_string_equal(terms(*state, " -- ... ''' "), "");
}

static void unknown_language_is_refused(void **state)
{
    (void)state;
    gz_analyzer *none;
    assert_int_equal(gz_analyzer_new("klingon", &none), GZ_ERR_INVALID);
    assert_null(none);
    assert_int_equal(gz_analyzer_new("none", &none), GZ_OK);
    assert_non_null(none);
    assert_string_equal(terms(none, "Meetings"), "meetings");
    gz_analyzer_free(none);
}

/* Snippets stem only words that may stem to a query's stems: the filter
 * must keep every word that does, irregular forms included, and leave the
 * others unstemmed. */
static void stem_filter_keeps_every_word_that_can_match(void **state)
{
    const char *text = "skies agreed happily generously meetings news ugly";
    char full[1024];
    snprintf(full, sizeof full, "%s", terms(*state, text));
    assert_string_equal(full, "sky agre happili generous meet news ugli");
    const char *wanted[] = {"sky", "agre", "happili", "generous", "meet", "news", "ugli"};
    gz_analyzer_stem_only(*state, wanted, 7);
    assert_string_equal(terms(*state, text), full);
    const char *only_meet[] = {"meet"};
    gz_analyzer_stem_only(*state, only_meet, 1);
    assert_string_equal(terms(*state, "skies meetings"), "skies meet");
    gz_analyzer_stem_only(*state, NULL, 0);
    assert_string_equal(terms(*state, "skies meetings"), "sky meet");
}

/* Format characters inside a word vanish; the zero-width space splits. */
static void invisible_characters_inside_words(void **state)
{
    assert_string_equal(terms(*state, "inter\u00adnational co\u200doperation"),
                        "intern cooper");
    assert_string_equal(terms(*state, "Vien\u2060tiane one\u200btwo"), "vientian one two");
    struct tokens *tk = analyze(*state, "a inter\u00adnational");
    assert_int_equal(tk->start[1], 2);
    assert_int_equal(tk->end[1], strlen("a inter\u00adnational"));
}

/* Unspaced scripts: a token per character, a pair at the same position. */
static void unspaced_scripts_give_characters_and_pairs(void **state)
{
    struct tokens *tk = analyze(*state, "Xi 王沪宁。");
    const char *want[] = {"xi", "王", "王沪", "沪", "沪宁", "宁"};
    unsigned pos[] = {1, 2, 2, 3, 3, 4};
    assert_int_equal(tk->n, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(tk->term[i], want[i]);
        assert_int_equal(tk->pos[i], pos[i]);
        int pair = i == 2 || i == 4;
        assert_int_equal(tk->flags[i], pair ? GZ_TOK_JOINED | GZ_TOK_NGRAM : 0);
    }
    /* a pair's range covers both characters */
    assert_int_equal(tk->start[2], 3);
    assert_int_equal(tk->end[2], 9);
    /* a Latin word glued to Chinese is a word of its own */
    assert_string_equal(terms(*state, "iPhone手机"), "iphon 手 手机 机");
    /* Thai marks stay with their letter; kana keep their voicing mark */
    assert_string_equal(terms(*state, "ที่"), "ที่");
    assert_string_equal(terms(*state, "が"), "が");
    assert_string_equal(terms(*state, "ｶﾞ"), "ガ");
    /* Korean particles: the pairs of the bare word are there */
    assert_string_equal(terms(*state, "라오스를"), "라 라오 오 오스 스 스를 를");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folds_case_and_accents),
        cmocka_unit_test(stems_with_snowball),
        cmocka_unit_test(drops_possessives),
        cmocka_unit_test(joins_dotted_acronyms),
        cmocka_unit_test(keeps_numbers),
        cmocka_unit_test(splits_and_joins_hyphenated_names),
        cmocka_unit_test(offsets_point_into_the_text),
        cmocka_unit_test(survives_invalid_utf8),
        cmocka_unit_test(skips_overlong_words_but_counts_them),
        cmocka_unit_test(empty_and_punctuation_only),
        cmocka_unit_test(unknown_language_is_refused),
        cmocka_unit_test(stem_filter_keeps_every_word_that_can_match),
        cmocka_unit_test(glued_words_split),
        cmocka_unit_test(mixed_case_stays_whole),
        cmocka_unit_test(glue_lexicon_round_trips),
        cmocka_unit_test(invisible_characters_inside_words),
        cmocka_unit_test(unspaced_scripts_give_characters_and_pairs),
    };
    return cmocka_run_group_tests_name("analyzer", tests, setup, teardown);
}
