/*
 * read_jsonl.c - JSON Lines: one object per line with
 *   "id" (string or integer, optional), "date" ("YYYY-MM-DD", or an ISO 8601
 *   timestamp whose first ten characters are that), "title", "body" or
 *   "text", "url", "source".  An article with an id may have no text.
 * Blank lines are ignored; anything else that is not such an object is
 * reported with its line number and skipped.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "reader_int.h"
#include "text.h"

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
    json_t *date = json_object_get(obj, "date");
    if (!json_is_string(date)) {
        gz_reader_skip(r, lineno, "missing \"date\" (YYYY-MM-DD)");
        return 0;
    }
    const char *d = json_string_value(date);
    size_t used = gz_date_parse_iso(d, a->date);
    if (!used || (d[used] && d[used] != 'T' && d[used] != ' ')) {
        gz_reader_skip(r, lineno, "invalid \"date\" '%.40s' (want YYYY-MM-DD)", d);
        return 0;
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
    if (a->id && (!*a->id || strlen(a->id) > 200)) {
        gz_reader_skip(r, lineno, "\"id\" must have 1 to 200 bytes");
        return 0;
    }
    /* An article with an id may be empty (as Reuters has some); one with
     * neither id nor text is nothing to index. */
    if (!a->id && (!a->body || !*gz_skip_space(a->body)) && (!a->title || !*gz_skip_space(a->title))) {
        gz_reader_skip(r, lineno, "no \"id\" and no \"body\", \"text\" or \"title\"");
        return 0;
    }
    return gz_article_finish(a) < 0 ? -1 : 1;
}

static int jsonl_next(gz_reader *r, gz_article *a)
{
    const char *line;
    size_t len;
    int rc;
    while ((rc = gz_reader_getline(r, &line, &len)) == 1) {
        if (!*gz_skip_space(line))
            continue;
        long lineno = gz_input_lineno(r->in);
        json_error_t err;
        json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
        if (!obj) {
            gz_reader_skip(r, lineno, "invalid JSON at column %d: %s", err.column, err.text);
            continue;
        }
        a->file = gz_input_name(r->in);
        a->line = lineno;
        int got = from_object(r, obj, lineno, a);
        json_decref(obj);
        if (got != 0)
            return got;
        gz_article_clear(a);
    }
    return rc < 0 ? gz_reader_input_failed(r) : 0;
}

int gz_jsonl_reader_init(gz_reader *r)
{
    r->next = jsonl_next;
    r->release = NULL;
    return 0;
}
