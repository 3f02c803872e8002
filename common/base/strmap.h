/*
 * strmap.h - a string-keyed hash map (open addressing, linear probing).
 * Keys are copied; values are the caller's pointers.  Never shrinks.
 *
 * Each slot keeps its key's hash, so that a probe compares strings only
 * when the hashes agree: the indexer looks up every word of every article
 * here (gazetteer, word list), and a string compare per probe was a
 * twentieth of its time.
 */
#ifndef GZ_STRMAP_H
#define GZ_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

typedef struct gz_strmap {
    char **keys;            /* NULL: an empty slot */
    void **values;
    uint64_t *hashes;       /* of keys[i] */
    size_t cap, count;
} gz_strmap;

/* The value stored under key (len bytes), or NULL. */
void *gz_strmap_get(const gz_strmap *m, const char *key, size_t len);
/* The map's own copy of key (stable until release), or NULL. */
const char *gz_strmap_key(const gz_strmap *m, const char *key, size_t len);
/* Stores value under key, replacing any; GZ_ERR_NOMEM when out of memory. */
gz_status gz_strmap_put(gz_strmap *m, const char *key, size_t len, void *value);
/* The value slot of key, added (holding NULL) when absent, with the map's
 * copy of the key in *stored (may be NULL): a get and a put in one probe.
 * NULL when out of memory.  Valid until the next put. */
void **gz_strmap_slot(gz_strmap *m, const char *key, size_t len, const char **stored);
/* Frees the keys (and, when free_value is given, each value). */
void gz_strmap_release(gz_strmap *m, void (*free_value)(void *));

#endif
