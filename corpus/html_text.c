/*
 * html_text.c - an HTML subtree as plain text (html_int.h).
 *
 * Text nodes are joined exactly as a browser joins them: an inline
 * element adds no space, whitespace inside a text node is collapsed to
 * one space, and a block element ends a paragraph.  Scrapers that trimmed
 * each text node glued "Comrade <a>Kim Jong Un</a> said" into
 * "ComradeKim Jong Unsaid"; this keeps the page's own spaces.
 */
#include "html_int.h"

#include <string.h>
#include <strings.h>

bool gz_html_tag_in(const xmlNode *n, const char *const *tags)
{
    for (; *tags; tags++)
        if (strcmp(gz_html_tag(n), *tags) == 0)
            return true;
    return false;
}

char *gz_html_attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

static bool hidden(const xmlNode *n)
{
    if (xmlHasProp((xmlNode *)n, (const xmlChar *)"hidden"))
        return true;
    char *v = gz_html_attr(n, "aria-hidden");
    bool h = v && strcasecmp(v, "true") == 0;
    xmlFree(v);
    if (h)
        return true;
    v = gz_html_attr(n, "style");
    if (v) {
        for (char *p = v; *p; p++)      /* "display: none" as "display:none" */
            if (*p == ' ')
                memmove(p, p + 1, strlen(p));
        h = strstr(v, "display:none") || strstr(v, "visibility:hidden");
    }
    xmlFree(v);
    return h;
}

bool gz_html_never_text(const xmlNode *n)
{
    static const char *const never[] = {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
        "select", "option", "textarea", "input", "button", "canvas", "video", "audio", "map",
        "head", "link", "meta", "title", "picture", "source", "dialog", NULL};
    if (n->type != XML_ELEMENT_NODE)
        return n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE;
    return gz_html_tag_in(n, never) || hidden(n);
}

bool gz_html_is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", NULL};
    return n->type == XML_ELEMENT_NODE && gz_html_tag_in(n, blocks);
}

struct builder {
    gz_strbuf *out;
    int brk;            /* before the next text: 0 none, 1 a line, 2 a paragraph */
    int space;          /* whitespace seen since the last character */
    gz_status st;
    gz_html_skip_fn skip;
    void *ctx;
};

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void add_text(struct builder *b, const char *s)
{
    for (; *s && b->st == GZ_OK; s++) {
        if (is_space((unsigned char)*s)) {
            b->space = 1;
            continue;
        }
        if (b->out->len) {
            if (b->brk)
                b->st = gz_strbuf_add(b->out, "\n\n", (size_t)b->brk);
            else if (b->space)
                b->st = gz_strbuf_addch(b->out, ' ');
        }
        b->brk = b->space = 0;
        if (b->st == GZ_OK)
            b->st = gz_strbuf_addch(b->out, *s);
    }
}

static void walk(struct builder *b, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c && b->st == GZ_OK; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                add_text(b, (const char *)c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || gz_html_never_text(c) || (b->skip && b->skip(c, b->ctx)))
            continue;
        if (strcmp(gz_html_tag(c), "br") == 0) {
            if (b->brk < 1)
                b->brk = 1;
            b->space = 0;
            continue;
        }
        bool block = gz_html_is_block(c);
        if (block) {
            b->brk = 2;
            b->space = 0;
        }
        walk(b, c);
        if (block) {
            b->brk = 2;
            b->space = 0;
        }
    }
}

gz_status gz_html_text_of(const xmlNode *n, gz_html_skip_fn skip, void *ctx, gz_strbuf *out)
{
    struct builder b = {out, out->len ? 2 : 0, 0, GZ_OK, skip, ctx};
    if (n->type == XML_TEXT_NODE && n->content)
        add_text(&b, (const char *)n->content);
    else
        walk(&b, n);
    return b.st;
}
