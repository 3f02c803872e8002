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

#include "article.h"
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
    int n = 0;
    gz_status rc;
    gz_article a = {0};
    while ((rc = gz_reader_next(r, &a)) == GZ_OK) {
        assert_true(n < max);
        gz_article_move(&arts[n++], &a);
    }
    *input_error = rc == GZ_ERR_IO;
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
    /* nothing is lost: text before any date and a bad date give undated articles */
    assert_int_equal(n, 3);
    assert_string_equal(arts[0].date, "");
    assert_string_equal(arts[0].body, "Some text with no date line.");
    assert_string_equal(arts[1].date, "");
    assert_string_equal(arts[1].body, "An impossible day.");
    assert_string_equal(arts[2].date, "2024-02-29");
    assert_int_equal(d.n, 1);
    assert_true(strncmp(d.msg[0], "b.txt:2: invalid date", 21) == 0);
    clear_all(arts, n);
}

/* A date line inside a paragraph is text; a bare one, or one after a blank
 * line, starts an article. */
static void text_date_line_in_a_paragraph(void **state)
{
    (void)state;
    const char *t =
        "date 2024-01-01 The talks opened.\n"
        "date 2024-01-02 was set for the second round.\n"
        "\n"
        "date 2024-01-03 A new article after a blank line.\n"
        "date 2024-01-04\n"
        "A bare date line always starts one.\n";
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("p.txt", t, strlen(t)), GZ_FORMAT_TEXT, arts, 4, &d, &ioerr);
    assert_int_equal(n, 3);
    assert_string_equal(arts[0].date, "2024-01-01");
    assert_non_null(strstr(arts[0].body, "date 2024-01-02 was set"));
    assert_string_equal(arts[1].date, "2024-01-03");
    assert_string_equal(arts[2].date, "2024-01-04");
    assert_int_equal(d.n, 0);
    clear_all(arts, n);
}

/* NUL bytes, bare-CR line ends: no text lost, no articles merged. */
static void text_nul_and_bare_cr(void **state)
{
    (void)state;
    const char t[] = "date 2024-03-01\rFirst about Laos\0 and more text.\r\rdate 2024-03-02\r"
                     "Second article.\r";
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("cr.txt", t, sizeof t - 1), GZ_FORMAT_TEXT, arts, 4, &d, &ioerr);
    assert_int_equal(n, 2);
    assert_string_equal(arts[0].title, "First about Laos and more text");
    assert_string_equal(arts[1].date, "2024-03-02");
    clear_all(arts, n);
}

/* An empty id falls back to the content hash; one too long is skipped. */
static void text_bad_ids(void **state)
{
    (void)state;
    char t[1024];
    char longid[301];
    memset(longid, 'x', 300);
    longid[300] = '\0';
    snprintf(t, sizeof t, "date 2024-02-01\nid:\n\nEmpty id.\n\ndate 2024-02-02\nid: %s\n\n"
             "Long id.\n\ndate 2024-02-03\nid: ok\n\nFine.\n", longid);
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("ids.txt", t, strlen(t)), GZ_FORMAT_TEXT, arts, 4, &d, &ioerr);
    assert_int_equal(n, 2);
    assert_true(arts[0].id[0] == 'h');
    assert_string_equal(arts[1].id, "ok");
    assert_int_equal(d.n, 2);
    assert_true(strncmp(d.msg[0], "ids.txt:1: empty 'id:'", 22) == 0);
    assert_true(strncmp(d.msg[1], "ids.txt:6: 'id:' of 300 bytes", 29) == 0);
    clear_all(arts, n);
}

/* A huge article is cut to the limit between characters, with a warning. */
static void long_article_is_cut(void **state)
{
    (void)state;
    size_t body = 3 * GZ_ARTICLE_MAX_BYTES;
    char *t = malloc(body + 64);
    assert_non_null(t);
    size_t n0 = (size_t)sprintf(t, "date 2024-05-01\nHuge\n\n");
    for (size_t i = 0; i < body; i += 2)
        memcpy(t + n0 + i, "\xC3\xA9", 2);      /* é: a cut must not split one */
    gz_article arts[2];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("huge.txt", t, n0 + body), GZ_FORMAT_TEXT, arts, 2, &d, &ioerr);
    free(t);
    assert_int_equal(n, 1);
    assert_true(strlen(arts[0].body) <= GZ_ARTICLE_MAX_BYTES);
    assert_true(strlen(arts[0].body) > GZ_ARTICLE_MAX_BYTES - 8);
    assert_int_equal(strlen(arts[0].body) % 2, 0);
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.msg[0], "only its first 1024 KB are indexed"));
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
    assert_int_equal(n, 5);
    assert_string_equal(arts[0].id, "a1");
    assert_string_equal(arts[0].source, "S");
    assert_string_equal(arts[1].id, "42");
    assert_string_equal(arts[1].date, "2024-03-22");
    assert_string_equal(arts[1].body, "From text");
    /* no date: indexed undated, silently; a bad one: undated, reported */
    assert_string_equal(arts[2].id, "y");
    assert_string_equal(arts[2].date, "");
    assert_string_equal(arts[3].id, "z");
    assert_string_equal(arts[3].date, "");
    assert_true(arts[4].id[0] == 'h');
    assert_int_equal(d.n, 3);
    assert_true(strncmp(d.msg[0], "c.jsonl:4: invalid JSON", 23) == 0);
    assert_true(strncmp(d.msg[1], "c.jsonl:6: invalid \"date\"", 25) == 0);
    assert_string_equal(d.msg[2], "c.jsonl:7: expected a JSON object");
    clear_all(arts, n);
}

/* JSON Lines as old exports write them: a byte order mark, Latin-1. */
static void jsonl_bom_and_latin1(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF{\"id\":\"b1\",\"date\":\"2024-04-01\",\"body\":\"BOM\"}\n"
                    "{\"id\":\"b2\",\"date\":\"2024-04-02\",\"body\":\"Caf\xE9 M\xFCnchen\"}\n";
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("l.jsonl", t, strlen(t)), GZ_FORMAT_AUTO, arts, 4, &d, &ioerr);
    assert_int_equal(n, 2);
    assert_string_equal(arts[0].id, "b1");
    assert_string_equal(arts[1].body, "Caf\xC3\xA9 M\xC3\xBCnchen");
    assert_int_equal(d.n, 0);
    clear_all(arts, n);
}

/* A <BODY> never closed, character references, a NUL byte. */
static void sgml_damaged_records(void **state)
{
    (void)state;
    const char t[] =
        "<REUTERS NEWID=\"1\">\n<DATE>1-APR-1987 10:00:00.00</DATE>\n"
        "<TEXT><TITLE>OPEN BODY</TITLE><BODY>Caf&#233; talks &#xE9;t\0\xE9.\n</TEXT>\n</REUTERS>\n"
        "<REUTERS NEWID=\"2\">\n<DATE>garbage</DATE>\n"
        "<TEXT><BODY>Undated.</BODY></TEXT>\n</REUTERS>\n"
        "<REUTERS NEWID=\"\x96\">\n<DATE>2-APR-1987 10:00:00.00</DATE>\n"
        "<TEXT><BODY>A NEWID of a control character.</BODY></TEXT>\n</REUTERS>\n";
    gz_article arts[4];
    struct diags d;
    int ioerr;
    int n = read_all(write_file("e.sgm", t, sizeof t - 1), GZ_FORMAT_AUTO, arts, 4, &d, &ioerr);
    assert_int_equal(n, 3);
    assert_string_equal(arts[0].body, "Caf\xC3\xA9 talks \xC3\xA9t\xC3\xA9.");
    assert_string_equal(arts[1].date, "");
    assert_string_equal(arts[1].body, "Undated.");
    assert_true(arts[2].id[0] == 'h');       /* never an empty id (found by fuzzing) */
    assert_int_equal(d.n, 3);
    assert_non_null(strstr(d.msg[0], "<BODY> is never closed"));
    assert_non_null(strstr(d.msg[1], "invalid <DATE>"));
    assert_non_null(strstr(d.msg[2], "NEWID holds no text"));
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
    assert_int_equal(n, 3);
    assert_string_equal(arts[0].id, "7");
    assert_string_equal(arts[0].date, "1987-04-07");
    assert_string_equal(arts[0].title, "U.S. <ABC> TALKS");
    assert_string_equal(arts[0].body,
                        "HOUSTON, April 7 - Talks went on & on, officials said.\n\nA new paragraph.");
    assert_int_equal(arts[0].line, 2);
    assert_string_equal(arts[1].id, "8");
    assert_string_equal(arts[1].body, "Unprocessed text only.");
    /* the record cut short by the end of the file is indexed with what it holds */
    assert_string_equal(arts[2].id, "9");
    assert_string_equal(arts[2].title, "NEVER CLOSED");
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
        cmocka_unit_test(text_date_line_in_a_paragraph),
        cmocka_unit_test(text_nul_and_bare_cr),
        cmocka_unit_test(text_bad_ids),
        cmocka_unit_test(long_article_is_cut),
        cmocka_unit_test(jsonl_bom_and_latin1),
        cmocka_unit_test(sgml_damaged_records),
        cmocka_unit_test(jsonl_records_and_errors),
        cmocka_unit_test(sgml_records),
        cmocka_unit_test(gzip_and_truncated_gzip),
        cmocka_unit_test(invalid_utf8_becomes_valid),
        cmocka_unit_test(format_detection),
    };
    return cmocka_run_group_tests_name("readers", tests, make_tmpdir, remove_tmpdir);
}
