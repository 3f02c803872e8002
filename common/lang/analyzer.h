/*
 * analyzer.h - Gazette's tokenizer, the single source of truth for turning
 * text into terms at index time, query time and snippet time.
 *
 * Rules (each has a unit test in tests/unit/test_analyzer.c):
 *   - UTF-8 in; Unicode case folding, compatibility (NFKC) and accent
 *     stripping through utf8proc: "Café" -> "cafe".  Invalid bytes are
 *     separators, never a crash.
 *   - Possessives drop: "Korea's", "Korea’s" -> "korea"; other inner
 *     apostrophes join: "O'Brien" -> "obrien".
 *   - Dotted acronyms join: "U.S." -> "us" (the same term as "US").
 *   - Numbers keep decimals and drop thousands separators: "3.5", "1,000" -> "1000".
 *   - Hyphenated compounds give each part at its own position and the joined
 *     form at the first part's position (flag GZ_TOK_JOINED), so that
 *     "Kim Song-nam", "Kim Song Nam" and "Kim Songnam" find each other.
 *   - Words glued together by a lost space split where a lexicon of names
 *     says so (glue.h, gz_analyzer_set_glue): "ComradeKim" -> "comrade",
 *     "kim"; real mixed case ("McDonald", "iPhone") stays whole.
 *   - Terms are Snowball stems of the folded words (language per index).
 *   - Invisible format characters (soft hyphen, zero-width joiner, word
 *     joiner: Unicode category Cf) inside a word vanish: "inter<SHY>national"
 *     is "international".  The zero-width space alone separates words.
 *   - Scripts written without spaces between words (Chinese, Japanese, Thai,
 *     Lao, Khmer, Myanmar) and Korean, whose words carry their particles,
 *     give one token per character (a base letter with its marks) and, at
 *     the same position, the pair it starts with the next one (flags
 *     GZ_TOK_JOINED | GZ_TOK_NGRAM).  A query word of two or more
 *     characters is the phrase of its pairs, so "王沪宁" finds "…常委王沪宁在…"
 *     and "라오스" finds "라오스를" without a dictionary: what a word is does
 *     not depend on the words around it, at index time or query time.
 *
 * Offsets are byte offsets into the text passed in, for highlighting.
 */
#ifndef GZ_ANALYZER_H
#define GZ_ANALYZER_H

#include <stddef.h>

#include "status.h"

/* Longest folded word kept; longer runs (URLs, base64) are skipped. */
#define GZ_MAX_WORD 64

enum {
    GZ_TOK_PART   = 1 << 0, /* one part of a hyphenated compound */
    GZ_TOK_JOINED = 1 << 1, /* the joined form of a compound: an alternative
                               at the position of its first part */
    GZ_TOK_NUMBER = 1 << 2, /* only digits (and a decimal point) */
    GZ_TOK_NGRAM  = 1 << 3  /* a character pair of an unspaced script (always
                               with GZ_TOK_JOINED): it covers the token
                               before it and the next positional one */
};

typedef struct gz_token {
    const char *term;   /* stemmed, folded; NUL-terminated */
    size_t term_len;
    const char *word;   /* folded, unstemmed; NUL-terminated */
    size_t word_len;
    size_t start, end;  /* byte range in the source text */
    unsigned pos;       /* word position; JOINED shares its first part's */
    unsigned flags;
    unsigned compound;  /* tokens of one hyphenated compound share this */
} gz_token;

/* Returns 0 to go on, non-zero to stop the run (that value is returned). */
typedef int (*gz_token_fn)(void *ctx, const gz_token *tok);

typedef struct gz_analyzer gz_analyzer;

/* language: a Snowball algorithm name ("english", "french", ...) or "none".
 * GZ_ERR_INVALID: no such language; GZ_ERR_NOMEM. */
gz_status gz_analyzer_new(const char *language, gz_analyzer **out);
void gz_analyzer_free(gz_analyzer *a);
const char *gz_analyzer_language(const gz_analyzer *a);

/* Tokenizes text[0..len); the first word gets position first_pos.  Calls fn
 * for each token in text order.  *next_pos (may be NULL) receives the
 * position after the last word.  Returns 0, or fn's non-zero value. */
int gz_analyzer_run(gz_analyzer *a, const char *text, size_t len,
                    unsigned first_pos, gz_token_fn fn, void *ctx,
                    unsigned *next_pos);

/* Splits words that lost their spaces ("ComradeKim", "Kim Jong Unsaid")
 * by the lexicon's rules (glue.h); NULL or an empty lexicon: never.  The
 * lexicon is the caller's and must outlive the analyzer's runs. */
struct gz_glue;
void gz_analyzer_set_glue(gz_analyzer *a, const struct gz_glue *glue);

/* Restricts stemming to words that may stem to one of stems[0..n) (NULL:
 * stem every word again); other words keep their folded form as term.  For
 * snippets, which only compare terms with a query's stems: the suffix
 * stemmers (English and its European kin) rewrite endings and keep a word's
 * first two letters ("skies" -> "sky", "ugly" -> "ugli"), so a word that
 * starts differently cannot match, and its stem (the costly part of
 * tokenizing) is not needed.  Other languages stem every word. */
void gz_analyzer_stem_only(gz_analyzer *a, const char *const *stems, size_t n);

/* Folds one word as written (case, compatibility forms, marks: "Café" ->
 * "cafe") into out, NUL-terminated, as the analyzer folds every word.
 * Returns its length, or 0 when it folds to nothing or does not fit (cap,
 * GZ_MAX_WORD). */
size_t gz_analyzer_fold(const char *word, size_t len, char *out, size_t cap);

/* Stems one folded word; the result is owned by the analyzer and valid until
 * its next call. */
const char *gz_analyzer_stem(gz_analyzer *a, const char *word, size_t len,
                             size_t *out_len);

#endif
