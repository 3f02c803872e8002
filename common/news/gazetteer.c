/*
 * gazetteer.c - loading and looking up the gazetteer (gazetteer.h).
 *
 * Aliases are analysed with the same analyzer as article text (language
 * "none": folded, unstemmed), so "North Korea's" in text and "North Korea"
 * in the data meet as the same words.
 */
#include "gazetteer.h"

#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer.h"
#include "strbuf.h"
#include "strmap.h"
#include "exe_dir.h"

#define ISO_DIR "/usr/share/iso-codes/json"
#ifndef GAZETTE_DATADIR
#define GAZETTE_DATADIR "/usr/local/share/gazette"     /* the Makefile sets it */
#endif
#define ZONE_TAB "/usr/share/zoneinfo/zone.tab"
#define MAX_ALIAS_WORDS 12

struct gz_gazetteer {
    gz_analyzer *analyzer;
    gz_strmap by_first;       /* first word -> gz_alias chain */
    gz_strmap word_class;     /* word -> class bits */
    gz_strmap ignored;        /* joined alias words -> non-NULL */
    gz_strmap labels;         /* country code -> English name */
    gz_strmap strings;        /* interned values */
    gz_glue *glue;            /* where glued words split (glue.h) */
};

struct alias_words {
    char word[MAX_ALIAS_WORDS][GZ_MAX_WORD + 1];
    unsigned n;
    int overflow;
};

static int collect_word(void *ctx, const gz_token *t)
{
    struct alias_words *w = ctx;
    if (t->flags & GZ_TOK_JOINED)
        return 0;
    if (w->n == MAX_ALIAS_WORDS) {
        w->overflow = 1;
        return 1;
    }
    memcpy(w->word[w->n++], t->word, t->word_len + 1);
    return 0;
}

static const char *intern(gz_gazetteer *g, const char *s)
{
    const char *have = gz_strmap_get(&g->strings, s, strlen(s));
    if (have)
        return have;
    char *copy = strdup(s);
    if (!copy || gz_strmap_put(&g->strings, s, strlen(s), copy) < 0) {
        free(copy);
        return NULL;
    }
    return copy;
}

static int is_caps(const char *s)
{
    int letters = 0;
    for (; *s; s++) {
        if (islower((unsigned char)*s))
            return 0;
        letters += isupper((unsigned char)*s) != 0;
    }
    return letters >= 2;
}

static void free_alias(gz_alias *a)
{
    for (unsigned i = 0; i < a->ntok; i++)
        free(a->tok[i]);
    free(a->tok);
    free(a);
}

static void free_chain(void *p)
{
    gz_alias *a = p;
    while (a) {
        gz_alias *next = a->next;
        free_alias(a);
        a = next;
    }
}

/* Adds one alias; returns 0 (also for aliases with no words), -1 on OOM. */
static int add_alias(gz_gazetteer *g, gz_entity_kind kind, const char *value, const char *text)
{
    struct alias_words w = {0};
    gz_analyzer_run(g->analyzer, text, strlen(text), 1, collect_word, &w, NULL);
    if (w.n == 0 || w.overflow)
        return 0;
    gz_alias *a = calloc(1, sizeof *a);
    if (!a || !(a->tok = calloc(w.n, sizeof *a->tok)) || !(a->value = intern(g, value))) {
        if (a)
            free(a->tok);
        free(a);
        return -1;
    }
    a->kind = kind;
    a->caps_only = is_caps(text);
    for (unsigned i = 0; i < w.n; i++) {
        if (!(a->tok[i] = strdup(w.word[i]))) {
            free_alias(a);
            return -1;
        }
        a->ntok++;
    }
    gz_alias *head = gz_strmap_get(&g->by_first, a->tok[0], strlen(a->tok[0]));
    gz_alias **link = &head;
    while (*link && (*link)->ntok > a->ntok)
        link = &(*link)->next;
    a->next = *link;
    *link = a;
    return gz_strmap_put(&g->by_first, a->tok[0], strlen(a->tok[0]), head);
}

/* The words of text joined by spaces: the key of the ignore list. */
static int joined_key(gz_gazetteer *g, const char *text, gz_strbuf *out)
{
    struct alias_words w = {0};
    gz_analyzer_run(g->analyzer, text, strlen(text), 1, collect_word, &w, NULL);
    gz_strbuf_reset(out);
    for (unsigned i = 0; i < w.n; i++)
        if ((i && gz_strbuf_addch(out, ' ') < 0) || gz_strbuf_addstr(out, w.word[i]) < 0)
            return -1;
    return 0;
}

static int add_word_class(gz_gazetteer *g, unsigned bit, const char *text)
{
    struct alias_words w = {0};
    gz_analyzer_run(g->analyzer, text, strlen(text), 1, collect_word, &w, NULL);
    for (unsigned i = 0; i < w.n; i++) {
        const char *word = w.word[i];
        uintptr_t have = (uintptr_t)gz_strmap_get(&g->word_class, word, strlen(word));
        if (gz_strmap_put(&g->word_class, word, strlen(word), (void *)(have | bit)) < 0)
            return -1;
    }
    return 0;
}

/* ---- the Gazette TSV files ------------------------------------------- */

static const struct {
    const char *name;
    gz_entity_kind kind;
    unsigned word_bit;
} kinds[] = {
    {"country", GZ_KIND_COUNTRY, 0}, {"city", GZ_KIND_CITY, 0},
    {"place", GZ_KIND_PLACE, 0},     {"dateline", GZ_KIND_DATELINE, 0},
    {"org", GZ_KIND_ORG, 0},         {"person", GZ_KIND_PERSON, 0},
    {"other", GZ_KIND_OTHER, 0},     {"either", GZ_KIND_EITHER, 0},
    {"hint", GZ_KIND_HINT, 0},
    {"role", 0, GZ_WORD_ROLE},       {"given", 0, GZ_WORD_GIVEN},
    {"family", 0, GZ_WORD_FAMILY},   {"notname", 0, GZ_WORD_NOTNAME},
    {"orgword", 0, GZ_WORD_ORGWORD}, {"company", 0, GZ_WORD_COMPANY},
    {"function", 0, GZ_WORD_FUNCTION | GZ_WORD_NOTNAME}, {"ignore", 0, 0},
    {"particle", 0, GZ_WORD_PARTICLE}, {"unitword", 0, GZ_WORD_UNIT},
};

static int load_line(gz_gazetteer *g, char *line, const char *path, long lineno,
                     char *err, size_t errlen)
{
    char *fields[512];
    size_t n = 0;
    for (char *f = strtok(line, "\t\r\n"); f && n < 512; f = strtok(NULL, "\t\r\n"))
        fields[n++] = f;
    if (n == 0 || fields[0][0] == '#')
        return 0;
    size_t k;
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (strcmp(fields[0], kinds[k].name) == 0)
            break;
    int named = k < sizeof kinds / sizeof kinds[0] &&
                (kinds[k].kind == GZ_KIND_ORG || kinds[k].kind == GZ_KIND_PERSON);
    if (k == sizeof kinds / sizeof kinds[0] || n < (named ? 2u : 3u)) {
        snprintf(err, errlen, "%s:%ld: want KIND<TAB>VALUE<TAB>ALIAS..., with KIND one of "
                 "country, city, place, dateline, org, person, other, either, hint, role, given, family, notname, "
                 "orgword, company, function, ignore, particle, unitword", path, lineno);
        return -1;
    }
    gz_strbuf key = GZ_STRBUF_INIT;
    int rc = 0;
    for (size_t i = 2; i < n && rc == 0; i++) {
        if (kinds[k].kind)
            rc = add_alias(g, kinds[k].kind, fields[1], fields[i]);
        else if (kinds[k].word_bit)
            rc = add_word_class(g, kinds[k].word_bit, fields[i]);
        else if ((rc = joined_key(g, fields[i], &key)) == 0)
            rc = gz_strmap_put(&g->ignored, key.buf, key.len, g);
    }
    /* A person or org is also known by its display name. */
    if (rc == 0 && named)
        rc = add_alias(g, kinds[k].kind, fields[1], fields[1]);
    gz_strbuf_release(&key);
    if (rc < 0)
        snprintf(err, errlen, "%s:%ld: out of memory", path, lineno);
    return rc;
}

static int load_tsv(gz_gazetteer *g, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open gazetteer file", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) > 0)
        rc = load_line(g, line, path, ++lineno, err, errlen);
    free(line);
    fclose(f);
    return rc;
}

static int filter_tsv(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 4 && strcmp(d->d_name + n - 4, ".tsv") == 0;
}

static int load_dir(gz_gazetteer *g, const char *dir, char *err, size_t errlen)
{
    struct dirent **names;
    int n = scandir(dir, &names, filter_tsv, alphasort);
    if (n <= 0) {
        snprintf(err, errlen, "%s: no gazetteer files (*.tsv) there; set GAZETTE_DATA", dir);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX];
        if (rc == 0 && snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < (int)sizeof path)
            rc = load_tsv(g, path, err, errlen);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* ---- Debian's data ---------------------------------------------------- */

static int add_label(gz_gazetteer *g, const char *code, const char *name)
{
    const char *v = intern(g, name);
    return v ? gz_strmap_put(&g->labels, code, strlen(code), (void *)v) : -1;
}

/* Reads one of iso-codes' JSON files; returns its root (the caller frees
 * it) with *list the named array, or NULL with err explaining. */
static json_t *load_iso(const char *file, const char *array, json_t **list,
                        char *path, size_t pathlen, char *err, size_t errlen)
{
    snprintf(path, pathlen, "%s/%s", ISO_DIR, file);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    *list = json_object_get(root, array);
    if (!json_is_array(*list)) {
        snprintf(err, errlen, "%s: %s (is the iso-codes package installed?)", path,
                 root ? "unexpected layout" : jerr.text);
        json_decref(root);
        return NULL;
    }
    return root;
}

static int load_iso_countries(gz_gazetteer *g, const char *file, const char *array,
                              char *err, size_t errlen)
{
    char path[256];
    json_t *list;
    json_t *root = load_iso(file, array, &list, path, sizeof path, err, errlen);
    if (!root)
        return -1;
    size_t i;
    json_t *c;
    int rc = 0;
    json_array_foreach(list, i, c) {
        const char *code = json_string_value(json_object_get(c, "alpha_2"));
        const char *name = json_string_value(json_object_get(c, "name"));
        const char *common = json_string_value(json_object_get(c, "common_name"));
        const char *official = json_string_value(json_object_get(c, "official_name"));
        if (!code || !name || rc < 0)
            continue;
        /* "Korea, Republic of" is no way to write a name in text. */
        if (!strchr(name, ','))
            rc = add_alias(g, GZ_KIND_COUNTRY, code, name);
        if (rc == 0 && common)
            rc = add_alias(g, GZ_KIND_COUNTRY, code, common);
        if (rc == 0 && official)
            rc = add_alias(g, GZ_KIND_COUNTRY, code, official);
        if (rc == 0 && !gz_strmap_get(&g->labels, code, strlen(code)))
            rc = add_label(g, code, common ? common : name);
    }
    json_decref(root);
    if (rc < 0)
        snprintf(err, errlen, "%s: out of memory", path);
    return rc;
}

/* US states, Canadian provinces, Australian states, the UK's nations. */
static int load_iso_subdivisions(gz_gazetteer *g, char *err, size_t errlen)
{
    static const char *wanted[] = {"US-", "State", "US-", "District", "CA-", "Province",
                                   "CA-", "Territory", "AU-", "State", "AU-", "Territory",
                                   "GB-", "Country", "GB-", "Province"};
    char path[256];
    json_t *list;
    json_t *root = load_iso("iso_3166-2.json", "3166-2", &list, path, sizeof path, err, errlen);
    if (!root)
        return -1;
    size_t i;
    json_t *s;
    int rc = 0;
    json_array_foreach(list, i, s) {
        const char *code = json_string_value(json_object_get(s, "code"));
        const char *name = json_string_value(json_object_get(s, "name"));
        const char *type = json_string_value(json_object_get(s, "type"));
        if (!code || !name || !type || rc < 0)
            continue;
        for (size_t w = 0; w < sizeof wanted / sizeof wanted[0]; w += 2) {
            if (strncmp(code, wanted[w], 3) == 0 && strcmp(type, wanted[w + 1]) == 0) {
                char cc[3] = {code[0], code[1], 0};
                rc = add_alias(g, GZ_KIND_PLACE, cc, name);
                break;
            }
        }
    }
    json_decref(root);
    if (rc < 0)
        snprintf(err, errlen, "%s: out of memory", path);
    return rc;
}

/* zone.tab: "CC<TAB>coordinates<TAB>Area/City_Name<TAB>comment". */
static int load_zone_tab(gz_gazetteer *g, char *err, size_t errlen)
{
    FILE *f = fopen(ZONE_TAB, "r");
    if (!f)
        return 0;   /* tzdata is optional: Gazette's own city list remains */
    char line[512];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || strlen(line) < 4 || line[2] != '\t')
            continue;
        char cc[3] = {line[0], line[1], 0};
        char *zone = strchr(line + 3, '\t');
        if (!zone)
            continue;
        zone++;
        zone[strcspn(zone, "\t\n")] = '\0';
        char *city = strrchr(zone, '/');
        if (!city)
            continue;
        for (char *p = ++city; *p; p++)
            if (*p == '_')
                *p = ' ';
        rc = add_alias(g, GZ_KIND_CITY, cc, city);
    }
    fclose(f);
    if (rc < 0)
        snprintf(err, errlen, "%s: out of memory", ZONE_TAB);
    return rc;
}

/* ---- public ----------------------------------------------------------- */

gz_status gz_gazetteer_default_dir(char *buf, size_t cap)
{
    const char *env = getenv("GAZETTE_DATA");
    if (env && *env)
        return snprintf(buf, cap, "%s", env) < (int)cap ? GZ_OK : GZ_ERR_NOT_FOUND;
    char exe[PATH_MAX];
    if (gz_exe_dir(exe, sizeof exe) < 0)
        return GZ_ERR_NOT_FOUND;
    /* installed: PREFIX/bin or PREFIX/libexec/gazette -> PREFIX/share/gazette
     * (wherever PREFIX was moved); in the tree: bin/ or build/asan/bin/ */
    static const char *tries[] = {"../share/gazette", "../../share/gazette", "../common/gazetteer",
                                  "../../../common/gazetteer"};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        if (snprintf(buf, cap, "%s%s/countries.tsv", exe, tries[i]) >= (int)cap)
            continue;
        if (access(buf, R_OK) == 0) {
            snprintf(buf, cap, "%s%s", exe, tries[i]);
            return GZ_OK;
        }
    }
    /* where `make install` put it: the CGI programs live in libexec */
    if (access(GAZETTE_DATADIR "/countries.tsv", R_OK) == 0)
        return snprintf(buf, cap, "%s", GAZETTE_DATADIR) < (int)cap ? GZ_OK : GZ_ERR_NOT_FOUND;
    return GZ_ERR_NOT_FOUND;
}

/* ---- the glue lexicon ------------------------------------------------- */

static unsigned glue_kinds(unsigned word_class)
{
    unsigned bits = 0;
    if (word_class & (GZ_WORD_ROLE | GZ_WORD_FUNCTION))
        bits |= GZ_GLUE_BEFORE;
    if (word_class & GZ_WORD_FUNCTION)
        bits |= GZ_GLUE_FUNCTION;
    if (word_class & GZ_WORD_FAMILY)     /* given names make firms: "GoodMark", "DataGene" */
        bits |= GZ_GLUE_NAME;
    if (word_class & GZ_WORD_PARTICLE)
        bits |= GZ_GLUE_PARTICLE;
    return bits;
}

/* Role, function, name and particle words, and every person's name of two
 * words or more. */
static int build_glue(gz_gazetteer *g)
{
    if (!(g->glue = gz_glue_new()))
        return -1;
    for (size_t i = 0; i < g->word_class.cap; i++) {
        unsigned bits = g->word_class.keys[i] ? glue_kinds((unsigned)(uintptr_t)g->word_class.values[i]) : 0;
        if (bits && gz_glue_add_word(g->glue, g->word_class.keys[i], bits) < 0)
            return -1;
    }
    for (size_t i = 0; i < g->by_first.cap; i++)
        for (const gz_alias *a = g->by_first.keys[i] ? g->by_first.values[i] : NULL; a; a = a->next)
            if (a->kind == GZ_KIND_PERSON && a->ntok >= 2 &&
                gz_glue_add_name(g->glue, (const char *const *)a->tok, a->ntok) < 0)
                return -1;
    return 0;
}

const gz_glue *gz_gazetteer_glue(const gz_gazetteer *g)
{
    return g->glue;
}

gz_gazetteer *gz_gazetteer_load(const char *datadir, const char *const *extra,
                                size_t nextra, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if (!datadir) {
        if (gz_gazetteer_default_dir(dir, sizeof dir) < 0) {
            snprintf(err, errlen, "cannot find the gazetteer files; set GAZETTE_DATA to "
                     "the folder holding countries.tsv");
            return NULL;
        }
        datadir = dir;
    }
    gz_gazetteer *g = calloc(1, sizeof *g);
    if (!g || gz_analyzer_new("none", &g->analyzer) != GZ_OK) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        free(g);
        return NULL;
    }
    int rc = load_iso_countries(g, "iso_3166-1.json", "3166-1", err, errlen);
    if (rc == 0)
        rc = load_iso_countries(g, "iso_3166-3.json", "3166-3", err, errlen);
    if (rc == 0)
        rc = load_iso_subdivisions(g, err, errlen);
    if (rc == 0)
        rc = load_zone_tab(g, err, errlen);
    if (rc == 0)
        rc = load_dir(g, datadir, err, errlen);
    for (size_t i = 0; rc == 0 && i < nextra; i++)
        rc = load_tsv(g, extra[i], err, errlen);
    if (rc == 0 && (rc = build_glue(g)) < 0)
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
    if (rc < 0) {
        gz_gazetteer_free(g);
        return NULL;
    }
    return g;
}

void gz_gazetteer_free(gz_gazetteer *g)
{
    if (!g)
        return;
    gz_strmap_release(&g->by_first, free_chain);
    gz_strmap_release(&g->word_class, NULL);
    gz_strmap_release(&g->ignored, NULL);
    gz_strmap_release(&g->labels, NULL);
    gz_strmap_release(&g->strings, free);
    gz_analyzer_free(g->analyzer);
    gz_glue_free(g->glue);
    free(g);
}

const gz_alias *gz_gazetteer_candidates(const gz_gazetteer *g, const char *word, size_t len)
{
    return gz_strmap_get(&g->by_first, word, len);
}

bool gz_gazetteer_is_ignored(const gz_gazetteer *g, const gz_alias *a)
{
    char key[MAX_ALIAS_WORDS * (GZ_MAX_WORD + 1)];
    size_t n = 0;
    for (unsigned i = 0; i < a->ntok; i++) {
        size_t l = strlen(a->tok[i]);
        if (i)
            key[n++] = ' ';
        memcpy(key + n, a->tok[i], l);
        n += l;
    }
    return gz_strmap_get(&g->ignored, key, n) != NULL;
}

unsigned gz_gazetteer_word_class(const gz_gazetteer *g, const char *word, size_t len)
{
    return (unsigned)(uintptr_t)gz_strmap_get(&g->word_class, word, len);
}

gz_status gz_gazetteer_each_label(const gz_gazetteer *g, gz_label_fn fn, void *ctx)
{
    for (size_t i = 0; i < g->labels.cap; i++) {
        gz_status st = g->labels.keys[i] ? fn(ctx, g->labels.keys[i], g->labels.values[i]) : GZ_OK;
        if (st < 0)
            return st;
    }
    return GZ_OK;
}

const char *gz_gazetteer_country_code(const gz_gazetteer *g, const char *code, size_t len)
{
    return gz_strmap_key(&g->labels, code, len);
}

const char *gz_gazetteer_country_label(const gz_gazetteer *g, const char *code)
{
    return gz_strmap_get(&g->labels, code, strlen(code));
}

const char *gz_gazetteer_lookup(const gz_gazetteer *g, gz_entity_kind kind, const char *text)
{
    struct alias_words w = {0};
    gz_analyzer_run(g->analyzer, text, strlen(text), 1, collect_word, &w, NULL);
    if (w.n == 0)
        return NULL;
    const gz_alias *a = gz_gazetteer_candidates(g, w.word[0], strlen(w.word[0]));
    for (; a; a = a->next) {
        if (a->kind != kind || a->ntok != w.n)
            continue;
        unsigned i = 1;
        while (i < w.n && strcmp(a->tok[i], w.word[i]) == 0)
            i++;
        if (i == w.n)
            return a->value;
    }
    return NULL;
}
