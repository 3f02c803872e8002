/*
 * read_warc.c - web archives (WARC 1.0 and 1.1, .warc or .warc.gz with a
 * gzip member per record): every response record of an HTML page, and
 * every resource record that is one, is an article read by html.h (URL
 * from WARC-Target-URI, date from the page, else WARC-Date, character set
 * from the HTTP header, else the page's).  Requests, metadata, revisits,
 * images and error responses are passed over and counted.
 *
 * The record headers are parsed here rather than by libarchive: WARC is
 * lines of "Name: value" and a length, libarchive's reader hides the
 * records it does not serve (requests, metadata), which then could not
 * be counted, and zlib already reads the gzip members one after another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "dates.h"
#include "html.h"
#include "reader_int.h"

/* A record larger than this (a video) is read past, not kept. */
#define MAX_RECORD_BYTES ((size_t)32 << 20)

struct record {
    char type[32];
    char uri[2048];
    char date[11];
    char content_type[128];
    long long length;       /* -1: no Content-Length */
};

/* Where needle is in hay, any case; NULL when it is not (strcasestr is GNU). */
static const char *find_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    return NULL;
}

struct warc_state {
    long records;           /* read so far */
};

static void header_value(char *dst, size_t cap, const char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    snprintf(dst, cap, "%s", v);
}

/* The record header: GZ_OK, GZ_DONE at the end of the archive, or an
 * error (reported). */
static gz_status read_header(gz_reader *r, struct warc_state *s, struct record *rec)
{
    const char *line;
    size_t len;
    int rc;
    while ((rc = gz_reader_getline(r, &line, &len)) == 1 && len == 0)
        ;                               /* the blank lines that end a record */
    if (rc <= 0)
        return rc < 0 ? GZ_ERR_IO : GZ_DONE;
    if (strncmp(line, "WARC/1.", 7) != 0) {
        gz_reader_skip(r, gz_input_lineno(r->in), "record %ld: not a WARC header ('%.40s'): "
                       "the rest of the archive cannot be read", s->records + 1, line);
        return GZ_ERR_INVALID;
    }
    memset(rec, 0, sizeof *rec);
    rec->length = -1;
    while ((rc = gz_reader_getline(r, &line, &len)) == 1 && len > 0) {
        char name[64];
        const char *colon = memchr(line, ':', len);
        if (!colon || (size_t)(colon - line) >= sizeof name)
            continue;
        snprintf(name, sizeof name, "%.*s", (int)(colon - line), line);
        if (strcasecmp(name, "WARC-Type") == 0)
            header_value(rec->type, sizeof rec->type, colon + 1);
        else if (strcasecmp(name, "WARC-Target-URI") == 0)
            header_value(rec->uri, sizeof rec->uri, colon + 1);
        else if (strcasecmp(name, "Content-Type") == 0)
            header_value(rec->content_type, sizeof rec->content_type, colon + 1);
        else if (strcasecmp(name, "WARC-Date") == 0 && !gz_date_parse_written(colon + 1, rec->date))
            rec->date[0] = '\0';
        else if (strcasecmp(name, "Content-Length") == 0)
            rec->length = strtoll(colon + 1, NULL, 10);
    }
    if (rc < 0)
        return GZ_ERR_IO;
    s->records++;
    if (rec->length < 0) {
        gz_reader_skip(r, gz_input_lineno(r->in), "record %ld: no Content-Length: the rest of "
                       "the archive cannot be read", s->records);
        return GZ_ERR_INVALID;
    }
    return GZ_OK;
}

/* ---- the HTTP response inside a record --------------------------------- */

struct http {
    int status;
    char content_type[128];
    int chunked;
    int gzipped;
    const char *body;
    size_t body_len;
};

static bool parse_http(const char *b, size_t len, struct http *h)
{
    memset(h, 0, sizeof *h);
    const char *end = NULL;
    for (size_t i = 0; i + 1 < len && !end; i++)
        if (b[i] == '\n' && (b[i + 1] == '\n' || (b[i + 1] == '\r' && i + 2 < len && b[i + 2] == '\n')))
            end = b + i + (b[i + 1] == '\n' ? 2 : 3);
    if (!end || sscanf(b, "HTTP/%*s %d", &h->status) != 1)
        return false;
    for (const char *p = memchr(b, '\n', (size_t)(end - b)); p && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        p++;
        size_t n = strcspn(p, "\r\n");
        if (strncasecmp(p, "Content-Type:", 13) == 0)
            snprintf(h->content_type, sizeof h->content_type, "%.*s", (int)(n - 13), p + 13);
        else if (strncasecmp(p, "Transfer-Encoding:", 18) == 0)
            h->chunked = strstr(p, "chunked") && (size_t)(strstr(p, "chunked") - p) < n;
        else if (strncasecmp(p, "Content-Encoding:", 17) == 0) {
            const char *v = p + 17;
            h->gzipped = (strncasecmp(v + strspn(v, " "), "gzip", 4) == 0 ||
                          strncasecmp(v + strspn(v, " "), "deflate", 7) == 0);
        }
    }
    h->body = end;
    h->body_len = len - (size_t)(end - b);
    return true;
}

static bool is_html_type(const char *ct)
{
    ct += strspn(ct, " ");
    return strncasecmp(ct, "text/html", 9) == 0 || strncasecmp(ct, "application/xhtml+xml", 21) == 0;
}

/* charset=... of a Content-Type, into buf (empty when none). */
static void charset_of(const char *ct, char *buf, size_t cap)
{
    const char *c = find_nocase(ct, "charset=");
    buf[0] = '\0';
    if (!c)
        return;
    c += 8;
    c += *c == '"';
    size_t n = strcspn(c, "\"; \t");
    snprintf(buf, cap, "%.*s", (int)(n < cap ? n : cap - 1), c);
}

static gz_status dechunk(const char *b, size_t len, gz_strbuf *out)
{
    size_t i = 0;
    while (i < len) {
        char *end;
        unsigned long n = strtoul(b + i, &end, 16);
        const char *nl = memchr(end, '\n', len - (size_t)(end - b));
        if (!nl || n == 0)
            break;
        i = (size_t)(nl - b) + 1;
        if (n > len - i)
            n = len - i;
        if (gz_strbuf_add(out, b + i, n) < 0)
            return GZ_ERR_NOMEM;
        i += n;
        while (i < len && (b[i] == '\r' || b[i] == '\n'))
            i++;
    }
    return GZ_OK;
}

static gz_status inflate_body(const char *b, size_t len, gz_strbuf *out)
{
    z_stream z = {0};
    if (inflateInit2(&z, 15 + 32) != Z_OK)      /* gzip or zlib, by its header */
        return GZ_ERR_NOMEM;
    z.next_in = (Bytef *)b;
    z.avail_in = (uInt)len;
    int rc = Z_OK;
    while (rc == Z_OK && out->len < MAX_RECORD_BYTES) {
        if (gz_strbuf_grow(out, 64 * 1024) < 0) {
            inflateEnd(&z);
            return GZ_ERR_NOMEM;
        }
        z.next_out = (Bytef *)out->buf + out->len;
        z.avail_out = 64 * 1024;
        rc = inflate(&z, Z_NO_FLUSH);
        out->len = (size_t)((char *)z.next_out - out->buf);
        out->buf[out->len] = '\0';
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END || rc == Z_OK || rc == Z_BUF_ERROR ? GZ_OK : GZ_ERR_INVALID;
}

/* ---- records to articles ----------------------------------------------- */

/* The page of a record, decoded: 1, 0 when the record holds none. */
static int page_of(const struct record *rec, gz_strbuf *block, gz_strbuf *page, char *charset,
                   size_t cap, gz_status *st)
{
    *st = GZ_OK;
    charset[0] = '\0';
    if (strcasecmp(rec->type, "resource") == 0 && is_html_type(rec->content_type)) {
        charset_of(rec->content_type, charset, cap);
        *page = *block;
        *block = (gz_strbuf)GZ_STRBUF_INIT;
        return 1;
    }
    struct http h;
    if (strcasecmp(rec->type, "response") != 0 || !find_nocase(rec->content_type, "application/http") ||
        !parse_http(block->buf ? block->buf : "", block->len, &h) || h.status != 200 ||
        !is_html_type(h.content_type))
        return 0;
    charset_of(h.content_type, charset, cap);
    gz_strbuf plain = GZ_STRBUF_INIT;
    const char *body = h.body;
    size_t len = h.body_len;
    if (h.chunked) {
        if ((*st = dechunk(body, len, &plain)) != GZ_OK)
            return 0;
        body = plain.buf ? plain.buf : "";
        len = plain.len;
    }
    *st = h.gzipped ? inflate_body(body, len, page) : gz_strbuf_add(page, body, len);
    gz_strbuf_release(&plain);
    return *st == GZ_OK;
}

/* One record: 1 an article, 0 passed over, -1 out of memory. */
static int record_article(gz_reader *r, struct warc_state *s, const struct record *rec,
                          gz_strbuf *block, gz_article *a)
{
    gz_strbuf page = GZ_STRBUF_INIT;
    char charset[64], err[256];
    gz_status st;
    int has = page_of(rec, block, &page, charset, sizeof charset, &st);
    if (st == GZ_ERR_NOMEM) {
        gz_strbuf_release(&page);
        return -1;
    }
    if (!has) {
        if (st != GZ_OK)
            gz_reader_skip(r, 0, "record %ld (%s): its compressed body cannot be read", s->records,
                           rec->uri);
        else
            r->counts.passed++;
        gz_strbuf_release(&page);
        return 0;
    }
    gz_html_page p;
    st = gz_html_read_page(page.buf ? page.buf : "", page.len, rec->uri[0] ? rec->uri : NULL,
                           charset[0] ? charset : NULL, &p, err, sizeof err);
    gz_strbuf_release(&page);
    if (st == GZ_ERR_NOMEM)
        return -1;
    if (st != GZ_OK || p.not_article) {
        gz_reader_skip(r, 0, "record %ld (%s): %s%s: passed over", s->records, rec->uri,
                       st != GZ_OK ? "" : "not an article: ", st != GZ_OK ? err : p.not_article);
        gz_html_page_release(&p);
        return 0;
    }
    if (!p.date[0])
        snprintf(p.date, sizeof p.date, "%s", rec->date);
    a->line = 0;
    if (gz_html_page_to_article(&p, a) != GZ_OK)
        return -1;
    return gz_reader_finish(r, a);
}

static int warc_next(gz_reader *r, gz_article *a)
{
    struct warc_state *s = r->state;
    struct record rec;
    gz_status st;
    while ((st = read_header(r, s, &rec)) == GZ_OK) {
        gz_strbuf block = GZ_STRBUF_INIT;
        int keep = (unsigned long long)rec.length <= MAX_RECORD_BYTES;
        size_t got;
        st = gz_input_read(r->in, keep ? &block : NULL, (size_t)rec.length, &got);
        if (st == GZ_ERR_NOMEM || st == GZ_ERR_IO) {
            gz_strbuf_release(&block);
            return st == GZ_ERR_NOMEM ? -1 : gz_reader_input_failed(r);
        }
        if ((long long)got < rec.length) {
            gz_reader_skip(r, 0, "record %ld (%s) is cut short: %zu of its %lld bytes", s->records,
                           rec.uri, got, rec.length);
            gz_strbuf_release(&block);
            return 0;
        }
        int rc = 0;
        if (!keep)
            gz_reader_skip(r, 0, "record %ld (%s) of more than %zu MB: passed over", s->records,
                           rec.uri, MAX_RECORD_BYTES >> 20);
        else
            rc = record_article(r, s, &rec, &block, a);
        gz_strbuf_release(&block);
        if (rc != 0)
            return rc;
        gz_article_clear(a);
    }
    return st == GZ_ERR_IO ? gz_reader_input_failed(r) : 0;
}

const gz_format_reader gz_warc_reader = {sizeof(struct warc_state), warc_next, NULL};
