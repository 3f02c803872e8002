/*
 * query.c - the query parser of query.h.
 *
 * The text is split into chunks (bare words and quoted phrases); each
 * chunk is analysed into tokens and turned into a subquery; required chunks
 * are ANDed and excluded ones subtracted with AND_NOT.
 */
#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 256

/* Tokens of one chunk, copied out of the analyzer's callback. */
struct token_list {
    struct {
        char term[GZ_MAX_WORD * 2 + 1];
        unsigned flags, compound;
    } tok[MAX_TOKENS];
    size_t n;
};

struct query_list {
    gz_xap_query **q;
    size_t n, cap;
};

static int collect(void *ctx, const gz_token *t)
{
    struct token_list *tl = ctx;
    if (tl->n == MAX_TOKENS)
        return 1;
    snprintf(tl->tok[tl->n].term, sizeof tl->tok[tl->n].term, "%s", t->term);
    tl->tok[tl->n].flags = t->flags;
    tl->tok[tl->n].compound = t->compound;
    tl->n++;
    return 0;
}

static int push(struct query_list *ql, gz_xap_query *q)
{
    if (!q)
        return -1;
    if (ql->n == ql->cap) {
        size_t cap = ql->cap ? ql->cap * 2 : 8;
        gz_xap_query **p = realloc(ql->q, cap * sizeof *p);
        if (!p) {
            gz_xap_query_free(q);
            return -1;
        }
        ql->q = p;
        ql->cap = cap;
    }
    ql->q[ql->n++] = q;
    return 0;
}

static void release(struct query_list *ql)
{
    for (size_t i = 0; i < ql->n; i++)
        gz_xap_query_free(ql->q[i]);
    free(ql->q);
    memset(ql, 0, sizeof *ql);
}

/* Combines and releases the list; a single query is passed through. */
static gz_xap_query *combine(gz_xap_op op, struct query_list *ql)
{
    gz_xap_query *q;
    if (ql->n == 1) {
        q = ql->q[0];
        ql->n = 0;
    } else {
        q = gz_xap_query_combine(op, ql->q, ql->n);
    }
    release(ql);
    return q;
}

static gz_xap_query *term_query(const char *term)
{
    return gz_xap_query_term(term, strlen(term), 1);
}

/* A phrase over the chunk's position-bearing tokens (joined forms left out:
 * they share their first part's position). */
static gz_xap_query *phrase_query(const struct token_list *tl, size_t from, size_t to)
{
    struct query_list ql = {0};
    for (size_t i = from; i < to; i++)
        if (!(tl->tok[i].flags & GZ_TOK_JOINED) && push(&ql, term_query(tl->tok[i].term)) < 0)
            goto fail;
    if (ql.n == 0)
        return NULL;
    return combine(GZ_XAP_OP_PHRASE, &ql);
fail:
    release(&ql);
    return NULL;
}

/* Words: each compound is (its parts as a phrase) OR (its joined form). */
static gz_xap_query *words_query(const struct token_list *tl)
{
    struct query_list all = {0};
    size_t i = 0;
    while (i < tl->n) {
        size_t j = i;
        while (j < tl->n && tl->tok[j].compound == tl->tok[i].compound)
            j++;
        gz_xap_query *q = phrase_query(tl, i, j);
        if (q && j - i > 1 && (tl->tok[j - 1].flags & GZ_TOK_JOINED)) {
            struct query_list alt = {0};
            if (push(&alt, q) < 0 || push(&alt, term_query(tl->tok[j - 1].term)) < 0) {
                release(&alt);
                release(&all);
                return NULL;
            }
            q = combine(GZ_XAP_OP_OR, &alt);
        }
        if (push(&all, q) < 0) {
            release(&all);
            return NULL;
        }
        i = j;
    }
    return all.n ? combine(GZ_XAP_OP_AND, &all) : NULL;
}

/* Parses one chunk at *p (a bare word or a quoted phrase); advances *p.
 * Returns 1 with *out set (NULL when the chunk had no words), 0 at the end,
 * -1 on a syntax error. */
static int next_chunk(gz_analyzer *a, const char *text, const char **p, int *negated,
                      gz_xap_query **out, char *err, size_t errlen)
{
    const char *s = *p;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return 0;
    *negated = *s == '-' && s[1] && !isspace((unsigned char)s[1]);
    if (*negated)
        s++;
    int quoted = *s == '"';
    const char *start = s + quoted, *end;
    if (quoted) {
        end = strchr(start, '"');
        if (!end) {
            snprintf(err, errlen, "unterminated phrase: the quote at character %ld is never closed",
                     (long)(s - text) + 1);
            return -1;
        }
        *p = end + 1;
    } else {
        end = start;
        while (*end && !isspace((unsigned char)*end) && *end != '"')
            end++;
        *p = end;
    }
    struct token_list *tl = malloc(sizeof *tl);
    if (!tl) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    tl->n = 0;
    gz_analyzer_run(a, start, (size_t)(end - start), 1, collect, tl, NULL);
    *out = quoted ? phrase_query(tl, 0, tl->n) : words_query(tl);
    int had_words = tl->n > 0;
    free(tl);
    if (had_words && !*out) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 1;
}

gz_xap_query *gz_query_parse(gz_analyzer *a, const char *text, char *err, size_t errlen)
{
    struct query_list must = {0}, must_not = {0};
    const char *p = text;
    int negated, rc;
    gz_xap_query *chunk;
    while ((rc = next_chunk(a, text, &p, &negated, &chunk, err, errlen)) == 1) {
        if (chunk && push(negated ? &must_not : &must, chunk) < 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
    }
    if (rc == 0 && must.n == 0) {
        snprintf(err, errlen, must_not.n ? "a query cannot only exclude: add a word to find"
                                         : "the query has no words to search for");
        rc = -1;
    }
    if (rc < 0) {
        release(&must);
        release(&must_not);
        return NULL;
    }
    gz_xap_query *q = combine(GZ_XAP_OP_AND, &must);
    if (q && must_not.n) {
        gz_xap_query *parts[2] = {q, combine(GZ_XAP_OP_OR, &must_not)};
        q = parts[1] ? gz_xap_query_combine(GZ_XAP_OP_AND_NOT, parts, 2) : NULL;
        gz_xap_query_free(parts[0]);
        gz_xap_query_free(parts[1]);
    }
    release(&must_not);
    if (!q)
        snprintf(err, errlen, "out of memory");
    return q;
}
