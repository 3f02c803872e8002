/*
 * story_ledger.c - the stories of a -j run, found in input order after the
 * threads are done (story_ledger.h).
 */
#include "story_ledger.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array.h"
#include "each.h"
#include "schema.h"

#define NO_STORY UINT32_MAX
/* A signature part as one sortable number: part (3 bits), value (32),
 * the article's place among the notes (29: half a billion articles). */
#define INDEX_BITS 29
#define INDEX_MASK ((UINT64_C(1) << INDEX_BITS) - 1)

gz_status gz_story_ledger_open(gz_story_ledger *l, const char *path)
{
    memset(l, 0, sizeof *l);
    if (!(l->file = fopen(path, "w+b")))
        return GZ_ERR_IO;
    /* (should the unlink fail, the run's scratch directory goes all the same) */
    unlink(path);
    return GZ_OK;
}

gz_status gz_story_ledger_note(gz_story_ledger *l, uint64_t seq, unsigned docid,
                               const gz_shingles *sh)
{
    gz_story_note n;
    memset(&n, 0, sizeof n);    /* the padding goes to the file too */
    n.seq = seq;
    n.docid = docid;
    n.has_signature = sh->has_signature;
    if (sh->has_signature)
        memcpy(n.signature, sh->signature, sizeof n.signature);
    if (!l->file || fwrite(&n, sizeof n, 1, l->file) != 1)
        return GZ_ERR_IO;
    l->n++;
    return GZ_OK;
}

void gz_story_ledger_release(gz_story_ledger *l)
{
    if (l->file)
        fclose(l->file);
    memset(l, 0, sizeof *l);
}

/* Appends the ledger's notes to notes[*n], each marked with its shard. */
static gz_status read_back(gz_story_ledger *l, unsigned shard, gz_story_note *notes, size_t *n)
{
    if (!l->n)
        return GZ_OK;
    if (!l->file || fflush(l->file) != 0 || fseek(l->file, 0, SEEK_SET) != 0 ||
        fread(notes + *n, sizeof *notes, l->n, l->file) != l->n)
        return GZ_ERR_IO;
    for (size_t i = 0; i < l->n; i++)
        notes[(*n)++].shard = shard;
    return GZ_OK;
}

struct pass {
    gz_story_finder *f;
    gz_xap_writer *const *shards;
    size_t nshards;
    gz_story_note *notes;       /* every shard's, in input order */
    size_t n;
    uint64_t *parts;            /* every signature part, sorted */
    size_t nparts;
    uint32_t *root;             /* each article's story: the index of its first article */
    gz_shingles mine;
    unsigned long joined;
};

static uint64_t part_key(unsigned part, uint32_t value, uint64_t index)
{
    return (uint64_t)part << (32 + INDEX_BITS) | (uint64_t)value << INDEX_BITS | index;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Where an article replaced one of the same id (same shard, same document),
 * it keeps the place of the first, as the document keeps its number. */
static int by_place(const void *a, const void *b)
{
    const gz_story_note *x = a, *y = b;
    if (x->shard != y->shard)
        return x->shard < y->shard ? -1 : 1;
    if (x->docid != y->docid)
        return x->docid < y->docid ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int by_seq(const void *a, const void *b)
{
    const gz_story_note *x = a, *y = b;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The notes of every ledger in one array, in input order, one per document. */
static gz_status gather_notes(struct pass *ps, gz_story_ledger *ledgers, size_t nshards)
{
    size_t total = 0;
    for (size_t k = 0; k < nshards; k++)
        total += ledgers[k].n;
    if (total >= INDEX_MASK)
        return GZ_ERR_INVALID;
    if (total && !(ps->notes = malloc(total * sizeof *ps->notes)))
        return GZ_ERR_NOMEM;
    for (size_t k = 0; k < nshards; k++) {
        gz_status st = read_back(&ledgers[k], (unsigned)k, ps->notes, &ps->n);
        gz_story_ledger_release(&ledgers[k]);
        if (st != GZ_OK)
            return st;
    }
    qsort(ps->notes, ps->n, sizeof *ps->notes, by_place);
    size_t kept = 0;
    for (size_t i = 0; i < ps->n; i++) {
        if (kept && ps->notes[kept - 1].shard == ps->notes[i].shard &&
            ps->notes[kept - 1].docid == ps->notes[i].docid) {
            uint64_t first = ps->notes[kept - 1].seq;
            ps->notes[kept - 1] = ps->notes[i];     /* the text it holds now */
            ps->notes[kept - 1].seq = first;
        } else {
            ps->notes[kept++] = ps->notes[i];
        }
    }
    ps->n = kept;
    qsort(ps->notes, ps->n, sizeof *ps->notes, by_seq);
    return GZ_OK;
}

static void sort_part(void *ctx, size_t p)
{
    struct pass *ps = ctx;
    size_t per_part = ps->nparts / GZ_MINHASHES;
    qsort(ps->parts + p * per_part, per_part, sizeof *ps->parts, by_u64);
}

/* The parts sorted: part number is their key's top bits, so each part's
 * keys are sorted on their own, in place of one sort of them all, whose
 * scratch copy (glibc's qsort merges) would be the pass's peak memory.
 * Two at a time when there are threads for it: six at once held six
 * scratch copies (the million's -j 8 peak went from 189 to 233 MB) to
 * save a fraction of a second. */
static gz_status sort_parts(struct pass *ps, unsigned threads)
{
    size_t signed_notes = 0;
    for (size_t i = 0; i < ps->n; i++)
        signed_notes += ps->notes[i].has_signature != 0;
    if (ps->n && !(ps->parts = malloc((signed_notes ? signed_notes : 1) * GZ_MINHASHES *
                                      sizeof *ps->parts)))
        return GZ_ERR_NOMEM;
    if (ps->n && !(ps->root = malloc(ps->n * sizeof *ps->root)))
        return GZ_ERR_NOMEM;
    size_t j = 0;
    for (size_t i = 0; i < ps->n; i++) {
        ps->root[i] = NO_STORY;
        if (!ps->notes[i].has_signature)
            continue;
        for (unsigned p = 0; p < GZ_MINHASHES; p++)
            ps->parts[p * signed_notes + j] = part_key(p, ps->notes[i].signature[p], i);
        j++;
    }
    ps->nparts = signed_notes * GZ_MINHASHES;
    if (signed_notes)
        gz_each(GZ_MINHASHES, threads < 2 ? threads : 2, sort_part, ps);
    return GZ_OK;
}

static size_t lower_bound(const uint64_t *a, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* One thread's scratch: the holders of an article's parts. */
struct holders {
    uint32_t *held;
    size_t n, cap;
};

/* The earlier articles holding each part of article i's signature: the
 * oldest GZ_STORY_MAX_HOLDERS of each, as a one-thread run reads them. */
static gz_status collect_holders(const struct pass *ps, size_t i, struct holders *h)
{
    h->n = 0;
    for (unsigned p = 0; p < GZ_MINHASHES; p++) {
        uint64_t base = part_key(p, ps->notes[i].signature[p], 0);
        size_t lo = lower_bound(ps->parts, ps->nparts, base);
        size_t at = lower_bound(ps->parts, ps->nparts, base | i);
        size_t hi = at - lo > GZ_STORY_MAX_HOLDERS ? lo + GZ_STORY_MAX_HOLDERS : at;
        for (size_t k = lo; k < hi; k++) {
            if (gz_array_reserve(&h->held, &h->cap, h->n, sizeof *h->held) < 0)
                return GZ_ERR_NOMEM;
            h->held[h->n++] = (uint32_t)(ps->parts[k] & INDEX_MASK);
        }
    }
    return GZ_OK;
}

struct candidate {
    uint32_t index;
    unsigned shared;
};

static int by_shared(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->shared != y->shared)
        return x->shared > y->shared ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);   /* older first */
}

/* The candidates among the holders (sorted): those holding at least
 * GZ_STORY_MIN_SHARED parts, most shared first, the best few. */
static size_t pick_candidates(struct holders *h, struct candidate *out)
{
    size_t n = 0, cap = GZ_STORY_MAX_CANDIDATES * 4;
    struct candidate all[GZ_STORY_MAX_CANDIDATES * 4];
    qsort(h->held, h->n, sizeof *h->held, by_u32);
    for (size_t i = 0, j; i < h->n; i = j) {
        for (j = i + 1; j < h->n && h->held[j] == h->held[i]; j++)
            ;
        if (j - i < GZ_STORY_MIN_SHARED)
            continue;
        if (n == cap) {     /* keep the best: those sharing more push out those sharing fewer */
            qsort(all, n, sizeof *all, by_shared);
            n = cap / 2;
        }
        all[n++] = (struct candidate){h->held[i], (unsigned)(j - i)};
    }
    qsort(all, n, sizeof *all, by_shared);
    if (n > GZ_STORY_MAX_CANDIDATES)
        n = GZ_STORY_MAX_CANDIDATES;
    memcpy(out, all, n * sizeof *out);
    return n;
}

/* Article i's story: that of the closest of its candidates (earlier
 * articles) that it copies. */
static gz_status settle_article(struct pass *ps, size_t i, const struct candidate *cands,
                                size_t ncands)
{
    const gz_story_note *x = &ps->notes[i];
    char id[GZ_STORY_KEY_MAX], ymd[9];
    gz_status st = gz_story_shingle_doc(ps->f, ps->shards[x->shard], x->docid, &ps->mine, id, ymd);
    if (st != GZ_OK)
        return st;
    double best = -1;
    uint32_t best_index = NO_STORY;
    for (size_t c = 0; c < ncands && st == GZ_OK; c++) {
        const gz_story_note *y = &ps->notes[cands[c].index];
        double j = -1;
        st = gz_story_similarity(ps->f, ps->shards[y->shard], y->docid, id, ymd, &ps->mine, &j);
        if (st == GZ_OK && j > best) {
            best = j;
            best_index = cands[c].index;
        }
    }
    if (st != GZ_OK || best < 0)
        return st;
    if (ps->root[best_index] == NO_STORY)
        ps->root[best_index] = best_index;      /* the first article of its story */
    ps->root[i] = ps->root[best_index];
    ps->joined++;
    return GZ_OK;
}

/* ---- the articles in blocks ---------------------------------------------
 * An article's candidates depend on the signatures alone, not on the
 * stories found before it: they are found for a block of articles on
 * several threads, then the block is settled in input order on one (the
 * shards' writers are read there), as a one-thread run would. */

#define BLOCK 16384
#define MAX_FINDERS 64

struct block {
    const struct pass *ps;
    size_t first, n, chunk;         /* articles [first, first + n), chunk each */
    struct candidate (*cands)[GZ_STORY_MAX_CANDIDATES];
    unsigned char *ncands;
    struct holders scratch[MAX_FINDERS];
    gz_status st[MAX_FINDERS];
};

static void find_chunk(void *ctx, size_t t)
{
    struct block *b = ctx;
    size_t from = t * b->chunk, to = from + b->chunk < b->n ? from + b->chunk : b->n;
    for (size_t k = from; k < to && b->st[t] == GZ_OK; k++) {
        size_t i = b->first + k;
        b->ncands[k] = 0;
        if (!b->ps->notes[i].has_signature)
            continue;
        if ((b->st[t] = collect_holders(b->ps, i, &b->scratch[t])) == GZ_OK &&
            b->scratch[t].n >= GZ_STORY_MIN_SHARED)
            b->ncands[k] = (unsigned char)pick_candidates(&b->scratch[t], b->cands[k]);
    }
}

static gz_status settle_block(struct pass *ps, struct block *b, unsigned threads)
{
    size_t chunks = threads < MAX_FINDERS ? threads : MAX_FINDERS;
    b->chunk = (b->n + chunks - 1) / chunks;
    gz_each((b->n + b->chunk - 1) / b->chunk, threads, find_chunk, b);
    for (size_t t = 0; t < chunks; t++)
        if (b->st[t] != GZ_OK)
            return b->st[t];
    gz_status st = GZ_OK;
    for (size_t k = 0; k < b->n && st == GZ_OK; k++)
        if (b->ncands[k])
            st = settle_article(ps, b->first + k, b->cands[k], b->ncands[k]);
    return st;
}

static gz_status settle_articles(struct pass *ps, unsigned threads)
{
    struct block *b = calloc(1, sizeof *b);
    size_t cap = ps->n < BLOCK ? ps->n : BLOCK;
    if (!b || !(b->cands = malloc((cap ? cap : 1) * sizeof *b->cands)) ||
        !(b->ncands = malloc(cap ? cap : 1))) {
        if (b)
            free(b->cands);
        free(b);
        return GZ_ERR_NOMEM;
    }
    b->ps = ps;
    gz_status st = GZ_OK;
    for (size_t first = 0; first < ps->n && st == GZ_OK; first += BLOCK) {
        b->first = first;
        b->n = ps->n - first < BLOCK ? ps->n - first : BLOCK;
        st = settle_block(ps, b, threads ? threads : 1);
    }
    for (size_t t = 0; t < MAX_FINDERS; t++)
        free(b->scratch[t].held);
    free(b->cands);
    free(b->ncands);
    free(b);
    return st;
}

/* The id a stored article gives (malloc'd), NULL when it has none. */
static char *stored_id(gz_xap_doc *doc)
{
    const char *data, *json, *body;
    size_t len, json_len, body_len;
    if (gz_xap_doc_get_data(doc, &data, &len) != GZ_OK)
        return NULL;
    gz_schema_data_decode(data, len, &json, &json_len, &body, &body_len);
    json_t *obj = json_loadb(json, json_len, 0, NULL);
    const char *id = json_string_value(json_object_get(obj, "id"));
    char *copy = id && *id && strlen(id) < GZ_STORY_KEY_MAX ? strdup(id) : NULL;
    json_decref(obj);
    return copy;
}

/* ---- writing the keys, shard by shard -----------------------------------
 * Each shard is one writer, so each is written on a thread of its own: first
 * the ids of the stories' first articles are read (a copy may sit in another
 * shard than its first article), then every article of a story is written. */

struct key_pass {
    struct pass *ps;
    char **keys;                /* a story's key, at its first article's index */
    gz_status *st;              /* one per shard */
};

static void read_keys(void *ctx, size_t k)
{
    struct key_pass *kp = ctx;
    struct pass *ps = kp->ps;
    gz_xap_doc *doc = gz_xap_doc_new();
    gz_status st = doc ? GZ_OK : GZ_ERR_NOMEM;
    for (size_t i = 0; i < ps->n && st == GZ_OK; i++)
        if (ps->notes[i].shard == k && ps->root[i] == i &&
            (st = gz_xap_writer_get_doc(ps->shards[k], ps->notes[i].docid, doc)) == GZ_OK)
            kp->keys[i] = stored_id(doc);
    gz_xap_doc_free(doc);
    kp->st[k] = st;
}

/* Each article's story key: its first article takes its own id as value;
 * the others the value and the XS term. */
static void write_shard_keys(void *ctx, size_t k)
{
    struct key_pass *kp = ctx;
    struct pass *ps = kp->ps;
    gz_xap_writer *w = ps->shards[k];
    gz_xap_doc *doc = gz_xap_doc_new();
    gz_status st = doc ? GZ_OK : GZ_ERR_NOMEM;
    for (size_t i = 0; i < ps->n && st == GZ_OK; i++) {
        uint32_t r = ps->root[i];
        if (ps->notes[i].shard != k || r == NO_STORY || !kp->keys[r])
            continue;       /* (no key: no id to file the story under) */
        if ((st = gz_xap_writer_get_doc(w, ps->notes[i].docid, doc)) == GZ_OK &&
            (st = gz_story_set(doc, kp->keys[r], r == i)) == GZ_OK)
            st = gz_xap_writer_replace_docid(w, ps->notes[i].docid, doc);
    }
    gz_xap_doc_free(doc);
    kp->st[k] = st;
}

static gz_status first_failure(const gz_status *st, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (st[k] != GZ_OK)
            return st[k];
    return GZ_OK;
}

static gz_status write_keys(struct pass *ps, unsigned threads)
{
    struct key_pass kp = {ps, calloc(ps->n, sizeof *kp.keys), calloc(ps->nshards, sizeof *kp.st)};
    gz_status st = kp.keys && kp.st ? GZ_OK : GZ_ERR_NOMEM;
    if (st == GZ_OK) {
        gz_each(ps->nshards, threads, read_keys, &kp);
        st = first_failure(kp.st, ps->nshards);
    }
    if (st == GZ_OK) {
        gz_each(ps->nshards, threads, write_shard_keys, &kp);
        st = first_failure(kp.st, ps->nshards);
    }
    for (size_t i = 0; kp.keys && i < ps->n; i++)
        free(kp.keys[i]);
    free(kp.keys);
    free(kp.st);
    return st;
}

gz_status gz_story_ledger_settle(gz_story_finder *f, gz_story_ledger *ledgers,
                                 gz_xap_writer *const *shards, size_t n, unsigned threads,
                                 unsigned long *joined)
{
    struct pass ps = {.f = f, .shards = shards, .nshards = n};
    gz_status st = gather_notes(&ps, ledgers, n);
    if (st == GZ_OK)
        st = sort_parts(&ps, threads);
    if (st == GZ_OK)
        st = settle_articles(&ps, threads);
    free(ps.parts);     /* before the writes: they need the memory more */
    ps.parts = NULL;
    if (st == GZ_OK && ps.joined)
        st = write_keys(&ps, threads);
    *joined = ps.joined;
    for (size_t k = 0; k < n; k++)
        gz_story_ledger_release(&ledgers[k]);
    free(ps.notes);
    free(ps.root);
    gz_shingles_release(&ps.mine);
    return st;
}
