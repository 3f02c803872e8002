/*
 * strmap.c - the hash map of strmap.h.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

static size_t slot_of(const gz_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] && (m->hashes[i] != h || strncmp(m->keys[i], key, len) != 0 ||
                          m->keys[i][len] != '\0'))
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *gz_strmap_get(const gz_strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    size_t i = slot_of(m, key, len, gz_hash64(key, len, GZ_HASH_SEED));
    return m->keys[i] ? m->values[i] : NULL;
}

const char *gz_strmap_key(const gz_strmap *m, const char *key, size_t len)
{
    return m->cap ? m->keys[slot_of(m, key, len, gz_hash64(key, len, GZ_HASH_SEED))] : NULL;
}

static int grow(gz_strmap *m)
{
    gz_strmap bigger = {0};
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
    bigger.values = calloc(bigger.cap, sizeof *bigger.values);
    bigger.hashes = calloc(bigger.cap, sizeof *bigger.hashes);
    if (!bigger.keys || !bigger.values || !bigger.hashes) {
        free(bigger.keys);
        free(bigger.values);
        free(bigger.hashes);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = (size_t)m->hashes[i] & (bigger.cap - 1);
        while (bigger.keys[j])
            j = (j + 1) & (bigger.cap - 1);     /* keys are distinct: no compare */
        bigger.keys[j] = m->keys[i];
        bigger.values[j] = m->values[i];
        bigger.hashes[j] = m->hashes[i];
    }
    bigger.count = m->count;
    free(m->keys);
    free(m->values);
    free(m->hashes);
    *m = bigger;
    return 0;
}

void **gz_strmap_slot(gz_strmap *m, const char *key, size_t len, const char **stored)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return NULL;
    uint64_t h = gz_hash64(key, len, GZ_HASH_SEED);
    size_t i = slot_of(m, key, len, h);
    if (!m->keys[i]) {
        char *copy = malloc(len + 1);
        if (!copy)
            return NULL;
        memcpy(copy, key, len);
        copy[len] = '\0';
        m->keys[i] = copy;
        m->values[i] = NULL;
        m->hashes[i] = h;
        m->count++;
    }
    if (stored)
        *stored = m->keys[i];
    return &m->values[i];
}

gz_status gz_strmap_put(gz_strmap *m, const char *key, size_t len, void *value)
{
    void **slot = gz_strmap_slot(m, key, len, NULL);
    if (!slot)
        return GZ_ERR_NOMEM;
    *slot = value;
    return GZ_OK;
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
    free(m->hashes);
    memset(m, 0, sizeof *m);
}
