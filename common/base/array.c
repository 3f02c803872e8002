/*
 * array.c - the doubling array growth of array.h.
 */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

gz_status gz_array_reserve(void *items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return GZ_OK;
    size_t want = *cap ? *cap : 16;
    while (want <= n)
        want *= 2;
    if (want > SIZE_MAX / size)
        return GZ_ERR_NOMEM;
    void *old;
    memcpy(&old, items, sizeof old);
    void *grown = realloc(old, want * size);
    if (!grown)
        return GZ_ERR_NOMEM;
    memcpy(items, &grown, sizeof grown);
    *cap = want;
    return GZ_OK;
}
