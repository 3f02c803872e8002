/*
 * cgi_serve.h - one HTTP request to the search page or JSON API answered:
 * CGI variables in, the whole CGI response (header lines and body) out.
 * gazette.cgi (cgi_main.c, a process per request) and gazette.fcgi
 * (fcgi_main.c, a FastCGI process that keeps the index open) differ only
 * in where variables come from and where the response goes.
 */
#ifndef GZ_CGI_SERVE_H
#define GZ_CGI_SERVE_H

#include <limits.h>
#include "status.h"

#include "search.h"
#include "strbuf.h"

/* A CGI variable of the request (REQUEST_METHOD, QUERY_STRING, ...), or NULL. */
typedef const char *(*gz_cgi_var_fn)(void *ctx, const char *name);

/* What outlives a request: the open index, when the process does. */
typedef struct gz_cgi_site {
    const char *program;    /* names the log's lines: "gazette.fcgi"; NULL: "gazette.cgi" */
    gz_searcher *searcher;
    char path[PATH_MAX];
} gz_cgi_site;

/* Appends the response to *response and lines for the server's error log
 * to *log.  GZ_ERR_NOMEM when memory ran out building the response. */
gz_status gz_cgi_answer(gz_cgi_var_fn var, void *ctx, gz_cgi_site *site, gz_strbuf *response,
                  gz_strbuf *log);
void gz_cgi_site_close(gz_cgi_site *site);

#endif
