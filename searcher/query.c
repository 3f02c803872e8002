/*
 * query.c - the recursive-descent query parser of query.h: fields, the
 * grammar, and the entry points (which fall back to query_words.c).
 *
 * Each parse function returns a "node": a Xapian query plus what it is to
 * its parent (a ranked part, a filter, or an exclusion).  An "and" list
 * ranks its ranked parts (AND, or OR with --any), filters them by its
 * filters and subtracts its exclusions.
 */
#include "query_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "schema.h"
#include "utf8.h"

/* ---- fields ----------------------------------------------------------- */

gz_status gz_query_date_bound(const char *s, size_t len, int upper, char out[9])
{
    char buf[16];
    if (len != 4 && len != 7 && len != 10)
        return GZ_ERR_INVALID;
    memcpy(buf, s, len);
    buf[len] = '\0';
    for (size_t k = 0; k < len; k++)
        if ((k == 4 || k == 7) ? buf[k] != '-' : !isdigit((unsigned char)buf[k]))
            return GZ_ERR_INVALID;
    int y = atoi(buf), m = len >= 7 ? atoi(buf + 5) : 1, d = len == 10 ? atoi(buf + 8) : 1;
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
        return GZ_ERR_INVALID;
    if (len == 10) {
        static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (d > days[m - 1] || (m == 2 && d == 29 && !leap))
            return GZ_ERR_INVALID;
    }
    /* Byte order does the calendar: "20240699" is past every June day. */
    unsigned mm = (unsigned)(len >= 7 ? m : (upper ? 99 : 1)) % 100u;
    unsigned dd = (unsigned)(len == 10 ? d : (upper ? 99 : 1)) % 100u;
    if (snprintf(out, 9, "%04u%02u%02u", (unsigned)y % 10000u, mm, dd) != 8)
        return GZ_ERR_INVALID;
    if (len == 4 && upper)
        memcpy(out + 4, "9999", 4);
    return GZ_OK;
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
            qp_fail_value(ps, at, "date: wants YYYY, YYYY-MM or YYYY-MM-DD on each side of '..'");
            return NULL;
        }
        if (have_lo && have_hi && strcmp(lo, hi) > 0) {
            qp_fail_value(ps, at, "date: the range ends before it starts");
            return NULL;
        }
    } else {
        have_lo = have_hi = 1;
        if (gz_query_date_bound(v, len, 0, lo) < 0 || gz_query_date_bound(v, len, 1, hi) < 0) {
            qp_fail_value(ps, at, "date: wants YYYY, YYYY-MM, YYYY-MM-DD or a range FROM..TO");
            return NULL;
        }
    }
    gz_xap_query *q = gz_xap_query_value_range(GZ_SLOT_DATE, have_lo ? lo : NULL, have_hi ? hi : NULL);
    if (!q)
        qp_oom(ps);
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
            qp_fail_value(ps, at, "country: '%s' is not a country code or a country name Gazette knows", v);
            return NULL;
        }
        snprintf(code, sizeof code, "%s", found);
    }
    return qp_term_query(ps, prefix, code);
}

/* A person: filter looks for at most this many spellings of one person. */
#define MAX_PERSON_KEYS 32

/* person: and org: filter by the folded key every spelling shares; a
 * person also by the keys of the names the archive shows as that person. */
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
        qp_fail(ps, at, "%s: wants a name", org ? "org" : "person");
        return NULL;
    }
    if (org || !ps->env->person_keys) {
        qp_note_key(ps, key);
        return qp_term_query(ps, prefix, key);
    }
    const char *keys[MAX_PERSON_KEYS];
    size_t n = ps->env->person_keys(ps->env->ctx, key, keys, MAX_PERSON_KEYS);
    if (n == 0)
        return gz_xap_query_none();     /* the archive's map: not a person */
    struct qlist alt = {0};
    for (size_t i = 0; i < n && !ps->failed; i++) {
        qp_note_key(ps, keys[i]);
        qp_qlist_push(ps, &alt, qp_term_query(ps, prefix, keys[i]));
    }
    return ps->failed ? (qp_qlist_release(&alt), NULL) : qp_qlist_combine(ps, GZ_XAP_OP_OR, &alt);
}


/* source:KCNA, source:"Mekong Wire": the articles from there, by the
 * folded key of the name (any case and spacing). */
static gz_xap_query *source_query(struct parser *ps, const char *prefix, const char *v,
                                  const char *at)
{
    char key[GZ_XAP_MAX_TERM];
    if (!gz_entity_key(ps->env->folder, v, key, sizeof key - strlen(prefix))) {
        qp_fail(ps, at, "source: wants a name");
        return NULL;
    }
    return qp_term_query(ps, prefix, key);
}

/* story:KEY, a key as search results give it (the id of the story's
 * first article): its copies (XS) and that article (Q). */
static gz_xap_query *story_query(struct parser *ps, const char *prefix, const char *v, size_t len,
                                 const char *at)
{
    (void)len;
    (void)at;
    if (ps->info)
        ps->info->story = 1;
    struct qlist both = {0};
    qp_qlist_push(ps, &both, qp_term_query(ps, prefix, v));
    qp_qlist_push(ps, &both, qp_term_query(ps, GZ_PREFIX_ID, v));
    return ps->failed ? (qp_qlist_release(&both), NULL) : qp_qlist_combine(ps, GZ_XAP_OP_OR, &both);
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
            qp_fail(ps, v, "unterminated phrase: this quote is never closed");
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
        qp_fail(ps, at, "%s: wants a value", field->name);
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
    case GZ_FIELD_STORY: return story_query(ps, field->prefix, value, len, at);
    case GZ_FIELD_SOURCE: return source_query(ps, field->prefix, value, at);
    case GZ_FIELD_TITLE: break;
    }
    *role = R_RANKED;
    struct chunk *c = qp_analyze(ps, value, len, MAX_CHUNK_TOKENS);
    gz_xap_query *q = NULL;
    if (c && !ps->failed)
        q = v[-1] == '"' ? qp_phrase_of(ps, c, 0, c->n, field->prefix)
                         : qp_words_of(ps, c, field->prefix, (size_t)(v - ps->text));
    qp_chunk_free(c);
    if (!q && !ps->failed)
        qp_fail(ps, at, "title: wants words");
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
    struct chunk *label = qp_analyze(ps, v, (size_t)(colon - v), MAX_CHUNK_TOKENS);
    struct chunk *rest = label ? qp_analyze(ps, colon + 1, (size_t)(end - colon - 1), MAX_CHUNK_TOKENS) : NULL;
    gz_xap_query *want = rest ? qp_words_of(ps, rest, "", (size_t)(colon + 1 - ps->text)) : NULL;
    gz_xap_query *maybe = want ? qp_words_of(ps, label, "", (size_t)(v - ps->text)) : NULL;
    qp_chunk_free(label);
    qp_chunk_free(rest);
    if (!want || !maybe)
        return want ? want : maybe;
    gz_xap_query *pair[2] = {want, maybe};
    gz_xap_query *q = gz_xap_query_combine(GZ_XAP_OP_AND_MAYBE, pair, 2);
    gz_xap_query_free(want);
    gz_xap_query_free(maybe);
    if (!q)
        qp_oom(ps);
    return q;
}

static struct node parse_primary(struct parser *ps)
{
    struct node n = {NULL, R_RANKED};
    skip_space(ps);
    const char *at = ps->p;
    if (*at == '(') {
        if (++ps->depth > GZ_QUERY_MAX_DEPTH) {
            qp_fail(ps, at, "parentheses nest more than %d deep", GZ_QUERY_MAX_DEPTH);
            return n;
        }
        ps->p++;
        n = parse_or(ps);
        skip_space(ps);
        if (*ps->p != ')')
            qp_fail(ps, at, "this parenthesis is never closed");
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
            qp_fail(ps, at, "unterminated phrase: this quote is never closed");
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
    struct chunk *c = qp_analyze(ps, v, (size_t)(end - v), MAX_CHUNK_TOKENS);
    if (c)
        n.q = quoted ? qp_phrase_of(ps, c, 0, c->n, "") : qp_words_of(ps, c, "", (size_t)(v - ps->text));
    qp_chunk_free(c);
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
        qp_qlist_push(ps, filters, gz_xap_query_all());
    gz_xap_query *rank = qp_qlist_combine(ps, ps->env->any ? GZ_XAP_OP_OR : GZ_XAP_OP_AND, ranked);
    gz_xap_query *filter = qp_qlist_combine(ps, GZ_XAP_OP_AND, filters);
    gz_xap_query *minus = qp_qlist_combine(ps, GZ_XAP_OP_OR, excluded);
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
        qp_oom(ps);
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
    gz_xap_query *alt = qp_term_query(ps, "", term);
    if (!both || !alt) {
        gz_xap_query_free(both);
        gz_xap_query_free(alt);
        return NULL;
    }
    qp_note_term(ps, term);
    gz_xap_query *either[2] = {both, alt};
    gz_xap_query *q = gz_xap_query_combine(GZ_XAP_OP_OR, either, 2);
    gz_xap_query_free(both);
    gz_xap_query_free(alt);
    return q;
}

/* The indexed term of word[from, to), stemmed as the index stems; 0 when
 * the index does not hold it. */
static int part_term(struct parser *ps, const char *word, size_t from, size_t to, char *term,
                     size_t cap)
{
    size_t len;
    const char *stem = gz_analyzer_stem(ps->env->analyzer, word + from, to - from, &len);
    if (len + 1 > cap)
        return 0;
    memcpy(term, stem, len);
    term[len] = '\0';
    return ps->env->termfreq(ps->env->ctx, term) > 0;
}

/* "Choe Sonhui" where the text writes "Choe Son Hui": when two words name
 * a person the index knows ("XPchoesonhui"), the second also matches its
 * parts as a phrase, for each split whose parts the index holds. */
static gz_xap_query *split_name_word(struct parser *ps, const struct chunk *a,
                                     const struct chunk *b, gz_xap_query *qb)
{
    char name[GZ_MAX_WORD * 2 + 2], key[GZ_XAP_MAX_TERM], term[GZ_XAP_MAX_TERM + 4];
    if (a->n != 1 || b->n != 1 || (a->tok[0].flags | b->tok[0].flags) & GZ_TOK_NUMBER)
        return NULL;
    const char *word = b->tok[0].word;
    size_t wlen = strlen(word);
    if (wlen < 4 || snprintf(name, sizeof name, "%s %s", a->tok[0].word, word) >= (int)sizeof name ||
        !gz_entity_key(ps->env->folder, name, key, sizeof key - strlen(GZ_PREFIX_PERSON)) ||
        !gz_schema_term(GZ_PREFIX_PERSON, key, strlen(key), term, sizeof term) ||
        !ps->env->termfreq(ps->env->ctx, term))
        return NULL;
    struct qlist alts = {0};
    qp_qlist_push(ps, &alts, gz_xap_query_copy(qb));
    for (size_t at = 2; at + 2 <= wlen && !ps->failed; at++) {
        char left[GZ_MAX_WORD * 4], right[GZ_MAX_WORD * 4];
        if (!part_term(ps, word, 0, at, left, sizeof left) ||
            !part_term(ps, word, at, wlen, right, sizeof right))
            continue;
        struct qlist parts = {0};
        qp_qlist_push(ps, &parts, qp_term_query(ps, "", left));
        qp_qlist_push(ps, &parts, qp_term_query(ps, "", right));
        qp_note_term(ps, left);
        qp_note_term(ps, right);
        qp_qlist_push(ps, &alts, ps->failed ? (qp_qlist_release(&parts), NULL)
                                            : qp_qlist_combine(ps, GZ_XAP_OP_PHRASE, &parts));
    }
    if (ps->failed || alts.n < 2) {
        qp_qlist_release(&alts);
        return NULL;
    }
    return qp_qlist_combine(ps, GZ_XAP_OP_OR, &alts);
}

/* The single bare word a node was made from, analysed again (for joining). */
static struct chunk *bare_word(struct parser *ps, const char *start, const char *end)
{
    while (start < end && isspace((unsigned char)*start))
        start++;
    for (const char *c = start; c < end; c++)
        if (!isalpha((unsigned char)*c) && !((unsigned char)*c & 0x80))
            return NULL;
    return start < end ? qp_analyze(ps, start, (size_t)(end - start), MAX_CHUNK_TOKENS) : NULL;
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
            } else if ((joined = split_name_word(ps, prev, word, n.q))) {
                gz_xap_query_free(n.q);
                n.q = joined;
            }
        }
        qp_chunk_free(prev);
        prev = word;
        if (n.q)
            qp_qlist_push(ps, n.role == R_RANKED ? &ranked : n.role == R_FILTER ? &filters : &excluded, n.q);
    }
    qp_chunk_free(prev);
    if (ps->failed) {
        qp_qlist_release(&ranked);
        qp_qlist_release(&filters);
        qp_qlist_release(&excluded);
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
            qp_qlist_push(ps, &alts, n.q);
        }
        skip_space(ps);
        if (!at_operator(ps->p, "OR"))
            break;
        ps->p += 2;
    }
    if (ps->failed) {
        qp_qlist_release(&alts);
        return (struct node){NULL, R_RANKED};
    }
    struct node n = {qp_qlist_combine(ps, GZ_XAP_OP_OR, &alts), all_filters ? R_FILTER : R_RANKED};
    return n;
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
        qp_fail(ps, ps->p, "this parenthesis closes nothing");
    else if (!ps->failed && *ps->p)
        qp_fail(ps, ps->p, "unexpected text");
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
    return strndup(text, gz_utf8_cut(text, strlen(text), n));
}

/* After the syntax failed: the text again, as plain words, with a notice
 * saying why (ps is reset for the second reading). */
static gz_xap_query *reparse_as_words(struct parser *ps)
{
    char why[GZ_QUERY_NOTICE_MAX];
    snprintf(why, sizeof why, "%s", ps->err);
    ps->err[0] = '\0';
    gz_query_info_release(ps->info);
    struct parser fresh = {.env = ps->env, .text = ps->text, .p = ps->text, .info = ps->info,
                           .max_terms = MAX_WORDS_TERMS, .err = ps->err, .errlen = ps->errlen};
    *ps = fresh;
    int by_example;
    size_t rarest;
    gz_xap_query *q = qp_as_words(ps, &by_example, &rarest);
    if (ps->failed)
        return q;
    if (rarest)
        add_notice(ps->info, "a long text: searched for any of its %zu rarest words", rarest);
    else if (by_example)
        add_notice(ps->info, "a long text: searched for any of its words");
    else
        add_notice(ps->info, "searched as plain words: %s", why);
    return q;
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
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
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
        qp_fail(&ps, NULL, "the query has more than %d words", GZ_QUERY_LONG_WORDS);
    }
    if (ps.failed == F_SYNTAX)
        q = reparse_as_words(&ps);
    info->nphrased = ps.phrases;
    if (!ps.failed && cut)
        add_notice(info, "only the first %zu bytes of the query were used", strlen(text));
    if (!ps.failed && ps.loosened)
        add_notice(info, "more than %d phrases: the others were matched as words", GZ_QUERY_MAX_PHRASES);
    if (!ps.failed && !q) {
        add_notice(info, "the query has no words to search for");
        if (!(q = gz_xap_query_none()))
            qp_oom(&ps);
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
