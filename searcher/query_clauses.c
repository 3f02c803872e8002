/*
 * query_clauses.c - finding the filters typed into a query (query_clauses.h).
 * A light scan, not the parser: it only needs to know where a clause
 * stands; the search that counts the query without it parses it for real.
 */
#include "query_clauses.h"

#include <stdlib.h>
#include <string.h>

static const char *const filter_fields[] = {"country", "person", "org", "source", "date"};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The end of a quoted run that starts at q[i] == '"' (past its closing
 * quote, or the end of the text). */
static size_t past_quote(const char *q, size_t i)
{
    const char *close = strchr(q + i + 1, '"');
    return close ? (size_t)(close - q) + 1 : strlen(q);
}

/* Whether a clause field:value starts at q[i]; fills *c. */
static int clause_at(const char *q, size_t i, gz_query_clause *c)
{
    for (size_t f = 0; f < sizeof filter_fields / sizeof *filter_fields; f++) {
        size_t len = strlen(filter_fields[f]);
        if (strncmp(q + i, filter_fields[f], len) != 0 || q[i + len] != ':')
            continue;
        size_t v = i + len + 1, end;
        if (q[v] == '"') {
            end = past_quote(q, v);
            c->value_start = v + 1;
            c->value_end = q[end - 1] == '"' && end - 1 > v ? end - 1 : end;
        } else {
            for (end = v; q[end] && !is_space(q[end]) && q[end] != ')'; end++)
                ;
            c->value_start = v;
            c->value_end = end;
        }
        if (c->value_end == c->value_start)
            return 0;
        memcpy(c->field, filter_fields[f], len + 1);
        c->start = i;
        c->end = end;
        return 1;
    }
    return 0;
}

size_t gz_query_clauses(const char *query, gz_query_clause *out, size_t max)
{
    size_t n = 0, i = 0;
    while (query[i] && n < max) {
        if (query[i] == '"') {
            i = past_quote(query, i);
            continue;
        }
        /* a clause starts a word (after a space, a bracket or a minus) */
        int word_start = i == 0 || is_space(query[i - 1]) || query[i - 1] == '(' ||
                         query[i - 1] == '-' || query[i - 1] == '+';
        if (word_start && clause_at(query, i, &out[n])) {
            i = out[n++].end;
            continue;
        }
        i++;
    }
    return n;
}

char *gz_query_without(const char *query, const gz_query_clause *c)
{
    size_t start = c->start, end = c->end, len = strlen(query);
    if (start > 0 && (query[start - 1] == '-' || query[start - 1] == '+'))
        start--;        /* its sign goes with it */
    while (start > 0 && is_space(query[start - 1]))
        start--;
    while (end < len && is_space(query[end]))
        end++;
    char *out = malloc(len + 2);
    if (!out)
        return NULL;
    memcpy(out, query, start);
    size_t n = start;
    if (start > 0 && end < len)
        out[n++] = ' ';
    memcpy(out + n, query + end, len - end + 1);
    return out;
}
