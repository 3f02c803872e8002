/*
 * cgi.h - the CGI/1.1 request (RFC 3875) as gazette.cgi sees it: its
 * parameters, decoded and checked, and the escaping every byte needs on
 * its way out (HTML text and attributes, URLs).
 */
#ifndef GZ_CGI_H
#define GZ_CGI_H

#include <stdbool.h>
#include <stddef.h>
#include "status.h"

#include "search.h"
#include "strbuf.h"

#define GZ_CGI_MAX_QUERY_STRING 8192
#define GZ_CGI_MAX_PARAMS 64
#define GZ_CGI_MAX_FILTERS 10      /* per facet */
#define GZ_CGI_MAX_VALUE 200       /* bytes of a country, person, org or source value */
#define GZ_CGI_MAX_PAGE 1000
#define GZ_CGI_MAX_N 100

/* What format= asks for: the page, the JSON object of one page, or every
 * article as CSV or JSON Lines, or an Atom feed of the newest. */
typedef enum gz_cgi_output {
    GZ_CGI_HTML, GZ_CGI_JSON, GZ_CGI_CSV, GZ_CGI_JSONL, GZ_CGI_ATOM
} gz_cgi_output;

typedef struct gz_cgi_request {
    char *q;                        /* "" when absent */
    char *countries[GZ_CGI_MAX_FILTERS], *people[GZ_CGI_MAX_FILTERS], *orgs[GZ_CGI_MAX_FILTERS];
    char *sources[GZ_CGI_MAX_FILTERS];
    size_t ncountries, npeople, norgs, nsources;
    char *from, *to;                /* YYYY[-MM[-DD]] or NULL */
    gz_sort sort;
    unsigned page, n;               /* page from 1 */
    gz_cgi_output output;
    int plain;                      /* expand=0: rank by the typed words only */
    int no_collapse;                /* collapse=0: every copy of a story */
    char *like;                     /* like=ID: articles related to that one, or NULL */
    char *id;                       /* id=ID: that article, whole (the article view), or NULL */
    int more;                       /* more=1: long facet lists */
    int head;                       /* HEAD: headers only */
    char *storage;                  /* the decoded parameters live here */
} gz_cgi_request;

/* Parses method and query string.  Returns 0, or an HTTP status (400, 405,
 * 414) with err explaining, for the error page. */
int gz_cgi_parse(const char *method, const char *query_string, gz_cgi_request *r,
                 char *err, size_t errlen);
void gz_cgi_release(gz_cgi_request *r);

/* Whether the answer (errors too) is JSON: format=json or jsonl. */
static inline bool gz_cgi_json(const gz_cgi_request *r)
{
    return r->output == GZ_CGI_JSON || r->output == GZ_CGI_JSONL;
}

/* The request's state as a form's hidden fields, so that the form keeps
 * it: its filters, and q and the dates when asked. */
gz_status gz_cgi_hidden(gz_strbuf *out, const char *name, const char *value);
gz_status gz_cgi_hidden_state(gz_strbuf *out, const gz_cgi_request *r, bool with_q,
                              bool with_dates);

/* An article's URL that a page may link: http or https, never javascript:
 * or file:. */
bool gz_cgi_web_url(const char *url);

/* The filters of the request as the search library takes them; *n set. */
size_t gz_cgi_filters(const gz_cgi_request *r, gz_filter *out, size_t cap);

/* Escaping: each appends to out; GZ_ERR_NOMEM when memory ran out. */
gz_status gz_html_text(gz_strbuf *out, const char *s);
gz_status gz_html_textn(gz_strbuf *out, const char *s, size_t n);
gz_status gz_url_encode(gz_strbuf *out, const char *s);

/* The URL of this search with one change: a parameter added, removed or
 * replaced (name=NULL: none), page reset unless set explicitly. */
typedef enum { GZ_URL_SAME, GZ_URL_ADD, GZ_URL_REMOVE, GZ_URL_SET } gz_url_change;
gz_status gz_cgi_url(gz_strbuf *out, const char *script, const gz_cgi_request *r,
               gz_url_change change, const char *name, const char *value);

#endif
