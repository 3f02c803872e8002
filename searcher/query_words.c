/*
 * query_words.c - text that does not parse as query syntax, searched as
 * plain words: quotes, parentheses, fields and operators are punctuation;
 * a long pasted text becomes a query by example (query_int.h).
 */
#include "query_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"

/* The text with the operator words AND, OR, NOT blanked out (same length,
 * so word offsets still point into the original). */
static char *without_operators(const char *text)
{
    char *copy = strdup(text);
    for (char *p = copy; p && *p;) {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        char *end = p;
        while (*end && !isspace((unsigned char)*end))
            end++;
        size_t n = (size_t)(end - p);
        if ((n == 2 && !strncmp(p, "OR", 2)) || (n == 3 && (!strncmp(p, "AND", 3) || !strncmp(p, "NOT", 3))))
            memset(p, ' ', n);
        p = end;
    }
    return copy;
}

struct compound {
    size_t start, end;          /* tokens [start, end) of its first use */
    unsigned long df;           /* articles holding it (query by example) */
    unsigned times;             /* uses in the text */
};

static int by_rarity(const void *a, const void *b)
{
    const struct compound *x = a, *y = b;
    return x->df != y->df ? (x->df < y->df ? -1 : 1) : (x->start < y->start ? -1 : 1);
}

static int by_position(const void *a, const void *b)
{
    const struct compound *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The distinct compounds of c, each with how often the text uses it. */
static struct compound *distinct_compounds(const struct chunk *c, size_t *n)
{
    struct compound *list = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t i = 0, j; i < c->n; i = j) {
        j = qp_compound_end(c, i);
        size_t seen = *n;
        for (size_t k = 0; k < *n && seen == *n; k++)
            if (list[k].end - list[k].start == j - i &&
                strcmp(c->tok[list[k].end - 1].term, c->tok[j - 1].term) == 0 &&
                strcmp(c->tok[list[k].start].term, c->tok[i].term) == 0)
                seen = k;
        if (seen < *n) {
            list[seen].times++;
            continue;
        }
        if (gz_array_reserve(&list, &cap, *n, sizeof *list) < 0) {
            free(list);
            return NULL;
        }
        list[(*n)++] = (struct compound){i, j, 0, 1};
    }
    return list;
}

/* Long pasted text ("query by example"): its words that the index holds,
 * rarest first, up to GZ_QUERY_EXAMPLE_WORDS of them and while their
 * posting lists add up to at most GZ_QUERY_EXAMPLE_POSTINGS (never fewer
 * than GZ_QUERY_EXAMPLE_MIN), in text order.  Rare words say most about
 * what the text is about, and the cap on postings bounds what the search
 * reads when the text is all common words. */
static size_t keep_rarest(struct parser *ps, const struct chunk *c, struct compound *list, size_t n,
                          size_t *held)
{
    size_t found = 0;
    for (size_t k = 0; k < n; k++) {
        list[k].df = ps->env->termfreq(ps->env->ctx, c->tok[list[k].start].term);
        if (list[k].df)
            list[found++] = list[k];
    }
    qsort(list, found, sizeof *list, by_rarity);
    *held = found;
    size_t kept = 0;
    unsigned long postings = 0;
    while (kept < found && kept < GZ_QUERY_EXAMPLE_WORDS &&
           (kept < GZ_QUERY_EXAMPLE_MIN || postings + list[kept].df <= GZ_QUERY_EXAMPLE_POSTINGS))
        postings += list[kept++].df;
    qsort(list, kept, sizeof *list, by_position);
    return kept;
}

/* Searches the text as plain words: quotes, parentheses, fields and
 * operators are punctuation.  All words are required (any with --any), or,
 * past GZ_QUERY_LONG_WORDS distinct words, any of them (the rarest, past
 * GZ_QUERY_EXAMPLE_WORDS; *cut says so).  A word the text repeats weighs as
 * often (BM25's query term frequency). *cut: how many were kept, when
 * some were left out (else 0). */
gz_xap_query *qp_as_words(struct parser *ps, int *by_example, size_t *cut)
{
    *by_example = 0;
    *cut = 0;
    char *text = without_operators(ps->text);
    struct chunk *c = text ? qp_analyze(ps, text, strlen(text), SIZE_MAX) : NULL;
    size_t n = 0;
    struct compound *list = c ? distinct_compounds(c, &n) : NULL;
    if (!text || (c && c->n && !list))
        qp_oom(ps);
    if (!ps->failed && n > GZ_QUERY_LONG_WORDS) {
        *by_example = 1;
        size_t held;
        n = keep_rarest(ps, c, list, n, &held);
        *cut = held > n ? n : 0;
    }
    struct qlist all = {0};
    for (size_t k = 0; k < n && !ps->failed; k++) {
        if (ps->terms + (list[k].end - list[k].start) + 1 > ps->max_terms)
            break;
        gz_xap_query *q = qp_compound_query(ps, c, list[k].start, list[k].end, "", 0);
        gz_xap_query *weighted = q && list[k].times > 1 ? gz_xap_query_scale(q, list[k].times) : NULL;
        if (weighted) {
            gz_xap_query_free(q);
            q = weighted;
        }
        if (q)
            qp_qlist_push(ps, &all, q);
    }
    gz_xap_query *q = NULL;
    if (!ps->failed)
        q = qp_qlist_combine(ps, ps->env->any || *by_example ? GZ_XAP_OP_OR : GZ_XAP_OP_AND, &all);
    qp_qlist_release(&all);
    free(list);
    qp_chunk_free(c);
    free(text);
    return q;
}
