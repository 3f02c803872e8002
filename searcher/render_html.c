/*
 * render_html.c - gazette.cgi's search page: form, results with chips and
 * highlighted snippets, a facet sidebar whose links add or remove filters,
 * a month histogram, pagination.  Self-contained (no scripts, fonts or
 * external files), readable without JavaScript, labelled for screen
 * readers.  Every byte from the request or the index goes through
 * gz_html_text (text and attributes) or gz_url_encode (URLs).
 */
#include "render_html.h"
#include "dates.h"
#include "render_timeline.h"
#include "utf8.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the query shown in the page title. */
#define TITLE_QUERY_BYTES 120

#define PAGE_LINKS 5   /* page numbers shown around the current one */
#define APPROX "\xE2\x89\x88"  /* before a count estimated from a sample */

static const char css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2125;background:#f6f7f9}"
    "header{background:#14365d;color:#fff;padding:.8rem 1rem}"
    "header h1{margin:0 0 .4rem;font-size:1.25rem}"
    "form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}"
    "form input[type=search]{flex:1 1 18rem;font-size:1rem;padding:.45rem .6rem;border:1px solid #8aa;border-radius:4px}"
    "form select,form button{font-size:1rem;padding:.45rem .7rem;border-radius:4px;border:1px solid #8aa}"
    "form button{background:#f2c14e;border-color:#d9a426;font-weight:600;cursor:pointer}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    ".layout{display:flex;flex-wrap:wrap;gap:1.5rem;padding:1rem;max-width:80rem;margin:auto}"
    "main{flex:3 1 30rem;min-width:0}aside{flex:1 1 15rem}"
    ".count{color:#555;margin:.2rem 0 1rem}"
    "ol.hits{list-style:none;padding:0;margin:0}"
    ".hit{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.8rem 1rem;margin-bottom:.8rem}"
    ".hit h2{font-size:1.1rem;margin:0 0 .2rem}"
    ".hit h2 a{color:#14365d}"
    ".meta{font-size:.85rem;color:#555;margin:.1rem 0 .4rem}"
    ".chip{display:inline-block;font-size:.8rem;padding:0 .45rem;margin:0 .25rem .2rem 0;border-radius:999px;"
    "background:#e8eef6;color:#14365d;text-decoration:none;border:1px solid #c9d6e6}"
    ".chip.person{background:#eef6e8;border-color:#cfe3c0;color:#2c4d16}"
    ".chip.on{background:#14365d;color:#fff}"
    ".more{font-size:.85rem;margin:.2rem 0 0}"
    "mark{background:#ffe58a;padding:0 .1em}"
    ".snippet{margin:.3rem 0 0}"
    "aside section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.6rem .8rem;margin-bottom:1rem}"
    "aside h2{font-size:1rem;margin:0 0 .4rem}"
    "aside ul{list-style:none;margin:0;padding:0}"
    "aside li a{display:flex;justify-content:space-between;gap:.5rem;text-decoration:none;color:#14365d;padding:.1rem 0}"
    "aside li a[aria-current]{font-weight:700}"
    "aside li a[aria-current] span:first-child::before{content:'\\2713 '}"
    /* WCAG 2.2 2.5.8: targets of 24 by 24 px at least */
    ".chip,aside li a,nav.pages a,nav.pages span,.more a,.export a,.filters a{min-height:24px;min-width:24px}"
    ".chip{line-height:22px}.more a,.export a{display:inline-block;line-height:24px}"
    ".timeline h2{font-size:1rem;margin:.4rem 0 0}"
    ".axis{display:flex;align-items:flex-end;gap:2px;overflow-x:auto;list-style:none;padding:0;margin:.3rem 0}"
    ".axis li{flex:0 0 auto;min-width:1.7rem;text-align:center;font-size:.7rem;line-height:1.1}"
    ".axis a,.axis .empty{display:flex;flex-direction:column;justify-content:flex-end;height:6.5rem;"
    "text-decoration:none;color:#14365d}"
    ".axis .col{display:block;background:#6c8fbf;border-radius:2px 2px 0 0;min-height:3px;margin:1px 3px}"
    ".axis .empty .col{background:#d5dbe3}.axis .empty .lbl{color:#555}"
    ".axis .fold{align-self:flex-end;color:#555;padding:0 .3rem;border-bottom:2px dashed #c9d6e6}"
    ".range{font-size:.85rem;margin:.2rem 0 .8rem}.range select,.range button{min-height:24px}"
    ".find{margin:.4rem 0 0;font-size:.85rem}.find input{width:9rem;min-height:24px}.find button{min-height:24px}"
    ".jumps a{position:absolute;left:-999px;background:#fff;color:#14365d;padding:.3rem .6rem}"
    ".jumps a:focus{position:static;display:inline-block}"
    "@media (max-width:40rem){.jumps a[href='#filters']{position:static;display:inline-block}}"
    ".n{color:#555;font-variant-numeric:tabular-nums}"
    ".bars li a{display:grid;grid-template-columns:4.5rem 1fr 2.5rem;align-items:center}"
    ".bar{display:block;height:.8rem;background:#6c8fbf;border-radius:2px;min-width:2px}"
    ".filters{margin:0 0 .5rem;padding:0;list-style:none}.filters li{display:inline}"
    "nav.pages{margin:1rem 0;display:flex;flex-wrap:wrap;gap:.3rem}"
    "nav.pages a,nav.pages span{padding:.2rem .6rem;border:1px solid #c9d6e6;border-radius:4px;text-decoration:none}"
    "nav.pages [aria-current]{background:#14365d;color:#fff}"
    ".error{background:#fff3f3;border:1px solid #e3b4b4;padding:1rem;border-radius:6px}"
    "@media (max-width:40rem){.layout{padding:.5rem}aside{order:2}}";

static int add(gz_strbuf *o, const char *s)
{
    return gz_strbuf_addstr(o, s);
}

static int page_head(gz_strbuf *o, const char *title)
{
    return add(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>") |
           gz_html_text(o, title) | add(o, "</title><style>") | add(o, css) |
           add(o, "</style></head><body>");
}

static int search_form(gz_strbuf *o, const char *script, const gz_cgi_request *r)
{
    static const char *const sorts[][2] = {{"relevance", "Most relevant"}, {"date", "Newest first"},
                                           {"date-asc", "Oldest first"}};
    int rc = add(o, "<header><h1>Gazette news search</h1><form role=\"search\" method=\"get\" action=\"") |
             gz_html_text(o, script) |
             add(o, "\"><label class=\"sr\" for=\"q\">Search the news archive</label>"
                    "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search news: words, "
                    "&quot;phrases&quot;, country:KP, date:2024-03\" value=\"") |
             gz_html_text(o, r->q) | add(o, "\">");
    /* the current filters stay when the words change */
    rc |= gz_cgi_hidden_state(o, r, false, true);
    rc |= add(o, "<label class=\"sr\" for=\"sort\">Sort results</label><select id=\"sort\" name=\"sort\">");
    for (int s = 0; s < 3; s++)
        rc |= add(o, "<option value=\"") | add(o, sorts[s][0]) | add(o, (int)r->sort == s ? "\" selected>" : "\">") |
              add(o, sorts[s][1]) | add(o, "</option>");
    return rc | add(o, "</select><button type=\"submit\">Search</button></form></header>");
}

/* A link: href is a URL built by gz_cgi_url, escaped for the attribute. */
static int link_open(gz_strbuf *o, const gz_strbuf *href, const char *attrs)
{
    return add(o, "<a href=\"") | gz_html_text(o, gz_strbuf_str(href)) | add(o, "\"") |
           add(o, attrs) | add(o, ">");
}

/* "Dates: Mar 2024" or "Dates: 2024-01-05 to 2024-02": the range as one
 * chip that removes it. */
static int date_chip(gz_strbuf *o, const char *script, const gz_cgi_request *r, gz_strbuf *url)
{
    char shown[96];
    const char *from = r->from ? r->from : "", *to = r->to ? r->to : "";
    int m = strlen(from) == 7 ? atoi(from + 5) : 0;
    if (!strcmp(from, to) && m >= 1 && m <= 12)
        snprintf(shown, sizeof shown, "%s %.4s", gz_month_abbrev(m), from);
    else if (!strcmp(from, to))
        snprintf(shown, sizeof shown, "%s", from);
    else
        snprintf(shown, sizeof shown, "%s%s%s", *from ? from : "until ", *from && *to ? " to " : "",
                 *to ? to : *from ? " onwards" : "");
    gz_cgi_request none = *r;
    none.from = none.to = NULL;
    gz_strbuf_reset(url);
    return gz_cgi_url(url, script, &none, GZ_URL_SET, "page", "1") | add(o, "<li>") |
           link_open(o, url, " class=\"chip on\"") | add(o, "Dates: ") | gz_html_text(o, shown) |
           add(o, "<span class=\"sr\">, remove these dates</span> "
                  "<span aria-hidden=\"true\">\xC3\x97</span></a></li> ");
}

static int active_filters(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                          gz_searcher_labels labels, void *ctx)
{
    char *const *lists[] = {r->countries, r->people, r->orgs, r->sources};
    size_t counts[] = {r->ncountries, r->npeople, r->norgs, r->nsources};
    static const char *names[] = {"country", "person", "org", "source"};
    static const char *kinds[] = {"Country", "Person", "Organisation", "Source"};
    if (!counts[0] && !counts[1] && !counts[2] && !counts[3] && !r->from && !r->to)
        return 0;
    int rc = add(o, "<ul class=\"filters\" aria-label=\"Active filters\">");
    gz_strbuf url = GZ_STRBUF_INIT;
    for (int f = 0; f < 4; f++)
        for (size_t i = 0; i < counts[f]; i++) {
            const char *label = f == 0 && labels ? labels(ctx, lists[f][i]) : NULL;
            gz_strbuf_reset(&url);
            rc |= gz_cgi_url(&url, script, r, GZ_URL_REMOVE, names[f], lists[f][i]);
            const char *shown = label ? label : lists[f][i];
            /* the accessible name starts with the visible text (WCAG 2.5.3) */
            rc |= add(o, "<li><a class=\"chip on\" href=\"") | gz_html_text(o, gz_strbuf_str(&url)) |
                  add(o, "\" aria-label=\"") | add(o, kinds[f]) | add(o, ": ") |
                  gz_html_text(o, shown) | add(o, ", remove this filter\">") | add(o, kinds[f]) |
                  add(o, ": ") | gz_html_text(o, shown) |
                  add(o, " <span aria-hidden=\"true\">\xC3\x97</span></a></li> ");
        }
    if (r->from || r->to)       /* one chip per date range */
        rc |= date_chip(o, script, r, &url);
    /* every filter off at once, the words kept */
    gz_cgi_request words = {.q = r->q, .sort = r->sort, .n = r->n, .page = 1, .plain = r->plain,
                            .no_collapse = r->no_collapse};
    gz_strbuf_reset(&url);
    rc |= gz_cgi_url(&url, script, &words, GZ_URL_SAME, NULL, NULL) | add(o, "<li>") |
          link_open(o, &url, " class=\"clear\"") | add(o, "Clear all filters</a></li>");
    gz_strbuf_release(&url);
    return rc | add(o, "</ul>");
}

static int is_active(char *const *list, size_t n, const char *value)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], value) == 0)
            return 1;
    return 0;
}

/* An article's countries or people as links that add (or, when already a
 * filter, remove) that filter. */
static int chips(gz_strbuf *o, const char *script, const gz_cgi_request *r, json_t *values,
                 const char *name, const char *cls, gz_searcher_labels labels, void *ctx)
{
    char *const *active = name[0] == 'c' ? r->countries : name[0] == 'p' ? r->people : r->orgs;
    size_t nactive = name[0] == 'c' ? r->ncountries : name[0] == 'p' ? r->npeople : r->norgs;
    int rc = 0;
    size_t i;
    json_t *v;
    gz_strbuf url = GZ_STRBUF_INIT;
    json_array_foreach(values, i, v) {
        const char *value = json_string_value(v);
        if (!value)
            continue;
        const char *label = labels ? labels(ctx, value) : NULL;
        int on = is_active(active, nactive, value);
        gz_strbuf_reset(&url);
        rc |= gz_cgi_url(&url, script, r, on ? GZ_URL_REMOVE : GZ_URL_ADD, name, value);
        rc |= link_open(o, &url, cls) | gz_html_text(o, label ? label : value) | add(o, "</a>");
    }
    gz_strbuf_release(&url);
    return rc;
}

/* Where a hit is from, as a link that keeps the search to that source. */
static int source_chip(gz_strbuf *o, const char *script, const gz_cgi_request *r, json_t *doc)
{
    const char *source = json_string_value(json_object_get(doc, "source"));
    if (!source || !*source)
        return 0;
    int on = is_active(r->sources, r->nsources, source);
    gz_strbuf url = GZ_STRBUF_INIT;
    int rc = gz_cgi_url(&url, script, r, on ? GZ_URL_REMOVE : GZ_URL_ADD, "source", source) |
             link_open(o, &url, " class=\"chip source\"") | gz_html_text(o, source) | add(o, "</a> ");
    gz_strbuf_release(&url);
    return rc;
}

static int snippet_html(gz_strbuf *o, const gz_snippet *sn)
{
    const char *text = gz_strbuf_str(&sn->text);
    size_t at = 0;
    int rc = add(o, "<p class=\"snippet\">");
    for (size_t i = 0; i < sn->nspans; i++) {
        rc |= gz_html_textn(o, text + at, sn->spans[i].start - at) | add(o, "<mark>") |
              gz_html_textn(o, text + sn->spans[i].start, sn->spans[i].end - sn->spans[i].start) |
              add(o, "</mark>");
        at = sn->spans[i].end;
    }
    return rc | gz_html_text(o, text + at) | add(o, "</p>");
}

/* Under a hit: its story's other copies, and articles related to it. */
static int story_links(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                       const gz_hit *h)
{
    const char *id = json_string_value(json_object_get(h->doc, "id"));
    gz_cgi_request base = {.q = "", .page = 1, .n = 10};
    gz_strbuf url = GZ_STRBUF_INIT;
    char q[sizeof h->story + 16], label[64];
    int rc = add(o, "<p class=\"more\">");
    /* in the list of the story itself, no link to that very list */
    if (h->similar && gz_story_query(h->story, q, sizeof q) && strcmp(r->q, q) != 0) {
        snprintf(label, sizeof label, "%lu similar article%s", h->similar, h->similar == 1 ? "" : "s");
        base.q = q;
        rc |= gz_cgi_url(&url, script, &base, GZ_URL_SAME, NULL, NULL) | link_open(o, &url, "") |
              add(o, label) | add(o, "</a> \xC2\xB7 ");
        base.q = "";
        gz_strbuf_reset(&url);
    }
    if (id) {
        base.like = (char *)id;
        rc |= gz_cgi_url(&url, script, &base, GZ_URL_SAME, NULL, NULL) | link_open(o, &url, "") |
              add(o, "Related articles</a>");
    }
    gz_strbuf_release(&url);
    return rc | add(o, "</p>");
}

/* A link to the original, when it has one on the web. */
static const char *web_url(json_t *doc)
{
    const char *url = json_string_value(json_object_get(doc, "url"));
    return gz_cgi_web_url(url) ? url : NULL;
}

/* The article view's URL: this search's state, that article. */
static int view_url(gz_strbuf *out, const char *script, const gz_cgi_request *r, json_t *doc)
{
    gz_cgi_request view = *r;
    view.id = (char *)json_string_value(json_object_get(doc, "id"));
    view.page = 1;
    return view.id ? gz_cgi_url(out, script, &view, GZ_URL_SAME, NULL, NULL) : -1;
}

/* A hit's headline opens the article view, unless the article has an
 * original on the web: then the headline goes there and "Read here" opens
 * the view. */
static int hit_title(gz_strbuf *o, const char *script, const gz_cgi_request *r, json_t *doc,
                     gz_strbuf *view)
{
    const char *url = web_url(doc);
    gz_strbuf_reset(view);
    int rc = view_url(view, script, r, doc) | add(o, "<h2>");
    if (url)
        rc |= add(o, "<a href=\"") | gz_html_text(o, url) | add(o, "\">");
    else
        rc |= link_open(o, view, "");
    return rc | gz_html_text(o, json_string_value(json_object_get(doc, "title"))) |
           add(o, "</a></h2>");
}

static int hits_html(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                     const gz_search_result *res, gz_searcher_labels labels, void *ctx)
{
    char start[32];
    snprintf(start, sizeof start, "%u", (r->page - 1) * r->n + 1);
    int rc = add(o, "<ol class=\"hits\" start=\"") | add(o, start) | add(o, "\">");
    gz_strbuf view = GZ_STRBUF_INIT;
    for (size_t i = 0; i < res->nhits; i++) {
        json_t *doc = res->hits[i].doc;
        const char *date = json_string_value(json_object_get(doc, "date"));
        rc |= add(o, "<li class=\"hit\">") | hit_title(o, script, r, doc, &view) |
              add(o, "<p class=\"meta\">");
        if (web_url(doc))
            rc |= link_open(o, &view, " class=\"read\"") | add(o, "Read here</a> ");
        if (date)
            rc |= add(o, "<time datetime=\"") | gz_html_text(o, date) | add(o, "\">") |
                  gz_html_text(o, date) | add(o, "</time> ");
        rc |= source_chip(o, script, r, doc);
        rc |= chips(o, script, r, json_object_get(doc, "countries"), "country", " class=\"chip\"",
                    labels, ctx);
        rc |= chips(o, script, r, json_object_get(doc, "people"), "person", " class=\"chip person\"",
                    NULL, NULL);
        rc |= add(o, "</p>") | snippet_html(o, &res->hits[i].snippet) |
              story_links(o, script, r, &res->hits[i]) | add(o, "</li>");
    }
    gz_strbuf_release(&view);
    return rc | add(o, "</ol>");
}

/* Nothing found: what would find something, and what the archive holds. */
static int nothing_found(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                         const gz_search_result *res)
{
    int rc = add(o, "<div class=\"nothing\">");
    gz_strbuf url = GZ_STRBUF_INIT;
    if (res->nrelaxed)
        rc |= add(o, "<p>These would find articles:</p><ul>");
    for (size_t i = 0; i < res->nrelaxed; i++) {
        /* the filter off (the dates: both ends) */
        gz_cgi_request w = *r;
        int typed = res->relaxed[i].query != NULL;     /* in the query: the query without it */
        int date = typed || !strcmp(res->relaxed[i].field, "date");
        if (typed)
            w.q = res->relaxed[i].query;
        else if (date)
            w.from = w.to = NULL;
        char n[64];
        snprintf(n, sizeof n, " \xE2\x86\x92 %lu article%s", res->relaxed[i].total,
                 res->relaxed[i].total == 1 ? "" : "s");
        gz_strbuf_reset(&url);
        rc |= (date ? gz_cgi_url(&url, script, &w, GZ_URL_SET, "page", "1")
                    : gz_cgi_url(&url, script, &w, GZ_URL_REMOVE, res->relaxed[i].field,
                                 res->relaxed[i].value)) | add(o, "<li>") |
              link_open(o, &url, "") | add(o, "remove \xE2\x80\x9C") |
              add(o, res->relaxed[i].field) | add(o, ": ") | gz_html_text(o, res->relaxed[i].value) |
              add(o, "\xE2\x80\x9D</a>") | add(o, n) | add(o, "</li>");
    }
    if (res->nrelaxed)
        rc |= add(o, "</ul>");
    gz_strbuf_release(&url);
    if (res->archive_documents) {
        char holds[160];
        snprintf(holds, sizeof holds, "The archive holds %lu articles, from %s to %s",
                 res->archive_documents, res->archive_first, res->archive_last);
        rc |= add(o, "<p>") | add(o, holds);
        for (size_t i = 0; i < res->archive_sources.n; i++)
            rc |= add(o, i ? ", " : "; sources: ") |
                  gz_html_text(o, res->archive_sources.values[i].label);
        rc |= add(o, ".</p>");
    }
    return rc | add(o, "</div>");
}

/* This search to take away: every article as CSV or JSON Lines, and a
 * feed of what is new. */
static int export_links(gz_strbuf *o, const char *script, const gz_cgi_request *r)
{
    static const char *const formats[][2] = {
        {"csv", "CSV"}, {"jsonl", "JSON Lines"}, {"atom", "Atom feed"}};
    gz_strbuf url = GZ_STRBUF_INIT;
    int rc = add(o, "<p class=\"export\">Take away: ");
    for (size_t f = 0; f < 3; f++) {
        gz_strbuf_reset(&url);
        rc |= gz_cgi_url(&url, script, r, GZ_URL_SET, "page", "1");
        rc |= gz_strbuf_addstr(&url, strchr(gz_strbuf_str(&url), '?') ? "&format=" : "?format=") |
              gz_strbuf_addstr(&url, formats[f][0]);
        rc |= (f ? add(o, " \xC2\xB7 ") : 0) | link_open(o, &url, "") | add(o, formats[f][1]) |
              add(o, "</a>");
    }
    gz_strbuf_release(&url);
    return rc | add(o, "</p>");
}

/* The whole text, its paragraphs as <p>, the search's words marked. */
static int view_text(gz_strbuf *o, const gz_snippet *sn)
{
    const char *text = gz_strbuf_str(&sn->text);
    size_t len = strlen(text), span = 0;
    int rc = add(o, "<div class=\"text\"><p>");
    for (size_t at = 0; at < len;) {
        if (span < sn->nspans && at == sn->spans[span].start) {
            size_t n = sn->spans[span].end - at;
            rc |= add(o, "<mark>") | gz_html_textn(o, text + at, n) | add(o, "</mark>");
            at += n;
            span++;
            continue;
        }
        size_t next = span < sn->nspans ? sn->spans[span].start : len;
        const char *brk = strstr(text + at, "\n\n");
        size_t stop = brk && (size_t)(brk - text) < next ? (size_t)(brk - text) : next;
        rc |= gz_html_textn(o, text + at, stop - at);
        at = stop;
        if (brk && at == (size_t)(brk - text)) {
            rc |= add(o, "</p><p>");
            at += 2;
        }
    }
    return rc | add(o, "</p></div>");
}

/* The article view: headline, date, source, entities as filter links, a
 * link to the original, the whole text with the search's words marked,
 * the other copies of its story and related articles. */
static int article_view(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                        const gz_hit *h, gz_searcher_labels labels, void *ctx)
{
    json_t *doc = h->doc;
    const char *url = web_url(doc), *date = json_string_value(json_object_get(doc, "date"));
    gz_strbuf back = GZ_STRBUF_INIT;
    int rc = gz_cgi_url(&back, script, r, GZ_URL_REMOVE, "id", r->id) |
             add(o, "<p class=\"back\">") | link_open(o, &back, "") |
             add(o, "\xE2\x80\xB9 Back to the results</a></p><article class=\"view\"><h1>") |
             gz_html_text(o, json_string_value(json_object_get(doc, "title"))) |
             add(o, "</h1><p class=\"meta\">");
    gz_strbuf_release(&back);
    if (date)
        rc |= add(o, "<time datetime=\"") | gz_html_text(o, date) | add(o, "\">") |
              gz_html_text(o, date) | add(o, "</time> ");
    gz_cgi_request search = *r;     /* a filter goes back to the results, filtered */
    search.id = NULL;
    rc |= source_chip(o, script, &search, doc) |
          chips(o, script, &search, json_object_get(doc, "countries"), "country",
                " class=\"chip\"", labels, ctx) |
          chips(o, script, &search, json_object_get(doc, "people"), "person",
                " class=\"chip person\"", NULL, NULL) |
          chips(o, script, &search, json_object_get(doc, "orgs"), "org", " class=\"chip org\"",
                NULL, NULL);
    if (url)
        rc |= add(o, " <a class=\"original\" href=\"") | gz_html_text(o, url) |
              add(o, "\">Read it at the source</a>");
    return rc | add(o, "</p>") | view_text(o, &h->snippet) | story_links(o, script, r, h) |
           add(o, "</article>");
}

static int pages_html(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                      const gz_search_result *res)
{
    unsigned long pages = (res->total + r->n - 1) / r->n;
    if (pages > GZ_CGI_MAX_PAGE)
        pages = GZ_CGI_MAX_PAGE;
    if (pages <= 1)
        return 0;
    int rc = add(o, "<nav class=\"pages\" aria-label=\"Result pages\">");
    gz_strbuf url = GZ_STRBUF_INIT;
    unsigned long lo = r->page > PAGE_LINKS ? r->page - PAGE_LINKS : 1;
    unsigned long hi = r->page + PAGE_LINKS < pages ? r->page + PAGE_LINKS : pages;
    char num[32];
    if (r->page > 1) {
        snprintf(num, sizeof num, "%u", r->page - 1);
        rc |= gz_cgi_url(&url, script, r, GZ_URL_SET, "page", num);
        rc |= link_open(o, &url, " rel=\"prev\"") | add(o, "\xE2\x80\xB9 Previous</a>");
    }
    for (unsigned long p = lo; p <= hi; p++) {
        snprintf(num, sizeof num, "%lu", p);
        if (p == r->page) {
            rc |= add(o, "<span aria-current=\"page\">") | add(o, num) | add(o, "</span>");
            continue;
        }
        gz_strbuf_reset(&url);
        rc |= gz_cgi_url(&url, script, r, GZ_URL_SET, "page", num);
        rc |= link_open(o, &url, "") | add(o, num) | add(o, "</a>");
    }
    if (r->page < pages) {
        snprintf(num, sizeof num, "%u", r->page + 1);
        gz_strbuf_reset(&url);
        rc |= gz_cgi_url(&url, script, r, GZ_URL_SET, "page", num);
        rc |= link_open(o, &url, " rel=\"next\"") | add(o, "Next \xE2\x80\xBA</a>");
    }
    gz_strbuf_release(&url);
    return rc | add(o, "</nav>");
}

/* Under a facet's list: "Show more" when it was cut, and a field to find
 * any value by name (a plain form: the page has no script), offered the
 * values listed. */
static int facet_more(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                      const gz_facet_list *l, const char *title, const char *name)
{
    int rc = 0;
    if (!r->more && l->n >= 12) {
        gz_strbuf url = GZ_STRBUF_INIT;
        rc |= gz_cgi_url(&url, script, r, GZ_URL_SET, "more", "1") | add(o, "<p class=\"more\">") |
              link_open(o, &url, "") | add(o, "Show more ") | add(o, title) | add(o, "</a></p>");
        gz_strbuf_release(&url);
    }
    if (strcmp(name, "country") == 0)
        return rc;      /* a country is found by code or name in the query: country:KP */
    rc |= add(o, "<form class=\"find\" method=\"get\" action=\"") | gz_html_text(o, script) |
          add(o, "\"><label for=\"find-") | add(o, name) | add(o, "\">Find ") |
          add(o, !strcmp(name, "person") ? "a person" : !strcmp(name, "org") ? "an organisation"
                                                                              : "a source") |
          add(o, "</label> <input id=\"find-") | add(o, name) | add(o, "\" name=\"") | add(o, name) |
          add(o, "\" list=\"list-") | add(o, name) | add(o, "\" autocomplete=\"off\" required><datalist id=\"list-") |
          add(o, name) | add(o, "\">");
    for (size_t i = 0; i < l->n; i++)
        rc |= add(o, "<option value=\"") | gz_html_text(o, l->values[i].value) | add(o, "\">");
    rc |= add(o, "</datalist>") | gz_cgi_hidden_state(o, r, true, true) |
          (r->more ? gz_cgi_hidden(o, "more", "1") : 0) |
          add(o, "<button type=\"submit\">Add</button></form>");
    return rc;
}

static int facet_section(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                         const gz_facet_list *l, const char *title, const char *name,
                         char *const *active, size_t nactive)
{
    if (!l->n)
        return 0;
    int rc = add(o, "<section><h2>") | add(o, title) | add(o, "</h2><ul>");
    gz_strbuf url = GZ_STRBUF_INIT;
    for (size_t i = 0; i < l->n; i++) {
        const gz_facet_value *v = &l->values[i];
        int on = is_active(active, nactive, v->value);
        char n[32];
        snprintf(n, sizeof n, "%s%lu", v->exact ? "" : APPROX, v->count);
        gz_strbuf_reset(&url);
        rc |= gz_cgi_url(&url, script, r, on ? GZ_URL_REMOVE : GZ_URL_ADD, name, v->value);
        /* aria-current, not aria-pressed: Chromium passes no pressed
         * state of a link on to screen readers */
        rc |= add(o, "<li>") | link_open(o, &url, on ? " aria-current=\"true\"" : "") |
              add(o, "<span>") | gz_html_text(o, v->label) |
              (on ? add(o, "<span class=\"sr\"> (selected filter)</span>") : 0) |
              add(o, "</span><span class=\"n\">") | add(o, n) | add(o, "</span></a></li>");
    }
    gz_strbuf_release(&url);
    return rc | add(o, "</ul>") | facet_more(o, script, r, l, title, name) | add(o, "</section>");
}

gz_status gz_render_page(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                   const gz_search_result *res, gz_searcher_labels labels, void *ctx)
{
    /* A pasted text may be long: the title keeps its start, cut between
     * characters. */
    char title[TITLE_QUERY_BYTES + 32];
    size_t qlen = gz_utf8_cut(r->q, strlen(r->q), TITLE_QUERY_BYTES);
    snprintf(title, sizeof title, "%.*s%s%sGazette", (int)qlen, r->q,
             qlen < strlen(r->q) ? "\xE2\x80\xA6" : "", *r->q ? " \xE2\x80\x93 " : "");
    /* on a phone the filters come after every hit: a way there first */
    int rc = page_head(o, title) |
             (res && !r->id ? add(o, "<nav class=\"jumps\" aria-label=\"Jump to\"><a href=\"#results\">"
                                     "Skip to the results</a> <a href=\"#filters\">Filters</a></nav>")
                            : 0) |
             search_form(o, script, r) |
             add(o, "<div class=\"layout\"><main id=\"results\">") |
             active_filters(o, script, r, labels, ctx);
    if (!res) {
        rc |= add(o, "<p>Search the archive by words, <q>phrases</q>, <code>country:KP</code>, "
                     "<code>person:&quot;Kim Song-nam&quot;</code>, <code>org:ASEAN</code> or "
                     "<code>date:2024-03</code>.</p></main></div></body></html>\n");
        return rc;
    }
    if (res->notice)
        rc |= add(o, "<p class=\"notice\" role=\"note\">") | gz_html_text(o, res->notice) |
              add(o, "</p>");
    if (res->nfailed) {
        /* which shards is for the server's log; the reader needs to know
         * that the list is incomplete */
        char partial[160];
        snprintf(partial, sizeof partial, "Part of the archive did not answer (%zu shard%s): "
                 "these results may be incomplete.", res->nfailed, res->nfailed == 1 ? "" : "s");
        rc |= add(o, "<p class=\"notice partial\" role=\"alert\">") | gz_html_text(o, partial) |
              add(o, "</p>");
    }
    if (r->id && res->nhits)
        return rc | article_view(o, script, r, &res->hits[0], labels, ctx) |
               add(o, "</main></div></body></html>\n");
    if (res->suggestion) {
        gz_cgi_request fixed = *r;
        fixed.q = res->suggestion;
        gz_strbuf url = GZ_STRBUF_INIT;
        rc |= gz_cgi_url(&url, script, &fixed, GZ_URL_SET, "page", "1");
        rc |= add(o, "<p>Did you mean ") | link_open(o, &url, "") | gz_html_text(o, res->suggestion) |
              add(o, "</a>?</p>");
        gz_strbuf_release(&url);
    }
    char count[160];
    /* One result per story: say so, and how many articles that is, which is
     * what a facet's count (articles) promises. */
    if (gz_search_result_counts_stories(res) && res->articles > res->total)
        snprintf(count, sizeof count, "%s%lu stor%s (%s%lu articles)",
                 res->total_exact ? "" : "about ", res->total, res->total == 1 ? "y" : "ies",
                 res->total_exact ? "" : "about ", res->articles);
    else if (gz_search_result_counts_stories(res))
        snprintf(count, sizeof count, "%s%lu stor%s", res->total_exact ? "" : "about ", res->total,
                 res->total == 1 ? "y" : "ies");
    else
        snprintf(count, sizeof count, "%s%lu article%s", res->total_exact ? "" : "about ", res->total,
                 res->total == 1 ? "" : "s");
    /* a view of one article's kin names it by its headline */
    if (r->like)
        rc |= add(o, "<p class=\"notice\" role=\"note\">Articles related to \xE2\x80\x9C") |
              gz_html_text(o, res->about ? res->about : r->like) |
              add(o, "\xE2\x80\x9D, its own story left out</p>");
    else if (!strncmp(r->q, "story:", 6) && res->nhits)
        rc |= add(o, "<p class=\"notice\" role=\"note\">Every copy of the story \xE2\x80\x9C") |
              gz_html_text(o, json_string_value(json_object_get(res->hits[0].doc, "title"))) |
              add(o, "\xE2\x80\x9D</p>");
    /* Counts over a sample of a huge match set are marked as estimates. */
    /* Expansion reorders by related words (docs/design/ranking.md); a reader
     * may want the typed words alone. */
    gz_strbuf toggle = GZ_STRBUF_INIT;
    rc |= add(o, "<p class=\"count\" role=\"status\">") | add(o, count);
    if (res->expanded || r->plain) {
        rc |= gz_cgi_url(&toggle, script, r, GZ_URL_SET, "expand", r->plain ? "1" : "0");
        rc |= add(o, " \xC2\xB7 ") | link_open(o, &toggle, "") |
              add(o, r->plain ? "rank with related words too" : "rank by your words only") |
              add(o, "</a>");
    }
    rc |= add(o, "</p>") | (res->total ? export_links(o, script, r) : nothing_found(o, script, r, res)) |
          gz_render_timeline(o, script, r, &res->facets[GZ_FACET_MONTH]);
    gz_strbuf_release(&toggle);
    rc |= hits_html(o, script, r, res, labels, ctx) | pages_html(o, script, r, res) |
          add(o, "</main><aside id=\"filters\" aria-label=\"Refine results\">") |
          (!res->facets_exact ? add(o, "<p class=\"count\">" APPROX " counts are estimated from a "
                                       "sample of the matches.</p>") : 0) |
          facet_section(o, script, r, &res->facets[GZ_FACET_COUNTRY], "Countries", "country",
                        r->countries, r->ncountries) |
          facet_section(o, script, r, &res->facets[GZ_FACET_PERSON], "People", "person",
                        r->people, r->npeople) |
          facet_section(o, script, r, &res->facets[GZ_FACET_ORG], "Organisations", "org",
                        r->orgs, r->norgs) |
          facet_section(o, script, r, &res->facets[GZ_FACET_SOURCE], "Sources", "source",
                        r->sources, r->nsources) |
          add(o, "</aside></div></body></html>\n");
    return rc;
}

gz_status gz_render_error_page(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                         int status, const char *message)
{
    char title[64];
    snprintf(title, sizeof title, "%d \xE2\x80\x93 Gazette", status);
    gz_cgi_request empty = {.q = r && r->q ? r->q : "", .page = 1, .n = 10};
    return page_head(o, title) | search_form(o, script, &empty) |
           add(o, "<div class=\"layout\"><main><div class=\"error\" role=\"alert\"><h2>") |
           add(o, status == 400 ? "This search could not be understood"
                  : status == 503 ? "Search is not available right now" : "Something went wrong") |
           add(o, "</h2><p>") | gz_html_text(o, message) |
           add(o, "</p><p><a href=\"") | gz_html_text(o, script) |
           add(o, "\">Start a new search</a></p></div></main></div></body></html>\n");
}
