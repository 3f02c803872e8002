/*
 * query.c - the recursive-descent query parser of query.h.
 *
 * Each parse function returns a "node": a Xapian query plus what it is to
 * its parent (a ranked part, a filter, or an exclusion).  An "and" list
 * ranks its ranked parts (AND, or OR with --any), filters them by its
 * filters and subtracts its exclusions.
 */
#include "query.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "names.h"
#include "schema.h"

/* Tokens one phrase or word of structured syntax may have. */
#define MAX_CHUNK_TOKENS 64
/* Terms the plain-words reading may use (compounds past it are left out). */
#define MAX_WORDS_TERMS (4 * GZ_QUERY_MAX_TERMS)

enum role { R_RANKED, R_FILTER, R_EXCLUDE };

/* Why parsing stopped: syntax is searched as words instead; a wrong field
 * value and running out of memory are the caller's to report. */
enum failure { F_NONE, F_SYNTAX, F_VALUE, F_NOMEM };

struct node {
    gz_xap_query *q;     /* NULL: nothing (a chunk of punctuation) */
    enum role role;
};

struct parser {
    const gz_query_env *env;
    const char *text;
    const char *p;
    gz_query_info *info;
    unsigned terms, max_terms;
    unsigned phrases;    /* matched in order so far */
    int loosened;        /* phrases past GZ_QUERY_MAX_PHRASES matched as words */
    unsigned depth;      /* parentheses open */
    int negated;         /* inside an exclusion: nothing to highlight */
    char *err;
    size_t errlen;
    enum failure failed;
};

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

static void fail(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_value(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Syntax that does not parse: the text is then searched as words. */
static void fail(struct parser *ps, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(ps, F_SYNTAX, at, fmt, ap);
    va_end(ap);
}

/* A field value that is wrong: refused, the user meant the field. */
static void fail_value(struct parser *ps, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(ps, F_VALUE, at, fmt, ap);
    va_end(ap);
}

static void oom(struct parser *ps)
{
    if (!ps->failed) {
        snprintf(ps->err, ps->errlen, "out of memory");
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
        oom(ps);
        return;
    }
    (*arr)[(*n)++] = copy;
}

static void note_term(struct parser *ps, const char *stem)
{
    if (ps->info)
        note_string(ps, &ps->info->terms, &ps->info->nterms, &ps->info->terms_cap, stem);
}

static void note_key(struct parser *ps, const char *key)
{
    if (ps->info)
        note_string(ps, &ps->info->keys, &ps->info->nkeys, &ps->info->keys_cap, key);
}

static void note_word(struct parser *ps, size_t start, size_t end, const char *folded)
{
    gz_query_info *qi = ps->info;
    if (!qi || ps->negated)
        return;
    if (gz_array_reserve(&qi->words, &qi->words_cap, qi->nwords, sizeof *qi->words) < 0) {
        oom(ps);
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
struct qlist {
    gz_xap_query **q;
    size_t n, cap;
};

static void qlist_release(struct qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        gz_xap_query_free(l->q[i]);
    free(l->q);
    memset(l, 0, sizeof *l);
}

static int qlist_push(struct parser *ps, struct qlist *l, gz_xap_query *q)
{
    if (!q) {
        oom(ps);
        return -1;
    }
    if (l->n == GZ_QUERY_MAX_TERMS) {
        gz_xap_query_free(q);
        fail(ps, NULL, "the query is too complex (more than %d parts)", GZ_QUERY_MAX_TERMS);
        return -1;
    }
    if (gz_array_reserve(&l->q, &l->cap, l->n, sizeof *l->q) < 0) {
        gz_xap_query_free(q);
        oom(ps);
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
static gz_xap_query *qlist_combine(struct parser *ps, gz_xap_op op, struct qlist *l)
{
    gz_xap_query *q = NULL;
    if (op == GZ_XAP_OP_AND || op == GZ_XAP_OP_OR)
        qlist_dedupe(l);
    if (l->n == 1) {
        q = l->q[0];
        l->n = 0;
    } else if (l->n > 1) {
        if (!(q = gz_xap_query_combine(op, l->q, l->n)))
            oom(ps);
    }
    qlist_release(l);
    return q;
}

static gz_xap_query *term_query(struct parser *ps, const char *prefix, const char *term)
{
    char buf[GZ_XAP_MAX_TERM + 1];
    if (snprintf(buf, sizeof buf, "%s%s", prefix, term) >= (int)sizeof buf) {
        fail(ps, NULL, "a word of the query is too long");
        return NULL;
    }
    if (++ps->terms > ps->max_terms) {
        fail(ps, NULL, "the query has too many words (more than %u)", ps->max_terms);
        return NULL;
    }
    gz_xap_query *q = gz_xap_query_term(buf, strlen(buf), 1);
    if (!q)
        oom(ps);
    return q;
}

/* ---- words and phrases ------------------------------------------------ */

struct tok {
    char term[GZ_MAX_WORD * 2 + 1];
    char word[GZ_MAX_WORD + 1];
    unsigned flags, compound;
    size_t start, end;
};

/* The tokens of a piece of query text, up to `limit` of them. */
struct chunk {
    struct tok *tok;
    size_t n, cap, limit;
    int full, nomem;
};

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

static void chunk_free(struct chunk *c)
{
    if (c)
        free(c->tok);
    free(c);
}

/* NULL when memory ran out or, in structured syntax, the piece is longer
 * than a phrase may be (both reported). */
static struct chunk *analyze(struct parser *ps, const char *s, size_t len, size_t limit)
{
    struct chunk *c = calloc(1, sizeof *c);
    if (!c) {
        oom(ps);
        return NULL;
    }
    c->limit = limit;
    gz_analyzer_run(ps->env->analyzer, s, len, 1, collect, c, NULL);
    if (c->nomem)
        oom(ps);
    else if (c->full)
        fail(ps, s, "a phrase of the query is too long");
    if (ps->failed) {
        chunk_free(c);
        return NULL;
    }
    return c;
}

/* A phrase over tokens [from, to) that carry positions (not joined forms). */
static gz_xap_query *phrase_of(struct parser *ps, const struct chunk *c, size_t from, size_t to,
                               const char *prefix)
{
    struct qlist l = {.n = 0};
    char **stems = NULL;
    size_t nstems = 0;
    if (ps->info && !ps->negated && !(stems = calloc(to - from + 1, sizeof *stems)))
        oom(ps);
    for (size_t i = from; i < to && !ps->failed; i++) {
        if (c->tok[i].flags & GZ_TOK_JOINED)
            continue;
        if (qlist_push(ps, &l, term_query(ps, prefix, c->tok[i].term)) == 0 && stems &&
            !(stems[nstems++] = strdup(c->tok[i].term)))
            oom(ps);
    }
    gz_query_info *qi = ps->info;
    if (stems && nstems == 1)
        note_term(ps, stems[0]);
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
        qlist_release(&l);
        return NULL;
    }
    /* Each phrase reads positions of every candidate: past the cap, the
     * words need only stand in the same article. */
    gz_xap_op op = GZ_XAP_OP_PHRASE;
    if (l.n > 1 && ++ps->phrases > GZ_QUERY_MAX_PHRASES) {
        op = GZ_XAP_OP_AND;
        ps->loosened = 1;
    }
    return qlist_combine(ps, op, &l);
}

/* Tokens [i, j) of one compound: its parts as a phrase, or its joined
 * form ("song-nam": "song nam" or "songnam"). */
static gz_xap_query *compound_query(struct parser *ps, const struct chunk *c, size_t i, size_t j,
                                    const char *prefix, size_t offset)
{
    gz_xap_query *q = phrase_of(ps, c, i, j, prefix);
    if (q && j - i > 1 && (c->tok[j - 1].flags & GZ_TOK_JOINED)) {
        struct qlist alt = {0};
        qlist_push(ps, &alt, q);
        qlist_push(ps, &alt, term_query(ps, prefix, c->tok[j - 1].term));
        note_term(ps, c->tok[j - 1].term);
        q = ps->failed ? (qlist_release(&alt), NULL) : qlist_combine(ps, GZ_XAP_OP_OR, &alt);
    }
    if (j - i == 1)
        note_word(ps, offset + c->tok[i].start, offset + c->tok[i].end, c->tok[i].word);
    return q;
}

/* The end of the compound that starts at token i. */
static size_t compound_end(const struct chunk *c, size_t i)
{
    size_t j = i;
    while (j < c->n && c->tok[j].compound == c->tok[i].compound)
        j++;
    return j;
}

/* A bare chunk: its compounds, all required. */
static gz_xap_query *words_of(struct parser *ps, const struct chunk *c, const char *prefix,
                              size_t offset)
{
    struct qlist all = {0};
    for (size_t i = 0, j; i < c->n && !ps->failed; i = j) {
        j = compound_end(c, i);
        gz_xap_query *q = compound_query(ps, c, i, j, prefix, offset);
        if (q)
            qlist_push(ps, &all, q);
    }
    if (ps->failed) {
        qlist_release(&all);
        return NULL;
    }
    return qlist_combine(ps, GZ_XAP_OP_AND, &all);
}

/* ---- fields ----------------------------------------------------------- */

int gz_query_date_bound(const char *s, size_t len, int upper, char out[9])
{
    char buf[16];
    if (len != 4 && len != 7 && len != 10)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    for (size_t k = 0; k < len; k++)
        if ((k == 4 || k == 7) ? buf[k] != '-' : !isdigit((unsigned char)buf[k]))
            return -1;
    int y = atoi(buf), m = len >= 7 ? atoi(buf + 5) : 1, d = len == 10 ? atoi(buf + 8) : 1;
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    if (len == 10) {
        static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (d > days[m - 1] || (m == 2 && d == 29 && !leap))
            return -1;
    }
    /* Byte order does the calendar: "20240699" is past every June day. */
    unsigned mm = (unsigned)(len >= 7 ? m : (upper ? 99 : 1)) % 100u;
    unsigned dd = (unsigned)(len == 10 ? d : (upper ? 99 : 1)) % 100u;
    if (snprintf(out, 9, "%04u%02u%02u", (unsigned)y % 10000u, mm, dd) != 8)
        return -1;
    if (len == 4 && upper)
        memcpy(out + 4, "9999", 4);
    return 0;
}

static gz_xap_query *date_query(struct parser *ps, const char *v, size_t len, const char *at)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if (v[i] == '.' && v[i + 1] == '.')
            dots = v + i;
    char lo[9], hi[9];
    int have_lo, have_hi;
    if (dots) {
        size_t a = (size_t)(dots - v), b = len - a - 2;
        have_lo = a > 0;
        have_hi = b > 0;
        if ((have_lo && gz_query_date_bound(v, a, 0, lo) < 0) ||
            (have_hi && gz_query_date_bound(dots + 2, b, 1, hi) < 0)) {
            fail_value(ps, at, "date: wants YYYY, YYYY-MM or YYYY-MM-DD on each side of '..'");
            return NULL;
        }
        if (have_lo && have_hi && strcmp(lo, hi) > 0) {
            fail_value(ps, at, "date: the range ends before it starts");
            return NULL;
        }
    } else {
        have_lo = have_hi = 1;
        if (gz_query_date_bound(v, len, 0, lo) < 0 || gz_query_date_bound(v, len, 1, hi) < 0) {
            fail_value(ps, at, "date: wants YYYY, YYYY-MM, YYYY-MM-DD or a range FROM..TO");
            return NULL;
        }
    }
    gz_xap_query *q = gz_xap_query_value_range(GZ_SLOT_DATE, have_lo ? lo : NULL, have_hi ? hi : NULL);
    if (!q)
        oom(ps);
    return q;
}

static gz_xap_query *country_query(struct parser *ps, const char *prefix, const char *v,
                                   const char *at)
{
    char code[3] = {0};
    if (strlen(v) == 2 && isalpha((unsigned char)v[0]) && isalpha((unsigned char)v[1])) {
        code[0] = (char)toupper((unsigned char)v[0]);
        code[1] = (char)toupper((unsigned char)v[1]);
    }
    if (!code[0] || !ps->env->country_known(ps->env->ctx, code)) {
        const gz_gazetteer *g = ps->env->gazetteer(ps->env->ctx);
        const char *found = g ? gz_gazetteer_lookup(g, GZ_KIND_COUNTRY, v) : NULL;
        if (!found) {
            fail_value(ps, at, "country: '%s' is not a country code or a country name Gazette knows", v);
            return NULL;
        }
        snprintf(code, sizeof code, "%s", found);
    }
    return term_query(ps, prefix, code);
}

/* person: and org: filter by the folded key every spelling shares. */
static gz_xap_query *name_query(struct parser *ps, const char *prefix, const char *v,
                                const char *at, int org)
{
    if (org) {
        const gz_gazetteer *g = ps->env->gazetteer(ps->env->ctx);
        const char *canonical = g ? gz_gazetteer_lookup(g, GZ_KIND_ORG, v) : NULL;
        if (canonical)
            v = canonical;     /* "Association of Southeast Asian Nations" = ASEAN */
    }
    char key[GZ_XAP_MAX_TERM];
    if (!gz_entity_key(ps->env->folder, v, key, sizeof key - strlen(prefix))) {
        fail(ps, at, "%s: wants a name", org ? "org" : "person");
        return NULL;
    }
    note_key(ps, key);
    return term_query(ps, prefix, key);
}


/* FIELD:value at *p (value quoted or bare); the role it plays in *role. */
static gz_xap_query *field_query(struct parser *ps, const gz_schema_field *field, enum role *role)
{
    const char *at = ps->p;
    ps->p += strlen(field->name) + 1;
    const char *v = ps->p, *end;
    if (*v == '"') {
        end = strchr(v + 1, '"');
        if (!end) {
            fail(ps, v, "unterminated phrase: this quote is never closed");
            return NULL;
        }
        v++;
        ps->p = end + 1;
    } else {
        end = v;
        while (*end && !isspace((unsigned char)*end) && *end != '(' && *end != ')')
            end++;
        ps->p = end;
    }
    size_t len = (size_t)(end - v);
    if (len == 0 || len > GZ_QUERY_MAX_VALUE) {
        fail(ps, at, "%s: wants a value", field->name);
        return NULL;
    }
    char value[GZ_QUERY_MAX_VALUE + 1];
    memcpy(value, v, len);
    value[len] = '\0';
    *role = R_FILTER;
    switch (field->kind) {
    case GZ_FIELD_COUNTRY: return country_query(ps, field->prefix, value, at);
    case GZ_FIELD_PERSON: return name_query(ps, field->prefix, value, at, 0);
    case GZ_FIELD_ORG: return name_query(ps, field->prefix, value, at, 1);
    case GZ_FIELD_DATE: return date_query(ps, value, len, at);
    case GZ_FIELD_TITLE: break;
    }
    *role = R_RANKED;
    struct chunk *c = analyze(ps, value, len, MAX_CHUNK_TOKENS);
    gz_xap_query *q = NULL;
    if (c && !ps->failed)
        q = v[-1] == '"' ? phrase_of(ps, c, 0, c->n, field->prefix)
                         : words_of(ps, c, field->prefix, (size_t)(v - ps->text));
    chunk_free(c);
    if (!q && !ps->failed)
        fail(ps, at, "title: wants words");
    return q;
}

/* ---- the grammar ------------------------------------------------------ */

static void skip_space(struct parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

/* Is the text at p the operator word op (followed by a break)? */
static int at_operator(const char *p, const char *op)
{
    size_t n = strlen(op);
    return strncmp(p, op, n) == 0 && (p[n] == '\0' || isspace((unsigned char)p[n]) || p[n] == '(');
}

/* The field whose name and colon start p, or NULL. */
static const gz_schema_field *at_field(const char *p)
{
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    return p[n] == ':' ? gz_schema_field_named(p, n) : NULL;
}

static struct node parse_or(struct parser *ps);

/* "Re:ASEAN", "Update:Laos": a word before a colon that is not a field is
 * a label.  What follows it is required; the label only adds weight where
 * an article has it (a subject line's "Re" is in no article). */
static gz_xap_query *labelled_words(struct parser *ps, const char *v, const char *colon,
                                    const char *end)
{
    struct chunk *label = analyze(ps, v, (size_t)(colon - v), MAX_CHUNK_TOKENS);
    struct chunk *rest = label ? analyze(ps, colon + 1, (size_t)(end - colon - 1), MAX_CHUNK_TOKENS) : NULL;
    gz_xap_query *want = rest ? words_of(ps, rest, "", (size_t)(colon + 1 - ps->text)) : NULL;
    gz_xap_query *maybe = want ? words_of(ps, label, "", (size_t)(v - ps->text)) : NULL;
    chunk_free(label);
    chunk_free(rest);
    if (!want || !maybe)
        return want ? want : maybe;
    gz_xap_query *pair[2] = {want, maybe};
    gz_xap_query *q = gz_xap_query_combine(GZ_XAP_OP_AND_MAYBE, pair, 2);
    gz_xap_query_free(want);
    gz_xap_query_free(maybe);
    if (!q)
        oom(ps);
    return q;
}

static struct node parse_primary(struct parser *ps)
{
    struct node n = {NULL, R_RANKED};
    skip_space(ps);
    const char *at = ps->p;
    if (*at == '(') {
        if (++ps->depth > GZ_QUERY_MAX_DEPTH) {
            fail(ps, at, "parentheses nest more than %d deep", GZ_QUERY_MAX_DEPTH);
            return n;
        }
        ps->p++;
        n = parse_or(ps);
        skip_space(ps);
        if (*ps->p != ')')
            fail(ps, at, "this parenthesis is never closed");
        else
            ps->p++;
        ps->depth--;
        return n;
    }
    const gz_schema_field *field = at_field(at);
    if (field) {
        n.q = field_query(ps, field, &n.role);
        return n;
    }
    const char *v = at, *end;
    int quoted = *at == '"';
    if (quoted) {
        v++;
        if (!(end = strchr(v, '"'))) {
            fail(ps, at, "unterminated phrase: this quote is never closed");
            return n;
        }
        ps->p = end + 1;
    } else {
        end = v;
        while (*end && !isspace((unsigned char)*end) && *end != '(' && *end != ')' && *end != '"')
            end++;
        ps->p = end;
        const char *colon = memchr(v, ':', (size_t)(end - v));
        if (colon && colon > v && colon + 1 < end && colon[1] != '/') {
            n.q = labelled_words(ps, v, colon, end);
            return n;
        }
    }
    struct chunk *c = analyze(ps, v, (size_t)(end - v), MAX_CHUNK_TOKENS);
    if (c)
        n.q = quoted ? phrase_of(ps, c, 0, c->n, "") : words_of(ps, c, "", (size_t)(v - ps->text));
    chunk_free(c);
    return n;
}

/* The end of what a NOT could apply to: nothing there means the NOT dangles. */
static int at_end_of_operand(const char *p)
{
    return !*p || *p == ')' || at_operator(p, "OR");
}

/* NOT and '-' in a row: an odd number excludes, an even number cancels
 * ("NOT NOT ASEAN" is ASEAN); with nothing after them they are ignored. */
static struct node parse_unary(struct parser *ps)
{
    unsigned nots = 0;
    for (;;) {
        skip_space(ps);
        if (at_operator(ps->p, "NOT"))
            ps->p += 3;
        else if (*ps->p == '-' && ps->p[1] && !isspace((unsigned char)ps->p[1]) && ps->p[1] != '-')
            ps->p++;
        else
            break;
        nots++;
    }
    int neg = nots % 2;
    if (at_end_of_operand(ps->p))
        return (struct node){NULL, R_RANKED};
    ps->negated += neg;
    struct node n = parse_primary(ps);
    ps->negated -= neg;
    if (neg && n.q)
        n.role = R_EXCLUDE;
    return n;
}

/* Ranked parts ANDed (ORed with --any), filtered, exclusions removed.  A
 * list of exclusions alone removes them from every article. */
static struct node combine_and(struct parser *ps, struct qlist *ranked, struct qlist *filters,
                               struct qlist *excluded)
{
    struct node n = {NULL, R_RANKED};
    if (!ranked->n && !filters->n && excluded->n)
        qlist_push(ps, filters, gz_xap_query_all());
    gz_xap_query *rank = qlist_combine(ps, ps->env->any ? GZ_XAP_OP_OR : GZ_XAP_OP_AND, ranked);
    gz_xap_query *filter = qlist_combine(ps, GZ_XAP_OP_AND, filters);
    gz_xap_query *minus = qlist_combine(ps, GZ_XAP_OP_OR, excluded);
    if (rank && filter) {
        gz_xap_query *pair[2] = {rank, filter};
        n.q = gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2);
        gz_xap_query_free(rank);
        gz_xap_query_free(filter);
    } else {
        n.q = rank ? rank : filter;
        n.role = rank ? R_RANKED : R_FILTER;
    }
    if (n.q && minus) {
        gz_xap_query *pair[2] = {n.q, minus};
        gz_xap_query *q = gz_xap_query_combine(GZ_XAP_OP_AND_NOT, pair, 2);
        gz_xap_query_free(n.q);
        n.q = q;
    }
    gz_xap_query_free(minus);
    if (!n.q && !ps->failed && (rank || filter))
        oom(ps);
    return n;
}

/* "Song Nam": also the joined "songnam" when the index has it. */
static gz_xap_query *join_pair(struct parser *ps, const struct chunk *a, const struct chunk *b,
                               gz_xap_query *qa, gz_xap_query *qb)
{
    char joined[GZ_MAX_WORD * 2 + 1];
    if (a->n != 1 || b->n != 1 || (a->tok[0].flags | b->tok[0].flags) & GZ_TOK_NUMBER ||
        snprintf(joined, sizeof joined, "%s%s", a->tok[0].word, b->tok[0].word) >= GZ_MAX_WORD)
        return NULL;
    size_t len;
    const char *stem = gz_analyzer_stem(ps->env->analyzer, joined, strlen(joined), &len);
    char term[GZ_MAX_WORD * 2 + 1];
    snprintf(term, sizeof term, "%.*s", (int)len, stem);
    if (!ps->env->termfreq(ps->env->ctx, term))
        return NULL;
    gz_xap_query *pair[2] = {qa, qb};
    gz_xap_query *both = gz_xap_query_combine(GZ_XAP_OP_AND, pair, 2);
    gz_xap_query *alt = term_query(ps, "", term);
    if (!both || !alt) {
        gz_xap_query_free(both);
        gz_xap_query_free(alt);
        return NULL;
    }
    note_term(ps, term);
    gz_xap_query *either[2] = {both, alt};
    gz_xap_query *q = gz_xap_query_combine(GZ_XAP_OP_OR, either, 2);
    gz_xap_query_free(both);
    gz_xap_query_free(alt);
    return q;
}

/* The single bare word a node was made from, analysed again (for joining). */
static struct chunk *bare_word(struct parser *ps, const char *start, const char *end)
{
    while (start < end && isspace((unsigned char)*start))
        start++;
    for (const char *c = start; c < end; c++)
        if (!isalpha((unsigned char)*c) && !((unsigned char)*c & 0x80))
            return NULL;
    return start < end ? analyze(ps, start, (size_t)(end - start), MAX_CHUNK_TOKENS) : NULL;
}

static struct node parse_and(struct parser *ps)
{
    struct qlist ranked = {0}, filters = {0}, excluded = {0};
    struct chunk *prev = NULL;
    for (;;) {
        skip_space(ps);
        if (!*ps->p || *ps->p == ')' || at_operator(ps->p, "OR") || ps->failed)
            break;
        if (at_operator(ps->p, "AND")) {
            ps->p += 3;
            continue;
        }
        const char *start = ps->p;
        struct node n = parse_unary(ps);
        if (ps->failed) {
            gz_xap_query_free(n.q);
            break;
        }
        struct chunk *word = n.role == R_RANKED && n.q && !ps->env->any
                           ? bare_word(ps, start, ps->p) : NULL;
        if (word && prev && ranked.n) {
            gz_xap_query *joined = join_pair(ps, prev, word, ranked.q[ranked.n - 1], n.q);
            if (joined) {
                gz_xap_query_free(ranked.q[ranked.n - 1]);
                gz_xap_query_free(n.q);
                ranked.q[ranked.n - 1] = joined;
                n.q = NULL;
            }
        }
        chunk_free(prev);
        prev = word;
        if (n.q)
            qlist_push(ps, n.role == R_RANKED ? &ranked : n.role == R_FILTER ? &filters : &excluded, n.q);
    }
    chunk_free(prev);
    if (ps->failed) {
        qlist_release(&ranked);
        qlist_release(&filters);
        qlist_release(&excluded);
        return (struct node){NULL, R_RANKED};
    }
    return combine_and(ps, &ranked, &filters, &excluded);
}

/* Alternatives; an OR with nothing on one side ("Laos OR") is ignored. */
static struct node parse_or(struct parser *ps)
{
    struct qlist alts = {0};
    int all_filters = 1;
    for (;;) {
        struct node n = parse_and(ps);
        if (ps->failed) {
            gz_xap_query_free(n.q);
            break;
        }
        if (n.q) {
            all_filters &= n.role == R_FILTER;
            qlist_push(ps, &alts, n.q);
        }
        skip_space(ps);
        if (!at_operator(ps->p, "OR"))
            break;
        ps->p += 2;
    }
    if (ps->failed) {
        qlist_release(&alts);
        return (struct node){NULL, R_RANKED};
    }
    struct node n = {qlist_combine(ps, GZ_XAP_OP_OR, &alts), all_filters ? R_FILTER : R_RANKED};
    return n;
}

/* ---- plain words: what text that does not parse is searched as ------- */

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
        j = compound_end(c, i);
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
 * the GZ_QUERY_EXAMPLE_WORDS rarest when there are more, in text order.
 * Rare words say most about what the text is about, and their short
 * posting lists keep the search cheap. */
static size_t keep_rarest(struct parser *ps, const struct chunk *c, struct compound *list, size_t n)
{
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        list[k].df = ps->env->termfreq(ps->env->ctx, c->tok[list[k].start].term);
        if (list[k].df)
            list[kept++] = list[k];
    }
    qsort(list, kept, sizeof *list, by_rarity);
    if (kept > GZ_QUERY_EXAMPLE_WORDS)
        kept = GZ_QUERY_EXAMPLE_WORDS;
    qsort(list, kept, sizeof *list, by_position);
    return kept;
}

/* Searches the text as plain words: quotes, parentheses, fields and
 * operators are punctuation.  All words are required (any with --any), or,
 * past GZ_QUERY_LONG_WORDS distinct words, any of them (the rarest, past
 * GZ_QUERY_EXAMPLE_WORDS; *cut says so).  A word the text repeats weighs as
 * often (BM25's query term frequency). */
static gz_xap_query *as_words(struct parser *ps, int *by_example, int *cut)
{
    *by_example = *cut = 0;
    char *text = without_operators(ps->text);
    struct chunk *c = text ? analyze(ps, text, strlen(text), SIZE_MAX) : NULL;
    size_t n = 0;
    struct compound *list = c ? distinct_compounds(c, &n) : NULL;
    if (!text || (c && c->n && !list))
        oom(ps);
    if (!ps->failed && n > GZ_QUERY_LONG_WORDS) {
        *by_example = 1;
        size_t all_words = n;
        n = keep_rarest(ps, c, list, n);
        *cut = n == GZ_QUERY_EXAMPLE_WORDS && all_words > n;
    }
    struct qlist all = {0};
    for (size_t k = 0; k < n && !ps->failed; k++) {
        if (ps->terms + (list[k].end - list[k].start) + 1 > ps->max_terms)
            break;
        gz_xap_query *q = compound_query(ps, c, list[k].start, list[k].end, "", 0);
        gz_xap_query *weighted = q && list[k].times > 1 ? gz_xap_query_scale(q, list[k].times) : NULL;
        if (weighted) {
            gz_xap_query_free(q);
            q = weighted;
        }
        if (q)
            qlist_push(ps, &all, q);
    }
    gz_xap_query *q = NULL;
    if (!ps->failed)
        q = qlist_combine(ps, ps->env->any || *by_example ? GZ_XAP_OP_OR : GZ_XAP_OP_AND, &all);
    qlist_release(&all);
    free(list);
    chunk_free(c);
    free(text);
    return q;
}

/* ---- entry points ----------------------------------------------------- */

static gz_status status_of(const struct parser *ps)
{
    return ps->failed == F_NOMEM ? GZ_ERR_NOMEM : GZ_ERR_INVALID;
}

gz_status gz_query_filter(const gz_query_env *env, const char *field, const char *value,
                          gz_query_info *info, gz_xap_query **out, char *err, size_t errlen)
{
    char text[GZ_QUERY_MAX_VALUE + 32];
    *out = NULL;
    const gz_schema_field *f = gz_schema_field_named(field, strlen(field));
    if (!f || f->kind == GZ_FIELD_TITLE) {   /* title: ranks; it is no filter */
        snprintf(err, errlen, "unknown filter '%s'", field);
        return GZ_ERR_INVALID;
    }
    if (!*value || strchr(value, '"') || strlen(value) > GZ_QUERY_MAX_VALUE ||
        snprintf(text, sizeof text, "%s:\"%s\"", field, value) >= (int)sizeof text) {
        snprintf(err, errlen, "%s: the value may not be empty, hold a quote or be longer than %d bytes",
                 field, GZ_QUERY_MAX_VALUE);
        return GZ_ERR_INVALID;
    }
    struct parser ps = {.env = env, .text = text, .p = text, .info = info,
                        .max_terms = GZ_QUERY_MAX_TERMS, .err = err, .errlen = errlen};
    enum role role;
    gz_xap_query *q = field_query(&ps, f, &role);
    if (ps.failed) {
        gz_xap_query_free(q);
        return status_of(&ps);
    }
    *out = q;
    return GZ_OK;
}

/* Structured syntax; NULL with ps->failed set when it does not parse. */
static gz_xap_query *parse_syntax(struct parser *ps)
{
    struct node n = parse_or(ps);
    skip_space(ps);
    if (!ps->failed && *ps->p == ')')
        fail(ps, ps->p, "this parenthesis closes nothing");
    else if (!ps->failed && *ps->p)
        fail(ps, ps->p, "unexpected text");
    if (ps->failed) {
        gz_xap_query_free(n.q);
        return NULL;
    }
    return n.q;
}

static void add_notice(gz_query_info *info, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_notice(gz_query_info *info, const char *fmt, ...)
{
    size_t used = strlen(info->notice);
    if (used && used + 2 < sizeof info->notice) {
        strcpy(info->notice + used, "; ");
        used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(info->notice + used, sizeof info->notice - used, fmt, ap);
    va_end(ap);
}

/* A copy of text cut at the last space before GZ_QUERY_MAX_BYTES. */
static char *cut_long(const char *text)
{
    size_t n = GZ_QUERY_MAX_BYTES;
    while (n > GZ_QUERY_MAX_BYTES / 2 && !isspace((unsigned char)text[n]))
        n--;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    return strndup(text, n);
}

gz_status gz_query_parse(const gz_query_env *env, const char *text,
                         gz_query_info *info, gz_xap_query **out, char *err, size_t errlen)
{
    *out = NULL;
    memset(info, 0, sizeof *info);
    char *cut = strlen(text) > GZ_QUERY_MAX_BYTES ? cut_long(text) : NULL;
    if (cut)
        text = cut;
    else if (strlen(text) > GZ_QUERY_MAX_BYTES) {
        snprintf(err, errlen, "out of memory");
        return GZ_ERR_NOMEM;
    }
    struct parser ps = {.env = env, .text = text, .p = text, .info = info,
                        .max_terms = GZ_QUERY_MAX_TERMS, .err = err, .errlen = errlen};
    gz_xap_query *q = parse_syntax(&ps);
    if (!ps.failed && ps.terms > GZ_QUERY_LONG_WORDS) {
        /* Parsed, but as many words as a pasted article: all of them
         * required would find nothing. */
        gz_xap_query_free(q);
        q = NULL;
        fail(&ps, NULL, "the query has more than %d words", GZ_QUERY_LONG_WORDS);
    }
    if (ps.failed == F_SYNTAX) {
        char why[GZ_QUERY_NOTICE_MAX];
        snprintf(why, sizeof why, "%s", err);
        err[0] = '\0';
        gz_query_info_release(info);
        ps = (struct parser){.env = env, .text = text, .p = text, .info = info,
                             .max_terms = MAX_WORDS_TERMS, .err = err, .errlen = errlen};
        int by_example, rarest;
        q = as_words(&ps, &by_example, &rarest);
        if (!ps.failed && rarest)
            add_notice(info, "a long text: searched for any of its %d rarest words",
                       GZ_QUERY_EXAMPLE_WORDS);
        else if (!ps.failed && by_example)
            add_notice(info, "a long text: searched for any of its words");
        else if (!ps.failed)
            add_notice(info, "searched as plain words: %s", why);
    }
    info->nphrased = ps.phrases;
    if (!ps.failed && cut)
        add_notice(info, "only the first %zu bytes of the query were used", strlen(text));
    if (!ps.failed && ps.loosened)
        add_notice(info, "more than %d phrases: the others were matched as words", GZ_QUERY_MAX_PHRASES);
    if (!ps.failed && !q) {
        add_notice(info, "the query has no words to search for");
        if (!(q = gz_xap_query_none()))
            oom(&ps);
    }
    free(cut);
    if (ps.failed) {
        gz_xap_query_free(q);
        gz_query_info_release(info);
        return status_of(&ps);
    }
    *out = q;
    return GZ_OK;
}
