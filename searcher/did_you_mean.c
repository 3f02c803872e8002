/*
 * did_you_mean.c - corrections from the archive's word list (did_you_mean.h).
 */
#include "did_you_mean.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "schema.h"

#define MAX_EDITS 2
#define MAX_CHARS 64            /* longer words are not corrected */

typedef struct word32 {
    int32_t c[MAX_CHARS];
    size_t n;
} word32;

/* UTF-8 to code points; -1 when too long or not UTF-8. */
static int decode(const char *s, size_t len, word32 *w)
{
    w->n = 0;
    for (size_t at = 0; at < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + at,
                                              (utf8proc_ssize_t)(len - at), &cp);
        if (k <= 0 || w->n == MAX_CHARS)
            return -1;
        w->c[w->n++] = cp;
        at += (size_t)k;
    }
    return 0;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Edits from a to b (insert, delete, replace, swap two neighbours), or
 * limit + 1 when more than limit. */
static size_t edits(const word32 *a, const word32 *b, size_t limit)
{
    size_t diff = a->n > b->n ? a->n - b->n : b->n - a->n;
    if (diff > limit)
        return limit + 1;
    static const size_t W = MAX_CHARS + 1;
    size_t d[(MAX_CHARS + 1) * (MAX_CHARS + 1)];
    for (size_t i = 0; i <= a->n; i++)
        d[i * W] = i;
    for (size_t j = 0; j <= b->n; j++)
        d[j] = j;
    for (size_t i = 1; i <= a->n; i++) {
        size_t row_min = limit + 1;
        for (size_t j = 1; j <= b->n; j++) {
            size_t cost = a->c[i - 1] != b->c[j - 1];
            size_t v = min3(d[(i - 1) * W + j] + 1, d[i * W + j - 1] + 1,
                            d[(i - 1) * W + j - 1] + cost);
            if (i > 1 && j > 1 && a->c[i - 1] == b->c[j - 2] && a->c[i - 2] == b->c[j - 1] &&
                d[(i - 2) * W + j - 2] + 1 < v)
                v = d[(i - 2) * W + j - 2] + 1;
            d[i * W + j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > limit)
            return limit + 1;
    }
    return d[a->n * W + b->n] <= limit ? d[a->n * W + b->n] : limit + 1;
}

struct search {
    gz_xap_reader *reader;
    gz_analyzer *stemmer;
    word32 typed;
    size_t limit, best_edits;
    unsigned long best_freq;
    char *best;
    size_t prefix_len;
    int nomem;
};

static unsigned long stem_freq(struct search *s, const char *word, size_t len)
{
    size_t stem_len;
    const char *stem = gz_analyzer_stem(s->stemmer, word, len, &stem_len);
    unsigned long freq = 0;
    if (stem && stem_len <= GZ_XAP_MAX_TERM) {
        char term[GZ_XAP_MAX_TERM + 1];
        memcpy(term, stem, stem_len);
        term[stem_len] = '\0';
        if (gz_xap_reader_termfreq(s->reader, term, &freq) != GZ_OK)
            freq = 0;
    }
    return freq;
}

/* Each listed word of the typed word's first letter. */
static int consider(void *ctx, const char *key, size_t len, unsigned long unused)
{
    (void)unused;
    struct search *s = ctx;
    const char *word = key + s->prefix_len;
    size_t wlen = len - s->prefix_len;
    word32 candidate;
    if (decode(word, wlen, &candidate) < 0)
        return 0;
    size_t e = edits(&candidate, &s->typed, s->best_edits);
    if (e == 0 || e > s->best_edits)
        return 0;
    unsigned long freq = stem_freq(s, word, wlen);
    /* a tie goes to the word first in byte order, whichever shard listed it */
    if (e == s->best_edits && s->best &&
        (freq < s->best_freq || (freq == s->best_freq && strcmp(s->best, word) < 0)))
        return 0;
    char *copy = malloc(wlen + 1);
    if (!copy) {
        s->nomem = 1;
        return 1;
    }
    memcpy(copy, word, wlen);
    copy[wlen] = '\0';
    free(s->best);
    s->best = copy;
    s->best_edits = e;
    s->best_freq = freq;
    return 0;
}

gz_status gz_did_you_mean(gz_xap_reader *r, gz_analyzer *stemmer, int has_word_list,
                          const char *word, char **better)
{
    *better = NULL;
    if (!has_word_list)
        return gz_xap_reader_spelling(r, word, MAX_EDITS, better);
    struct search s = {.reader = r, .stemmer = stemmer};
    size_t len = strlen(word);
    if (len < 2 || decode(word, len, &s.typed) < 0)
        return GZ_OK;
    s.best_edits = s.typed.n - 1 < MAX_EDITS ? s.typed.n - 1 : MAX_EDITS;
    /* the slice of the list that shares the first letter */
    utf8proc_int32_t first;
    utf8proc_ssize_t first_len = utf8proc_iterate((const utf8proc_uint8_t *)word,
                                                  (utf8proc_ssize_t)len, &first);
    char prefix[64];
    size_t plen = strlen(GZ_META_WORD);
    memcpy(prefix, GZ_META_WORD, plen);
    memcpy(prefix + plen, word, (size_t)first_len);
    prefix[plen + (size_t)first_len] = '\0';
    s.prefix_len = plen;
    gz_status st = gz_xap_reader_each_metadata_key(r, prefix, consider, &s);
    if (st == GZ_OK && s.nomem)
        st = GZ_ERR_NOMEM;
    if (st != GZ_OK) {
        free(s.best);
        return st;
    }
    *better = s.best;
    return GZ_OK;
}
