/*
 * render_export.c - CSV, JSON Lines and Atom of a search (render_export.h).
 */
#include "render_export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cgi.h"

static const char *field(json_t *doc, const char *key)
{
    const char *s = json_string_value(json_object_get(doc, key));
    return s ? s : "";
}

/* A CSV field: quoted, its quotes doubled (RFC 4180). */
static gz_status csv_field(gz_strbuf *out, const char *s, int last)
{
    gz_status st = gz_strbuf_addch(out, '"');
    for (; *s && st == GZ_OK; s++)
        st = *s == '"' ? gz_strbuf_add(out, "\"\"", 2) : gz_strbuf_addch(out, *s);
    if (st == GZ_OK)
        st = gz_strbuf_addstr(out, last ? "\"\r\n" : "\",");
    return st;
}

static gz_status csv_list(gz_strbuf *out, json_t *list, int last)
{
    gz_strbuf joined = GZ_STRBUF_INIT;
    size_t i;
    json_t *v;
    gz_status st = GZ_OK;
    json_array_foreach(list, i, v) if (st == GZ_OK && json_is_string(v))
        st = gz_strbuf_addf(&joined, "%s%s", i ? "; " : "", json_string_value(v));
    if (st == GZ_OK)
        st = csv_field(out, gz_strbuf_str(&joined), last);
    gz_strbuf_release(&joined);
    return st;
}

gz_status gz_export_csv_header(gz_strbuf *out)
{
    return gz_strbuf_addstr(out, "id,date,title,source,url,countries,people,orgs\r\n");
}

gz_status gz_export_csv_rows(gz_strbuf *out, const gz_search_result *res)
{
    static const char *const plain[] = {"id", "date", "title", "source", "url"};
    gz_status st = GZ_OK;
    for (size_t i = 0; i < res->nhits && st == GZ_OK; i++) {
        json_t *doc = res->hits[i].doc;
        for (size_t f = 0; f < 5 && st == GZ_OK; f++)
            st = csv_field(out, field(doc, plain[f]), 0);
        if (st == GZ_OK)
            st = csv_list(out, json_object_get(doc, "countries"), 0);
        if (st == GZ_OK)
            st = csv_list(out, json_object_get(doc, "people"), 0);
        if (st == GZ_OK)
            st = csv_list(out, json_object_get(doc, "orgs"), 1);
    }
    return st;
}

gz_status gz_export_jsonl_rows(gz_strbuf *out, const gz_search_result *res)
{
    static const char *const keys[] = {"id", "date", "title", "url", "source", "countries",
                                       "people", "orgs"};
    gz_status st = GZ_OK;
    for (size_t i = 0; i < res->nhits && st == GZ_OK; i++) {
        json_t *row = json_object();
        for (size_t k = 0; row && k < sizeof keys / sizeof keys[0]; k++) {
            json_t *v = json_object_get(res->hits[i].doc, keys[k]);
            if (json_object_set(row, keys[k], v ? v : json_null()) < 0) {
                json_decref(row);
                row = NULL;
            }
        }
        char *text = row ? json_dumps(row, JSON_COMPACT) : NULL;
        st = text ? gz_strbuf_addstr(out, text) : GZ_ERR_NOMEM;
        if (st == GZ_OK)
            st = gz_strbuf_addch(out, '\n');
        free(text);
        json_decref(row);
    }
    return st;
}

/* ---- Atom -------------------------------------------------------------- */

static gz_status element(gz_strbuf *out, const char *name, const char *text)
{
    return gz_strbuf_addf(out, "<%s>", name) | gz_html_text(out, text) |
           gz_strbuf_addf(out, "</%s>\n", name) ? GZ_ERR_NOMEM : GZ_OK;
}

/* An RFC 3339 timestamp of a YYYY-MM-DD date (midnight UTC), or now. */
static void timestamp(const char *date, char out[32])
{
    if (date && strlen(date) == 10) {
        snprintf(out, 32, "%sT00:00:00Z", date);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static gz_status entry(gz_strbuf *out, const gz_feed_links *links, const gz_hit *h)
{
    json_t *doc = h->doc;
    const char *url = field(doc, "url");
    int on_web = gz_cgi_web_url(url);
    gz_strbuf view = GZ_STRBUF_INIT;
    char updated[32];
    timestamp(json_string_value(json_object_get(doc, "date")), updated);
    int rc = gz_strbuf_addstr(&view, links->view_base) | gz_strbuf_addstr(&view, "id=") |
             gz_url_encode(&view, field(doc, "id"));
    rc |= gz_strbuf_addstr(out, "<entry>\n") | element(out, "id", gz_strbuf_str(&view)) |
          element(out, "title", field(doc, "title")) | element(out, "updated", updated) |
          gz_strbuf_addstr(out, "<link rel=\"alternate\" href=\"") |
          gz_html_text(out, on_web ? url : gz_strbuf_str(&view)) | gz_strbuf_addstr(out, "\"/>\n");
    if (*field(doc, "source"))
        rc |= gz_strbuf_addstr(out, "<author>") | element(out, "name", field(doc, "source")) |
              gz_strbuf_addstr(out, "</author>\n");
    rc |= element(out, "summary", gz_strbuf_str(&h->snippet.text)) | gz_strbuf_addstr(out, "</entry>\n");
    gz_strbuf_release(&view);
    return rc ? GZ_ERR_NOMEM : GZ_OK;
}

gz_status gz_render_atom(gz_strbuf *out, const char *title, const gz_feed_links *links,
                         const gz_search_result *res)
{
    char updated[32];
    timestamp(res->nhits ? json_string_value(json_object_get(res->hits[0].doc, "date")) : NULL,
              updated);
    int rc = gz_strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                   "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n") |
             element(out, "id", links->self) | element(out, "title", title) |
             element(out, "updated", updated) |
             gz_strbuf_addstr(out, "<link rel=\"self\" type=\"application/atom+xml\" href=\"") |
             gz_html_text(out, links->self) |
             gz_strbuf_addstr(out, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"") |
             gz_html_text(out, links->page) | gz_strbuf_addstr(out, "\"/>\n") |
             gz_strbuf_addstr(out, "<generator>Gazette</generator>\n");
    for (size_t i = 0; i < res->nhits && rc == 0; i++)
        rc |= entry(out, links, &res->hits[i]);
    rc |= gz_strbuf_addstr(out, "</feed>\n");
    return rc ? GZ_ERR_NOMEM : GZ_OK;
}
