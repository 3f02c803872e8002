/*
 * settle_names.c - the archive's name map decided again, and the articles
 * it changes revised (settle_names.h).
 */
#include "settle_names.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "each.h"
#include "names.h"
#include "schema.h"

struct tally {
    gz_strbuf names;        /* the names as written, NUL-separated */
    size_t *at;             /* offset of each in names */
    gz_name_votes *votes;
    size_t n, cap;
    gz_strmap by_name;      /* name -> vote index + 1 (shards repeat names) */
    gz_strmap companies;    /* company key -> articles */
    int oom;
};

static int new_vote(struct tally *t, const char *name, size_t len)
{
    size_t cap = t->cap;
    if (gz_array_reserve(&t->votes, &t->cap, t->n, sizeof *t->votes) < 0)
        return -1;
    if (cap != t->cap) {
        size_t *at = realloc(t->at, t->cap * sizeof *at);
        if (!at)
            return -1;
        t->at = at;
    }
    t->at[t->n] = t->names.len;
    if (gz_strbuf_add(&t->names, name, len) < 0 || gz_strbuf_addch(&t->names, '\0') < 0 ||
        gz_strmap_put(&t->by_name, name, len, (void *)(uintptr_t)(t->n + 1)) < 0)
        return -1;
    t->votes[t->n++] = (gz_name_votes){NULL, 0, 0};
    return 0;
}

static int note_written(void *ctx, const char *term, size_t len, unsigned long freq)
{
    struct tally *t = ctx;
    size_t plen = strlen(GZ_PREFIX_WRITTEN);
    uintptr_t at = (uintptr_t)gz_strmap_get(&t->by_name, term + plen, len - plen);
    if (!at) {
        if (new_vote(t, term + plen, len - plen) < 0) {
            t->oom = 1;
            return 1;
        }
        at = t->n;
    }
    t->votes[at - 1].articles += freq;
    return 0;
}

static int note_company(void *ctx, const char *term, size_t len, unsigned long freq)
{
    struct tally *t = ctx;
    size_t plen = strlen(GZ_PREFIX_COMPANY);
    uintptr_t had = (uintptr_t)gz_strmap_get(&t->companies, term + plen, len - plen);
    t->oom = gz_strmap_put(&t->companies, term + plen, len - plen, (void *)(had + freq)) < 0;
    return t->oom;
}

static gz_status tally_archive(gz_xap_writer *const *shards, size_t nshards, gz_analyzer *keyer,
                               struct tally *t, const char **why)
{
    gz_status st = GZ_OK;
    for (size_t k = 0; k < nshards && st == GZ_OK && !t->oom; k++) {
        st = gz_xap_writer_each_term(shards[k], GZ_PREFIX_WRITTEN, note_written, t);
        if (st == GZ_OK && !t->oom)
            st = gz_xap_writer_each_term(shards[k], GZ_PREFIX_COMPANY, note_company, t);
        if (st != GZ_OK)
            *why = gz_xap_writer_last_error(shards[k]);
    }
    if (st != GZ_OK || t->oom)
        return st != GZ_OK ? st : GZ_ERR_NOMEM;
    char key[GZ_XAP_MAX_TERM + 1];
    for (size_t i = 0; i < t->n; i++) {
        const char *name = t->votes[i].name = t->names.buf + t->at[i];
        /* a headline's word is checked against firms by the word itself */
        size_t n = gz_entity_key(keyer, name + (*name == GZ_NAME_CANDIDATE), key, sizeof key);
        if (n)
            t->votes[i].as_company = (uintptr_t)gz_strmap_get(&t->companies, key, n);
    }
    return GZ_OK;
}

static void tally_release(struct tally *t)
{
    gz_strbuf_release(&t->names);
    free(t->at);
    free(t->votes);
    gz_strmap_release(&t->by_name, NULL);
    gz_strmap_release(&t->companies, NULL);
}

static int by_docid(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* The articles holding a name as written whose shown name changes. */
static gz_status articles_to_revise(gz_xap_writer *w, const struct tally *t, const gz_name_map *old,
                                    const gz_name_map *now, unsigned **ids, size_t *n)
{
    size_t cap = 0;
    *ids = NULL;
    *n = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *name = t->votes[i].name;
        if (strcmp(gz_name_map_get(old, name), gz_name_map_get(now, name)) == 0)
            continue;
        char term[GZ_XAP_MAX_TERM + 1];
        size_t len = gz_schema_term(GZ_PREFIX_WRITTEN, name, strlen(name), term, sizeof term);
        unsigned *found;
        size_t nfound;
        gz_status st = gz_xap_writer_postlist(w, term, len, &found, &nfound);
        if (st != GZ_OK)
            return st;
        for (size_t k = 0; k < nfound; k++) {
            if (gz_array_reserve(ids, &cap, *n, sizeof **ids) < 0) {
                free(found);
                return GZ_ERR_NOMEM;
            }
            (*ids)[(*n)++] = found[k];
        }
        free(found);
    }
    if (*n)
        qsort(*ids, *n, sizeof **ids, by_docid);
    size_t kept = 0;
    for (size_t k = 0; k < *n; k++)
        if (!kept || (*ids)[kept - 1] != (*ids)[k])
            (*ids)[kept++] = (*ids)[k];
    *n = kept;
    return GZ_OK;
}

/* ---- revising one article --------------------------------------------- */

struct reviser {
    gz_xap_writer *w;
    const gz_name_map *map;
    gz_xap_doc *doc;
    gz_entity_list written, shown;
    gz_strbuf data, packed, facets;
};

static int split_written(struct reviser *r, const char *value, size_t len)
{
    gz_entity_list_release(&r->written);
    const char *end = value + len;
    while (value < end) {
        const char *tab = memchr(value, GZ_FACET_SEP, (size_t)(end - value));
        size_t n = tab ? (size_t)(tab - value) : (size_t)(end - value);
        char *name = strndup(value, n);
        int fail = !name || gz_entity_list_add(&r->written, name) < 0;
        free(name);
        if (fail)
            return -1;
        value += n + 1;
    }
    return 0;
}

/* The data's "people" from the names shown; the rest as it was. */
static gz_status revise_data(struct reviser *r)
{
    const char *bytes, *json, *body;
    size_t len, json_len, body_len;
    gz_status st = gz_xap_doc_get_data(r->doc, &bytes, &len);
    if (st != GZ_OK)
        return st;
    gz_schema_data_decode(bytes, len, &json, &json_len, &body, &body_len);
    json_t *obj = json_loadb(json, json_len, 0, NULL);
    json_t *people = json_array();
    for (size_t i = 0; people && i < r->shown.n; i++)
        if (json_array_append_new(people, json_string(r->shown.items[i])) < 0)
            break;
    char *text = NULL;
    if (obj && people && json_array_size(people) == r->shown.n &&
        json_object_set_new(obj, "people", people) == 0) {
        people = NULL;
        text = json_dumps(obj, JSON_COMPACT);
    }
    json_decref(people);
    json_decref(obj);
    /* The body is copied out before the data is replaced. */
    char *body_copy = text ? strndup(body, body_len) : NULL;
    int fail = !body_copy || gz_schema_data_encode(&r->data, text, body_copy) < 0;
    free(text);
    free(body_copy);
    if (fail)
        return GZ_ERR_NOMEM;
    return gz_xap_doc_set_data(r->doc, r->data.buf, r->data.len);
}

/* Slot 2, and the people's group of slot 4. */
static gz_status revise_values(struct reviser *r)
{
    if (gz_schema_pack_list(&r->packed, r->shown.items, r->shown.n) < 0)
        return GZ_ERR_NOMEM;
    gz_status st = gz_xap_doc_set_value(r->doc, GZ_SLOT_PEOPLE, gz_strbuf_str(&r->packed), r->packed.len);
    const char *value, *groups[GZ_FACET_GROUPS];
    size_t len, lens[GZ_FACET_GROUPS], n = 0;
    if (st == GZ_OK)
        st = gz_xap_doc_get_value(r->doc, GZ_SLOT_FACETS, &value, &len);
    if (st != GZ_OK || (n = gz_schema_facets_split(value, len, groups, lens)) < 4)
        return st;      /* an article without the combined value keeps none */
    gz_strbuf_reset(&r->facets);
    for (size_t g = 0; g < n; g++) {
        const char *part = g == 1 ? gz_strbuf_str(&r->packed) : groups[g];
        size_t plen = g == 1 ? r->packed.len : lens[g];
        if (gz_schema_facets_append(&r->facets, part, plen, g + 1 == n) < 0)
            return GZ_ERR_NOMEM;
    }
    return gz_xap_doc_set_value(r->doc, GZ_SLOT_FACETS, r->facets.buf, r->facets.len);
}

static gz_status revise(struct reviser *r, unsigned docid)
{
    const char *value;
    size_t len;
    gz_status st = gz_xap_writer_get_doc(r->w, docid, r->doc);
    if (st != GZ_OK)
        return st;
    if ((st = gz_xap_doc_get_value(r->doc, GZ_SLOT_PEOPLE_WRITTEN, &value, &len)) != GZ_OK)
        return st;
    if (split_written(r, value, len) < 0 || gz_name_map_apply(r->map, &r->written, &r->shown) < 0)
        return GZ_ERR_NOMEM;
    /* Data and values only: a document whose terms are untouched is
     * stored again without reading its positions (Xapian's shortcut for a
     * document taken from the same database). */
    if ((st = revise_data(r)) == GZ_OK && (st = revise_values(r)) == GZ_OK)
        st = gz_xap_writer_replace_docid(r->w, docid, r->doc);
    return st;
}

static gz_status revise_all(gz_xap_writer *w, const gz_name_map *map,
                            const unsigned *ids, size_t n, char *err, size_t errlen)
{
    struct reviser r = {.w = w, .map = map, .doc = gz_xap_doc_new()};
    gz_status st = r.doc ? GZ_OK : GZ_ERR_NOMEM;
    for (size_t k = 0; k < n && st == GZ_OK; k++)
        st = revise(&r, ids[k]);
    if (st != GZ_OK) {
        const char *why = r.doc && *gz_xap_doc_last_error(r.doc) ? gz_xap_doc_last_error(r.doc)
                          : *gz_xap_writer_last_error(w) ? gz_xap_writer_last_error(w)
                                                         : gz_status_to_string(st);
        snprintf(err, errlen, "settling names: %s", why);
    }
    gz_xap_doc_free(r.doc);
    gz_entity_list_release(&r.written);
    gz_entity_list_release(&r.shown);
    gz_strbuf_release(&r.data);
    gz_strbuf_release(&r.packed);
    gz_strbuf_release(&r.facets);
    return st;
}

/* ---- the pass --------------------------------------------------------- */

/* Stores the map unless it is the one stored; *changed says which. */
static gz_status store_map(gz_xap_writer *w, const gz_name_map *old, const gz_name_map *map,
                           int *changed)
{
    gz_strbuf was = GZ_STRBUF_INIT, text = GZ_STRBUF_INIT;
    gz_status st = gz_name_map_format(old, &was) < 0 || gz_name_map_format(map, &text) < 0
                       ? GZ_ERR_NOMEM : GZ_OK;
    *changed = st == GZ_OK && strcmp(gz_strbuf_str(&was), gz_strbuf_str(&text)) != 0;
    if (*changed)
        st = gz_xap_writer_set_metadata(w, GZ_META_NAMES, gz_strbuf_str(&text));
    gz_strbuf_release(&was);
    gz_strbuf_release(&text);
    return st;
}

static void writer_failed(gz_xap_writer *w, gz_status st, char *err, size_t errlen)
{
    snprintf(err, errlen, "settling names: %s",
             st == GZ_ERR_NOMEM ? gz_status_to_string(st) : gz_xap_writer_last_error(w));
}

/* Revises one shard's articles and stores the map in it. */
static gz_status settle_shard(gz_xap_writer *w, const struct tally *t,
                              const gz_name_map *old, const gz_name_map *now,
                              gz_settle_stats *stats, char *err, size_t errlen)
{
    unsigned *ids = NULL;
    size_t n = 0;
    int changed = 0;
    gz_status st = articles_to_revise(w, t, old, now, &ids, &n);
    if (st != GZ_OK)
        writer_failed(w, st, err, errlen);
    else if ((st = revise_all(w, now, ids, n, err, errlen)) == GZ_OK &&
             (st = store_map(w, old, now, &changed)) != GZ_OK)
        writer_failed(w, st, err, errlen);
    free(ids);
    stats->revised += n;
    stats->changed |= changed || n > 0;
    return st;
}

/* Each shard settled on a thread of its own: a shard is one writer, and
 * the tally and maps are only read. */
struct shard_job {
    gz_xap_writer *const *shards;
    const struct tally *t;
    const gz_name_map *old, *now;
    gz_settle_stats *stats;         /* one per shard */
    gz_status *st;                  /* one per shard */
    char (*errs)[GZ_XAP_ERRMAX];    /* one per shard */
};

static void settle_one(void *ctx, size_t k)
{
    struct shard_job *j = ctx;
    j->st[k] = settle_shard(j->shards[k], j->t, j->old, j->now, &j->stats[k], j->errs[k],
                            sizeof j->errs[k]);
}

static gz_status settle_each(gz_xap_writer *const *shards, size_t nshards, unsigned threads,
                             const struct tally *t, const gz_name_map *old,
                             const gz_name_map *now, gz_settle_stats *stats, char *err,
                             size_t errlen)
{
    struct shard_job j = {shards, t, old, now, calloc(nshards, sizeof *j.stats),
                          calloc(nshards, sizeof *j.st), calloc(nshards, sizeof *j.errs)};
    gz_status st = j.stats && j.st && j.errs ? GZ_OK : gz_status_put(err, errlen, GZ_ERR_NOMEM);
    if (st == GZ_OK)
        gz_each(nshards, threads, settle_one, &j);
    for (size_t k = 0; k < nshards && st == GZ_OK; k++) {
        stats->revised += j.stats[k].revised;
        stats->changed |= j.stats[k].changed;
        if ((st = j.st[k]) != GZ_OK)
            snprintf(err, errlen, "%s", j.errs[k]);
    }
    free(j.stats);
    free(j.st);
    free(j.errs);
    return st;
}

gz_status gz_settle_names(gz_xap_writer *const *shards, size_t nshards, unsigned threads,
                          gz_analyzer *keyer, const gz_gazetteer *g, gz_name_map *map,
                          gz_settle_stats *stats, char *err, size_t errlen)
{
    struct tally t = {0};
    gz_name_map now = {0};
    const char *why = gz_status_to_string(GZ_ERR_NOMEM);
    *stats = (gz_settle_stats){0};
    gz_status st = tally_archive(shards, nshards, keyer, &t, &why);
    if (st == GZ_OK && gz_name_map_decide(keyer, g, t.votes, t.n, &now) < 0)
        st = GZ_ERR_NOMEM;
    if (st != GZ_OK)
        snprintf(err, errlen, "settling names: %s", st == GZ_ERR_NOMEM ? gz_status_to_string(st) : why);
    if (st == GZ_OK)
        st = settle_each(shards, nshards, threads, &t, map, &now, stats, err, errlen);
    if (st == GZ_OK) {
        stats->names = t.n;
        stats->mapped = now.shown.count;
        gz_name_map_release(map);
        *map = now;
    } else {
        gz_name_map_release(&now);
    }
    tally_release(&t);
    return st;
}
