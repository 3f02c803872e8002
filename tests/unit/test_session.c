/*
 * test_session.c - what an indexing session agrees to open: its own
 * indexes and empty ones, never another application's Xapian database;
 * and why it refuses, told apart (the wrong database or language, a
 * damaged index).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gz_xapian.h"
#include "parallel.h"
#include "schema.h"
#include "session.h"

/* A Xapian database as another program writes it: documents, no metadata. */
static void write_foreign(const char *path, int ndocs)
{
    char err[GZ_XAP_ERRMAX];
    gz_xap_writer *w = NULL;
    assert_int_equal(gz_xap_writer_open(path, GZ_XAP_CREATE, &w, err), GZ_OK);
    gz_xap_doc *doc = gz_xap_doc_new();
    assert_non_null(doc);
    for (int i = 0; i < ndocs; i++) {
        char id[32];
        gz_xap_doc_clear(doc);
        assert_int_equal(gz_xap_doc_add_posting(doc, "invoice", 7, 1, 1), GZ_OK);
        assert_int_equal(gz_xap_doc_set_data(doc, "{\"sku\":1}", 9), GZ_OK);
        snprintf(id, sizeof id, "Qsku%d", i);
        assert_int_equal(gz_xap_writer_replace(w, id, strlen(id), doc, NULL), GZ_OK);
    }
    gz_xap_doc_free(doc);
    assert_int_equal(gz_xap_writer_close(w), GZ_OK);
    gz_xap_writer_destroy(w);
}

/* Each test gets a directory of its own, removed after it. */
struct fixture {
    char dir[32];
    char path[64];              /* the database in it */
    gz_session_opts opts;
    char err[1024];
};

static int make_dir(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/gz-session-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/db", f->dir);
    f->opts = (gz_session_opts){.batch_bytes = 1 << 20, .no_spelling = 1};
    *state = f;
    return 0;
}

static int remove_dir(void **state)
{
    struct fixture *f = *state;
    gz_remove_tree(f->dir);
    free(f);
    return 0;
}

static void another_applications_database_is_refused(void **state)
{
    struct fixture *f = *state;
    gz_session *s = NULL;
    write_foreign(f->path, 3);
    assert_int_equal(gz_session_open(f->path, &f->opts, &s, f->err, sizeof f->err), GZ_ERR_INVALID);
    assert_null(s);
    assert_non_null(strstr(f->err, "not a Gazette index"));
    assert_non_null(strstr(f->err, f->path));
    /* nothing was stamped on it: a second try says the same */
    assert_int_equal(gz_session_open(f->path, &f->opts, &s, f->err, sizeof f->err), GZ_ERR_INVALID);
}

static void an_empty_database_is_taken(void **state)
{
    struct fixture *f = *state;
    gz_session *s = NULL;
    write_foreign(f->path, 0);
    assert_int_equal(gz_session_open(f->path, &f->opts, &s, f->err, sizeof f->err), GZ_OK);
    assert_int_equal(gz_session_close(s, f->err, sizeof f->err), GZ_OK);
}

/* A Gazette index of no articles, in the given language. */
static void write_gazette_index(struct fixture *f, const char *language)
{
    gz_session *s = NULL;
    f->opts.language = language;
    assert_int_equal(gz_session_open(f->path, &f->opts, &s, f->err, sizeof f->err), GZ_OK);
    assert_int_equal(gz_session_close(s, f->err, sizeof f->err), GZ_OK);
}

static void another_language_or_an_unknown_one_is_a_bad_argument(void **state)
{
    struct fixture *f = *state;
    gz_session *s = NULL;
    write_gazette_index(f, "english");
    f->opts.language = "french";
    assert_int_equal(gz_session_open(f->path, &f->opts, &s, f->err, sizeof f->err), GZ_ERR_INVALID);
    assert_non_null(strstr(f->err, "would mix stemmers"));
    char fresh[80];
    snprintf(fresh, sizeof fresh, "%s/fresh", f->dir);
    f->opts.language = "klingon";
    assert_int_equal(gz_session_open(fresh, &f->opts, &s, f->err, sizeof f->err), GZ_ERR_INVALID);
    assert_non_null(strstr(f->err, "unknown language 'klingon'"));
    assert_null(s);
}

static void a_damaged_name_map_is_damage_not_a_bad_argument(void **state)
{
    struct fixture *f = *state;
    gz_session *s = NULL;
    write_gazette_index(f, "english");
    char err[GZ_XAP_ERRMAX];
    gz_xap_writer *w = NULL;
    assert_int_equal(gz_xap_writer_open(f->path, 0, &w, err), GZ_OK);
    assert_int_equal(gz_xap_writer_set_metadata(w, GZ_META_NAMES, "a line without its tab\n"), GZ_OK);
    assert_int_equal(gz_xap_writer_close(w), GZ_OK);
    gz_xap_writer_destroy(w);
    assert_int_equal(gz_session_open(f->path, &f->opts, &s, f->err, sizeof f->err), GZ_ERR_CORRUPT);
    assert_non_null(strstr(f->err, "name map"));
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(another_applications_database_is_refused, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(an_empty_database_is_taken, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(another_language_or_an_unknown_one_is_a_bad_argument,
                                        make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(a_damaged_name_map_is_damage_not_a_bad_argument,
                                        make_dir, remove_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
