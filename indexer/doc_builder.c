/*
 * doc_builder.c - article -> Xapian document (doc_builder.h).
 *
 * Title words are indexed twice: unprefixed (so plain queries match them,
 * unless the title was only cut from the body, which already has them) and
 * with prefix S for title: queries.  Body positions start GZ_FIELD_GAP past
 * the title so no phrase spans the two fields.
 */
#include "doc_builder.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

struct gz_doc_builder {
    gz_analyzer *analyzer;
};

struct posting_ctx {
    gz_xap_doc *doc;
    int with_title_prefix;
    int unprefixed;
    gz_status status;
};

gz_doc_builder *gz_doc_builder_new(const char *language)
{
    gz_doc_builder *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    if (!(b->analyzer = gz_analyzer_new(language))) {
        free(b);
        return NULL;
    }
    return b;
}

void gz_doc_builder_free(gz_doc_builder *b)
{
    if (!b)
        return;
    gz_analyzer_free(b->analyzer);
    free(b);
}

size_t gz_id_term(const char *id, char *buf, size_t cap)
{
    size_t n = strlen(id);
    if (n == 0 || n + 1 > GZ_XAP_MAX_TERM || n + 2 > cap)
        return 0;
    buf[0] = GZ_PREFIX_ID[0];
    memcpy(buf + 1, id, n + 1);
    return n + 1;
}

static int add_token(void *vctx, const gz_token *tok)
{
    struct posting_ctx *ctx = vctx;
    if (ctx->unprefixed)
        ctx->status = gz_xap_doc_add_posting(ctx->doc, tok->term, tok->term_len, tok->pos, 1);
    if (ctx->status == GZ_OK && ctx->with_title_prefix) {
        char term[GZ_MAX_WORD * 2 + 2];
        term[0] = GZ_PREFIX_TITLE[0];
        memcpy(term + 1, tok->term, tok->term_len);
        ctx->status = gz_xap_doc_add_posting(ctx->doc, term, tok->term_len + 1, tok->pos, 1);
    }
    return ctx->status != GZ_OK;
}

static gz_status add_date(gz_xap_doc *doc, const char *date)
{
    /* date is YYYY-MM-DD, validated by the reader */
    char ymd[9] = {date[0], date[1], date[2], date[3], date[5], date[6], date[8], date[9], 0};
    char term[16];
    gz_status st = gz_xap_doc_set_value(doc, GZ_SLOT_DATE, ymd, 8);
    term[0] = GZ_PREFIX_DAY[0];
    memcpy(term + 1, ymd, 9);
    if (st == GZ_OK)
        st = gz_xap_doc_add_boolean(doc, term, 9);
    term[0] = GZ_PREFIX_MONTH[0];
    if (st == GZ_OK)
        st = gz_xap_doc_add_boolean(doc, term, 7);
    term[0] = GZ_PREFIX_YEAR[0];
    if (st == GZ_OK)
        st = gz_xap_doc_add_boolean(doc, term, 5);
    return st;
}

static gz_status set_data(gz_xap_doc *doc, const gz_article *a)
{
    json_t *obj = json_object();
    if (!obj)
        return GZ_ERR_NOMEM;
    int fail = json_object_set_new(obj, "id", json_string(a->id)) ||
               json_object_set_new(obj, "date", json_string(a->date)) ||
               json_object_set_new(obj, "title", json_string(a->title)) ||
               json_object_set_new(obj, "body", json_string(a->body)) ||
               (a->url && json_object_set_new(obj, "url", json_string(a->url))) ||
               (a->source && json_object_set_new(obj, "source", json_string(a->source)));
    char *text = fail ? NULL : json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    if (!text)
        return GZ_ERR_NOMEM;
    gz_status st = gz_xap_doc_set_data(doc, text, strlen(text));
    free(text);
    return st;
}

gz_status gz_doc_build(gz_doc_builder *b, const gz_article *a, gz_xap_doc *doc)
{
    gz_xap_doc_clear(doc);
    struct posting_ctx ctx = {doc, 1, !a->title_derived, GZ_OK};
    unsigned next = 1;
    gz_analyzer_run(b->analyzer, a->title, strlen(a->title), 1, add_token, &ctx, &next);
    if (ctx.status != GZ_OK)
        return ctx.status;
    ctx.with_title_prefix = 0;
    ctx.unprefixed = 1;
    gz_analyzer_run(b->analyzer, a->body, strlen(a->body), next + GZ_FIELD_GAP,
                    add_token, &ctx, NULL);
    if (ctx.status != GZ_OK)
        return ctx.status;
    gz_status st = add_date(doc, a->date);
    return st == GZ_OK ? set_data(doc, a) : st;
}
