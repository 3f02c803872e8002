/*
 * strmap.c - the hash map of strmap.h.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

static size_t slot_of(const gz_strmap *m, const char *key, size_t len)
{
    size_t i = (size_t)gz_hash64(key, len, GZ_HASH_SEED) & (m->cap - 1);
    while (m->keys[i] && (strncmp(m->keys[i], key, len) != 0 || m->keys[i][len] != '\0'))
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *gz_strmap_get(const gz_strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    size_t i = slot_of(m, key, len);
    return m->keys[i] ? m->values[i] : NULL;
}

const char *gz_strmap_key(const gz_strmap *m, const char *key, size_t len)
{
    return m->cap ? m->keys[slot_of(m, key, len)] : NULL;
}

static int grow(gz_strmap *m)
{
    gz_strmap bigger = {0};
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
    bigger.values = calloc(bigger.cap, sizeof *bigger.values);
    if (!bigger.keys || !bigger.values) {
        free(bigger.keys);
        free(bigger.values);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = slot_of(&bigger, m->keys[i], strlen(m->keys[i]));
        bigger.keys[j] = m->keys[i];
        bigger.values[j] = m->values[i];
    }
    bigger.count = m->count;
    free(m->keys);
    free(m->values);
    *m = bigger;
    return 0;
}

int gz_strmap_put(gz_strmap *m, const char *key, size_t len, void *value)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    size_t i = slot_of(m, key, len);
    if (!m->keys[i]) {
        char *copy = malloc(len + 1);
        if (!copy)
            return -1;
        memcpy(copy, key, len);
        copy[len] = '\0';
        m->keys[i] = copy;
        m->count++;
    }
    m->values[i] = value;
    return 0;
}

void gz_strmap_release(gz_strmap *m, void (*free_value)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        free(m->keys[i]);
        if (free_value)
            free_value(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}
