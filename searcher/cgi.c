/*
 * cgi.c - request parsing, escaping and URL building (cgi.h).
 */
#include "cgi.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "utf8.h"

static int hexval(int c)
{
    if (isdigit(c))
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes %XX and '+' in place; -1 on a bad escape or a NUL byte. */
static int url_decode(char *s)
{
    char *out = s;
    for (char *p = s; *p; p++) {
        if (*p == '+') {
            *out++ = ' ';
        } else if (*p == '%') {
            int hi = hexval((unsigned char)p[1]), lo = hi < 0 ? -1 : hexval((unsigned char)p[2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return -1;
            *out++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
    return 0;
}

/* How much of a parameter name an error message shows: up to 40 bytes,
 * never half a character (the message must stay valid UTF-8). */
static int shown_len(const char *name)
{
    return (int)gz_utf8_cut(name, strlen(name), 40);
}

static int parse_uint(const char *v, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || !isdigit((unsigned char)*v) || n < lo || n > hi)
        return -1;
    *out = (unsigned)n;
    return 0;
}

static int valid_date(const char *v)
{
    char ymd[9];
    return gz_query_date_bound(v, strlen(v), 0, ymd) == 0;
}

/* Parameters that links pick up on the way (a newsletter's utm_source, a
 * social network's fbclid): they say nothing to a search and are ignored,
 * so that a shared link still works. */
static bool tracking(const char *name)
{
    static const char *const exact[] = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
                                        "igshid", "yclid", "_ga", "ref", NULL};
    if (strncmp(name, "utm_", 4) == 0)
        return true;
    for (const char *const *e = exact; *e; e++)
        if (strcmp(name, *e) == 0)
            return true;
    return false;
}

/* Takes one name=value pair; returns 0 or 400 with err set. */
static int take(gz_cgi_request *r, const char *name, char *value, unsigned *seen,
                char *err, size_t errlen)
{
    static const char *single[] = {"q", "from", "to", "sort", "page", "n", "format", "expand",
                                   "collapse", "like", "id", "more"};
    for (unsigned k = 0; k < sizeof single / sizeof single[0]; k++) {
        if (strcmp(name, single[k]) != 0)
            continue;
        if (*seen & (1u << k)) {
            snprintf(err, errlen, "the parameter '%s' may be given only once", name);
            return 400;
        }
        *seen |= 1u << k;
    }
    if (strcmp(name, "q") == 0) {
        r->q = value;      /* as long as the request allows: pasted text is searched */
    } else if (!strcmp(name, "country") || !strcmp(name, "person") || !strcmp(name, "org") ||
               !strcmp(name, "source")) {
        char **list = name[0] == 'c' ? r->countries : name[0] == 'p' ? r->people
                    : name[0] == 'o' ? r->orgs : r->sources;
        size_t *n = name[0] == 'c' ? &r->ncountries : name[0] == 'p' ? &r->npeople
                  : name[0] == 'o' ? &r->norgs : &r->nsources;
        if (*n == GZ_CGI_MAX_FILTERS || !*value || strlen(value) > GZ_CGI_MAX_VALUE ||
            strchr(value, '"')) {
            snprintf(err, errlen, "'%s' takes at most %d values of 1 to %d bytes, without quotes",
                     name, GZ_CGI_MAX_FILTERS, GZ_CGI_MAX_VALUE);
            return 400;
        }
        list[(*n)++] = value;
    } else if (!strcmp(name, "from") || !strcmp(name, "to")) {
        if (*value && !valid_date(value)) {
            snprintf(err, errlen, "'%s' wants a date: YYYY, YYYY-MM or YYYY-MM-DD", name);
            return 400;
        }
        *(name[0] == 'f' ? &r->from : &r->to) = *value ? value : NULL;
    } else if (!strcmp(name, "sort")) {
        if (!strcmp(value, "relevance"))
            r->sort = GZ_SORT_RELEVANCE;
        else if (!strcmp(value, "date") || !strcmp(value, "newest"))
            r->sort = GZ_SORT_DATE;
        else if (!strcmp(value, "date-asc") || !strcmp(value, "oldest"))
            r->sort = GZ_SORT_DATE_ASC;
        else {
            snprintf(err, errlen, "'sort' is relevance, date (newest first) or date-asc");
            return 400;
        }
    } else if (!strcmp(name, "page")) {
        if (parse_uint(value, 1, GZ_CGI_MAX_PAGE, &r->page) < 0) {
            snprintf(err, errlen, "'page' is a number from 1 to %d", GZ_CGI_MAX_PAGE);
            return 400;
        }
    } else if (!strcmp(name, "n")) {
        if (parse_uint(value, 1, GZ_CGI_MAX_N, &r->n) < 0) {
            snprintf(err, errlen, "'n' is a number from 1 to %d", GZ_CGI_MAX_N);
            return 400;
        }
    } else if (!strcmp(name, "format")) {
        static const char *const formats[] = {"html", "json", "csv", "jsonl", "atom"};
        size_t f = 0;
        while (f < 5 && strcmp(value, formats[f]) != 0)
            f++;
        if (f == 5) {
            snprintf(err, errlen, "'format' is html, json, csv, jsonl or atom");
            return 400;
        }
        r->output = (gz_cgi_output)f;
    } else if (!strcmp(name, "expand")) {
        if (strcmp(value, "0") && strcmp(value, "1")) {
            snprintf(err, errlen, "'expand' is 1 (related words reorder the results, the default) or 0");
            return 400;
        }
        r->plain = !strcmp(value, "0");
    } else if (!strcmp(name, "collapse")) {
        if (strcmp(value, "0") && strcmp(value, "1")) {
            snprintf(err, errlen, "'collapse' is 1 (one result per story, the default) or 0");
            return 400;
        }
        r->no_collapse = !strcmp(value, "0");
    } else if (!strcmp(name, "like") || !strcmp(name, "id")) {
        if (!*value || strlen(value) > GZ_CGI_MAX_VALUE) {
            snprintf(err, errlen, "'%s' takes an article id of 1 to %d bytes", name, GZ_CGI_MAX_VALUE);
            return 400;
        }
        *(name[0] == 'l' ? &r->like : &r->id) = value;
    } else if (!strcmp(name, "more")) {
        if (strcmp(value, "0") && strcmp(value, "1")) {
            snprintf(err, errlen, "'more' is 1 (long facet lists) or 0");
            return 400;
        }
        r->more = !strcmp(value, "1");
    } else if (!tracking(name)) {
        snprintf(err, errlen, "unknown parameter '%.*s' (known: q, country, person, org, source, "
                 "from, to, sort, page, n, format, expand, collapse, like, id, more)", shown_len(name),
                 name);
        return 400;
    }
    return 0;
}

int gz_cgi_parse(const char *method, const char *qs, gz_cgi_request *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->q = "";
    r->page = 1;
    r->n = 10;
    if (!method || (strcmp(method, "GET") && strcmp(method, "HEAD"))) {
        snprintf(err, errlen, "only GET and HEAD are served here");
        return 405;
    }
    r->head = !strcmp(method, "HEAD");
    qs = qs ? qs : "";
    if (strlen(qs) > GZ_CGI_MAX_QUERY_STRING) {
        snprintf(err, errlen, "the request is too long");
        return 414;
    }
    if (!(r->storage = strdup(qs))) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return 500;
    }
    unsigned seen = 0, count = 0;
    char *save = NULL;
    for (char *pair = strtok_r(r->storage, "&;", &save); pair; pair = strtok_r(NULL, "&;", &save)) {
        if (++count > GZ_CGI_MAX_PARAMS) {
            snprintf(err, errlen, "too many parameters (at most %d)", GZ_CGI_MAX_PARAMS);
            return 400;
        }
        char *eq = strchr(pair, '=');
        char *value = eq ? eq + 1 : pair + strlen(pair);
        if (eq)
            *eq = '\0';
        if (url_decode(pair) < 0 || gz_utf8_invalid_at(pair, strlen(pair)) >= 0) {
            snprintf(err, errlen, "parameter %u: its name is not valid URL-encoded UTF-8 text", count);
            return 400;
        }
        if (url_decode(value) < 0) {
            snprintf(err, errlen, "the value of '%.*s' has a bad %%-escape or a NUL byte",
                     shown_len(pair), pair);
            return 400;
        }
        long bad = gz_utf8_invalid_at(value, strlen(value));
        if (bad >= 0) {
            /* the same rule the search library applies (utf8.h): strict
             * UTF-8, no control characters; refused here, since the page
             * must echo the text back */
            snprintf(err, errlen, "the value of '%.*s' is not valid URL-encoded UTF-8 text "
                     "(at byte %ld)", shown_len(pair), pair, bad + 1);
            return 400;
        }
        int status = take(r, pair, value, &seen, err, errlen);
        if (status)
            return status;
    }
    return 0;
}

void gz_cgi_release(gz_cgi_request *r)
{
    free(r->storage);
    memset(r, 0, sizeof *r);
}

size_t gz_cgi_filters(const gz_cgi_request *r, gz_filter *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < r->ncountries && n < cap; i++)
        out[n++] = (gz_filter){"country", r->countries[i]};
    for (size_t i = 0; i < r->npeople && n < cap; i++)
        out[n++] = (gz_filter){"person", r->people[i]};
    for (size_t i = 0; i < r->norgs && n < cap; i++)
        out[n++] = (gz_filter){"org", r->orgs[i]};
    for (size_t i = 0; i < r->nsources && n < cap; i++)
        out[n++] = (gz_filter){"source", r->sources[i]};
    return n;
}

gz_status gz_cgi_hidden(gz_strbuf *out, const char *name, const char *value)
{
    return gz_strbuf_addf(out, "<input type=\"hidden\" name=\"%s\" value=\"", name) |
           gz_html_text(out, value) | gz_strbuf_addstr(out, "\">") ? GZ_ERR_NOMEM : GZ_OK;
}

gz_status gz_cgi_hidden_state(gz_strbuf *out, const gz_cgi_request *r, bool with_q,
                              bool with_dates)
{
    char *const *lists[] = {r->countries, r->people, r->orgs, r->sources};
    size_t counts[] = {r->ncountries, r->npeople, r->norgs, r->nsources};
    static const char *const names[] = {"country", "person", "org", "source"};
    int rc = with_q && *r->q ? gz_cgi_hidden(out, "q", r->q) : 0;
    for (int f = 0; f < 4; f++)
        for (size_t i = 0; i < counts[f]; i++)
            rc |= gz_cgi_hidden(out, names[f], lists[f][i]);
    if (with_dates && r->from)
        rc |= gz_cgi_hidden(out, "from", r->from);
    if (with_dates && r->to)
        rc |= gz_cgi_hidden(out, "to", r->to);
    return rc ? GZ_ERR_NOMEM : GZ_OK;
}

bool gz_cgi_web_url(const char *url)
{
    return url && (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8));
}

/* ---- escaping --------------------------------------------------------- */

gz_status gz_html_textn(gz_strbuf *out, const char *s, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        switch (s[i]) {
        case '&': rc = gz_strbuf_addstr(out, "&amp;"); break;
        case '<': rc = gz_strbuf_addstr(out, "&lt;"); break;
        case '>': rc = gz_strbuf_addstr(out, "&gt;"); break;
        case '"': rc = gz_strbuf_addstr(out, "&quot;"); break;
        case '\'': rc = gz_strbuf_addstr(out, "&#39;"); break;
        default: rc = gz_strbuf_addch(out, s[i]);
        }
    }
    return rc;
}

gz_status gz_html_text(gz_strbuf *out, const char *s)
{
    return gz_html_textn(out, s ? s : "", s ? strlen(s) : 0);
}

gz_status gz_url_encode(gz_strbuf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int rc = isalnum(*p) || strchr("-._~", *p) ? gz_strbuf_addch(out, (char)*p)
                 : *p == ' ' ? gz_strbuf_addch(out, '+')
                 : gz_strbuf_add(out, (char[]){'%', hex[*p >> 4], hex[*p & 15]}, 3);
        if (rc < 0)
            return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

/* ---- URLs ------------------------------------------------------------- */

static int param(gz_strbuf *out, int *first, const char *name, const char *value)
{
    if (gz_strbuf_addch(out, *first ? '?' : '&') < 0 || gz_strbuf_addstr(out, name) < 0 ||
        gz_strbuf_addch(out, '=') < 0 || gz_url_encode(out, value) < 0)
        return -1;
    *first = 0;
    return 0;
}

static int list_params(gz_strbuf *out, int *first, const char *name, char *const *list, size_t n,
                       gz_url_change change, const char *cname, const char *cvalue)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (!(change == GZ_URL_REMOVE && !strcmp(name, cname) && !strcmp(list[i], cvalue)))
            rc = param(out, first, name, list[i]);
    if (rc == 0 && change == GZ_URL_ADD && !strcmp(name, cname))
        rc = param(out, first, name, cvalue);
    return rc;
}

gz_status gz_cgi_url(gz_strbuf *out, const char *script, const gz_cgi_request *r,
               gz_url_change change, const char *name, const char *value)
{
    static const char *sorts[] = {"relevance", "date", "date-asc"};
    int first = 1, rc = gz_strbuf_addstr(out, script);
    const char *cname = name ? name : "";
    const char *from = r->from, *to = r->to, *sort = r->sort ? sorts[r->sort] : NULL;
    char page[16] = "";
    if (change == GZ_URL_SET && !strcmp(cname, "from"))
        from = value;
    if (change == GZ_URL_SET && !strcmp(cname, "to"))
        to = value;
    if (change == GZ_URL_SET && !strcmp(cname, "sort"))
        sort = value;
    if (change == GZ_URL_SET && !strcmp(cname, "page"))
        snprintf(page, sizeof page, "%s", value);
    if (change == GZ_URL_SAME && r->page > 1)
        snprintf(page, sizeof page, "%u", r->page);
    if (rc == 0 && *r->q)
        rc = param(out, &first, "q", r->q);
    if (rc == 0)
        rc = list_params(out, &first, "country", r->countries, r->ncountries, change, cname, value);
    if (rc == 0)
        rc = list_params(out, &first, "person", r->people, r->npeople, change, cname, value);
    if (rc == 0)
        rc = list_params(out, &first, "org", r->orgs, r->norgs, change, cname, value);
    if (rc == 0)
        rc = list_params(out, &first, "source", r->sources, r->nsources, change, cname, value);
    if (rc == 0 && from && *from)
        rc = param(out, &first, "from", from);
    if (rc == 0 && to && *to)
        rc = param(out, &first, "to", to);
    if (rc == 0 && sort && strcmp(sort, "relevance"))
        rc = param(out, &first, "sort", sort);
    if (rc == 0 && r->n != 10) {
        char n[16];
        snprintf(n, sizeof n, "%u", r->n);
        rc = param(out, &first, "n", n);
    }
    int plain = change == GZ_URL_SET && !strcmp(cname, "expand") ? !strcmp(value, "0") : r->plain;
    if (rc == 0 && plain)
        rc = param(out, &first, "expand", "0");
    if (rc == 0 && r->no_collapse)
        rc = param(out, &first, "collapse", "0");
    if (rc == 0 && r->like)
        rc = param(out, &first, "like", r->like);
    if (rc == 0 && r->id && !(change == GZ_URL_REMOVE && !strcmp(cname, "id")))
        rc = param(out, &first, "id", r->id);
    if (rc == 0 && (change == GZ_URL_SET && !strcmp(cname, "more") ? !strcmp(value, "1") : r->more))
        rc = param(out, &first, "more", "1");
    if (rc == 0 && *page && strcmp(page, "1"))
        rc = param(out, &first, "page", page);
    return rc;
}
