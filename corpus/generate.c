/*
 * generate.c - gazette-generate: writes N synthetic dated news articles as
 * JSON Lines, for scale tests and benchmarks, with a vocabulary, lengths
 * and entity rates learned from real articles.
 *
 *   gazette-index --extract ../shared/data/reuters21578 > model.jsonl
 *   gazette-generate --from model.jsonl --docs 200000 --seed 1 > big.jsonl
 *
 * The model: word frequencies of the bodies (words drawn by frequency, so
 * the term distribution is Zipfian like the source), the distribution of
 * body and title lengths (drawn from the observed lengths), and the
 * entities each source article carried (each synthetic article takes the
 * entity names of a random source article and mentions them in its text,
 * so entity rates match).  Dates spread over 2000-2024.  Deterministic for
 * a given --seed.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "strbuf.h"
#include "strmap.h"
#include "hash.h"

#define MAX_WORDS_PER_BODY 2000

struct model {
    gz_strmap counts;            /* word -> count */
    char **words;                /* distinct words */
    uint64_t *cumulative;        /* running sum of counts, for sampling */
    size_t nwords;
    unsigned *body_len, *title_len;
    size_t nlens, lens_cap;
    json_t **entities;           /* per source article: [names...] */
    size_t nentities, entities_cap;
};

/* xorshift64*: small, fast, and the same stream for the same seed. */
static uint64_t rng_state;

static uint64_t next_random(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static int push_len(struct model *m, unsigned body, unsigned title)
{
    size_t cap = m->lens_cap;
    if (gz_array_reserve(&m->body_len, &cap, m->nlens, sizeof *m->body_len) < 0 ||
        gz_array_reserve(&m->title_len, &m->lens_cap, m->nlens, sizeof *m->title_len) < 0)
        return -1;
    m->body_len[m->nlens] = body;
    m->title_len[m->nlens++] = title;
    return 0;
}

/* Counts the words of text (split on blanks, punctuation kept: it reads
 * like news and the analyzer sees what it would see). */
static unsigned count_words(struct model *m, const char *text)
{
    unsigned n = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t')
            p++;
        size_t len = (size_t)(p - start);
        if (!len || len > 40)
            continue;
        n++;
        uintptr_t c = (uintptr_t)gz_strmap_get(&m->counts, start, len);
        if (gz_strmap_put(&m->counts, start, len, (void *)(c + 1)) < 0)
            return 0;
    }
    return n;
}

static int learn(struct model *m, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gazette-generate: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        json_t *a = json_loads(line, 0, NULL);
        const char *body = json_string_value(json_object_get(a, "body"));
        const char *title = json_string_value(json_object_get(a, "title"));
        if (!body || !title) {
            fprintf(stderr, "gazette-generate: %s:%ld: not a gazette-index --extract line\n", path, lineno);
            json_decref(a);
            continue;
        }
        unsigned bl = count_words(m, body);
        unsigned tl = 0;
        for (const char *t = title; *t; t++)
            tl += *t == ' ';
        if (push_len(m, bl, tl + 1) < 0)
            break;
        json_t *names = json_array();
        const char *facets[] = {"countries", "people", "orgs"};
        for (int k = 0; k < 3; k++)
            json_array_extend(names, json_object_get(a, facets[k]));
        if (gz_array_reserve(&m->entities, &m->entities_cap, m->nentities, sizeof *m->entities) < 0) {
            json_decref(names);
            json_decref(a);
            break;
        }
        m->entities[m->nentities++] = names;
        json_decref(a);
    }
    free(line);
    fclose(f);
    m->words = calloc(m->counts.count + 1, sizeof *m->words);
    m->cumulative = calloc(m->counts.count + 1, sizeof *m->cumulative);
    uint64_t sum = 0;
    for (size_t i = 0; i < m->counts.cap; i++) {
        if (!m->counts.keys[i])
            continue;
        sum += (uintptr_t)m->counts.values[i];
        m->words[m->nwords] = m->counts.keys[i];
        m->cumulative[m->nwords++] = sum;
    }
    if (!m->nwords || !m->nlens) {
        fprintf(stderr, "gazette-generate: %s: no articles to learn from\n", path);
        return -1;
    }
    return 0;
}

static const char *draw_word(const struct model *m)
{
    uint64_t r = next_random() % m->cumulative[m->nwords - 1];
    size_t lo = 0, hi = m->nwords - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->cumulative[mid] > r)
            hi = mid;
        else
            lo = mid + 1;
    }
    return m->words[lo];
}

/* Country codes are mentioned by a name the extractor knows. */
static const char *mention_of(const char *name)
{
    static const struct { const char *code, *name; } common[] = {
        {"US", "United States"}, {"GB", "Britain"}, {"JP", "Japan"}, {"CA", "Canada"},
        {"DE", "West Germany"}, {"FR", "France"}, {"BR", "Brazil"}, {"AU", "Australia"},
        {"CN", "China"}, {"SU", "Soviet Union"}, {"CH", "Switzerland"}, {"BE", "Belgium"},
        {"NL", "Netherlands"}, {"IT", "Italy"}, {"KR", "South Korea"}, {"KP", "North Korea"},
    };
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        if (strcmp(name, common[i].code) == 0)
            return common[i].name;
    return strlen(name) == 2 ? NULL : name;
}

static void write_article(const struct model *m, unsigned long n, gz_strbuf *title, gz_strbuf *body)
{
    size_t src = next_random() % m->nlens;
    unsigned blen = m->body_len[src], tlen = m->title_len[src];
    if (blen > MAX_WORDS_PER_BODY)
        blen = MAX_WORDS_PER_BODY;
    json_t *names = m->entities[next_random() % m->nentities];
    gz_strbuf_reset(title);
    gz_strbuf_reset(body);
    for (unsigned i = 0; i < tlen; i++) {
        if (i)
            gz_strbuf_addch(title, ' ');
        gz_strbuf_addstr(title, draw_word(m));
    }
    /* each entity twice: once in the lead, once later, as news does */
    size_t nn = json_array_size(names);
    for (unsigned i = 0; i < blen; i++) {
        if (i)
            gz_strbuf_addch(body, ' ');
        if (nn && (i == 3 || i == blen / 2) && mention_of(json_string_value(json_array_get(names, i % nn))))
            for (size_t k = 0; k < nn; k++) {
                const char *mention = mention_of(json_string_value(json_array_get(names, k)));
                if (mention) {
                    gz_strbuf_addstr(body, mention);
                    gz_strbuf_addstr(body, k + 1 < nn ? ", " : " ");
                }
            }
        gz_strbuf_addstr(body, draw_word(m));
    }
    unsigned day = (unsigned)(next_random() % (25 * 365));
    int y = 2000 + (int)(day / 365), doy = (int)(day % 365), mo = doy / 31 + 1, d = doy % 28 + 1;
    json_t *a = json_pack("{s:s,s:s,s:s,s:s}", "id", "", "date", "", "title", gz_strbuf_str(title),
                          "body", gz_strbuf_str(body));
    char id[32], date[16];
    snprintf(id, sizeof id, "g%lu", n);
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo > 12 ? 12 : mo, d);
    json_object_set_new(a, "id", json_string(id));
    json_object_set_new(a, "date", json_string(date));
    json_dumpf(a, stdout, JSON_COMPACT);
    putchar('\n');
    json_decref(a);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'}, {"docs", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *from = NULL;
    unsigned long docs = 1000;
    rng_state = 88172645463325252ULL;
    int c;
    while ((c = getopt_long(argc, argv, "f:n:s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 'n': docs = strtoul(optarg, NULL, 10); break;
        case 's': rng_state ^= gz_hash64(optarg, strlen(optarg), GZ_HASH_SEED) | 1; break;
        case 'h':
            puts("usage: gazette-generate --from EXTRACT.jsonl [--docs N] [--seed S] > out.jsonl");
            return 0;
        default: return 2;
        }
    }
    if (!from || !docs) {
        fprintf(stderr, "gazette-generate: --from FILE (gazette-index --extract output) and --docs N > 0 are needed\n");
        return 2;
    }
    struct model m = {0};
    if (learn(&m, from) < 0)
        return 1;
    gz_strbuf title = GZ_STRBUF_INIT, body = GZ_STRBUF_INIT;
    for (unsigned long n = 0; n < docs; n++)
        write_article(&m, n, &title, &body);
    gz_strbuf_release(&title);
    gz_strbuf_release(&body);
    for (size_t i = 0; i < m.nentities; i++)
        json_decref(m.entities[i]);
    free(m.entities);
    free(m.words);
    free(m.cumulative);
    free(m.body_len);
    free(m.title_len);
    gz_strmap_release(&m.counts, NULL);
    return fflush(stdout) == 0 ? 0 : 1;
}
