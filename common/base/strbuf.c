/*
 * strbuf.c - the growable buffer of strbuf.h.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gz_status gz_strbuf_grow(gz_strbuf *sb, size_t extra)
{
    if (sb->cap - sb->len > extra)
        return GZ_OK;
    size_t want = sb->len + extra + 1;
    if (want < sb->len)
        return GZ_ERR_NOMEM;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < want)
        cap *= 2;
    char *p = realloc(sb->buf, cap);
    if (!p)
        return GZ_ERR_NOMEM;
    sb->buf = p;
    sb->cap = cap;
    sb->buf[sb->len] = '\0';  /* a fresh buffer is a valid empty string */
    return GZ_OK;
}

gz_status gz_strbuf_add(gz_strbuf *sb, const char *bytes, size_t n)
{
    if (gz_strbuf_grow(sb, n) < 0)
        return GZ_ERR_NOMEM;
    if (n)
        memcpy(sb->buf + sb->len, bytes, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
    return GZ_OK;
}

gz_status gz_strbuf_addstr(gz_strbuf *sb, const char *s)
{
    return gz_strbuf_add(sb, s, strlen(s));
}

gz_status gz_strbuf_addch(gz_strbuf *sb, char c)
{
    return gz_strbuf_add(sb, &c, 1);
}

gz_status gz_strbuf_addf(gz_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return GZ_ERR_INVALID;
    if (gz_strbuf_grow(sb, (size_t)n) < 0)
        return GZ_ERR_NOMEM;
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
    return GZ_OK;
}

void gz_strbuf_reset(gz_strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

void gz_strbuf_release(gz_strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

char *gz_strbuf_detach(gz_strbuf *sb)
{
    char *p = sb->buf ? sb->buf : calloc(1, 1);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return p;
}

const char *gz_strbuf_str(const gz_strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}
