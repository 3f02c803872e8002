/*
 * read_sgml.c - Reuters-21578 SGML: <REUTERS ... NEWID="42"> records with
 * <DATE>26-FEB-1987 15:01:01.79</DATE>, <TITLE>, <DATELINE> and <BODY>, or
 * only <TEXT TYPE="UNPROC"> content.  The id is the NEWID attribute; the
 * body starts with the dateline ("HOUSTON, March 3 -") as in print, and the
 * wire's closing "Reuter" signature is dropped.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader_int.h"
#include "dates.h"
#include "utf8.h"

struct sgml_state {
    gz_strbuf record;
    gz_strbuf scratch;
};

/* The content between <tag...> and </tag> in rec, or NULL.  *unclosed
 * (may be NULL) tells a tag that opens and never closes; its content then
 * runs to the end of the enclosing <TEXT> (or of the record). */
static const char *tag_content_of(const char *rec, const char *tag, size_t *len, int *unclosed)
{
    char open[32], close[32];
    size_t tl = strlen(tag);
    snprintf(open, sizeof open, "<%s", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    for (const char *p = strstr(rec, open); p; p = strstr(p + 1, open)) {
        if (p[tl + 1] != '>' && p[tl + 1] != ' ')
            continue;           /* <TEXTX> is not <TEXT> */
        const char *start = strchr(p, '>');
        const char *end = start ? strstr(start, close) : NULL;
        if (start && !end && unclosed) {
            *unclosed = 1;
            if (!(end = strstr(start, "</TEXT>")) && !(end = strstr(start, "</REUTERS>")))
                end = start + strlen(start);
        }
        if (!end)
            return NULL;
        *len = (size_t)(end - start - 1);
        return start + 1;
    }
    return NULL;
}

static const char *tag_content(const char *rec, const char *tag, size_t *len)
{
    return tag_content_of(rec, tag, len, NULL);
}

/* A numeric character reference's code point as UTF-8 (none for control
 * characters, surrogates and what lies past Unicode). */
static int add_code_point(gz_strbuf *out, long cp)
{
    char u[4];
    size_t n = 0;
    if (cp == 9 || cp == 10)
        return gz_strbuf_addch(out, ' ');
    if (cp < 32 || (cp >= 127 && cp < 0xA0) || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
        return 0;
    if (cp < 0x80) {
        u[n++] = (char)cp;
    } else if (cp < 0x800) {
        u[n++] = (char)(0xC0 | (cp >> 6));
        u[n++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        u[n++] = (char)(0xE0 | (cp >> 12));
        u[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[n++] = (char)(0x80 | (cp & 0x3F));
    } else {
        u[n++] = (char)(0xF0 | (cp >> 18));
        u[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[n++] = (char)(0x80 | (cp & 0x3F));
    }
    return gz_strbuf_add(out, u, n);
}

/* Decodes SGML entities into out (&lt; &#233; &#xE9;); control characters
 * are dropped. */
static int unescape(const char *s, size_t len, gz_strbuf *out)
{
    static const struct { const char *name; char c; } named[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''},
    };
    gz_strbuf_reset(out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '&') {
            if (gz_strbuf_addch(out, s[i]) < 0)
                return -1;
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof named / sizeof named[0]; k++) {
            size_t n = strlen(named[k].name);
            if (i + n <= len && strncmp(s + i, named[k].name, n) == 0) {
                if (gz_strbuf_addch(out, named[k].c) < 0)
                    return -1;
                i += n - 1;
                break;
            }
        }
        if (k < sizeof named / sizeof named[0])
            continue;
        int hex = i + 3 < len && s[i + 1] == '#' && (s[i + 2] == 'x' || s[i + 2] == 'X');
        const char *digits = s + i + 2 + hex;
        if (i + 2 < len && s[i + 1] == '#' && (hex ? isxdigit((unsigned char)*digits)
                                                     : isdigit((unsigned char)*digits))) {
            char *end;
            long code = strtol(digits, &end, hex ? 16 : 10);
            if (end < s + len && *end == ';' && end - digits <= 8) {
                if (add_code_point(out, code) < 0)
                    return -1;
                i = (size_t)(end - s);
                continue;
            }
        }
        if (gz_strbuf_addch(out, '&') < 0)
            return -1;
    }
    return 0;
}

/* A clean, trimmed copy of a tag's decoded content; "" when absent. */
static char *field(struct sgml_state *st, const char *rec, const char *tag)
{
    size_t len = 0;
    const char *c = tag_content(rec, tag, &len);
    if (unescape(c ? c : "", len, &st->scratch) < 0)
        return NULL;
    const char *s = gz_skip_space(gz_strbuf_str(&st->scratch));
    return gz_reader_clean_dup(s, gz_trimmed_len(s, strlen(s)));
}

/* "26-FEB-1987 15:01:01.79" -> "1987-02-26". */
static int parse_reuters_date(const char *s, char out[11])
{
    static const char *months = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    s = gz_skip_space(s);
    char *end;
    long d = strtol(s, &end, 10);
    if (end == s || *end != '-' || strlen(end) < 9 || end[4] != '-')
        return -1;
    char mon[4] = {(char)toupper((unsigned char)end[1]), (char)toupper((unsigned char)end[2]),
                   (char)toupper((unsigned char)end[3]), 0};
    const char *m = strstr(months, mon);
    long y = strtol(end + 5, NULL, 10);
    if (!m || (m - months) % 3 || !gz_date_is_valid((int)y, (int)((m - months) / 3 + 1), (int)d))
        return -1;
    int mon_no = (int)((m - months) / 3 + 1);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)mon_no % 100u, (unsigned)d % 100u);
    return 0;
}

/* Rewraps wire text in place: an indented line starts a paragraph ("\n\n"),
 * any other line break is a space, so snippets read as prose. */
static void reflow(char *text)
{
    char *out = text;
    for (const char *p = text; *p; p++) {
        if (*p != '\n') {
            *out++ = *p;
            continue;
        }
        /* A blank run of two or more characters becomes at most two: out
         * never overtakes p. */
        const char *q = p + 1;
        int newlines = 1;
        while (*q == ' ' || *q == '\t' || *q == '\n')
            newlines += *q++ == '\n';
        int paragraph = newlines > 1 || q - p > 2;
        if (out > text && *q) {
            *out++ = paragraph ? '\n' : ' ';
            if (paragraph)
                *out++ = '\n';
        }
        p = q - 1;
    }
    *out = '\0';
}

/* Drops the wire's trailing "Reuter" signature. */
static void drop_signature(char *body)
{
    size_t n = strlen(body);
    if (n >= 6 && strncasecmp(body + n - 6, "reuter", 6) == 0 &&
        (n == 6 || isspace((unsigned char)body[n - 7]))) {
        body[gz_trimmed_len(body, n - 6)] = '\0';
    }
}

static int body_with_dateline(gz_reader *r, struct sgml_state *st, const char *rec, gz_article *a)
{
    char *dateline = field(st, rec, "DATELINE");
    size_t blen = 0;
    int unclosed = 0;
    const char *raw = tag_content_of(rec, "BODY", &blen, &unclosed);
    char *body = NULL;
    if (unescape(raw ? raw : "", blen, &st->scratch) == 0) {
        const char *b = gz_skip_space(gz_strbuf_str(&st->scratch));
        body = gz_reader_clean_dup(b, gz_trimmed_len(b, strlen(b)));
    }
    if (unclosed)
        gz_reader_warn(r, a->line, "record NEWID %s: <BODY> is never closed; its text is read "
                       "to the end of the record", a->id);
    if (!dateline || !body) {
        free(dateline);
        free(body);
        return -1;
    }
    if (!*body && !*a->title) {
        free(body);
        if (!(body = field(st, rec, "TEXT"))) {
            free(dateline);
            return -1;
        }
    }
    reflow(body);
    drop_signature(body);
    if (*dateline && *body) {
        gz_strbuf sb = GZ_STRBUF_INIT;
        int fail = gz_strbuf_addstr(&sb, dateline) < 0 || gz_strbuf_addch(&sb, ' ') < 0 ||
                   gz_strbuf_addstr(&sb, body) < 0;
        free(body);
        body = fail ? NULL : gz_strbuf_detach(&sb);
        gz_strbuf_release(&sb);
    }
    free(dateline);
    a->body = body;
    return body ? 0 : -1;
}

/* Turns one complete record into an article; 1, 0 (skipped) or -1 (OOM). */
static int parse_record(gz_reader *r, struct sgml_state *st, long lineno, gz_article *a)
{
    const char *rec = gz_strbuf_str(&st->record);
    const char *newid = strstr(rec, "NEWID=\"");
    size_t idlen = newid ? strcspn(newid + 7, "\"") : 0;
    if (!newid || idlen == 0 || idlen > 32 || newid[7 + idlen] != '"') {
        gz_reader_skip(r, lineno, "<REUTERS> record without a NEWID attribute");
        return 0;
    }
    size_t dlen;
    const char *date = tag_content(rec, "DATE", &dlen);
    char dbuf[64];
    snprintf(dbuf, sizeof dbuf, "%.*s", (int)(date ? dlen : 0), date ? date : "");
    a->file = r->name;
    a->line = lineno;
    if (!date || parse_reuters_date(dbuf, a->date) < 0) {
        a->date[0] = '\0';
        gz_reader_warn(r, lineno, "record NEWID %.*s: missing or invalid <DATE> '%s': indexed "
                       "without a date", (int)idlen, newid + 7, dbuf);
    }
    if (!(a->id = gz_reader_clean_dup(newid + 7, idlen)) || !(a->title = field(st, rec, "TITLE")))
        return -1;
    if (!*a->id) {      /* only control characters: found by fuzzing */
        free(a->id);
        a->id = NULL;
        gz_reader_warn(r, lineno, "NEWID holds no text: the record gets an id from its content");
    }
    /* An empty record is still indexed: it has an id and a date, and users
     * expect every NEWID of the source to be there. */
    if (body_with_dateline(r, st, rec, a) < 0)
        return -1;
    return gz_reader_finish(r, a);
}

/* Bytes one record may gather: room for the largest body kept and its tags. */
static size_t record_cap(const gz_reader *r)
{
    size_t cap = r->max_body * 4 + 65536;
    return cap > GZ_INPUT_MAX_LINE ? cap : GZ_INPUT_MAX_LINE;
}

static int sgml_next(gz_reader *r, gz_article *a)
{
    struct sgml_state *st = r->state;
    const char *line;
    size_t len;
    long start = 0;
    int rc;
    while ((rc = gz_reader_getline(r, &line, &len)) == 1) {
        const char *open = strstr(line, "<REUTERS");
        if (open && start) {
            /* What the cut record holds is indexed; the new one is read next. */
            gz_reader_warn(r, start, "unterminated <REUTERS> record (a new one starts at line %ld): "
                           "indexing what it holds", gz_input_lineno(r->in));
            gz_reader_unget(r, line, len);
            int got = parse_record(r, st, start, a);
            if (got != 0)
                return got;
            gz_article_clear(a);
            start = 0;
            continue;
        }
        if (open) {
            start = gz_input_lineno(r->in);
            gz_strbuf_reset(&st->record);
        }
        if (!start)
            continue;
        if (gz_strbuf_add(&st->record, line, len) < 0 || gz_strbuf_addch(&st->record, '\n') < 0)
            return -1;
        int too_long = st->record.len > record_cap(r);
        if (too_long)   /* a record never closed must not gather the rest of the file */
            gz_reader_warn(r, start, "<REUTERS> record longer than %zu MB: indexing what it holds",
                           record_cap(r) >> 20);
        if (!too_long && !strstr(line, "</REUTERS>"))
            continue;
        int got = parse_record(r, st, start, a);
        if (got != 0)
            return got;
        gz_article_clear(a);
        start = 0;
    }
    if (rc < 0)
        return gz_reader_input_failed(r);
    if (!start)
        return 0;
    gz_reader_warn(r, start, "unterminated <REUTERS> record (end of file before </REUTERS>): "
                   "indexing what it holds");
    int got = parse_record(r, st, start, a);
    if (got == 0)
        gz_article_clear(a);
    return got;
}

static void sgml_release(void *state)
{
    struct sgml_state *st = state;
    gz_strbuf_release(&st->record);
    gz_strbuf_release(&st->scratch);
}

const gz_format_reader gz_sgml_reader = {sizeof(struct sgml_state), sgml_next, sgml_release};
