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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name_map.h"
#include "schema.h"
#include "strbuf.h"
#include "hash.h"
#include "shingles.h"

#define WORDSET_SLOTS 4096   /* distinct words of one article; more are not kept */

struct gz_doc_builder {
    gz_analyzer *analyzer;
    gz_strbuf words;                  /* distinct words, NUL-separated */
    size_t nwords;
    uint32_t wordset[WORDSET_SLOTS];  /* offset+1 into words, 0 = empty */
    gz_extractor *extractor;    /* NULL: no entity facets */
    gz_entities entities;
    const gz_name_map *names;   /* the archive's (name_map.h) */
    gz_entity_list people_shown;
    gz_strbuf scratch;
    gz_strbuf scratch2;         /* a second value being built (sort keys) */
    gz_strbuf facets;           /* the combined facet value being built */
    gz_shingles shingles;       /* of headline and body, for near-copies */
    int no_stories;
};

struct posting_ctx {
    gz_doc_builder *b;
    gz_xap_doc *doc;
    int with_title_prefix;
    int unprefixed;
    int entity_field;       /* the extractor's field of these tokens; -1: none */
    gz_status status;
};

gz_status gz_doc_builder_new(const char *language, const gz_gazetteer *g, gz_doc_builder **out)
{
    *out = NULL;
    gz_doc_builder *b = calloc(1, sizeof *b);
    if (!b)
        return GZ_ERR_NOMEM;
    gz_status st = gz_analyzer_new(language, &b->analyzer);
    if (st == GZ_OK && g && !(b->extractor = gz_extractor_new(g)))
        st = GZ_ERR_NOMEM;
    if (st == GZ_OK && g)
        gz_analyzer_set_glue(b->analyzer, gz_gazetteer_glue(g));
    if (st != GZ_OK) {
        gz_doc_builder_free(b);
        return st;
    }
    *out = b;
    return GZ_OK;
}

void gz_doc_builder_set_stories(gz_doc_builder *b, int on)
{
    b->no_stories = !on;
}

void gz_doc_builder_set_names(gz_doc_builder *b, const gz_name_map *names)
{
    b->names = names;
}

void gz_doc_builder_free(gz_doc_builder *b)
{
    if (!b)
        return;
    gz_analyzer_free(b->analyzer);
    gz_extractor_free(b->extractor);
    gz_entities_release(&b->entities);
    gz_entity_list_release(&b->people_shown);
    gz_strbuf_release(&b->scratch);
    gz_strbuf_release(&b->scratch2);
    gz_strbuf_release(&b->facets);
    gz_strbuf_release(&b->words);
    gz_shingles_release(&b->shingles);
    free(b);
}

/* Remembers a word for the spelling dictionary, once per article. */
static void note_word(gz_doc_builder *b, const gz_token *tok)
{
    if ((tok->flags & (GZ_TOK_NUMBER | GZ_TOK_JOINED)) || tok->word_len < 3 ||
        b->nwords >= WORDSET_SLOTS / 2)
        return;
    uint32_t h = (uint32_t)gz_hash64(tok->word, tok->word_len, GZ_HASH_SEED);
    for (uint32_t i = h & (WORDSET_SLOTS - 1);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        uint32_t at = b->wordset[i];
        if (!at) {
            b->wordset[i] = (uint32_t)b->words.len + 1;
            if (gz_strbuf_add(&b->words, tok->word, tok->word_len + 1) == 0)
                b->nwords++;
            else
                b->wordset[i] = 0;
            return;
        }
        if (strcmp(b->words.buf + at - 1, tok->word) == 0)
            return;
    }
}

size_t gz_doc_builder_words(const gz_doc_builder *b, const char **words, size_t *len)
{
    *words = gz_strbuf_str(&b->words);
    *len = b->words.len;
    return b->nwords;
}

static int add_token(void *vctx, const gz_token *tok)
{
    struct posting_ctx *ctx = vctx;
    note_word(ctx->b, tok);
    if (ctx->entity_field >= 0)
        gz_extract_feed(ctx->b->extractor, ctx->entity_field, tok);
    if (ctx->unprefixed && !ctx->b->no_stories && !(tok->flags & GZ_TOK_JOINED) &&
        gz_shingles_add(&ctx->b->shingles, tok->word, tok->word_len, tok->flags & GZ_TOK_NUMBER) < 0)
        ctx->status = GZ_ERR_NOMEM;
    if (ctx->unprefixed && ctx->status == GZ_OK)
        ctx->status = gz_xap_doc_add_posting(ctx->doc, tok->term, tok->term_len, tok->pos, 1);
    if (ctx->status == GZ_OK && ctx->with_title_prefix) {
        char term[GZ_XAP_MAX_TERM + 1];
        size_t len = gz_schema_term(GZ_PREFIX_TITLE, tok->term, tok->term_len, term, sizeof term);
        if (len)
            ctx->status = gz_xap_doc_add_posting(ctx->doc, term, len, tok->pos, 1);
    }
    return ctx->status != GZ_OK;
}

/* An undated article gets no date value and no date terms: date filters
 * pass it over and date sorts put it last (search.c). */
static gz_status add_date(gz_xap_doc *doc, const char *ymd)
{
    char terms[3][16];
    size_t lens[3];
    if (!*ymd)
        return GZ_OK;
    gz_status st = gz_xap_doc_set_value(doc, GZ_SLOT_DATE, ymd, 8);
    if (st == GZ_OK && gz_schema_date_terms(ymd, terms, lens) < 0)
        st = GZ_ERR_INVALID;
    for (int k = 0; k < 3 && st == GZ_OK; k++)
        st = gz_xap_doc_add_boolean(doc, terms[k], lens[k]);
    return st;
}

static gz_status add_sort_keys(gz_doc_builder *b, gz_xap_doc *doc, const char *ymd,
                               const char *id)
{
    if (gz_schema_sort_keys(ymd, id, &b->scratch, &b->scratch2) < 0)
        return GZ_ERR_NOMEM;
    gz_status st = gz_xap_doc_set_value(doc, GZ_SLOT_NEWEST, gz_strbuf_str(&b->scratch),
                                        b->scratch.len);
    return st == GZ_OK ? gz_xap_doc_set_value(doc, GZ_SLOT_OLDEST, gz_strbuf_str(&b->scratch2),
                                              b->scratch2.len)
                       : st;
}

static json_t *string_array(const gz_entity_list *l)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < l->n; i++)
        if (json_array_append_new(arr, json_string(l->items[i])) < 0) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

/* One boolean term per name: prefix + the name (keyed: its key). */
static gz_status add_name_terms(gz_doc_builder *b, gz_xap_doc *doc, const gz_entity_list *l,
                                const char *prefix, int keyed)
{
    char key[GZ_XAP_MAX_TERM + 1], term[GZ_XAP_MAX_TERM + 1];
    gz_status st = GZ_OK;
    for (size_t i = 0; i < l->n && st == GZ_OK; i++) {
        const char *value = keyed ? key : l->items[i];
        size_t n = keyed ? gz_entity_key(b->analyzer, l->items[i], key, sizeof key) : strlen(value);
        size_t len = n ? gz_schema_term(prefix, value, n, term, sizeof term) : 0;
        if (len)
            st = gz_xap_doc_add_boolean(doc, term, len);
    }
    return st;
}

/* Boolean filter terms (none when prefix is NULL) and the packed facet
 * value of one entity list; the list also goes into the combined value
 * (b->facets). */
static gz_status add_facet(gz_doc_builder *b, gz_xap_doc *doc, const gz_entity_list *l,
                           const char *prefix, int keyed, unsigned slot)
{
    if (l->n == 0)
        return gz_schema_facets_append(&b->facets, "", 0, 0) < 0 ? GZ_ERR_NOMEM : GZ_OK;
    gz_status st = prefix ? add_name_terms(b, doc, l, prefix, keyed) : GZ_OK;
    if (st != GZ_OK)
        return st;
    if (gz_schema_pack_list(&b->scratch, l->items, l->n) < 0 ||
        gz_schema_facets_append(&b->facets, b->scratch.buf, b->scratch.len, 0) < 0)
        return GZ_ERR_NOMEM;
    return gz_xap_doc_set_value(doc, slot, b->scratch.buf, b->scratch.len);
}

/* The combined facet value (schema.h): the entity lists added so far (none
 * without entity extraction), the date as YYYYMMDD and the source. */
static gz_status set_facets_value(gz_doc_builder *b, gz_xap_doc *doc, const char *ymd,
                                  const char *source)
{
    for (int f = 0; !b->extractor && f < 3; f++)
        if (gz_schema_facets_append(&b->facets, "", 0, 0) < 0)
            return GZ_ERR_NOMEM;
    const char *src = source ? source : "";
    if (gz_schema_facets_append(&b->facets, ymd, strlen(ymd), 0) < 0 ||
        gz_schema_facets_append(&b->facets, src, strcspn(src, "\t\x1e"), 1) < 0)
        return GZ_ERR_NOMEM;
    return gz_xap_doc_set_value(doc, GZ_SLOT_FACETS, b->facets.buf, b->facets.len);
}

/* Where the article is from: its value (slot 9) and its filter term. */
static gz_status add_source(gz_doc_builder *b, gz_xap_doc *doc, const char *source)
{
    if (!source || !*source)
        return GZ_OK;
    char key[GZ_XAP_MAX_TERM], term[GZ_XAP_MAX_TERM + 8];
    size_t n = gz_entity_key(b->analyzer, source, key, sizeof key);
    size_t len = n ? gz_schema_term(GZ_PREFIX_SOURCE, key, n, term, sizeof term) : 0;
    gz_status st = len ? gz_xap_doc_add_boolean(doc, term, len) : GZ_OK;
    return st == GZ_OK ? gz_xap_doc_set_value(doc, GZ_SLOT_SOURCE, source, strlen(source)) : st;
}

/* A body-less headline's words that may be surnames join the names as
 * written, marked: the archive settles them like the rest. */
static int add_headline_names(gz_entity_list *written, const gz_entity_list *words)
{
    char name[GZ_MAX_WORD * 4 + 2];
    for (size_t i = 0; i < words->n; i++) {
        int n = snprintf(name, sizeof name, "%c%s", GZ_NAME_CANDIDATE, words->items[i]);
        if (n > 0 && (size_t)n < sizeof name && gz_entity_list_add(written, name) < 0)
            return -1;
    }
    return 0;
}

/* People as the archive shows them (name_map.h), and as the article
 * writes them: the votes, the means to show them otherwise later, and the
 * person terms, which follow the text alone (a search reads the map to
 * find the names a person is written as: searcher/person_keys.h), so that
 * a change of map never rewrites a term. */
static gz_status add_people(gz_doc_builder *b, gz_xap_doc *doc)
{
    static const gz_name_map no_map;
    const gz_name_map *map = b->names ? b->names : &no_map;
    gz_entity_list *written = &b->entities.people;
    if (add_headline_names(written, &b->entities.headline_names) < 0 ||
        gz_name_map_apply(map, written, &b->people_shown) < 0)
        return GZ_ERR_NOMEM;
    gz_status st = add_facet(b, doc, &b->people_shown, NULL, 0, GZ_SLOT_PEOPLE);
    if (st == GZ_OK)
        st = add_name_terms(b, doc, written, GZ_PREFIX_PERSON, 1);
    if (st == GZ_OK)
        st = add_name_terms(b, doc, written, GZ_PREFIX_WRITTEN, 0);
    if (st == GZ_OK)
        st = add_name_terms(b, doc, &b->entities.companies, GZ_PREFIX_COMPANY, 1);
    gz_strbuf_reset(&b->scratch);
    for (size_t i = 0; i < written->n && st == GZ_OK; i++)
        if ((i && gz_strbuf_addch(&b->scratch, GZ_FACET_SEP) < 0) ||
            gz_strbuf_addstr(&b->scratch, written->items[i]) < 0)
            st = GZ_ERR_NOMEM;
    if (st == GZ_OK && written->n)
        st = gz_xap_doc_set_value(doc, GZ_SLOT_PEOPLE_WRITTEN, b->scratch.buf, b->scratch.len);
    return st;
}

static gz_status add_entities(gz_doc_builder *b, gz_xap_doc *doc)
{
    const gz_entities *e = &b->entities;
    gz_status st = add_facet(b, doc, &e->countries, GZ_PREFIX_COUNTRY, 0, GZ_SLOT_COUNTRIES);
    if (st == GZ_OK)
        st = add_people(b, doc);
    if (st == GZ_OK)
        st = add_facet(b, doc, &e->orgs, GZ_PREFIX_ORG, 1, GZ_SLOT_ORGS);
    return st;
}

/* A title cut from the body says nothing the body does not: it would count
 * its names twice, and as a headline's. */
static const char *entity_title(const gz_article *a)
{
    return a->title_derived ? "" : a->title;
}

gz_status gz_extract_article(gz_extractor *x, const gz_article *a, gz_entities *out)
{
    return gz_extract(x, entity_title(a), a->body, out);
}

json_t *gz_article_json(const gz_article *a, const gz_entities *e)
{
    json_t *obj = json_object();
    int fail = !obj ||
               (e && (json_object_set_new(obj, "countries", string_array(&e->countries)) ||
                      json_object_set_new(obj, "people", string_array(&e->people)) ||
                      json_object_set_new(obj, "orgs", string_array(&e->orgs)))) ||
               json_object_set_new(obj, "id", json_string(a->id)) ||
               (*a->date && json_object_set_new(obj, "date", json_string(a->date))) ||
               json_object_set_new(obj, "title", json_string(a->title)) ||
               (a->url && json_object_set_new(obj, "url", json_string(a->url))) ||
               (a->source && json_object_set_new(obj, "source", json_string(a->source)));
    if (fail) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static gz_status set_data(gz_doc_builder *b, gz_xap_doc *doc, const gz_article *a)
{
    gz_entities shown = b->entities;
    shown.people = b->people_shown;
    json_t *obj = gz_article_json(a, b->extractor ? &shown : NULL);
    char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    if (!text)
        return GZ_ERR_NOMEM;
    /* The body follows the JSON raw: a search decodes only the small JSON
     * part, and the body costs a copy. */
    int oom = gz_schema_data_encode(&b->scratch, text, a->body) < 0;
    free(text);
    return oom ? GZ_ERR_NOMEM : gz_xap_doc_set_data(doc, b->scratch.buf, b->scratch.len);
}

/* The id's sample levels (schema.h).  FNV's low bits follow the id's last
 * bytes too closely for sequential ids, so the hash is mixed first. */
static gz_status add_sample_levels(gz_xap_doc *doc, const char *id)
{
    uint64_t h = gz_hash64(id, strlen(id), GZ_HASH_SEED);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    unsigned top = (unsigned)(h >> 56);     /* 0..255 */
    gz_status st = GZ_OK;
    for (unsigned k = 0; k <= GZ_SAMPLE_LEVELS && st == GZ_OK && top < (256u >> k); k++) {
        char term[8];
        st = gz_xap_doc_add_boolean(doc, term, gz_schema_sample_term(k, term, sizeof term));
    }
    return st;
}

/* The article's MinHash terms (schema.h): none for a text under five words. */
static gz_status add_signature(gz_doc_builder *b, gz_xap_doc *doc)
{
    gz_shingles_finish(&b->shingles);
    gz_status st = GZ_OK;
    for (unsigned i = 0; i < GZ_MINHASHES && st == GZ_OK && b->shingles.has_signature; i++) {
        char term[16];
        size_t len = gz_schema_minhash_term(i, b->shingles.signature[i], term, sizeof term);
        st = gz_xap_doc_add_boolean(doc, term, len);
    }
    return st;
}

gz_shingles *gz_doc_builder_shingles(gz_doc_builder *b)
{
    return &b->shingles;
}

gz_status gz_doc_build(gz_doc_builder *b, const gz_article *a, gz_xap_doc *doc)
{
    gz_xap_doc_clear(doc);
    gz_strbuf_reset(&b->words);
    gz_strbuf_reset(&b->facets);
    b->nwords = 0;
    memset(b->wordset, 0, sizeof b->wordset);
    gz_shingles_reset(&b->shingles);
    /* one analyzer run gives the terms and the extractor's tokens */
    if (b->extractor)
        gz_extract_begin(b->extractor, entity_title(a), a->body);
    struct posting_ctx ctx = {b, doc, 1, !a->title_derived,
                              b->extractor && !a->title_derived ? 0 : -1, GZ_OK};
    unsigned next = 1;
    gz_analyzer_run(b->analyzer, a->title, strlen(a->title), 1, add_token, &ctx, &next);
    if (ctx.status != GZ_OK)
        return ctx.status;
    ctx.with_title_prefix = 0;
    ctx.unprefixed = 1;
    ctx.entity_field = b->extractor ? 1 : -1;
    gz_analyzer_run(b->analyzer, a->body, strlen(a->body), next + GZ_FIELD_GAP,
                    add_token, &ctx, NULL);
    if (ctx.status != GZ_OK)
        return ctx.status;
    char ymd[9];
    gz_schema_compact_date(a->date, ymd);
    gz_status st = b->no_stories ? GZ_OK : add_signature(b, doc);
    if (st == GZ_OK)
        st = add_date(doc, ymd);
    if (st == GZ_OK)
        st = add_sample_levels(doc, a->id);
    if (st == GZ_OK)
        st = add_sort_keys(b, doc, ymd, a->id);
    if (st == GZ_OK && b->extractor) {
        if (gz_extract_end(b->extractor, &b->entities) < 0)
            return GZ_ERR_NOMEM;
        st = add_entities(b, doc);
    }
    if (st == GZ_OK)
        st = add_source(b, doc, a->source);
    if (st == GZ_OK)
        st = set_facets_value(b, doc, ymd, a->source);
    return st == GZ_OK ? set_data(b, doc, a) : st;
}
