/*
 * reader.h - turns one input (file, gzip file or stdin) into articles.
 *
 * Formats: plain-text articles (each starting with a "date YYYY-MM-DD"
 * line), JSON Lines, Reuters-21578 SGML, web pages (HTML), RSS and Atom
 * feeds, and web archives (WARC).  The format comes from the file name
 * (.txt, .jsonl/.ndjson/.json, .sgm/.sgml, .html/.htm, .rss/.atom/.xml,
 * .warc, each optionally .gz), else from the first bytes, unless the
 * caller forces one.
 *
 * A malformed record is reported through the diagnostic callback as
 * FILE:LINE: reason, counted, and skipped; reading goes on.  A record that
 * can be indexed in part (no valid date, a body past the size limit, an
 * empty id) is indexed, reported and counted as a warning.
 */
#ifndef GZ_READER_H
#define GZ_READER_H

#include <stddef.h>
#include <sys/types.h>

#include "article.h"
#include "status.h"

typedef enum gz_format {
    GZ_FORMAT_AUTO = 0, GZ_FORMAT_TEXT, GZ_FORMAT_JSONL, GZ_FORMAT_SGML, GZ_FORMAT_HTML,
    GZ_FORMAT_FEED, GZ_FORMAT_WARC
} gz_format;

/* Reports a problem at file:line (line 0: the whole file). */
typedef void (*gz_diag_fn)(void *ctx, const char *file, long line, const char *msg);

typedef struct gz_reader gz_reader;

/* Parses "text", "jsonl", "sgml", "html", "feed", "warc" or "auto";
 * GZ_ERR_INVALID when unknown. */
gz_status gz_format_from_name(const char *name, gz_format *out);
const char *gz_format_name(gz_format f);
/* The format a file name implies, or GZ_FORMAT_AUTO when it implies none. */
gz_format gz_format_from_path(const char *path);

enum {
    /* For files found by walking a directory: a file that turns out not to
     * hold articles (a README.txt, say) is passed over without a message. */
    GZ_READER_SKIP_FOREIGN = 1 << 0
};

typedef enum gz_open_result { GZ_OPEN_OK, GZ_OPEN_FOREIGN, GZ_OPEN_ERROR } gz_open_result;

/* Opens path ("-" for stdin).  GZ_OPEN_FOREIGN: not an article file (only
 * with GZ_READER_SKIP_FOREIGN).  GZ_OPEN_ERROR: err says why. */
gz_open_result gz_reader_open(const char *path, gz_format format, unsigned flags,
                              gz_diag_fn diag, void *diag_ctx,
                              gz_reader **out, char *err, size_t errlen);
void gz_reader_close(gz_reader *r);

/* Fills *a (which must be clear) with the next article: GZ_OK.  GZ_DONE at
 * the end of the input; GZ_ERR_IO when it could not be read further and
 * GZ_ERR_NOMEM when memory ran out (both reported through diag). */
gz_status gz_reader_next(gz_reader *r, gz_article *a);
/* What a reader has reported and repaired so far. */
typedef struct gz_reader_counts {
    long skipped;       /* records left out as malformed */
    long warned;        /* records indexed with a warning (a malformed date, a cut body) */
    long undated;       /* articles without a date, reported or not */
    long truncated;     /* articles whose body was cut to the size limit */
    long passed;        /* records that hold no article, passed over without a
                         * report (a web archive's requests, images, metadata) */
} gz_reader_counts;

const gz_reader_counts *gz_reader_get_counts(const gz_reader *r);
/* Bytes of body text kept per article (default GZ_ARTICLE_MAX_BYTES). */
void gz_reader_set_max_body(gz_reader *r, size_t bytes);
/* Bytes of the file consumed so far (compressed size for gzip). */
off_t gz_reader_offset(gz_reader *r);

/* Decoding on many threads.  In JSON Lines a record is a line, so one
 * thread can read the lines (gz_reader_next_line) while others turn them
 * into articles, each with a decoder of its own; what they report and
 * count is what gz_reader_next would have. */
int gz_reader_by_line(const gz_reader *r);
/* The next line that may hold a record (blank ones passed over), owned by
 * r until the next call, and its number: GZ_OK, GZ_DONE, or GZ_ERR_IO
 * (reported through diag). */
gz_status gz_reader_next_line(gz_reader *r, const char **line, size_t *len, long *lineno);
/* A reader without input that decodes lines of the given format (JSONL),
 * keeping at most max_body bytes of each body; NULL when out of memory.
 * Free it with gz_reader_close. */
gz_reader *gz_reader_decoder_new(gz_format format, size_t max_body);
/* Where the decoder's next lines come from (file is borrowed, for
 * articles and messages) and where it reports. */
void gz_reader_decoder_use(gz_reader *d, const char *file, gz_diag_fn diag, void *diag_ctx);
/* Fills *a (clear) from one line: GZ_OK; GZ_DONE when the line held no
 * article (reported and counted as skipped); GZ_ERR_NOMEM. */
gz_status gz_reader_decode_line(gz_reader *d, const char *line, size_t len, long lineno,
                                gz_article *a);
/* Adds what the reader has counted to *into and starts again from zero. */
void gz_reader_take_counts(gz_reader *r, gz_reader_counts *into);

#endif
