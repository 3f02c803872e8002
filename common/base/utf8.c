/*
 * utf8.c - making bytes valid UTF-8 text and checking it (utf8.h).
 */
#include "utf8.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

static int latin1_to_utf8(unsigned char c, gz_strbuf *out)
{
    char two[2] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F))};
    return gz_strbuf_add(out, two, 2);
}

long gz_utf8_clean(const char *in, size_t len, gz_strbuf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    long changed = 0;
    if (gz_strbuf_grow(out, len) < 0)
        return -1;
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        /* Copy plain ASCII runs in one go: the common case. */
        while (run < len && s[run] >= 0x20 && s[run] < 0x7F)
            run++;
        if (run > i && gz_strbuf_add(out, in + i, run - i) < 0)
            return -1;
        i = run;
        if (i >= len)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            int keep = c == '\n' || c == '\t';
            if (c == '\r' && (i + 1 >= len || s[i + 1] != '\n')) {
                keep = 1;
                c = '\n';
            }
            if (keep) {
                if (gz_strbuf_addch(out, (char)c) < 0)
                    return -1;
            } else if (c != '\r') {
                changed++;
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n > 0 && cp >= 0xA0) {
            if (gz_strbuf_add(out, in + i, (size_t)n) < 0)
                return -1;
            i += (size_t)n;
        } else if (n > 0) {
            changed++;          /* C1 control characters */
            i += (size_t)n;
        } else {
            if (c >= 0xA0 && latin1_to_utf8(c, out) < 0)
                return -1;
            changed++;
            i++;
        }
    }
    return changed;
}

long gz_utf8_invalid_at(const char *in, size_t len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    while (i < len) {
        if (s[i] >= 0x20 && s[i] < 0x7F) {
            i++;
            continue;
        }
        if (s[i] == '\n' || s[i] == '\t') {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = s[i] < 0x80 ? -1
                           : utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp < 0xA0)
            return (long)i;
        i += (size_t)n;
    }
    return -1;
}

size_t gz_utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* What gz_utf8_tidy_spaces writes for cp: a byte, 0 to drop it, -1 to keep it. */
static int tidy_replacement(int32_t cp)
{
    if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
        cp == 0x3000)
        return ' ';
    if (cp == 0x2028 || cp == 0x2029)
        return '\n';
    if (cp == 0x00AD || cp == 0x2060 || cp == 0xFEFF)
        return 0;
    return -1;
}

size_t gz_utf8_tidy_spaces(char *s, size_t len)
{
    unsigned char *u = (unsigned char *)s;
    size_t in = 0, out = 0;
    while (in < len) {
        if (u[in] < 0x80) {
            u[out++] = u[in++];
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u + in, (utf8proc_ssize_t)(len - in), &cp);
        if (n <= 0) {
            u[out++] = u[in++];
            continue;
        }
        int rep = tidy_replacement(cp);
        if (rep > 0)
            u[out++] = (unsigned char)rep;
        if (rep < 0) {
            memmove(u + out, u + in, (size_t)n);
            out += (size_t)n;
        }
        in += (size_t)n;
    }
    if (out < len)
        u[out] = '\0';
    return out;
}

const char *gz_skip_space(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

size_t gz_trimmed_len(const char *s, size_t len)
{
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    return len;
}
