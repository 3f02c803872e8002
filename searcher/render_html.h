/*
 * render_html.h - the HTML pages of gazette.cgi (render_html.c).
 */
#ifndef GZ_RENDER_HTML_H
#define GZ_RENDER_HTML_H

#include "cgi.h"
#include "search.h"
#include "strbuf.h"
#include "status.h"

/* Country code -> name, for chips and facets (NULL when unknown). */
typedef const char *(*gz_searcher_labels)(void *ctx, const char *code);

/* The search page; res NULL: the empty start page; GZ_ERR_NOMEM. */
gz_status gz_render_page(gz_strbuf *out, const char *script, const gz_cgi_request *r,
                   const gz_search_result *res, gz_searcher_labels labels, void *ctx);
/* A helpful error page: what went wrong and a way back, never a path or a trace. */
/* r (may be NULL) keeps the user's query in the search box. */
gz_status gz_render_error_page(gz_strbuf *out, const char *script, const gz_cgi_request *r,
                         int status, const char *message);

#endif
