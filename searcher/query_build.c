/*
 * query_build.c - the building blocks of the query parser (query_int.h):
 * failure reporting, what snippets must highlight, lists of parts, and
 * queries from analysed words, phrases and hyphenated compounds.
 */
#include "query_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "schema.h"

static void vfail(struct parser *ps, enum failure why, const char *at, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void vfail(struct parser *ps, enum failure why, const char *at, const char *fmt, va_list ap)
{
    if (ps->failed)
        return;
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (at)
        snprintf(ps->err, ps->errlen, "%s (at character %ld)", msg, (long)(at - ps->text) + 1);
    else
        snprintf(ps->err, ps->errlen, "%s", msg);
    ps->failed = why;
}

/* Syntax that does not parse: the text is then searched as words. */
void qp_fail(struct parser *ps, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(ps, F_SYNTAX, at, fmt, ap);
    va_end(ap);
}

/* A field value that is wrong: refused, the user meant the field. */
void qp_fail_value(struct parser *ps, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(ps, F_VALUE, at, fmt, ap);
    va_end(ap);
}

void qp_oom(struct parser *ps)
{
    if (!ps->failed) {
        gz_status_put(ps->err, ps->errlen, GZ_ERR_NOMEM);
        ps->failed = F_NOMEM;
    }
}

/* ---- highlight info --------------------------------------------------- */

static void note_string(struct parser *ps, char ***arr, size_t *n, size_t *cap, const char *s)
{
    if (!ps->info || ps->negated)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*arr)[i], s) == 0)
            return;
    char *copy = strdup(s);
    if (!copy || gz_array_reserve(arr, cap, *n, sizeof **arr) < 0) {
        free(copy);
        qp_oom(ps);
        return;
    }
    (*arr)[(*n)++] = copy;
}

void qp_note_term(struct parser *ps, const char *stem)
{
    if (ps->info)
        note_string(ps, &ps->info->terms, &ps->info->nterms, &ps->info->terms_cap, stem);
}

void qp_note_key(struct parser *ps, const char *key)
{
    if (ps->info)
        note_string(ps, &ps->info->keys, &ps->info->nkeys, &ps->info->keys_cap, key);
}

void qp_note_word(struct parser *ps, size_t start, size_t end, const char *folded)
{
    gz_query_info *qi = ps->info;
    if (!qi || ps->negated)
        return;
    if (gz_array_reserve(&qi->words, &qi->words_cap, qi->nwords, sizeof *qi->words) < 0) {
        qp_oom(ps);
        return;
    }
    gz_query_word *w = &qi->words[qi->nwords++];
    w->start = start;
    w->end = end;
    snprintf(w->folded, sizeof w->folded, "%s", folded);
}

void gz_query_info_release(gz_query_info *qi)
{
    if (!qi)
        return;
    for (size_t i = 0; i < qi->nterms; i++)
        free(qi->terms[i]);
    for (size_t i = 0; i < qi->nphrases; i++) {
        for (char **s = qi->phrases[i]; *s; s++)
            free(*s);
        free(qi->phrases[i]);
    }
    for (size_t i = 0; i < qi->nkeys; i++)
        free(qi->keys[i]);
    free(qi->terms);
    free(qi->phrases);
    free(qi->keys);
    free(qi->words);
    memset(qi, 0, sizeof *qi);
}

/* ---- query building --------------------------------------------------- */

/* Parts of one operator, on the heap: parsing nests (each level's lists
 * would otherwise sit on the stack). */

void qp_qlist_release(struct qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        gz_xap_query_free(l->q[i]);
    free(l->q);
    memset(l, 0, sizeof *l);
}

int qp_qlist_push(struct parser *ps, struct qlist *l, gz_xap_query *q)
{
    if (!q) {
        qp_oom(ps);
        return -1;
    }
    if (l->n == GZ_QUERY_MAX_TERMS) {
        gz_xap_query_free(q);
        qp_fail(ps, NULL, "the query is too complex (more than %d parts)", GZ_QUERY_MAX_TERMS);
        return -1;
    }
    if (gz_array_reserve(&l->q, &l->cap, l->n, sizeof *l->q) < 0) {
        gz_xap_query_free(q);
        qp_oom(ps);
        return -1;
    }
    l->q[l->n++] = q;
    return 0;
}

/* Evaluates a part that repeats an earlier one once, weighted as many times
 * as it stands: "a b" OR "a b" OR ... costs one phrase, not 85, and scores
 * as before (a word a long query repeats still weighs more, as BM25's query
 * term frequency has it).  Without memory it leaves the list as it is. */
static void qlist_dedupe(struct qlist *l)
{
    char **desc = l->n > 1 ? calloc(l->n, sizeof *desc) : NULL;
    unsigned *times = desc ? calloc(l->n, sizeof *times) : NULL;
    if (!times) {
        free(desc);
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        desc[kept] = gz_xap_query_describe(l->q[i]);
        size_t same = kept;
        for (size_t k = 0; k < kept && desc[kept] && same == kept; k++)
            if (desc[k] && strcmp(desc[k], desc[kept]) == 0)
                same = k;
        if (same < kept) {
            times[same]++;
            gz_xap_query_free(l->q[i]);
            free(desc[kept]);
            continue;
        }
        times[kept] = 1;
        l->q[kept++] = l->q[i];
    }
    for (size_t i = 0; i < kept; i++) {
        gz_xap_query *scaled = times[i] > 1 ? gz_xap_query_scale(l->q[i], times[i]) : NULL;
        if (scaled) {
            gz_xap_query_free(l->q[i]);
            l->q[i] = scaled;
        }
        free(desc[i]);
    }
    l->n = kept;
    free(desc);
    free(times);
}

/* Combines and releases the list (a single query passes through). */
gz_xap_query *qp_qlist_combine(struct parser *ps, gz_xap_op op, struct qlist *l)
{
    gz_xap_query *q = NULL;
    if (op == GZ_XAP_OP_AND || op == GZ_XAP_OP_OR)
        qlist_dedupe(l);
    if (l->n == 1) {
        q = l->q[0];
        l->n = 0;
    } else if (l->n > 1) {
        if (!(q = gz_xap_query_combine(op, l->q, l->n)))
            qp_oom(ps);
    }
    qp_qlist_release(l);
    return q;
}

gz_xap_query *qp_term_query(struct parser *ps, const char *prefix, const char *term)
{
    char buf[GZ_XAP_MAX_TERM + 1];
    size_t len = gz_schema_term(prefix, term, strlen(term), buf, sizeof buf);
    if (!len) {
        qp_fail(ps, NULL, "a word of the query is too long");
        return NULL;
    }
    if (++ps->terms > ps->max_terms) {
        qp_fail(ps, NULL, "the query has too many words (more than %u)", ps->max_terms);
        return NULL;
    }
    gz_xap_query *q = gz_xap_query_term(buf, len, 1);
    if (!q)
        qp_oom(ps);
    return q;
}

/* ---- words and phrases ------------------------------------------------ */


static int collect(void *ctx, const gz_token *t)
{
    struct chunk *c = ctx;
    if (c->n == c->limit) {
        c->full = 1;
        return 1;
    }
    if (gz_array_reserve(&c->tok, &c->cap, c->n, sizeof *c->tok) < 0) {
        c->nomem = 1;
        return 1;
    }
    struct tok *k = &c->tok[c->n++];
    snprintf(k->term, sizeof k->term, "%s", t->term);
    snprintf(k->word, sizeof k->word, "%s", t->word);
    k->flags = t->flags;
    k->compound = t->compound;
    k->start = t->start;
    k->end = t->end;
    return 0;
}

void qp_chunk_free(struct chunk *c)
{
    if (c)
        free(c->tok);
    free(c);
}

/* NULL when memory ran out or, in structured syntax, the piece is longer
 * than a phrase may be (both reported). */
struct chunk *qp_analyze(struct parser *ps, const char *s, size_t len, size_t limit)
{
    struct chunk *c = calloc(1, sizeof *c);
    if (!c) {
        qp_oom(ps);
        return NULL;
    }
    c->limit = limit;
    gz_analyzer_run(ps->env->analyzer, s, len, 1, collect, c, NULL);
    if (c->nomem)
        qp_oom(ps);
    else if (c->full)
        qp_fail(ps, s, "a phrase of the query is too long");
    if (ps->failed) {
        qp_chunk_free(c);
        return NULL;
    }
    return c;
}

/* Does token i of a phrase ending at token `to` stand in it?  Positional
 * tokens do, joined forms do not, except in a run of an unspaced script,
 * where the character pairs stand for the characters: "王沪宁" is the phrase
 * "王沪 沪宁", and its last character stands too when more of the phrase
 * follows, so that the positions stay consecutive ("王沪 沪宁 宁 在"). */
static int in_phrase(const struct chunk *c, size_t i, size_t to)
{
    if (c->tok[i].flags & GZ_TOK_NGRAM)
        return 1;
    if (c->tok[i].flags & GZ_TOK_JOINED)
        return 0;
    if (i + 1 < c->n && (c->tok[i + 1].flags & GZ_TOK_NGRAM))
        return 0;
    return !(i > 0 && (c->tok[i - 1].flags & GZ_TOK_NGRAM)) || i + 1 < to;
}

/* A phrase over tokens [from, to) that carry positions (not joined forms). */
gz_xap_query *qp_phrase_of(struct parser *ps, const struct chunk *c, size_t from, size_t to,
                               const char *prefix)
{
    struct qlist l = {.n = 0};
    char **stems = NULL;
    size_t nstems = 0;
    if (ps->info && !ps->negated && !(stems = calloc(to - from + 1, sizeof *stems)))
        qp_oom(ps);
    for (size_t i = from; i < to && !ps->failed; i++) {
        if (!in_phrase(c, i, to))
            continue;
        if (qp_qlist_push(ps, &l, qp_term_query(ps, prefix, c->tok[i].term)) == 0 && stems &&
            !(stems[nstems++] = strdup(c->tok[i].term)))
            qp_oom(ps);
    }
    gz_query_info *qi = ps->info;
    if (stems && nstems == 1)
        qp_note_term(ps, stems[0]);
    if (stems && nstems > 1 && !ps->failed &&
        gz_array_reserve(&qi->phrases, &qi->phrases_cap, qi->nphrases, sizeof *qi->phrases) == 0) {
        qi->phrases[qi->nphrases++] = stems;
        stems = NULL;
    }
    if (stems) {
        for (size_t i = 0; i < nstems; i++)
            free(stems[i]);
        free(stems);
    }
    if (ps->failed) {
        qp_qlist_release(&l);
        return NULL;
    }
    /* Each phrase reads positions of every candidate: past the cap, the
     * words need only stand in the same article. */
    gz_xap_op op = GZ_XAP_OP_PHRASE;
    if (l.n > 1 && ++ps->phrases > GZ_QUERY_MAX_PHRASES) {
        op = GZ_XAP_OP_AND;
        ps->loosened = 1;
    }
    return qp_qlist_combine(ps, op, &l);
}

/* Tokens [i, j) of one compound: its parts as a phrase, or its joined
 * form ("song-nam": "song nam" or "songnam"). */
gz_xap_query *qp_compound_query(struct parser *ps, const struct chunk *c, size_t i, size_t j,
                                    const char *prefix, size_t offset)
{
    gz_xap_query *q = qp_phrase_of(ps, c, i, j, prefix);
    if (q && j - i > 1 && (c->tok[j - 1].flags & GZ_TOK_JOINED)) {
        struct qlist alt = {0};
        qp_qlist_push(ps, &alt, q);
        qp_qlist_push(ps, &alt, qp_term_query(ps, prefix, c->tok[j - 1].term));
        qp_note_term(ps, c->tok[j - 1].term);
        q = ps->failed ? (qp_qlist_release(&alt), NULL) : qp_qlist_combine(ps, GZ_XAP_OP_OR, &alt);
    }
    if (j - i == 1)
        qp_note_word(ps, offset + c->tok[i].start, offset + c->tok[i].end, c->tok[i].word);
    if (q && ps->info && !ps->negated)
        ps->info->nwords_ranked++;
    return q;
}

/* The end of the compound that starts at token i. */
size_t qp_compound_end(const struct chunk *c, size_t i)
{
    size_t j = i;
    while (j < c->n && c->tok[j].compound == c->tok[i].compound)
        j++;
    return j;
}

/* A bare chunk: its compounds, all required. */
gz_xap_query *qp_words_of(struct parser *ps, const struct chunk *c, const char *prefix,
                              size_t offset)
{
    struct qlist all = {0};
    for (size_t i = 0, j; i < c->n && !ps->failed; i = j) {
        j = qp_compound_end(c, i);
        gz_xap_query *q = qp_compound_query(ps, c, i, j, prefix, offset);
        if (q)
            qp_qlist_push(ps, &all, q);
    }
    if (ps->failed) {
        qp_qlist_release(&all);
        return NULL;
    }
    return qp_qlist_combine(ps, GZ_XAP_OP_AND, &all);
}
