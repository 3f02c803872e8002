/*
 * facets.c - splitting the spies' counted combinations into per-entity
 * counts (facets.h).  Where and how they are counted: facet_plan.c.
 */
#include "facets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "schema.h"
#include "strmap.h"

/* One entity: its total and the spellings seen, the commonest shown. */
struct agg {
    char *best;
    unsigned long best_count;
    unsigned long count;
    gz_strmap forms;          /* spelling -> count (as uintptr_t) */
};

static void agg_free(void *p)
{
    struct agg *a = p;
    gz_strmap_release(&a->forms, NULL);
    free(a);
}

/* Adds count articles to the entity under key, written as form (NULL when
 * the key is what is shown: country codes, months). */
static int agg_add(gz_strmap *m, const char *key, size_t keylen, const char *form,
                   size_t formlen, unsigned long count)
{
    struct agg *a = gz_strmap_get(m, key, keylen);
    if (!a) {
        if (!(a = calloc(1, sizeof *a)) || gz_strmap_put(m, key, keylen, a) < 0) {
            free(a);
            return -1;
        }
    }
    a->count += count;
    if (!form)
        return 0;
    unsigned long seen = (unsigned long)(uintptr_t)gz_strmap_get(&a->forms, form, formlen) + count;
    if (gz_strmap_put(&a->forms, form, formlen, (void *)(uintptr_t)seen) < 0)
        return -1;
    if (seen > a->best_count) {
        a->best_count = seen;
        int same = a->best && strlen(a->best) == formlen && memcmp(a->best, form, formlen) == 0;
        /* keys are stable copies owned by the map */
        for (size_t i = 0; !same && i < a->forms.cap; i++)
            if (a->forms.keys[i] && strlen(a->forms.keys[i]) == formlen &&
                strncmp(a->forms.keys[i], form, formlen) == 0)
                a->best = a->forms.keys[i];
    }
    return 0;
}

static int by_count(const void *x, const void *y)
{
    const gz_facet_value *a = x, *b = y;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return strcmp(a->label, b->label);
}

static int by_value(const void *x, const void *y)
{
    return strcmp(((const gz_facet_value *)x)->value, ((const gz_facet_value *)y)->value);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

void gz_facet_list_order(gz_facet_list *l, int months, unsigned limit)
{
    qsort(l->values, l->n, sizeof *l->values, months ? by_value : by_count);
    while (!months && limit && l->n > limit) {
        l->n--;
        free(l->values[l->n].value);
        free(l->values[l->n].label);
    }
}

/* Turns the aggregated map into a sorted, cut list. */
static int to_list(const gz_facet_env *env, gz_strmap *m, int countries, int months,
                   unsigned limit, double scale, gz_facet_list *out)
{
    out->values = calloc(m->count + 1, sizeof *out->values);
    if (!out->values)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        struct agg *a = m->values[i];
        gz_facet_value *v = &out->values[out->n++];
        const char *label = countries ? env->country_label(env->ctx, m->keys[i]) : NULL;
        v->value = dup_or_empty(countries || months ? m->keys[i] : a->best);
        v->label = dup_or_empty(label ? label : countries || months ? m->keys[i] : a->best);
        v->count = scale == 1 ? a->count : (unsigned long)(a->count * scale + 0.5);
        v->exact = scale == 1;
        if (!v->value || !v->label)
            return -1;
    }
    gz_facet_list_order(out, months, limit);
    return 0;
}

/* Where the parts of counted values go: each entity (key, the spelling
 * seen or NULL, the articles holding it) handed to add(), for the facets
 * in `facets` (a bit each).  Entity keys are memoised by spelling: a
 * sample's thousands of values name the same people again and again, and
 * a key costs a run of the analyzer. */
struct keys {
    gz_analyzer *folder;
    gz_strmap memo;           /* spelling -> malloc'd key ("" when none) */
    int days;                 /* dates by day, not by month */
    unsigned facets;
    int (*add)(void *to, int f, const char *key, size_t keylen, const char *form,
               size_t formlen, unsigned long count);
    void *to;
};

static const char *key_of(struct keys *k, const char *form, size_t n)
{
    char *key = gz_strmap_get(&k->memo, form, n);
    if (key)
        return key;
    char buf[256];
    size_t klen = gz_entity_key(k->folder, form, buf, sizeof buf);
    if (!(key = malloc(klen + 1)))
        return NULL;
    memcpy(key, buf, klen);
    key[klen] = '\0';
    if (gz_strmap_put(&k->memo, form, n, key) < 0) {
        free(key);
        return NULL;
    }
    return key;
}

/* Adds one TAB-separated list of entities, held by `count` articles. */
static int add_list(struct keys *k, int f, const char *list, size_t len, unsigned long count)
{
    int keyed = f != GZ_FACET_COUNTRY;
    const char *end = list + len;
    for (const char *item = list; item < end;) {
        const char *sep = memchr(item, GZ_FACET_SEP, (size_t)(end - item));
        size_t n = sep ? (size_t)(sep - item) : (size_t)(end - item);
        char form[256];
        if (n > 0 && n < sizeof form) {
            memcpy(form, item, n);
            form[n] = '\0';
            const char *key = keyed ? key_of(k, form, n) : form;
            if (!key || (*key && k->add(k->to, f, key, strlen(key), keyed ? form : NULL, n,
                                        count) < 0))
                return -1;
        }
        item += n + 1;
    }
    return 0;
}

/* Adds a YYYYMMDD date to its month (or its day). */
static int add_day(struct keys *k, const char *ymd, size_t len, unsigned long count)
{
    if (len != 8)
        return 0;
    char when[11] = {ymd[0], ymd[1], ymd[2], ymd[3], '-', ymd[4], ymd[5], '-', ymd[6], ymd[7], 0};
    return k->add(k->to, GZ_FACET_MONTH, when, k->days ? 10 : 7, NULL, 0, count);
}

/* Facet f's part of a counted value: the whole value from its own slot, or
 * the f-th group of the combined value. */
static int add_part(struct keys *k, int f, const char *v, size_t len, unsigned long count)
{
    if (!(k->facets & 1u << f))
        return 0;
    if (f == GZ_FACET_MONTH)
        return add_day(k, v, len, count);
    return add_list(k, f, v, len, count);
}

static int split_combined(struct keys *k, const char *v, size_t len, unsigned long count)
{
    const char *groups[GZ_FACET_GROUPS];
    size_t lens[GZ_FACET_GROUPS];
    size_t n = gz_schema_facets_split(v, len, groups, lens);
    for (size_t f = 0; f < n; f++)
        if (add_part(k, (int)f, groups[f], lens[f], count) < 0)
            return -1;
    return 0;
}

/* Hands the spies' counts to k->add, entity by entity, from the one spy on
 * the combined slot or the spies on the facet slots. */
static int aggregate(struct keys *k, gz_xap_results *xr, int combined)
{
    int rc = 0;
    for (int f = 0; f < (combined ? 1 : GZ_NFACETS) && rc == 0; f++)
        for (size_t i = 0; rc == 0 && i < gz_xap_results_spy_size(xr, (size_t)f); i++) {
            size_t len;
            unsigned long count;
            const char *v = gz_xap_results_spy_value(xr, (size_t)f, i, &len, &count);
            rc = combined ? split_combined(k, v, len, count) : add_part(k, f, v, len, count);
        }
    return rc;
}

static int add_to_maps(void *to, int f, const char *key, size_t keylen, const char *form,
                       size_t formlen, unsigned long count)
{
    gz_strmap *maps = to;
    return agg_add(&maps[f], key, keylen, form, formlen, count);
}

const unsigned gz_facet_slots[GZ_NFACETS] = {GZ_SLOT_COUNTRIES, GZ_SLOT_PEOPLE, GZ_SLOT_ORGS,
                                              GZ_SLOT_DATE, GZ_SLOT_SOURCE};
const unsigned gz_facet_combined_slot[1] = {GZ_SLOT_FACETS};

void gz_facet_spies(gz_xap_search_opts *o, int combined)
{
    o->spy_slots = combined ? gz_facet_combined_slot : gz_facet_slots;
    o->nspies = combined ? 1 : GZ_NFACETS;
    o->split_groups = combined ? GZ_FACET_GROUP_SEP : 0;
    o->split_items = combined ? GZ_FACET_SEP : 0;
}

gz_status gz_facets_from_spies(const gz_facet_env *env, gz_xap_results *xr, int combined,
                               unsigned limit, double scale, gz_facet_list lists[GZ_NFACETS])
{
    gz_strmap maps[GZ_NFACETS] = {{0}};
    struct keys k = {env->folder, {0}, env->days, (1u << GZ_NFACETS) - 1, add_to_maps, maps};
    int rc = aggregate(&k, xr, combined);
    for (int f = 0; f < GZ_NFACETS; f++) {
        if (rc == 0)
            rc = to_list(env, &maps[f], f == GZ_FACET_COUNTRY, f == GZ_FACET_MONTH, limit, scale,
                         &lists[f]);
        gz_strmap_release(&maps[f], agg_free);
    }
    gz_strmap_release(&k.memo, free);
    return rc == 0 ? GZ_OK : GZ_ERR_NOMEM;
}

/* The values a recount asks for: by facet, key -> 1 + the index of its
 * counter (values sharing a key share one). */
struct wanted {
    gz_strmap keys[GZ_NFACETS];
    unsigned long *counts;
};

static int add_if_wanted(void *to, int f, const char *key, size_t keylen, const char *form,
                         size_t formlen, unsigned long count)
{
    (void)form;
    (void)formlen;
    struct wanted *w = to;
    uintptr_t at = (uintptr_t)gz_strmap_get(&w->keys[f], key, keylen);
    if (at)
        w->counts[at - 1] += count;
    return 0;
}

/* Values[i]'s counter, 1-based (0: a value with no key, counted 0). */
static int want(struct keys *k, struct wanted *w, gz_facet f, const char *value, size_t i,
                uintptr_t *at)
{
    const char *key = f == GZ_FACET_COUNTRY || f == GZ_FACET_MONTH
                          ? value : key_of(k, value, strlen(value));
    if (!key)
        return -1;
    *at = *key ? (uintptr_t)gz_strmap_get(&w->keys[f], key, strlen(key)) : 0;
    if (*key && !*at) {
        *at = i + 1;
        return gz_strmap_put(&w->keys[f], key, strlen(key), (void *)*at) < 0 ? -1 : 0;
    }
    return 0;
}

/* Only the values asked for are counted: a recount's pass sees tens of
 * thousands of entities, and keeping each one's spellings (as a facet
 * list must, to show the commonest) cost a third of the recount. */
gz_status gz_facets_count_values(const gz_facet_env *env, gz_xap_results *xr,
                                 const gz_facet *facets, gz_facet_value *const *values, size_t n)
{
    struct wanted w = {{{0}}, calloc(n ? n : 1, sizeof *w.counts)};
    uintptr_t *at = calloc(n ? n : 1, sizeof *at);
    struct keys k = {env->folder, {0}, env->days, 0, add_if_wanted, &w};
    int rc = w.counts && at ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = want(&k, &w, facets[i], values[i]->value, i, &at[i]);
        k.facets |= 1u << facets[i];
    }
    if (rc == 0)
        rc = aggregate(&k, xr, 1);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        values[i]->count = at[i] ? w.counts[at[i] - 1] : 0;
        values[i]->exact = 1;
    }
    for (int f = 0; f < GZ_NFACETS; f++)
        gz_strmap_release(&w.keys[f], NULL);
    free(w.counts);
    free(at);
    gz_strmap_release(&k.memo, free);
    return rc == 0 ? GZ_OK : GZ_ERR_NOMEM;
}

void gz_facet_list_release(gz_facet_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->values[i].value);
        free(l->values[i].label);
    }
    free(l->values);
    memset(l, 0, sizeof *l);
}
