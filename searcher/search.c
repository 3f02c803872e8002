/*
 * search.c - the search library of search.h.
 */
#include "search.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "query.h"
#include "schema.h"

struct gz_searcher {
    gz_xap_reader *reader;
    gz_analyzer *analyzer;
};

gz_status gz_searcher_open(const char *path, gz_searcher **out, char *err, size_t errlen)
{
    *out = NULL;
    gz_searcher *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return GZ_ERR_NOMEM;
    }
    char xerr[GZ_XAP_ERRMAX];
    gz_status st = gz_xap_reader_open(path, &s->reader, xerr);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", path, xerr);
        free(s);
        return st;
    }
    char *language = NULL;
    st = gz_xap_reader_get_metadata(s->reader, GZ_META_LANGUAGE, &language);
    if (st == GZ_OK && !language) {
        snprintf(err, errlen, "%s: not a Gazette index (no %s metadata)", path, GZ_META_LANGUAGE);
        st = GZ_ERR_INVALID;
    } else if (st == GZ_OK && !(s->analyzer = gz_analyzer_new(language))) {
        snprintf(err, errlen, "%s: index language '%s' is not supported here", path, language);
        st = GZ_ERR_INVALID;
    } else if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", path, gz_xap_reader_last_error(s->reader));
    }
    free(language);
    if (st != GZ_OK) {
        gz_searcher_close(s);
        return st;
    }
    *out = s;
    return GZ_OK;
}

void gz_searcher_close(gz_searcher *s)
{
    if (!s)
        return;
    gz_xap_reader_close(s->reader);
    gz_analyzer_free(s->analyzer);
    free(s);
}

const char *gz_searcher_language(const gz_searcher *s)
{
    return gz_analyzer_language(s->analyzer);
}

static const char *member(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* Decodes each hit's stored JSON; the decoded objects live in an array
 * that res->owner keeps. */
static gz_status fill_hits(gz_xap_results *xr, gz_search_result *res)
{
    size_t n = gz_xap_results_size(xr);
    json_t *docs = json_array();
    res->hits = calloc(n ? n : 1, sizeof *res->hits);
    if (!docs || !res->hits) {
        json_decref(docs);
        return GZ_ERR_NOMEM;
    }
    res->owner = docs;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *data = gz_xap_results_data(xr, i, &len);
        json_t *doc = json_loadb(data, len, 0, NULL);
        if (!json_is_object(doc)) {
            json_decref(doc);
            return GZ_ERR_CORRUPT;
        }
        json_array_append_new(docs, doc);
        gz_hit *h = &res->hits[res->nhits++];
        h->id = member(doc, "id");
        h->date = member(doc, "date");
        h->title = member(doc, "title");
        h->body = member(doc, "body");
        h->url = member(doc, "url");
        h->source = member(doc, "source");
        h->score = gz_xap_results_score(xr, i);
    }
    return GZ_OK;
}

gz_status gz_searcher_run(gz_searcher *s, const gz_search_request *req,
                          gz_search_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    gz_xap_query *q = gz_query_parse(s->analyzer, req->query, err, errlen);
    if (!q)
        return GZ_ERR_INVALID;
    gz_xap_search_opts opts = {
        .first = req->offset, .count = req->limit,
        .bm25_k1 = req->bm25_k1, .bm25_b = req->bm25_b,
        .sort = req->sort, .sort_slot = GZ_SLOT_DATE,
        .check_at_least = 0,
    };
    gz_xap_results *xr = NULL;
    gz_status st = gz_xap_search(s->reader, q, &opts, &xr);
    gz_xap_query_free(q);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s", gz_xap_reader_last_error(s->reader));
        return st;
    }
    res->total = gz_xap_results_total(xr, &res->total_exact);
    st = fill_hits(xr, res);
    gz_xap_results_free(xr);
    if (st != GZ_OK) {
        snprintf(err, errlen, st == GZ_ERR_CORRUPT ? "stored article data is damaged" : "out of memory");
        gz_search_result_release(res);
    }
    return st;
}

void gz_search_result_release(gz_search_result *res)
{
    json_decref(res->owner);
    free(res->hits);
    memset(res, 0, sizeof *res);
}
