/*
 * read_feed.c - RSS 2.0, RSS 1.0 (RDF) and Atom feeds: every item or
 * entry an article, with its own date, link, title and body (HTML in
 * description, content:encoded or content read as text by html.h); the
 * channel's title is the source.  The id is the item's guid or the
 * entry's id (else its link), so a feed saved every hour, which repeats
 * its items, replaces them when read again instead of adding them twice.
 * Parsed with libxml2, offline and without expanding external entities.
 */
#include <limits.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dates.h"
#include "html.h"
#include "reader_int.h"
#include "utf8.h"

#define MAX_FEED_BYTES ((size_t)64 << 20)

static const int XML_OPTIONS = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

struct feed_state {
    gz_html_page page;      /* an XHTML page that opened like a feed */
    int is_page;
    xmlDoc *doc;
    xmlNode *next;          /* the next item or entry, NULL at the end */
    char *source;           /* the channel's title */
    int started;
};

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool is_item(const xmlNode *n)
{
    return named(n, "item") || named(n, "entry");
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* An element's text, trimmed (malloc'd via libxml2: xmlFree), or NULL. */
static char *text_of(const xmlNode *n)
{
    return n ? (char *)xmlNodeGetContent((xmlNode *)n) : NULL;
}

/* The first item from n on (items of RSS 2.0 sit in <channel>, of RSS 1.0
 * and Atom in the root). */
static xmlNode *first_item(xmlNode *n)
{
    for (; n; n = n->next)
        if (is_item(n))
            return n;
    return NULL;
}

static xmlNode *next_item(xmlNode *n)
{
    return n ? first_item(n->next) : NULL;
}

/* An Atom link: rel="alternate" or none; RSS: the text of <link>. */
static char *link_of(const xmlNode *item)
{
    for (xmlNode *c = item->children; c; c = c->next) {
        if (!named(c, "link"))
            continue;
        char *href = (char *)xmlGetProp(c, (const xmlChar *)"href");
        if (!href)
            return text_of(c);
        char *rel = (char *)xmlGetProp(c, (const xmlChar *)"rel");
        bool alternate = !rel || strcmp(rel, "alternate") == 0;
        xmlFree(rel);
        if (alternate)
            return href;
        xmlFree(href);
    }
    return NULL;
}

/* The body: the fullest of the item's texts, HTML read as text. */
static gz_status body_of(const xmlNode *item, gz_strbuf *out)
{
    static const char *const fields[] = {"encoded", "content", "description", "summary", NULL};
    for (const char *const *f = fields; *f; f++) {
        xmlNode *n = child(item, *f);
        if (!n)
            continue;
        char *type = (char *)xmlGetProp(n, (const xmlChar *)"type");
        gz_status st;
        if (type && strcmp(type, "xhtml") == 0) {
            /* Atom's inline XHTML: its markup is elements of the feed */
            xmlBuffer *buf = xmlBufferCreate();
            for (xmlNode *c = n->children; buf && c; c = c->next)
                xmlNodeDump(buf, n->doc, c, 0, 0);
            st = buf ? gz_html_fragment_text((const char *)xmlBufferContent(buf),
                                             (size_t)xmlBufferLength(buf), out)
                     : GZ_ERR_NOMEM;
            xmlBufferFree(buf);
        } else {
            char *text = text_of(n);
            bool plain = type && strcmp(type, "text") == 0;
            st = !text ? GZ_OK : plain ? gz_strbuf_addstr(out, text)
                                       : gz_html_fragment_text(text, strlen(text), out);
            xmlFree(text);
        }
        xmlFree(type);
        if (st != GZ_OK || out->len)
            return st;
    }
    return GZ_OK;
}

static void date_of(const xmlNode *item, char date[11])
{
    static const char *const fields[] = {"pubDate", "published", "date", "updated", "issued", NULL};
    date[0] = '\0';
    for (const char *const *f = fields; *f && !date[0]; f++) {
        char *t = text_of(child(item, *f));
        if (t && !gz_date_parse_written(t, date))
            date[0] = '\0';
        xmlFree(t);
    }
}

/* A malloc'd clean copy of a libxml2 string (freed here); NULL when empty. */
static char *take(char *s, int *oom)
{
    char *c = NULL;
    const char *p = s ? gz_skip_space(s) : NULL;
    if (p && *p && !(c = gz_reader_clean_dup(p, strlen(p))))
        *oom = 1;
    xmlFree(s);
    return c;
}

static int item_to_article(gz_reader *r, struct feed_state *s, xmlNode *item, gz_article *a)
{
    int oom = 0;
    a->line = xmlGetLineNo(item);
    a->title = take(text_of(child(item, "title")), &oom);
    a->url = take(link_of(item), &oom);
    char *id = take(text_of(child(item, "guid")), &oom);
    if (!id)
        id = take(text_of(child(item, "id")), &oom);
    if (!id && a->url && !(id = strdup(a->url)))
        oom = 1;
    if (id && gz_html_id_of_url(id, &a->id) != GZ_OK)
        oom = 1;
    free(id);
    date_of(item, a->date);
    gz_strbuf body = GZ_STRBUF_INIT;
    if (body_of(item, &body) != GZ_OK)
        oom = 1;
    a->body = body.len ? gz_reader_clean_dup(body.buf, body.len) : NULL;
    oom |= body.len && !a->body;
    gz_strbuf_release(&body);
    if (s->source && !(a->source = strdup(s->source)))
        oom = 1;
    if (oom)
        return -1;
    if (!a->title && !a->body) {
        gz_reader_skip(r, a->line, "%s with no title and no text: skipped",
                       (const char *)item->name);
        return 0;
    }
    return gz_reader_finish(r, a);
}

/* Reads the whole feed and finds its first item; 0 when it is no feed
 * (reported), -1 out of memory. */
static int open_feed(gz_reader *r, struct feed_state *s)
{
    gz_strbuf text = GZ_STRBUF_INIT;
    int too_big = 0;
    gz_status st = gz_reader_slurp(r, &text, MAX_FEED_BYTES, &too_big);
    if (st == GZ_OK && too_big)
        gz_reader_skip(r, 0, "a feed of more than %zu MB: passed over", MAX_FEED_BYTES >> 20);
    if (st == GZ_OK && !too_big && text.len < (size_t)INT_MAX)
        s->doc = xmlReadMemory(text.buf ? text.buf : "", (int)text.len, NULL, NULL, XML_OPTIONS);
    xmlNode *root = s->doc ? xmlDocGetRootElement(s->doc) : NULL;
    if (named(root, "html")) {      /* XHTML that opened with <?xml ...?> */
        char err[256];
        st = gz_html_read_page(text.buf, text.len, NULL, NULL, &s->page, err, sizeof err);
        s->is_page = st == GZ_OK;
        if (st == GZ_ERR_INVALID)
            gz_reader_skip(r, 0, "%s: passed over", err);
    }
    gz_strbuf_release(&text);
    if (st == GZ_ERR_IO)
        return gz_reader_input_failed(r);
    if (st != GZ_OK)
        return st == GZ_ERR_NOMEM ? -1 : 0;
    if (s->is_page)
        return 1;
    if (!too_big && !named(root, "rss") && !named(root, "feed") && !named(root, "RDF")) {
        gz_reader_skip(r, 0, "not an RSS or Atom feed (its root is <%s>): passed over",
                       root ? (const char *)root->name : "nothing readable");
        return 0;
    }
    if (too_big)
        return 0;
    xmlNode *channel = child(root, "channel");
    char *title = text_of(child(channel ? channel : root, "title"));
    int oom = 0;
    s->source = take(title, &oom);
    s->next = first_item(channel && first_item(channel->children) ? channel->children
                                                                  : root->children);
    return oom ? -1 : 1;
}

static int feed_next(gz_reader *r, gz_article *a)
{
    struct feed_state *s = r->state;
    if (!s->started) {
        s->started = 1;
        int rc = open_feed(r, s);
        if (rc <= 0)
            return rc;
    }
    if (s->is_page) {
        s->is_page = 0;
        if (s->page.not_article) {
            gz_reader_skip(r, 0, "not an article (%s): passed over", s->page.not_article);
            return 0;
        }
        a->line = 1;
        return gz_html_page_to_article(&s->page, a) == GZ_OK ? gz_reader_finish(r, a) : -1;
    }
    while (s->next) {
        xmlNode *item = s->next;
        s->next = next_item(item);
        int rc = item_to_article(r, s, item, a);
        if (rc != 0)
            return rc;
        gz_article_clear(a);
    }
    return 0;
}

static void feed_release(void *state)
{
    struct feed_state *s = state;
    gz_html_page_release(&s->page);
    xmlFreeDoc(s->doc);
    free(s->source);
}

const gz_format_reader gz_feed_reader = {sizeof(struct feed_state), feed_next, feed_release};
