/*
 * test_name_map.c - one name per person across an archive: what the name
 * map decides from article counts (surnames alone, ambiguous surnames,
 * misspellings, capitals, companies), how an article's names go through
 * it, and that the stored form reads back the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "name_map.h"

static gz_analyzer *keyer;

static int setup(void **state)
{
    (void)state;
    return gz_analyzer_new("none", &keyer) == GZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gz_analyzer_free(keyer);
    return 0;
}

static void decide(const gz_name_votes *votes, size_t n, gz_name_map *m)
{
    memset(m, 0, sizeof *m);
    assert_int_equal(gz_name_map_decide(keyer, NULL, votes, n, m), 0);
}

static void surname_alone_goes_to_the_one_full_name(void **state)
{
    (void)state;
    /* Reuters 1987: Reagan 295 articles, Ronald Reagan 22, Nancy and Michael 1 each. */
    const gz_name_votes votes[] = {{"Reagan", 295, 0}, {"Ronald Reagan", 22, 0},
                                   {"Nancy Reagan", 1, 0}, {"Michael Reagan", 1, 0}};
    gz_name_map m;
    decide(votes, 4, &m);
    assert_string_equal(gz_name_map_get(&m, "Reagan"), "Ronald Reagan");
    assert_string_equal(gz_name_map_get(&m, "Nancy Reagan"), "Nancy Reagan");
    gz_name_map_release(&m);
}

static void ambiguous_surname_stays_as_written(void **state)
{
    (void)state;
    /* James Baker 173, Howard Baker 20: "Baker said" could be either. */
    const gz_name_votes votes[] = {{"Baker", 33, 0}, {"James Baker", 173, 0}, {"Howard Baker", 20, 0}};
    gz_name_map m;
    decide(votes, 3, &m);
    assert_string_equal(gz_name_map_get(&m, "Baker"), "Baker");
    assert_int_equal(m.shown.count, 0);
    gz_name_map_release(&m);
    /* A full name seen once is not enough to credit a surname to. */
    const gz_name_votes once[] = {{"Subroto", 19, 0}, {"Mines Subroto", 1, 0}};
    decide(once, 2, &m);
    assert_string_equal(gz_name_map_get(&m, "Subroto"), "Subroto");
    gz_name_map_release(&m);
}

/* "REAGAN CUTS SHORT DALLAS TRIP": the headline's words are candidates
 * ("~Reagan", "~Short"); the archive shows them as the one full name with
 * that surname, or not at all. */
static void headline_words_go_to_a_full_name_or_no_one(void **state)
{
    (void)state;
    const gz_name_votes votes[] = {
        {"~Reagan", 12, 0}, {"Ronald Reagan", 22, 0}, {"Nancy Reagan", 1, 0},
        {"~Short", 3, 0}, {"~Baker", 4, 0}, {"James Baker", 173, 0}, {"Howard Baker", 20, 0},
        {"~Price", 2, 0}, {"Robert Price", 2, 0},                   /* too rare a full name */
        {"~Salomon", 2, 3}, {"Peter Salomon", 5, 0},                /* a firm bears it */
        {"~Volcker", 2, 0}, {"Volcker", 40, 0}, {"Paul Volcker", 90, 0},
    };
    gz_name_map m;
    decide(votes, sizeof votes / sizeof votes[0], &m);
    assert_string_equal(gz_name_map_get(&m, "~Reagan"), "Ronald Reagan");
    assert_string_equal(gz_name_map_get(&m, "~Volcker"), "Paul Volcker");
    assert_string_equal(gz_name_map_get(&m, "~Short"), "");
    assert_string_equal(gz_name_map_get(&m, "~Baker"), "");
    assert_string_equal(gz_name_map_get(&m, "~Price"), "");
    assert_string_equal(gz_name_map_get(&m, "~Salomon"), "");
    /* candidates decide nothing for the names written as people */
    assert_string_equal(gz_name_map_get(&m, "Ronald Reagan"), "Ronald Reagan");
    assert_string_equal(gz_name_map_get(&m, "Volcker"), "Paul Volcker");
    gz_name_map_release(&m);
    /* a map that never heard of a candidate shows no one */
    gz_name_map empty = {0};
    assert_string_equal(gz_name_map_get(&empty, "~Reagan"), "");
    /* its key keeps the mark: never the term of a name written as a person */
    char key[64];
    assert_int_equal(gz_entity_key(keyer, "~Reagan", key, sizeof key), 7);
    assert_string_equal(key, "~reagan");
    assert_int_equal(gz_entity_key(keyer, "~", key, sizeof key), 0);
}

static void misspellings_join_the_common_spelling(void **state)
{
    (void)state;
    const gz_name_votes votes[] = {
        {"Hisham Nazer", 10, 0}, {"Hisham Nazir", 1, 0},        /* substitution */
        {"George Shultz", 44, 0}, {"George Schultz", 4, 0},     /* insertion */
        {"Paul Johnson", 2, 0}, {"Paul Johnston", 1, 0},        /* too rare to tell */
        {"David Karnes", 9, 0}, {"David Barnes", 1, 0},         /* first letter: another name */
        {"Jim Hahn", 30, 0}, {"Jim Hahm", 1, 0},                /* too short to tell */
    };
    gz_name_map m;
    decide(votes, sizeof votes / sizeof votes[0], &m);
    assert_string_equal(gz_name_map_get(&m, "Hisham Nazir"), "Hisham Nazer");
    assert_string_equal(gz_name_map_get(&m, "George Schultz"), "George Shultz");
    assert_string_equal(gz_name_map_get(&m, "Paul Johnston"), "Paul Johnston");
    assert_string_equal(gz_name_map_get(&m, "David Barnes"), "David Barnes");
    assert_string_equal(gz_name_map_get(&m, "Jim Hahm"), "Jim Hahm");
    assert_int_equal(m.shown.count, 2);
    gz_name_map_release(&m);
}

static void one_key_shows_its_commonest_spelling(void **state)
{
    (void)state;
    const gz_name_votes votes[] = {{"Willy De Clercq", 7, 0}, {"Willy de Clercq", 9, 0},
                                   {"Kim Song Nam", 2, 0},    {"Kim Song-nam", 5, 0},
                                   {"Kim Songnam", 1, 0},     {"AIRBUS", 1, 0},
                                   {"Airbus", 1, 0}};
    gz_name_map m;
    decide(votes, sizeof votes / sizeof votes[0], &m);
    assert_string_equal(gz_name_map_get(&m, "Willy De Clercq"), "Willy de Clercq");
    assert_string_equal(gz_name_map_get(&m, "Kim Song Nam"), "Kim Song-nam");
    assert_string_equal(gz_name_map_get(&m, "Kim Songnam"), "Kim Song-nam");
    assert_string_equal(gz_name_map_get(&m, "AIRBUS"), "Airbus");   /* a tie: ordinary case */
    assert_string_equal(gz_name_map_get(&m, "Airbus"), "Airbus");
    gz_name_map_release(&m);
}

static void companies_are_not_people(void **state)
{
    (void)state;
    const gz_name_votes votes[] = {
        {"Merrill Lynch", 12, 40},          /* "Merrill Lynch and Co" in 40 articles */
        {"Ivan Boesky", 20, 3},             /* the man, more than his firm */
        {"Baker", 33, 17}, {"James Baker", 173, 0}, {"Howard Baker", 20, 0},
        {"Texaco", 2, 1},                   /* one company mention is not enough */
    };
    gz_name_map m;
    decide(votes, sizeof votes / sizeof votes[0], &m);
    assert_string_equal(gz_name_map_get(&m, "Merrill Lynch"), "");
    assert_string_equal(gz_name_map_get(&m, "Ivan Boesky"), "Ivan Boesky");
    /* Baker International is a company, but Baker is also James's and Howard's surname. */
    assert_string_equal(gz_name_map_get(&m, "Baker"), "Baker");
    assert_string_equal(gz_name_map_get(&m, "Texaco"), "Texaco");
    gz_name_map_release(&m);
}

static void an_article_goes_through_the_map(void **state)
{
    (void)state;
    const gz_name_votes votes[] = {{"Reagan", 30, 0}, {"Ronald Reagan", 22, 0},
                                   {"Merrill Lynch", 3, 9}, {"James Baker", 5, 0}};
    gz_name_map m;
    decide(votes, 4, &m);
    char *items[] = {"James Baker", "Reagan", "Merrill Lynch", "Ronald Reagan"};
    gz_entity_list written = {items, 4, 4}, shown = {0};
    assert_int_equal(gz_name_map_apply(&m, &written, &shown), 0);
    /* mapped, in the article's order, once each, the company left out */
    assert_int_equal(shown.n, 2);
    assert_string_equal(shown.items[0], "James Baker");
    assert_string_equal(shown.items[1], "Ronald Reagan");
    gz_entity_list_release(&shown);
    gz_name_map_release(&m);
}

static void stored_form_reads_back(void **state)
{
    (void)state;
    const gz_name_votes votes[] = {{"Reagan", 30, 0}, {"Ronald Reagan", 22, 0},
                                   {"Merrill Lynch", 3, 9}, {"Hisham Nazir", 1, 0},
                                   {"Hisham Nazer", 10, 0}};
    gz_name_map m, back = {0};
    decide(votes, 5, &m);
    gz_strbuf text = GZ_STRBUF_INIT, again = GZ_STRBUF_INIT;
    assert_int_equal(gz_name_map_format(&m, &text), 0);
    assert_string_equal(gz_strbuf_str(&text),
                        "Hisham Nazir\tHisham Nazer\nMerrill Lynch\t\nReagan\tRonald Reagan\n");
    assert_int_equal(gz_name_map_parse(&back, gz_strbuf_str(&text)), 0);
    assert_int_equal(gz_name_map_format(&back, &again), 0);
    assert_string_equal(gz_strbuf_str(&again), gz_strbuf_str(&text));
    gz_name_map bad = {0};
    assert_int_equal(gz_name_map_parse(&bad, "no tab here\n"), GZ_ERR_CORRUPT);
    gz_name_map_release(&bad);
    gz_strbuf_release(&text);
    gz_strbuf_release(&again);
    gz_name_map_release(&m);
    gz_name_map_release(&back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(surname_alone_goes_to_the_one_full_name),
        cmocka_unit_test(ambiguous_surname_stays_as_written),
        cmocka_unit_test(misspellings_join_the_common_spelling),
        cmocka_unit_test(one_key_shows_its_commonest_spelling),
        cmocka_unit_test(companies_are_not_people),
        cmocka_unit_test(an_article_goes_through_the_map),
        cmocka_unit_test(stored_form_reads_back),
        cmocka_unit_test(headline_words_go_to_a_full_name_or_no_one),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
