/*
 * strmap.h - a string-keyed hash map (open addressing, linear probing).
 * Keys are copied; values are the caller's pointers.  Never shrinks.
 */
#ifndef GZ_STRMAP_H
#define GZ_STRMAP_H

#include <stddef.h>

typedef struct gz_strmap {
    char **keys;
    void **values;
    size_t cap, count;
} gz_strmap;

/* The value stored under key (len bytes), or NULL. */
void *gz_strmap_get(const gz_strmap *m, const char *key, size_t len);
/* The map's own copy of key (stable until release), or NULL. */
const char *gz_strmap_key(const gz_strmap *m, const char *key, size_t len);
/* Stores value under key, replacing any; returns 0, or -1 when out of memory. */
int gz_strmap_put(gz_strmap *m, const char *key, size_t len, void *value);
/* Frees the keys (and, when free_value is given, each value). */
void gz_strmap_release(gz_strmap *m, void (*free_value)(void *));

#endif
