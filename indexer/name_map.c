/*
 * name_map.c - one name per person across the archive (name_map.h).
 */
#include "name_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "names.h"
#include "schema.h"

/* Spelling variants: the surname's key is at least this long (shorter
 * names one letter apart are mostly different names: Hahn, Hahm), the
 * commoner is in this many articles or more, and this many times commoner. */
#define VARIANT_MIN_LETTERS 5
#define VARIANT_MIN_ARTICLES 3
#define VARIANT_RATIO 3
/* A surname alone goes to a full name in this many articles or more whose
 * namesakes together are rarer than 1/CREDIT_RATIO of it. */
#define CREDIT_MIN_ARTICLES 2
#define CREDIT_RATIO 10
/* A headline's word goes to a full name behind this many articles or more. */
#define CANDIDATE_MIN_ARTICLES 3
/* Company evidence needed to take a name out of the people facet. */
#define COMPANY_MIN_ARTICLES 2

static char no_name[] = "";

const char *gz_name_map_get(const gz_name_map *m, const char *written)
{
    const char *shown = gz_strmap_get(&m->shown, written, strlen(written));
    return shown ? shown : *written == GZ_NAME_CANDIDATE ? no_name : written;
}

gz_status gz_name_map_apply(const gz_name_map *m, const gz_entity_list *written, gz_entity_list *shown)
{
    gz_entity_list_release(shown);
    for (size_t i = 0; i < written->n; i++) {
        const char *s = gz_name_map_get(m, written->items[i]);
        if (*s && gz_entity_list_add(shown, s) < 0)
            return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

/* ---- deciding --------------------------------------------------------- */

/* The spellings of one key, and where the archive files them. */
struct group {
    char *key, *last_key;   /* of the whole name, of its last word */
    const char *best;       /* the commonest spelling */
    unsigned long best_articles, articles, as_company;
    size_t words;
    size_t target;          /* itself, or the group it is shown as */
    int dropped;            /* not a person */
};

/* Only headline words (GZ_NAME_CANDIDATE) wrote it: no article as a person. */
static int candidates_only(const struct group *gr)
{
    return gr->articles == 0;
}

struct decider {
    gz_analyzer *keyer;
    const gz_gazetteer *g;
    struct group *groups;
    size_t n, cap;
    gz_strmap by_key;       /* key -> group index + 1 */
    size_t *group_of;       /* vote -> group */
};

static size_t root(const struct decider *d, size_t g)
{
    while (d->groups[g].target != g)
        g = d->groups[g].target;
    return g;
}

static char *key_of(gz_analyzer *keyer, const char *name)
{
    char key[GZ_XAP_MAX_TERM + 1];
    return strdup(gz_entity_key(keyer, name, key, sizeof key) ? key : "");
}

static long group_for(struct decider *d, const char *name)
{
    char *key = key_of(d->keyer, name);
    if (!key)
        return -1;
    uintptr_t at = (uintptr_t)gz_strmap_get(&d->by_key, key, strlen(key));
    if (at) {
        free(key);
        return (long)at - 1;
    }
    if (gz_array_reserve(&d->groups, &d->cap, d->n, sizeof *d->groups) < 0 ||
        gz_strmap_put(&d->by_key, key, strlen(key), (void *)(uintptr_t)(d->n + 1)) < 0) {
        free(key);
        return -1;
    }
    memset(&d->groups[d->n], 0, sizeof d->groups[d->n]);
    d->groups[d->n].key = key;
    d->groups[d->n].target = d->n;
    return (long)d->n++;
}

static size_t capitals(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s >= 'A' && *s <= 'Z';
    return n;
}

/* Of two spellings as common as each other, the one written in ordinary
 * case ("Airbus", "Willy de Clercq", "Li Ka-shing"), then the shorter
 * (one space, not two), then the first in byte order. */
static int plainer(const char *a, const char *b)
{
    size_t ca = capitals(a), cb = capitals(b), la = strlen(a), lb = strlen(b);
    if (ca != cb)
        return ca < cb;
    if (la != lb)
        return la < lb;
    return strcmp(a, b) < 0;
}

static int gather(struct decider *d, const gz_name_votes *votes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int candidate = votes[i].name[0] == GZ_NAME_CANDIDATE;
        long g = group_for(d, votes[i].name + candidate);
        if (g < 0)
            return -1;
        struct group *gr = &d->groups[g];
        d->group_of[i] = (size_t)g;
        if (votes[i].as_company > gr->as_company)
            gr->as_company = votes[i].as_company;
        if (candidate) {        /* a spelling to show only while no article writes it */
            if (!gr->best)
                gr->best = votes[i].name + 1;
            continue;
        }
        gr->articles += votes[i].articles;
        if (!gr->best_articles || votes[i].articles > gr->best_articles ||
            (votes[i].articles == gr->best_articles && plainer(votes[i].name, gr->best))) {
            gr->best = votes[i].name;
            gr->best_articles = votes[i].articles;
        }
    }
    for (size_t g = 0; g < d->n; g++) {
        struct group *gr = &d->groups[g];
        const char *space = strrchr(gr->best, ' ');
        gr->words = 1;
        for (const char *c = gr->best; (c = strchr(c, ' ')); c++)
            gr->words++;
        if (!(gr->last_key = key_of(d->keyer, space ? space + 1 : gr->best)))
            return -1;
        gr->dropped = candidates_only(gr) ||
                      (gr->as_company >= COMPANY_MIN_ARTICLES && 2 * gr->as_company >= gr->articles);
    }
    return 0;
}

/* a and b one insertion, deletion or substitution apart. */
static int one_edit(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (la - lb > 1)
        return 0;
    size_t i = 0;
    while (i < lb && a[i] == b[i])
        i++;
    if (la == lb)
        return i < la && strcmp(a + i + 1, b + i + 1) == 0;
    return strcmp(a + i + 1, b + i) == 0;
}

/* The given names before the surname and its first letter: only names
 * that agree on these are compared as spellings of each other. */
static char *bucket_of(struct decider *d, const struct group *gr)
{
    const char *space = strrchr(gr->best, ' ');
    char *given = strndup(gr->best, (size_t)(space - gr->best));
    char *key = given ? key_of(d->keyer, given) : NULL;
    free(given);
    char *bucket = key ? malloc(strlen(key) + 3) : NULL;
    if (bucket) {
        strcpy(bucket, key);
        size_t n = strlen(bucket);
        bucket[n] = '\t';
        bucket[n + 1] = gr->last_key[0];
        bucket[n + 2] = '\0';
    }
    free(key);
    return bucket;
}

static int variant_pair(const struct group *big, const struct group *small)
{
    return big->articles >= VARIANT_MIN_ARTICLES && big->articles >= VARIANT_RATIO * small->articles &&
           strlen(big->last_key) >= VARIANT_MIN_LETTERS &&
           strlen(small->last_key) >= VARIANT_MIN_LETTERS && one_edit(big->last_key, small->last_key);
}

/* Each multi-word name becomes the commonest one-edit variant of it. */
static int merge_variants(struct decider *d)
{
    gz_strmap buckets = {0};   /* bucket -> first group + 1; chained by next[] */
    size_t *next = calloc(d->n + 1, sizeof *next);
    int rc = next ? 0 : -1;
    for (size_t g = 0; g < d->n && rc == 0; g++) {
        if (d->groups[g].words < 2 || d->groups[g].dropped)
            continue;
        char *bucket = bucket_of(d, &d->groups[g]);
        if (!bucket) {
            rc = -1;
            break;
        }
        uintptr_t head = (uintptr_t)gz_strmap_get(&buckets, bucket, strlen(bucket));
        for (uintptr_t o = head; o; o = next[o - 1]) {
            struct group *a = &d->groups[o - 1], *b = &d->groups[g];
            if (variant_pair(a, b) && (b->target == g || a->articles > d->groups[b->target].articles))
                b->target = o - 1;
            else if (variant_pair(b, a) &&
                     (a->target == o - 1 || b->articles > d->groups[a->target].articles))
                a->target = g;
        }
        next[g] = head;
        rc = gz_strmap_put(&buckets, bucket, strlen(bucket), (void *)(uintptr_t)(g + 1));
        free(bucket);
    }
    gz_strmap_release(&buckets, NULL);
    free(next);
    return rc;
}

struct namesakes {
    size_t top;
    unsigned long top_articles, all_articles;
};

/* A name written alone goes to the one full name the archive has for it. */
static int credit_surnames(struct decider *d)
{
    for (size_t g = 0; g < d->n; g++) {
        size_t r = root(d, g);
        if (r != g)
            d->groups[r].articles += d->groups[g].articles;
    }
    gz_strmap by_last = {0};
    int rc = 0;
    for (size_t g = 0; g < d->n && rc == 0; g++) {
        struct group *gr = &d->groups[g];
        if (gr->words < 2 || gr->dropped || gr->target != g)
            continue;
        struct namesakes *ns = gz_strmap_get(&by_last, gr->last_key, strlen(gr->last_key));
        if (!ns && (!(ns = calloc(1, sizeof *ns)) ||
                    gz_strmap_put(&by_last, gr->last_key, strlen(gr->last_key), ns) < 0)) {
            free(ns);
            rc = -1;
            break;
        }
        ns->all_articles += gr->articles;
        if (gr->articles > ns->top_articles) {
            ns->top = g;
            ns->top_articles = gr->articles;
        }
    }
    for (size_t g = 0; g < d->n && rc == 0; g++) {
        struct group *gr = &d->groups[g];
        struct namesakes *ns = gz_strmap_get(&by_last, gr->key, strlen(gr->key));
        if (gr->words != 1 || gr->target != g || !ns || ns->top_articles < CREDIT_MIN_ARTICLES ||
            (d->g && (gz_gazetteer_word_class(d->g, gr->key, strlen(gr->key)) & GZ_WORD_GIVEN)))
            continue;
        int one_person = (ns->all_articles - ns->top_articles) * CREDIT_RATIO < ns->top_articles;
        /* a headline's word alone: one well-known full name, no company */
        if (candidates_only(gr)) {
            if (one_person && ns->top_articles >= CANDIDATE_MIN_ARTICLES && !gr->as_company) {
                gr->dropped = 0;
                gr->target = ns->top;
            }
            continue;
        }
        /* A surname of people the archive names in full is theirs, even
         * when a company bears it too ("Baker International"). */
        gr->dropped = 0;
        if (one_person)
            gr->target = ns->top;
    }
    gz_strmap_release(&by_last, free);
    return rc;
}

static int emit(struct decider *d, const gz_name_votes *votes, size_t n, gz_name_map *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t g = d->group_of[i], r = root(d, g);
        /* a headline's word counts only as the full name it was credited to;
         * uncredited, it needs no entry (gz_name_map_get) */
        if (votes[i].name[0] == GZ_NAME_CANDIDATE && (r == g || d->groups[r].dropped))
            continue;
        const char *shown = d->groups[g].dropped || d->groups[r].dropped ? no_name : d->groups[r].best;
        if (strcmp(shown, votes[i].name) == 0)
            continue;
        char *copy = strdup(shown);
        if (!copy || gz_strmap_put(&out->shown, votes[i].name, strlen(votes[i].name), copy) < 0) {
            free(copy);
            return -1;
        }
    }
    return 0;
}

gz_status gz_name_map_decide(gz_analyzer *keyer, const gz_gazetteer *gazetteer, const gz_name_votes *votes,
                       size_t n, gz_name_map *out)
{
    struct decider d = {.keyer = keyer, .g = gazetteer};
    d.group_of = calloc(n + 1, sizeof *d.group_of);
    int rc = d.group_of && gather(&d, votes, n) == 0 && merge_variants(&d) == 0 &&
                     credit_surnames(&d) == 0 && emit(&d, votes, n, out) == 0
                 ? 0
                 : -1;
    for (size_t g = 0; g < d.n; g++) {
        free(d.groups[g].key);
        free(d.groups[g].last_key);
    }
    free(d.groups);
    free(d.group_of);
    gz_strmap_release(&d.by_key, NULL);
    return rc;
}

/* ---- storing ---------------------------------------------------------- */

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

gz_status gz_name_map_format(const gz_name_map *m, gz_strbuf *out)
{
    gz_strbuf_reset(out);
    char **names = malloc((m->shown.count + 1) * sizeof *names);
    if (!names)
        return GZ_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < m->shown.cap; i++)
        if (m->shown.keys[i])
            names[n++] = m->shown.keys[i];
    qsort(names, n, sizeof *names, by_string);
    int fail = 0;
    for (size_t i = 0; i < n && !fail; i++)
        fail = gz_strbuf_addstr(out, names[i]) < 0 || gz_strbuf_addch(out, '\t') < 0 ||
               gz_strbuf_addstr(out, gz_name_map_get(m, names[i])) < 0 ||
               gz_strbuf_addch(out, '\n') < 0;
    free(names);
    return fail ? GZ_ERR_NOMEM : GZ_OK;
}

static gz_status parse_line(void *ctx, const char *written, size_t wlen, const char *shown_text,
                            size_t slen)
{
    gz_name_map *m = ctx;
    char *shown = strndup(shown_text, slen);
    char *old = gz_strmap_get(&m->shown, written, wlen);
    if (!shown || gz_strmap_put(&m->shown, written, wlen, shown) < 0) {
        free(shown);
        return GZ_ERR_NOMEM;
    }
    free(old);      /* a repeated line: the last one holds */
    return GZ_OK;
}

gz_status gz_name_map_parse(gz_name_map *m, const char *text)
{
    return gz_schema_names_each(text, parse_line, m);
}

void gz_name_map_release(gz_name_map *m)
{
    gz_strmap_release(&m->shown, free);
}
