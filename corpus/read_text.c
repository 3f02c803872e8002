/*
 * read_text.c - the plain-text article format.
 *
 *      date 2024-03-21
 *      title: optional header lines (title, id, url, source)
 *      Headline on a line of its own, then a blank line   (optional)
 *      Body text, paragraphs separated by blank lines ...
 *
 * Leading blanks are allowed before "date", and the body may start on the
 * date line itself.  Where an article starts (docs/indexing.md, "Input formats"):
 *   - a line that is only "date YYYY-MM-DD" always starts one;
 *   - a date line with text after it starts one at the top of the file or
 *     after a blank line; inside a paragraph it is body text ("date
 *     2024-01-02 was set for the talks" does not split an article);
 *   - text before any date line is an article without a date, and so is
 *     an article whose date line holds no valid date (reported).
 * Without a headline the title is cut from the first sentence.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader_int.h"
#include "dates.h"
#include "utf8.h"

/* A first paragraph this short, on one line, without a full stop, is a headline. */
#define HEADLINE_LINE_MAX 150

struct text_state {
    gz_strbuf body;
};

enum start { NO_START, DATED, BAD_DATE };

/* Is line a "date ..." line?  DATED fills date; BAD_DATE: "date" and
 * something that looks like a date but is not a valid one.  *off: where the
 * text after the date starts; *bare: nothing follows it. */
static enum start date_line(const char *line, size_t len, char date[11], size_t *off, int *bare)
{
    const char *s = gz_skip_space(line);
    if (strncasecmp(s, "date", 4) != 0)
        return NO_START;
    const char *p = s + 4;
    if (*p == ':')
        p++;
    if (*p != ' ' && *p != '\t')
        return NO_START;
    p = gz_skip_space(p);
    if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
        return NO_START;
    size_t used = gz_date_parse_iso(p, date);
    enum start kind = DATED;
    if (!used || (p[used] && !isspace((unsigned char)p[used]))) {
        kind = BAD_DATE;
        date[0] = '\0';
        used = 0;
        while (p[used] && !isspace((unsigned char)p[used]))
            used++;
    }
    *off = (size_t)(p + used - line);
    if (*off > len)
        *off = len;
    *bare = !*gz_skip_space(line + *off);
    return kind;
}

size_t gz_text_date_line(const char *line, size_t len, char date[11])
{
    size_t off;
    int bare;
    return date_line(line, len, date, &off, &bare) == DATED ? off : 0;
}

/* Does this line start the next article (see the rules above)? */
static int starts_article(const char *line, size_t len, int after_blank)
{
    char date[11];
    size_t off;
    int bare;
    return date_line(line, len, date, &off, &bare) != NO_START && (bare || after_blank);
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

/* An id header that is empty falls back to the content hash; one too long
 * for the index cannot be used (0: the article is skipped). */
static int check_id(gz_reader *r, gz_article *a)
{
    if (a->id && !*a->id) {
        free(a->id);
        a->id = NULL;
        gz_reader_warn(r, a->line, "empty 'id:' header: the article gets an id from its content");
    } else if (a->id && strlen(a->id) > GZ_ID_MAX_BYTES) {
        gz_reader_skip(r, a->line, "'id:' of %zu bytes (at most %d): article skipped",
                       strlen(a->id), GZ_ID_MAX_BYTES);
        return 0;
    }
    return 1;
}

/* dropped: bytes of body text past the limit, not kept in memory. */
static int finish_body(gz_reader *r, struct text_state *st, gz_article *a, size_t dropped)
{
    const char *b = gz_skip_space(gz_strbuf_str(&st->body));
    size_t n = gz_trimmed_len(b, strlen(b));
    if (!(a->body = gz_reader_clean_dup(b, n)))
        return -1;
    if (dropped)
        gz_reader_cut_body(r, a, st->body.len + dropped);
    if (!a->title && split_headline(a, a->body) < 0)
        return -1;
    if (!*a->body && !a->title) {
        if (*a->date)
            gz_reader_skip(r, a->line, "article dated %s has no text", a->date);
        return 0;
    }
    if (!check_id(r, a))
        return 0;
    return gz_reader_finish(r, a);
}

/* The first line of an article: its date (if any) and the text after it;
 * returns 0 at the end of the input, -1 on a read error. */
static int first_line(gz_reader *r, gz_article *a, const char **line, size_t *len, size_t *off)
{
    int rc;
    while ((rc = gz_reader_getline(r, line, len)) == 1 && !*gz_skip_space(*line))
        ;
    if (rc != 1)
        return rc < 0 ? gz_reader_input_failed(r) : 0;
    a->line = gz_input_lineno(r->in);
    a->file = r->name;
    int bare;
    *off = 0;
    if (date_line(*line, *len, a->date, off, &bare) == BAD_DATE)
        gz_reader_warn(r, a->line, "invalid date in '%.40s': the article is indexed without a date",
                       gz_skip_space(*line));
    return 1;
}

/* Appends a body line, keeping no more than the reader's limit in memory
 * (the rest is counted, so the warning can say how long the article was). */
static int add_body_line(gz_reader *r, struct text_state *st, const char *line, size_t len,
                         size_t *dropped)
{
    size_t room = r->max_body > st->body.len ? r->max_body - st->body.len : 0;
    size_t take = len + 1 <= room ? len : room > 1 ? room - 1 : 0;
    *dropped += len - take;
    if (!take && len)
        return 0;
    return gz_strbuf_addch(&st->body, '\n') < 0 || gz_strbuf_add(&st->body, line, take) < 0 ? -1 : 0;
}

static int text_next(gz_reader *r, gz_article *a)
{
    struct text_state *st = r->state;
    const char *line;
    size_t len, off;
    int rc;
    for (;;) {
        if ((rc = first_line(r, a, &line, &len, &off)) <= 0)
            return rc;
        gz_strbuf_reset(&st->body);
        int in_headers = 1, after_blank = 0;
        size_t dropped = 0;
        int h = off ? 0 : header_line(a, gz_skip_space(line), len - (size_t)(gz_skip_space(line) - line));
        if (h < 0 || (!h && gz_strbuf_add(&st->body, line + off, len - off) < 0))
            return -1;
        in_headers = h || !*gz_skip_space(line + off);
        while ((rc = gz_reader_getline(r, &line, &len)) == 1) {
            if (starts_article(line, len, after_blank)) {
                gz_reader_unget(r, line, len);
                break;
            }
            after_blank = !*gz_skip_space(line);
            if (in_headers) {
                h = header_line(a, gz_skip_space(line), len - (size_t)(gz_skip_space(line) - line));
                if (h < 0)
                    return -1;
                if (h)
                    continue;
                in_headers = after_blank;
            }
            if (add_body_line(r, st, line, len, &dropped) < 0)
                return -1;
        }
        if (rc < 0) {
            gz_article_clear(a);
            return gz_reader_input_failed(r);
        }
        if ((rc = finish_body(r, st, a, dropped)) != 0)
            return rc;
        gz_article_clear(a);    /* an empty article: look for the next */
    }
}

static void text_release(void *state)
{
    struct text_state *st = state;
    gz_strbuf_release(&st->body);
}

const gz_format_reader gz_text_reader = {sizeof(struct text_state), text_next, text_release};
