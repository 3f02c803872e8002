/*
 * shingles.c - shingle sets and their MinHash signatures (shingles.h).
 */
#include "shingles.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "hash.h"

/* A 64-bit finaliser (MurmurHash3's): each output bit depends on every
 * input bit, so that x ^ seed_i gives independent-looking permutations. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

void gz_shingles_reset(gz_shingles *s)
{
    s->n = 0;
    s->nnumbers = 0;
    s->words = 0;
    s->sorted = 0;
    s->has_signature = 0;
    s->previous_len = 0;
}

static int push(uint64_t **items, size_t *n, size_t *cap, uint64_t v)
{
    if (*n == *cap && gz_array_reserve(items, cap, *n, sizeof **items) < 0)
        return -1;
    (*items)[(*n)++] = v;
    return 0;
}

/* "March 24" is a date: a dateline's, or an event's (a repeat the next
 * day carries the next day's dateline).  Folded month names and their
 * abbreviations. */
static int is_month(const char *word, size_t len)
{
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };
    /* most words fail on their length or first letter: no loop for them */
    if (len < 3 || len > 9 || !strchr("jfmasond", word[0]))
        return 0;
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
        if (months[i][0] == word[0] && strlen(months[i]) == len && memcmp(months[i], word, len) == 0)
            return 1;
    return 0;
}

gz_status gz_shingles_add(gz_shingles *s, const char *word, size_t len, int is_number)
{
    uint64_t h = gz_hash64(word, len, GZ_HASH_SEED);
    if (is_number && !is_month(s->previous, s->previous_len) &&
        push(&s->numbers, &s->nnumbers, &s->numbers_cap, h) < 0)
        return GZ_ERR_NOMEM;
    /* kept only as long as a month's name: a number after it is a date */
    s->previous_len = len < sizeof s->previous ? len : 0;
    memcpy(s->previous, word, s->previous_len);
    /* The window slides down one place: five words, the oldest first. */
    memmove(s->window, s->window + 1, (GZ_SHINGLE_WORDS - 1) * sizeof *s->window);
    s->window[GZ_SHINGLE_WORDS - 1] = h;
    if (++s->words < GZ_SHINGLE_WORDS)
        return GZ_OK;
    /* As a polynomial: the order matters; one mix at the end spreads it. */
    uint64_t sh = 0;
    for (size_t k = 0; k < GZ_SHINGLE_WORDS; k++)
        sh = sh * 0x100000001b3ULL + s->window[k];
    return push(&s->hashes, &s->n, &s->cap, mix64(sh));
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static size_t sort_unique(uint64_t *v, size_t n)
{
    if (n < 2)
        return n;
    qsort(v, n, sizeof *v, by_value);
    size_t out = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[out - 1])
            v[out++] = v[i];
    return out;
}

static void sort_once(gz_shingles *s)
{
    if (s->sorted)
        return;
    s->n = sort_unique(s->hashes, s->n);
    s->nnumbers = sort_unique(s->numbers, s->nnumbers);
    s->sorted = 1;
}

void gz_shingles_finish(gz_shingles *s)
{
    uint32_t best[GZ_MINHASHES];
    int seen[GZ_MINHASHES] = {0};
    for (size_t k = 0; k < s->n; k++) {
        uint64_t v = mix64(s->hashes[k] ^ 0x9e3779b97f4a7c15ULL);
        /* the high half picks the bin, the low half is the value */
        unsigned bin = (unsigned)(((v >> 32) * GZ_MINHASHES) >> 32);
        uint32_t value = (uint32_t)v;
        if (!seen[bin] || value < best[bin]) {
            best[bin] = value;
            seen[bin] = 1;
        }
    }
    s->has_signature = s->n > 0;
    for (unsigned i = 0; i < GZ_MINHASHES && s->has_signature; i++) {
        unsigned j = i;
        while (!seen[j])            /* densify: the next non-empty bin, with its offset */
            j = (j + 1) % GZ_MINHASHES;
        s->signature[i] = best[j] + (j - i + GZ_MINHASHES) % GZ_MINHASHES;
    }
}

void gz_shingles_release(gz_shingles *s)
{
    free(s->hashes);
    free(s->numbers);
    memset(s, 0, sizeof *s);
}

static size_t common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, both = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            both++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return both;
}

double gz_shingles_jaccard(gz_shingles *a, gz_shingles *b)
{
    sort_once(a);
    sort_once(b);
    size_t both = common(a->hashes, a->n, b->hashes, b->n);
    size_t either = a->n + b->n - both;
    return either ? (double)both / (double)either : 0.0;
}

bool gz_shingles_same_numbers(gz_shingles *a, gz_shingles *b)
{
    sort_once(a);
    sort_once(b);
    return a->nnumbers == b->nnumbers &&
           common(a->numbers, a->nnumbers, b->numbers, b->nnumbers) == a->nnumbers;
}
