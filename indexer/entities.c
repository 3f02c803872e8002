/*
 * entities.c - the extractor of entities.h.
 *
 * One pass of the analyzer (language "none") turns title and body into a
 * token array that remembers capitalisation and what separates each token
 * from the one before (a break: punctuation or a line end).  Bylines
 * ("Reporting by ... in Seoul; ... at the United Nations") are set aside
 * first.  Then:
 *   1. gazetteer matches, longest first, never across a break;
 *   2. organisation runs ending in an institution word, and acronyms the
 *      text defines in parentheses (which win over the gazetteer's);
 *   3. person names from role words, given names and family names;
 *   4. surname-only mentions credited to the full names;
 *   5. scores by position, a threshold, and the lists, most salient first.
 */
#include "entities.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "array.h"
#include "strbuf.h"

#define MAX_NAME_UNITS 4
#define MAX_FORMS 4         /* spellings of one name counted in one article */
#define MAX_ORG_WORDS 8
/* A line this short on its own, without a full stop, is a heading. */
#define HEADING_MAX_WORDS 10

/* Weights of a mention by where it stands, and the scores needed to be
 * listed, fitted on Reuters-21578 files reut2-000..011 (tests/entities/eval):
 * a country named once in the lead and once more, or in the title, or in
 * the dateline is what an article is about; one named three times in
 * passing mostly is not.  People are listed from one mention. */
#define W_DATELINE 3.0
#define W_TITLE 3.0
#define W_LEAD 2.0
#define W_BODY 0.75
#define W_CITY_BODY 0.5   /* a city or state named in passing */
#define W_ORG_BODY 1.0    /* orgs are named less often than countries */
#define COUNTRY_MIN 2.5
#define ORG_MIN 2.5

enum cap { CAP_NONE, CAP_INITIAL, CAP_ALL };

struct tok {
    uint32_t word;          /* offset into the word arena */
    uint16_t len;
    uint32_t start, end;    /* byte range in the field's text */
    uint8_t field;          /* 0 title, 1 body */
    uint8_t cap;
    uint8_t cont;           /* a later part of a hyphenated compound */
    uint8_t brk;            /* punctuation or a line end precedes it */
    uint8_t dateline;
    uint8_t heading;        /* on a short line of its own */
    uint8_t used;           /* covered by a match */
    uint8_t paren;          /* directly inside "(": an acronym's definition */
    uint16_t cls;           /* GZ_WORD_* bits of the word */
    uint16_t sentence;
};

struct mention {
    int kind;               /* GZ_KIND_* after normalisation: COUNTRY, ORG, PERSON,
                               EITHER, HINT */
    const char *value;      /* country code ("KR/KP" for EITHER), or display name */
    size_t key;             /* for people and orgs: index into names[] */
    double weight;
    int dateline;           /* stands in the dateline */
    size_t last_tok;        /* of a person or org: the token it ends at */
};

/* A person or org found in this article, with the display forms seen. */
struct name {
    int kind;
    char key[GZ_MAX_WORD * 4];
    char forms[MAX_FORMS][256];   /* the spellings seen, first seen first */
    int votes[MAX_FORMS];
    uint8_t shown;          /* the form with the most votes (a tie: the first) */
    char first[GZ_MAX_WORD + 1], last[GZ_MAX_WORD + 1];
    unsigned units;
    double score;
    size_t order;           /* first seen */
    size_t merged_into;     /* itself, or the full name it is a short form of */
    uint8_t confirmed;      /* named outside a headline's speaker slot */
    uint8_t cut;            /* a given name whose surname the text did not let us take */
    uint8_t curated;        /* a gazetteer's organisation: listed from one mention */
};

/* Names of companies and of bylines: kept (as GZ_KIND_OTHER names) so that
 * a later "Morgan Stanley said" in the same article is not taken for a person. */
#define KIND_NOT_PERSON GZ_KIND_OTHER

struct gz_extractor {
    const gz_gazetteer *g;
    gz_analyzer *analyzer;
    const char *text[2];
    size_t text_len[2];
    int allcaps[2];
    struct tok *toks;
    size_t ntoks, cap;
    gz_strbuf words;
    struct name *names;
    size_t nnames, names_cap;
    struct mention *mentions;
    size_t nmentions, mentions_cap;
    size_t field_start[3];  /* token index where each field starts, and the end */
    int field;              /* the field being fed, -1 before the first */
    int feed_failed;
    unsigned last_compound; /* of the last token fed */
    int have_last;
    int weak;               /* adding headline speakers: mentions need confirming */
};

/* ---- tokens ----------------------------------------------------------- */

static const char *word_of(const gz_extractor *x, size_t i)
{
    return x->words.buf + x->toks[i].word;
}

static unsigned class_of(const gz_extractor *x, size_t i)
{
    return x->toks[i].cls;
}

static int word_is(const gz_extractor *x, size_t i, const char *w)
{
    return strcmp(word_of(x, i), w) == 0;
}

static enum cap capitalisation(const char *s, size_t len)
{
    int upper = 0, lower = 0, first_upper = 0;
    if (!(s[0] & 0x80)) {
        /* ASCII words, the common case, without utf8proc */
        size_t i = 0;
        while (i < len && !(s[i] & 0x80)) {
            upper += isupper((unsigned char)s[i]) != 0;
            lower += islower((unsigned char)s[i]) != 0;
            i++;
        }
        if (i == len) {
            if (!isupper((unsigned char)s[0]))
                return CAP_NONE;
            return !lower && upper >= 2 ? CAP_ALL : CAP_INITIAL;
        }
        upper = lower = 0;
    }
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            break;
        utf8proc_category_t c = utf8proc_category(cp);
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) {
            first_upper |= i == 0;
            upper++;
        } else if (c == UTF8PROC_CATEGORY_LL) {
            lower++;
        }
        i += (size_t)n;
    }
    if (first_upper && !lower && upper >= 2)
        return CAP_ALL;
    if (first_upper && !lower)
        return CAP_INITIAL;   /* a single capital letter */
    return first_upper ? CAP_INITIAL : CAP_NONE;
}

static int add_tok(gz_extractor *x, const gz_token *t)
{
    if (t->flags & GZ_TOK_JOINED)
        return 0;
    if (gz_array_reserve(&x->toks, &x->cap, x->ntoks, sizeof *x->toks) < 0)
        return -1;
    struct tok *k = &x->toks[x->ntoks];
    memset(k, 0, sizeof *k);
    k->word = (uint32_t)x->words.len;
    k->len = (uint16_t)t->word_len;
    if (gz_strbuf_add(&x->words, t->word, t->word_len + 1) < 0)
        return -1;
    k->start = (uint32_t)t->start;
    k->end = (uint32_t)t->end;
    k->field = (uint8_t)x->field;
    k->cap = (uint8_t)capitalisation(x->text[x->field] + t->start, t->end - t->start);
    k->cont = (t->flags & GZ_TOK_PART) && x->have_last && x->last_compound == t->compound;
    k->cls = (uint16_t)gz_gazetteer_word_class(x->g, t->word, t->word_len);
    x->last_compound = t->compound;
    x->have_last = 1;
    x->ntoks++;
    return 0;
}

/* "Workers' Party", "Workers’ Party": the apostrophe of a plural
 * possessive inside a name is no break. */
static int plural_possessive(const char *s, const struct tok *p, const struct tok *k)
{
    uint32_t c = p->end;
    if (p->end == p->start || (s[c - 1] != 's' && s[c - 1] != 'S') || k->cap == CAP_NONE)
        return 0;
    if (s[c] == '\'')
        c++;
    else if (memcmp(s + c, "\xE2\x80\x99", 3) == 0)
        c += 3;
    else
        return 0;
    return s[c] == ' ' && c + 1 == k->start;
}

/* What lies between two tokens decides breaks and sentence ends. */
static void mark_gaps(gz_extractor *x, size_t from, size_t to, int field)
{
    const char *s = x->text[field];
    uint16_t sentence = 0;
    for (size_t i = from; i < to; i++) {
        struct tok *k = &x->toks[i];
        if (i == from) {
            k->brk = 1;
            k->sentence = 0;
            continue;
        }
        if (k->cont) {
            k->sentence = sentence;
            continue;
        }
        const struct tok *p = &x->toks[i - 1];
        int punct = 0, stop = 0, newline = 0, open = 0;
        uint32_t c = plural_possessive(s, p, k) ? k->start : p->end;
        for (; c < k->start; c++) {
            unsigned char ch = (unsigned char)s[c];
            if (ch == '\n')
                newline = 1;
            else if (ch == '.' || ch == '!' || ch == '?')
                stop = punct = 1;
            else if (ch == '(')
                open = punct = 1;
            else if (!isspace(ch))
                punct = 1;
        }
        if (k->start > 0 && s[k->start - 1] == '<' && s[k->end] == '>')
            k->used = 1;        /* a ticker symbol, "<AFP>": no entity */
        /* "Mr. Kim", "Robert D. Smith": the dot of a title or an initial is no break. */
        if (stop && !newline && p->cap != CAP_NONE && k->start - p->end == 2 &&
            s[p->end] == '.' && (p->len == 1 || (p->len <= 3 && (class_of(x, i - 1) & GZ_WORD_ROLE))))
            stop = punct = 0;
        k->brk = punct || newline;
        k->paren = open;
        if (stop || newline)
            sentence++;
        k->sentence = sentence;
    }
}

/* Short lines of their own with no full stop are headings. */
static void mark_headings(gz_extractor *x, size_t from, size_t to, int field)
{
    const char *s = x->text[field];
    size_t i = from;
    while (i < to) {
        size_t line_start = x->toks[i].start;
        while (line_start > 0 && s[line_start - 1] != '\n')
            line_start--;
        size_t j = i;
        while (j + 1 < to && !memchr(s + x->toks[j].end, '\n', x->toks[j + 1].start - x->toks[j].end))
            j++;
        size_t line_end = x->toks[j].end;
        while (s[line_end] && s[line_end] != '\n')
            line_end++;
        int own_line = line_start == 0 ? field == 1 && s[line_end] == '\n' : 1;
        int full_stop = memchr(s + line_start, '.', line_end - line_start) != NULL;
        if (field == 1 && own_line && !full_stop && j - i + 1 <= HEADING_MAX_WORDS &&
            s[line_end] == '\n')
            for (size_t k = i; k <= j; k++)
                x->toks[k].heading = 1;
        i = j + 1;
    }
}

/* "HOUSTON, March 3 - " or "VIENTIANE - ": capitalised words up to a dash
 * near the start of the body. */
static void mark_dateline(gz_extractor *x, size_t from, size_t to)
{
    const char *s = x->text[1];
    const char *dash = strstr(s, " - ");
    if (!dash || dash - s > 80 || memchr(s, '\n', (size_t)(dash - s)))
        return;
    for (size_t i = from; i < to && x->toks[i].start < (size_t)(dash - s); i++)
        x->toks[i].dateline = 1;
}

static int all_caps_field(const gz_extractor *x, size_t from, size_t to)
{
    size_t letters = 0, caps = 0;
    for (size_t i = from; i < to; i++) {
        if (x->toks[i].cap == CAP_NONE && !isdigit((unsigned char)word_of(x, i)[0]))
            return 0;
        letters++;
        caps += x->toks[i].cap == CAP_ALL;
    }
    return letters >= 3 && caps * 10 >= letters * 8;
}

/* Ends the field being fed and starts the next, up to field (2: all done). */
static void feed_up_to(gz_extractor *x, int field)
{
    while (x->field < field) {
        if (x->field >= 0) {
            mark_gaps(x, x->field_start[x->field], x->ntoks, x->field);
            x->allcaps[x->field] = all_caps_field(x, x->field_start[x->field], x->ntoks);
        }
        x->field++;
        x->field_start[x->field] = x->ntoks;
        x->have_last = 0;
    }
}

void gz_extract_begin(gz_extractor *x, const char *title, const char *body)
{
    x->text[0] = title;
    x->text_len[0] = strlen(title);
    x->text[1] = body;
    x->text_len[1] = strlen(body);
    x->nnames = x->nmentions = 0;
    x->ntoks = 0;
    gz_strbuf_reset(&x->words);
    x->field = -1;
    x->feed_failed = 0;
}

void gz_extract_feed(gz_extractor *x, int field, const gz_token *t)
{
    feed_up_to(x, field);
    if (!x->feed_failed && add_tok(x, t) < 0)
        x->feed_failed = 1;
}

static int feed_field(void *ctx, const gz_token *t)
{
    gz_extractor *x = ctx;
    gz_extract_feed(x, x->field, t);
    return 0;
}

/* ---- mentions and names ----------------------------------------------- */

static double weight_at(const gz_extractor *x, size_t i, int kind)
{
    const struct tok *k = &x->toks[i];
    if (k->field == 0)
        return W_TITLE;
    if (k->dateline)
        return W_DATELINE;
    if (kind == GZ_KIND_CITY || kind == GZ_KIND_PLACE)
        return W_CITY_BODY;
    if (k->sentence == 0 || (k->sentence == 1 && x->toks[x->field_start[1]].dateline))
        return W_LEAD;
    return kind == GZ_KIND_ORG ? W_ORG_BODY : W_BODY;
}

static int add_mention(gz_extractor *x, int kind, const char *value, size_t key, double w)
{
    if (gz_array_reserve(&x->mentions, &x->mentions_cap, x->nmentions, sizeof *x->mentions) < 0)
        return -1;
    x->mentions[x->nmentions++] = (struct mention){kind, value, key, w, 0, (size_t)-1};
    return 0;
}

/* The most common spelling is shown; a tie keeps the first seen. */
static void vote(struct name *n, const char *shown)
{
    size_t f = 0;
    while (f < MAX_FORMS && n->votes[f] && strcmp(n->forms[f], shown) != 0)
        f++;
    if (f == MAX_FORMS)
        return;
    if (!n->votes[f])
        strcpy(n->forms[f], shown);
    if (++n->votes[f] > n->votes[n->shown])
        n->shown = (uint8_t)f;
}

/* Finds or adds the name with this display form; returns its index or -1. */
static long find_or_add_name(gz_extractor *x, int kind, const char *display, size_t len,
                             const char *first, const char *last, unsigned units)
{
    char shown[256];
    if (len >= sizeof shown)
        return -2;      /* too long to be a name: not one */
    memcpy(shown, display, len);
    shown[len] = '\0';
    char key[GZ_MAX_WORD * 4];
    if (!gz_entity_key(x->analyzer, shown, key, sizeof key))
        return -2;
    for (size_t i = 0; i < x->nnames; i++) {
        struct name *n = &x->names[i];
        if (n->kind == kind && strcmp(n->key, key) == 0) {
            vote(n, shown);
            return (long)i;
        }
    }
    if (gz_array_reserve(&x->names, &x->names_cap, x->nnames, sizeof *x->names) < 0)
        return -1;
    struct name *n = &x->names[x->nnames];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    strcpy(n->key, key);
    vote(n, shown);
    snprintf(n->first, sizeof n->first, "%s", first ? first : "");
    snprintf(n->last, sizeof n->last, "%s", last ? last : "");
    n->units = units;
    n->order = x->nnames;
    n->merged_into = x->nnames;
    return (long)x->nnames++;
}

/* Does token i end in a possessive ("Korea's", "Korea’s")? */
static int possessive(const gz_extractor *x, size_t i)
{
    const struct tok *k = &x->toks[i];
    const char *s = x->text[k->field] + k->start;
    size_t n = k->end - k->start;
    return (n > 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S')) ||
           (n > 4 && memcmp(s + n - 4, "\xE2\x80\x99", 3) == 0 && (s[n - 1] == 's' || s[n - 1] == 'S'));
}

/* "SUMITA" in an all-caps headline is shown as "Sumita". */
static void title_case(char *s)
{
    int start = 1;
    for (; *s; s++) {
        if (isalpha((unsigned char)*s)) {
            *s = start ? (char)toupper((unsigned char)*s) : (char)tolower((unsigned char)*s);
            start = 0;
        } else {
            start = *s == ' ' || *s == '-';
        }
    }
}

/* Adds a person or org mention spanning tokens [i, j]. */
static int name_mention(gz_extractor *x, int kind, size_t i, size_t j, const char *display,
                        const char *first, const char *last, unsigned units)
{
    const struct tok *a = &x->toks[i], *b = &x->toks[j];
    const char *shown = display ? display : x->text[a->field] + a->start;
    size_t len = display ? strlen(display) : b->end - a->start;
    char fixed[256];
    if (!display && (possessive(x, j) || x->allcaps[a->field]) && len < sizeof fixed) {
        /* "Wang Huning's" is Wang Huning; "SUMITA" is Sumita. */
        memcpy(fixed, shown, len);
        fixed[len] = '\0';
        if (possessive(x, j))
            len -= (fixed[len - 2] == '\'') ? 2 : 4;
        fixed[len] = '\0';
        if (x->allcaps[a->field] && kind == GZ_KIND_PERSON)
            title_case(fixed);
        shown = fixed;
    }
    long n = find_or_add_name(x, kind, shown, len, first, last, units);
    if (n == -1)
        return -1;
    if (n < 0)
        return 0;
    for (size_t k = i; k <= j; k++)
        x->toks[k].used = 1;
    if (!x->weak)
        x->names[n].confirmed = 1;
    if (add_mention(x, kind, NULL, (size_t)n, weight_at(x, i, kind)) < 0)
        return -1;
    x->mentions[x->nmentions - 1].last_tok = j;
    return 0;
}

/* "the Kim Chaek Iron and Steel Complex", "Juche Idea", "aircraft carrier
 * Theodore Roosevelt", "Kim Hyong Jik and Kim Jong Suk counties": a name
 * that holds, follows or stands before a word of a unit, a works, a place,
 * a ship, a paper or an idea names that thing, not a person. */
static int names_a_thing(const gz_extractor *x, size_t i, size_t last)
{
    size_t from = x->field_start[x->toks[i].field], stop = x->field_start[x->toks[i].field + 1];
    for (size_t t = i; t <= last; t++)
        if (class_of(x, t) & GZ_WORD_UNIT)
            return 1;
    if (i > from && !x->toks[i].brk && (class_of(x, i - 1) & GZ_WORD_UNIT))
        return 1;
    size_t t = last + 1;
    while (t < stop && t <= last + 8 && x->toks[t].sentence == x->toks[last].sentence &&
           (x->toks[t].cap != CAP_NONE || word_is(x, t, "and")) && !(class_of(x, t) & GZ_WORD_UNIT))
        t++;
    return t < stop && x->toks[t].sentence == x->toks[last].sentence && (class_of(x, t) & GZ_WORD_UNIT);
}

/* ---- 1. gazetteer ----------------------------------------------------- */

static int alias_fits(const gz_extractor *x, const gz_alias *a, size_t i)
{
    if (i + a->ntok > x->field_start[x->toks[i].field + 1])
        return 0;
    for (unsigned t = 0; t < a->ntok; t++) {
        const struct tok *k = &x->toks[i + t];
        if ((t && k->brk) || k->len != strlen(a->tok[t]) || strcmp(word_of(x, i + t), a->tok[t]))
            return 0;
        if (a->caps_only && k->cap != CAP_ALL && !(k->cap && k->len == 1))
            return 0;
    }
    if (a->kind == GZ_KIND_DATELINE && !x->toks[i].dateline)
        return 0;
    /* a hint may be any word; "south Korean" is South Korean */
    if (!a->caps_only && x->toks[i].cap == CAP_NONE && a->kind != GZ_KIND_HINT &&
        !(a->ntok >= 2 && x->toks[i + a->ntok - 1].cap != CAP_NONE))
        return 0;
    /* In all-caps text an acronym that is also a word ("WHO") is a word. */
    if (a->caps_only && x->allcaps[x->toks[i].field] && a->ntok == 1 &&
        (a->kind == GZ_KIND_ORG || a->kind == GZ_KIND_DATELINE) &&
        (a->kind == GZ_KIND_DATELINE || word_is(x, i, "who") || word_is(x, i, "au") ||
         word_is(x, i, "it")))
        return 0;
    return !gz_gazetteer_is_ignored(x->g, a);
}

/* "NEW BRITAIN, Conn.", "SAN JOSE, Costa Rica": the last place of a
 * dateline is the one that says where; earlier ones weigh nothing. */
static void keep_last_dateline_place(gz_extractor *x)
{
    int seen = 0;
    for (size_t m = x->nmentions; m-- > 0;) {
        struct mention *p = &x->mentions[m];
        if (p->kind != GZ_KIND_COUNTRY || !p->dateline)
            continue;
        if (seen)
            p->weight = 0;
        seen = 1;
    }
}

/* "Pyongyang, August 4 (KCNA) --", "(Reuters) -": the agency credited in
 * the dateline is where the article comes from, not what it is about. */
static int source_credit(const gz_extractor *x, size_t i, size_t j)
{
    const struct tok *a = &x->toks[i], *b = &x->toks[j];
    const char *s = x->text[1];
    return a->field == 1 && a->start > 0 && a->start < 80 && s[a->start - 1] == '(' &&
           s[b->end] == ')' && !memchr(s, '\n', a->start);
}

static int match_gazetteer(gz_extractor *x)
{
    for (size_t i = 0; i < x->ntoks; i++) {
        if (x->toks[i].cont || x->toks[i].used)
            continue;
        const gz_alias *a = gz_gazetteer_candidates(x->g, word_of(x, i), x->toks[i].len);
        while (a && !alias_fits(x, a, i))
            a = a->next;
        if (!a)
            continue;
        int rc = 0;
        if (a->kind == GZ_KIND_OTHER) {
            for (size_t k = i; k < i + a->ntok; k++)
                x->toks[k].used = 1;
        } else if ((a->kind == GZ_KIND_PERSON && names_a_thing(x, i, i + a->ntok - 1)) ||
                   (a->kind == GZ_KIND_ORG && source_credit(x, i, i + a->ntok - 1))) {
            for (size_t k = i; k < i + a->ntok; k++)
                x->toks[k].used = 1;
        } else if (a->kind == GZ_KIND_ORG || a->kind == GZ_KIND_PERSON) {
            size_t before = x->nmentions;
            rc = name_mention(x, a->kind, i, i + a->ntok - 1, a->value, NULL, NULL, 0);
            if (rc == 0 && x->nmentions > before && a->kind == GZ_KIND_ORG)
                x->names[x->mentions[before].key].curated = 1;
        } else {
            int kind = a->kind == GZ_KIND_EITHER || a->kind == GZ_KIND_HINT ? (int)a->kind : GZ_KIND_COUNTRY;
            rc = add_mention(x, kind, a->value, 0, a->kind == GZ_KIND_HINT ? 0 : weight_at(x, i, a->kind));
            if (rc == 0)
                x->mentions[x->nmentions - 1].dateline = x->toks[i].dateline;
            for (size_t k = i; k < i + a->ntok; k++)
                x->toks[k].used = 2;   /* a place: may still open an org's name */
        }
        if (rc < 0)
            return -1;
        i += a->ntok - 1;
    }
    keep_last_dateline_place(x);
    return 0;
}

/* ---- 2. organisations by form ------------------------------------------ */

static int is_connector(const gz_extractor *x, size_t i)
{
    return x->toks[i].cap == CAP_NONE &&
           (word_is(x, i, "of") || word_is(x, i, "for") || word_is(x, i, "and") ||
            word_is(x, i, "the") || word_is(x, i, "on"));
}

/* Can token i be part of an org name (capitalised, or a connector)? */
static int org_word_ok(const gz_extractor *x, size_t i)
{
    const struct tok *k = &x->toks[i];
    /* not "based" of "Bahrain-based Gulf News Agency" */
    return k->cap != CAP_NONE && k->used != 1 && !k->heading && !k->dateline;
}

/* "House and Senate": institution words joined by "and" name no one body. */
static int only_org_words(const gz_extractor *x, size_t i, size_t j)
{
    int joined = 0;
    for (size_t t = i; t <= j; t++) {
        if (word_is(x, t, "and"))
            joined = 1;
        else if (!(class_of(x, t) & (GZ_WORD_ORGWORD | GZ_WORD_NOTNAME)))
            return 0;
    }
    return joined;
}

/* Where an org's name starts, given the run [i, k] before its institution
 * word: words that never start a name go ("The", "But"); others stay
 * ("National Statistics Office", "Senate Budget Committee"), but two words
 * of which only the last is a name word ("Finance Ministry") name no one
 * institution, and are not taken: (size_t)-1. */
static size_t org_start(const gz_extractor *x, size_t i, size_t k, size_t j)
{
    size_t plain = i, named = i;
    while (plain < k && (is_connector(x, plain) || (class_of(x, plain) & GZ_WORD_FUNCTION)))
        plain++;
    while (named < k && (is_connector(x, named) || word_is(x, named, "the") ||
                         (class_of(x, named) & (GZ_WORD_ROLE | GZ_WORD_NOTNAME)) == GZ_WORD_NOTNAME))
        named++;
    if (named == k && j == k && k - plain < 2)
        return (size_t)-1;
    return plain;
}

static int match_org_runs(gz_extractor *x)
{
    for (size_t k = x->field_start[1]; k < x->ntoks; k++) {
        /* used == 2: "Union" of "Soviet Union" is a place's */
        if (x->toks[k].used || x->toks[k].cap == CAP_NONE || x->toks[k].heading || x->toks[k].dateline ||
            !(class_of(x, k) & GZ_WORD_ORGWORD))
            continue;
        size_t i = k;
        while (i > x->field_start[1] && k - i < MAX_ORG_WORDS && !x->toks[i].brk &&
               !possessive(x, i - 1) && (org_word_ok(x, i - 1) || (is_connector(x, i - 1) && i - 1 > x->field_start[1] &&
                                          org_word_ok(x, i - 2) && !x->toks[i - 1].brk)))
            i--;
        size_t j = k;
        /* "Trust Fund Bureau", "Overseas Union Bank", "Swiss Bank Corp" */
        while (j + 1 < x->ntoks && !x->toks[j + 1].brk && x->toks[j + 1].cap != CAP_NONE &&
               (class_of(x, j + 1) & (GZ_WORD_ORGWORD | GZ_WORD_COMPANY)) && j - i < MAX_ORG_WORDS)
            j++;
        /* "Workers' Party of Korea": an "of" phrase may follow. */
        if (j + 2 < x->ntoks && (word_is(x, j + 1, "of") || word_is(x, j + 1, "on")) && !x->toks[j + 1].brk &&
            !x->toks[j + 2].brk && org_word_ok(x, j + 2) && x->toks[j + 2].cap != CAP_NONE) {
            j += 2;
            /* "Office of Management and Budget" */
            while (j + 1 < x->ntoks && !x->toks[j + 1].brk && j - i < MAX_ORG_WORDS &&
                   !(class_of(x, j + 1) & GZ_WORD_ROLE) &&
                   ((org_word_ok(x, j + 1) && x->toks[j + 1].cap != CAP_NONE) ||
                    (word_is(x, j + 1, "and") && j + 2 < x->ntoks && !x->toks[j + 2].brk &&
                     org_word_ok(x, j + 2) && !(class_of(x, j + 2) & GZ_WORD_FUNCTION))))
                j += word_is(x, j + 1, "and") ? 2 : 1;
        }
        i = org_start(x, i, k, j);
        if (i == (size_t)-1 || (i == k && j == k) || only_org_words(x, i, j))
            continue;   /* "Party" alone names nothing */
        if (name_mention(x, GZ_KIND_ORG, i, j, NULL, NULL, NULL, 0) < 0)
            return -1;
        k = j;
    }
    return 0;
}

/* "Korean Central News Agency (KCNA)": later "KCNA" means the long form. */
/* The person or org mention that ends at token t, or NULL. */
static struct mention *mention_ending_at(gz_extractor *x, size_t t)
{
    for (size_t at = x->nmentions; at-- > 0;)
        if (x->mentions[at].last_tok == t)
            return &x->mentions[at];
    return NULL;
}

/* "Korean Central News Agency (KCNA)", "African Development Bank (ADB)":
 * the acronym means, from there on, the name before it, also where the
 * gazetteer read it as another body (its "ADB" is the Asian one). */
static int match_defined_acronyms(gz_extractor *x)
{
    for (size_t i = x->field_start[1] + 1; i < x->ntoks; i++) {
        struct tok *k = &x->toks[i];
        const struct mention *m = k->paren && k->cap == CAP_ALL && k->len >= 2 && x->toks[i - 1].used
                                      ? mention_ending_at(x, i - 1) : NULL;
        if (!m || m->kind != GZ_KIND_ORG)
            continue;
        size_t org = m->key;
        for (size_t j = i; j < x->ntoks; j++) {
            if (x->toks[j].cap != CAP_ALL || strcmp(word_of(x, j), word_of(x, i)))
                continue;
            struct mention *taken = x->toks[j].used ? mention_ending_at(x, j) : NULL;
            if (taken && taken->kind == GZ_KIND_ORG) {
                taken->key = org;           /* the text's meaning wins */
            } else if (!x->toks[j].used) {
                x->toks[j].used = 1;
                if (add_mention(x, GZ_KIND_ORG, NULL, org, weight_at(x, j, GZ_KIND_ORG)) < 0)
                    return -1;
            }
        }
    }
    return 0;
}

/* ---- 3. people -------------------------------------------------------- */

static int particle(const gz_extractor *x, size_t i)
{
    static const char *words[] = {"von", "van", "de", "du", "da", "der", "al", "bin", "le", "la", "di"};
    if (x->toks[i].cap != CAP_NONE)
        return 0;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        if (word_is(x, i, words[w]))
            return 1;
    return 0;
}

/* later: a unit after the first may be a place name ("Lloyd Austin"). */
static int name_unit_ok_at(const gz_extractor *x, size_t i, int later)
{
    const struct tok *k = &x->toks[i];
    return k->cap != CAP_NONE && (!k->used || (later && k->used == 2)) && !k->heading && !k->cont &&
           !k->dateline &&
           !(class_of(x, i) & (GZ_WORD_NOTNAME | GZ_WORD_ROLE | GZ_WORD_ORGWORD)) &&
           !isdigit((unsigned char)word_of(x, i)[0]);
}

static int name_unit_ok(const gz_extractor *x, size_t i)
{
    return name_unit_ok_at(x, i, 0);
}

/* The end (last token) of the unit starting at i: a compound's parts. */
static size_t unit_end(const gz_extractor *x, size_t i)
{
    while (i + 1 < x->ntoks && x->toks[i + 1].cont)
        i++;
    return i;
}

/* Collects up to MAX_NAME_UNITS name units from i; returns how many and
 * the last token in *last. */
static unsigned name_run(const gz_extractor *x, size_t i, size_t *last)
{
    unsigned units = 0;
    size_t j = i, end = i;
    size_t stop = x->field_start[x->toks[i].field + 1];
    while (j < stop && units < MAX_NAME_UNITS) {
        if (j > i && x->toks[j].brk)
            break;
        if (j > i && particle(x, j) && j + 1 < stop && !x->toks[j + 1].brk && name_unit_ok(x, j + 1)) {
            j++;
            continue;
        }
        if (!name_unit_ok_at(x, j, j > i))
            break;
        end = unit_end(x, j);
        units++;
        j = end + 1;
        if (possessive(x, end))
            break;      /* "Robert Maxwell's British Printing" */
    }
    *last = end;
    return units;
}

static int said_after(const gz_extractor *x, size_t j)
{
    return j + 1 < x->ntoks && !x->toks[j + 1].brk && x->toks[j + 1].field == x->toks[j].field &&
           (word_is(x, j + 1, "said") || word_is(x, j + 1, "says") || word_is(x, j + 1, "told"));
}

/* Headline verbs that follow the person who speaks: "SUMITA SAYS ...". */
static int headline_verb(const gz_extractor *x, size_t j)
{
    static const char *verbs[] = {"says", "said", "sees", "forecasts", "urges", "warns",
                                  "predicts", "calls", "denies", "expects", "rejects", "backs",
                                  "welcomes", "proposes", "asks", "tells", "vows", "blames",
                                  "defends", "confirms", "opposes", "supports", "wants"};
    if (j >= x->field_start[1] || x->toks[j].brk)
        return 0;
    for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++)
        if (word_is(x, j, verbs[v]))
            return 1;
    return 0;
}

/* A unit of a headline name: in all-caps headlines every word is capitalised,
 * so only the word lists tell names from other words. */
static int headline_unit_ok(const gz_extractor *x, size_t i)
{
    const struct tok *k = &x->toks[i];
    return k->field == 0 && !k->used && !k->cont && k->len > 1 &&
           !(class_of(x, i) & (GZ_WORD_NOTNAME | GZ_WORD_ROLE | GZ_WORD_ORGWORD)) &&
           !isdigit((unsigned char)word_of(x, i)[0]) && !headline_verb(x, i);
}

/* "SUMITA SAYS ...", "WHITE HOUSE'S BAKER SAYS ...", "Miyazawa says ...",
 * "... - Sumita": a headline names the speaker at its start or its end. */
static int match_headline_speakers(gz_extractor *x)
{
    size_t end = x->field_start[1];
    for (size_t i = 0; i < end; i++) {
        int start = i == 0 || possessive(x, i - 1) || (class_of(x, i - 1) & GZ_WORD_ROLE);
        if (!start || !headline_unit_ok(x, i))
            continue;
        /* "TREASURY'S BAKER", "PRESIDENT REAGAN" are people; a first word
         * may be an acronym ("USDA SAYS"): x->weak asks the body to agree */
        x->weak = i == 0;
        size_t j = i;
        while (j + 1 < end && j - i < 1 && headline_unit_ok(x, j + 1) && !x->toks[j + 1].brk)
            j++;
        if (headline_verb(x, j + 1) && x->toks[i].cap != CAP_NONE &&
            name_mention(x, GZ_KIND_PERSON, i, j, NULL, word_of(x, i), word_of(x, j),
                         (unsigned)(j - i + 1)) < 0)
            return -1;
    }
    /* "... agreed by major nations - Sumita" (or "- USDA", "- DEALERS") */
    x->weak = 1;
    if (end >= 2 && end - 1 > 0 && headline_unit_ok(x, end - 1) && x->toks[end - 1].cap != CAP_NONE) {
        const struct tok *k = &x->toks[end - 1];
        const char *s = x->text[0];
        size_t d = k->start;
        while (d > 0 && s[d - 1] == ' ')
            d--;
        if (d > 0 && s[d - 1] == '-' &&
            name_mention(x, GZ_KIND_PERSON, end - 1, end - 1, NULL, word_of(x, end - 1),
                         word_of(x, end - 1), 1) < 0)
            return -1;
    }
    return 0;
}

/* "Co" of "Morgan Stanley and Co": what follows "and" in a firm's name. */
static int partner_word(const gz_extractor *x, size_t t)
{
    return word_is(x, t, "co") || word_is(x, t, "company") || word_is(x, t, "sons") ||
           word_is(x, t, "partners") || word_is(x, t, "associates");
}

/* Is the run [i, last] a company's name?  It holds a company word
 * ("Salomon Brothers", "Continental Airlines"), or the words right after it
 * make one ("Nomura International Ltd", "Morgan Stanley and Co Inc"). */
static int company_name(const gz_extractor *x, size_t i, size_t last)
{
    for (size_t t = i; t <= last; t++)
        if (class_of(x, t) & GZ_WORD_COMPANY)
            return 1;
    size_t stop = x->field_start[x->toks[i].field + 1];
    /* "Goldman, Sachs and Co", "Kidder, Peabody and Co Inc" */
    if (last + 3 < stop && x->toks[last + 1].brk && x->toks[last + 1].cap != CAP_NONE &&
        !(class_of(x, last + 1) & GZ_WORD_ROLE) && !x->toks[last + 2].brk &&
        word_is(x, last + 2, "and") && !x->toks[last + 3].brk && partner_word(x, last + 3))
        return 1;
    for (size_t t = last + 1; t < stop && t <= last + 4 && !x->toks[t].brk; t++) {
        if (word_is(x, t, "and"))   /* "and Co", not "and International Monetary Fund" */
            return t + 1 < stop && !x->toks[t + 1].brk && partner_word(x, t + 1);
        if (x->toks[t].cap == CAP_NONE || (class_of(x, t) & GZ_WORD_ROLE))
            return 0;
        if (class_of(x, t) & GZ_WORD_COMPANY)
            return 1;
    }
    return 0;
}

/* The firm's own name, its company words left off ("Marine Midland" of
 * "Marine Midland Banks"), so that "Marine Midland said" later in the text
 * is known as the company, and the archive learns it (gz_entities). */
static int company_mention(gz_extractor *x, size_t i, size_t last)
{
    size_t own = last;
    while (own > i && (class_of(x, own) & GZ_WORD_COMPANY))
        own--;
    if (class_of(x, own) & GZ_WORD_COMPANY)
        own = last;          /* "Brothers" alone: keep the word */
    for (size_t k = own + 1; k <= last; k++)
        x->toks[k].used = 1;
    return name_mention(x, KIND_NOT_PERSON, i, own, NULL, NULL, NULL, 0);
}

/* "chairman John Tower", "Col. Oliver North": a lone given name after a
 * title whose surname we could not take (a word we never take as a name, or
 * a particle) is not listed as the person's name. */
static int given_name_cut(const gz_extractor *x, size_t i, size_t last, unsigned units)
{
    if (units != 1 || !(class_of(x, i) & GZ_WORD_GIVEN) || last + 1 >= x->ntoks ||
        x->toks[last + 1].brk || x->toks[last + 1].field != x->toks[i].field)
        return 0;
    return x->toks[last + 1].cap != CAP_NONE || particle(x, last + 1);
}

/* "Reporting by Jack Kim; Editing by Robert Birsel": the people who wrote
 * an article are not what it is about.  Their names are set aside. */
static int byline_word(const gz_extractor *x, size_t i)
{
    static const char *lead[] = {"reporting", "editing", "writing", "compiled", "edited",
                                 "written", "reported", "additional", "photos", "graphics"};
    for (size_t l = 0; l < sizeof lead / sizeof lead[0]; l++)
        if (word_is(x, i, lead[l]))
            return 1;
    return 0;
}

static void mark_bylines(gz_extractor *x)
{
    for (size_t i = x->field_start[1] + 1; i < x->ntoks; i++) {
        if (!word_is(x, i, "by") || !byline_word(x, i - 1))
            continue;
        size_t j = i + 1;
        for (; j < x->ntoks; j++) {
            int lead = byline_word(x, j);
            /* "Jack Kim in Seoul", "Michelle Nichols at the United Nations" */
            int joins = word_is(x, j, "and") || word_is(x, j, "by") || word_is(x, j, "in") ||
                        word_is(x, j, "at") || word_is(x, j, "the");
            if (x->toks[j].cap == CAP_NONE && !joins && !lead && !x->toks[j].cont)
                break;
            if (x->toks[j].cap != CAP_NONE && !lead)
                x->toks[j].used = 1;
        }
        i = j;
    }
}

/* A name a headline gave ("USDA SAYS ...") counts only when the body names
 * it too, in ordinary capitals. */
static void confirm_in_body(gz_extractor *x, struct name *n)
{
    for (size_t i = x->field_start[1]; i < x->ntoks && !n->confirmed && !x->allcaps[1]; i++)
        if (x->toks[i].cap == CAP_INITIAL && !x->toks[i].dateline && !possessive(x, i) &&
            strcmp(word_of(x, i), n->key) == 0 && !company_name(x, i, i))
            n->confirmed = 1;
}

/* "Fayssal Mekdad, minister of Foreign Affairs", "Paetongtarn Shinawatra,
 * the prime minister": a name followed by a comma and a role. */
static int role_apposition(const gz_extractor *x, size_t last)
{
    size_t stop = x->field_start[x->toks[last].field + 1], t = last + 1;
    const char *s = x->text[x->toks[last].field];
    if (t >= stop || !memchr(s + x->toks[last].end, ',', x->toks[t].start - x->toks[last].end))
        return 0;
    for (; t < stop && t <= last + 4 && x->toks[t].cap == CAP_NONE; t++)
        if (class_of(x, t) & GZ_WORD_ROLE)
            return 1;
    return 0;
}

/* Do the body's capitalised words hold title words [i, i+n) in a row? */
static int body_holds(const gz_extractor *x, size_t i, size_t n)
{
    for (size_t b = x->field_start[1]; b + n <= x->ntoks; b++) {
        size_t k = 0;
        while (k < n && x->toks[b + k].cap != CAP_NONE &&
               strcmp(word_of(x, b + k), word_of(x, i + k)) == 0)
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* A title in title case capitalises its verbs ("Kim Tok Hun Makes Field
 * Survey", "Ambassador Pays Farewell Visit"): a name there is as much of it
 * as the body names too.  Returns the last token kept, or i - 1 for none. */
static size_t title_name_end(const gz_extractor *x, size_t i, size_t last)
{
    if (x->toks[i].field != 0 || x->field_start[1] == x->ntoks || x->allcaps[0])
        return last;
    size_t end = last + 1;
    while (end > i && !body_holds(x, i, end - i))
        end--;
    while (end > i && x->toks[end - 1].cont)
        end--;      /* never half a compound */
    return end - 1;
}

/* "Vladimir Vladimirovich Putin" is Vladimir Putin: a Russian patronymic
 * between given name and surname is left out of the name shown. */
static int patronymic(const gz_extractor *x, size_t t)
{
    static const char *ends[] = {"vich", "vna", "ichna"};
    const char *w = word_of(x, t);
    size_t n = x->toks[t].len;
    for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
        size_t l = strlen(ends[e]);
        if (n > l + 2 && strcmp(w + n - l, ends[e]) == 0)
            return 1;
    }
    return 0;
}

static int person_mention(gz_extractor *x, size_t i, size_t last, size_t tail, unsigned units)
{
    if (units == 3 && !x->toks[i + 1].cont && i + 2 == tail && patronymic(x, i + 1)) {
        const char *s = x->text[x->toks[i].field];
        char shown[256];
        int n = snprintf(shown, sizeof shown, "%.*s %.*s", (int)(x->toks[i].end - x->toks[i].start),
                         s + x->toks[i].start, (int)(x->toks[last].end - x->toks[tail].start),
                         s + x->toks[tail].start);
        if (n > 0 && (size_t)n < sizeof shown && !possessive(x, last)) {
            x->toks[i + 1].used = 1;
            return name_mention(x, GZ_KIND_PERSON, i, last, shown, word_of(x, i), word_of(x, tail), 2);
        }
    }
    return name_mention(x, GZ_KIND_PERSON, i, last, NULL, word_of(x, i), word_of(x, tail), units);
}

static int match_people(gz_extractor *x)
{
    int rc = match_headline_speakers(x);
    x->weak = 0;
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < x->ntoks; i++) {
        if (x->allcaps[x->toks[i].field] || !name_unit_ok(x, i))
            continue;
        size_t last;
        unsigned units = name_run(x, i, &last);
        unsigned cls = class_of(x, i);
        int after_role = i > x->field_start[x->toks[i].field] && !x->toks[i].brk &&
                         (class_of(x, i - 1) & GZ_WORD_ROLE);
        int person = (after_role && units >= 1) ||
                     ((cls & GZ_WORD_GIVEN) && units >= 2) ||
                     ((cls & GZ_WORD_FAMILY) && units >= 2 && units <= 3) ||
                     (units >= 2 && units <= 3 && said_after(x, last)) ||
                     (units >= 2 && units <= 4 && role_apposition(x, last));
        if (person && names_a_thing(x, i, last)) {
            i = last;
            continue;
        }
        if (person) {
            size_t kept = title_name_end(x, i, last);
            if (kept + 1 == i) {
                i = last;
                continue;
            }
            if (kept != last) {
                units = 0;
                for (size_t t = i; t <= kept; t++)
                    units += !x->toks[t].cont && !particle(x, t);
                last = kept;
                person = after_role || units >= 2;
            }
        }
        if (company_name(x, i, last)) {
            if (company_mention(x, i, last) < 0)
                return -1;
            i = last;
            continue;
        }
        if (!person || given_name_cut(x, i, last, units)) {
            i = last;
            continue;
        }
        /* The last unit's head is the surname (or the first, East Asian). */
        size_t tail = last;
        while (x->toks[tail].cont)
            tail--;
        if (person_mention(x, i, last, tail, units) < 0)
            return -1;
        i = last;
    }
    return 0;
}

/* ---- 4. short forms --------------------------------------------------- */

/* The full name a single word stands for: the one multi-word person whose
 * first or last word it is, or (size_t)-1. */
static size_t full_name_for(const gz_extractor *x, const char *word)
{
    size_t found = (size_t)-1;
    for (size_t n = 0; n < x->nnames; n++) {
        const struct name *p = &x->names[n];
        if (p->kind != GZ_KIND_PERSON || p->units < 2)
            continue;
        if (strcmp(p->last, word) == 0 || strcmp(p->first, word) == 0) {
            if (found != (size_t)-1 && strcmp(x->names[found].key, p->key) != 0)
                return (size_t)-1;   /* two Kims: ambiguous */
            found = n;
        }
    }
    return found;
}

static int credit_short_forms(gz_extractor *x)
{
    for (size_t n = 0; n < x->nnames; n++) {
        struct name *p = &x->names[n];
        if (p->kind == GZ_KIND_PERSON && p->units == 1) {
            size_t full = full_name_for(x, p->key);
            if (full != (size_t)-1)
                p->merged_into = full;
        }
    }
    for (size_t i = x->field_start[1]; i < x->ntoks; i++) {
        if (!name_unit_ok(x, i) || x->allcaps[1])
            continue;
        size_t last;
        if (name_run(x, i, &last) != 1) {
            i = last;
            continue;
        }
        size_t full = full_name_for(x, word_of(x, i));
        if (full != (size_t)-1 && add_mention(x, GZ_KIND_PERSON, NULL, full,
                                              weight_at(x, i, GZ_KIND_PERSON)) < 0)
            return -1;
        i = last;
    }
    return 0;
}

/* ---- 5. scores and lists ---------------------------------------------- */

gz_status gz_entity_list_add(gz_entity_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i], s) == 0)
            return GZ_OK;
    if (gz_array_reserve(&l->items, &l->cap, l->n, sizeof *l->items) < 0)
        return GZ_ERR_NOMEM;
    if (!(l->items[l->n] = strdup(s)))
        return GZ_ERR_NOMEM;
    l->n++;
    return GZ_OK;
}

struct scored {
    const char *value;
    double score;
    size_t order;
};

static int by_score(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Does the article name (or hint at) this country other than by a word
 * two countries share? */
static int country_told(const gz_extractor *x, const char *code, size_t len)
{
    for (size_t m = 0; m < x->nmentions; m++) {
        const struct mention *p = &x->mentions[m];
        if ((p->kind == GZ_KIND_COUNTRY || p->kind == GZ_KIND_HINT) && strlen(p->value) == len &&
            memcmp(p->value, code, len) == 0)
            return 1;
    }
    return 0;
}

/* Which of "A/B" an article tells: the one it otherwise names, else A;
 * *both says it names both (the word then counts for neither).  NULL for
 * a code the gazetteer does not know. */
static const char *either_code(const gz_extractor *x, const char *pair, int *both)
{
    const char *slash = strchr(pair, '/');
    size_t first_len = slash ? (size_t)(slash - pair) : strlen(pair);
    int first = country_told(x, pair, first_len);
    int second = slash && country_told(x, slash + 1, strlen(slash + 1));
    *both = first && second;
    if (second && !first)
        return gz_gazetteer_country_code(x->g, slash + 1, strlen(slash + 1));
    return gz_gazetteer_country_code(x->g, pair, first_len);
}

/* "Korean" under a Pyongyang dateline is North Korean: each word two
 * countries share goes where the article's other names say. */
static void resolve_either(gz_extractor *x)
{
    const char *pair = NULL, *code = NULL;
    int both = 0;
    for (size_t m = 0; m < x->nmentions; m++) {
        struct mention *p = &x->mentions[m];
        if (p->kind != GZ_KIND_EITHER)
            continue;
        if (p->value != pair)           /* gazetteer values are interned */
            code = either_code(x, pair = p->value, &both);
        p->value = code;
        if (both || !code)
            p->weight = 0;
    }
    /* only now: a settled word is no evidence for the next one */
    for (size_t m = 0; m < x->nmentions; m++)
        if (x->mentions[m].kind == GZ_KIND_EITHER)
            x->mentions[m].kind = x->mentions[m].value ? GZ_KIND_COUNTRY : GZ_KIND_OTHER;
}

static int emit_countries(gz_extractor *x, gz_entity_list *out)
{
    resolve_either(x);
    struct scored *s = calloc(x->nmentions + 1, sizeof *s);
    size_t n = 0;
    if (!s)
        return -1;
    for (size_t m = 0; m < x->nmentions; m++) {
        if (x->mentions[m].kind != GZ_KIND_COUNTRY)
            continue;
        size_t k = 0;
        while (k < n && strcmp(s[k].value, x->mentions[m].value) != 0)
            k++;
        if (k == n)
            s[n++] = (struct scored){x->mentions[m].value, 0, m};
        s[k].score += x->mentions[m].weight;
    }
    qsort(s, n, sizeof *s, by_score);
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++)
        if (s[k].score >= COUNTRY_MIN)
            rc = gz_entity_list_add(out, s[k].value);
    free(s);
    return rc;
}

/* A person also named as a company in this article ("lead manager Morgan
 * Stanley" after "Morgan Stanley and Co Inc") is the company. */
static int listable(gz_extractor *x, struct name *p)
{
    if (p->kind != GZ_KIND_PERSON)
        return 1;
    if (!p->confirmed && p->units <= 1)
        confirm_in_body(x, p);
    /* A headline alone ("VOLCKER SAYS ..." with no body) has nothing to
     * agree with it: a word of five letters or more is taken for a name,
     * shorter ones are mostly acronyms (API, EIA, USDA, NYSE). */
    if (!p->confirmed && (x->field_start[1] < x->ntoks || strlen(p->key) < 5))
        return 0;
    for (size_t i = 0; i < x->nnames; i++)
        if (x->names[i].kind == KIND_NOT_PERSON && strcmp(x->names[i].key, p->key) == 0)
            return 0;
    return 1;
}

static int emit_names(gz_extractor *x, int kind, double min, gz_entity_list *out)
{
    for (size_t m = 0; m < x->nmentions; m++) {
        if (x->mentions[m].kind != kind)
            continue;
        struct name *p = &x->names[x->mentions[m].key];
        x->names[p->merged_into].score += x->mentions[m].weight;
    }
    struct scored *s = calloc(x->nnames + 1, sizeof *s);
    size_t n = 0;
    if (!s)
        return -1;
    for (size_t i = 0; i < x->nnames; i++)
        if (x->names[i].kind == kind && x->names[i].merged_into == i &&
            (x->names[i].score >= min || (x->names[i].curated && x->names[i].score > 0)) &&
            listable(x, &x->names[i]))
            s[n++] = (struct scored){x->names[i].forms[x->names[i].shown], x->names[i].score,
                                     x->names[i].order};
    qsort(s, n, sizeof *s, by_score);
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++)
        rc = gz_entity_list_add(out, s[k].value);
    free(s);
    return rc;
}

/* A word of a body-less headline that may be a surname: capitalised,
 * four letters or more, in no word list, not part of a name or place
 * matched, not a headline verb, not before a company word. */
static int headline_name_word(const gz_extractor *x, size_t i)
{
    const unsigned not_names = GZ_WORD_NOTNAME | GZ_WORD_ROLE | GZ_WORD_ORGWORD | GZ_WORD_COMPANY |
                               GZ_WORD_FUNCTION | GZ_WORD_UNIT | GZ_WORD_GIVEN | GZ_WORD_PARTICLE;
    const struct tok *k = &x->toks[i];
    if (k->used || k->cont || k->cap == CAP_NONE || k->len < 4 || (class_of(x, i) & not_names) ||
        headline_verb(x, i))
        return 0;
    for (const char *w = word_of(x, i); *w; w++)
        if (isdigit((unsigned char)*w))
            return 0;
    size_t next = i + 1;
    return !(next < x->field_start[1] && !x->toks[next].brk && (class_of(x, next) & GZ_WORD_COMPANY));
}

/* "REAGAN CUTS SHORT DALLAS TRIP", "Balladur maintains ... target": a
 * headline with no body names people by surname alone, among other
 * capitalised words.  Each candidate word is kept, as the headline writes
 * it, for the archive to settle; a word the people already hold is not. */
static int emit_headline_names(gz_extractor *x, const gz_entity_list *people, gz_entity_list *out)
{
    if (x->field_start[1] != x->ntoks)
        return 0;
    for (size_t i = 0; i < x->field_start[1]; i++) {
        if (!headline_name_word(x, i))
            continue;
        const struct tok *k = &x->toks[i];
        char shown[GZ_MAX_WORD * 4 + 1];
        size_t len = k->end - k->start;
        if (possessive(x, i))
            len -= x->text[0][k->start + len - 2] == '\'' ? 2 : 4;
        if (len >= sizeof shown)
            continue;
        memcpy(shown, x->text[0] + k->start, len);
        shown[len] = '\0';
        if (x->allcaps[0])
            title_case(shown);
        int known = 0;
        for (size_t p = 0; p < people->n && !known; p++) {
            const char *space = strrchr(people->items[p], ' ');
            known = strcmp(space ? space + 1 : people->items[p], shown) == 0;
        }
        if (!known && gz_entity_list_add(out, shown) < 0)
            return -1;
    }
    return 0;
}

static int emit_companies(gz_extractor *x, gz_entity_list *out)
{
    for (size_t i = 0; i < x->nnames; i++)
        if (x->names[i].kind == KIND_NOT_PERSON &&
            gz_entity_list_add(out, x->names[i].forms[x->names[i].shown]) < 0)
            return -1;
    return 0;
}

/* ---- public ----------------------------------------------------------- */

gz_extractor *gz_extractor_new(const gz_gazetteer *g)
{
    gz_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->g = g;
    if (gz_analyzer_new("none", &x->analyzer) != GZ_OK) {
        free(x);
        return NULL;
    }
    gz_analyzer_set_glue(x->analyzer, gz_gazetteer_glue(g));
    return x;
}

void gz_extractor_free(gz_extractor *x)
{
    if (!x)
        return;
    gz_analyzer_free(x->analyzer);
    free(x->toks);
    free(x->names);
    free(x->mentions);
    gz_strbuf_release(&x->words);
    free(x);
}

void gz_entity_list_release(gz_entity_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

void gz_entities_release(gz_entities *e)
{
    gz_entity_list_release(&e->countries);
    gz_entity_list_release(&e->people);
    gz_entity_list_release(&e->orgs);
    gz_entity_list_release(&e->companies);
    gz_entity_list_release(&e->headline_names);
}

gz_status gz_extract_end(gz_extractor *x, gz_entities *out)
{
    gz_entities_release(out);
    feed_up_to(x, 2);
    if (x->feed_failed)
        return GZ_ERR_NOMEM;
    mark_headings(x, x->field_start[1], x->ntoks, 1);
    mark_dateline(x, x->field_start[1], x->ntoks);
    mark_bylines(x);        /* before any match: a byline's places and bodies are not news */
    if (match_gazetteer(x) < 0 || match_org_runs(x) < 0 ||
        match_defined_acronyms(x) < 0 || match_people(x) < 0 || credit_short_forms(x) < 0 ||
        emit_countries(x, &out->countries) < 0 ||
        emit_names(x, GZ_KIND_PERSON, 0.0, &out->people) < 0 ||
        emit_names(x, GZ_KIND_ORG, ORG_MIN, &out->orgs) < 0 ||
        emit_companies(x, &out->companies) < 0 ||
        emit_headline_names(x, &out->people, &out->headline_names) < 0) {
        gz_entities_release(out);
        return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

gz_status gz_extract(gz_extractor *x, const char *title, const char *body, gz_entities *out)
{
    gz_extract_begin(x, title, body);
    for (int field = 0; field < 2; field++) {
        feed_up_to(x, field);
        gz_analyzer_run(x->analyzer, x->text[field], x->text_len[field], 1, feed_field, x, NULL);
    }
    return gz_extract_end(x, out);
}
