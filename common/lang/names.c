/*
 * names.c - the key that merges spellings of a name (names.h): used when
 * entities are found at index time and when a query names one.
 */
#include "names.h"

#include <string.h>

struct key_ctx {
    char *buf;
    size_t cap, len;
    int overflow;
};

static int key_word(void *ctx, const gz_token *t)
{
    struct key_ctx *k = ctx;
    if (t->flags & GZ_TOK_JOINED)
        return 0;
    if (k->len + t->word_len + 1 > k->cap) {
        k->overflow = 1;
        return 1;
    }
    memcpy(k->buf + k->len, t->word, t->word_len);
    k->len += t->word_len;
    k->buf[k->len] = '\0';
    return 0;
}

size_t gz_entity_key(gz_analyzer *a, const char *name, char *buf, size_t cap)
{
    struct key_ctx k = {buf, cap, 0, 0};
    if (cap)
        buf[0] = '\0';
    if (*name == GZ_NAME_CANDIDATE && cap > 1) {
        buf[k.len++] = *name++;
        buf[k.len] = '\0';
    }
    gz_analyzer_run(a, name, strlen(name), 1, key_word, &k, NULL);
    return k.overflow || (k.len == 1 && *buf == GZ_NAME_CANDIDATE) ? 0 : k.len;
}
