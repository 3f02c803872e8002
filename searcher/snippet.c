/*
 * snippet.c - best passage and highlights (snippet.h).
 *
 * The body is tokenized once; tokens are marked by the query's terms,
 * phrases and entity keys; the window of about max_bytes holding the most
 * distinct marked words wins (ties: the earliest), starting at its
 * sentence when that is near.
 */
#include "snippet.h"

#include "array.h"
#include "utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CONTEXT_BEFORE 60   /* bytes shown before the first mark */
#define SENTENCE_REACH 100  /* how far back a sentence start is looked for */
#define MAX_KEY_WORDS 4

struct stok {
    size_t term, word;      /* offsets into the arena */
    size_t start, end;
    unsigned pos, flags, compound;
    int mark;
};

struct tokens {
    struct stok *t;
    size_t n, cap;
    gz_strbuf arena;
    int failed;
    /* Early stop: once every query stem has been seen, a window that holds
     * them all exists and no later one can beat it (ties go to the earliest),
     * so tokenizing past it is wasted. */
    const char **needed;    /* stems still unseen (entries NULLed when seen) */
    size_t nneeded, unseen;
    size_t stop_after;      /* byte offset past which nothing is needed */
    size_t reach;           /* bytes a window may still need after the last stem */
    /* Only tokens whose term is a query stem are ever compared by text, so
     * the others share an empty string instead of a copy (most of the
     * cost of collecting), unless entity keys need every word. */
    const char **stems;
    size_t nstems;
    int keep_all;
};

static int is_query_stem(const struct tokens *ts, const char *term)
{
    for (size_t i = 0; i < ts->nstems; i++)
        if (ts->stems[i][0] == term[0] && strcmp(ts->stems[i], term) == 0)
            return 1;
    return 0;
}

/* Copies s into the arena; returns its offset there, or 0 (the empty
 * string) when it is not needed or memory ran out (ts->failed). */
static size_t keep_text(struct tokens *ts, const char *s, size_t len, int needed)
{
    if (!needed)
        return 0;
    size_t at = ts->arena.len;
    if (gz_strbuf_add(&ts->arena, s, len + 1) < 0) {
        ts->failed = 1;
        return 0;
    }
    return at;
}

/* Notes a stem the query needs; returns 1 when it was the last unseen one. */
static int saw_needed(struct tokens *ts, const char *term)
{
    for (size_t i = 0; i < ts->nneeded; i++)
        if (ts->needed[i] && strcmp(ts->needed[i], term) == 0) {
            ts->needed[i] = NULL;
            return --ts->unseen == 0;
        }
    return 0;
}

static int collect(void *ctx, const gz_token *k)
{
    struct tokens *ts = ctx;
    if (k->start > ts->stop_after)
        return 1;
    if (ts->unseen && saw_needed(ts, k->term))
        ts->stop_after = k->end + ts->reach;
    if (gz_array_reserve(&ts->t, &ts->cap, ts->n, sizeof *ts->t) < 0) {
        ts->failed = 1;
        return 1;
    }
    struct stok *s = &ts->t[ts->n];
    int wanted = ts->keep_all || is_query_stem(ts, k->term);
    s->term = keep_text(ts, k->term, k->term_len, wanted);
    s->word = keep_text(ts, k->word, k->word_len, ts->keep_all);
    if (ts->failed)
        return 1;
    s->start = k->start;
    s->end = k->end;
    s->pos = k->pos;
    s->flags = k->flags;
    s->compound = k->compound;
    s->mark = 0;
    ts->n++;
    return 0;
}

static const char *term_of(const struct tokens *ts, size_t i)
{
    return ts->arena.buf + ts->t[i].term;
}

static const char *word_of(const struct tokens *ts, size_t i)
{
    return ts->arena.buf + ts->t[i].word;
}

static int is_joined(const struct tokens *ts, size_t i)
{
    return (ts->t[i].flags & GZ_TOK_JOINED) != 0;
}

/* The next token after i that has a position of its own, or n. */
static size_t next_positional(const struct tokens *ts, size_t i)
{
    do
        i++;
    while (i < ts->n && is_joined(ts, i));
    return i;
}

static void mark_compound(struct tokens *ts, size_t joined)
{
    for (size_t k = 0; k < ts->n; k++)
        if (!is_joined(ts, k) && ts->t[k].compound == ts->t[joined].compound)
            ts->t[k].mark = 1;
}

/* A character pair (GZ_TOK_NGRAM) covers the character before it and the
 * next positional token. */
static void mark_pair(struct tokens *ts, size_t pair)
{
    ts->t[pair - 1].mark = 1;
    size_t next = next_positional(ts, pair);
    if (next < ts->n)
        ts->t[next].mark = 1;
}

static void mark_terms(struct tokens *ts, const gz_query_info *qi)
{
    for (size_t i = 0; i < ts->n; i++)
        for (size_t q = 0; q < qi->nterms; q++)
            if (strcmp(term_of(ts, i), qi->terms[q]) == 0) {
                if (ts->t[i].flags & GZ_TOK_NGRAM)
                    mark_pair(ts, i);
                else if (is_joined(ts, i))
                    mark_compound(ts, i);
                else
                    ts->t[i].mark = 1;
                break;
            }
}

/* Does a phrase's stem stand at positional token j?  1: the token itself;
 * 2: the character pair it starts, which also covers the next token. */
static int phrase_word_at(const struct tokens *ts, size_t j, const char *stem)
{
    if (strcmp(term_of(ts, j), stem) == 0)
        return 1;
    if (j + 1 < ts->n && (ts->t[j + 1].flags & GZ_TOK_NGRAM) &&
        strcmp(term_of(ts, j + 1), stem) == 0)
        return 2;
    return 0;
}

/* Only where the phrase's stems stand at consecutive positions. */
static void mark_phrases(struct tokens *ts, const gz_query_info *qi)
{
    for (size_t p = 0; p < qi->nphrases; p++) {
        char **stems = qi->phrases[p];
        for (size_t i = 0; i < ts->n; i++) {
            if (is_joined(ts, i))
                continue;
            size_t j = i, k = 0, last = i;
            unsigned pos = ts->t[i].pos;
            while (stems[k] && j < ts->n && ts->t[j].pos == pos + k) {
                int at = phrase_word_at(ts, j, stems[k]);
                if (!at)
                    break;
                last = at == 2 ? next_positional(ts, j) : j;
                k++;
                j = next_positional(ts, j);
            }
            if (stems[k])
                continue;
            for (size_t m = i; m <= last && m < ts->n; m = next_positional(ts, m))
                ts->t[m].mark = 1;
        }
    }
}

/* Runs of up to MAX_KEY_WORDS words whose folded letters equal a key. */
static void mark_keys(struct tokens *ts, const gz_query_info *qi)
{
    for (size_t q = 0; q < qi->nkeys; q++) {
        const char *key = qi->keys[q];
        size_t keylen = strlen(key);
        for (size_t i = 0; i < ts->n; i++) {
            if (is_joined(ts, i))
                continue;
            size_t have = 0, j = i;
            for (int w = 0; w < MAX_KEY_WORDS && j < ts->n; w++) {
                const char *word = word_of(ts, j);
                size_t wl = strlen(word);
                if (have + wl > keylen || strncmp(key + have, word, wl) != 0)
                    break;
                have += wl;
                if (have == keylen) {
                    for (size_t m = i; m <= j; m = next_positional(ts, m))
                        ts->t[m].mark = 1;
                    break;
                }
                j = next_positional(ts, j);
            }
        }
    }
}

/* Where a window showing the word at byte `at` should start. */
static size_t window_start(const char *body, size_t at)
{
    if (at <= SENTENCE_REACH)
        return 0;       /* near the top: show the lead from its start */
    size_t limit = at > SENTENCE_REACH ? at - SENTENCE_REACH : 0;
    for (size_t c = at; c > limit; c--) {
        char ch = body[c - 1];
        if (ch == '\n' || ((ch == ' ') && c >= 2 && strchr(".!?", body[c - 2])))
            return c;
    }
    size_t start = at > CONTEXT_BEFORE ? at - CONTEXT_BEFORE : 0;
    /* to the next word start, so no word is cut; scripts without spaces
     * (their characters take three bytes or more) break between characters */
    while (start > 0 && start < at && !isspace((unsigned char)body[start - 1]) &&
           (unsigned char)body[start] < 0xE0)
        start++;
    return start;
}

/* Distinct marked words in [from, to) count most; more marks break ties.
 * first: a token index at or before the window's first token. */
static double window_score(const struct tokens *ts, size_t first, size_t from, size_t to)
{
    double score = 0;
    while (first < ts->n && ts->t[first].start < from)
        first++;
    for (size_t i = first; i < ts->n && ts->t[i].end <= to; i++) {
        if (!ts->t[i].mark)
            continue;
        int seen = 0;
        for (size_t k = first; k < i && !seen; k++)
            seen = ts->t[k].mark && strcmp(term_of(ts, k), term_of(ts, i)) == 0;
        score += seen ? 0.1 : 1.0;
    }
    return score;
}

static int add_span(gz_snippet *s, size_t start, size_t end)
{
    if (s->nspans && s->spans[s->nspans - 1].end == start) {
        s->spans[s->nspans - 1].end = end;   /* "ASEAN Regional Forum" is one mark */
        return 0;
    }
    if (gz_array_reserve(&s->spans, &s->cap, s->nspans, sizeof *s->spans) < 0)
        return -1;
    s->spans[s->nspans++] = (gz_span){start, end};
    return 0;
}

/* Appends body[from, to) with runs of blanks and line ends as one space. */
/* body[from..to) with each run of whitespace as one space; whole (the
 * article view): a run holding a blank line stays a paragraph break. */
static int add_text(gz_strbuf *out, const char *body, size_t from, size_t to, int whole)
{
    for (size_t c = from; c < to; c++) {
        if (!isspace((unsigned char)body[c])) {
            if (gz_strbuf_addch(out, body[c]) < 0)
                return -1;
            continue;
        }
        size_t end = c, newlines = 0;
        for (; end < to && isspace((unsigned char)body[end]); end++)
            newlines += body[end] == '\n';
        const char *gap = whole && newlines >= 2 ? "\n\n" : " ";
        if (out->len && out->buf[out->len - 1] != ' ' && out->buf[out->len - 1] != '\n' &&
            gz_strbuf_addstr(out, gap) < 0)
            return -1;
        c = end - 1;
    }
    return 0;
}

static int render(const char *body, const struct tokens *ts, size_t from, size_t limit,
                  int whole, gz_snippet *out)
{
    if (from > 0 && gz_strbuf_addstr(&out->text, "\xE2\x80\xA6 ") < 0)
        return -1;
    size_t at = from, last_end = from;
    int in_span = 0;
    size_t span_start = 0;
    for (size_t i = 0; i < ts->n; i++) {
        const struct stok *t = &ts->t[i];
        if (is_joined(ts, i) || t->start < from)
            continue;
        if (t->end > limit)
            break;
        int joined_gap = in_span && t->mark;
        if (add_text(&out->text, body, at, t->start, whole) < 0)
            return -1;
        if (t->mark && !joined_gap)
            span_start = out->text.len;
        if (!t->mark && in_span && add_span(out, span_start, last_end) < 0)
            return -1;
        if (add_text(&out->text, body, t->start, t->end, whole) < 0)
            return -1;
        in_span = t->mark;
        last_end = out->text.len;
        at = t->end;
    }
    if (in_span && add_span(out, span_start, last_end) < 0)
        return -1;
    if (whole)      /* to its end, past the words looked at too */
        return add_text(&out->text, body, at, strlen(body), whole);
    /* the punctuation after the last word, if it ends a sentence */
    if (body[at] && strchr(".!?\"'", body[at]) && at + 1 <= limit)
        gz_strbuf_addch(&out->text, body[at++]);
    while (body[at] && isspace((unsigned char)body[at]))
        at++;
    if (body[at] && gz_strbuf_addstr(&out->text, " \xE2\x80\xA6") < 0)
        return -1;
    return 0;
}

gz_status gz_snippet_make(gz_analyzer *a, const char *body, const gz_query_info *qi,
                    size_t max_bytes, gz_snippet *out)
{
    gz_strbuf_reset(&out->text);
    out->nspans = 0;
    struct tokens ts = {0};
    /* Every stem the query can mark, terms and phrases alike. */
    size_t nstems = 0, room = 1 + (qi ? qi->nterms : 0);
    for (size_t p = 0; qi && p < qi->nphrases; p++)
        for (char **st = qi->phrases[p]; *st; st++)
            room++;
    const char **stems = calloc(room, sizeof *stems);
    const char **needed = calloc(room, sizeof *needed);
    if (!stems || !needed) {
        free(stems);
        free(needed);
        return GZ_ERR_NOMEM;
    }
    for (size_t i = 0; qi && i < qi->nterms; i++)
        stems[nstems++] = qi->terms[i];
    for (size_t p = 0; qi && p < qi->nphrases; p++)
        for (char **st = qi->phrases[p]; *st; st++)
            stems[nstems++] = *st;
    ts.stems = stems;
    ts.nstems = nstems;
    /* Entity keys compare words, and their words are not known in advance:
     * keep every token's text then, and do not stop early. */
    ts.keep_all = qi && qi->nkeys;
    ts.stop_after = (size_t)-1;
    ts.reach = max_bytes + SENTENCE_REACH;
    if (!ts.keep_all) {
        memcpy(needed, stems, nstems * sizeof *needed);
        ts.needed = needed;
        ts.nneeded = ts.unseen = nstems;
        if (!nstems)
            ts.stop_after = ts.reach;   /* a filter alone: the lead is enough */
    }
    /* The arena starts with the empty string tokens share when their text
     * cannot matter. */
    if (gz_strbuf_add(&ts.arena, "", 1) < 0)
        ts.failed = 1;
    gz_analyzer_stem_only(a, stems, nstems);
    size_t scan = gz_utf8_cut(body, strlen(body), GZ_SNIPPET_SCAN_BYTES);
    if (!ts.failed)
        gz_analyzer_run(a, body, scan, 1, collect, &ts, NULL);
    gz_analyzer_stem_only(a, NULL, 0);
    free(needed);
    free(stems);
    int rc = ts.failed ? -1 : 0;
    if (rc == 0 && qi) {
        mark_terms(&ts, qi);
        mark_phrases(&ts, qi);
        mark_keys(&ts, qi);
    }
    size_t best = 0, candidates = 0;
    double best_score = -1;
    /* Windows start near each of the first marks: enough for long texts.
     * A window as long as the text is the text. */
    size_t body_len = strlen(body);
    for (size_t i = 0; rc == 0 && max_bytes <= body_len && i < ts.n && candidates < 64; i++) {
        if (!ts.t[i].mark)
            continue;
        candidates++;
        size_t from = window_start(body, ts.t[i].start);
        /* a window starts at most SENTENCE_REACH bytes back: fewer tokens than that */
        double score = window_score(&ts, i > SENTENCE_REACH ? i - SENTENCE_REACH : 0, from,
                                    from + max_bytes);
        if (score > best_score) {
            best_score = score;
            best = from;
        }
    }
    if (rc == 0)
        rc = render(body, &ts, best, best + max_bytes, max_bytes > body_len, out);
    free(ts.t);
    gz_strbuf_release(&ts.arena);
    return rc;
}

void gz_snippet_release(gz_snippet *s)
{
    gz_strbuf_release(&s->text);
    free(s->spans);
    memset(s, 0, sizeof *s);
}
