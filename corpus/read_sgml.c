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
#include "text.h"

struct sgml_state {
    gz_strbuf record;
    gz_strbuf scratch;
};

/* The content between <tag...> and </tag> in rec, or NULL. */
static const char *tag_content(const char *rec, const char *tag, size_t *len)
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
        if (!end)
            return NULL;
        *len = (size_t)(end - start - 1);
        return start + 1;
    }
    return NULL;
}

/* Decodes SGML entities into out; control characters are dropped. */
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
        if (i + 2 < len && s[i + 1] == '#' && isdigit((unsigned char)s[i + 2])) {
            char *end;
            long code = strtol(s + i + 2, &end, 10);
            if (end < s + len && *end == ';') {
                if (code >= 32 && code < 127 && gz_strbuf_addch(out, (char)code) < 0)
                    return -1;
                if ((code == 10 || code == 9) && gz_strbuf_addch(out, ' ') < 0)
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

static int body_with_dateline(struct sgml_state *st, const char *rec, gz_article *a)
{
    char *dateline = field(st, rec, "DATELINE");
    char *body = field(st, rec, "BODY");
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
    if (!date || parse_reuters_date(dbuf, a->date) < 0) {
        gz_reader_skip(r, lineno, "record NEWID %.*s: missing or invalid <DATE> '%s'",
                       (int)idlen, newid + 7, dbuf);
        return 0;
    }
    a->file = gz_input_name(r->in);
    a->line = lineno;
    if (!(a->id = gz_reader_clean_dup(newid + 7, idlen)) || !(a->title = field(st, rec, "TITLE")))
        return -1;
    /* An empty record is still indexed: it has an id and a date, and users
     * expect every NEWID of the source to be there. */
    if (body_with_dateline(st, rec, a) < 0)
        return -1;
    return gz_article_finish(a) < 0 ? -1 : 1;
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
            gz_reader_skip(r, start, "unterminated <REUTERS> record (a new one starts at line %ld)",
                           gz_input_lineno(r->in));
            start = 0;
        }
        if (open) {
            start = gz_input_lineno(r->in);
            gz_strbuf_reset(&st->record);
        }
        if (!start)
            continue;
        if (gz_strbuf_add(&st->record, line, len) < 0 || gz_strbuf_addch(&st->record, '\n') < 0)
            return -1;
        if (!strstr(line, "</REUTERS>"))
            continue;
        int got = parse_record(r, st, start, a);
        if (got != 0)
            return got;
        gz_article_clear(a);
        start = 0;
    }
    if (rc < 0)
        return gz_reader_input_failed(r);
    if (start)
        gz_reader_skip(r, start, "unterminated <REUTERS> record (end of file before </REUTERS>)");
    return 0;
}

static void sgml_release(gz_reader *r)
{
    struct sgml_state *st = r->state;
    gz_strbuf_release(&st->record);
    gz_strbuf_release(&st->scratch);
    free(st);
}

int gz_sgml_reader_init(gz_reader *r)
{
    if (!(r->state = calloc(1, sizeof(struct sgml_state))))
        return -1;
    r->next = sgml_next;
    r->release = sgml_release;
    return 0;
}
