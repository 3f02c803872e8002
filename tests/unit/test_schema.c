/*
 * test_schema.c - each encoding of the index layout against its decoding,
 * and the terms the indexer and the searcher must agree on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "gz_xapian.h"
#include "schema.h"

static void terms(void **state)
{
    (void)state;
    char buf[GZ_XAP_MAX_TERM + 8];
    assert_int_equal(gz_schema_id_term("42", buf, sizeof buf), 3);
    assert_string_equal(buf, GZ_PREFIX_ID "42");
    assert_int_equal(gz_schema_id_term("", buf, sizeof buf), 0);
    char id[GZ_XAP_MAX_TERM + 1];
    memset(id, 'x', GZ_XAP_MAX_TERM);
    id[GZ_XAP_MAX_TERM] = '\0';
    assert_int_equal(gz_schema_id_term(id, buf, sizeof buf), 0);          /* prefix + 245 > 245 */
    id[GZ_XAP_MAX_TERM - strlen(GZ_PREFIX_ID)] = '\0';
    assert_int_equal(gz_schema_id_term(id, buf, sizeof buf), GZ_XAP_MAX_TERM);
    /* a two-letter prefix is copied whole (it used to be cut to its first letter) */
    assert_int_equal(gz_schema_term("XP", "kimsongnam", 10, buf, sizeof buf), 12);
    assert_string_equal(buf, "XPkimsongnam");
    char dates[3][16];
    size_t lens[3];
    assert_int_equal(gz_schema_date_terms("20240321", dates, lens), 0);
    assert_string_equal(dates[0], GZ_PREFIX_DAY "20240321");
    assert_string_equal(dates[1], GZ_PREFIX_MONTH "202403");
    assert_string_equal(dates[2], GZ_PREFIX_YEAR "2024");
    assert_int_equal(gz_schema_date_terms("", dates, lens), GZ_ERR_INVALID);
    /* a month facet's value finds the articles the date terms marked */
    assert_int_equal(gz_schema_month_term("2024-03", buf, sizeof buf), lens[1]);
    assert_string_equal(buf, dates[1]);
    assert_int_equal(gz_schema_month_term("202403", buf, sizeof buf), 0);
    assert_int_equal(gz_schema_sample_term(3, buf, sizeof buf), strlen(GZ_PREFIX_SAMPLE) + 1);
    assert_int_equal(gz_schema_label_key("KP", buf, sizeof buf), 0);
    assert_string_equal(buf, GZ_META_COUNTRY_LABEL "KP");
}

static void stored_data(void **state)
{
    (void)state;
    gz_strbuf sb = GZ_STRBUF_INIT;
    assert_int_equal(gz_schema_data_encode(&sb, "{\"id\":\"1\"}", "Line one.\nLine two."), 0);
    const char *json, *body;
    size_t jl, bl;
    gz_schema_data_decode(sb.buf, sb.len, &json, &jl, &body, &bl);
    assert_int_equal(jl, 10);
    assert_memory_equal(json, "{\"id\":\"1\"}", 10);
    assert_int_equal(bl, 19);
    assert_memory_equal(body, "Line one.\nLine two.", 19);
    gz_schema_data_decode("{}", 2, &json, &jl, &body, &bl);     /* no body at all */
    assert_int_equal(jl, 2);
    assert_int_equal(bl, 0);
    gz_strbuf_release(&sb);
}

static void combined_facets(void **state)
{
    (void)state;
    gz_strbuf v = GZ_STRBUF_INIT;
    assert_int_equal(gz_schema_facets_append(&v, "KP\tLA", 5, 0), 0);
    assert_int_equal(gz_schema_facets_append(&v, "", 0, 0), 0);
    assert_int_equal(gz_schema_facets_append(&v, "ASEAN", 5, 0), 0);
    assert_int_equal(gz_schema_facets_append(&v, "20240321", 8, 0), 0);
    assert_int_equal(gz_schema_facets_append(&v, "KCNA", 4, 1), 0);
    const char *g[GZ_FACET_GROUPS];
    size_t l[GZ_FACET_GROUPS];
    assert_int_equal(gz_schema_facets_split(v.buf, v.len, g, l), 5);
    assert_int_equal(l[0], 5);
    assert_memory_equal(g[0], "KP\tLA", 5);
    assert_int_equal(l[1], 0);
    assert_memory_equal(g[2], "ASEAN", 5);
    assert_int_equal(l[3], 8);
    assert_memory_equal(g[4], "KCNA", 4);
    gz_strbuf_reset(&v);
    for (int i = 0; i < 3; i++)     /* an undated article without entities, of schema 5 */
        gz_schema_facets_append(&v, "", 0, 0);
    gz_schema_facets_append(&v, "", 0, 1);
    assert_int_equal(gz_schema_facets_split(v.buf, v.len, g, l), 4);
    assert_int_equal(l[3], 0);
    gz_strbuf_release(&v);
}

static void fields(void **state)
{
    (void)state;
    const gz_schema_field *f = gz_schema_field_named("person", 6);
    assert_non_null(f);
    assert_int_equal(f->kind, GZ_FIELD_PERSON);
    assert_string_equal(f->prefix, GZ_PREFIX_PERSON);
    assert_int_equal(gz_schema_field_named("country", 7)->kind, GZ_FIELD_COUNTRY);
    assert_null(gz_schema_field_named("date", 4)->prefix);     /* a value slot */
    assert_null(gz_schema_field_named("pers", 4));
    assert_string_equal(gz_schema_field_named("source", 6)->prefix, GZ_PREFIX_SOURCE);
    assert_null(gz_schema_field_named("re", 2));
}

/* Words in any script are words; prefixed terms and numbers are not. */
static void words_are_told_from_fields(void **state)
{
    (void)state;
    assert_true(gz_schema_is_word("korea", 5));
    assert_true(gz_schema_is_word("переговор", strlen("переговор")));
    assert_true(gz_schema_is_word("συνομιλ", strlen("συνομιλ")));
    assert_true(gz_schema_is_word("王沪", strlen("王沪")));
    assert_false(gz_schema_is_word(GZ_PREFIX_TITLE "korea", strlen(GZ_PREFIX_TITLE) + 5));
    assert_false(gz_schema_is_word(GZ_PREFIX_STORY "h12", strlen(GZ_PREFIX_STORY) + 3));
    assert_false(gz_schema_is_word("1987", 4));
    assert_false(gz_schema_is_word("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_are_told_from_fields),
        cmocka_unit_test(terms),
        cmocka_unit_test(stored_data),
        cmocka_unit_test(combined_facets),
        cmocka_unit_test(fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
