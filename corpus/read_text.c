/*
 * read_text.c - the plain-text article format.
 *
 *      date 2024-03-21
 *      title: optional header lines (title, id, url, source)
 *      Headline on a line of its own, then a blank line   (optional)
 *      Body text, paragraphs separated by blank lines ...
 *
 * Leading blanks are allowed before "date", and the body may start on the
 * date line itself.  Each "date" line starts a new article, so one file may
 * hold many.  Without a headline the title is cut from the first sentence.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader_int.h"
#include "text.h"

/* A first paragraph this short, on one line, without a full stop, is a headline. */
#define HEADLINE_LINE_MAX 150

struct text_state {
    gz_strbuf body;
    int in_bad_record;  /* skipping lines up to the next date line */
};

/* Parses an article start.  Returns the offset of the text after the date,
 * or 0; *bad is set when the line starts with "date" and something that
 * looks like a date but is not a valid one. */
static size_t date_line(const char *line, size_t len, char date[11], int *bad)
{
    const char *s = gz_skip_space(line);
    *bad = 0;
    if (strncasecmp(s, "date", 4) != 0)
        return 0;
    const char *p = s + 4;
    if (*p == ':')
        p++;
    if (*p != ' ' && *p != '\t')
        return 0;
    p = gz_skip_space(p);
    if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
        return 0;
    size_t used = gz_date_parse_iso(p, date);
    if (!used || (p[used] && !isspace((unsigned char)p[used]))) {
        *bad = 1;
        return 0;
    }
    size_t off = (size_t)(p + used - line);
    return off < len ? off : len;
}

size_t gz_text_date_line(const char *line, size_t len, char date[11])
{
    int bad;
    return date_line(line, len, date, &bad);
}

/* "title: ..." and friends, allowed before the body starts. */
static int header_line(gz_article *a, const char *line, size_t len)
{
    static const char *names[] = {"title", "id", "url", "source"};
    for (int k = 0; k < 4; k++) {
        size_t n = strlen(names[k]);
        if (len <= n || strncasecmp(line, names[k], n) != 0 || line[n] != ':')
            continue;
        const char *v = gz_skip_space(line + n + 1);
        char *copy = gz_reader_clean_dup(v, gz_trimmed_len(v, len - (size_t)(v - line)));
        if (!copy)
            return -1;
        char **field[] = {&a->title, &a->id, &a->url, &a->source};
        free(*field[k]);
        *field[k] = copy;
        return 1;
    }
    return 0;
}

/* Takes a one-line first paragraph as the headline when it looks like one. */
static int split_headline(gz_article *a, char *body)
{
    char *nl = strchr(body, '\n');
    if (!nl || nl[1] != '\n')
        return 0;
    size_t n = gz_trimmed_len(body, (size_t)(nl - body));
    if (n == 0 || n > HEADLINE_LINE_MAX || body[n - 1] == '.' || !*gz_skip_space(nl))
        return 0;
    if (!(a->title = malloc(n + 1)))
        return -1;
    memcpy(a->title, body, n);
    a->title[n] = '\0';
    memmove(body, gz_skip_space(nl), strlen(gz_skip_space(nl)) + 1);
    return 0;
}

static int finish_body(gz_reader *r, struct text_state *st, gz_article *a)
{
    const char *b = gz_skip_space(gz_strbuf_str(&st->body));
    size_t n = gz_trimmed_len(b, strlen(b));
    if (!(a->body = gz_reader_clean_dup(b, n)))
        return -1;
    if (!a->title && split_headline(a, a->body) < 0)
        return -1;
    if (!*a->body && !a->title) {
        gz_reader_skip(r, a->line, "article dated %s has no text", a->date);
        return 0;
    }
    return gz_article_finish(a) < 0 ? -1 : 1;
}

/* Skips to the next valid date line; fills date and returns the line. */
static int find_start(gz_reader *r, struct text_state *st, char date[11],
                      const char **line, size_t *len, size_t *off)
{
    int rc;
    while ((rc = gz_reader_getline(r, line, len)) == 1) {
        int bad;
        long lineno = gz_input_lineno(r->in);
        if ((*off = date_line(*line, *len, date, &bad))) {
            st->in_bad_record = 0;
            return 1;
        }
        if (bad) {
            gz_reader_skip(r, lineno, "invalid date in '%.40s'", gz_skip_space(*line));
            st->in_bad_record = 1;
        } else if (*gz_skip_space(*line) && !st->in_bad_record) {
            gz_reader_skip(r, lineno, "text without a 'date YYYY-MM-DD' line before it");
            st->in_bad_record = 1;
        }
    }
    return rc < 0 ? gz_reader_input_failed(r) : 0;
}

static int text_next(gz_reader *r, gz_article *a)
{
    struct text_state *st = r->state;
    const char *line;
    size_t len, off = 0;
    int rc;
    for (;;) {
        if ((rc = find_start(r, st, a->date, &line, &len, &off)) <= 0)
            return rc;
        a->line = gz_input_lineno(r->in);
        a->file = gz_input_name(r->in);
        gz_strbuf_reset(&st->body);
        if (gz_strbuf_add(&st->body, line + off, len - off) < 0)
            return -1;
        int in_headers = !*gz_skip_space(line + off);
        while ((rc = gz_reader_getline(r, &line, &len)) == 1) {
            char date[11];
            int bad;
            if (date_line(line, len, date, &bad) || bad) {
                gz_reader_unget(r, line, len);
                break;
            }
            if (in_headers) {
                int h = header_line(a, gz_skip_space(line), len - (size_t)(gz_skip_space(line) - line));
                if (h < 0)
                    return -1;
                if (h)
                    continue;
                in_headers = !*gz_skip_space(line);
            }
            if (gz_strbuf_addch(&st->body, '\n') < 0 || gz_strbuf_add(&st->body, line, len) < 0)
                return -1;
        }
        if (rc < 0) {
            gz_article_clear(a);
            return gz_reader_input_failed(r);
        }
        if ((rc = finish_body(r, st, a)) != 0)
            return rc;
        gz_article_clear(a);    /* an empty article: look for the next */
    }
}

static void text_release(gz_reader *r)
{
    struct text_state *st = r->state;
    gz_strbuf_release(&st->body);
    free(st);
}

int gz_text_reader_init(gz_reader *r)
{
    if (!(r->state = calloc(1, sizeof(struct text_state))))
        return -1;
    r->next = text_next;
    r->release = text_release;
    return 0;
}
