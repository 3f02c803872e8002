/*
 * query.h - turns what a user typed into a Xapian query, analysing every
 * word with the same analyzer the index was built with, and records what
 * snippets must highlight.
 *
 * Grammar:
 *   query   := or
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*       words are all required (--any: any)
 *   unary   := ("NOT" | "-") primary | primary
 *   primary := "(" or ")" | FIELD ":" value | "phrase" | word
 *   FIELD   := country | person | org | title | date | story
 *   date    := YYYY[-MM[-DD]] | [from]..[to]      (inclusive, ends may be open)
 * A hyphenated word matches its parts as a phrase or its joined form
 * ("Song-nam" finds "Song Nam" and "Songnam"); two adjacent words also
 * match their joined form when the index has it ("Song Nam" = "Songnam").
 * country:, person:, org:, date: and story: filter without changing the
 * ranking (story:KEY lists one story whole, uncollapsed).
 *
 * Forgiving by design: an unknown "word:" is text; a dangling OR, AND or
 * NOT is ignored; NOT NOT cancels; a query that only excludes means
 * "everything but".  Text that still does not parse (a quote or
 * parenthesis never closed, one that closes nothing) is searched as plain
 * words, and the info's notice says so.  Only a field value that is wrong
 * (date:2024-13, country:Atlantis) is refused.
 */
#ifndef GZ_QUERY_H
#define GZ_QUERY_H

#include <stddef.h>
#include "status.h"

#include "analyzer.h"
#include "gazetteer.h"
#include "gz_xapian.h"

/* Limits on what one query may cost (docs/design/limits.md).
 * Past each the query is still searched, in a cheaper form, with a notice. */
#define GZ_QUERY_MAX_BYTES 16384   /* longer text is cut at a space */
#define GZ_QUERY_MAX_TERMS 256     /* more: searched as words, by example */
#define GZ_QUERY_MAX_DEPTH 32      /* parentheses deeper: searched as words */
#define GZ_QUERY_MAX_PHRASES 8     /* more: matched as words, not in order */
#define GZ_QUERY_LONG_WORDS 64     /* more: pasted text, searched for any of its words */
#define GZ_QUERY_EXAMPLE_WORDS 256 /* of which it keeps the rarest */
/* ... while the articles they are in add up to at most this many postings
 * (a search's cost grows with the postings it reads: 256 common words
 * would read most of the index 256 times), and always the rarest few. */
#define GZ_QUERY_EXAMPLE_POSTINGS 300000ul
#define GZ_QUERY_EXAMPLE_MIN 4
#define GZ_QUERY_MAX_VALUE 200     /* bytes of one field value */
#define GZ_QUERY_NOTICE_MAX 320

/* What the parser needs from the searcher: the analyzer of the index and
 * lazy access to the rest. */
typedef struct gz_query_env {
    gz_analyzer *analyzer;        /* the index's language */
    gz_analyzer *folder;          /* language "none": entity keys */
    int any;                      /* words: any instead of all */
    void *ctx;
    /* The gazetteer, loaded on first use (country names); NULL on failure. */
    const gz_gazetteer *(*gazetteer)(void *ctx);
    /* Is this a known country code? */
    int (*country_known)(void *ctx, const char *code);
    /* How many articles hold term (0 when unknown). */
    unsigned long (*termfreq)(void *ctx, const char *term);
    /* The person keys a person: key stands for (person_keys.h), up to max;
     * 0: nobody.  NULL: the key alone. */
    size_t (*person_keys)(void *ctx, const char *key, const char **keys, size_t max);
} gz_query_env;

/* A word of the query as typed, for spelling suggestions. */
typedef struct gz_query_word {
    size_t start, end;            /* byte range in the query text */
    char folded[GZ_MAX_WORD + 1];
} gz_query_word;

/* What snippets highlight: stems, phrases of stems, entity keys. */
typedef struct gz_query_info {
    char **terms;
    size_t nterms, terms_cap;
    char ***phrases;              /* NULL-terminated lists of stems */
    size_t nphrases, phrases_cap;
    char **keys;                  /* folded entity names: "kimsongnam" */
    size_t nkeys, keys_cap;
    gz_query_word *words;
    size_t nwords, words_cap;
    char notice[GZ_QUERY_NOTICE_MAX]; /* "" or one line for the reader */
    unsigned nphrased;            /* phrases matched in order (each reads positions) */
    unsigned nwords_ranked;       /* words (a compound counts once) that rank */
    int story;                    /* has a story: filter (lists the story whole) */
} gz_query_info;

/* Sets *out to a query the caller frees.  GZ_OK also when the text did
 * not parse as syntax and was searched as words, or had nothing to search
 * for (then *out matches nothing): info->notice says so.  GZ_ERR_INVALID:
 * a field value is wrong, err says which and at which character.
 * GZ_ERR_NOMEM: memory ran out.  info (required) receives what to
 * highlight; release it with gz_query_info_release. */
gz_status gz_query_parse(const gz_query_env *env, const char *text,
                         gz_query_info *info, gz_xap_query **out, char *err, size_t errlen);
void gz_query_info_release(gz_query_info *info);

/* One filter given apart from the query text (the CGI's country=KP):
 * field is country, person, org or date, value what would follow the
 * colon.  Adds what to highlight to info (which is not reset).
 * GZ_ERR_INVALID with err on an unknown field or a bad value. */
gz_status gz_query_filter(const gz_query_env *env, const char *field, const char *value,
                          gz_query_info *info, gz_xap_query **out, char *err, size_t errlen);

/* Parses a date bound: "2024", "2024-03", "2024-03-21" to "YYYYMMDD" (the
 * first day when !upper, else a bound past the last day); GZ_ERR_INVALID when it is none. */
gz_status gz_query_date_bound(const char *s, size_t len, int upper, char out[9]);

#endif
