/*
 * reader_int.h - what the format readers (read_*.c) share with reader.c.
 */
#ifndef GZ_READER_INT_H
#define GZ_READER_INT_H

#include "input.h"
#include "reader.h"
#include "strbuf.h"

struct gz_reader {
    gz_input *in;       /* NULL for a decoder (gz_reader_decoder_new) */
    const char *name;   /* the file, for messages and articles */
    gz_format format;
    gz_diag_fn diag;
    void *diag_ctx;
    gz_reader_counts counts;
    gz_status failure;  /* why reading stopped early (set with the report) */
    size_t max_body;    /* bytes of body text kept per article */
    /* A line read ahead and not yet consumed (the text reader needs one). */
    gz_strbuf pending;
    int has_pending;
    const struct gz_format_reader *fmt;
    void *state;        /* the format reader's own, fmt->state_size bytes */
};

/* What a format reader gives reader.c: the size of its state (allocated
 * zeroed, and freed, by reader.c), the next article (1, 0 at the end, -1
 * on failure) and the release of what its state holds (NULL: nothing). */
typedef struct gz_format_reader {
    size_t state_size;
    int (*next)(gz_reader *r, gz_article *a);
    void (*release)(void *state);
} gz_format_reader;

extern const gz_format_reader gz_text_reader, gz_jsonl_reader, gz_sgml_reader, gz_html_reader,
    gz_feed_reader, gz_warc_reader;

/* Reports at the given line and counts one skipped record. */
void gz_reader_skip(gz_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reports at the given line a record that is indexed all the same. */
void gz_reader_warn(gz_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Completes an article a format reader has filled: keeps at most
 * r->max_body bytes of its body (cut between characters, reported), counts
 * it when undated, then gz_article_finish.  1, or -1 when memory ran out. */
int gz_reader_finish(gz_reader *r, gz_article *a);
/* Cuts a->body to r->max_body bytes (between characters) and reports that
 * the article had `was` bytes. */
void gz_reader_cut_body(gz_reader *r, gz_article *a, size_t was);
/* The next line, honouring one pushed back with gz_reader_unget. */
int gz_reader_getline(gz_reader *r, const char **line, size_t *len);
void gz_reader_unget(gz_reader *r, const char *line, size_t len);
/* Makes a malloc'd valid-UTF-8 copy of bytes (see gz_utf8_clean). */
char *gz_reader_clean_dup(const char *bytes, size_t len);
/* The rest of the input as one buffer (its lines joined by '\n'), at most
 * max bytes: *too_big says the rest was read and dropped.  GZ_ERR_IO when
 * it could not be read (not yet reported), GZ_ERR_NOMEM. */
gz_status gz_reader_slurp(gz_reader *r, gz_strbuf *out, size_t max, int *too_big);
/* Reports an input error (not a record error) and returns -1. */
int gz_reader_input_failed(gz_reader *r);


/* A web page's URL as an article id: itself when it fits, else "u" and
 * its hash (read_html.c; feeds and web archives too). */
gz_status gz_html_id_of_url(const char *url, char **id);
struct gz_html_page;
/* Moves a page read by html.h into a clear article (its id from its URL). */
gz_status gz_html_page_to_article(struct gz_html_page *p, gz_article *a);

/* JSON Lines: decodes one line (not blank) into a, setting a->file and
 * a->line: 1, 0 when it was reported and skipped, -1 when memory ran out. */
int gz_jsonl_decode(gz_reader *r, const char *line, size_t len, long lineno, gz_article *a);

/* Text format: is this line a "date YYYY-MM-DD" article start? On success
 * writes the date and returns the offset of the text after it, else 0. */
size_t gz_text_date_line(const char *line, size_t len, char date[11]);

#endif
