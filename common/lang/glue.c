/*
 * glue.c - the split rules of glue.h over a lexicon of folded words.
 */
#include "glue.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "analyzer.h"
#include "strmap.h"

/* A multi-word name, found by its second-to-last word. */
struct glue_name {
    char **parts;               /* folded */
    size_t n;
    struct glue_name *next;     /* same second-to-last word */
};

struct gz_glue {
    gz_strmap words;            /* folded word -> GZ_GLUE_* bits */
    gz_strmap names;            /* second-to-last folded word -> glue_name chain */
    size_t nnames;
};

gz_glue *gz_glue_new(void)
{
    return calloc(1, sizeof(gz_glue));
}

static void free_names(void *p)
{
    for (struct glue_name *e = p, *next; e; e = next) {
        next = e->next;
        for (size_t i = 0; i < e->n; i++)
            free(e->parts[i]);
        free(e->parts);
        free(e);
    }
}

void gz_glue_free(gz_glue *g)
{
    if (!g)
        return;
    gz_strmap_release(&g->words, NULL);
    gz_strmap_release(&g->names, free_names);
    free(g);
}

bool gz_glue_empty(const gz_glue *g)
{
    return g->words.count == 0 && g->nnames == 0;
}

gz_status gz_glue_add_word(gz_glue *g, const char *folded, unsigned kinds)
{
    size_t len = strlen(folded);
    uintptr_t have = (uintptr_t)gz_strmap_get(&g->words, folded, len);
    return gz_strmap_put(&g->words, folded, len, (void *)(have | kinds));
}

gz_status gz_glue_add_name(gz_glue *g, const char *const *folded, size_t n)
{
    if (n < 2)
        return GZ_OK;
    const char *key = folded[n - 2];
    for (struct glue_name *e = gz_strmap_get(&g->names, key, strlen(key)); e; e = e->next) {
        size_t i = 0;
        while (e->n == n && i < n && strcmp(e->parts[i], folded[i]) == 0)
            i++;
        if (i == n)
            return GZ_OK;               /* known already */
    }
    struct glue_name *e = calloc(1, sizeof *e);
    if (!e || !(e->parts = calloc(n, sizeof *e->parts))) {
        free(e);
        return GZ_ERR_NOMEM;
    }
    for (; e->n < n; e->n++)
        if (!(e->parts[e->n] = strdup(folded[e->n]))) {
            free_names(e);
            return GZ_ERR_NOMEM;
        }
    e->next = gz_strmap_get(&g->names, key, strlen(key));
    if (gz_strmap_put(&g->names, key, strlen(key), e) < 0) {
        e->next = NULL;
        free_names(e);
        return GZ_ERR_NOMEM;
    }
    g->nnames++;
    return GZ_OK;
}

/* ---- as text ---------------------------------------------------------- */

gz_status gz_glue_write(const gz_glue *g, gz_strbuf *out)
{
    char line[32];
    for (size_t i = 0; i < g->words.cap; i++) {
        if (!g->words.keys[i])
            continue;
        snprintf(line, sizeof line, "%u\t", (unsigned)(uintptr_t)g->words.values[i]);
        if (gz_strbuf_addstr(out, line) < 0 || gz_strbuf_addstr(out, g->words.keys[i]) < 0 ||
            gz_strbuf_addch(out, '\n') < 0)
            return GZ_ERR_NOMEM;
    }
    for (size_t i = 0; i < g->names.cap; i++)
        for (const struct glue_name *e = g->names.keys[i] ? g->names.values[i] : NULL; e; e = e->next) {
            if (gz_strbuf_addstr(out, "name") < 0)
                return GZ_ERR_NOMEM;
            for (size_t k = 0; k < e->n; k++)
                if (gz_strbuf_addch(out, k ? ' ' : '\t') < 0 || gz_strbuf_addstr(out, e->parts[k]) < 0)
                    return GZ_ERR_NOMEM;
            if (gz_strbuf_addch(out, '\n') < 0)
                return GZ_ERR_NOMEM;
        }
    return GZ_OK;
}

/* One "name<TAB>w1 w2 ..." line (modified in place). */
static int read_name(gz_glue *g, char *words)
{
    const char *parts[16];
    size_t n = 0;
    char *save = NULL;
    for (char *w = strtok_r(words, " ", &save); w && n < 16; w = strtok_r(NULL, " ", &save))
        parts[n++] = w;
    return n >= 2 ? gz_glue_add_name(g, parts, n) : 1;
}

gz_status gz_glue_read(const char *text, gz_glue **out, char *err, size_t errlen)
{
    gz_glue *g = *out = gz_glue_new();
    char *copy = strdup(text);
    if (!g || !copy) {
        free(copy);
        gz_glue_free(g);
        *out = NULL;
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return GZ_ERR_NOMEM;
    }
    long lineno = 0;
    int rc = 0;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *tab = strchr(line, '\t');
        char *end = NULL;
        unsigned long kinds = tab ? strtoul(line, &end, 10) : 0;
        if (!tab || !tab[1])
            rc = 1;
        else if (strncmp(line, "name\t", 5) == 0)
            rc = read_name(g, tab + 1);
        else
            rc = end == tab && kinds ? gz_glue_add_word(g, tab + 1, (unsigned)kinds) : 1;
    }
    free(copy);
    if (rc != 0) {
        gz_glue_free(g);
        *out = NULL;
        if (rc > 0)
            snprintf(err, errlen, "glue lexicon, line %ld: want KINDS<TAB>word or name<TAB>words", lineno);
        else
            gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return rc > 0 ? GZ_ERR_INVALID : GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

/* ---- splitting -------------------------------------------------------- */

enum letter_case { NOT_LETTER, LOWER, UPPER, OTHER_LETTER };

static enum letter_case case_at(const char *w, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)w[i];
    *n = 1;
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? LOWER : c >= 'A' && c <= 'Z' ? UPPER : NOT_LETTER;
    utf8proc_int32_t cp;
    utf8proc_ssize_t got = utf8proc_iterate((const utf8proc_uint8_t *)w + i,
                                            (utf8proc_ssize_t)(len - i), &cp);
    if (got <= 0)
        return NOT_LETTER;
    *n = (size_t)got;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_LL)
        return LOWER;
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
        return UPPER;
    return cat >= UTF8PROC_CATEGORY_LM && cat <= UTF8PROC_CATEGORY_LO ? OTHER_LETTER : NOT_LETTER;
}

static unsigned kinds_of(const gz_glue *g, const char *w, size_t len)
{
    char folded[GZ_MAX_WORD + 1];
    size_t n = gz_analyzer_fold(w, len, folded, sizeof folded);
    return n ? (unsigned)(uintptr_t)gz_strmap_get(&g->words, folded, n) : 0;
}

static size_t letters_in(const char *w, size_t len)
{
    size_t count = 0, n;
    for (size_t i = 0; i < len; i += n)
        count += case_at(w, len, i, &n) != NOT_LETTER;
    return count;
}

/* Rule 1: "Kim Jong" + "Unvisited" splits after "Un". */
static size_t split_after_name(const gz_glue *g, const char *w, size_t len,
                               const char *const *prev, size_t nprev)
{
    size_t n;
    if (nprev == 0 || case_at(w, len, 0, &n) != UPPER)
        return 0;
    const struct glue_name *e = gz_strmap_get(&g->names, prev[0], strlen(prev[0]));
    for (; e; e = e->next) {
        if (e->n - 1 > nprev)
            continue;
        size_t i = 0;
        while (i < e->n - 1 && strcmp(prev[i], e->parts[e->n - 2 - i]) == 0)
            i++;
        const char *last = e->parts[e->n - 1];
        size_t last_len = strlen(last);
        char head[GZ_MAX_WORD + 1];
        if (i < e->n - 1 || last_len + 2 > len ||
            gz_analyzer_fold(w, last_len, head, sizeof head) != last_len ||
            memcmp(head, last, last_len) != 0)
            continue;
        if (letters_in(w + last_len, len - last_len) >= 2)
            return last_len;
    }
    return 0;
}

/* Where the word that starts at w[from] ends: the next lower-to-upper
 * change of case, or len. */
static size_t case_word_end(const char *w, size_t len, size_t from)
{
    enum letter_case before = NOT_LETTER;
    size_t n;
    for (size_t i = from; i < len; i += n) {
        enum letter_case c = case_at(w, len, i, &n);
        if (c == UPPER && before == LOWER)
            return i;
        before = c;
    }
    return len;
}

/* Rule 2 at one change of case, w[k] being the capital. */
static int splits_at(const gz_glue *g, const char *w, size_t len, size_t k, int next_capital)
{
    size_t n, right_end = case_word_end(w, len, k);
    unsigned right = kinds_of(g, w + k, right_end - k), left = kinds_of(g, w, k);
    size_t right_letters = letters_in(w + k, right_end - k), left_letters = letters_in(w, k);
    int capitalised = right_letters >= 2 && case_at(w, len, k + 1, &n) == LOWER;
    if (!capitalised || (left & GZ_GLUE_PARTICLE))
        return 0;
    if (case_at(w, len, 0, &n) == LOWER)       /* "ofKim", not "iPhone", "midApl", "deRose" */
        return left_letters >= 2 && (right & (GZ_GLUE_NAME | GZ_GLUE_FUNCTION));
    /* short words are mostly a firm's syllables ("GenCorp", "InStat", "YouGov") */
    if (left_letters < 4)
        return 0;
    int name_follows = right_end < len ? 1 : next_capital;
    return (left & GZ_GLUE_BEFORE) || (right & GZ_GLUE_FUNCTION) ||
           ((right & GZ_GLUE_NAME) && right_letters >= 3 && name_follows);
}

/* "HEKim Jong Un" (His Excellency): capitals run into a capitalised name;
 * split only where the capitals are a word that announces a name and a
 * given or family name follows, so that acronyms glued to words ("USAir",
 * "ITunes") stay whole. */
static int splits_after_capitals(const gz_glue *g, const char *w, size_t len, size_t k,
                                 int next_capital)
{
    size_t n, right_end = case_word_end(w, len, k);
    if (k < 2 || k + 1 >= len || case_at(w, len, k + 1, &n) != LOWER)
        return 0;
    unsigned right = kinds_of(g, w + k, right_end - k);
    int name_follows = right_end < len ? 1 : next_capital;
    return (kinds_of(g, w, k) & GZ_GLUE_BEFORE) && (right & GZ_GLUE_NAME) && name_follows;
}

size_t gz_glue_split(const gz_glue *g, const char *w, size_t len,
                     const char *const *prev, size_t nprev, int next_capital)
{
    if (!g || len < 3)
        return 0;
    size_t k = split_after_name(g, w, len, prev, nprev);
    if (k)
        return k;
    enum letter_case before = NOT_LETTER;
    size_t n;
    for (size_t i = 0; i < len; i += n) {
        enum letter_case c = case_at(w, len, i, &n);
        if (c == UPPER && before == LOWER && splits_at(g, w, len, i, next_capital))
            return i;
        if (c == UPPER && before == UPPER && splits_after_capitals(g, w, len, i, next_capital))
            return i;
        before = c;
    }
    return 0;
}
