/*
 * render_export.h - a search as a file to take away: every article of it
 * as CSV or JSON Lines (page after page, up to GZ_EXPORT_MAX), and an Atom
 * feed (RFC 4287) of its newest articles, for feed readers and mail alerts
 * that follow "new articles about Choe Son Hui".
 */
#ifndef GZ_RENDER_EXPORT_H
#define GZ_RENDER_EXPORT_H

#include "search.h"
#include "strbuf.h"

/* Articles one export holds at most: a spreadsheet's worth, built page by
 * page (10,000 Reuters articles: 1.0 MB of CSV, 0.67 s, 9.4 MB of memory
 * for the whole CGI request). */
#define GZ_EXPORT_MAX 10000
/* Entries of a feed: the newest. */
#define GZ_FEED_ENTRIES 50

/* The CSV header line, and one line per hit (RFC 4180 quoting; lists
 * joined by "; "). */
gz_status gz_export_csv_header(gz_strbuf *out);
gz_status gz_export_csv_rows(gz_strbuf *out, const gz_search_result *res);
/* One JSON object per hit and line: id, date, title, url, source,
 * countries, people, orgs. */
gz_status gz_export_jsonl_rows(gz_strbuf *out, const gz_search_result *res);

/* The links an Atom feed carries: this feed, the page of the same search,
 * and an article's view (the base, to which "id=" and its id are added:
 * also the entry's id, the same in every feed that holds the article). */
typedef struct gz_feed_links {
    const char *self;       /* absolute */
    const char *page;       /* absolute */
    const char *view_base;  /* absolute, with its query string's "?" */
} gz_feed_links;

/* The feed of a search sorted newest first: title, links, each entry's
 * id, title, updated date, link (the original when on the web, else the
 * article view) and summary (the snippet). */
gz_status gz_render_atom(gz_strbuf *out, const char *title, const gz_feed_links *links,
                         const gz_search_result *res);

#endif
