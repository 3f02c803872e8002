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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "entities.h"
#include "schema.h"

#define MAX_CHUNK_TOKENS 64

enum role { R_RANKED, R_FILTER, R_EXCLUDE };

struct node {
    gz_xap_query *q;     /* NULL: nothing (a chunk of punctuation) */
    enum role role;
};

struct parser {
    const gz_query_env *env;
    const char *text;
    const char *p;
    gz_query_info *info;
    unsigned terms;
    int negated;         /* inside an exclusion: nothing to highlight */
    char *err;
    size_t errlen;
    int failed;
};

static void fail(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct parser *ps, const char *at, const char *fmt, ...)
{
    if (ps->failed)
        return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (at)
        snprintf(ps->err, ps->errlen, "%s (at character %ld)", msg, (long)(at - ps->text) + 1);
    else
        snprintf(ps->err, ps->errlen, "%s", msg);
    ps->failed = 1;
}

static void oom(struct parser *ps)
{
    fail(ps, NULL, "out of memory");
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

struct qlist {
    gz_xap_query *q[GZ_QUERY_MAX_TERMS];
    size_t n;
};

static void qlist_release(struct qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        gz_xap_query_free(l->q[i]);
    l->n = 0;
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
    l->q[l->n++] = q;
    return 0;
}

/* Combines and releases the list (a single query passes through). */
static gz_xap_query *qlist_combine(struct parser *ps, gz_xap_op op, struct qlist *l)
{
    gz_xap_query *q = NULL;
    if (l->n == 1) {
        q = l->q[0];
        l->n = 0;
    } else if (l->n > 1) {
        if (!(q = gz_xap_query_combine(op, l->q, l->n)))
            oom(ps);
        qlist_release(l);
    }
    return q;
}

static gz_xap_query *term_query(struct parser *ps, const char *prefix, const char *term)
{
    char buf[GZ_XAP_MAX_TERM + 1];
    if (snprintf(buf, sizeof buf, "%s%s", prefix, term) >= (int)sizeof buf) {
        fail(ps, NULL, "a word of the query is too long");
        return NULL;
    }
    if (++ps->terms > GZ_QUERY_MAX_TERMS) {
        fail(ps, NULL, "the query has too many words (more than %d)", GZ_QUERY_MAX_TERMS);
        return NULL;
    }
    gz_xap_query *q = gz_xap_query_term(buf, strlen(buf), 1);
    if (!q)
        oom(ps);
    return q;
}

/* ---- words and phrases ------------------------------------------------ */

struct chunk {
    struct {
        char term[GZ_MAX_WORD * 2 + 1];
        char word[GZ_MAX_WORD + 1];
        unsigned flags, compound;
        size_t start, end;
    } tok[MAX_CHUNK_TOKENS];
    size_t n;
};

static int collect(void *ctx, const gz_token *t)
{
    struct chunk *c = ctx;
    if (c->n == MAX_CHUNK_TOKENS)
        return 1;
    snprintf(c->tok[c->n].term, sizeof c->tok[c->n].term, "%s", t->term);
    snprintf(c->tok[c->n].word, sizeof c->tok[c->n].word, "%s", t->word);
    c->tok[c->n].flags = t->flags;
    c->tok[c->n].compound = t->compound;
    c->tok[c->n].start = t->start;
    c->tok[c->n].end = t->end;
    c->n++;
    return 0;
}

static struct chunk *analyze(struct parser *ps, const char *s, size_t len)
{
    struct chunk *c = calloc(1, sizeof *c);
    if (!c) {
        oom(ps);
        return NULL;
    }
    gz_analyzer_run(ps->env->analyzer, s, len, 1, collect, c, NULL);
    if (c->n == MAX_CHUNK_TOKENS)
        fail(ps, s, "a phrase of the query is too long");
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
    return qlist_combine(ps, GZ_XAP_OP_PHRASE, &l);
}

/* A bare chunk: each compound is (its parts as a phrase) OR (joined). */
static gz_xap_query *words_of(struct parser *ps, const struct chunk *c, const char *prefix,
                              size_t offset)
{
    struct qlist all = {.n = 0};
    size_t i = 0;
    while (i < c->n && !ps->failed) {
        size_t j = i;
        while (j < c->n && c->tok[j].compound == c->tok[i].compound)
            j++;
        gz_xap_query *q = phrase_of(ps, c, i, j, prefix);
        if (q && j - i > 1 && (c->tok[j - 1].flags & GZ_TOK_JOINED)) {
            struct qlist alt = {.n = 0};
            qlist_push(ps, &alt, q);
            qlist_push(ps, &alt, term_query(ps, prefix, c->tok[j - 1].term));
            note_term(ps, c->tok[j - 1].term);
            q = ps->failed ? (qlist_release(&alt), NULL) : qlist_combine(ps, GZ_XAP_OP_OR, &alt);
        }
        if (j - i == 1)
            note_word(ps, offset + c->tok[i].start, offset + c->tok[i].end, c->tok[i].word);
        if (q)
            qlist_push(ps, &all, q);
        i = j;
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
            fail(ps, at, "date: wants YYYY, YYYY-MM or YYYY-MM-DD on each side of '..'");
            return NULL;
        }
        if (have_lo && have_hi && strcmp(lo, hi) > 0) {
            fail(ps, at, "date: the range ends before it starts");
            return NULL;
        }
    } else {
        have_lo = have_hi = 1;
        if (gz_query_date_bound(v, len, 0, lo) < 0 || gz_query_date_bound(v, len, 1, hi) < 0) {
            fail(ps, at, "date: wants YYYY, YYYY-MM, YYYY-MM-DD or a range FROM..TO");
            return NULL;
        }
    }
    gz_xap_query *q = gz_xap_query_value_range(GZ_SLOT_DATE, have_lo ? lo : NULL, have_hi ? hi : NULL);
    if (!q)
        oom(ps);
    return q;
}

static gz_xap_query *country_query(struct parser *ps, const char *v, const char *at)
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
            fail(ps, at, "country: '%s' is not a country code or a country name Gazette knows", v);
            return NULL;
        }
        snprintf(code, sizeof code, "%s", found);
    }
    return term_query(ps, GZ_PREFIX_COUNTRY, code);
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

static const char *const fields[] = {"country", "person", "org", "title", "date"};

/* FIELD:value at *p (value quoted or bare); the role it plays in *role. */
static gz_xap_query *field_query(struct parser *ps, size_t field, enum role *role)
{
    const char *at = ps->p;
    ps->p += strlen(fields[field]) + 1;
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
    if (len == 0 || len > 200) {
        fail(ps, at, "%s: wants a value", fields[field]);
        return NULL;
    }
    char value[256];
    memcpy(value, v, len);
    value[len] = '\0';
    *role = R_FILTER;
    switch (field) {
    case 0: return country_query(ps, value, at);
    case 1: return name_query(ps, GZ_PREFIX_PERSON, value, at, 0);
    case 2: return name_query(ps, GZ_PREFIX_ORG, value, at, 1);
    case 4: return date_query(ps, value, len, at);
    default: break;
    }
    *role = R_RANKED;
    struct chunk *c = analyze(ps, value, len);
    gz_xap_query *q = NULL;
    if (c && !ps->failed)
        q = v[-1] == '"' ? phrase_of(ps, c, 0, c->n, GZ_PREFIX_TITLE)
                         : words_of(ps, c, GZ_PREFIX_TITLE, (size_t)(v - ps->text));
    free(c);
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

static long at_field(const char *p)
{
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        size_t n = strlen(fields[f]);
        if (strncmp(p, fields[f], n) == 0 && p[n] == ':')
            return (long)f;
    }
    return -1;
}

static struct node parse_or(struct parser *ps);

static struct node parse_primary(struct parser *ps)
{
    struct node n = {NULL, R_RANKED};
    skip_space(ps);
    const char *at = ps->p;
    if (*at == '(') {
        ps->p++;
        n = parse_or(ps);
        skip_space(ps);
        if (*ps->p != ')')
            fail(ps, at, "this parenthesis is never closed");
        else
            ps->p++;
        return n;
    }
    long field = at_field(at);
    if (field >= 0) {
        n.q = field_query(ps, (size_t)field, &n.role);
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
        /* "http://..." is text, not a field */
        if (colon && colon > v && isalpha((unsigned char)*v) && colon + 1 < end && colon[1] != '/') {
            int word = 1;
            for (const char *c = v; c < colon; c++)
                word &= isalpha((unsigned char)*c) != 0;
            if (word) {
                fail(ps, at, "unknown field '%.*s:' (fields: country, person, org, title, date)",
                     (int)(colon - v), v);
                return n;
            }
        }
    }
    struct chunk *c = analyze(ps, v, (size_t)(end - v));
    if (c && !ps->failed)
        n.q = quoted ? phrase_of(ps, c, 0, c->n, "") : words_of(ps, c, "", (size_t)(v - ps->text));
    free(c);
    return n;
}

static struct node parse_unary(struct parser *ps)
{
    skip_space(ps);
    int neg = 0;
    if (at_operator(ps->p, "NOT")) {
        ps->p += 3;
        neg = 1;
    } else if (*ps->p == '-' && ps->p[1] && !isspace((unsigned char)ps->p[1])) {
        ps->p++;
        neg = 1;
    }
    ps->negated += neg;
    struct node n = parse_primary(ps);
    ps->negated -= neg;
    if (neg && n.q)
        n.role = R_EXCLUDE;
    return n;
}

/* Ranked parts ANDed (ORed with --any), filtered, exclusions removed. */
static struct node combine_and(struct parser *ps, struct qlist *ranked, struct qlist *filters,
                               struct qlist *excluded, const char *at)
{
    struct node n = {NULL, R_RANKED};
    if (!ranked->n && !filters->n && excluded->n) {
        fail(ps, at, "a query cannot only exclude: add words or a filter to find");
        qlist_release(excluded);
        return n;
    }
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
    return start < end ? analyze(ps, start, (size_t)(end - start)) : NULL;
}

static struct node parse_and(struct parser *ps)
{
    struct qlist ranked = {.n = 0}, filters = {.n = 0}, excluded = {.n = 0};
    const char *at = ps->p;
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
        struct chunk *word = n.role == R_RANKED && !ps->env->any ? bare_word(ps, start, ps->p) : NULL;
        if (word && prev && ranked.n) {
            gz_xap_query *joined = join_pair(ps, prev, word, ranked.q[ranked.n - 1], n.q);
            if (joined) {
                gz_xap_query_free(ranked.q[ranked.n - 1]);
                gz_xap_query_free(n.q);
                ranked.q[ranked.n - 1] = joined;
                n.q = NULL;
            }
        }
        free(prev);
        prev = word;
        if (n.q)
            qlist_push(ps, n.role == R_RANKED ? &ranked : n.role == R_FILTER ? &filters : &excluded, n.q);
    }
    free(prev);
    if (ps->failed) {
        qlist_release(&ranked);
        qlist_release(&filters);
        qlist_release(&excluded);
        return (struct node){NULL, R_RANKED};
    }
    return combine_and(ps, &ranked, &filters, &excluded, at);
}

static struct node parse_or(struct parser *ps)
{
    struct qlist alts = {.n = 0};
    int all_filters = 1;
    for (;;) {
        const char *at = ps->p;
        struct node n = parse_and(ps);
        if (ps->failed) {
            gz_xap_query_free(n.q);
            break;
        }
        if (!n.q) {
            skip_space(ps);
            if (at_operator(ps->p, "OR") || alts.n)
                fail(ps, at, "OR needs something on both sides");
            break;
        }
        all_filters &= n.role == R_FILTER;
        qlist_push(ps, &alts, n.q);
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

gz_xap_query *gz_query_filter(const gz_query_env *env, const char *field, const char *value,
                              gz_query_info *info, char *err, size_t errlen)
{
    char text[512];
    long f = -1;
    if (strcmp(field, "title") != 0)   /* title: ranks; it is no filter */
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            if (strcmp(field, fields[k]) == 0)
                f = (long)k;
    if (f < 0) {
        snprintf(err, errlen, "unknown filter '%s'", field);
        return NULL;
    }
    if (!*value || strchr(value, '"') ||
        snprintf(text, sizeof text, "%s:\"%s\"", field, value) >= (int)sizeof text) {
        snprintf(err, errlen, "%s: the value may not be empty, hold a quote or be that long", field);
        return NULL;
    }
    struct parser ps = {env, text, text, info, 0, 0, err, errlen, 0};
    enum role role;
    gz_xap_query *q = field_query(&ps, (size_t)f, &role);
    if (ps.failed) {
        gz_xap_query_free(q);
        return NULL;
    }
    return q;
}

gz_xap_query *gz_query_parse(const gz_query_env *env, const char *text,
                             gz_query_info *info, char *err, size_t errlen)
{
    struct parser ps = {env, text, text, info, 0, 0, err, errlen, 0};
    if (info)
        memset(info, 0, sizeof *info);
    if (strlen(text) > GZ_QUERY_MAX_BYTES) {
        snprintf(err, errlen, "the query is too long (more than %d bytes)", GZ_QUERY_MAX_BYTES);
        return NULL;
    }
    struct node n = parse_or(&ps);
    skip_space(&ps);
    if (!ps.failed && *ps.p == ')')
        fail(&ps, ps.p, "this parenthesis closes nothing");
    else if (!ps.failed && *ps.p)
        fail(&ps, ps.p, "unexpected text");
    if (!ps.failed && !n.q)
        fail(&ps, NULL, "the query has no words to search for");
    if (ps.failed) {
        gz_xap_query_free(n.q);
        gz_query_info_release(info);
        return NULL;
    }
    return n.q;
}
