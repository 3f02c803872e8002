/*
 * array.h - growing a malloc'd array by doubling, the one way Gazette does
 * it (tokens, mentions, names, spans, file lists, ...).
 */
#ifndef GZ_ARRAY_H
#define GZ_ARRAY_H

#include <stddef.h>
#include "status.h"

/* Makes room for element n of *items (elements of `size` bytes, *cap of them
 * allocated), doubling from 16.  GZ_ERR_NOMEM when memory ran out (the
 * array is then unchanged). */
gz_status gz_array_reserve(void *items, size_t *cap, size_t n, size_t size);

#endif
