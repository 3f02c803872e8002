/*
 * analyzer.c - the tokenizer described in analyzer.h.
 *
 * A scan finds "segments" (runs of word characters, with the joiners the
 * rules allow: inner apostrophes, acronym dots, digit separators), groups
 * hyphen-joined segments into a compound, folds each segment (ASCII inline,
 * anything else through utf8proc) and stems it with Snowball.  The ASCII
 * fast path matters: it is the whole of most news text.
 */
#include "analyzer.h"

#include <ctype.h>
#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "glue.h"

/* Compounds longer than this are treated as separate words past it. */
#define MAX_PARTS 8
#define RAW_MAX (GZ_MAX_WORD * 4)

/* Stemming is a tenth of indexing time, and news repeats its words: a
 * direct-mapped cache of short words' stems saves most of it. */
#define STEM_CACHE_SLOTS 8192
#define STEM_CACHE_WORD 24

struct stem_slot {
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
    unsigned char stem_len;
};

struct gz_analyzer {
    struct sb_stemmer *stemmer;     /* NULL for language "none" */
    char language[32];
    char stem[GZ_MAX_WORD * 2 + 1]; /* stems never grow much; see stem_word */
    struct stem_slot *cache;        /* allocated once stemming proves busy */
    unsigned long stems;            /* stems computed without the cache */
    int suffix_only;                /* the stemmer never touches a word's first two bytes */
    int filtered;                   /* stem only words that may stem to a wanted stem */
    unsigned char stem_first[256];  /* FIRST_ANY, FIRST_PAIR or 0, by first byte */
    unsigned short stem_pairs[64];  /* first two bytes of wanted stems */
    size_t npairs;
    const gz_glue *glue;            /* where glued words split; NULL: never */
};

#define FIRST_ANY 1     /* a wanted stem is that one byte alone: stem the word */
#define FIRST_PAIR 2    /* stem the word when its first two bytes are a pair */

/* One segment as scanned: its raw bytes (joiners removed) and range. */
struct segment {
    unsigned char raw[RAW_MAX];
    size_t raw_len;
    size_t start, end;
    int nonascii, has_letter, too_long;
};

/* Snowball stemmers that only rewrite word endings (Porter2 and its
 * European kin).  Indonesian, Arabic or Irish also strip prefixes, so a
 * filter on first bytes would be wrong there. */
static int strips_suffixes_only(const char *language)
{
    static const char *const names[] = {
        "danish", "da", "dutch", "nl", "english", "en", "finnish", "fi", "french", "fr",
        "german", "de", "italian", "it", "norwegian", "no", "porter", "portuguese", "pt",
        "romanian", "ro", "russian", "ru", "spanish", "es", "swedish", "sv",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(language, names[i]) == 0)
            return 1;
    return 0;
}

/* Does libstemmer have this algorithm?  (Its constructor returns NULL
 * for an unknown one and for lack of memory alike.) */
static int known_language(const char *language)
{
    if (strcmp(language, "none") == 0)
        return 1;
    for (const char **l = sb_stemmer_list(); *l; l++)
        if (strcmp(*l, language) == 0)
            return 1;
    return 0;
}

gz_status gz_analyzer_new(const char *language, gz_analyzer **out)
{
    *out = NULL;
    if (!known_language(language) || strlen(language) >= sizeof((gz_analyzer *)0)->language)
        return GZ_ERR_INVALID;
    gz_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return GZ_ERR_NOMEM;
    strcpy(a->language, language);
    if (strcmp(language, "none") != 0 && !(a->stemmer = sb_stemmer_new(language, "UTF_8"))) {
        free(a);
        return GZ_ERR_NOMEM;
    }
    a->suffix_only = strips_suffixes_only(language);
    *out = a;
    return GZ_OK;
}

void gz_analyzer_free(gz_analyzer *a)
{
    if (!a)
        return;
    if (a->stemmer)
        sb_stemmer_delete(a->stemmer);
    free(a->cache);
    free(a);
}

void gz_analyzer_stem_only(gz_analyzer *a, const char *const *stems, size_t n)
{
    memset(a->stem_first, 0, sizeof a->stem_first);
    a->npairs = 0;
    a->filtered = stems != NULL && a->suffix_only;
    for (size_t i = 0; a->filtered && i < n; i++) {
        const unsigned char *st = (const unsigned char *)stems[i];
        if (!st[0])
            continue;
        if (!st[1] || a->npairs == sizeof a->stem_pairs / sizeof a->stem_pairs[0]) {
            a->stem_first[st[0]] = FIRST_ANY;
            continue;
        }
        if (a->stem_first[st[0]] != FIRST_ANY)
            a->stem_first[st[0]] = FIRST_PAIR;
        a->stem_pairs[a->npairs++] = (unsigned short)(st[0] << 8 | st[1]);
    }
}

/* Can this folded word stem to one of the wanted stems? */
static int may_stem_to_wanted(const gz_analyzer *a, const char *word)
{
    const unsigned char *w = (const unsigned char *)word;
    unsigned char first = a->stem_first[w[0]];
    if (first != FIRST_PAIR)
        return first == FIRST_ANY;
    unsigned short pair = (unsigned short)(w[0] << 8 | w[1]);
    for (size_t i = 0; i < a->npairs; i++)
        if (a->stem_pairs[i] == pair)
            return 1;
    return 0;
}

const char *gz_analyzer_language(const gz_analyzer *a)
{
    return a->language;
}

void gz_analyzer_set_glue(gz_analyzer *a, const gz_glue *glue)
{
    a->glue = glue && !gz_glue_empty(glue) ? glue : NULL;
}

/* ---- character classes ------------------------------------------------ */

/* Decodes the code point at s[i]; invalid UTF-8 gives -1 over one byte. */
static int32_t decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    if (s[i] < 0x80) {
        *n = 1;
        return s[i];
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t got = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (got <= 0) {
        *n = 1;
        return -1;
    }
    *n = (size_t)got;
    return cp;
}

/* ASCII classes without the locale: the analyzer must not change with
 * LC_CTYPE, and these run for every byte of every article. */
static int ascii_letter(int c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

static int ascii_word(int c)
{
    return ascii_letter(c) || (unsigned)(c - '0') < 10u;
}

static int is_word_cp(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return ascii_word(cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static int is_letter_cp(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return ascii_letter(cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Format characters (Cf: soft hyphen, zero-width joiner, word joiner, bidi
 * marks) inside a word are invisible: the word goes on across them.  The
 * zero-width space is the one that means a break. */
static int is_invisible(int32_t cp)
{
    return cp >= 0x80 && cp != 0x200B && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF;
}

/* Scripts that do not put spaces between words (Han, kana, Thai, Lao,
 * Khmer, Myanmar) and Hangul, whose words carry their particles. */
static int is_unspaced(int32_t cp)
{
    static const int32_t ranges[][2] = {
        {0x0E00, 0x0EFF}, {0x1000, 0x109F}, {0x1100, 0x11FF}, {0x1780, 0x17FF},
        {0x2E80, 0x2FDF}, {0x3040, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
        {0xA960, 0xA97F}, {0xAC00, 0xD7FF}, {0xF900, 0xFAFF}, {0xFF66, 0xFFDC},
        {0x20000, 0x3FFFF},
    };
    if (cp < 0x0E00)
        return 0;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return 1;
    return 0;
}

static int is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int word_at(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    return i < len && is_word_cp(decode(s, len, i, &n));
}

static int letter_at(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    return i < len && is_letter_cp(decode(s, len, i, &n));
}

/* ---- scanning --------------------------------------------------------- */

static void append_raw(struct segment *g, const unsigned char *bytes, size_t n)
{
    if (g->raw_len + n > RAW_MAX) {
        g->too_long = 1;
        return;
    }
    memcpy(g->raw + g->raw_len, bytes, n);
    g->raw_len += n;
    if (bytes[0] >= 0x80)
        g->nonascii = 1;
}

/* "U.S." or "U.S.A.": single ASCII letters each followed by a dot, at least
 * two of them.  Returns the end of the acronym, or 0 when there is none. */
static size_t scan_acronym(const unsigned char *s, size_t len, size_t i,
                           struct segment *g)
{
    size_t j = i;
    int letters = 0;
    while (j + 1 < len && ascii_letter(s[j]) && s[j + 1] == '.') {
        letters++;
        j += 2;
    }
    if (letters < 2 || word_at(s, len, j))
        return 0;
    for (size_t k = i; k < j; k += 2)
        append_raw(g, s + k, 1);
    g->has_letter = 1;
    return j;
}

/* After a word run at s[j]: a joiner that keeps the segment going?  Returns
 * the index to continue at, or 0 to end the segment (*stop set to the end). */
static size_t scan_joiner(const unsigned char *s, size_t len, size_t j,
                          struct segment *g, size_t *stop)
{
    size_t n;
    int32_t cp = decode(s, len, j, &n);
    *stop = j;
    if (is_apostrophe(cp) && letter_at(s, len, j + n)) {
        size_t k = j + n;
        if ((s[k] == 's' || s[k] == 'S') && !word_at(s, len, k + 1)) {
            *stop = k + 1;          /* possessive: drop the 's */
            return 0;
        }
        return k;                   /* O'Brien, don't: join */
    }
    int after_digit = g->raw_len > 0 && isdigit(g->raw[g->raw_len - 1]);
    if (after_digit && j + 1 < len && isdigit(s[j + 1])) {
        if (cp == '.') {
            append_raw(g, s + j, 1);
            return j + 1;
        }
        if (cp == ',' && j + 3 < len && isdigit(s[j + 2]) && isdigit(s[j + 3]) &&
            (j + 4 >= len || !isdigit(s[j + 4])))
            return j + 1;           /* thousands separator */
    }
    return 0;
}

/* Appends the word characters from s[j] on; returns where they end.  ASCII
 * runs, most of any news text, are appended whole. */
static size_t scan_word_run(const unsigned char *s, size_t len, size_t j,
                            struct segment *g)
{
    while (j < len) {
        if (s[j] < 0x80) {
            size_t run = j;
            while (run < len && s[run] < 0x80 && ascii_word(s[run])) {
                g->has_letter |= ascii_letter(s[run]);
                run++;
            }
            if (run == j)
                break;
            append_raw(g, s + j, run - j);
            j = run;
            continue;
        }
        size_t n, n2;
        int32_t cp = decode(s, len, j, &n);
        if (is_invisible(cp) && g->raw_len && j + n < len) {
            int32_t next = decode(s, len, j + n, &n2);
            if (is_word_cp(next) && !is_unspaced(next)) {
                j += n;
                continue;
            }
        }
        if (!is_word_cp(cp) || is_unspaced(cp))
            break;
        g->has_letter |= is_letter_cp(cp);
        append_raw(g, s + j, n);
        j += n;
    }
    return j;
}

/* Scans one segment starting at a word character s[i]; returns its end. */
static size_t scan_segment(const unsigned char *s, size_t len, size_t i,
                           struct segment *g)
{
    g->raw_len = 0;
    g->nonascii = g->has_letter = g->too_long = 0;
    g->start = i;
    size_t end = scan_acronym(s, len, i, g);
    if (end) {
        g->end = end;
        return end;
    }
    size_t j = i;
    for (;;) {
        j = scan_word_run(s, len, j, g);
        if (j >= len) {
            end = j;
            break;
        }
        size_t next = scan_joiner(s, len, j, g, &end);
        if (!next)
            break;
        j = next;
    }
    g->end = end;
    return end;
}

/* ---- folding and stemming --------------------------------------------- */

/* Letters that Unicode does not decompose into a base letter plus a mark,
 * but that readers of news type as plain ASCII ("Da Nang" for "Đà Nẵng").
 * Lower case only: they are looked up after case folding. */
static const struct { int32_t cp; const char *ascii; } unmarked[] = {
    {0x00E6, "ae"}, {0x00F0, "d"}, {0x00F8, "o"}, {0x00FE, "th"}, {0x0111, "d"},
    {0x0127, "h"}, {0x0131, "i"}, {0x0142, "l"}, {0x0153, "oe"}, {0x0167, "t"},
};

/* Copies folded UTF-8 into out, spelling the letters above in ASCII.
 * Returns the length, or 0 when it does not fit. */
static size_t spell_unmarked(const unsigned char *in, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n;
        int32_t cp = decode(in, len, i, &n);
        const char *rep = NULL;
        for (size_t k = 0; cp >= 0xE6 && k < sizeof unmarked / sizeof unmarked[0]; k++)
            if (unmarked[k].cp == cp)
                rep = unmarked[k].ascii;
        size_t rn = rep ? strlen(rep) : n;
        if (o + rn >= cap || o + rn > GZ_MAX_WORD)
            return 0;
        memcpy(out + o, rep ? (const unsigned char *)rep : in + i, rn);
        o += rn;
        i += n;
    }
    out[o] = '\0';
    return o;
}

size_t gz_analyzer_fold(const char *word, size_t len, char *out, size_t cap)
{
    const unsigned char *w = (const unsigned char *)word;
    if (len == 0)
        return 0;
    /* ASCII, most of any news text, lower-cased in the same pass */
    size_t k = 0;
    for (; k < len && w[k] < 0x80; k++) {
        if (k >= GZ_MAX_WORD || k + 1 >= cap)
            return 0;
        out[k] = (char)(ascii_letter(w[k]) ? w[k] | 0x20 : w[k]);
    }
    if (k == len) {
        out[len] = '\0';
        return len;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map(w, (utf8proc_ssize_t)len, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                      UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                      UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    size_t kept = n > 0 ? spell_unmarked(mapped, (size_t)n, out, cap) : 0;
    free(mapped);
    return kept;
}

/* Folds the segment into out (NUL-terminated); returns its length, or 0 when
 * it cannot be a term (too long, or folds to nothing). */
static size_t fold_segment(const struct segment *g, char *out, size_t cap)
{
    if (g->too_long)
        return 0;
    return gz_analyzer_fold((const char *)g->raw, g->raw_len, out, cap);
}

const char *gz_analyzer_stem(gz_analyzer *a, const char *word, size_t len,
                             size_t *out_len)
{
    if (!a->stemmer) {
        *out_len = len;
        return word;
    }
    struct stem_slot *slot = NULL;
    /* A search stems a few hundred words: a 400 KB cache would cost it more
     * page faults than it saves.  Indexing gets it after the first few pages. */
    if (!a->cache && ++a->stems > STEM_CACHE_SLOTS / 2)
        a->cache = calloc(STEM_CACHE_SLOTS, sizeof *a->cache);
    if (a->cache && len < STEM_CACHE_WORD) {
        uint32_t h = 2166136261u;
        for (size_t i = 0; i < len; i++)
            h = (h ^ (unsigned char)word[i]) * 16777619u;
        slot = &a->cache[h & (STEM_CACHE_SLOTS - 1)];
        if (strncmp(slot->word, word, len) == 0 && slot->word[len] == '\0') {
            *out_len = slot->stem_len;
            return slot->stem;
        }
    }
    const sb_symbol *st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)word, (int)len);
    int n = st ? sb_stemmer_length(a->stemmer) : -1;
    /* Out of memory inside Snowball, or an unexpectedly long stem: keep the word. */
    if (n <= 0 || (size_t)n >= sizeof a->stem) {
        *out_len = len;
        return word;
    }
    memcpy(a->stem, st, (size_t)n);
    a->stem[n] = '\0';
    *out_len = (size_t)n;
    if (slot && (size_t)n < STEM_CACHE_WORD) {
        memcpy(slot->word, word, len);
        slot->word[len] = '\0';
        memcpy(slot->stem, a->stem, (size_t)n + 1);
        slot->stem_len = (unsigned char)n;
    }
    return a->stem;
}

/* Fills tok->term from tok->word; numbers are not stemmed. */
static void stem_token(gz_analyzer *a, gz_token *tok, int has_letter)
{
    if (!has_letter || (a->filtered && !may_stem_to_wanted(a, tok->word))) {
        tok->flags |= has_letter ? 0 : GZ_TOK_NUMBER;
        tok->term = tok->word;
        tok->term_len = tok->word_len;
        return;
    }
    tok->term = gz_analyzer_stem(a, tok->word, tok->word_len, &tok->term_len);
}

/* ---- the run ---------------------------------------------------------- */

struct compound {
    char joined[GZ_MAX_WORD + 1];
    size_t joined_len;
    int joined_ok, any_letter;
    unsigned parts;
    size_t start;
    unsigned first_pos;
};

/* Emits one segment as a token; accumulates it into the compound's joined form. */
static int emit_segment(gz_analyzer *a, const struct segment *g, struct compound *c,
                        int is_part, unsigned *pos, unsigned compound_id,
                        gz_token_fn fn, void *ctx)
{
    char word[GZ_MAX_WORD + 1];
    gz_token tok = {0};
    tok.word_len = fold_segment(g, word, sizeof word);
    tok.word = word;
    tok.start = g->start;
    tok.end = g->end;
    tok.pos = (*pos)++;
    tok.compound = compound_id;
    if (c->parts++ == 0)
        c->first_pos = tok.pos;
    if (!tok.word_len) {
        c->joined_ok = 0;
        return 0;
    }
    if (c->joined_len + tok.word_len <= GZ_MAX_WORD) {
        memcpy(c->joined + c->joined_len, word, tok.word_len + 1);
        c->joined_len += tok.word_len;
    } else {
        c->joined_ok = 0;
    }
    c->any_letter |= g->has_letter;
    tok.flags = is_part ? GZ_TOK_PART : 0;
    stem_token(a, &tok, g->has_letter);
    return fn(ctx, &tok);
}

static int emit_joined(gz_analyzer *a, struct compound *c, size_t end,
                       unsigned compound_id, gz_token_fn fn, void *ctx)
{
    if (c->parts < 2 || !c->joined_ok || !c->any_letter || !c->joined_len)
        return 0;
    gz_token tok = {0};
    tok.word = c->joined;
    tok.word_len = c->joined_len;
    tok.start = c->start;
    tok.end = end;
    tok.pos = c->first_pos;
    tok.flags = GZ_TOK_JOINED;
    tok.compound = compound_id;
    stem_token(a, &tok, 1);
    return fn(ctx, &tok);
}

/* Is s[j] a hyphen joining two word characters? Returns its length, or 0. */
static size_t hyphen_join(const unsigned char *s, size_t len, size_t j)
{
    size_t n;
    if (j >= len || !is_hyphen(decode(s, len, j, &n)))
        return 0;
    return word_at(s, len, j + n) ? n : 0;
}

/* ---- glued words ------------------------------------------------------ */

/* The folded words just before the one being scanned, nearest first, for
 * the glue rules; emptied by anything but blanks between two words. */
struct history {
    char words[GZ_GLUE_CONTEXT][GZ_MAX_WORD + 1];   /* a ring: every word pays a push */
    size_t newest, n;
    size_t last_end;
};

static void history_push(struct history *h, const char *word, size_t len, size_t end)
{
    h->newest = (h->newest + 1) % GZ_GLUE_CONTEXT;
    memcpy(h->words[h->newest], word, len + 1);
    if (h->n < GZ_GLUE_CONTEXT)
        h->n++;
    h->last_end = end;
}

/* Are only spaces between the last word and s[start]? */
static int history_adjacent(const struct history *h, const unsigned char *s, size_t start)
{
    if (h->n == 0)
        return 0;
    for (size_t i = h->last_end; i < start; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

static int upper_at(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    if (i >= len)
        return 0;
    if (s[i] < 0x80)
        return s[i] >= 'A' && s[i] <= 'Z';
    int32_t cp = decode(s, len, i, &n);
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* Could the glue rules split this segment at all?  Most words are lower
 * case or capitalised once, and answer here without a lookup. */
static int may_be_glued(const struct segment *g, const unsigned char *s, int after_word)
{
    if (g->raw_len != g->end - g->start || g->raw_len < 3)
        return 0;           /* joiners (apostrophes, dots) or too short */
    if (after_word && upper_at(s, g->end, g->start))
        return 1;
    for (size_t i = g->start + 1; i < g->end; i++)
        if (s[i] >= 0x80 || (s[i] >= 'A' && s[i] <= 'Z'))
            return 1;
    return 0;
}

/* Cuts the segment where the glue rules split it (the rest is scanned as
 * the next word). */
static void split_glued(const gz_analyzer *a, struct segment *g, const unsigned char *s,
                        size_t len, const struct history *h)
{
    int adjacent = history_adjacent(h, s, g->start);
    if (!may_be_glued(g, s, adjacent))
        return;
    const char *prev[GZ_GLUE_CONTEXT];
    for (size_t k = 0; k < h->n; k++)
        prev[k] = h->words[(h->newest + GZ_GLUE_CONTEXT - k) % GZ_GLUE_CONTEXT];
    size_t next = g->end;
    while (next < len && (s[next] == ' ' || s[next] == '\t'))
        next++;
    size_t k = gz_glue_split(a->glue, (const char *)s + g->start, g->end - g->start, prev,
                             adjacent ? h->n : 0, upper_at(s, len, next));
    if (!k)
        return;
    g->end = g->start + k;
    g->raw_len = k;
    g->nonascii = 0;
    for (size_t i = 0; i < k; i++)
        g->nonascii |= g->raw[i] >= 0x80;
}

/* ---- unspaced scripts ------------------------------------------------- */

/* Bytes of one character with its marks that are folded; a longer stack of
 * marks (nothing a language writes) is cut there. */
#define UNIT_MAX 32

/* One character of an unspaced script, its marks and invisibles included. */
struct unit {
    size_t start, end;
    char folded[UNIT_MAX + 1];
    size_t len;
};

static int is_mark_cp(int32_t cp)
{
    if (cp == 0xFF9E || cp == 0xFF9F)
        return 1;           /* half-width kana voicing marks */
    if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF))
        return 1;           /* vowel and final jamo of a decomposed syllable */
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_ME;
}

/* Scans the unit at s[i] and folds it: case and compatibility forms, but
 * not marks, which tell Thai and Japanese words apart ("か", "が"). */
static size_t scan_unit(const unsigned char *s, size_t len, size_t i, struct unit *u)
{
    size_t n, j = i;
    decode(s, len, j, &n);
    j += n;
    for (;;) {
        if (j >= len)
            break;
        int32_t cp = decode(s, len, j, &n);
        if (cp < 0 || !(is_mark_cp(cp) || is_invisible(cp)))
            break;
        j += n;
    }
    u->start = i;
    u->end = j;
    u->len = 0;
    utf8proc_uint8_t *mapped = NULL;
    size_t raw = j - i > UNIT_MAX ? UNIT_MAX : j - i;
    while (raw > 0 && raw < j - i && (s[i + raw] & 0xC0) == 0x80)
        raw--;
    utf8proc_ssize_t m = utf8proc_map(s + i, (utf8proc_ssize_t)raw, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                      UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (m > 0 && (size_t)m <= UNIT_MAX) {
        memcpy(u->folded, mapped, (size_t)m);
        u->len = (size_t)m;
    }
    u->folded[u->len] = '\0';
    free(mapped);
    return j;
}

static int emit_unit_token(const struct unit *u, const char *word, size_t word_len,
                           size_t end, unsigned pos, unsigned flags, unsigned compound_id,
                           gz_token_fn fn, void *ctx)
{
    gz_token tok = {0};
    tok.word = tok.term = word;
    tok.word_len = tok.term_len = word_len;
    tok.start = u->start;
    tok.end = end;
    tok.pos = pos;
    tok.flags = flags;
    tok.compound = compound_id;
    return word_len ? fn(ctx, &tok) : 0;
}

/* A run of unspaced characters from s[i]: each character a token, and each
 * pair a token at its first character's position.  Not stemmed: Snowball
 * has nothing for these scripts.  *end receives where the run ends. */
static int emit_unspaced_run(const unsigned char *s, size_t len, size_t i, unsigned *pos,
                             unsigned compound_id, gz_token_fn fn, void *ctx, size_t *end)
{
    struct unit units[2];
    int rc = 0;
    size_t k = 0, n;
    while (rc == 0 && i < len && is_unspaced(decode(s, len, i, &n)) &&
           is_word_cp(decode(s, len, i, &n))) {
        struct unit *cur = &units[k % 2], *prev = &units[(k + 1) % 2];
        i = scan_unit(s, len, i, cur);
        if (k > 0 && prev->len && cur->len) {
            char pair[2 * UNIT_MAX + 1];
            memcpy(pair, prev->folded, prev->len);
            memcpy(pair + prev->len, cur->folded, cur->len + 1);
            rc = emit_unit_token(prev, pair, prev->len + cur->len, cur->end, *pos - 1,
                                 GZ_TOK_JOINED | GZ_TOK_NGRAM, compound_id, fn, ctx);
        }
        if (rc == 0)
            rc = emit_unit_token(cur, cur->folded, cur->len, cur->end, (*pos)++, 0,
                                 compound_id, fn, ctx);
        k++;
    }
    *end = i;
    return rc;
}

int gz_analyzer_run(gz_analyzer *a, const char *text, size_t len,
                    unsigned first_pos, gz_token_fn fn, void *ctx,
                    unsigned *next_pos)
{
    const unsigned char *s = (const unsigned char *)text;
    struct segment g;
    struct history h = {.n = 0};
    unsigned pos = first_pos, compound_id = 0;
    size_t i = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        size_t n;
        int32_t cp = decode(s, len, i, &n);
        if (!is_word_cp(cp)) {
            i += n;
            continue;
        }
        if (is_unspaced(cp)) {
            size_t end;
            rc = emit_unspaced_run(s, len, i, &pos, compound_id++, fn, ctx, &end);
            h.n = 0;
            i = end;
            continue;
        }
        struct compound c = {.joined_ok = 1, .start = i};
        size_t end = scan_segment(s, len, i, &g);
        if (a->glue) {
            split_glued(a, &g, s, len, &h);
            end = g.end;
        }
        size_t hy = hyphen_join(s, len, end);
        int is_part = hy != 0;
        rc = emit_segment(a, &g, &c, is_part, &pos, compound_id, fn, ctx);
        if (a->glue) {
            if (hy || g.too_long)
                h.n = 0;
            else
                history_push(&h, c.joined, c.joined_len, end);
        }
        while (rc == 0 && hy && c.parts < MAX_PARTS) {
            end = scan_segment(s, len, end + hy, &g);
            hy = hyphen_join(s, len, end);
            rc = emit_segment(a, &g, &c, 1, &pos, compound_id, fn, ctx);
        }
        if (rc == 0)
            rc = emit_joined(a, &c, end, compound_id, fn, ctx);
        compound_id++;
        i = end > i ? end : i + 1;
    }
    if (next_pos)
        *next_pos = pos;
    return rc;
}
