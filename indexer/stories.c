/*
 * stories.c - finding the story an article copies (stories.h).
 */
#include "stories.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "array.h"

/* Candidates compared in full, most shared MinHash terms first: a copy
 * shares most of its six, and a boilerplate sentence ("The company said
 * it ...") is the smallest shingle of many unrelated articles. */
#define MAX_CANDIDATES GZ_STORY_MAX_CANDIDATES
/* Of the GZ_MINHASHES (6) terms, a candidate shares at least this many:
 * two articles with a Jaccard similarity J share two or more with
 * probability 0.89 at J = 0.5, 0.96 at 0.6, 0.99 at 0.7 (binomial), and
 * 0.11 at J = 0.1, where one shared term would be 0.47. */
#define MIN_SHARED GZ_STORY_MIN_SHARED
/* Holders of one MinHash term read, the oldest first: a term thousands of
 * articles hold (a flood of copies of one template) would otherwise make
 * each new article read them all, and indexing quadratic; the oldest are
 * the ones a story's key comes from. */
#define MAX_HOLDERS_READ GZ_STORY_MAX_HOLDERS
/* A text of fewer shingles than this (about 45 words: a headline-only
 * flash, a dividend notice) differs from another day's or another firm's
 * in a name or a figure only: it copies only a text of the same day that
 * it nearly equals. */
#define SHORT_TEXT 40
#define SHORT_TEXT_SIMILARITY 0.8

struct candidate {
    unsigned docid;
    unsigned shared;
};

/* Signature terms this run added, for an index that was empty when the run
 * began (the bulk case): a term it never added no article holds, so its
 * count need not be looked up.  A Bloom filter: 2^26 bits (8 MB), three
 * probes; at a million articles (six million terms) 1.5% false positives,
 * which only cost the lookup they would have cost anyway. */
#define SEEN_BITS (1u << 26)
#define SEEN_PROBES 3

struct gz_story_finder {
    double threshold;
    uint64_t *seen;             /* NULL: look every term up */
    gz_analyzer *words;         /* language "none": folded words, no stems */
    gz_xap_doc *doc;
    gz_shingles other;
    struct candidate *cands;
    size_t ncands, cands_cap;
    char error[GZ_XAP_ERRMAX + 64];
};

gz_status gz_story_finder_new(double threshold, gz_story_finder **out)
{
    *out = NULL;
    gz_story_finder *f = calloc(1, sizeof *f);
    if (!f || !(f->doc = gz_xap_doc_new()) || gz_analyzer_new("none", &f->words) != GZ_OK) {
        gz_story_finder_free(f);
        return GZ_ERR_NOMEM;
    }
    f->threshold = threshold;
    *out = f;
    return GZ_OK;
}

void gz_story_finder_free(gz_story_finder *f)
{
    if (!f)
        return;
    gz_analyzer_free(f->words);
    gz_xap_doc_free(f->doc);
    free(f->seen);
    gz_shingles_release(&f->other);
    free(f->cands);
    free(f);
}

const char *gz_story_finder_error(const gz_story_finder *f)
{
    return f->error;
}

gz_status gz_story_finder_fresh(gz_story_finder *f)
{
    if (!f->seen && !(f->seen = calloc(SEEN_BITS / 64, sizeof *f->seen)))
        return GZ_ERR_NOMEM;
    return GZ_OK;
}

static uint64_t seen_key(unsigned part, uint32_t value)
{
    uint64_t x = ((uint64_t)part << 32 | value) * 0x9e3779b97f4a7c15ULL;
    return x ^ (x >> 29);
}

static int seen_maybe(const gz_story_finder *f, unsigned part, uint32_t value)
{
    uint64_t x = seen_key(part, value);
    for (int k = 0; k < SEEN_PROBES; k++, x = x * 0xbf58476d1ce4e5b9ULL + 1) {
        uint32_t bit = (uint32_t)(x >> 38);        /* 26 bits */
        if (!(f->seen[bit / 64] & (1ULL << (bit % 64))))
            return 0;
    }
    return 1;
}

static void seen_add(gz_story_finder *f, const gz_shingles *sh)
{
    for (unsigned i = 0; i < GZ_MINHASHES && sh->has_signature; i++) {
        uint64_t x = seen_key(i, sh->signature[i]);
        for (int k = 0; k < SEEN_PROBES; k++, x = x * 0xbf58476d1ce4e5b9ULL + 1) {
            uint32_t bit = (uint32_t)(x >> 38);
            f->seen[bit / 64] |= 1ULL << (bit % 64);
        }
    }
}

/* ---- candidates -------------------------------------------------------- */

static int by_docid(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* The candidates from the holders of the shared terms: each article with
 * how many of the terms it holds (ids sorted, so equal ones are runs). */
static int count_candidates(gz_story_finder *f, unsigned *ids, size_t n)
{
    qsort(ids, n, sizeof *ids, by_docid);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && ids[j] == ids[i]; j++)
            ;
        if (j - i < MIN_SHARED)
            continue;
        if (gz_array_reserve(&f->cands, &f->cands_cap, f->ncands, sizeof *f->cands) < 0)
            return -1;
        f->cands[f->ncands++] = (struct candidate){ids[i], (unsigned)(j - i)};
    }
    return 0;
}

static int by_shared(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->shared != y->shared)
        return x->shared > y->shared ? -1 : 1;
    return (x->docid > y->docid) - (x->docid < y->docid);   /* older first */
}

/* The articles sharing at least MIN_SHARED of sh's MinHash terms, most
 * shared first.  A term's count is looked up first: a writable Xapian
 * index writes out its pending position lists before it reads a posting
 * list, so posting lists are read only when two terms or more are held
 * by other articles. */
static gz_status gather(gz_story_finder *f, gz_xap_writer *w, const gz_shingles *sh)
{
    char terms[GZ_MINHASHES][16];
    size_t lens[GZ_MINHASHES], held = 0;
    f->ncands = 0;
    if (!sh->has_signature)
        return GZ_OK;
    /* In a run that began empty, the run's own terms are all there is: an
     * article that cannot share two of them looks nothing up (a lookup
     * waits for the writes before it; over remote shards it is a round
     * trip to each). */
    int may[GZ_MINHASHES];
    unsigned maybe = 0;
    for (unsigned i = 0; i < GZ_MINHASHES; i++)
        maybe += may[i] = !f->seen || seen_maybe(f, i, sh->signature[i]);
    if (maybe < MIN_SHARED)
        return GZ_OK;
    for (unsigned i = 0; i < GZ_MINHASHES; i++) {
        unsigned long freq = 0;
        if (!may[i])
            continue;
        size_t len = gz_schema_minhash_term(i, sh->signature[i], terms[held], sizeof terms[held]);
        gz_status st = gz_xap_writer_termfreq(w, terms[held], len, &freq);
        if (st != GZ_OK)
            return st;
        if (freq)
            lens[held++] = len;
    }
    if (held < MIN_SHARED)
        return GZ_OK;
    unsigned *all = NULL;
    size_t nall = 0, cap = 0;
    gz_status st = GZ_OK;
    for (size_t i = 0; i < held && st == GZ_OK; i++) {
        unsigned *ids = NULL;
        size_t n = 0;
        st = gz_xap_writer_postlist_first(w, terms[i], lens[i], MAX_HOLDERS_READ, &ids, &n);
        if (st == GZ_OK && n && gz_array_reserve(&all, &cap, nall + n - 1, sizeof *all) < 0)
            st = GZ_ERR_NOMEM;
        if (st == GZ_OK && n) {
            memcpy(all + nall, ids, n * sizeof *ids);
            nall += n;
        }
        free(ids);
    }
    if (st == GZ_OK && count_candidates(f, all, nall) < 0)
        st = GZ_ERR_NOMEM;
    free(all);
    if (st == GZ_OK && f->ncands > 1)
        qsort(f->cands, f->ncands, sizeof *f->cands, by_shared);
    return st;
}

/* ---- comparing one ----------------------------------------------------- */

static int add_word(void *ctx, const gz_token *tok)
{
    if (tok->flags & GZ_TOK_JOINED)
        return 0;
    return gz_shingles_add(ctx, tok->word, tok->word_len, tok->flags & GZ_TOK_NUMBER) < 0;
}

/* A headline the reader cut from the body (article.h) repeats its start. */
static int cut_from_body(const char *title, size_t tlen, const char *body, size_t blen)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    if (tlen >= 3 && memcmp(title + tlen - 3, ellipsis, 3) == 0)
        tlen -= 3;
    while (blen && (*body == ' ' || *body == '\n' || *body == '\t')) {
        body++;
        blen--;
    }
    return tlen <= blen && memcmp(title, body, tlen) == 0;
}

/* The shingles of a stored article (data), as gz_doc_build took them,
 * and its id into stored_id ("" when it has none a key can hold).  An
 * article whose id is skip_id (the new article's older version) is not
 * shingled: *own says so. */
static int shingle_stored(gz_story_finder *f, const char *data, size_t len, const char *skip_id,
                          char stored_id[GZ_STORY_KEY_MAX], int *own)
{
    const char *json, *body;
    size_t json_len, body_len;
    gz_schema_data_decode(data, len, &json, &json_len, &body, &body_len);
    gz_shingles_reset(&f->other);
    json_t *obj = json_loadb(json, json_len, 0, NULL);
    const char *title = json_string_value(json_object_get(obj, "title"));
    const char *id = json_string_value(json_object_get(obj, "id"));
    snprintf(stored_id, GZ_STORY_KEY_MAX, "%s", id && strlen(id) < GZ_STORY_KEY_MAX ? id : "");
    *own = id && strcmp(id, skip_id) == 0;
    size_t tlen = title ? strlen(title) : 0;
    int fail = 0;
    if (!*own && title && !cut_from_body(title, tlen, body, body_len))
        fail = gz_analyzer_run(f->words, title, tlen, 1, add_word, &f->other, NULL);
    if (!*own && !fail)
        fail = gz_analyzer_run(f->words, body, body_len, 1, add_word, &f->other, NULL);
    json_decref(obj);
    return fail ? -1 : 0;
}

/* Loads document docid of w into f->doc and shingles it (shingle_stored). */
static gz_status load_and_shingle(gz_story_finder *f, gz_xap_writer *w, unsigned docid,
                                  const char *skip_id, char stored_id[GZ_STORY_KEY_MAX], int *own)
{
    const char *data;
    size_t len;
    gz_status st = gz_xap_writer_get_doc(w, docid, f->doc);
    if (st == GZ_OK)
        st = gz_xap_doc_get_data(f->doc, &data, &len);
    if (st == GZ_OK && shingle_stored(f, data, len, skip_id, stored_id, own) < 0)
        st = GZ_ERR_NOMEM;
    return st;
}

/* The story key of the article f->doc holds, whose id is id: its value,
 * else (the first article of its story, which has none until a copy comes)
 * its id; *rooted says which.  0, or -1 when it has neither. */
static int key_of(gz_story_finder *f, const char *id, char key[GZ_STORY_KEY_MAX], int *rooted)
{
    const char *value;
    size_t vlen;
    *rooted = gz_xap_doc_get_value(f->doc, GZ_SLOT_STORY, &value, &vlen) == GZ_OK && vlen &&
              vlen < GZ_STORY_KEY_MAX;
    if (*rooted) {
        memcpy(key, value, vlen);
        key[vlen] = '\0';
        return 0;
    }
    strcpy(key, id);
    return *id ? 0 : -1;
}

static void find_failed(gz_story_finder *f, gz_xap_writer *w, gz_status st)
{
    const char *why = *gz_xap_doc_last_error(f->doc) ? gz_xap_doc_last_error(f->doc)
                      : *gz_xap_writer_last_error(w) ? gz_xap_writer_last_error(w)
                                                     : gz_status_to_string(st);
    snprintf(f->error, sizeof f->error, "finding the story: %s", why);
}

/* Jaccard similarity of candidate docid with sh (-1: not a copy by rule);
 * the candidate stays loaded in f->doc and its id in its_id. */
static gz_status similarity_to(gz_story_finder *f, gz_xap_writer *w, unsigned docid, const char *id,
                               const char *ymd, gz_shingles *sh, double *similarity,
                               char its_id[GZ_STORY_KEY_MAX])
{
    const char *value;
    size_t vlen;
    *similarity = -1;
    int own = 0;
    gz_status st = load_and_shingle(f, w, docid, id, its_id, &own);
    if (st != GZ_OK || own)
        return st;
    double j = gz_shingles_jaccard(sh, &f->other);
    if (j < f->threshold)
        return GZ_OK;
    if ((st = gz_xap_doc_get_value(f->doc, GZ_SLOT_DATE, &value, &vlen)) != GZ_OK)
        return st;
    int other_day = *ymd && vlen && (vlen != strlen(ymd) || memcmp(value, ymd, vlen) != 0);
    if (other_day && !gz_shingles_same_numbers(sh, &f->other))
        return GZ_OK;       /* the same template on another day: another event */
    if ((sh->n < SHORT_TEXT || f->other.n < SHORT_TEXT) && (other_day || j < SHORT_TEXT_SIMILARITY))
        return GZ_OK;       /* a flash or a notice: a name or a figure is all that differs */
    *similarity = j;
    return GZ_OK;
}

/* Jaccard similarity of candidate docid with sh (-1: not a copy by rule),
 * and its story key; *unrooted when that is its id, not yet its value. */
static gz_status compare(gz_story_finder *f, gz_xap_writer *w, unsigned docid, const char *id,
                         const char *ymd, gz_shingles *sh, double *similarity,
                         char key[GZ_STORY_KEY_MAX], int *unrooted)
{
    char its_id[GZ_STORY_KEY_MAX];
    double j;
    int rooted = 0;
    gz_status st = similarity_to(f, w, docid, id, ymd, sh, &j, its_id);
    *similarity = -1;
    if (st == GZ_OK && j >= 0 && key_of(f, its_id, key, &rooted) == 0) {
        *similarity = j;
        *unrooted = !rooted;
    }
    return st;
}

gz_status gz_story_similarity(gz_story_finder *f, gz_xap_writer *w, unsigned docid, const char *id,
                              const char *ymd, gz_shingles *sh, double *similarity)
{
    char its_id[GZ_STORY_KEY_MAX];
    gz_status st = similarity_to(f, w, docid, id, ymd, sh, similarity, its_id);
    if (st != GZ_OK)
        find_failed(f, w, st);
    return st;
}

gz_status gz_story_shingle_doc(gz_story_finder *f, gz_xap_writer *w, unsigned docid,
                               gz_shingles *out, char id[GZ_STORY_KEY_MAX], char ymd[9])
{
    const char *value;
    size_t vlen;
    int own = 0;
    gz_status st = load_and_shingle(f, w, docid, "", id, &own);
    if (st != GZ_OK) {
        find_failed(f, w, st);
        return st;
    }
    ymd[0] = '\0';
    if (gz_xap_doc_get_value(f->doc, GZ_SLOT_DATE, &value, &vlen) == GZ_OK && vlen == 8) {
        memcpy(ymd, value, 8);
        ymd[8] = '\0';
    }
    /* the finder's scratch set is handed over: the candidates reuse it */
    gz_shingles_release(out);
    *out = f->other;
    memset(&f->other, 0, sizeof f->other);
    gz_shingles_finish(out);
    return GZ_OK;
}

/* The first article of a story takes its own id as story key (a value, no
 * term: what collapsing needs) when its first copy comes; only its values
 * change, which Xapian stores without reading its terms again. */
static gz_status root_story(gz_story_finder *f, gz_xap_writer *w, unsigned docid, const char *key)
{
    gz_status st = gz_xap_writer_get_doc(w, docid, f->doc);
    if (st == GZ_OK)
        st = gz_xap_doc_set_value(f->doc, GZ_SLOT_STORY, key, strlen(key));
    return st == GZ_OK ? gz_xap_writer_replace_docid(w, docid, f->doc) : st;
}


/* The best copy among the candidates gathered in w: its key in key, its
 * docid in *docid and whether it still needs its key set (*unrooted);
 * *best is its similarity (-1: none). */
static gz_status best_copy(gz_story_finder *f, gz_xap_writer *w, const char *id, const char *ymd,
                           gz_shingles *sh, double *best, char key[GZ_STORY_KEY_MAX],
                           unsigned *docid, int *unrooted)
{
    gz_status st = GZ_OK;
    for (size_t i = 0; i < f->ncands && i < MAX_CANDIDATES && st == GZ_OK; i++) {
        double j;
        int fresh = 0;
        char its[GZ_STORY_KEY_MAX];
        st = compare(f, w, f->cands[i].docid, id, ymd, sh, &j, its, &fresh);
        if (st == GZ_OK && j > *best) {
            *best = j;
            strcpy(key, its);
            *docid = f->cands[i].docid;
            *unrooted = fresh;
        }
    }
    return st;
}

gz_status gz_story_find(gz_story_finder *f, gz_xap_writer *w, const char *id, const char *ymd,
                        gz_shingles *sh, char key[GZ_STORY_KEY_MAX], int *joined)
{
    *joined = 0;
    key[0] = '\0';
    double best = -1;
    unsigned docid = 0;
    int unrooted = 0;
    gz_status st = gather(f, w, sh);
    if (st == GZ_OK)
        st = best_copy(f, w, id, ymd, sh, &best, key, &docid, &unrooted);
    if (st == GZ_OK && best >= 0 && unrooted)
        st = root_story(f, w, docid, key);
    if (st != GZ_OK) {
        key[0] = '\0';
        find_failed(f, w, st);
        return st;
    }
    *joined = best >= 0;
    if (f->seen)
        seen_add(f, sh);
    return GZ_OK;
}

gz_status gz_story_set(gz_xap_doc *doc, const char *key, int first)
{
    char term[GZ_XAP_MAX_TERM + 1];
    size_t len = gz_schema_term(GZ_PREFIX_STORY, key, strlen(key), term, sizeof term);
    if (!len)
        return GZ_OK;       /* a key too long for a term: the copy stands alone */
    gz_status st = gz_xap_doc_set_value(doc, GZ_SLOT_STORY, key, strlen(key));
    return st == GZ_OK && !first ? gz_xap_doc_add_boolean(doc, term, len) : st;
}

/* ---- settling stories across shards ----------------------------------- */

struct shard_walk {
    gz_xap_writer *const *earlier;
    size_t nearlier;
    gz_xap_writer *w;
    unsigned *ids;              /* of articles holding a term an earlier index holds */
    size_t nids, cap;
    gz_status st;
};

/* Notes the articles of this shard that hold a MinHash term some earlier
 * index holds too: the only ones that may copy an earlier article. */
static int note_shared_term(void *ctx, const char *term, size_t len, unsigned long freq)
{
    (void)freq;
    struct shard_walk *sw = ctx;
    unsigned long held = 0;
    for (size_t k = 0; k < sw->nearlier && !held && sw->st == GZ_OK; k++)
        sw->st = gz_xap_writer_termfreq(sw->earlier[k], term, len, &held);
    if (!held || sw->st != GZ_OK)
        return sw->st != GZ_OK;
    unsigned *ids = NULL;
    size_t n = 0;
    if ((sw->st = gz_xap_writer_postlist(sw->w, term, len, &ids, &n)) == GZ_OK)
        for (size_t i = 0; i < n && sw->st == GZ_OK; i++) {
            if (gz_array_reserve(&sw->ids, &sw->cap, sw->nids, sizeof *sw->ids) < 0)
                sw->st = GZ_ERR_NOMEM;
            else
                sw->ids[sw->nids++] = ids[i];
        }
    free(ids);
    return sw->st != GZ_OK;
}

static int by_id(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* Moves one article of w to story `to`: the XS term of its old story (if
 * any) out, the new one and the key in. */
static gz_status move_one(gz_story_finder *f, gz_xap_writer *w, unsigned docid, const char *old_term,
                          size_t old_len, const char *to)
{
    gz_status st = gz_xap_writer_get_doc(w, docid, f->doc);
    if (st == GZ_OK && old_len)
        st = gz_xap_doc_remove_term(f->doc, old_term, old_len);
    if (st == GZ_OK)
        st = gz_story_set(f->doc, to, 0);
    return st == GZ_OK ? gz_xap_writer_replace_docid(w, docid, f->doc) : st;
}

/* Moves story `from` of w (its copies, which hold its XS term, and its
 * first article, whose id it is) to story `to`. */
static gz_status move_story(gz_story_finder *f, gz_xap_writer *w, const char *from, const char *to,
                            unsigned long *moved)
{
    char term[GZ_XAP_MAX_TERM + 1], id_term[GZ_XAP_MAX_TERM + 2];
    size_t len = gz_schema_term(GZ_PREFIX_STORY, from, strlen(from), term, sizeof term);
    size_t id_len = gz_schema_id_term(from, id_term, sizeof id_term);
    unsigned *ids = NULL, *roots = NULL;
    size_t n = 0, nroots = 0;
    gz_status st = len ? gz_xap_writer_postlist(w, term, len, &ids, &n) : GZ_OK;
    if (st == GZ_OK && id_len)
        st = gz_xap_writer_postlist(w, id_term, id_len, &roots, &nroots);
    for (size_t i = 0; i < n && st == GZ_OK; i++, (*moved)++)
        st = move_one(f, w, ids[i], term, len, to);
    for (size_t i = 0; i < nroots && st == GZ_OK; i++, (*moved)++)
        st = move_one(f, w, roots[i], NULL, 0, to);
    free(ids);
    free(roots);
    return st;
}

/* The story an article of a shard copies in an earlier index, if any. */
static gz_status settle_one(gz_story_finder *f, gz_xap_writer *const *earlier, size_t nearlier,
                            gz_xap_writer *w, unsigned docid, unsigned long *moved)
{
    char ymd[9], id[GZ_STORY_KEY_MAX], own[GZ_STORY_KEY_MAX], best_key[GZ_STORY_KEY_MAX];
    int rooted = 0;
    gz_shingles mine = {0};
    gz_status st = gz_story_shingle_doc(f, w, docid, &mine, id, ymd);
    if (st != GZ_OK)
        return st;
    if (key_of(f, id, own, &rooted) < 0) {
        gz_shingles_release(&mine);
        return GZ_OK;       /* no id: nothing to file it under */
    }
    double best = -1;
    unsigned best_doc = 0;
    size_t best_index = 0;
    int unrooted = 0;
    for (size_t k = 0; k < nearlier && st == GZ_OK; k++) {
        double before = best;
        if ((st = gather(f, earlier[k], &mine)) == GZ_OK)
            st = best_copy(f, earlier[k], id, ymd, &mine, &best, best_key, &best_doc, &unrooted);
        if (best > before)
            best_index = k;
    }
    if (st == GZ_OK && best >= 0 && strcmp(best_key, own) != 0) {
        if (unrooted)
            st = root_story(f, earlier[best_index], best_doc, best_key);
        if (st == GZ_OK)
            st = move_story(f, w, own, best_key, moved);
    } else if (st == GZ_OK && best >= 0 && !rooted) {
        /* Its own story, indexed again (its copies are earlier): it will
         * replace the first article there, so it takes the key that one
         * holds, as -j 1 gives it. */
        st = root_story(f, w, docid, own);
    }
    gz_shingles_release(&mine);
    return st;
}

gz_status gz_story_settle(gz_story_finder *f, gz_xap_writer *const *indexes, size_t n, size_t first,
                          unsigned long *moved)
{
    *moved = 0;
    gz_status st = GZ_OK;
    for (size_t k = first ? first : 1; k < n && st == GZ_OK; k++) {
        struct shard_walk sw = {.earlier = indexes, .nearlier = k, .w = indexes[k]};
        st = gz_xap_writer_each_term(sw.w, GZ_PREFIX_MINHASH, note_shared_term, &sw);
        if (st == GZ_OK)
            st = sw.st;
        if (sw.nids > 1)
            qsort(sw.ids, sw.nids, sizeof *sw.ids, by_id);
        for (size_t i = 0; i < sw.nids && st == GZ_OK;) {
            size_t run = 1;
            while (i + run < sw.nids && sw.ids[i + run] == sw.ids[i])
                run++;
            if (run >= MIN_SHARED)
                st = settle_one(f, indexes, k, sw.w, sw.ids[i], moved);
            i += run;
        }
        free(sw.ids);
    }
    if (st != GZ_OK && !*f->error)
        snprintf(f->error, sizeof f->error, "settling stories across shards: %s",
                 st == GZ_ERR_NOMEM ? gz_status_to_string(st) : gz_status_to_string(st));
    return st;
}
