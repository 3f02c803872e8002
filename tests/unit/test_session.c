/*
 * test_session.c - what an indexing session agrees to open: its own
 * indexes and empty ones, never another application's Xapian database.
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

static void another_applications_database_is_refused(void **state)
{
    (void)state;
    char dir[] = "/tmp/gz-session-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/foreign", dir);
    write_foreign(path, 3);
    gz_session_opts opts = {.batch_bytes = 1 << 20, .no_spelling = 1};
    gz_session *s = NULL;
    char err[1024] = "";
    assert_int_equal(gz_session_open(path, &opts, &s, err, sizeof err), GZ_ERR_INVALID);
    assert_null(s);
    assert_non_null(strstr(err, "not a Gazette index"));
    assert_non_null(strstr(err, path));
    /* nothing was stamped on it: a second try says the same */
    assert_int_equal(gz_session_open(path, &opts, &s, err, sizeof err), GZ_ERR_INVALID);
    gz_remove_tree(dir);
}

static void an_empty_database_is_taken(void **state)
{
    (void)state;
    char dir[] = "/tmp/gz-session-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/empty", dir);
    write_foreign(path, 0);
    gz_session_opts opts = {.batch_bytes = 1 << 20, .no_spelling = 1};
    gz_session *s = NULL;
    char err[1024] = "";
    assert_int_equal(gz_session_open(path, &opts, &s, err, sizeof err), GZ_OK);
    assert_int_equal(gz_session_close(s, err, sizeof err), GZ_OK);
    gz_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(another_applications_database_is_refused),
        cmocka_unit_test(an_empty_database_is_taken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
