/*
 * test_readers.c - each corpus reader on small inputs written here: good
 * records, the malformed ones a user will feed it, gzip and invalid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "reader.h"

static char tmpdir[64];

struct diags {
    char msg[16][256];
    int n;
};

static void diag(void *ctx, const char *file, long line, const char *msg)
{
    struct diags *d = ctx;
    const char *base = strrchr(file, '/');
    if (d->n < 16)
        snprintf(d->msg[d->n++], sizeof d->msg[0], "%s:%ld: %s", base ? base + 1 : file, line, msg);
}

static const char *write_file(const char *name, const char *content, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *write_gzip(const char *name, const char *content, size_t keep)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    gzFile g = gzopen(path, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, content, (unsigned)strlen(content)), (int)strlen(content));
    gzclose(g);
    if (keep)
        assert_int_equal(truncate(path, (off_t)keep), 0);
    return path;
}

/* Reads every article of path; returns how many, fills arts and diags. */
static int read_all(const char *path, gz_format fmt, gz_article *arts, int max,
                    struct diags *d, int *input_error)
{
    gz_reader *r;
    char err[256];
    memset(d, 0, sizeof *d);
    assert_int_equal(gz_reader_open(path, fmt, 0, diag, d, &r, err, sizeof err), GZ_OPEN_OK);
    int n = 0, rc;
    gz_article a = {0};
    while ((rc = gz_reader_next(r, &a)) == 1) {
        assert_true(n < max);
        gz_article_move(&arts[n++], &a);
    }
    *input_error = rc < 0;
    gz_reader_close(r);
    return n;
}

static void clear_all(gz_article *arts, int n)
{
    for (int i = 0; i < n; i++)
        gz_article_clear(&arts[i]);
}

static void text_articles(void **state)
{
    (void)state;
    const char *t =
        " date 2024-03-21 North Korea's delegation, led by Kim Song-nam, left. It went on.\n"
        "\n"
        "Second paragraph.\n"
        "date 2024-03-22\n"
        "title: Given headline\n"
        "url: https://example.org/a\n"
        "Body of the second.\n"
        "date 2024-03-23\n"
        "A headline line\n"
        "\n"
        "Body of the third.\n";
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("a.txt", t, strlen(t)), GZ_FORMAT_AUTO, arts, 4, &d, &ioerr);
    assert_int_equal(n, 3);
    assert_int_equal(d.n, 0);
    assert_string_equal(arts[0].date, "2024-03-21");
    assert_string_equal(arts[0].title, "North Korea's delegation, led by Kim Song-nam, left");
    assert_true(arts[0].title_derived);
    assert_true(strstr(arts[0].body, "Second paragraph.") != NULL);
    assert_int_equal(arts[0].line, 1);
    assert_string_equal(arts[1].title, "Given headline");
    assert_string_equal(arts[1].url, "https://example.org/a");
    assert_string_equal(arts[1].body, "Body of the second.");
    assert_string_equal(arts[2].title, "A headline line");
    assert_false(arts[2].title_derived);
    assert_string_equal(arts[2].body, "Body of the third.");
    /* Content-derived ids are stable and distinct. */
    assert_true(arts[0].id[0] == 'h' && strcmp(arts[0].id, arts[1].id) != 0);
    clear_all(arts, n);
}

static void text_missing_and_invalid_dates(void **state)
{
    (void)state;
    const char *t =
        "Some text with no date line.\n"
        "date 2024-02-30\n"
        "An impossible day.\n"
        "date 2024-02-29\n"
        "Leap day is fine.\n";
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("b.txt", t, strlen(t)), GZ_FORMAT_TEXT, arts, 4, &d, &ioerr);
    assert_int_equal(n, 1);
    assert_string_equal(arts[0].date, "2024-02-29");
    assert_int_equal(d.n, 2);
    assert_string_equal(d.msg[0], "b.txt:1: text without a 'date YYYY-MM-DD' line before it");
    assert_true(strncmp(d.msg[1], "b.txt:2: invalid date", 21) == 0);
    clear_all(arts, n);
}

static void jsonl_records_and_errors(void **state)
{
    (void)state;
    const char *t =
        "{\"id\":\"a1\",\"date\":\"2024-03-21\",\"title\":\"T\",\"body\":\"B\",\"source\":\"S\"}\n"
        "\n"
        "{\"id\":42,\"date\":\"2024-03-22T10:00:00Z\",\"text\":\"From text\"}\n"
        "{\"id\":\"x\",\"date\":\"2024-03-2\n"
        "{\"id\":\"y\",\"title\":\"no date\"}\n"
        "{\"id\":\"z\",\"date\":\"2024-13-01\",\"body\":\"bad month\"}\n"
        "[1,2]\n"
        "{\"date\":\"2024-03-23\",\"body\":\"no id\"}\n";
    gz_article arts[8];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("c.jsonl", t, strlen(t)), GZ_FORMAT_AUTO, arts, 8, &d, &ioerr);
    assert_int_equal(n, 3);
    assert_string_equal(arts[0].id, "a1");
    assert_string_equal(arts[0].source, "S");
    assert_string_equal(arts[1].id, "42");
    assert_string_equal(arts[1].date, "2024-03-22");
    assert_string_equal(arts[1].body, "From text");
    assert_true(arts[2].id[0] == 'h');
    assert_int_equal(d.n, 4);
    assert_true(strncmp(d.msg[0], "c.jsonl:4: invalid JSON", 23) == 0);
    assert_string_equal(d.msg[1], "c.jsonl:5: missing \"date\" (YYYY-MM-DD)");
    assert_true(strncmp(d.msg[2], "c.jsonl:6: invalid \"date\"", 25) == 0);
    assert_string_equal(d.msg[3], "c.jsonl:7: expected a JSON object");
    clear_all(arts, n);
}

static void sgml_records(void **state)
{
    (void)state;
    const char *t =
        "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
        "<REUTERS TOPICS=\"YES\" NEWID=\"7\">\n"
        "<DATE> 7-APR-1987 15:01:01.79</DATE>\n"
        "<TEXT>&#2;\n"
        "<TITLE>U.S. &lt;ABC&gt; TALKS</TITLE>\n"
        "<DATELINE>    HOUSTON, April 7 - </DATELINE><BODY>Talks went on &amp; on,\n"
        "officials said.\n"
        "    A new paragraph.\n"
        " Reuter\n"
        "&#3;</BODY></TEXT>\n"
        "</REUTERS>\n"
        "<REUTERS NEWID=\"8\">\n"
        "<DATE>8-APR-1987 10:00:00.00</DATE>\n"
        "<TEXT TYPE=\"UNPROC\">&#2;\n"
        "Unprocessed text only.\n"
        "</TEXT>\n"
        "</REUTERS>\n"
        "<REUTERS NEWID=\"9\">\n"
        "<DATE>9-APR-1987 10:00:00.00</DATE>\n"
        "<TEXT><TITLE>NEVER CLOSED</TITLE>\n";
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("d.sgm", t, strlen(t)), GZ_FORMAT_AUTO, arts, 4, &d, &ioerr);
    assert_int_equal(n, 2);
    assert_string_equal(arts[0].id, "7");
    assert_string_equal(arts[0].date, "1987-04-07");
    assert_string_equal(arts[0].title, "U.S. <ABC> TALKS");
    assert_string_equal(arts[0].body,
                        "HOUSTON, April 7 - Talks went on & on, officials said.\n\nA new paragraph.");
    assert_int_equal(arts[0].line, 2);
    assert_string_equal(arts[1].id, "8");
    assert_string_equal(arts[1].body, "Unprocessed text only.");
    assert_int_equal(d.n, 1);
    assert_true(strncmp(d.msg[0], "d.sgm:18: unterminated <REUTERS> record", 39) == 0);
    clear_all(arts, n);
}

static void gzip_and_truncated_gzip(void **state)
{
    (void)state;
    char big[40000] = "";
    for (int i = 0; i < 300; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big),
                 "{\"id\":\"%d\",\"date\":\"2024-01-01\",\"body\":\"article number %d\"}\n", i, i);
    gz_article arts[300];
    struct diags d;
    int ioerr;
    int n = read_all(write_gzip("e.jsonl.gz", big, 0), GZ_FORMAT_AUTO, arts, 300, &d, &ioerr);
    assert_int_equal(n, 300);
    assert_false(ioerr);
    assert_string_equal(arts[299].body, "article number 299");
    clear_all(arts, n);

    n = read_all(write_gzip("f.jsonl.gz", big, 500), GZ_FORMAT_AUTO, arts, 300, &d, &ioerr);
    assert_true(ioerr);
    assert_true(n < 300);
    assert_true(strstr(d.msg[d.n - 1], "truncated gzip") != NULL);
    clear_all(arts, n);
}

static void invalid_utf8_becomes_valid(void **state)
{
    (void)state;
    const char t[] = "date 2024-01-02\nM\xFC""nchen \xC3 talks\x01 end\n";
    gz_article arts[1];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("g.txt", t, sizeof t - 1), GZ_FORMAT_TEXT, arts, 1, &d, &ioerr);
    assert_int_equal(n, 1);
    /* Latin-1 bytes are read as Latin-1; control characters are dropped. */
    assert_string_equal(arts[0].body, "M\xC3\xBCnchen \xC3\x83 talks end");
    clear_all(arts, n);
}

static void format_detection(void **state)
{
    (void)state;
    assert_int_equal(gz_format_from_path("x/a.jsonl.gz"), GZ_FORMAT_JSONL);
    assert_int_equal(gz_format_from_path("a.SGM"), GZ_FORMAT_SGML);
    assert_int_equal(gz_format_from_path("a.txt"), GZ_FORMAT_TEXT);
    assert_int_equal(gz_format_from_path("a.dtd"), GZ_FORMAT_AUTO);
    gz_reader *r;
    char err[256];
    const char *p = write_file("h.dat", "hello world\n", 12);
    assert_int_equal(gz_reader_open(p, GZ_FORMAT_AUTO, 0, NULL, NULL, &r, err, sizeof err),
                     GZ_OPEN_ERROR);
    assert_true(strstr(err, "cannot tell the format") != NULL);
    p = write_file("README.txt", "Not an article.\n", 16);
    assert_int_equal(gz_reader_open(p, GZ_FORMAT_AUTO, GZ_READER_SKIP_FOREIGN, NULL, NULL, &r,
                                    err, sizeof err), GZ_OPEN_FOREIGN);
    assert_int_equal(gz_reader_open("/nonexistent/x.txt", GZ_FORMAT_AUTO, 0, NULL, NULL, &r,
                                    err, sizeof err), GZ_OPEN_ERROR);
    assert_string_equal(err, "/nonexistent/x.txt: No such file or directory");
}

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/gz-readers-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_articles),
        cmocka_unit_test(text_missing_and_invalid_dates),
        cmocka_unit_test(jsonl_records_and_errors),
        cmocka_unit_test(sgml_records),
        cmocka_unit_test(gzip_and_truncated_gzip),
        cmocka_unit_test(invalid_utf8_becomes_valid),
        cmocka_unit_test(format_detection),
    };
    return cmocka_run_group_tests_name("readers", tests, make_tmpdir, remove_tmpdir);
}
