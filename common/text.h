/*
 * text.h - small text helpers shared by the readers, indexer and searcher:
 * making input valid UTF-8, validating dates, hashing, trimming.
 */
#ifndef GZ_TEXT_H
#define GZ_TEXT_H

#include <stddef.h>
#include <stdint.h>

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

/* 1 when y-m-d is a real calendar date (years 1000..9999). */
int gz_date_is_valid(int y, int m, int d);
/* Parses "YYYY-MM-DD" at s (anything may follow); on success writes the
 * canonical form to out and returns the number of bytes used, else 0. */
size_t gz_date_parse_iso(const char *s, char out[11]);

/* 64-bit FNV-1a, for content-derived ids and shard routing. */
uint64_t gz_hash64(const void *bytes, size_t len, uint64_t seed);
#define GZ_HASH_SEED 0xcbf29ce484222325ULL

/* The folder of the running program, with a trailing '/' (for files that
 * sit beside it: data, configuration).  0, or -1 when unknown. */
int gz_exe_dir(char *buf, size_t cap);

/* Pointer past leading blanks; length without trailing blanks. */
const char *gz_skip_space(const char *s);
size_t gz_trimmed_len(const char *s, size_t len);

#endif
