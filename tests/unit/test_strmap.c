/*
 * test_strmap.c - the string map every aggregation leans on (facet counts,
 * the spelling dictionary, entity keys): lookups by length-delimited keys,
 * replacement, growth far past its first table; and the string buffer's
 * formatted append, and failures that stay negative statuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "strbuf.h"
#include "strmap.h"

static void put_get_replace(void **state)
{
    (void)state;
    gz_strmap m = {0};
    int a = 1, b = 2;
    assert_null(gz_strmap_get(&m, "laos", 4));
    assert_int_equal(gz_strmap_put(&m, "laos", 4, &a), 0);
    assert_ptr_equal(gz_strmap_get(&m, "laos", 4), &a);
    /* keys are (pointer, length): a prefix is another key */
    assert_null(gz_strmap_get(&m, "lao", 3));
    assert_ptr_equal(gz_strmap_get(&m, "laos-china", 4), &a);
    assert_int_equal(gz_strmap_put(&m, "laos", 4, &b), 0);
    assert_ptr_equal(gz_strmap_get(&m, "laos", 4), &b);
    assert_int_equal(m.count, 1);
    /* the map keeps its own copy of the key */
    char key[] = "vietnam";
    assert_int_equal(gz_strmap_put(&m, key, 7, &a), 0);
    const char *own = gz_strmap_key(&m, "vietnam", 7);
    assert_non_null(own);
    assert_ptr_not_equal(own, key);
    key[0] = 'x';
    assert_ptr_equal(gz_strmap_get(&m, "vietnam", 7), &a);
    gz_strmap_release(&m, NULL);
}

static void grows_and_keeps_everything(void **state)
{
    (void)state;
    gz_strmap m = {0};
    char key[32];
    for (uintptr_t i = 1; i <= 50000; i++) {
        int n = snprintf(key, sizeof key, "word%lu", (unsigned long)i);
        assert_int_equal(gz_strmap_put(&m, key, (size_t)n, (void *)i), 0);
    }
    assert_int_equal(m.count, 50000);
    for (uintptr_t i = 1; i <= 50000; i++) {
        int n = snprintf(key, sizeof key, "word%lu", (unsigned long)i);
        assert_true((uintptr_t)gz_strmap_get(&m, key, (size_t)n) == i);
    }
    assert_null(gz_strmap_get(&m, "word0", 5));
    gz_strmap_release(&m, NULL);
}

/* The word list counts each word of each article through one slot. */
static void slot_counts_in_place(void **state)
{
    (void)state;
    gz_strmap m = {0};
    const char *words[] = {"laos", "china", "laos", "vietnam", "laos", "china"};
    const char *first_copy = NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *stored;
        void **slot = gz_strmap_slot(&m, words[i], strlen(words[i]), &stored);
        assert_non_null(slot);
        assert_string_equal(stored, words[i]);
        assert_ptr_not_equal(stored, words[i]);
        if (i == 0)
            first_copy = stored;
        else if (strcmp(words[i], "laos") == 0)
            assert_ptr_equal(stored, first_copy);   /* found, not added again */
        *slot = (void *)((uintptr_t)*slot + 1);
    }
    assert_int_equal(m.count, 3);
    assert_true((uintptr_t)gz_strmap_get(&m, "laos", 4) == 3);
    assert_true((uintptr_t)gz_strmap_get(&m, "china", 5) == 2);
    assert_true((uintptr_t)gz_strmap_get(&m, "vietnam", 7) == 1);
    gz_strmap_release(&m, NULL);
}

static int freed;
static void count_free(void *v)
{
    freed++;
    free(v);
}

static void release_frees_values(void **state)
{
    (void)state;
    gz_strmap m = {0};
    assert_int_equal(gz_strmap_put(&m, "a", 1, strdup("x")), 0);
    assert_int_equal(gz_strmap_put(&m, "b", 1, strdup("y")), 0);
    freed = 0;
    gz_strmap_release(&m, count_free);
    assert_int_equal(freed, 2);
    assert_int_equal(m.count, 0);
}

static void formatted_append_grows_the_buffer(void **state)
{
    (void)state;
    gz_strbuf sb = GZ_STRBUF_INIT;
    assert_int_equal(gz_strbuf_addstr(&sb, "shard "), GZ_OK);
    assert_int_equal(gz_strbuf_addf(&sb, "%d/%d: %s", 2, 3, "10.0.0.7:33301"), GZ_OK);
    assert_string_equal(gz_strbuf_str(&sb), "shard 2/3: 10.0.0.7:33301");
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(gz_strbuf_addf(&sb, "[%s]", big), GZ_OK);
    assert_int_equal(sb.len, 25 + 2 + sizeof big - 1);
    assert_int_equal(sb.buf[sb.len - 1], ']');
    gz_strbuf_release(&sb);
}

static void errors_are_negative_and_reported_in_one_step(void **state)
{
    (void)state;
    const gz_status errors[] = {GZ_ERR_NOMEM, GZ_ERR_LOCKED, GZ_ERR_NOT_FOUND, GZ_ERR_CORRUPT,
                                GZ_ERR_INVALID, GZ_ERR_IO, GZ_ERR_UNAVAILABLE, GZ_ERR_XAPIAN,
                                GZ_ERR_UNKNOWN};
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        assert_true(errors[i] < 0);
    assert_true(GZ_DONE > 0);
    char err[64];
    assert_int_equal(gz_status_put(err, sizeof err, GZ_ERR_NOMEM), GZ_ERR_NOMEM);
    assert_string_equal(err, "out of memory");
    assert_int_equal(gz_status_index_exit_code(GZ_ERR_INVALID), GZ_EXIT_FAIL);
    assert_int_equal(gz_status_argument_exit_code(GZ_ERR_NOT_FOUND), GZ_EXIT_USAGE);
    assert_int_equal(gz_status_exit_code(GZ_ERR_NOMEM), GZ_EXIT_NOMEM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_replace),
        cmocka_unit_test(grows_and_keeps_everything),
        cmocka_unit_test(release_frees_values),
        cmocka_unit_test(slot_counts_in_place),
        cmocka_unit_test(formatted_append_grows_the_buffer),
        cmocka_unit_test(errors_are_negative_and_reported_in_one_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
