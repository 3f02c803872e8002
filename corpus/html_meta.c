/*
 * html_meta.c - a page's headline, publication date, publisher and
 * canonical URL (html_int.h).
 *
 * Publishers say these things several ways, tried in this order: Open
 * Graph and article meta tags, JSON-LD (schema.org NewsArticle and its
 * kin), the first <time datetime>, a date in the URL; the headline falls
 * back to the first <h1>, then to <title> without the site's name.
 */
#include "html_int.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dates.h"
#include "reader_int.h"

struct found {
    int oom;
    char *og_title, *h1, *title_tag;
    char *date_meta, *time_tag;
    char *site, *canonical, *og_url;
    char *ld_headline, *ld_date, *ld_publisher, *ld_body;
};

/* Keeps the first value of a kind: the page's own order decides. */
static void keep(struct found *f, char **slot, const char *value)
{
    if (!*slot && value && *value && !(*slot = strdup(value)))
        f->oom = 1;
}

static char *text_of(const xmlNode *n)
{
    gz_strbuf sb = GZ_STRBUF_INIT;
    if (gz_html_text_of(n, NULL, NULL, &sb) != GZ_OK) {
        gz_strbuf_release(&sb);
        return NULL;
    }
    return gz_strbuf_detach(&sb);
}

static bool is_date_key(const char *k)
{
    static const char *const keys[] = {
        "article:published_time", "og:article:published_time", "datepublished", "date",
        "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date",
        "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
        "article.published", "published_time", "cxenseparse:recs:publishtime", NULL};
    for (const char *const *p = keys; *p; p++)
        if (strcasecmp(k, *p) == 0)
            return true;
    return false;
}

static void from_meta(struct found *f, const xmlNode *n)
{
    char *content = gz_html_attr(n, "content");
    static const char *const key_attrs[] = {"property", "name", "itemprop"};
    for (size_t i = 0; content && i < 3; i++) {
        char *k = gz_html_attr(n, key_attrs[i]);
        if (!k)
            continue;
        if (strcasecmp(k, "og:title") == 0 || strcasecmp(k, "twitter:title") == 0)
            keep(f, &f->og_title, content);
        else if (strcasecmp(k, "og:site_name") == 0)
            keep(f, &f->site, content);
        else if (strcasecmp(k, "og:url") == 0)
            keep(f, &f->og_url, content);
        else if (is_date_key(k))
            keep(f, &f->date_meta, content);
        xmlFree(k);
    }
    xmlFree(content);
}

static bool is_article_type(json_t *type)
{
    static const char *const kinds[] = {"NewsArticle", "Article", "ReportageNewsArticle",
                                        "AnalysisNewsArticle", "BlogPosting", "OpinionNewsArticle",
                                        "ReviewNewsArticle", "LiveBlogPosting", "Report", NULL};
    if (json_is_array(type)) {
        size_t i;
        json_t *t;
        json_array_foreach(type, i, t) if (is_article_type(t)) return true;
        return false;
    }
    for (const char *const *k = kinds; json_is_string(type) && *k; k++)
        if (strcmp(json_string_value(type), *k) == 0)
            return true;
    return false;
}

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A JSON-LD object, an array of them, or an @graph of them. */
static void from_json_ld(struct found *f, json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) from_json_ld(f, item);
        return;
    }
    if (!json_is_object(v))
        return;
    from_json_ld(f, json_object_get(v, "@graph"));
    if (!is_article_type(json_object_get(v, "@type")))
        return;
    keep(f, &f->ld_headline, str_of(v, "headline"));
    keep(f, &f->ld_date, str_of(v, "datePublished"));
    keep(f, &f->ld_body, str_of(v, "articleBody"));
    json_t *pub = json_object_get(v, "publisher");
    if (json_is_array(pub))
        pub = json_array_get(pub, 0);
    if (json_is_object(pub))
        keep(f, &f->ld_publisher, str_of(pub, "name"));
}

static void from_script(struct found *f, const xmlNode *n)
{
    char *type = gz_html_attr(n, "type");
    bool ld = type && strcasecmp(type, "application/ld+json") == 0;
    xmlFree(type);
    if (!ld)
        return;
    xmlChar *text = xmlNodeGetContent((xmlNode *)n);
    json_t *v = text ? json_loads((const char *)text, JSON_DECODE_ANY, NULL) : NULL;
    from_json_ld(f, v);
    json_decref(v);
    xmlFree(text);
}

static void from_link(struct found *f, const xmlNode *n)
{
    char *rel = gz_html_attr(n, "rel");
    if (rel && strcasecmp(rel, "canonical") == 0) {
        char *href = gz_html_attr(n, "href");
        keep(f, &f->canonical, href);
        xmlFree(href);
    }
    xmlFree(rel);
}

static void scan(struct found *f, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *tag = gz_html_tag(c);
        if (strcmp(tag, "meta") == 0) {
            from_meta(f, c);
        } else if (strcmp(tag, "script") == 0) {
            from_script(f, c);
        } else if (strcmp(tag, "link") == 0) {
            from_link(f, c);
        } else if (strcmp(tag, "title") == 0 && !f->title_tag) {
            f->oom |= !(f->title_tag = text_of(c));
        } else if (strcmp(tag, "h1") == 0 && !f->h1 && !gz_html_never_text(c)) {
            f->oom |= !(f->h1 = text_of(c));
        } else if (strcmp(tag, "time") == 0 && !f->time_tag) {
            char *dt = gz_html_attr(c, "datetime");
            keep(f, &f->time_tag, dt);
            xmlFree(dt);
        }
        scan(f, c);
    }
}

/* A date in the URL: /2019/11/19/ or 2019-11-19. */
static bool date_in_url(const char *url, char out[11])
{
    for (const char *p = url; p && *p; p++) {
        if (!isdigit((unsigned char)p[0]) || (p > url && isdigit((unsigned char)p[-1])))
            continue;
        char *end;
        long y = strtol(p, &end, 10);
        if (end - p != 4 || (*end != '/' && *end != '-'))
            continue;
        char sep = *end;
        long m = strtol(end + 1, &end, 10);
        if (*end != sep)
            continue;
        long d = strtol(end + 1, &end, 10);
        if (isdigit((unsigned char)*end) || !gz_date_is_valid((int)y, (int)m, (int)d))
            continue;
        snprintf(out, 11, "%04ld-%02ld-%02ld", y, m, d);
        return true;
    }
    return false;
}

/* The host of an absolute URL, without "www.". */
static char *host_of(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return NULL;
    p += 3;
    if (strncasecmp(p, "www.", 4) == 0)
        p += 4;
    size_t n = strcspn(p, "/:?#");
    return n ? strndup(p, n) : NULL;
}

static const char *const TITLE_SEPARATORS[] = {" | ", " - ", " — ", " – ", " :: ", NULL};

/* "Headline | Site" or "Headline - Site" from <title>: the headline alone. */
static void drop_site_suffix(char *title)
{
    for (const char *const *s = TITLE_SEPARATORS; *s; s++) {
        char *at = strstr(title, *s);
        if (at && (size_t)(at - title) >= 15)
            *at = '\0';
    }
}

/* Letters and digits of s, lower-cased, into buf. */
static void squeeze(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        if (isalnum((unsigned char)*s))
            buf[n++] = (char)tolower((unsigned char)*s);
    buf[n] = '\0';
}

/* A headline that ends with the site's name ("... - TechCrunch",
 * "... | ZDNet"): cut there.  The name is the source, or the host. */
static void drop_named_site(char *title, const char *source, const char *host)
{
    for (const char *const *s = TITLE_SEPARATORS; *s; s++) {
        char *at = title;
        char *last = NULL;
        while ((at = strstr(at, *s)) != NULL)
            last = at++;
        if (!last || last == title)
            continue;
        char tail[128], name[128], site[128];
        squeeze(last + strlen(*s), tail, sizeof tail);
        squeeze(source ? source : "", name, sizeof name);
        squeeze(host ? host : "", site, sizeof site);
        if (*tail && ((*name && (strstr(name, tail) || strstr(tail, name))) ||
                      (*site && strstr(site, tail)))) {
            *last = '\0';
            return;
        }
    }
}

/* A date in the URL is the publisher's own calendar day; a timestamp in
 * UTC may have moved an evening's article to the next day. */
static void take_date(gz_html_page *out, const struct found *f, const char *url)
{
    if ((out->url && date_in_url(out->url, out->date)) || (url && date_in_url(url, out->date)))
        return;
    const char *tries[] = {f->date_meta, f->ld_date, f->time_tag};
    for (size_t i = 0; i < 3; i++)
        if (tries[i] && gz_date_parse_written(tries[i], out->date))
            return;
    out->date[0] = '\0';
}

/* A valid-UTF-8 copy without control characters; NULL for NULL. */
static char *clean(struct found *f, const char *s)
{
    char *c = s ? gz_reader_clean_dup(s, strlen(s)) : NULL;
    if (s && !c)
        f->oom = 1;
    return c;
}

gz_status gz_html_meta(xmlDoc *doc, const char *url, gz_html_page *out, char **ld_body)
{
    struct found f = {0};
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root)
        scan(&f, (xmlNode *)doc);
    const char *title = f.og_title ? f.og_title : f.ld_headline ? f.ld_headline : f.h1;
    out->title = clean(&f, title);
    if (!title && f.title_tag) {
        out->title = clean(&f, f.title_tag);
        if (out->title)
            drop_site_suffix(out->title);
    }
    const char *canonical = f.canonical && strstr(f.canonical, "://") ? f.canonical : f.og_url;
    out->url = clean(&f, canonical ? canonical : url);
    out->source = clean(&f, f.site ? f.site : f.ld_publisher);
    if (!out->source)
        out->source = host_of(out->url ? out->url : url);
    take_date(out, &f, url);
    if (out->title) {
        char *host = host_of(out->url ? out->url : url);
        drop_named_site(out->title, out->source, host);
        free(host);
    }
    *ld_body = f.ld_body;
    f.ld_body = NULL;
    char **all[] = {&f.og_title, &f.h1, &f.title_tag, &f.date_meta, &f.time_tag, &f.site,
                    &f.canonical, &f.og_url, &f.ld_headline, &f.ld_date, &f.ld_publisher};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        free(*all[i]);
    return f.oom ? GZ_ERR_NOMEM : GZ_OK;
}
