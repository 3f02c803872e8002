/*
 * html.h - a web page read as a news article: its own text (not menus,
 * related links, captions, comments or notices), headline, publication
 * date, publisher and canonical URL.  Parsed with libxml2's HTML parser,
 * which also converts the page's character set to UTF-8.
 *
 * The pieces: html_text.c (a subtree as text, paragraphs kept, no word
 * glued to the next across markup), html_meta.c (headline, date, source,
 * URL from meta tags, JSON-LD and the URL), html_extract.c (which part of
 * the page is the article).  Feeds and web archives (read_feed.c,
 * read_warc.c) read their pages and item bodies through here too.
 */
#ifndef GZ_HTML_H
#define GZ_HTML_H

#include <stddef.h>

#include "status.h"
#include "strbuf.h"

typedef struct gz_html_page {
    char *title;        /* malloc'd, or NULL */
    char *body;         /* malloc'd: paragraphs separated by blank lines */
    char date[11];      /* YYYY-MM-DD, or "" */
    char *url;          /* the canonical URL (else the one given), or NULL */
    char *source;       /* the site or publisher, or NULL */
    /* Why the page is not taken for an article (an index page, an error
     * page, too little text), or NULL when it is one. */
    const char *not_article;
} gz_html_page;

/* Reads one page.  url: where it came from (may be NULL; a date or host in
 * it is used when the page gives none); charset: the HTTP header's (may be
 * NULL: the page's own declaration, else UTF-8 or Latin-1).  GZ_ERR_INVALID
 * when libxml2 can make no document of the bytes (err says why). */
gz_status gz_html_read_page(const char *bytes, size_t len, const char *url, const char *charset,
                            gz_html_page *out, char *err, size_t errlen);
void gz_html_page_release(gz_html_page *p);

/* All the text of an HTML fragment (a feed item's description), markup
 * removed, paragraphs kept. */
gz_status gz_html_fragment_text(const char *html, size_t len, gz_strbuf *out);

#endif
