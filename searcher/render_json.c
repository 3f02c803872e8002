/*
 * render_json.c - a search result as the documented JSON object, shared by
 * gazette-search --json and gazette.cgi's format=json:
 *
 * {"query", "total", "total_exact", "offset",
 *  "collapsed": true when hits and total count stories (one hit each, the
 *                best-ranked copy; facets still count articles),
 *  "hits": [{"id", "rank", "score", "date", "title", "url", "source", "countries",
 *            "people", "orgs", "snippet", "highlights": [[start, end], ...],
 *            "story": its story key (story:KEY lists the story) or null,
 *            "similar": the story's other articles in the archive}],
 *  "facets": {"country": [{"value", "label", "count", "exact"}], "person": [...],
 *             "org": [...], "month": [{"value": "2024-03", "count", "exact"}]}
 *            or null; "exact": false for a count estimated from a sample,
 *  "facets_exact": false when some displayed count is such an estimate
 *                  (null without facets),
 *  "suggestion": string or null (only a correction that finds articles),
 *  when nothing is found: "without_filter": [{"filter", "value", "total"}]
 *  (what the search finds without each filter that finds something) and
 *  "archive": {"documents", "first_date", "last_date", "sources"},
 *  "notice": how the query was understood when not as typed, or null,
 *  "partial": true when some shards did not answer (the rest is from the
 *             others), "failed_shards": [{"shard": "host:port", "error"}]}
 *
 * Highlight offsets count Unicode code points of "snippet", end exclusive.
 */
#include <string.h>

#include "render_json.h"

static size_t code_points(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static json_t *copy_or(json_t *doc, const char *key, json_t *fallback)
{
    json_t *v = json_object_get(doc, key);
    if (v) {
        json_decref(fallback);
        return json_deep_copy(v);
    }
    return fallback;
}

static json_t *hit_json(const gz_hit *h, size_t rank)
{
    json_t *o = json_object();
    const char *snip = gz_strbuf_str(&h->snippet.text);
    json_t *spans = json_array();
    for (size_t i = 0; i < h->snippet.nspans; i++) {
        size_t a = code_points(snip, h->snippet.spans[i].start);
        size_t b = code_points(snip, h->snippet.spans[i].end);
        json_array_append_new(spans, json_pack("[II]", (json_int_t)a, (json_int_t)b));
    }
    json_object_set_new(o, "id", copy_or(h->doc, "id", json_null()));
    json_object_set_new(o, "rank", json_integer((json_int_t)rank));
    json_object_set_new(o, "score", json_real(h->score));
    json_object_set_new(o, "date", copy_or(h->doc, "date", json_null()));
    json_object_set_new(o, "title", copy_or(h->doc, "title", json_string("")));
    json_object_set_new(o, "url", copy_or(h->doc, "url", json_null()));
    json_object_set_new(o, "source", copy_or(h->doc, "source", json_null()));
    json_object_set_new(o, "countries", copy_or(h->doc, "countries", json_array()));
    json_object_set_new(o, "people", copy_or(h->doc, "people", json_array()));
    json_object_set_new(o, "orgs", copy_or(h->doc, "orgs", json_array()));
    json_object_set_new(o, "snippet", json_string(snip));
    json_object_set_new(o, "highlights", spans);
    json_object_set_new(o, "story", h->story[0] ? json_string(h->story) : json_null());
    json_object_set_new(o, "similar", json_integer((json_int_t)h->similar));
    return o;
}

static json_t *facet_json(const gz_facet_list *l, int with_label)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const gz_facet_value *v = &l->values[i];
        json_t *o = json_pack("{s:s,s:I,s:b}", "value", v->value, "count", (json_int_t)v->count,
                              "exact", v->exact);
        if (with_label)
            json_object_set_new(o, "label", json_string(v->label));
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *gz_result_to_json(const gz_search_request *req, const gz_search_result *res)
{
    json_t *o = json_object();
    json_object_set_new(o, "query", json_string(res->query ? res->query : req->query ? req->query : ""));
    json_object_set_new(o, "notice", res->notice ? json_string(res->notice) : json_null());
    json_object_set_new(o, "total", json_integer((json_int_t)res->total));
    json_object_set_new(o, "total_exact", json_boolean(res->total_exact));
    json_object_set_new(o, "offset", json_integer((json_int_t)req->offset));
    json_object_set_new(o, "collapsed", json_boolean(res->collapsed));
    json_t *hits = json_array();
    for (size_t i = 0; i < res->nhits; i++)
        json_array_append_new(hits, hit_json(&res->hits[i], req->offset + i + 1));
    json_object_set_new(o, "hits", hits);
    json_t *facets = json_null();
    if (res->has_facets) {
        facets = json_object();
        for (int f = 0; f < GZ_NFACETS; f++)
            if (!req->facet_mask || (req->facet_mask & (1u << f)))
                json_object_set_new(facets, gz_facet_names[f], facet_json(&res->facets[f], f != GZ_FACET_MONTH));
    }
    json_object_set_new(o, "facets", facets);
    json_object_set_new(o, "facets_exact", res->has_facets ? json_boolean(res->facets_exact) : json_null());
    json_object_set_new(o, "suggestion", res->suggestion ? json_string(res->suggestion) : json_null());
    if (res->archive_documents || res->nrelaxed) {   /* nothing found: what would help */
        json_t *without = json_array();
        for (size_t i = 0; i < res->nrelaxed; i++)
            json_array_append_new(without, json_pack("{s:s,s:s,s:I}", "filter", res->relaxed[i].field,
                                                     "value", res->relaxed[i].value, "total",
                                                     (json_int_t)res->relaxed[i].total));
        json_object_set_new(o, "without_filter", without);
        json_object_set_new(o, "archive", json_pack("{s:I,s:s,s:s,s:o}", "documents",
                                                     (json_int_t)res->archive_documents, "first_date",
                                                     res->archive_first, "last_date", res->archive_last,
                                                     "sources", facet_json(&res->archive_sources, 1)));
    }
    json_object_set_new(o, "partial", json_boolean(res->nfailed > 0));
    json_t *failed = json_array();
    for (size_t i = 0; i < res->nfailed; i++)
        json_array_append_new(failed, json_pack("{s:s,s:s}", "shard", res->failed[i].shard,
                                                "error", res->failed[i].error));
    json_object_set_new(o, "failed_shards", failed);
    return o;
}
