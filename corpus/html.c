/*
 * html.c - a web page read as an article, and a fragment as text (html.h).
 */
#include "html_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lenient, quiet and offline: the parser never fetches a DTD or an entity. */
static const int PARSE_OPTIONS = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET;

static htmlDocPtr parse(const char *bytes, size_t len, const char *url, const char *charset)
{
    if (len > INT_MAX)
        return NULL;
    return htmlReadMemory(bytes, (int)len, url, charset, PARSE_OPTIONS);
}

gz_status gz_html_read_page(const char *bytes, size_t len, const char *url, const char *charset,
                            gz_html_page *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    htmlDocPtr doc = parse(bytes, len, url, charset);
    if (!doc || !xmlDocGetRootElement(doc)) {
        snprintf(err, errlen, "%s", len > INT_MAX ? "a page of more than 2 GB"
                                                  : "no HTML document in it");
        xmlFreeDoc(doc);
        return GZ_ERR_INVALID;
    }
    char *ld_body = NULL;
    gz_status st = gz_html_meta(doc, url, out, &ld_body);
    if (st == GZ_OK)
        st = gz_html_extract_body(doc, out->title, ld_body, out);
    free(ld_body);
    xmlFreeDoc(doc);
    if (st != GZ_OK) {
        gz_html_page_release(out);
        gz_status_put(err, errlen, st);
    }
    return st;
}

void gz_html_page_release(gz_html_page *p)
{
    free(p->title);
    free(p->body);
    free(p->url);
    free(p->source);
    memset(p, 0, sizeof *p);
}

gz_status gz_html_fragment_text(const char *html, size_t len, gz_strbuf *out)
{
    htmlDocPtr doc = parse(html, len, NULL, "UTF-8");
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    gz_status st = root ? gz_html_text_of(root, NULL, NULL, out) : GZ_OK;
    xmlFreeDoc(doc);
    return st;
}
