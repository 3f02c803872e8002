/*
 * html_int.h - what the HTML files (html_*.c) share: libxml2's tree, the
 * elements that never hold article text, and the text walker.
 */
#ifndef GZ_HTML_INT_H
#define GZ_HTML_INT_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdbool.h>

#include "html.h"

/* The element's tag name (libxml2's HTML parser writes them lower-case). */
static inline const char *gz_html_tag(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE ? (const char *)n->name : "";
}

/* Whether the element's tag is one of the NULL-ended tags. */
bool gz_html_tag_in(const xmlNode *n, const char *const *tags);
/* Elements whose text is never article text: scripts, styles, forms'
 * controls, embedded media, and anything hidden from the reader. */
bool gz_html_never_text(const xmlNode *n);
/* Elements that start a new paragraph (a line for <br>). */
bool gz_html_is_block(const xmlNode *n);
/* An attribute's value (xmlFree it), or NULL. */
char *gz_html_attr(const xmlNode *n, const char *name);

/* Decides whether a subtree is left out of the text (beyond never_text). */
typedef bool (*gz_html_skip_fn)(const xmlNode *n, void *ctx);

/* Appends the text of n's subtree to out: whitespace collapsed, a blank
 * line between paragraphs, text nodes joined exactly as the page joins
 * them (so that markup never glues two words or splits one). */
gz_status gz_html_text_of(const xmlNode *n, gz_html_skip_fn skip, void *ctx, gz_strbuf *out);

/* Headline, date, source and URL from the page's head, JSON-LD, <time>
 * and the URL (html_meta.c).  *ld_body: JSON-LD's articleBody when the
 * page gives one (malloc'd), else NULL. */
gz_status gz_html_meta(xmlDoc *doc, const char *url, gz_html_page *out, char **ld_body);

/* The page's article text (html_extract.c): its body into out->body, or
 * out->not_article saying why there is none. */
gz_status gz_html_extract_body(xmlDoc *doc, const char *title, const char *ld_body,
                               gz_html_page *out);

#endif
