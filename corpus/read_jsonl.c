/*
 * read_jsonl.c - JSON Lines: one object per line with
 *   "id" (string or integer, optional), "date" ("YYYY-MM-DD", or an ISO 8601
 *   timestamp whose first ten characters are that), "title", "body" or
 *   "text", "url", "source".  An article with an id may have no text; one
 *   without a (valid) date is indexed undated.  Lines that are not UTF-8
 *   are read as Latin-1 first.
 * Blank lines are ignored; anything else that is not such an object is
 * reported with its line number and skipped.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader_int.h"
#include "dates.h"
#include "utf8.h"

/* A string member as a clean malloc'd copy; NULL when absent (or OOM,
 * which *oom then says). */
static char *string_member(json_t *obj, const char *key, int *oom)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return NULL;
    char *s = gz_reader_clean_dup(json_string_value(v), json_string_length(v));
    if (!s)
        *oom = 1;
    return s;
}

static char *id_member(json_t *obj, int *oom)
{
    json_t *v = json_object_get(obj, "id");
    if (json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        char *s = strdup(buf);
        if (!s)
            *oom = 1;
        return s;
    }
    return string_member(obj, "id", oom);
}

/* Fills a from one decoded object; returns 1, 0 when reported and skipped,
 * -1 when memory ran out. */
static int from_object(gz_reader *r, json_t *obj, long lineno, gz_article *a)
{
    if (!json_is_object(obj)) {
        gz_reader_skip(r, lineno, "expected a JSON object");
        return 0;
    }
    /* No date, or one that is not valid: the article is indexed undated
     * (date filters pass it over); only the second is worth a message. */
    json_t *date = json_object_get(obj, "date");
    const char *d = json_is_string(date) ? json_string_value(date) : NULL;
    size_t used = d ? gz_date_parse_iso(d, a->date) : 0;
    if ((d && (!used || (d[used] && d[used] != 'T' && d[used] != ' '))) ||
        (date && !d && !json_is_null(date))) {
        a->date[0] = '\0';
        gz_reader_warn(r, lineno, "invalid \"date\" '%.40s' (want YYYY-MM-DD): the article is "
                       "indexed without a date", d ? d : "(not a string)");
    }
    int oom = 0;
    a->id = id_member(obj, &oom);
    a->title = string_member(obj, "title", &oom);
    a->body = string_member(obj, "body", &oom);
    if (!a->body)
        a->body = string_member(obj, "text", &oom);
    a->url = string_member(obj, "url", &oom);
    a->source = string_member(obj, "source", &oom);
    if (oom)
        return -1;
    json_t *id = json_object_get(obj, "id");
    if (id && !a->id) {
        gz_reader_skip(r, lineno, "\"id\" must be a string or an integer");
        return 0;
    }
    if (a->id && !*a->id) {
        free(a->id);
        a->id = NULL;
        gz_reader_warn(r, lineno, "empty \"id\": the article gets an id from its content");
    } else if (a->id && strlen(a->id) > GZ_ID_MAX_BYTES) {
        gz_reader_skip(r, lineno, "\"id\" of %zu bytes (at most %d): article skipped",
                       strlen(a->id), GZ_ID_MAX_BYTES);
        return 0;
    }
    /* An article with an id may be empty (as Reuters has some); one with
     * neither id nor text is nothing to index. */
    if (!a->id && (!a->body || !*gz_skip_space(a->body)) && (!a->title || !*gz_skip_space(a->title))) {
        gz_reader_skip(r, lineno, "no \"id\" and no \"body\", \"text\" or \"title\"");
        return 0;
    }
    return gz_reader_finish(r, a);
}

struct jsonl_state {
    gz_strbuf clean;    /* a line repaired to UTF-8 */
};

int gz_jsonl_decode(gz_reader *r, const char *line, size_t len, long lineno, gz_article *a)
{
    struct jsonl_state *st = r->state;
    json_error_t err;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    /* JSON must be UTF-8; old exports hold Latin-1 bytes, read as the
     * other formats read them (utf8.h).  Only a line that fails is
     * checked: the common line is scanned once, by the parser. */
    if (!obj && gz_utf8_invalid_at(line, len) >= 0) {
        gz_strbuf_reset(&st->clean);
        if (gz_utf8_clean(line, len, &st->clean) < 0)
            return -1;
        obj = json_loadb(gz_strbuf_str(&st->clean), st->clean.len,
                         JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    }
    if (!obj) {
        gz_reader_skip(r, lineno, "invalid JSON at column %d: %s", err.column, err.text);
        return 0;
    }
    a->file = r->name;
    a->line = lineno;
    int got = from_object(r, obj, lineno, a);
    json_decref(obj);
    if (got == 0)
        gz_article_clear(a);
    return got;
}

static int jsonl_next(gz_reader *r, gz_article *a)
{
    const char *line;
    size_t len;
    int rc;
    while ((rc = gz_reader_getline(r, &line, &len)) == 1) {
        if (!*gz_skip_space(line))
            continue;
        int got = gz_jsonl_decode(r, line, len, gz_input_lineno(r->in), a);
        if (got != 0)
            return got;
    }
    return rc < 0 ? gz_reader_input_failed(r) : 0;
}

static void jsonl_release(void *state)
{
    struct jsonl_state *st = state;
    gz_strbuf_release(&st->clean);
}

const gz_format_reader gz_jsonl_reader = {sizeof(struct jsonl_state), jsonl_next, jsonl_release};
