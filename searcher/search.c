/*
 * search.c - the search library of search.h: query, hits, spelling, stats.
 * Facet counting lives in facets.c, JSON in render_json.c.
 */
#include "search.h"
#include "query_clauses.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analyzer.h"
#include "cluster.h"
#include "did_you_mean.h"
#include "facet_plan.h"
#include "facet_recount.h"
#include "facet_side.h"
#include "gazetteer.h"
#include "person_keys.h"
#include "query.h"
#include "schema.h"
#include "strbuf.h"
#include "utf8.h"

/* Totals are exact up to this many matches even without facets. */
#define EXACT_UP_TO 100
/* With fewer results than this, look for a spelling correction. */
#define SUGGEST_BELOW 3
/* Related articles: a query of the article's most telling words, whose
 * best LIKE_POOL matches are reordered by the people and countries they
 * share with it (docs/design/stories.md, "Related articles"). */
#define LIKE_TERMS 20
#define LIKE_POOL 50
#define LIKE_PERSON_BONUS 0.5      /* times the share of its people a hit names */
#define LIKE_COUNTRY_BONUS 0.25    /* times the share of its countries */

const char *const gz_facet_names[GZ_NFACETS] = {"country", "person", "org", "month", "source"};

struct gz_searcher {
    char path[PATH_MAX];
    gz_xap_reader *reader;
    gz_analyzer *analyzer;    /* the index's language */
    gz_analyzer *folder;      /* "none": entity keys */
    gz_glue *glue;            /* where the index split glued words; NULL: none */
    json_t *labels;           /* country code -> name (null: none), as looked up */
    gz_gazetteer *gazetteer;  /* loaded on first use (country names in queries) */
    int gazetteer_failed;
    gz_facet_source facets;       /* where facets are counted (facet_plan.h) */
    gz_facet_side_state side;     /* the facet thread's view of this (facet_side.h) */
    gz_person_keys people;        /* the archive's name map, loaded on first use */
    int people_loaded;
    int schema;                   /* the index's layout version (schema.h) */
    char *misplaced;              /* a stub its shards disagree with: why; else NULL */
    double story_share;           /* stories per article in the whole index; 0: not yet known */
};

static const char *country_label(void *ctx, const char *code)
{
    return gz_searcher_country_label(ctx, code);
}

/* ---- opening ---------------------------------------------------------- */

/* A stub its shards disagree with (older than a --reshard) still searches,
 * but every answer is marked partial with the reason. */
static gz_status check_places(gz_searcher *s, const char *path, char *err, size_t errlen)
{
    char why[1024];
    if (gz_cluster_places_disagree(s->reader, path, why, sizeof why) &&
        !(s->misplaced = strdup(why))) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

static int empty_index(gz_xap_reader *r)
{
    unsigned long n = 1;
    return gz_xap_reader_doccount(r, &n) == GZ_OK && n == 0;
}

/* The lexicon the indexer split glued words by (an index made before it
 * has none: words stay whole, as they were indexed). */
static gz_status load_glue(gz_searcher *s, char *err, size_t errlen)
{
    char *text = NULL;
    gz_status st = gz_xap_reader_get_metadata(s->reader, GZ_META_GLUE, &text);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", s->path, gz_xap_reader_last_error(s->reader));
        return st;
    }
    if (!text)
        return GZ_OK;
    char why[256];
    st = gz_glue_read(text, &s->glue, why, sizeof why);
    free(text);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", s->path, why);
        return st == GZ_ERR_INVALID ? GZ_ERR_CORRUPT : st;
    }
    gz_analyzer_set_glue(s->analyzer, s->glue);
    gz_analyzer_set_glue(s->folder, s->glue);
    return GZ_OK;
}

gz_status gz_searcher_open(const char *path, gz_searcher **out, char *err, size_t errlen)
{
    *out = NULL;
    gz_searcher *s = calloc(1, sizeof *s);
    if (!s) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return GZ_ERR_NOMEM;
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    gz_status st = gz_cluster_open_reader(path, &s->reader, err, errlen);
    if (st != GZ_OK) {
        free(s);
        return st;
    }
    char *language = NULL;
    st = gz_xap_reader_get_metadata(s->reader, GZ_META_LANGUAGE, &language);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", path, gz_xap_reader_last_error(s->reader));
    } else if (!language && !empty_index(s->reader)) {
        snprintf(err, errlen, "%s: not a Gazette index (no %s metadata)", path, GZ_META_LANGUAGE);
        st = GZ_ERR_CORRUPT;
    } else if (!language && !(language = strdup("english"))) {
        /* created, and killed before its first commit: an empty index */
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        st = GZ_ERR_NOMEM;
    } else if ((st = gz_analyzer_new(language, &s->analyzer)) != GZ_OK ||
               (st = gz_analyzer_new("none", &s->folder)) != GZ_OK) {
        if (st == GZ_ERR_INVALID) {
            snprintf(err, errlen, "%s: index language '%s' is not supported here", path, language);
            st = GZ_ERR_CORRUPT;    /* the index's, not the user's, to fix */
        } else {
            gz_status_put(err, errlen, GZ_ERR_NOMEM);
        }
    }
    free(language);
    if (st == GZ_OK)
        st = load_glue(s, err, errlen);
    char *schema = NULL;
    if (st == GZ_OK && (st = gz_xap_reader_get_metadata(s->reader, GZ_META_SCHEMA, &schema)) != GZ_OK)
        snprintf(err, errlen, "%s: %s", path, gz_xap_reader_last_error(s->reader));
    /* none yet: an index this build is making */
    s->schema = schema ? atoi(schema) : atoi(GZ_SCHEMA_VERSION);
    free(schema);
    if (st == GZ_OK)
        st = check_places(s, path, err, errlen);
    if (st != GZ_OK) {
        gz_searcher_close(s);
        return st;
    }
    s->facets = (gz_facet_source){.reader = s->reader, .path = s->path,
                                  .env = {.folder = s->folder, .country_label = country_label,
                                          .ctx = s}};
    *out = s;
    return GZ_OK;
}

void gz_searcher_close(gz_searcher *s)
{
    if (!s)
        return;
    gz_xap_reader_close(s->reader);
    gz_analyzer_free(s->analyzer);
    gz_analyzer_free(s->folder);
    gz_glue_free(s->glue);
    json_decref(s->labels);
    gz_gazetteer_free(s->gazetteer);
    gz_facet_source_release(&s->facets);
    gz_facet_side_release(&s->side);
    gz_person_keys_release(&s->people);
    free(s->misplaced);
    free(s);
}

gz_status gz_searcher_refresh(gz_searcher *s, char *err, size_t errlen)
{
    int changed = 0;
    const char *why = NULL;
    gz_status st = gz_xap_reader_reopen(s->reader, &changed);
    if (st != GZ_OK)
        why = gz_xap_reader_last_error(s->reader);
    else
        st = gz_facet_source_refresh(&s->facets, &why);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", s->path, why);
        return st;
    }
    if (changed) {
        /* new articles may bring countries remembered as unknown, and
         * articles without sample levels */
        json_decref(s->labels);
        s->labels = NULL;
        gz_facet_source_changed(&s->facets);
        gz_facet_side_changed(&s->side);
        gz_person_keys_release(&s->people);     /* the map may have changed too */
        s->people_loaded = 0;
        s->story_share = 0;
    }
    return GZ_OK;
}

/* ---- what the query parser asks for ----------------------------------- */

/* One metadata lookup per code, remembered: a page shows a dozen codes,
 * and parsing every country's name in every CGI process would cost more. */
const char *gz_searcher_country_label(gz_searcher *s, const char *code)
{
    return gz_country_label_lookup(&s->labels, s->reader, code);
}

static int country_known(void *ctx, const char *code)
{
    return gz_searcher_country_label(ctx, code) != NULL;
}

static const gz_gazetteer *lazy_gazetteer(void *ctx)
{
    gz_searcher *s = ctx;
    if (!s->gazetteer && !s->gazetteer_failed) {
        char err[512];
        s->gazetteer = gz_gazetteer_load(NULL, NULL, 0, err, sizeof err);
        s->gazetteer_failed = s->gazetteer == NULL;
    }
    return s->gazetteer;
}

/* Without the map (unreadable or damaged) a person: filter still finds
 * the articles that write the name as typed. */
static void load_people(gz_searcher *s)
{
    if (!s->people_loaded) {
        char *names = NULL;
        if (gz_xap_reader_get_metadata(s->reader, GZ_META_NAMES, &names) != GZ_OK ||
            gz_person_keys_load(&s->people, s->folder, names) < 0)
            gz_person_keys_release(&s->people);
        free(names);
        s->people_loaded = 1;
    }
}

static size_t person_keys(void *ctx, const char *key, const char **keys, size_t max)
{
    gz_searcher *s = ctx;
    load_people(s);
    return gz_person_keys_expand(&s->people, key, keys, max);
}

/* What the facet thread's side needs of one search. */
struct side_request {
    gz_searcher *s;
    int any;
};

/* Readies the facet thread's side (gz_facet_side): what it only reads,
 * the gazetteer and the name map, is loaded here, before it starts. */
static int prepare_side(void *ctx, gz_xap_reader *reader, gz_facet_env *fenv, gz_query_env *qenv)
{
    struct side_request *sr = ctx;
    gz_searcher *s = sr->s;
    lazy_gazetteer(s);
    load_people(s);
    s->side.gazetteer = s->gazetteer;
    s->side.people = &s->people;
    return gz_facet_side_ready(&s->side, reader, gz_analyzer_language(s->analyzer), s->glue,
                               sr->any, fenv, qenv);
}

static unsigned long termfreq(void *ctx, const char *term)
{
    gz_searcher *s = ctx;
    unsigned long freq = 0;
    return gz_xap_reader_termfreq(s->reader, term, &freq) == GZ_OK ? freq : 0;
}


/* ---- building the query ----------------------------------------------- */

/* The request's separate filters, ANDed as filters onto *q. */
static gz_status add_filters(const gz_query_env *env, gz_xap_query **q,
                             const gz_search_request *req, gz_query_info *info,
                             char *err, size_t errlen)
{
    for (size_t i = 0; i < req->nfilters; i++) {
        gz_xap_query *fq;
        gz_status st = gz_query_filter(env, req->filters[i].field, req->filters[i].value,
                                       info, &fq, err, errlen);
        if (st != GZ_OK)
            return st;
        gz_xap_query *pair[2] = {*q, fq};
        gz_xap_query *both = gz_xap_query_combine(GZ_XAP_OP_FILTER, pair, 2);
        gz_xap_query_free(fq);
        if (!both) {
            gz_status_put(err, errlen, GZ_ERR_NOMEM);
            return GZ_ERR_NOMEM;
        }
        gz_xap_query_free(*q);
        *q = both;
    }
    return GZ_OK;
}

/* Query text that is not clean UTF-8 (a Latin-1 terminal, bytes pasted
 * from an old file) is repaired exactly as the indexer repaired the
 * articles (utf8.h), so that "Caf\xe9" finds what was indexed from it. */
static gz_status repair_query(const char *text, gz_search_result *res)
{
    if (gz_utf8_invalid_at(text, strlen(text)) < 0)
        return GZ_OK;
    gz_strbuf clean = GZ_STRBUF_INIT;
    if (gz_utf8_clean(text, strlen(text), &clean) < 0) {
        gz_strbuf_release(&clean);
        return GZ_ERR_NOMEM;
    }
    res->query = gz_strbuf_detach(&clean);
    return res->query ? GZ_OK : GZ_ERR_NOMEM;
}

static gz_query_env query_env(gz_searcher *s, const gz_search_request *req)
{
    return (gz_query_env){s->analyzer, s->folder, req->any, s, lazy_gazetteer, country_known,
                          termfreq, person_keys};
}

static gz_status build_query(gz_searcher *s, const gz_search_request *req, gz_search_result *res,
                             gz_query_info *info, gz_xap_query **q, char *err, size_t errlen)
{
    gz_query_env env = query_env(s, req);
    *q = NULL;
    memset(info, 0, sizeof *info);
    gz_status st = repair_query(req->query ? req->query : "", res);
    if (st != GZ_OK) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return st;
    }
    const char *text = res->query ? res->query : req->query ? req->query : "";
    int blank = 1;
    for (const char *c = text; *c; c++)
        blank &= *c == ' ' || *c == '\t' || *c == '\n';
    if (blank && (req->nfilters || req->like_id)) {
        *q = gz_xap_query_all();       /* only filters: everything they let through */
        st = *q ? GZ_OK : GZ_ERR_NOMEM;
        if (st != GZ_OK)
            gz_status_put(err, errlen, GZ_ERR_NOMEM);
    } else {
        st = gz_query_parse(&env, text, info, q, err, errlen);
    }
    if (st == GZ_OK)
        st = add_filters(&env, q, req, info, err, errlen);
    if (st == GZ_OK && (res->query || info->notice[0])) {
        gz_strbuf notice = GZ_STRBUF_INIT;
        if (res->query)
            gz_strbuf_addstr(&notice, "the query was not clean UTF-8 text: invalid bytes were "
                             "read as Latin-1 and control characters dropped");
        if (res->query && info->notice[0])
            gz_strbuf_addstr(&notice, "; ");
        gz_strbuf_addstr(&notice, info->notice);
        if (!(res->notice = gz_strbuf_detach(&notice))) {
            gz_status_put(err, errlen, GZ_ERR_NOMEM);
            st = GZ_ERR_NOMEM;
        }
    }
    if (st != GZ_OK) {
        gz_xap_query_free(*q);
        *q = NULL;
    }
    return st;
}

/* ---- when nothing is found ------------------------------------------- */

/* Archives up to this size name their sources when nothing is found: it
 * takes a pass over every article (`gazette-search --stats` over the 18,000
 * Reuters articles here: under 40 ms, the process included). */
#define HELP_SOURCES_UP_TO 100000

static void ymd_to_iso(const char *ymd, char out[11]);

/* How many articles req finds with query instead (or with filter i left
 * out, when skip is at most nfilters); 0 also when that search fails. */
static unsigned long count_with(gz_searcher *s, const gz_search_request *req, const char *query,
                                size_t skip)
{
    gz_filter kept[64];
    size_t n = 0;
    for (size_t i = 0; i < req->nfilters && n < 64; i++)
        if (i != skip)
            kept[n++] = req->filters[i];
    gz_search_request count = *req;
    count.query = query;
    count.filters = kept;
    count.nfilters = n;
    count.offset = count.limit = 0;
    count.facets = count.snippets = 0;
    count.expand_docs = 0;
    count.no_help = 1;
    gz_search_result res;
    char err[256];
    unsigned long total = 0;
    if (gz_searcher_run(s, &count, &res, err, sizeof err) == GZ_OK) {   /* else released */
        total = res.total;
        gz_search_result_release(&res);
    }
    return total;
}

static bool finds_something(gz_searcher *s, const gz_search_request *req, const char *query)
{
    return count_with(s, req, query, (size_t)-1) > 0;
}

/* What would find something: the search without each of its filters; and
 * what the archive holds (articles, dates, sources). */
/* The filters typed into the query, each left out in turn: those whose
 * absence finds something join res->relaxed (which has room for them). */
static gz_status relax_typed(gz_searcher *s, const gz_search_request *req, gz_query_clause *clauses,
                             size_t n, gz_search_result *res)
{
    for (size_t i = 0; i < n; i++) {
        char *without = gz_query_without(req->query, &clauses[i]);
        if (!without)
            return GZ_ERR_NOMEM;
        unsigned long total = count_with(s, req, without, (size_t)-1);
        size_t flen = strlen(clauses[i].field), vlen = clauses[i].value_end - clauses[i].value_start;
        char *owned = total ? malloc(flen + vlen + 2) : NULL;
        if (total && !owned) {
            free(without);
            return GZ_ERR_NOMEM;
        }
        if (!total) {
            free(without);
            continue;
        }
        memcpy(owned, clauses[i].field, flen + 1);
        memcpy(owned + flen + 1, req->query + clauses[i].value_start, vlen);
        owned[flen + 1 + vlen] = '\0';
        res->relaxed[res->nrelaxed++] = (struct gz_relaxed){owned, owned + flen + 1, total,
                                                            without, owned};
    }
    return GZ_OK;
}

static gz_status help_when_nothing(gz_searcher *s, const gz_search_request *req,
                                   gz_search_result *res)
{
    gz_query_clause clauses[8];
    size_t typed = req->query ? gz_query_clauses(req->query, clauses, 8) : 0;
    if ((req->nfilters || typed) &&
        !(res->relaxed = calloc(req->nfilters + typed, sizeof *res->relaxed)))
        return GZ_ERR_NOMEM;
    for (size_t i = 0; i < req->nfilters; i++) {
        unsigned long n = count_with(s, req, req->query, i);
        if (n)
            res->relaxed[res->nrelaxed++] = (struct gz_relaxed){req->filters[i].field,
                                                                req->filters[i].value, n, NULL, NULL};
    }
    if (typed && relax_typed(s, req, clauses, typed, res) != GZ_OK)
        return GZ_ERR_NOMEM;
    /* What the archive holds: its size and dates cost two lookups; its
     * sources a pass over every article, paid only by a small archive. */
    char *lo = NULL, *hi = NULL;
    if (gz_xap_reader_doccount(s->reader, &res->archive_documents) != GZ_OK ||
        gz_xap_reader_value_bounds(s->reader, GZ_SLOT_DATE, &lo, &hi) != GZ_OK) {
        res->archive_documents = 0;  /* the help is a courtesy: a search without it stands */
        return GZ_OK;
    }
    ymd_to_iso(lo, res->archive_first);
    ymd_to_iso(hi, res->archive_last);
    free(lo);
    free(hi);
    gz_stats st;
    char err[256];
    if (res->archive_documents > HELP_SOURCES_UP_TO || gz_searcher_stats(s, 5, &st, err, sizeof err) != GZ_OK)
        return GZ_OK;
    res->archive_sources = st.top[GZ_FACET_SOURCE];
    memset(&st.top[GZ_FACET_SOURCE], 0, sizeof st.top[GZ_FACET_SOURCE]);
    gz_stats_release(&st);
    return GZ_OK;
}

/* ---- one article ------------------------------------------------------ */

/* The article view: q, parsed for the words to mark, becomes the article
 * with req->show_id alone. */
static gz_status show_query(const gz_search_request *req, gz_xap_query **q, char *err,
                            size_t errlen)
{
    char id_term[GZ_XAP_MAX_TERM + 2];
    size_t len = gz_schema_id_term(req->show_id, id_term, sizeof id_term);
    if (!len) {
        snprintf(err, errlen, "id: '%.80s' is no article id", req->show_id);
        return GZ_ERR_INVALID;
    }
    gz_xap_query *one = gz_xap_query_term(id_term, len, 1);
    if (!one)
        return gz_status_put(err, errlen, GZ_ERR_NOMEM);
    gz_xap_query_free(*q);
    *q = one;
    return GZ_OK;
}

/* ---- related articles ------------------------------------------------- */

/* q becomes the articles like req->like_id, filtered by q, its own story
 * left out; *source gets the article's stored metadata. */
static gz_status like_query(gz_searcher *s, const gz_search_request *req, gz_xap_query **q,
                            json_t **source, char *err, size_t errlen)
{
    char id_term[GZ_XAP_MAX_TERM + 2], *data = NULL, *story = NULL;
    size_t id_len = gz_schema_id_term(req->like_id, id_term, sizeof id_term), data_len = 0;
    gz_xap_query *like = NULL;
    gz_status st = id_len ? gz_xap_reader_like(s->reader, id_term, id_len, LIKE_TERMS, GZ_SLOT_STORY,
                                               gz_schema_is_word, &data, &data_len, &story,
                                               &like)
                          : GZ_ERR_NOT_FOUND;
    if (st == GZ_ERR_NOT_FOUND) {
        snprintf(err, errlen, "like: no article has the id '%.80s'", req->like_id);
        return GZ_ERR_INVALID;
    }
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s", gz_xap_reader_last_error(s->reader));
        return st;
    }
    const char *json, *body;
    size_t json_len, body_len;
    gz_schema_data_decode(data, data_len, &json, &json_len, &body, &body_len);
    *source = json_loadb(json, json_len, 0, NULL);
    /* its story: its copies (XS + key) and the story's first article (Q +
     * key); an article no other copies is its story alone */
    char term[GZ_XAP_MAX_TERM + 2], first[GZ_XAP_MAX_TERM + 2];
    size_t len = story ? gz_schema_term(GZ_PREFIX_STORY, story, strlen(story), term, sizeof term) : 0;
    size_t first_len = story ? gz_schema_id_term(story, first, sizeof first) : 0;
    gz_xap_query *members[3] = {gz_xap_query_term(id_term, id_len, 1),
                                len ? gz_xap_query_term(term, len, 1) : NULL,
                                first_len ? gz_xap_query_term(first, first_len, 1) : NULL};
    size_t nmembers = 1 + (members[1] != NULL) + (members[2] != NULL);
    if (!members[1] && members[2]) {
        members[1] = members[2];
        members[2] = NULL;
    }
    gz_xap_query *own = members[0] ? gz_xap_query_combine(GZ_XAP_OP_OR, members, nmembers) : NULL;
    for (size_t i = 0; i < 3; i++)
        gz_xap_query_free(members[i]);
    gz_xap_query *parts[2] = {like, own}, *unlike = own ? gz_xap_query_combine(GZ_XAP_OP_AND_NOT, parts, 2) : NULL;
    gz_xap_query *both[2] = {unlike, *q}, *out = unlike ? gz_xap_query_combine(GZ_XAP_OP_FILTER, both, 2) : NULL;
    free(data);
    free(story);
    gz_xap_query_free(like);
    gz_xap_query_free(own);
    gz_xap_query_free(unlike);
    if (!out || !*source) {
        gz_xap_query_free(out);
        snprintf(err, errlen, "%s", out ? "stored article data is damaged" : gz_status_to_string(GZ_ERR_NOMEM));
        return out ? GZ_ERR_CORRUPT : GZ_ERR_NOMEM;
    }
    gz_xap_query_free(*q);
    *q = out;
    return GZ_OK;
}

static size_t shared_values(json_t *a, json_t *b, const char *field)
{
    json_t *la = json_object_get(a, field), *lb = json_object_get(b, field), *x, *y;
    size_t i, j, n = 0;
    json_array_foreach(la, i, x)
        json_array_foreach(lb, j, y)
            if (json_equal(x, y)) {
                n++;
                break;
            }
    return n;
}

/* The share of the source's values of field that doc has too (0 when the
 * source has none). */
static double share_of(json_t *source, json_t *doc, const char *field)
{
    size_t n = json_array_size(json_object_get(source, field));
    return n ? (double)shared_values(source, doc, field) / (double)n : 0.0;
}

/* Days between two YYYY-MM-DD dates, roughly (for ordering only). */
static long day_gap(json_t *a, json_t *b)
{
    const char *x = json_string_value(json_object_get(a, "date"));
    const char *y = json_string_value(json_object_get(b, "date"));
    int xy, xm, xd, yy, ym, yd;
    if (!x || !y || sscanf(x, "%d-%d-%d", &xy, &xm, &xd) != 3 || sscanf(y, "%d-%d-%d", &yy, &ym, &yd) != 3)
        return 1L << 30;
    long gap = (xy - yy) * 372L + (xm - ym) * 31L + (xd - yd);
    return gap < 0 ? -gap : gap;
}

struct related {
    gz_hit hit;
    long gap;       /* days from the source: the nearer first among equals */
};

static int by_relatedness(const void *pa, const void *pb)
{
    const struct related *a = pa, *b = pb;
    if (a->hit.score != b->hit.score)
        return a->hit.score > b->hit.score ? -1 : 1;
    return (a->gap > b->gap) - (a->gap < b->gap);
}

/* Weighs in the people and countries each hit shares with the source,
 * then keeps [offset, offset + limit). */
static gz_status rank_related(gz_search_result *res, json_t *source, const gz_search_request *req)
{
    struct related *r = calloc(res->nhits ? res->nhits : 1, sizeof *r);
    if (!r)
        return GZ_ERR_NOMEM;
    for (size_t i = 0; i < res->nhits; i++) {
        gz_hit *h = &res->hits[i];
        h->score *= 1 + LIKE_PERSON_BONUS * share_of(source, h->doc, "people") +
                    LIKE_COUNTRY_BONUS * share_of(source, h->doc, "countries");
        r[i] = (struct related){*h, day_gap(h->doc, source)};
    }
    qsort(r, res->nhits, sizeof *r, by_relatedness);
    for (size_t i = 0; i < res->nhits; i++)
        res->hits[i] = r[i].hit;
    free(r);
    size_t first = req->offset < res->nhits ? req->offset : res->nhits;
    size_t keep = res->nhits - first < req->limit ? res->nhits - first : req->limit;
    for (size_t i = 0; i < res->nhits; i++)
        if (i < first || i >= first + keep) {
            json_decref(res->hits[i].doc);
            free(res->hits[i].body);
            gz_snippet_release(&res->hits[i].snippet);
        }
    memmove(res->hits, res->hits + first, keep * sizeof *res->hits);
    res->nhits = keep;
    return GZ_OK;
}

static gz_xap_bm25 ranking_weight(double k1, double b);

/* The related articles are the best LIKE_POOL matches of the article's
 * words, not every article that shares one of them (a cocoa report's
 * words match 2,136 of Reuters' 18,000): q becomes those, so that the
 * total and the facets describe the list shown. */
static gz_status narrow_to_pool(gz_searcher *s, const gz_search_request *req, gz_xap_query **q,
                                char *err, size_t errlen)
{
    gz_xap_search_opts opts = {
        .count = req->offset + req->limit > LIKE_POOL ? (unsigned)(req->offset + req->limit)
                                                      : LIKE_POOL,
        .bm25 = ranking_weight(req->bm25_k1, req->bm25_b), .break_ties = s->schema >= 5,
        .tie_slot = GZ_SLOT_NEWEST, .collapse = !req->no_collapse, .hit_keys = 1,
        .collapse_slot = GZ_SLOT_STORY,
    };
    gz_xap_results *xr = NULL;
    gz_status st = gz_xap_search(s->reader, *q, &opts, &xr);
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s", gz_xap_reader_last_error(s->reader));
        return st;
    }
    size_t n = gz_xap_results_size(xr), kept = 0;
    gz_xap_query **ids = calloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; ids && i < n; i++) {
        size_t len, json_len, body_len;
        const char *data = gz_xap_results_data(xr, i, &len), *json, *body;
        gz_schema_data_decode(data, len, &json, &json_len, &body, &body_len);
        json_t *o = json_loadb(json, json_len, 0, NULL);
        const char *id = json_string_value(json_object_get(o, "id"));
        char term[GZ_XAP_MAX_TERM + 2];
        size_t tlen = id ? gz_schema_id_term(id, term, sizeof term) : 0;
        if (tlen && (ids[kept] = gz_xap_query_term(term, tlen, 1)) != NULL)
            kept++;
        json_decref(o);
    }
    gz_xap_results_free(xr);
    if (ids && !kept) {
        free(ids);
        return GZ_OK;       /* nothing related: q finds nothing as it is */
    }
    gz_xap_query *pool = ids ? gz_xap_query_combine(GZ_XAP_OP_OR, ids, kept) : NULL;
    gz_xap_query *both[2] = {*q, pool};
    gz_xap_query *narrowed = pool ? gz_xap_query_combine(GZ_XAP_OP_FILTER, both, 2) : NULL;
    for (size_t i = 0; i < kept; i++)
        gz_xap_query_free(ids[i]);
    free(ids);
    gz_xap_query_free(pool);
    if (!narrowed)
        return gz_status_put(err, errlen, GZ_ERR_NOMEM);
    gz_xap_query_free(*q);
    *q = narrowed;
    return GZ_OK;
}

/* ---- hits ------------------------------------------------------------- */

size_t gz_story_query(const char *key, char *out, size_t cap)
{
    int bare = *key != '\0';
    for (const char *c = key; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '-' || *c == '.' || *c == '_'))
            bare = 0;
    if (strchr(key, '"'))
        return 0;
    int n = snprintf(out, cap, bare ? "story:%s" : "story:\"%s\"", key);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* How many articles the story holds: its copies (XS) and its first
 * article, when it is still there (Q). */
static unsigned long story_size(gz_searcher *s, const char *key)
{
    char term[GZ_XAP_MAX_TERM + 2];
    unsigned long n = 0;
    if (gz_schema_term(GZ_PREFIX_STORY, key, strlen(key), term, sizeof term))
        n += termfreq(s, term);
    if (gz_schema_id_term(key, term, sizeof term))
        n += termfreq(s, term) > 0;
    return n;
}

static gz_status fill_hits(gz_searcher *s, gz_xap_results *xr, const gz_search_request *req,
                           const gz_query_info *info, gz_search_result *res)
{
    size_t n = gz_xap_results_size(xr);
    if (!(res->hits = calloc(n ? n : 1, sizeof *res->hits)))
        return GZ_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t len, json_len, body_len;
        const char *data = gz_xap_results_data(xr, i, &len), *json, *body;
        gz_schema_data_decode(data, len, &json, &json_len, &body, &body_len);
        json_t *doc = json_loadb(json, json_len, 0, NULL);
        if (!json_is_object(doc)) {
            json_decref(doc);
            return GZ_ERR_CORRUPT;
        }
        gz_hit *h = &res->hits[res->nhits++];
        h->doc = doc;
        h->score = gz_xap_results_score(xr, i);
        size_t klen;
        const char *key = gz_xap_results_collapse_key(xr, i, &klen);
        if (klen && klen < sizeof h->story) {
            memcpy(h->story, key, klen);
            h->story[klen] = '\0';
            h->similar = story_size(s, h->story);
            h->similar -= h->similar > 0;      /* the others */
        }
        if (!(h->body = malloc(body_len + 1)))
            return GZ_ERR_NOMEM;
        memcpy(h->body, body, body_len);
        h->body[body_len] = '\0';
        /* the article view marks the whole text */
        size_t shown = req->show_id ? body_len + 1 : GZ_SNIPPET_BYTES;
        if (req->snippets && gz_snippet_make(s->analyzer, h->body, info, shown, &h->snippet) < 0)
            return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

/* ---- did you mean ----------------------------------------------------- */

/* The correction in the case the user typed the word: "Kim Jong Unn" ->
 * "Kim Jong Un", "PYONGYAN" -> "PYONGYANG". */
static void as_typed(char *better, const char *typed, size_t typed_len)
{
    int upper = 0, letters = 0;
    for (size_t i = 0; i < typed_len; i++)
        if (isalpha((unsigned char)typed[i])) {
            letters++;
            upper += isupper((unsigned char)typed[i]) != 0;
        }
    if (letters > 1 && upper == letters) {
        for (char *p = better; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    } else if (typed_len && isupper((unsigned char)typed[0])) {
        better[0] = (char)toupper((unsigned char)better[0]);
    }
}

static char *suggest(gz_searcher *s, const char *query, const gz_query_info *info)
{
    gz_strbuf out = GZ_STRBUF_INIT;
    size_t at = 0;
    int changed = 0;
    for (size_t i = 0; i < info->nwords; i++) {
        const gz_query_word *w = &info->words[i];
        char *better = NULL;
        /* A word the index holds is spelt as some article spells it: Xapian
         * would still offer a commoner word a letter or two away ("forum"
         * -> "for"), which is no correction. */
        size_t stem_len;
        const char *stem = gz_analyzer_stem(s->analyzer, w->folded, strlen(w->folded), &stem_len);
        if (stem && termfreq(s, stem) > 0)
            continue;
        if (gz_did_you_mean(s->reader, s->analyzer, s->schema >= 5, w->folded, &better) != GZ_OK ||
            !better)
            continue;
        if (strcmp(better, w->folded) != 0) {
            as_typed(better, query + w->start, w->end - w->start);
            gz_strbuf_add(&out, query + at, w->start - at);
            gz_strbuf_addstr(&out, better);
            at = w->end;
            changed = 1;
        }
        free(better);
    }
    if (!changed) {
        gz_strbuf_release(&out);
        return NULL;
    }
    gz_strbuf_addstr(&out, query + at);
    return gz_strbuf_detach(&out);
}

/* ---- running ---------------------------------------------------------- */

static int already_failed(const gz_search_result *res, const char *shard)
{
    for (size_t i = 0; i < res->nfailed; i++)
        if (strcmp(res->failed[i].shard, shard) == 0)
            return 1;
    return 0;
}

static gz_status add_failure(gz_search_result *res, const char *shard, const char *why)
{
    gz_shard_failure *grown = realloc(res->failed, (res->nfailed + 1) * sizeof *grown);
    if (!grown)
        return GZ_ERR_NOMEM;
    res->failed = grown;
    gz_shard_failure *f = &res->failed[res->nfailed];
    f->shard = strdup(shard);
    f->error = strdup(why);
    f->whole_stub = 0;
    res->nfailed++;
    return f->shard && f->error ? GZ_OK : GZ_ERR_NOMEM;
}

/* The shards the ranking reader or the facet thread's reader found down,
 * and a stub its shards disagree with. */
static gz_status note_failed_shards(gz_searcher *s, gz_search_result *res)
{
    if (s->misplaced) {
        if (add_failure(res, s->path, s->misplaced) != GZ_OK)
            return GZ_ERR_NOMEM;
        res->failed[res->nfailed - 1].whole_stub = 1;
    }
    gz_xap_reader *readers[3] = {s->reader, s->facets.thread_reader, s->facets.recount_reader};
    for (int r = 0; r < 3; r++) {
        size_t n = readers[r] ? gz_xap_reader_shards_down(readers[r]) : 0;
        for (size_t k = 0; k < n; k++) {
            const char *why, *shard = gz_xap_reader_shard_down(readers[r], k, &why);
            if (!shard || already_failed(res, shard))
                continue;
            if (add_failure(res, shard, why) != GZ_OK)
                return GZ_ERR_NOMEM;
        }
    }
    return GZ_OK;
}

/* Stories per article over the index: the articles that copy an earlier
 * one each hold their story's term (GZ_PREFIX_STORY), so the copies add up
 * from those terms' counts, read once per commit. */
/* The facets counted, into the result (which then owns the lists, also
 * after a failure).  A count made apart from the ranking also says how
 * many articles match: the total when Xapian's was an estimate. */
static void take_facets(gz_search_result *res, gz_facet_counts *c)
{
    memcpy(res->facets, c->lists, sizeof res->facets);
    if (!c->counted)
        return;
    res->has_facets = 1;
    res->facets_exact = c->exact;
    if (!c->matches_known)
        return;
    /* A collapsed total counts stories; the count, articles. */
    if (!res->collapsed && (c->matches_exact || !res->total_exact)) {
        res->total = c->matches;
        res->total_exact = c->matches_exact;
    }
    if (res->collapsed) {
        res->articles = c->matches;
        res->articles_counted = 1;
    }
}

/* BM25 as the request sets it, its other parameters at Gazette's policy. */
static gz_xap_bm25 ranking_weight(double k1, double b)
{
    return (gz_xap_bm25){k1, GZ_BM25_K2, GZ_BM25_K3, b, GZ_BM25_MIN_NORMLEN};
}

static double story_share(gz_searcher *s)
{
    unsigned long docs = 0, copies = 0;
    if (s->story_share > 0)
        return s->story_share;
    if (gz_xap_reader_doccount(s->reader, &docs) != GZ_OK || docs == 0 ||
        gz_xap_reader_prefix_postings(s->reader, GZ_PREFIX_STORY, &copies) != GZ_OK ||
        copies >= docs)
        return 1;
    return s->story_share = (double)(docs - copies) / (double)docs;
}

/* Xapian 1.4 estimates the stories of a big collapsed match set at about
 * half the truth ("the" on 200,000 articles: about 100,000, where 187,945
 * stories match), and below the articles a country facet counts.  When
 * the facet pass counted the articles matching (every one, or a sample
 * chosen by article, so the same over any shards), the index's share of
 * stories per article turns them into stories, never fewer than the
 * stories seen.  Without it, Xapian's estimate stands: its own estimate of
 * the articles depends on how they are spread over shards, and a cluster
 * answers as one index does. */
static void estimate_stories(gz_searcher *s, const gz_search_request *req, gz_search_result *res)
{
    if (!res->collapsed || res->total_exact || !res->articles_counted)
        return;
    double est = story_share(s) * (double)res->articles;
    unsigned long seen = (unsigned long)req->offset + res->nhits;
    res->total = est < (double)seen ? seen : (unsigned long)(est + 0.5);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Milliseconds since *t, which moves on to now. */
static double lap(double *t)
{
    double now = now_ms(), since = now - *t;
    *t = now;
    return since;
}

gz_status gz_searcher_run(gz_searcher *s, const gz_search_request *req,
                          gz_search_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (errlen)
        err[0] = '\0';
    gz_search_timing *tm = &res->timing;
    double started = now_ms(), t = started;
    gz_query_info info;
    gz_xap_query *q;
    json_t *like_source = NULL;
    gz_status st = build_query(s, req, res, &info, &q, err, errlen);
    if (st == GZ_OK && req->like_id)
        st = like_query(s, req, &q, &like_source, err, errlen);
    if (st == GZ_OK && req->like_id)
        st = narrow_to_pool(s, req, &q, err, errlen);
    if (st == GZ_OK && req->show_id)
        st = show_query(req, &q, err, errlen);
    if (st != GZ_OK) {
        gz_xap_query_free(q);
        json_decref(like_source);
        gz_query_info_release(&info);
        gz_search_result_release(res);
        return st;
    }
    unsigned long docs = 0;
    gz_xap_reader_doccount(s->reader, &docs);
    unsigned enough = req->offset + req->limit;
    if (enough < EXACT_UP_TO)
        enough = EXACT_UP_TO;
    gz_facet_request facet_req = {req->facets, req->facet_limit, req->facet_sample};
    gz_facet_plan plan;
    struct side_request side_req = {s, req->any};
    gz_facet_side side = {prepare_side, &side_req, req->facet_days};
    gz_facet_plan_start(&plan, &s->facets, &facet_req, q, docs, &side);
    /* Expansion only reorders the matches (AND_MAYBE): totals and facets,
     * counted over q, stay those of the query as typed. */
    gz_xap_query *ranked_q = NULL, *boosted = NULL;
    gz_xap_bm25 bm25 = ranking_weight(req->bm25_k1, req->bm25_b);
    /* (the facets' recount counts q as typed: the title words only weigh) */
    if (req->title_weight > 0 && req->sort == GZ_SORT_RELEVANCE && !req->like_id)
        boosted = gz_xap_query_field_boost(q, GZ_PREFIX_TITLE, req->title_weight,
                                           gz_schema_is_word);
    if (req->expand_docs && req->sort == GZ_SORT_RELEVANCE && !req->like_id && !req->show_id &&
        info.nphrased <= GZ_EXPAND_MAX_PHRASES &&
        info.nwords_ranked >= GZ_EXPAND_MIN_WORDS &&
        gz_xap_reader_expand(s->reader, boosted ? boosted : q, req->expand_docs,
                             req->expand_terms, req->expand_weight, &bm25, gz_schema_is_word,
                             &ranked_q) != GZ_OK)
        ranked_q = NULL;     /* a search without expansion is still an answer */
    /* Nothing to rank by (only filters): every score is 0, and a news
     * reader wants the newest first (Xapian would list them in document-id
     * order, which depends on how they are spread over shards). */
    int filter_only = !req->like_id && info.nterms == 0 && info.nphrases == 0;
    gz_xap_search_opts opts = {
        .first = req->offset, .count = req->limit,
        .bm25 = bm25,
        .sort = req->sort == GZ_SORT_DATE || (filter_only && req->sort == GZ_SORT_RELEVANCE)
                    ? GZ_XAP_SORT_VALUE_DESC
              : req->sort == GZ_SORT_DATE_ASC ? GZ_XAP_SORT_VALUE_ASC : GZ_XAP_SORT_RELEVANCE,
        .sort_slot = s->schema < 5 ? GZ_SLOT_DATE
                     : req->sort == GZ_SORT_DATE_ASC ? GZ_SLOT_OLDEST : GZ_SLOT_NEWEST,
        .break_ties = s->schema >= 5, .tie_slot = GZ_SLOT_NEWEST,
        .check_at_least = plan.in_ranking ? (unsigned)docs : enough,
        .collapse = !req->no_collapse && !info.story, .hit_keys = 1, .collapse_slot = GZ_SLOT_STORY,
    };
    if (plan.in_ranking && plan.wanted)
        gz_facet_spies(&opts, plan.bounded);
    if (req->like_id) {         /* a pool to reorder, then the page of it */
        opts.first = 0;
        opts.count = req->offset + req->limit > LIKE_POOL ? req->offset + req->limit : LIKE_POOL;
    }
    gz_xap_results *xr = NULL;
    res->expanded = ranked_q != NULL;
    tm->prepare = lap(&t);
    st = gz_xap_search(s->reader, ranked_q ? ranked_q : boosted ? boosted : q, &opts, &xr);
    gz_xap_query_free(ranked_q);
    gz_xap_query_free(boosted);
    tm->rank = lap(&t);
    if (st == GZ_OK) {
        res->total = gz_xap_results_total(xr, &res->total_exact);
        /* related articles leave out their source's own story after the
         * search: the articles Xapian counted include it */
        res->articles = req->like_id ? res->total : gz_xap_results_uncollapsed(xr);
        res->collapsed = opts.collapse;
        st = fill_hits(s, xr, req, &info, res);
    }
    if (st == GZ_OK && like_source)
        st = rank_related(res, like_source, req);
    const char *about = json_string_value(json_object_get(like_source, "title"));
    if (st == GZ_OK && about && !(res->about = strdup(about)))
        st = GZ_ERR_NOMEM;
    json_decref(like_source);
    tm->hits = lap(&t);
    gz_facet_counts counts;
    gz_facet_env facet_env = s->facets.env;
    facet_env.days = req->facet_days;
    st = gz_facet_plan_finish(&plan, &facet_env, &facet_req, xr, st, &counts, err, errlen);
    take_facets(res, &counts);
    if (st == GZ_OK)
        estimate_stories(s, req, res);
    tm->facets = lap(&t);
    if (st == GZ_OK && res->has_facets && !res->facets_exact && !counts.recounted) {
        gz_query_env env = query_env(s, req);
        st = gz_facet_recount(s->reader, &s->facets, gz_facet_source_thread_reader, &facet_env,
                              &env, q, docs, req->facet_sample, req->facet_limit, res->facets,
                              &res->facets_exact);
    }
    tm->recount = lap(&t);
    gz_xap_results_free(xr);
    gz_xap_query_free(q);
    if (st == GZ_OK && res->total < SUGGEST_BELOW && req->query)
        res->suggestion = suggest(s, res->query ? res->query : req->query, &info);
    /* a correction that finds nothing helps no one */
    if (st == GZ_OK && res->suggestion && !req->no_help && !finds_something(s, req, res->suggestion)) {
        free(res->suggestion);
        res->suggestion = NULL;
    }
    if (st == GZ_OK && res->total == 0 && !req->no_help && !req->show_id)
        st = help_when_nothing(s, req, res);
    tm->help = lap(&t);
    gz_query_info_release(&info);
    if (st == GZ_OK)
        st = note_failed_shards(s, res);
    if (st != GZ_OK) {
        if (!*err)
            snprintf(err, errlen, "%s", st == GZ_ERR_CORRUPT ? "stored article data is damaged"
                                        : st == GZ_ERR_NOMEM ? gz_status_to_string(GZ_ERR_NOMEM)
                                        : gz_xap_reader_last_error(s->reader));
        gz_search_result_release(res);
    }
    tm->total = now_ms() - started;
    return st;
}

bool gz_search_result_counts_stories(const gz_search_result *res)
{
    if (res->collapsed && res->articles != res->total)
        return 1;       /* copies somewhere in the match set, if not on this page */
    for (size_t i = 0; res->collapsed && i < res->nhits; i++)
        if (res->hits[i].similar)
            return 1;
    return 0;
}

void gz_search_result_release(gz_search_result *res)
{
    for (size_t i = 0; i < res->nrelaxed; i++) {
        free(res->relaxed[i].query);
        free(res->relaxed[i].owned);
    }
    free(res->relaxed);
    gz_facet_list_release(&res->archive_sources);
    free(res->about);
    for (size_t i = 0; i < res->nhits; i++) {
        json_decref(res->hits[i].doc);
        free(res->hits[i].body);
        gz_snippet_release(&res->hits[i].snippet);
    }
    free(res->hits);
    for (int f = 0; f < GZ_NFACETS; f++)
        gz_facet_list_release(&res->facets[f]);
    free(res->suggestion);
    free(res->query);
    free(res->notice);
    for (size_t i = 0; i < res->nfailed; i++) {
        free(res->failed[i].shard);
        free(res->failed[i].error);
    }
    free(res->failed);
    memset(res, 0, sizeof *res);
}

/* ---- stats ------------------------------------------------------------ */

static unsigned long long dir_bytes(const char *path)
{
    unsigned long long total = 0;
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char file[PATH_MAX + 256];
        struct stat sb;
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode))
            total += (unsigned long long)sb.st_size;
    }
    if (d)
        closedir(d);
    return total;
}

static void ymd_to_iso(const char *ymd, char out[11])
{
    out[0] = '\0';
    if (ymd && strlen(ymd) == 8)
        snprintf(out, 11, "%.4s-%.2s-%.2s", ymd, ymd + 4, ymd + 6);
}

gz_status gz_searcher_stats(gz_searcher *s, unsigned facet_limit, gz_stats *st,
                            char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    char *lo = NULL, *hi = NULL;
    gz_status rc = gz_xap_reader_doccount(s->reader, &st->documents);
    if (rc == GZ_OK)
        rc = gz_xap_reader_value_bounds(s->reader, GZ_SLOT_DATE, &lo, &hi);
    if (rc != GZ_OK) {
        snprintf(err, errlen, "%s", gz_xap_reader_last_error(s->reader));
        return rc;
    }
    ymd_to_iso(lo, st->first_date);
    ymd_to_iso(hi, st->last_date);
    free(lo);
    free(hi);
    snprintf(st->language, sizeof st->language, "%s", gz_analyzer_language(s->analyzer));
    st->bytes = dir_bytes(s->path);
    gz_xap_query *all = gz_xap_query_all();
    gz_xap_results *xr = NULL;
    gz_xap_search_opts opts = {.count = 0, .bm25 = ranking_weight(GZ_BM25_K1, GZ_BM25_B),
                               .check_at_least = (unsigned)st->documents, .spy_slots = gz_facet_slots,
                               .nspies = GZ_NFACETS};
    rc = all ? gz_xap_search(s->reader, all, &opts, &xr) : GZ_ERR_NOMEM;
    gz_xap_query_free(all);
    if (rc == GZ_OK)
        rc = gz_facets_from_spies(&s->facets.env, xr, 0, facet_limit, 1, st->top);
    gz_xap_results_free(xr);
    if (rc != GZ_OK)
        snprintf(err, errlen, "%s", gz_xap_reader_last_error(s->reader));
    return rc;
}

void gz_stats_release(gz_stats *st)
{
    for (int f = 0; f < GZ_NFACETS; f++)
        gz_facet_list_release(&st->top[f]);
}
