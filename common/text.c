/*
 * text.c - the helpers of text.h.
 */
#include "text.h"

#include <ctype.h>
#include <string.h>
#include <unistd.h>
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

int gz_date_is_valid(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

size_t gz_date_parse_iso(const char *s, char out[11])
{
    for (int k = 0; k < 10; k++) {
        int want_dash = k == 4 || k == 7;
        if (want_dash ? s[k] != '-' : !isdigit((unsigned char)s[k]))
            return 0;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!gz_date_is_valid(y, m, d))
        return 0;
    for (int k = 0; k < 10; k++)
        out[k] = s[k];
    out[10] = '\0';
    return 10;
}

uint64_t gz_hash64(const void *bytes, size_t len, uint64_t seed)
{
    const unsigned char *p = bytes;
    uint64_t h = seed;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
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

int gz_exe_dir(char *buf, size_t cap)
{
    if (cap < 2)
        return -1;
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return -1;
    slash[1] = '\0';
    return 0;
}
