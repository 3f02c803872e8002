/*
 * test_cgi.c - gazette.cgi's request parsing: what a browser sends is
 * decoded into parameters, and what no page of ours would send is refused
 * with the status and a reason that names the parameter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi.h"

static void a_full_request(void **state)
{
    (void)state;
    gz_cgi_request r;
    char err[256];
    assert_int_equal(gz_cgi_parse("GET", "q=Kim+Song-nam%21&country=KP;country=LA&person=Wang%20Huning"
                                  "&from=2024-03&to=2024-03-31&sort=date&page=3&n=20&format=json",
                                  &r, err, sizeof err), 0);
    assert_string_equal(r.q, "Kim Song-nam!");
    assert_int_equal(r.ncountries, 2);
    assert_string_equal(r.countries[1], "LA");
    assert_string_equal(r.people[0], "Wang Huning");
    assert_string_equal(r.from, "2024-03");
    assert_int_equal(r.sort, GZ_SORT_DATE);
    assert_int_equal(r.page, 3);
    assert_int_equal(r.n, 20);
    assert_true(gz_cgi_json(&r));
    gz_filter f[8];
    assert_int_equal(gz_cgi_filters(&r, f, 8), 3);
    assert_string_equal(f[2].field, "person");
    /* the URL of the same search, on page 1, parses back to the same */
    gz_strbuf url = GZ_STRBUF_INIT;
    assert_int_equal(gz_cgi_url(&url, "/g.cgi", &r, GZ_URL_SET, "page", "1"), 0);
    gz_cgi_request again;
    const char *qs = strchr(url.buf, '?') + 1;
    assert_int_equal(gz_cgi_parse("GET", qs, &again, err, sizeof err), 0);
    assert_string_equal(again.q, r.q);
    assert_int_equal(again.ncountries, 2);
    assert_int_equal(again.page, 1);
    gz_cgi_release(&again);
    gz_strbuf_release(&url);
    gz_cgi_release(&r);
}

static void defaults(void **state)
{
    (void)state;
    gz_cgi_request r;
    char err[256];
    assert_int_equal(gz_cgi_parse("HEAD", NULL, &r, err, sizeof err), 0);
    assert_string_equal(r.q, "");
    assert_true(r.head);
    assert_int_equal(r.page, 1);
    assert_int_equal(r.n, 10);
    assert_false(gz_cgi_json(&r));
    gz_cgi_release(&r);
}

static const struct {
    const char *method, *qs;
    int status;
    const char *reason;     /* a part of the message */
} refused[] = {
    {"POST", "q=x", 405, "only GET and HEAD"},
    {"GET", "q=a&q=b", 400, "'q' may be given only once"},
    {"GET", "q=a&colour=red", 400, "unknown parameter 'colour'"},
    {"GET", "q=a&page=0", 400, "'page' is a number from 1 to 1000"},
    {"GET", "q=a&page=-5", 400, "'page'"},
    {"GET", "q=a&n=101", 400, "'n' is a number from 1 to 100"},
    {"GET", "q=a&from=2024-13", 400, "'from' wants a date"},
    {"GET", "q=a&sort=size", 400, "'sort'"},
    {"GET", "q=a&format=xml", 400, "'format'"},
    {"GET", "q=%ED%A0%80", 400, "the value of 'q' is not valid URL-encoded UTF-8 text (at byte 1)"},
    {"GET", "q=ab%C0%AF", 400, "(at byte 3)"},
    {"GET", "q=%F4%90%80%80", 400, "not valid URL-encoded UTF-8"},
    {"GET", "q=Caf%E9", 400, "(at byte 4)"},
    {"GET", "q=a%1Bb", 400, "(at byte 2)"},
    {"GET", "q=a%00b", 400, "a bad %-escape or a NUL byte"},
    {"GET", "q=%G1", 400, "a bad %-escape"},
    {"GET", "%E9=1", 400, "its name is not valid"},
    {"GET", "country=%22KP%22", 400, "without quotes"},
};

static void refusals(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        gz_cgi_request r;
        char err[256] = "";
        int status = gz_cgi_parse(refused[i].method, refused[i].qs, &r, err, sizeof err);
        if (status != refused[i].status || !strstr(err, refused[i].reason))
            fail_msg("%s %s: %d '%s', want %d '%s'", refused[i].method, refused[i].qs, status, err,
                     refused[i].status, refused[i].reason);
        gz_cgi_release(&r);
    }
}

static void sizes(void **state)
{
    (void)state;
    gz_cgi_request r;
    char err[256];
    char *qs = malloc(GZ_CGI_MAX_QUERY_STRING + 16);
    strcpy(qs, "q=");
    memset(qs + 2, 'a', GZ_CGI_MAX_QUERY_STRING - 2);
    qs[GZ_CGI_MAX_QUERY_STRING] = '\0';
    assert_int_equal(gz_cgi_parse("GET", qs, &r, err, sizeof err), 0);    /* just fits */
    assert_int_equal(strlen(r.q), GZ_CGI_MAX_QUERY_STRING - 2);
    gz_cgi_release(&r);
    strcat(qs, "a");
    assert_int_equal(gz_cgi_parse("GET", qs, &r, err, sizeof err), 414);
    gz_cgi_release(&r);
    strcpy(qs, "q=a");
    for (int i = 0; i < GZ_CGI_MAX_PARAMS; i++)
        strcat(qs, "&n=1");
    assert_int_equal(gz_cgi_parse("GET", qs, &r, err, sizeof err), 400);
    gz_cgi_release(&r);
    free(qs);
}

static void escaping(void **state)
{
    (void)state;
    gz_strbuf o = GZ_STRBUF_INIT;
    assert_int_equal(gz_html_text(&o, "<a href=\"x\">O'Brien & co</a>"), 0);
    assert_string_equal(o.buf, "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;");
    gz_strbuf_reset(&o);
    assert_int_equal(gz_url_encode(&o, "Kim Song-nam & \xC3\xA9"), 0);
    assert_string_equal(o.buf, "Kim+Song-nam+%26+%C3%A9");
    gz_strbuf_release(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_request),
        cmocka_unit_test(defaults),
        cmocka_unit_test(refusals),
        cmocka_unit_test(sizes),
        cmocka_unit_test(escaping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
