/*
 * test_person_keys.c - what a person: filter looks for, given the
 * archive's name map: the person shown and every name written as that
 * person, a surname alone read as the name the archive shows for it, and
 * nothing for a name the archive says is no person.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "person_keys.h"

static const char map_text[] =
    "George Schultz\tGeorge Shultz\n"
    "Merrill Lynch\t\n"
    "Reagan\tRonald Reagan\n"
    "President Reagan\tRonald Reagan\n"
    "Willy De Clercq\tWilly de Clercq";

struct fixture {
    gz_analyzer *folder;
    gz_person_keys pk;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || gz_analyzer_new("none", &f->folder) != GZ_OK)
        return -1;
    *state = f;
    return gz_person_keys_load(&f->pk, f->folder, map_text);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    gz_person_keys_release(&f->pk);
    gz_analyzer_free(f->folder);
    free(f);
    return 0;
}

/* The keys of key, sorted after the first, as one space-separated string. */
static void expand(struct fixture *f, const char *key, char *out, size_t cap)
{
    const char *keys[8];
    size_t n = gz_person_keys_expand(&f->pk, key, keys, 8);
    out[0] = '\0';
    for (size_t i = 1; i < n; i++)      /* sorted: the map's order is not the point */
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(keys[j], keys[i]) < 0) {
                const char *t = keys[i];
                keys[i] = keys[j];
                keys[j] = t;
            }
    for (size_t i = 0; i < n; i++) {
        strncat(out, keys[i], cap - strlen(out) - 1);
        if (i + 1 < n)
            strncat(out, " ", cap - strlen(out) - 1);
    }
}

static void the_person_shown_finds_every_name_written_so(void **state)
{
    char got[256];
    expand(*state, "ronaldreagan", got, sizeof got);
    assert_string_equal(got, "ronaldreagan presidentreagan reagan");
    expand(*state, "georgeshultz", got, sizeof got);
    assert_string_equal(got, "georgeshultz georgeschultz");
}

static void a_name_written_reads_as_the_person_shown(void **state)
{
    char got[256];
    expand(*state, "reagan", got, sizeof got);
    assert_string_equal(got, "ronaldreagan presidentreagan reagan");
    expand(*state, "georgeschultz", got, sizeof got);
    assert_string_equal(got, "georgeshultz georgeschultz");
}

static void no_person_finds_nothing_and_others_find_themselves(void **state)
{
    char got[256];
    expand(*state, "merrilllynch", got, sizeof got);
    assert_string_equal(got, "");
    expand(*state, "baker", got, sizeof got);
    assert_string_equal(got, "baker");
    expand(*state, "willydeclercq", got, sizeof got);   /* a respelling, one key */
    assert_string_equal(got, "willydeclercq");
}

static void a_damaged_map_is_refused(void **state)
{
    struct fixture *f = *state;
    gz_person_keys pk = {0};
    assert_int_equal(gz_person_keys_load(&pk, f->folder, "no tab here\n"), GZ_ERR_CORRUPT);
    gz_person_keys_release(&pk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_person_shown_finds_every_name_written_so),
        cmocka_unit_test(a_name_written_reads_as_the_person_shown),
        cmocka_unit_test(no_person_finds_nothing_and_others_find_themselves),
        cmocka_unit_test(a_damaged_map_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
