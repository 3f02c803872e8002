/*
 * input.h - a line reader over a file, a gzip file or stdin.
 *
 * zlib's gzread reads uncompressed files as they are, so one path serves
 * both; whether a file is gzip is decided by its magic bytes, not its name.
 * Lines may be of any length and end with "\n", "\r\n" or a bare "\r" (old
 * Mac files), which is removed; a UTF-8 byte order mark at the start and
 * NUL bytes anywhere are dropped.
 */
#ifndef GZ_INPUT_H
#define GZ_INPUT_H

#include <stddef.h>
#include <sys/types.h>
#include "status.h"

#include "strbuf.h"

typedef struct gz_input gz_input;

/* path "-" is standard input.  On failure returns NULL and writes a message
 * naming the file to err. */
gz_input *gz_input_open(const char *path, char *err, size_t errlen);
void gz_input_close(gz_input *in);

/* Reads the next line into *line (owned by in, valid until the next call).
 * GZ_OK for a line, GZ_DONE at the end, else the error (gz_input_error). */
gz_status gz_input_getline(gz_input *in, const char **line, size_t *len);
/* Bytes of one line kept by default; the rest of a longer line is dropped
 * (and counted: gz_input_line_cut). */
#define GZ_INPUT_MAX_LINE ((size_t)16 << 20)
void gz_input_set_max_line(gz_input *in, size_t bytes);
size_t gz_input_max_line(const gz_input *in);
/* Bytes dropped from the line last returned (0: it is whole). */
size_t gz_input_line_cut(const gz_input *in);

/* Appends the next n bytes as they are (no line handling) to out, or drops
 * them when out is NULL; *got: how many there were (fewer at the end).
 * GZ_DONE when the input had ended; GZ_ERR_IO (gz_input_error). */
gz_status gz_input_read(gz_input *in, gz_strbuf *out, size_t n, size_t *got);

/* The line number of the line last returned (1-based). */
long gz_input_lineno(const gz_input *in);
const char *gz_input_name(const gz_input *in);
const char *gz_input_error(const gz_input *in);
/* Bytes of the file (compressed) consumed so far, for progress. */
off_t gz_input_offset(gz_input *in);

#endif
