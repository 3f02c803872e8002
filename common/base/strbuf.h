/*
 * strbuf.h - a growable byte buffer, always NUL-terminated.
 *
 * Functions that grow the buffer return GZ_ERR_NOMEM when memory ran out
 * (the buffer is then unchanged).  The caller owns buf and releases it with
 * gz_strbuf_release(); gz_strbuf_detach() hands the bytes over instead.
 */
#ifndef GZ_STRBUF_H
#define GZ_STRBUF_H

#include <stddef.h>
#include "status.h"

typedef struct gz_strbuf {
    char *buf;      /* NULL until the first growth */
    size_t len;
    size_t cap;
} gz_strbuf;

#define GZ_STRBUF_INIT {NULL, 0, 0}

gz_status gz_strbuf_grow(gz_strbuf *sb, size_t extra);
gz_status gz_strbuf_add(gz_strbuf *sb, const char *bytes, size_t n);
gz_status gz_strbuf_addstr(gz_strbuf *sb, const char *s);
gz_status gz_strbuf_addch(gz_strbuf *sb, char c);
/* Appends printf-formatted text (git's strbuf_addf). */
gz_status gz_strbuf_addf(gz_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void gz_strbuf_reset(gz_strbuf *sb);
void gz_strbuf_release(gz_strbuf *sb);
/* Returns the bytes (malloc'd, NUL-terminated, never NULL unless out of
 * memory) and leaves sb empty. */
char *gz_strbuf_detach(gz_strbuf *sb);
/* "" when nothing was added yet. */
const char *gz_strbuf_str(const gz_strbuf *sb);

#endif
