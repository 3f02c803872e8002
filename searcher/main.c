/*
 * main.c - the gazette-search command: runs a query against an index and
 * prints ranked articles.
 *
 * Exit status: 0 results printed (possibly none); 1 the index could not be
 * searched; 2 usage or query syntax error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "strbuf.h"

#define LEAD_BYTES 200

static void usage(FILE *to)
{
    fputs("usage: gazette-search --db PATH [options] QUERY...\n"
          "\n"
          "QUERY: words (all required), \"quoted phrases\", -word to exclude.\n"
          "Options come before the query, so a query word may start with -.\n"
          "\n"
          "  -d, --db PATH        the index to search\n"
          "  -n, --limit N        hits to show (default 10)\n"
          "  -o, --offset N       hits to skip (default 0)\n"
          "  -s, --sort ORDER     relevance (default), date (newest first), date-asc\n"
          "  -h, --help           this help\n"
          "  -V, --version        the version\n",
          to);
}

static int parse_count(const char *name, const char *arg, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-' || v > 100000) {
        fprintf(stderr, "gazette-search: %s wants a number from 0 to 100000, not '%s'\n", name, arg);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_sort(const char *arg, gz_xap_sort *out)
{
    if (strcmp(arg, "relevance") == 0)
        *out = GZ_XAP_SORT_RELEVANCE;
    else if (strcmp(arg, "date") == 0)
        *out = GZ_XAP_SORT_VALUE_DESC;
    else if (strcmp(arg, "date-asc") == 0)
        *out = GZ_XAP_SORT_VALUE_ASC;
    else {
        fprintf(stderr, "gazette-search: --sort wants relevance, date or date-asc, not '%s'\n", arg);
        return -1;
    }
    return 0;
}

/* The body's first LEAD_BYTES, cut at a word and never inside a UTF-8 sequence. */
static void print_lead(const char *body)
{
    size_t n = strlen(body);
    int cut = n > LEAD_BYTES;
    if (cut) {
        n = LEAD_BYTES;
        while (n > LEAD_BYTES / 2 && body[n] != ' ')
            n--;
        while (n > 0 && ((unsigned char)body[n] & 0xC0) == 0x80)
            n--;
    }
    fputs("    ", stdout);
    for (size_t i = 0; i < n; i++)
        putchar(body[i] == '\n' ? ' ' : body[i]);
    puts(cut ? " ..." : "");
}

static void print_results(const gz_search_result *res, unsigned offset)
{
    printf("%s%lu matching article%s\n", res->total_exact ? "" : "about ", res->total,
           res->total == 1 ? "" : "s");
    for (size_t i = 0; i < res->nhits; i++) {
        const gz_hit *h = &res->hits[i];
        printf("\n%zu. [%s] %s  (id %s, score %.3f)\n", offset + i + 1, h->date ? h->date : "",
               h->title ? h->title : "", h->id ? h->id : "", h->score);
        if (h->body && *h->body)
            print_lead(h->body);
    }
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'}, {"sort", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    gz_search_request req = {.limit = 10, .bm25_k1 = GZ_BM25_K1, .bm25_b = GZ_BM25_B};
    int c;
    while ((c = getopt_long(argc, argv, "+d:n:o:s:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'n': if (parse_count("--limit", optarg, &req.limit) < 0) return 2; break;
        case 'o': if (parse_count("--offset", optarg, &req.offset) < 0) return 2; break;
        case 's': if (parse_sort(optarg, &req.sort) < 0) return 2; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("gazette-search %s\n", GAZETTE_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!db || optind >= argc) {
        fprintf(stderr, "gazette-search: %s\n", db ? "no QUERY given" : "--db PATH is required");
        usage(stderr);
        return 2;
    }
    gz_strbuf query = GZ_STRBUF_INIT;
    for (int i = optind; i < argc; i++)
        if ((i > optind && gz_strbuf_addch(&query, ' ') < 0) || gz_strbuf_addstr(&query, argv[i]) < 0)
            return 1;
    req.query = gz_strbuf_str(&query);

    char err[1024];
    gz_searcher *s;
    if (gz_searcher_open(db, &s, err, sizeof err) != GZ_OK) {
        fprintf(stderr, "gazette-search: %s\n", err);
        gz_strbuf_release(&query);
        return 1;
    }
    gz_search_result res;
    gz_status st = gz_searcher_run(s, &req, &res, err, sizeof err);
    int rc = 0;
    if (st == GZ_OK) {
        print_results(&res, req.offset);
        gz_search_result_release(&res);
    } else {
        fprintf(stderr, "gazette-search: %s\n", err);
        rc = st == GZ_ERR_INVALID ? 2 : 1;
    }
    gz_searcher_close(s);
    gz_strbuf_release(&query);
    return rc;
}
