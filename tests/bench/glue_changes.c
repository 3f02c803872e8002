/*
 * glue_changes.c - which words the glue rules (common/lang/glue.h) split in
 * a collection: reads files whole, runs the analyzer with and without the
 * gazetteer's lexicon, and prints each word as written that was split,
 * with how often, then the totals.  For checking by hand that real mixed
 * case survives (docs: tests/entities/README.md).
 *     glue_changes FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "gazetteer.h"
#include "strmap.h"

struct count {
    const char *text;
    unsigned long tokens;
    gz_strmap whole;      /* spans without glue: "start:end" -> word */
    gz_strmap split;      /* word as written -> times split */
    size_t counted_at;    /* start of the split word counted last: its other parts are not */
};

static int note_whole(void *ctx, const gz_token *t)
{
    struct count *c = ctx;
    char key[48];
    int n = snprintf(key, sizeof key, "%zu:%zu", t->start, t->end);
    c->tokens++;
    return gz_strmap_put(&c->whole, key, (size_t)n, (void *)1) < 0;
}

static int in_word(char ch)
{
    return (unsigned char)ch >= 0x80 || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

/* A token with glue whose span the plain run did not have: part of a split
 * word; the word as written is the run of letters around it. */
static int note_split(void *ctx, const gz_token *t)
{
    struct count *c = ctx;
    char key[48];
    int n = snprintf(key, sizeof key, "%zu:%zu", t->start, t->end);
    if (gz_strmap_get(&c->whole, key, (size_t)n) || (t->flags & GZ_TOK_JOINED))
        return 0;
    size_t s = t->start, e = t->end;
    while (s > 0 && in_word(c->text[s - 1]))
        s--;
    while (c->text[e] && in_word(c->text[e]))
        e++;
    if (s == c->counted_at)
        return 0;
    c->counted_at = s;
    const char *stored;
    void **slot = gz_strmap_slot(&c->split, c->text + s, e - s, &stored);
    if (!slot)
        return 1;
    *slot = (void *)((char *)*slot + 1);
    return 0;
}

int main(int argc, char **argv)
{
    char err[512];
    gz_gazetteer *g = gz_gazetteer_load(NULL, NULL, 0, err, sizeof err);
    gz_analyzer *plain = NULL, *glued = NULL;
    if (!g || gz_analyzer_new("none", &plain) != GZ_OK || gz_analyzer_new("none", &glued) != GZ_OK) {
        fprintf(stderr, "glue_changes: %s\n", g ? "out of memory" : err);
        return 1;
    }
    gz_analyzer_set_glue(glued, gz_gazetteer_glue(g));
    struct count c = {0};
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static char buf[1 << 24];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        c.text = buf;
        c.counted_at = (size_t)-1;
        gz_strmap_release(&c.whole, NULL);
        memset(&c.whole, 0, sizeof c.whole);
        gz_analyzer_run(plain, buf, n, 1, note_whole, &c, NULL);
        gz_analyzer_run(glued, buf, n, 1, note_split, &c, NULL);
    }
    unsigned long words = 0, times = 0;
    for (size_t i = 0; i < c.split.cap; i++)
        if (c.split.keys[i]) {
            unsigned long k = (unsigned long)(size_t)c.split.values[i];
            printf("%lu\t%s\n", k, c.split.keys[i]);
            words++;
            times += k;
        }
    printf("# %lu tokens; %lu words split (%lu distinct)\n", c.tokens, times, words);
    gz_strmap_release(&c.whole, NULL);
    gz_strmap_release(&c.split, NULL);
    gz_analyzer_free(plain);
    gz_analyzer_free(glued);
    gz_gazetteer_free(g);
    return 0;
}
