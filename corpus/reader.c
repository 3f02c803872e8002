/*
 * reader.c - format detection and the plumbing every format reader shares
 * (reader.h, reader_int.h).
 */
#include "reader_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

static const struct {
    const char *ext;
    gz_format format;
} extensions[] = {
    {".txt", GZ_FORMAT_TEXT},   {".text", GZ_FORMAT_TEXT},
    {".jsonl", GZ_FORMAT_JSONL}, {".ndjson", GZ_FORMAT_JSONL},
    {".json", GZ_FORMAT_JSONL}, {".sgm", GZ_FORMAT_SGML},
    {".sgml", GZ_FORMAT_SGML},  {".html", GZ_FORMAT_HTML},
    {".htm", GZ_FORMAT_HTML},   {".xhtml", GZ_FORMAT_HTML},
    {".rss", GZ_FORMAT_FEED},   {".atom", GZ_FORMAT_FEED},
    {".xml", GZ_FORMAT_FEED},   {".warc", GZ_FORMAT_WARC},
};

static const char *const format_names[] = {"auto", "text", "jsonl", "sgml", "html", "feed", "warc"};
#define NFORMATS (sizeof format_names / sizeof format_names[0])

gz_status gz_format_from_name(const char *name, gz_format *out)
{
    for (size_t f = 0; f < NFORMATS; f++) {
        if (strcmp(name, format_names[f]) == 0) {
            *out = (gz_format)f;
            return GZ_OK;
        }
    }
    return GZ_ERR_INVALID;
}

const char *gz_format_name(gz_format f)
{
    return format_names[f];
}

gz_format gz_format_from_path(const char *path)
{
    size_t n = strlen(path);
    if (n > 3 && strcasecmp(path + n - 3, ".gz") == 0)
        n -= 3;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        size_t e = strlen(extensions[i].ext);
        if (n > e && strncasecmp(path + n - e, extensions[i].ext, e) == 0)
            return extensions[i].format;
    }
    return GZ_FORMAT_AUTO;
}

/* An article file without dates may open with its headers. */
static int text_header(const char *s)
{
    static const char *const names[] = {"title:", "id:", "url:", "source:"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strncasecmp(s, names[k], strlen(names[k])) == 0)
            return 1;
    return 0;
}

/* Markup: a web page, a feed, or Reuters' SGML, by its first tags. */
static gz_format markup_format(const char *s)
{
    char head[512];
    size_t n = 0;
    for (; s[n] && n < sizeof head - 1; n++)
        head[n] = (char)tolower((unsigned char)s[n]);
    head[n] = '\0';
    if (strstr(head, "<rss") || strstr(head, "<feed") || strstr(head, "<rdf:rdf"))
        return GZ_FORMAT_FEED;
    if (strstr(head, "<!doctype html") || strstr(head, "<html") || strstr(head, "<head") ||
        strstr(head, "<body") || strstr(head, "<meta"))
        return GZ_FORMAT_HTML;
    if (strncmp(head, "<?xml", 5) == 0)
        return GZ_FORMAT_FEED;      /* read_feed.c says so when it is none */
    return GZ_FORMAT_SGML;
}

/* Guesses from the first non-blank line; AUTO when nothing fits. */
static gz_format sniff(gz_reader *r)
{
    const char *line;
    size_t len;
    int rc;
    while ((rc = gz_reader_getline(r, &line, &len)) == 1) {
        const char *s = gz_skip_space(line);
        if (!*s)
            continue;
        char date[11];
        gz_format f = GZ_FORMAT_AUTO;
        if (*s == '{')
            f = GZ_FORMAT_JSONL;
        else if (*s == '<')
            f = markup_format(s);
        else if (strncmp(s, "WARC/1.", 7) == 0)
            f = GZ_FORMAT_WARC;
        else if (gz_text_date_line(line, len, date) || text_header(s))
            f = GZ_FORMAT_TEXT;
        gz_reader_unget(r, line, len);
        return f;
    }
    return GZ_FORMAT_AUTO;
}

static int init_format(gz_reader *r)
{
    static const gz_format_reader *const readers[] = {
        [GZ_FORMAT_TEXT] = &gz_text_reader, [GZ_FORMAT_JSONL] = &gz_jsonl_reader,
        [GZ_FORMAT_SGML] = &gz_sgml_reader, [GZ_FORMAT_HTML] = &gz_html_reader,
        [GZ_FORMAT_FEED] = &gz_feed_reader, [GZ_FORMAT_WARC] = &gz_warc_reader};
    r->fmt = readers[r->format];
    return r->fmt && (r->state = calloc(1, r->fmt->state_size)) ? 0 : -1;
}

gz_open_result gz_reader_open(const char *path, gz_format format, unsigned flags,
                              gz_diag_fn diag, void *diag_ctx,
                              gz_reader **out, char *err, size_t errlen)
{
    *out = NULL;
    gz_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", path);
        return GZ_OPEN_ERROR;
    }
    r->diag = diag;
    r->diag_ctx = diag_ctx;
    r->max_body = GZ_ARTICLE_MAX_BYTES;
    if (!(r->in = gz_input_open(path, err, errlen))) {
        free(r);
        return GZ_OPEN_ERROR;
    }
    r->name = gz_input_name(r->in);
    r->format = format != GZ_FORMAT_AUTO ? format : gz_format_from_path(path);
    gz_format sniffed = GZ_FORMAT_AUTO;
    if (r->format == GZ_FORMAT_AUTO || (flags & GZ_READER_SKIP_FOREIGN))
        sniffed = sniff(r);
    if (r->format == GZ_FORMAT_AUTO)
        r->format = sniffed;
    if ((flags & GZ_READER_SKIP_FOREIGN) && sniffed != r->format) {
        gz_reader_close(r);
        return GZ_OPEN_FOREIGN;
    }
    if (r->format == GZ_FORMAT_AUTO) {
        snprintf(err, errlen, "%s: cannot tell the format (not a 'date YYYY-MM-DD' "
                 "article, JSON Lines, SGML, a web page, a feed or a web archive); use --format",
                 gz_input_name(r->in));
        gz_reader_close(r);
        return GZ_OPEN_ERROR;
    }
    if (init_format(r) < 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        gz_reader_close(r);
        return GZ_OPEN_ERROR;
    }
    *out = r;
    return GZ_OPEN_OK;
}

void gz_reader_close(gz_reader *r)
{
    if (!r)
        return;
    if (r->state && r->fmt && r->fmt->release)
        r->fmt->release(r->state);
    free(r->state);
    gz_input_close(r->in);
    gz_strbuf_release(&r->pending);
    free(r);
}

gz_status gz_reader_next(gz_reader *r, gz_article *a)
{
    int rc = r->fmt->next(r, a);
    if (rc > 0)
        return GZ_OK;
    if (rc == 0)
        return GZ_DONE;
    /* The format readers return -1 for a read error, which they report,
     * and for lack of memory, reported here. */
    if (r->failure == GZ_OK) {
        r->failure = GZ_ERR_NOMEM;
        if (r->diag)
            r->diag(r->diag_ctx, gz_input_name(r->in), gz_input_lineno(r->in), gz_status_to_string(GZ_ERR_NOMEM));
    }
    return r->failure;
}

const gz_reader_counts *gz_reader_get_counts(const gz_reader *r)
{
    return &r->counts;
}

void gz_reader_set_max_body(gz_reader *r, size_t bytes)
{
    r->max_body = bytes;
    /* room for a JSON line's escapes and the SGML around a body */
    size_t line = bytes * 4 + 65536;
    gz_input_set_max_line(r->in, line > GZ_INPUT_MAX_LINE ? line : GZ_INPUT_MAX_LINE);
}

void gz_reader_cut_body(gz_reader *r, gz_article *a, size_t was)
{
    a->body[gz_utf8_cut(a->body, strlen(a->body), r->max_body)] = '\0';
    r->counts.truncated++;
    gz_reader_warn(r, a->line, "article of %zu KB: only its first %zu KB are indexed "
                   "(--max-article-kb)", (was + 1023) / 1024, r->max_body / 1024);
}

int gz_reader_finish(gz_reader *r, gz_article *a)
{
    size_t len = a->body ? strlen(a->body) : 0;
    if (len > r->max_body)
        gz_reader_cut_body(r, a, len);
    if (!*a->date)
        r->counts.undated++;
    return gz_article_finish(a) < 0 ? -1 : 1;
}

off_t gz_reader_offset(gz_reader *r)
{
    return gz_input_offset(r->in);
}

int gz_reader_by_line(const gz_reader *r)
{
    return r->format == GZ_FORMAT_JSONL;
}

gz_status gz_reader_next_line(gz_reader *r, const char **line, size_t *len, long *lineno)
{
    int rc;
    while ((rc = gz_reader_getline(r, line, len)) == 1) {
        if (*gz_skip_space(*line)) {
            *lineno = gz_input_lineno(r->in);
            return GZ_OK;
        }
    }
    if (rc == 0)
        return GZ_DONE;
    gz_reader_input_failed(r);
    return GZ_ERR_IO;
}

gz_reader *gz_reader_decoder_new(gz_format format, size_t max_body)
{
    gz_reader *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->format = format;
    d->max_body = max_body;
    d->name = "";
    if (format != GZ_FORMAT_JSONL || init_format(d) < 0) {
        gz_reader_close(d);
        return NULL;
    }
    return d;
}

void gz_reader_decoder_use(gz_reader *d, const char *file, gz_diag_fn diag, void *diag_ctx)
{
    d->name = file;
    d->diag = diag;
    d->diag_ctx = diag_ctx;
}

gz_status gz_reader_decode_line(gz_reader *d, const char *line, size_t len, long lineno,
                                gz_article *a)
{
    int got = gz_jsonl_decode(d, line, len, lineno, a);
    return got > 0 ? GZ_OK : got == 0 ? GZ_DONE : GZ_ERR_NOMEM;
}

void gz_reader_take_counts(gz_reader *r, gz_reader_counts *into)
{
    into->skipped += r->counts.skipped;
    into->warned += r->counts.warned;
    into->undated += r->counts.undated;
    into->truncated += r->counts.truncated;
    into->passed += r->counts.passed;
    memset(&r->counts, 0, sizeof r->counts);
}

static void vreport(gz_reader *r, long line, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void vreport(gz_reader *r, long line, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (r->diag)
        r->diag(r->diag_ctx, r->name, line, msg);
}

void gz_reader_skip(gz_reader *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(r, line, fmt, ap);
    va_end(ap);
    r->counts.skipped++;
}

void gz_reader_warn(gz_reader *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(r, line, fmt, ap);
    va_end(ap);
    r->counts.warned++;
}

int gz_reader_input_failed(gz_reader *r)
{
    r->failure = GZ_ERR_IO;
    if (r->diag)
        r->diag(r->diag_ctx, gz_input_name(r->in), gz_input_lineno(r->in),
                gz_input_error(r->in));
    return -1;
}

int gz_reader_getline(gz_reader *r, const char **line, size_t *len)
{
    if (r->has_pending) {
        r->has_pending = 0;
        *line = gz_strbuf_str(&r->pending);
        *len = r->pending.len;
        return 1;
    }
    gz_status st = gz_input_getline(r->in, line, len);
    if (st == GZ_OK && gz_input_line_cut(r->in))
        gz_reader_warn(r, gz_input_lineno(r->in), "a line longer than %zu MB: the rest of it "
                       "(%zu KB) is not read", gz_input_max_line(r->in) >> 20,
                       gz_input_line_cut(r->in) >> 10);
    return st == GZ_OK ? 1 : st == GZ_DONE ? 0 : -1;
}

gz_status gz_reader_slurp(gz_reader *r, gz_strbuf *out, size_t max, int *too_big)
{
    const char *line;
    size_t len;
    int rc;
    *too_big = 0;
    while ((rc = gz_reader_getline(r, &line, &len)) == 1) {
        if (out->len + len + 1 > max) {
            *too_big = 1;
            continue;
        }
        if (gz_strbuf_add(out, line, len) < 0 || gz_strbuf_addch(out, '\n') < 0)
            return GZ_ERR_NOMEM;
    }
    return rc < 0 ? GZ_ERR_IO : GZ_OK;
}

void gz_reader_unget(gz_reader *r, const char *line, size_t len)
{
    gz_strbuf_reset(&r->pending);
    /* On allocation failure the line is lost; the record it starts is then
     * reported as malformed rather than silently merged. */
    r->has_pending = gz_strbuf_add(&r->pending, line, len) == 0;
}

char *gz_reader_clean_dup(const char *bytes, size_t len)
{
    gz_strbuf sb = GZ_STRBUF_INIT;
    if (gz_utf8_clean(bytes, len, &sb) < 0) {
        gz_strbuf_release(&sb);
        return NULL;
    }
    return gz_strbuf_detach(&sb);
}
