/*
 * array.c - the doubling array growth of array.h.
 */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int gz_array_reserve(void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t want = *cap ? *cap : 16;
    while (want <= n)
        want *= 2;
    if (want > SIZE_MAX / size)
        return -1;
    void *old;
    memcpy(&old, items, sizeof old);
    void *grown = realloc(old, want * size);
    if (!grown)
        return -1;
    memcpy(items, &grown, sizeof grown);
    *cap = want;
    return 0;
}
