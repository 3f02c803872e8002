/*
 * utf8.h - text as Gazette keeps it: valid UTF-8 (bytes that are not are
 * read as Latin-1, the one repair every input and query gets), and
 * trimming blanks.
 */
#ifndef GZ_UTF8_H
#define GZ_UTF8_H

#include <stddef.h>

#include "strbuf.h"

/* Appends in[0..len) to out as valid UTF-8: bytes that are not valid UTF-8
 * are read as Latin-1 (old wire text), control characters other than \n and
 * \t are dropped, \r\n becomes \n.  Returns the number of bytes reinterpreted
 * or dropped, or -1 when memory ran out. */
long gz_utf8_clean(const char *in, size_t len, gz_strbuf *out);

/* The offset of the first byte of s[0..len) that is not strict UTF-8 (no
 * overlong forms, surrogates or code points past U+10FFFF) or that starts
 * a control character other than \n and \t; -1 when there is none.  What
 * gz_utf8_clean would change, found without copying. */
long gz_utf8_invalid_at(const char *s, size_t len);

/* How much of s[0..len) to keep to stay within max bytes without cutting
 * a character in two: len when it fits, else the longest prefix of at most
 * max bytes that ends between characters. */
size_t gz_utf8_cut(const char *s, size_t len, size_t max);

/* Rewrites s[0..len) in place, returning its new length: no-break and
 * other fixed-width spaces (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000)
 * become ' ', line and paragraph separators '\n', and the invisible marks
 * that only hint where a line may break or must not (soft hyphen U+00AD,
 * word joiner U+2060, zero-width no-break space U+FEFF) are dropped.  Text
 * pasted from web pages and word processors is full of them, and a name
 * written "Kiichi<NBSP>Miya<SHY>zawa" must read as "Kiichi Miyazawa".  The
 * zero-width space stays: it marks a word break (Thai text uses it). */
size_t gz_utf8_tidy_spaces(char *s, size_t len);

/* Pointer past leading blanks; length without trailing blanks. */
const char *gz_skip_space(const char *s);
size_t gz_trimmed_len(const char *s, size_t len);

#endif
