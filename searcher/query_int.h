/*
 * query_int.h - what the parts of the query parser share (query.h is its
 * public side): the parser's state and how it fails, and the lists and
 * token chunks queries are built from.  query_build.c builds queries from
 * words and phrases; query.c parses the syntax; query_words.c reads text
 * that does not parse as plain words.
 */
#ifndef GZ_QUERY_INT_H
#define GZ_QUERY_INT_H

#include <stddef.h>

#include "query.h"

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

struct qlist {
    gz_xap_query **q;
    size_t n, cap;
};

struct tok {
    char term[GZ_MAX_WORD * 2 + 1];
    char word[GZ_MAX_WORD + 1];
    unsigned flags, compound;
    size_t start, end;
};

struct chunk {
    struct tok *tok;
    size_t n, cap, limit;
    int full, nomem;
};

/* ---- failing (query_build.c) -------------------------------------------- */

/* Syntax that does not parse: the text is then searched as words. */
void qp_fail(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A field value that is wrong: refused, the user meant the field. */
void qp_fail_value(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void qp_oom(struct parser *ps);

/* ---- what snippets highlight -------------------------------------------- */

void qp_note_term(struct parser *ps, const char *stem);
void qp_note_key(struct parser *ps, const char *key);
void qp_note_word(struct parser *ps, size_t start, size_t end, const char *folded);

/* ---- parts of one operator ---------------------------------------------- */

void qp_qlist_release(struct qlist *l);
/* Takes q (NULL: out of memory); -1 when the list is full or memory ran out. */
int qp_qlist_push(struct parser *ps, struct qlist *l, gz_xap_query *q);
/* Combines and releases the list (one part passes through; repeated parts
 * are evaluated once, weighted as often as they stand). */
gz_xap_query *qp_qlist_combine(struct parser *ps, gz_xap_op op, struct qlist *l);
/* prefix + term as a query (counted against the parser's term limit). */
gz_xap_query *qp_term_query(struct parser *ps, const char *prefix, const char *term);

/* ---- words and phrases -------------------------------------------------- */

/* The tokens of s[0..len), up to limit (structured syntax: more is a
 * phrase too long, reported).  NULL when that or memory failed. */
struct chunk *qp_analyze(struct parser *ps, const char *s, size_t len, size_t limit);
void qp_chunk_free(struct chunk *c);
/* A phrase over the positional tokens [from, to) (a single word alone). */
gz_xap_query *qp_phrase_of(struct parser *ps, const struct chunk *c, size_t from, size_t to,
                           const char *prefix);
/* The end of the compound that starts at token i, and its query. */
size_t qp_compound_end(const struct chunk *c, size_t i);
gz_xap_query *qp_compound_query(struct parser *ps, const struct chunk *c, size_t i, size_t j,
                                const char *prefix, size_t offset);
/* A bare chunk: its compounds, all required. */
gz_xap_query *qp_words_of(struct parser *ps, const struct chunk *c, const char *prefix,
                          size_t offset);

/* ---- text that does not parse (query_words.c) --------------------------- */

/* The whole text as plain words (gazette-query(7)); *by_example:
 * past GZ_QUERY_LONG_WORDS distinct words, any of them; *rarest: how many
 * of the rarest were kept when some were left out (GZ_QUERY_EXAMPLE_WORDS,
 * GZ_QUERY_EXAMPLE_POSTINGS), else 0. */
gz_xap_query *qp_as_words(struct parser *ps, int *by_example, size_t *rarest);

#endif
