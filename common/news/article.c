/*
 * article.c - completing and releasing articles (article.h).
 */
#include "article.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "utf8.h"

/* Headlines cut from a body stop at the first sentence, and at a word
 * boundary before this many bytes. */
#define HEADLINE_MAX 100

void gz_article_clear(gz_article *a)
{
    free(a->id);
    free(a->title);
    free(a->body);
    free(a->url);
    free(a->source);
    memset(a, 0, sizeof *a);
}

void gz_article_move(gz_article *to, gz_article *from)
{
    *to = *from;
    memset(from, 0, sizeof *from);
}

static size_t first_sentence_len(const char *s)
{
    for (size_t i = 0; s[i] && s[i] != '\n'; i++) {
        if ((s[i] == '.' || s[i] == '!' || s[i] == '?') &&
            (s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\0'))
            return i + (s[i] != '.');   /* keep ! and ?, drop the full stop */
    }
    return strcspn(s, "\n");
}

char *gz_article_headline_from(const char *body)
{
    const char *s = gz_skip_space(body);
    size_t n = first_sentence_len(s);
    int cut = 0;
    if (n > HEADLINE_MAX) {
        size_t k = HEADLINE_MAX;
        /* Back up to a space, and never into the middle of a UTF-8 sequence. */
        while (k > HEADLINE_MAX / 2 && s[k] != ' ')
            k--;
        n = gz_trimmed_len(s, gz_utf8_cut(s, n, k));
        while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':'))
            n--;
        cut = 1;
    }
    char *out = malloc(n + 4);
    if (!out)
        return NULL;
    memcpy(out, s, n);
    strcpy(out + n, cut ? "\xE2\x80\xA6" : "");
    return out;
}

gz_status gz_article_finish(gz_article *a)
{
    if (!a->body && !(a->body = strdup("")))
        return GZ_ERR_NOMEM;
    gz_utf8_tidy_spaces(a->body, strlen(a->body));
    if (a->title)
        gz_utf8_tidy_spaces(a->title, strlen(a->title));
    if (!a->title || !*gz_skip_space(a->title)) {
        free(a->title);
        if (!(a->title = gz_article_headline_from(a->body)))
            return GZ_ERR_NOMEM;
        a->title_derived = 1;
    }
    if (!a->id) {
        /* Same date, title and text give the same id: re-indexing replaces. */
        uint64_t h = gz_hash64(a->date, strlen(a->date), GZ_HASH_SEED);
        h = gz_hash64(a->title, strlen(a->title) + 1, h);
        h = gz_hash64(a->body, strlen(a->body), h);
        char buf[24];
        snprintf(buf, sizeof buf, "h%016" PRIx64, h);
        if (!(a->id = strdup(buf)))
            return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}
