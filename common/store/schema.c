/*
 * schema.c - the index layout of schema.h as code: each encoding beside its
 * decoding, and the query language's field table, so that the indexer and
 * the searcher cannot drift apart.
 */
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gz_xapian.h"

size_t gz_schema_term(const char *prefix, const char *value, size_t len, char *buf, size_t cap)
{
    size_t plen = strlen(prefix);
    if (plen + len > GZ_XAP_MAX_TERM || plen + len + 1 > cap)
        return 0;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, value, len);
    buf[plen + len] = '\0';
    return plen + len;
}

size_t gz_schema_id_term(const char *id, char *buf, size_t cap)
{
    size_t n = strlen(id);
    return n ? gz_schema_term(GZ_PREFIX_ID, id, n, buf, cap) : 0;
}

void gz_schema_compact_date(const char *date, char ymd[9])
{
    ymd[0] = '\0';
    if (strlen(date) != 10)
        return;
    memcpy(ymd, date, 4);
    memcpy(ymd + 4, date + 5, 2);
    memcpy(ymd + 6, date + 8, 2);
    ymd[8] = '\0';
}

gz_status gz_schema_date_terms(const char *ymd, char terms[3][16], size_t lens[3])
{
    if (strlen(ymd) != 8)
        return GZ_ERR_INVALID;
    static const char *const prefixes[3] = {GZ_PREFIX_DAY, GZ_PREFIX_MONTH, GZ_PREFIX_YEAR};
    static const size_t digits[3] = {8, 6, 4};
    for (int k = 0; k < 3; k++)
        lens[k] = gz_schema_term(prefixes[k], ymd, digits[k], terms[k], sizeof terms[k]);
    return GZ_OK;
}

size_t gz_schema_month_term(const char *month, char *buf, size_t cap)
{
    if (strlen(month) != 7 || month[4] != '-')
        return 0;
    char ym[6] = {month[0], month[1], month[2], month[3], month[5], month[6]};
    return gz_schema_term(GZ_PREFIX_MONTH, ym, sizeof ym, buf, cap);
}

gz_status gz_schema_sort_keys(const char *ymd, const char *id, gz_strbuf *newest, gz_strbuf *oldest)
{
    gz_strbuf_reset(newest);
    gz_strbuf_reset(oldest);
    return gz_strbuf_addstr(newest, *ymd ? ymd : "!") < 0 || gz_strbuf_addstr(newest, id) < 0 ||
                   gz_strbuf_addstr(oldest, *ymd ? ymd : "~") < 0 || gz_strbuf_addstr(oldest, id) < 0
               ? -1
               : 0;
}

size_t gz_schema_sample_term(unsigned level, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s%u", GZ_PREFIX_SAMPLE, level);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

size_t gz_schema_minhash_term(unsigned i, uint32_t v, char *buf, size_t cap)
{
    /* Its top 30 bits in five URL-safe base-64 digits: GZ_MINHASHES (six) of these
     * terms per article are most of what stories cost in index size. */
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t plen = strlen(GZ_PREFIX_MINHASH);
    if (cap < plen + 7)
        return 0;
    memcpy(buf, GZ_PREFIX_MINHASH, plen);
    buf[plen] = (char)('0' + i % 10);
    for (int k = 0; k < 5; k++)
        buf[plen + 1 + k] = digits[(v >> (26 - 6 * k)) & 63];
    buf[plen + 6] = '\0';
    return plen + 6;
}

gz_status gz_schema_label_key(const char *code, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s%s", GZ_META_COUNTRY_LABEL, code);
    return n > 0 && (size_t)n < cap ? GZ_OK : GZ_ERR_INVALID;
}

/* ---- document data ----------------------------------------------------- */

gz_status gz_schema_data_encode(gz_strbuf *out, const char *json, const char *body)
{
    gz_strbuf_reset(out);
    return gz_strbuf_addstr(out, json) < 0 || gz_strbuf_addch(out, '\n') < 0 ||
           gz_strbuf_addstr(out, body) < 0 ? -1 : 0;
}

void gz_schema_data_decode(const char *data, size_t len, const char **json, size_t *json_len,
                           const char **body, size_t *body_len)
{
    const char *nl = memchr(data, '\n', len);
    *json = data;
    *json_len = nl ? (size_t)(nl - data) : len;
    *body = nl ? nl + 1 : data + len;
    *body_len = nl ? len - *json_len - 1 : 0;
}

gz_status gz_schema_names_each(const char *text, gz_schema_name_fn fn, void *ctx)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        const char *end = nl ? nl : text + strlen(text);
        const char *tab = memchr(text, '\t', (size_t)(end - text));
        if (!tab)
            return GZ_ERR_CORRUPT;
        gz_status st = fn(ctx, text, (size_t)(tab - text), tab + 1, (size_t)(end - tab - 1));
        if (st < 0)
            return st;
        text = nl ? nl + 1 : end;
    }
    return GZ_OK;
}

/* ---- the combined facet value ------------------------------------------ */

gz_status gz_schema_facets_append(gz_strbuf *value, const char *group, size_t len, int last)
{
    if (gz_strbuf_add(value, group, len) < 0)
        return GZ_ERR_NOMEM;
    return last ? 0 : gz_strbuf_addch(value, GZ_FACET_GROUP_SEP);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

gz_status gz_schema_pack_list(gz_strbuf *out, char *const *items, size_t n)
{
    gz_strbuf_reset(out);
    if (n == 0)
        return GZ_OK;
    char **sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return GZ_ERR_NOMEM;
    memcpy(sorted, items, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_string);
    int fail = 0;
    for (size_t i = 0; i < n && !fail; i++)
        fail = (i && gz_strbuf_addch(out, GZ_FACET_SEP) < 0) || gz_strbuf_addstr(out, sorted[i]) < 0;
    free(sorted);
    return fail ? -1 : 0;
}

size_t gz_schema_facets_split(const char *value, size_t len, const char *groups[GZ_FACET_GROUPS],
                              size_t lens[GZ_FACET_GROUPS])
{
    const char *end = value + len, *part = value;
    size_t n = 0;
    while (n < GZ_FACET_GROUPS) {
        const char *sep = n + 1 < GZ_FACET_GROUPS ? memchr(part, GZ_FACET_GROUP_SEP, (size_t)(end - part))
                                                  : NULL;
        groups[n] = part;
        lens[n] = sep ? (size_t)(sep - part) : (size_t)(end - part);
        n++;
        if (!sep)
            break;
        part = sep + 1;
    }
    return n;
}

/* ---- fields ------------------------------------------------------------ */

static const gz_schema_field fields[] = {
    {"country", GZ_FIELD_COUNTRY, GZ_PREFIX_COUNTRY},
    {"person", GZ_FIELD_PERSON, GZ_PREFIX_PERSON},
    {"org", GZ_FIELD_ORG, GZ_PREFIX_ORG},
    {"title", GZ_FIELD_TITLE, GZ_PREFIX_TITLE},
    {"date", GZ_FIELD_DATE, NULL},
    {"story", GZ_FIELD_STORY, GZ_PREFIX_STORY},
    {"source", GZ_FIELD_SOURCE, GZ_PREFIX_SOURCE},
};

const gz_schema_field *gz_schema_field_named(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0)
            return &fields[i];
    return NULL;
}

bool gz_schema_is_word(const char *term, size_t len)
{
    unsigned char c = len ? (unsigned char)term[0] : 0;
    return len > 0 && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9');
}
