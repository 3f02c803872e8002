/*
 * test_text.c - dates, UTF-8 cleaning and headline cutting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "dates.h"
#include "utf8.h"

static void cutting_between_characters(void **state)
{
    (void)state;
    const char *s = "ab\xC3\xA9" "cd";       /* é takes bytes 2 and 3 */
    assert_int_equal(gz_utf8_cut(s, 6, 10), 6);
    assert_int_equal(gz_utf8_cut(s, 6, 4), 4);
    assert_int_equal(gz_utf8_cut(s, 6, 3), 2);  /* not between the two bytes of é */
    assert_int_equal(gz_utf8_cut(s, 6, 2), 2);
}

static void calendar_dates(void **state)
{
    (void)state;
    assert_true(gz_date_is_valid(2024, 2, 29));
    assert_false(gz_date_is_valid(2023, 2, 29));
    assert_false(gz_date_is_valid(1900, 2, 29));
    assert_true(gz_date_is_valid(2000, 2, 29));
    assert_false(gz_date_is_valid(2024, 4, 31));
    assert_false(gz_date_is_valid(2024, 0, 1));
    char out[11];
    assert_int_equal(gz_date_parse_iso("2024-03-21T10:00", out), 10);
    assert_string_equal(out, "2024-03-21");
    assert_int_equal(gz_date_parse_iso("2024-3-21", out), 0);
    assert_int_equal(gz_date_parse_iso("2024-03-2", out), 0);
}

static void utf8_cleaning(void **state)
{
    (void)state;
    gz_strbuf sb = GZ_STRBUF_INIT;
    assert_int_equal(gz_utf8_clean("a\r\nb\rc", 6, &sb), 0);
    assert_string_equal(gz_strbuf_str(&sb), "a\nb\nc");
    gz_strbuf_reset(&sb);
    /* 0xA3 alone is Latin-1 for the pound sign. */
    assert_int_equal(gz_utf8_clean("\xA3" "5 \xC2\xA3" "6", 6, &sb), 1);
    assert_string_equal(gz_strbuf_str(&sb), "\xC2\xA3" "5 \xC2\xA3" "6");
    gz_strbuf_release(&sb);
}

/* No-break spaces are spaces; soft hyphens and word joiners vanish. */
static void invisible_spacing_tidied(void **state)
{
    (void)state;
    char text[] = "Kiichi\u00a0Miya\u00adzawa\u202fmet\u2060\ufeffKim\u2028\u200bx";
    size_t n = gz_utf8_tidy_spaces(text, strlen(text));
    assert_int_equal(n, strlen(text));
    assert_string_equal(text, "Kiichi Miyazawa metKim\n\u200bx");
}

static void headlines_cut_at_a_word(void **state)
{
    (void)state;
    char *h = gz_article_headline_from("Short first sentence. Then more.");
    assert_string_equal(h, "Short first sentence");
    free(h);
    const char *longer = "North Korea's ruling party delegation, led by the seasoned diplomat "
                         "Kim Song-nam, has embarked on an important diplomatic journey to China.";
    h = gz_article_headline_from(longer);
    assert_true(strlen(h) <= 100 + 3);
    assert_string_equal(h + strlen(h) - 3, "\xE2\x80\xA6");
    assert_true(strncmp(h, "North Korea's ruling party delegation", 37) == 0);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_dates),
        cmocka_unit_test(cutting_between_characters),
        cmocka_unit_test(utf8_cleaning),
        cmocka_unit_test(headlines_cut_at_a_word),
        cmocka_unit_test(invisible_spacing_tidied),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
