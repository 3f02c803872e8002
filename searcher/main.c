/*
 * main.c - the gazette-search command: runs a query against an index and
 * prints ranked articles with snippets and facets, as text or JSON.
 *
 * Exit status (status.h): 0 results printed (possibly none); 1 the index
 * could not be searched (no shard of a cluster answered); 2 a bad option
 * or field value; 3 results printed, but from some shards only (each one
 * that did not answer is named on stderr); 4 out of memory.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cluster.h"
#include "render_json.h"
#include "search.h"
#include "strbuf.h"


struct options {
    const char *db;
    int json, stats;
    gz_search_request req;
};

static void usage(FILE *to)
{
    fputs("usage: gazette-search --db PATH [options] QUERY...\n"
          "       gazette-search --db PATH --stats\n"
          "\n"
          "QUERY (options come first, so a query word may start with -; put -- before\n"
          "a query whose first word does):\n"
          "  words                 all required (--any: any, ranked by how many match)\n"
          "  \"a phrase\"            the words in that order\n"
          "  A OR B, A AND B, NOT A, -A, ( ... )\n"
          "  country:KP  country:\"North Korea\"   ISO code or a name Gazette knows\n"
          "  person:\"Kim Song Nam\"               any spelling of the name\n"
          "  org:ASEAN   title:words   source:KCNA\n"
          "  date:2024-03-21  date:2024-03  date:2024  date:2024-01..2024-06  date:..2024-06\n"
          "  story:KEY             every copy of one story (as the results give it)\n"
          "\n"
          "  -d, --db PATH          the index to search, or a stub file listing shards\n"
          "      --shard-timeout S  wait S seconds for a remote shard, then answer\n"
          "                         without it (default 3; also GAZETTE_SHARD_TIMEOUT)\n"
          "  -n, --limit N          hits to show (default 10)\n"
          "  -o, --offset N         hits to skip (default 0)\n"
          "  -s, --sort ORDER       relevance (default), date (newest first), date-asc\n"
          "      --any              rank articles matching any word (OR)\n"
          "      --bm25 K1,B        BM25 parameters (default 1.6,0.6)\n"
          "      --title-weight W   a word in the headline counts W more (default 0.2)\n"
          "      --expand D,T,W     reorder by the T most telling words of the top D hits,\n"
          "                         at weight W (default 10,10,0.3)\n"
          "      --no-expand        no such reordering\n"
          "      --no-collapse      every copy of a story (default: one hit per story)\n"
          "      --show ID          article ID, whole: its text with the query's words\n"
          "                         marked (QUERY optional)\n"
          "      --like ID          articles related to article ID (its words, people and\n"
          "                         countries; not its own story); a QUERY filters them\n"
          "  -f, --facets[=LIST]    counts of country, person, org, month, source (or LIST)\n"
          "      --facet-limit N    values per facet (default 10)\n"
          "      --facet-sample N   count facets exactly up to N matches, above that over\n"
          "                         a uniform sample of at most N, marked as estimates\n"
          "                         (default 10000; 0: always exactly)\n"
          "  -j, --json             JSON output (gazette-search(1))\n"
          "      --stats            documents, dates, top entities, size, language\n"
          "  -h, --help             this help\n"
          "  -V, --version          the version\n"
          "\n"
          "Exit status: 0 results printed (perhaps none); 1 the index could not be\n"
          "searched (no shard answered); 2 a bad option or field value; 3 results\n"
          "printed from some shards only (the others are named on stderr); 4 out of\n"
          "memory.\n",
          to);
}

static int parse_count(const char *name, const char *arg, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-' || v > max) {
        fprintf(stderr, "gazette-search: %s wants a number from 0 to %u, not '%s'\n", name, max, arg);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_sort(const char *arg, gz_sort *out)
{
    static const char *names[] = {"relevance", "date", "date-asc"};
    for (int i = 0; i < 3; i++)
        if (strcmp(arg, names[i]) == 0) {
            *out = (gz_sort)i;
            return 0;
        }
    fprintf(stderr, "gazette-search: --sort wants relevance, date or date-asc, not '%s'\n", arg);
    return -1;
}

static int parse_bm25(const char *arg, double *k1, double *b)
{
    char *end;
    *k1 = strtod(arg, &end);
    if (end != arg && *end == ',') {
        const char *bs = end + 1;
        *b = strtod(bs, &end);
        if (end != bs && !*end && *k1 >= 0 && *k1 <= 10 && *b >= 0 && *b <= 1)
            return 0;
    }
    fprintf(stderr, "gazette-search: --bm25 wants K1,B with 0 <= K1 <= 10 and 0 <= B <= 1, not '%s'\n", arg);
    return -1;
}

static int parse_weight(const char *arg, double *w)
{
    char *end;
    *w = strtod(arg, &end);
    if (end != arg && !*end && *w >= 0 && *w <= 10)
        return 0;
    fprintf(stderr, "gazette-search: --title-weight wants a number from 0 to 10, not '%s'\n", arg);
    return -1;
}

static int parse_expand(const char *arg, gz_search_request *req)
{
    unsigned docs, terms;
    double weight;
    char tail;
    if (sscanf(arg, "%u,%u,%lf%c", &docs, &terms, &weight, &tail) == 3 && docs >= 1 &&
        docs <= 100 && terms >= 1 && terms <= 100 && weight > 0 && weight <= 10) {
        req->expand_docs = docs;
        req->expand_terms = terms;
        req->expand_weight = weight;
        return 0;
    }
    fprintf(stderr, "gazette-search: --expand wants DOCS,TERMS,WEIGHT (1-100, 1-100, 0-10), not '%s'\n",
            arg);
    return -1;
}

static int parse_facets(const char *arg, unsigned *mask)
{
    *mask = 0;
    if (!arg)
        return 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", arg);
    for (char *f = strtok(buf, ","); f; f = strtok(NULL, ",")) {
        int found = 0;
        for (int k = 0; k < GZ_NFACETS; k++)
            if (strcmp(f, gz_facet_names[k]) == 0) {
                *mask |= 1u << k;
                found = 1;
            }
        if (!found) {
            fprintf(stderr, "gazette-search: unknown facet '%s' (facets: country, person, org, month, source)\n", f);
            return -1;
        }
    }
    return 0;
}

/* Returns the index of the first query word, or -1 (usage) / -2 (answered). */
static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'}, {"sort", required_argument, NULL, 's'},
        {"any", no_argument, NULL, 'A'},          {"bm25", required_argument, NULL, 'B'},
        {"facets", optional_argument, NULL, 'f'}, {"facet-limit", required_argument, NULL, 'L'},
        {"facet-sample", required_argument, NULL, 'F'},
        {"expand", required_argument, NULL, 'E'}, {"no-expand", no_argument, NULL, 'N'},
        {"title-weight", required_argument, NULL, 'T'},
        {"json", no_argument, NULL, 'j'},         {"stats", no_argument, NULL, 'S'},
        {"no-collapse", no_argument, NULL, 'C'},  {"like", required_argument, NULL, 'K'},
        {"show", required_argument, NULL, 'I'},
        {"shard-timeout", required_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    unsigned sample;
    while ((c = getopt_long(argc, argv, "+d:n:o:s:fjhV", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'n': bad = parse_count("--limit", optarg, 10000, &o->req.limit); break;
        case 'o': bad = parse_count("--offset", optarg, 1000000, &o->req.offset); break;
        case 's': bad = parse_sort(optarg, &o->req.sort); break;
        case 'A': o->req.any = 1; break;
        case 'B': bad = parse_bm25(optarg, &o->req.bm25_k1, &o->req.bm25_b); break;
        case 'E': bad = parse_expand(optarg, &o->req); break;
        case 'N': o->req.expand_docs = 0; break;
        case 'T': bad = parse_weight(optarg, &o->req.title_weight); break;
        case 'f': o->req.facets = 1; bad = parse_facets(optarg, &o->req.facet_mask); break;
        case 'L': bad = parse_count("--facet-limit", optarg, 10000, &o->req.facet_limit); break;
        case 'F': bad = parse_count("--facet-sample", optarg, 1000000000, &sample);
                  o->req.facet_sample = sample; break;
        case 'j': o->json = 1; break;
        case 'C': o->req.no_collapse = 1; break;
        case 'K': o->req.like_id = optarg; break;
        case 'I':
            o->req.show_id = optarg;
            o->req.no_collapse = 1;
            break;
        case 'S': o->stats = 1; break;
        case 'W':
            /* the reader takes it from the environment, as gazette.cgi does */
            if (setenv(GZ_SHARD_TIMEOUT_ENV, optarg, 1) < 0 || gz_cluster_timeout_ms() < 0) {
                fprintf(stderr, "gazette-search: --shard-timeout wants seconds (0 < S <= 3600), "
                        "not '%s'\n", optarg);
                return -1;
            }
            break;
        case 'h': usage(stdout); return -2;
        case 'V': printf("gazette-search %s\n", GAZETTE_VERSION); return -2;
        default: usage(stderr); return -1;
        }
        if (bad)
            return -1;
    }
    if (!o->db || (!o->stats && !o->req.like_id && !o->req.show_id && optind >= argc)) {
        fprintf(stderr, "gazette-search: %s\n", o->db ? "no QUERY given" : "--db PATH is required");
        usage(stderr);
        return -1;
    }
    return optind;
}

/* ---- text output ------------------------------------------------------ */

static void print_list(const char *what, json_t *arr)
{
    if (!json_array_size(arr))
        return;
    printf("    %s: ", what);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) printf("%s%s", i ? ", " : "", json_string_value(v));
    putchar('\n');
}

/* Text whose paragraphs (an article shown whole) keep the indent. */
static void print_indented(const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        putchar(text[i]);
        if (text[i] == '\n' && i + 1 < n && text[i + 1] != '\n')
            fputs("    ", stdout);
    }
}

static void print_snippet(const gz_snippet *sn, int tty)
{
    const char *text = gz_strbuf_str(&sn->text);
    const char *on = tty ? "\033[1m" : "**", *off = tty ? "\033[0m" : "**";
    size_t at = 0;
    fputs("    ", stdout);
    for (size_t i = 0; i < sn->nspans; i++) {
        print_indented(text + at, sn->spans[i].start - at);
        printf("%s%.*s%s", on,
               (int)(sn->spans[i].end - sn->spans[i].start), text + sn->spans[i].start, off);
        at = sn->spans[i].end;
    }
    print_indented(text + at, strlen(text + at));
    putchar('\n');
}

static void print_facets(const gz_search_request *req, const gz_search_result *res)
{
    for (int f = 0; f < GZ_NFACETS; f++) {
        const gz_facet_list *l = &res->facets[f];
        if ((req->facet_mask && !(req->facet_mask & (1u << f))) || !l->n)
            continue;
        int estimates = 0;
        for (size_t i = 0; i < l->n; i++)
            estimates |= !l->values[i].exact;
        printf("\n%s%s:", gz_facet_names[f], estimates ? " (~: estimated from a sample)" : "");
        for (size_t i = 0; i < l->n; i++) {
            const gz_facet_value *v = &l->values[i];
            const char *approx = v->exact ? "" : "~";
            if (f == GZ_FACET_COUNTRY)
                printf("%s %s (%s) %s%lu", i ? "," : "", v->label, v->value, approx, v->count);
            else
                printf("%s %s %s%lu", i ? "," : "", v->label, approx, v->count);
        }
        putchar('\n');
    }
}

static void print_text(const gz_search_request *req, const gz_search_result *res)
{
    int tty = isatty(STDOUT_FILENO);
    if (res->notice)
        printf("note: %s\n", res->notice);
    if (gz_search_result_counts_stories(res))
        printf("%s%lu matching stor%s (--no-collapse lists every copy)\n",
               res->total_exact ? "" : "about ", res->total, res->total == 1 ? "y" : "ies");
    else
        printf("%s%lu matching article%s\n", res->total_exact ? "" : "about ", res->total,
               res->total == 1 ? "" : "s");
    if (res->suggestion)
        printf("did you mean: %s\n", res->suggestion);
    for (size_t i = 0; i < res->nrelaxed; i++)
        printf("without %s:%s: %lu article%s\n", res->relaxed[i].field, res->relaxed[i].value,
               res->relaxed[i].total, res->relaxed[i].total == 1 ? "" : "s");
    if (res->archive_documents)
        printf("the archive holds %lu articles, from %s to %s\n", res->archive_documents,
               res->archive_first, res->archive_last);
    for (size_t i = 0; i < res->nhits; i++) {
        const gz_hit *h = &res->hits[i];
        const char *date = json_string_value(json_object_get(h->doc, "date"));
        printf("\n%zu. [%s] %s\n", req->offset + i + 1, date ? date : "undated",
               json_string_value(json_object_get(h->doc, "title")));
        const char *source = json_string_value(json_object_get(h->doc, "source"));
        if (source && *source)
            printf("    source: %s\n", source);
        print_list("countries", json_object_get(h->doc, "countries"));
        print_list("people", json_object_get(h->doc, "people"));
        char story[sizeof h->story + 16];
        if (h->similar && gz_story_query(h->story, story, sizeof story))
            printf("    %lu similar: %s\n", h->similar, story);
        if (h->snippet.text.len)
            print_snippet(&h->snippet, tty);
    }
    if (res->has_facets)
        print_facets(req, res);
}

/* ---- the two jobs ----------------------------------------------------- */

static int print_json(json_t *o)
{
    int rc = json_dumpf(o, stdout, JSON_COMPACT) < 0 || putchar('\n') == EOF ? GZ_EXIT_FAIL : 0;
    json_decref(o);
    return rc;
}

static int run_stats(gz_searcher *s, const struct options *o)
{
    gz_stats st;
    char err[1024];
    if (gz_searcher_stats(s, o->req.facet_limit, &st, err, sizeof err) != GZ_OK) {
        fprintf(stderr, "gazette-search: %s\n", err);
        return GZ_EXIT_FAIL;
    }
    if (o->json) {
        gz_search_result as_result = {.has_facets = 1};
        memcpy(as_result.facets, st.top, sizeof st.top);
        gz_search_request req = {.query = "", .facet_mask = GZ_FACET_MASK_ENTITIES};
        json_t *whole = gz_result_to_json(&req, &as_result);
        json_t *top = json_incref(json_object_get(whole, "facets"));
        json_decref(whole);
        json_t *out = json_pack("{s:I,s:s,s:s,s:s,s:I,s:o}", "documents", (json_int_t)st.documents,
                                "first_date", st.first_date, "last_date", st.last_date,
                                "language", st.language, "bytes", (json_int_t)st.bytes,
                                "top", top);
        gz_stats_release(&st);
        return out ? print_json(out) : GZ_EXIT_FAIL;
    }
    printf("documents: %lu\ndates: %s .. %s\nlanguage: %s\nindex size: %.1f MB\n", st.documents,
           st.first_date, st.last_date, st.language, (double)st.bytes / 1e6);
    gz_search_result as_result = {.has_facets = 1};
    memcpy(as_result.facets, st.top, sizeof st.top);
    gz_search_request req = {.facet_mask = GZ_FACET_MASK_ENTITIES};
    print_facets(&req, &as_result);
    gz_stats_release(&st);
    return 0;
}

static int run_query(gz_searcher *s, struct options *o, int argc, char **argv, int first)
{
    gz_strbuf query = GZ_STRBUF_INIT;
    for (int i = first; i < argc; i++)
        if ((i > first && gz_strbuf_addch(&query, ' ') < 0) || gz_strbuf_addstr(&query, argv[i]) < 0) {
            gz_strbuf_release(&query);
            return GZ_EXIT_FAIL;
        }
    o->req.query = gz_strbuf_str(&query);
    gz_search_result res;
    char err[1024];
    gz_status st = gz_searcher_run(s, &o->req, &res, err, sizeof err);
    int rc = 0;
    if (st == GZ_OK && o->req.show_id && res.nhits == 0) {
        snprintf(err, sizeof err, "--show: no article has the id '%.200s'", o->req.show_id);
        gz_search_result_release(&res);
        st = GZ_ERR_INVALID;
    }
    if (st != GZ_OK) {
        fprintf(stderr, "gazette-search: %s\n", err);
        rc = gz_status_exit_code(st);
    } else {
        if (o->json)
            rc = print_json(gz_result_to_json(&o->req, &res));
        else
            print_text(&o->req, &res);
        for (size_t i = 0; i < res.nfailed; i++)
            if (res.failed[i].whole_stub)
                fprintf(stderr, "gazette-search: warning: %s: the results are from the shards "
                        "it lists\n", res.failed[i].error);
            else
                fprintf(stderr, "gazette-search: warning: shard %s did not answer (%s): the "
                        "results are from the other shards\n", res.failed[i].shard,
                        res.failed[i].error);
        if (rc == 0 && res.nfailed)
            rc = GZ_EXIT_PARTIAL;
        gz_search_result_release(&res);
    }
    gz_strbuf_release(&query);
    return rc;
}

int main(int argc, char **argv)
{
    struct options o = {.req = {.limit = 10, GZ_RANKING_DEFAULTS,
                                .facet_limit = 10, .facet_sample = GZ_FACET_SAMPLE,
                                .snippets = 1}};
    int first = parse_options(argc, argv, &o);
    if (first < 0)
        return first == -2 ? 0 : GZ_EXIT_USAGE;
    char err[1024];
    gz_searcher *s;
    gz_status opened = gz_searcher_open(o.db, &s, err, sizeof err);
    if (opened != GZ_OK) {
        fprintf(stderr, "gazette-search: %s\n", err);
        return gz_status_exit_code(opened);
    }
    int rc = o.stats ? run_stats(s, &o) : run_query(s, &o, argc, argv, first);
    gz_searcher_close(s);
    if (fflush(stdout) == EOF && rc == 0)
        rc = GZ_EXIT_FAIL;
    return rc;
}
