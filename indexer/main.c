/*
 * main.c - the gazette-index command: reads articles from files,
 * directories and stdin and adds them to an index (or, with --extract,
 * prints what would be indexed), or deletes articles by id.
 *
 * Exit status (status.h): 0 all done; 1 fatal error (the index keeps its
 * last commit); 2 usage error; 3 done, but something was reported; 4 out
 * of memory.
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cluster.h"
#include "compaction.h"
#include "doc_builder.h"
#include "entities.h"
#include "file_stamps.h"
#include "gazetteer.h"
#include "parallel.h"
#include "parse_pool.h"
#include "progress.h"
#include "reader.h"
#include "schema.h"
#include "session.h"
#include "walk.h"


#ifndef GAZETTE_VERSION
#define GAZETTE_VERSION "0.1"
#endif

/* Documents per automatic commit for Xapian: more than any batch holds. */
#define XAPIAN_AUTOCOMMIT_NEVER "100000000"

/* Set by SIGINT/SIGTERM: stop reading, commit what is done, exit. */
static volatile sig_atomic_t interrupted;

#define GZ_DEFAULT_BATCH_MB 2

struct options {
    const char *db;
    const char **deletes;
    size_t ndeletes;
    int extract, quiet;
    gz_format format;
    const char *language;
    unsigned jobs;
    size_t batch_bytes;
    unsigned long batch_docs;
    size_t max_article;         /* bytes of body text kept per article */
    const char **gazetteers;
    size_t ngazetteers;
    int no_entities;
    int no_spelling;
    double dup_threshold;       /* 0: stories.h's default */
    int no_stories;
    unsigned shards;            /* --shards: a new archive in this many (0: no) */
    int reshard;
    int check;                  /* --check: verify the index's tables, change nothing */
    int full;                   /* --full: read files the index has read already */
    int no_compact;             /* --no-compact: leave the index as written */
    int verbose;                /* -v: the time of each phase */
};

struct run {
    struct options *opt;
    gz_progress progress;
    gz_session *session;
    gz_session_opts session_opts;
    gz_parallel *parallel;
    gz_parse_pool *parse_pool;  /* -j: JSON Lines decoded on threads too */
    gz_gazetteer *gazetteer;    /* NULL with --no-entities */
    gz_extractor *extractor;    /* for --extract */
    gz_entities entities;
    unsigned long articles, skipped, files_failed, files_ignored;
    unsigned long warned, undated, truncated, passed;
    off_t bytes_done;
    gz_status fatal;            /* the failure that stopped the run */
    /* Incremental runs (file_stamps.h): the files read whole, remembered
     * with the last commit, and those passed over as read already. */
    gz_file_stamp *stamps;
    size_t nstamps;
    char how[512];              /* the options that change what a file gives */
    unsigned long files_unchanged;
    gz_phases phases;
    gz_compaction compaction;
    int compact_failed;         /* reported; the index is whole, only not compacted */
};

static void usage(FILE *to)
{
    fputs("usage: gazette-index --db PATH [options] INPUT...\n"
          "       gazette-index --db PATH --delete ID [--delete ID...]\n"
          "       gazette-index --db PATH --check\n"
          "       gazette-index --extract INPUT...\n"
          "\n"
          "INPUT is a file, a directory (searched recursively for .txt, .jsonl,\n"
          ".ndjson, .json, .sgm, .sgml, .html, .htm, .rss, .atom, .xml and .warc files,\n"
          "each optionally .gz) or - for stdin.  Files read whole by an earlier run\n"
          "and unchanged since are passed over (--full reads them).\n"
          "\n"
          "  -d, --db PATH          the index to create or update, or a stub file\n"
          "                         listing the shards of one\n"
          "      --shards N         create --db as a stub file and N local shards\n"
          "      --reshard          move articles to the shards the stub lists now\n"
          "                         (after adding or removing shards); INPUT optional\n"
          "      --delete ID        delete the article with this id (repeatable)\n"
          "      --check            check every table of the index (each local shard of\n"
          "                         a stub) for damage; changes nothing\n"
          "      --full             read every file, also those the index has read\n"
          "                         since they last changed (by default passed over)\n"
          "  -x, --extract          print what would be indexed as JSON Lines; no index\n"
          "  -f, --format FMT       text, jsonl, sgml, html, feed, warc or auto\n"
          "                         (default: by file name, else by content)\n"
          "  -l, --language LANG    Snowball stemmer for a new index (default english;\n"
          "                         an existing index keeps its own)\n"
          "  -j, --jobs N           index with N threads (shards merged at the end)\n"
          "  -g, --gazetteer FILE   more entity names (see common/gazetteer/README.md)\n"
          "      --no-entities      no country, person and org facets\n"
          "      --no-spelling      no did-you-mean dictionary (indexes faster)\n"
          "      --dup-threshold J  an article whose five-word runs overlap an earlier\n"
          "                         one's by J or more (0 < J <= 1, default 0.5) is a\n"
          "                         copy of its story\n"
          "      --no-stories       no near-copy detection (search then lists every copy)\n"
          "      --batch-mb N       commit after N MB of article text (default 2; with\n"
          "                         -j, shared by the threads)\n"
          "      --commit-every N   also commit after every N articles\n"
          "      --max-article-kb N keep the first N KB of an article's text (default 1024)\n"
          "      --no-compact       leave the index as written (by default a run that\n"
          "                         wrote most of a local index compacts it)\n"
          "  -q, --quiet            no progress line and no summary\n"
          "  -v, --verbose          also the time each phase took\n"
          "  -h, --help             this help\n"
          "  -V, --version          the version\n"
          "\n"
          "Exit status: 0 done; 1 fatal error (--check: damage found); 2 usage error;\n"
          "3 done, but some records, files or ids were skipped or indexed with a repair\n"
          "(each is reported as FILE:LINE: reason); 4 out of memory; 130 or 143 stopped\n"
          "by Ctrl-C or SIGTERM (what was read is committed; a second signal stops at\n"
          "once, keeping the last commit).\n",
          to);
}

static int parse_number(const char *name, const char *arg, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || v == 0 || v > max || arg[0] == '-') {
        fprintf(stderr, "gazette-index: %s wants a number from 1 to %lu, not '%s'\n", name, max, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* Returns the index of the first input in argv, or -1 after a usage error
 * (-2 when --help or --version was answered). */
static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},       {"delete", required_argument, NULL, 'D'},
        {"extract", no_argument, NULL, 'x'},        {"format", required_argument, NULL, 'f'},
        {"language", required_argument, NULL, 'l'}, {"jobs", required_argument, NULL, 'j'},
        {"batch-mb", required_argument, NULL, 'B'}, {"commit-every", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},          {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},        {"gazetteer", required_argument, NULL, 'g'},
        {"no-entities", no_argument, NULL, 'E'},    {"no-spelling", no_argument, NULL, 'P'},
        {"max-article-kb", required_argument, NULL, 'M'},
        {"dup-threshold", required_argument, NULL, 'J'}, {"no-stories", no_argument, NULL, 'S'},
        {"shards", required_argument, NULL, 'N'},   {"reshard", no_argument, NULL, 'R'},
        {"check", no_argument, NULL, 'K'},          {"full", no_argument, NULL, 'F'},
        {"no-compact", no_argument, NULL, 'O'},     {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    unsigned long n;
    int c;
    while ((c = getopt_long(argc, argv, "d:xf:l:j:g:qvhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'D': o->deletes[o->ndeletes++] = optarg; break;
        case 'x': o->extract = 1; break;
        case 'g': o->gazetteers[o->ngazetteers++] = optarg; break;
        case 'E': o->no_entities = 1; break;
        case 'P': o->no_spelling = 1; break;
        case 'S': o->no_stories = 1; break;
        case 'R': o->reshard = 1; break;
        case 'K': o->check = 1; break;
        case 'F': o->full = 1; break;
        case 'O': o->no_compact = 1; break;
        case 'v': o->verbose = 1; break;
        case 'N':
            if (parse_number("--shards", optarg, 1024, &n) < 0)
                return -1;
            o->shards = (unsigned)n;
            break;
        case 'q': o->quiet = 1; break;
        case 'l': o->language = optarg; break;
        case 'f':
            if (gz_format_from_name(optarg, &o->format) < 0) {
                fprintf(stderr, "gazette-index: --format wants text, jsonl, sgml, html, feed, warc "
                        "or auto, not '%s'\n", optarg);
                return -1;
            }
            break;
        case 'j':
            if (parse_number("--jobs", optarg, 64, &n) < 0)
                return -1;
            o->jobs = (unsigned)n;
            break;
        case 'B':
            if (parse_number("--batch-mb", optarg, 1u << 20, &n) < 0)
                return -1;
            o->batch_bytes = (size_t)n << 20;
            break;
        case 'C':
            if (parse_number("--commit-every", optarg, 1ul << 30, &o->batch_docs) < 0)
                return -1;
            break;
        case 'M':
            if (parse_number("--max-article-kb", optarg, 1ul << 20, &n) < 0)
                return -1;
            o->max_article = (size_t)n << 10;
            break;
        case 'J': {
            char *end;
            errno = 0;
            o->dup_threshold = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(o->dup_threshold > 0 && o->dup_threshold <= 1)) {
                fprintf(stderr, "gazette-index: --dup-threshold wants a number above 0 and at "
                        "most 1, not '%s'\n", optarg);
                return -1;
            }
            break;
        }
        case 'h': usage(stdout); return -2;
        case 'V': printf("gazette-index %s\n", GAZETTE_VERSION); return -2;
        default: usage(stderr); return -1;
        }
    }
    const char *problem = NULL;
    if (o->extract && (o->db || o->ndeletes))
        problem = "--extract reads articles only; it takes no --db or --delete";
    else if (!o->extract && !o->db)
        problem = "--db PATH is required (or --extract)";
    else if (o->check && (optind < argc || o->ndeletes || o->shards || o->reshard))
        problem = "--check takes only --db";
    else if (o->ndeletes && optind < argc)
        problem = "--delete takes no INPUT";
    else if (o->ndeletes && (o->shards || o->reshard))
        problem = "--delete takes no --shards or --reshard";
    else if (!o->ndeletes && optind >= argc && !o->reshard && !o->check)
        problem = "no INPUT given (use - for stdin)";
    if (problem) {
        fprintf(stderr, "gazette-index: %s\n", problem);
        usage(stderr);
        return -1;
    }
    return optind;
}

/* The first Ctrl-C or SIGTERM asks for a clean stop (what is done is
 * committed); a second one ends the process at once, for a run that cannot
 * get back to its loop (a shard server that never answers, a commit stuck
 * in a damaged table).  The index keeps its last commit either way. */
static void on_signal(int sig)
{
    static const char msg[] = "\ngazette-index: stopped by a second signal; the index keeps "
                              "its last commit\n";
    if (interrupted) {
        ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)ignored;
        _exit(128 + sig);
    }
    interrupted = 1;
}

static void report(void *ctx, const char *file, long line, const char *msg)
{
    struct run *run = ctx;
    if (interrupted && strstr(msg, strerror(EINTR)))
        return;             /* a read the user's Ctrl-C cut short is no error */
    gz_progress_clear(&run->progress);
    if (line > 0)
        fprintf(stderr, "gazette-index: %s:%ld: %s\n", file, line, msg);
    else if (file && *file)
        fprintf(stderr, "gazette-index: %s: %s\n", file, msg);
    else
        fprintf(stderr, "gazette-index: %s\n", msg);
}

static void report_entry(void *ctx, const char *path, const char *why)
{
    report(ctx, path, 0, why);
}

/* ---- consumers: what happens to each article -------------------------- */

static gz_status print_extract(struct run *run, gz_article *a)
{
    int fail = run->extractor && gz_extract_article(run->extractor, a, &run->entities) < 0;
    json_t *o = fail ? NULL : gz_article_json(a, run->extractor ? &run->entities : NULL);
    gz_status st = !o || json_object_set_new(o, "body", json_string(a->body)) ? GZ_ERR_NOMEM
                 : json_dumpf(o, stdout, JSON_COMPACT) < 0 || putchar('\n') == EOF ? GZ_ERR_IO
                 : GZ_OK;
    json_decref(o);
    if (st != GZ_OK)
        fprintf(stderr, "gazette-index: writing --extract output failed: %s\n",
                st == GZ_ERR_IO && errno ? strerror(errno) : gz_status_to_string(st));
    return st;
}

/* The index turned out damaged (a table Xapian could not read): say what to
 * do and end at once.  Not the usual way out: what Xapian read from the
 * damaged table may have spoilt its memory (glibc then aborts in a later
 * free, exit 134), and the index's count is not worth printing. */
static void stop_on_damage(struct run *run)
{
    gz_progress_clear(&run->progress);
    fprintf(stderr, "gazette-index: %s is damaged; nothing more was written to it. See what "
            "is damaged with gazette-index --db %s --check, then restore it from a replica or "
            "a backup, or rebuild it from the articles (gazette-index(1), --check)\n",
            run->opt->db, run->opt->db);
    fflush(stdout);
    fflush(stderr);
    _exit(GZ_EXIT_FAIL);
}

/* One article indexed (or printed); a failure that stops the run. */
static gz_status consume(struct run *run, gz_article *a)
{
    if (run->opt->extract)
        return print_extract(run, a);
    gz_status st;
    if (run->parallel) {
        if ((st = gz_parallel_add(run->parallel, a)) == GZ_OK)
            return GZ_OK;
        char err[600];
        gz_parallel_error(run->parallel, err, sizeof err);
        gz_progress_clear(&run->progress);
        fprintf(stderr, "gazette-index: %s: %s; stopping (the index is left as it was)\n",
                run->opt->db, err);
        return st;
    }
    st = gz_session_add(run->session, a);
    if (st == GZ_OK)
        return GZ_OK;
    gz_progress_clear(&run->progress);
    if (st == GZ_ERR_INVALID) {     /* this article only: the run goes on */
        fprintf(stderr, "gazette-index: %s:%ld: article '%s' skipped: %s\n", a->file, a->line,
                a->id, gz_session_error(run->session));
        run->skipped++;
        return GZ_OK;
    }
    fprintf(stderr, "gazette-index: %s: %s:%ld: %s\n", run->opt->db, a->file, a->line,
            gz_session_error(run->session));
    if (st == GZ_ERR_CORRUPT)
        stop_on_damage(run);
    return st;
}

/* ---- reading ---------------------------------------------------------- */

/* A name for f's articles that outlives its reader: with -j a thread may
 * report an article after its file was closed. */
static const char *lasting_name(const gz_input_file *f)
{
    return strcmp(f->path, "-") == 0 ? "<stdin>" : f->path;
}

/* Reads r article by article on this thread; its last status. */
static gz_status read_articles(struct run *run, gz_reader *r, const gz_input_file *f)
{
    gz_article a = {0};
    gz_status rc = GZ_OK;
    double t0 = gz_now(), t1;
    while (!interrupted && (rc = gz_reader_next(r, &a)) == GZ_OK) {
        t1 = gz_now();
        run->phases.parse += t1 - t0;
        run->articles++;
        a.file = lasting_name(f);
        run->fatal = consume(run, &a);
        gz_article_clear(&a);
        t0 = gz_now();
        if (!run->parallel)
            run->phases.index += t0 - t1;
        if (run->fatal != GZ_OK)
            break;
        gz_progress_update(&run->progress, run->articles, run->bytes_done + gz_reader_offset(r));
    }
    gz_article_clear(&a);
    run->phases.parse += gz_now() - t0;
    return rc;
}

struct pool_feed {
    struct run *run;
    gz_reader *r;
    double handing;     /* seconds in consume: not reading */
};

static gz_status take_decoded(void *ctx, gz_article *a)
{
    struct pool_feed *feed = ctx;
    struct run *run = feed->run;
    double t0 = gz_now();
    run->articles++;
    run->fatal = consume(run, a);
    gz_progress_update(&run->progress, run->articles, run->bytes_done + gz_reader_offset(feed->r));
    feed->handing += gz_now() - t0;
    return run->fatal;
}

/* Reads r's lines here and decodes them on the parse pool's threads. */
static gz_status read_lines_pooled(struct run *run, gz_reader *r, const gz_input_file *f,
                                   gz_reader_counts *decoded)
{
    struct pool_feed feed = {run, r, 0};
    double t0 = gz_now();
    gz_status rc = gz_parse_pool_read(run->parse_pool, r, lasting_name(f), take_decoded, &feed,
                                      &interrupted, decoded);
    run->phases.parse += gz_now() - t0 - feed.handing;
    return rc;
}

/* Reads one file; true when it was read to its end. */
static bool read_file(struct run *run, const gz_input_file *f)
{
    gz_reader *r;
    char err[512];
    unsigned flags = f->from_directory ? GZ_READER_SKIP_FOREIGN : 0;
    gz_open_result opened = gz_reader_open(f->path, run->opt->format, flags, report, run,
                                           &r, err, sizeof err);
    if (opened == GZ_OPEN_FOREIGN) {
        run->files_ignored++;
        return true;
    }
    if (opened == GZ_OPEN_ERROR) {
        report(run, "", 0, err);
        run->files_failed++;
        return false;
    }
    gz_reader_set_max_body(r, run->opt->max_article);
    gz_reader_counts decoded = {0};
    gz_status rc = run->parse_pool && gz_reader_by_line(r)
                       ? read_lines_pooled(run, r, f, &decoded)
                       : read_articles(run, r, f);
    if (rc == GZ_ERR_NOMEM) {
        run->fatal = rc;
    } else if (!interrupted && !run->fatal && rc != GZ_DONE && rc != GZ_OK) {
        run->files_failed++;
    }
    const gz_reader_counts *counts = gz_reader_get_counts(r);
    run->skipped += (unsigned long)(counts->skipped + decoded.skipped);
    run->warned += (unsigned long)(counts->warned + decoded.warned);
    run->undated += (unsigned long)(counts->undated + decoded.undated);
    run->truncated += (unsigned long)(counts->truncated + decoded.truncated);
    run->bytes_done += gz_reader_offset(r);
    run->passed += (unsigned long)(counts->passed + decoded.passed);
    gz_reader_close(r);
    return rc == GZ_DONE && !interrupted && !run->fatal;
}

/* Whether the index has read the file since it last changed; *stamp is
 * its stamp now (value NULL when it has none). */
static bool read_already(struct run *run, const gz_input_file *f, gz_file_stamp *stamp)
{
    bool known = false;
    if (!run->session || gz_file_stamp_of(f->path, run->how, stamp) != GZ_OK)
        return false;
    if (!run->opt->full && gz_file_stamp_known(run->session, stamp, &known) != GZ_OK)
        known = false;          /* unreadable metadata: read the file */
    return known;
}

static void remember(struct run *run, gz_file_stamp *stamp)
{
    gz_file_stamp *grown = realloc(run->stamps, (run->nstamps + 1) * sizeof *grown);
    if (!grown) {
        gz_file_stamp_release(stamp);   /* read again next time: no harm */
        return;
    }
    run->stamps = grown;
    run->stamps[run->nstamps++] = *stamp;
}

/* The options that change what a file gives: a file read with others is
 * read again. */
static void describe_reading(struct run *run)
{
    const struct options *o = run->opt;
    int n = snprintf(run->how, sizeof run->how, "%s %zu %d %d %d %.3f", gz_format_name(o->format),
                     o->max_article, o->no_entities, o->no_stories, o->no_spelling,
                     o->dup_threshold);
    for (size_t i = 0; i < o->ngazetteers && n > 0 && (size_t)n < sizeof run->how; i++)
        n += snprintf(run->how + n, sizeof run->how - (size_t)n, " %s", o->gazetteers[i]);
}

static void read_all(struct run *run, const gz_input_list *inputs)
{
    describe_reading(run);
    for (size_t i = 0; i < inputs->count && !interrupted && !run->fatal; i++) {
        gz_file_stamp stamp = {{0}, NULL};
        if (read_already(run, &inputs->files[i], &stamp)) {
            run->files_unchanged++;
            run->bytes_done += inputs->files[i].size;
            gz_file_stamp_release(&stamp);
            continue;
        }
        if (read_file(run, &inputs->files[i]) && stamp.value)
            remember(run, &stamp);
        else
            gz_file_stamp_release(&stamp);
    }
    gz_progress_clear(&run->progress);
}

/* The files read whole, remembered with the session's last commit. */
static gz_status keep_stamps(struct run *run, gz_session *s)
{
    gz_status st = GZ_OK;
    for (size_t i = 0; i < run->nstamps && st == GZ_OK; i++)
        st = gz_file_stamp_keep(s, &run->stamps[i]);
    return st;
}

static void release_stamps(struct run *run)
{
    for (size_t i = 0; i < run->nstamps; i++)
        gz_file_stamp_release(&run->stamps[i]);
    free(run->stamps);
    run->stamps = NULL;
    run->nstamps = 0;
}

/* ---- the three jobs --------------------------------------------------- */

static int run_extract(struct run *run, const gz_input_list *inputs)
{
    if (run->gazetteer && !(run->extractor = gz_extractor_new(run->gazetteer))) {
        fprintf(stderr, "gazette-index: out of memory\n");
        return GZ_EXIT_NOMEM;
    }
    read_all(run, inputs);
    gz_entities_release(&run->entities);
    gz_extractor_free(run->extractor);
    if (fflush(stdout) == EOF) {
        fprintf(stderr, "gazette-index: writing --extract output failed: %s\n", strerror(errno));
        return GZ_EXIT_FAIL;
    }
    return run->fatal ? gz_status_index_exit_code(run->fatal) : GZ_EXIT_OK;
}

/* Anything reported about the input: the run is done but exits 3. */
static int reported(const struct run *run)
{
    return run->skipped || run->files_failed || run->warned || run->compact_failed;
}

/* One index (or shard) checked; 0 when sound.  name: what to call it. */
static int check_one(const char *path, const char *name)
{
    unsigned long faults = 0;
    char report[GZ_XAP_ERRMAX];
    gz_status st = gz_xap_check(path, &faults, report);
    if (st != GZ_OK) {
        printf("%s: cannot be checked: %s\n", name, report);
        return -1;
    }
    if (!faults) {
        printf("%s: sound (every table checked)\n", name);
        return 0;
    }
    printf("%s: DAMAGED: %lu fault%s (%s)\n", name, faults, faults == 1 ? "" : "s", report);
    return -1;
}

/* --check: Xapian's own check of every table, which finds the damage that
 * can crash a search or a commit inside libxapian (docs/indexing.md, "A damaged
 * index" says what to do then). */
static int run_check(const struct options *o)
{
    if (!gz_cluster_is_stub(o->db))
        return check_one(o->db, o->db) == 0 ? 0 : GZ_EXIT_FAIL;
    gz_cluster c;
    char err[1024];
    if (gz_cluster_read(o->db, &c, err, sizeof err) != GZ_OK) {
        fprintf(stderr, "gazette-index: %s\n", err);
        return GZ_EXIT_FAIL;
    }
    int bad = 0;
    for (size_t i = 0; i < c.n; i++) {
        char name[PATH_MAX + 64];
        if (c.shards[i].host) {
            printf("%s: shard %s:%u is remote: check it on its machine (gazette-index --check "
                   "--db PATH)\n", o->db, c.shards[i].host, c.shards[i].port);
            continue;
        }
        snprintf(name, sizeof name, "%s: shard %s", o->db, c.shards[i].path);
        bad |= check_one(c.shards[i].path, name) != 0;
    }
    gz_cluster_release(&c);
    return bad ? GZ_EXIT_FAIL : 0;
}

static int run_delete(struct options *o)
{
    gz_xap_writer *w;
    char err[GZ_XAP_ERRMAX + 256];
    gz_status st = gz_cluster_open_writer(o->db, 0, &w, err, sizeof err);
    if (st != GZ_OK) {
        fprintf(stderr, "gazette-index: %s\n", err);
        return GZ_EXIT_FAIL;
    }
    unsigned long deleted = 0, missing = 0;
    for (size_t i = 0; i < o->ndeletes && st == GZ_OK; i++) {
        char term[GZ_XAP_MAX_TERM + 2];
        size_t len = gz_schema_id_term(o->deletes[i], term, sizeof term);
        int found = 0;
        if (!len) {
            fprintf(stderr, "gazette-index: --delete: id '%.40s' is empty or too long\n", o->deletes[i]);
            missing++;
            continue;
        }
        if ((st = gz_xap_writer_delete(w, term, len, &found)) != GZ_OK)
            break;
        if (found)
            deleted++;
        else {
            fprintf(stderr, "gazette-index: --delete: no article with id '%s'\n", o->deletes[i]);
            missing++;
        }
    }
    if (st == GZ_OK)
        st = gz_xap_writer_close(w);
    if (st != GZ_OK) {
        fprintf(stderr, "gazette-index: %s: %s\n", o->db, gz_xap_writer_last_error(w));
        gz_xap_writer_destroy(w);
        return gz_status_exit_code(st);
    }
    gz_xap_writer_destroy(w);
    if (!o->quiet)
        fprintf(stderr, "gazette-index: deleted %lu article%s\n", deleted, deleted == 1 ? "" : "s");
    return missing ? GZ_EXIT_PARTIAL : 0;
}

/* How many articles the index holds as committed, which is what a search
 * sees (a writer's own count includes a batch that failed to commit); -1
 * when it cannot be read. */
static long committed_count(const char *db)
{
    gz_xap_reader *r;
    char err[GZ_XAP_ERRMAX + 256];
    unsigned long n = 0;
    if (gz_cluster_open_reader(db, &r, err, sizeof err) != GZ_OK)
        return -1;
    gz_status st = gz_xap_reader_doccount(r, &n);
    gz_xap_reader_close(r);
    return st == GZ_OK ? (long)n : -1;
}

static const char *plural(unsigned long n)
{
    return n == 1 ? "" : "s";
}

static void print_summary(struct run *run, const gz_session_stats *st, int failed)
{
    double secs = gz_progress_elapsed(&run->progress);
    long total = committed_count(run->opt->db);
    char holds[64] = "cannot be read";
    if (total >= 0)
        snprintf(holds, sizeof holds, "holds %ld", total);
    if (failed)
        fprintf(stderr, "gazette-index: stopped by the error above after reading %lu article%s; "
                "the index %s (its last commit); fix the cause and run the same command again\n",
                run->articles, plural(run->articles), holds);
    else
        fprintf(stderr, "gazette-index: %s %lu articles (%lu new, %lu replaced) in %.2f s "
                "(%.0f articles/s); the index now %s\n",
                interrupted ? "interrupted after indexing" : "indexed",
                st->added + st->replaced, st->added, st->replaced, secs,
                secs > 0 ? (double)(st->added + st->replaced) / secs : 0.0, holds);
    if (!failed && run->compaction.done)
        fprintf(stderr, "gazette-index: compacted: %.1f MB as written, %.1f MB now "
                "(--no-compact leaves an index as written)\n", (double)run->compaction.before / 1e6,
                (double)run->compaction.after / 1e6);
    if (run->opt->verbose)
        gz_phases_print(stderr, &run->phases, secs);
    if (!failed && st->joined_story)
        fprintf(stderr, "gazette-index: stories: %lu article%s copy an article indexed before "
                "(search shows one entry per story)\n", st->joined_story, plural(st->joined_story));
    if (!failed && st->names_revised)
        fprintf(stderr, "gazette-index: one name per person across the archive: %lu "
                "article%s revised\n", st->names_revised, plural(st->names_revised));
    if (run->undated || run->truncated)
        fprintf(stderr, "gazette-index: %lu article%s without a date (indexed undated), %lu cut "
                "to --max-article-kb\n", run->undated, plural(run->undated), run->truncated);
    if (run->skipped || run->files_failed || run->files_ignored || run->warned)
        fprintf(stderr, "gazette-index: skipped %lu malformed record%s, %lu unreadable file%s; "
                "%lu record%s indexed with a warning; passed over %lu file%s holding no "
                "articles\n", run->skipped, plural(run->skipped), run->files_failed,
                plural(run->files_failed), run->warned, plural(run->warned),
                run->files_ignored, plural(run->files_ignored));
    if (run->passed)
        fprintf(stderr, "gazette-index: passed over %lu web archive record%s holding no page "
                "(requests, metadata, images, errors)\n", run->passed, plural(run->passed));
    if (run->files_unchanged)
        fprintf(stderr, "gazette-index: passed over %lu file%s read before and unchanged since "
                "(--full reads them again)\n", run->files_unchanged, plural(run->files_unchanged));
}

/* Whether the run wrote most of the index (and it is not compacted yet):
 * compacting it then costs little more than the run. */
static bool worth_compacting(struct run *run, gz_session *s, const gz_session_stats *stats)
{
    unsigned long holds = 0, written = stats->added + stats->replaced;
    if (run->opt->no_compact || run->compaction.done || interrupted || written == 0)
        return false;
    return gz_xap_writer_doccount(gz_session_writer(s), &holds) == GZ_OK && 2 * written >= holds;
}

/* The index, or each shard of a cluster whose shards are all local (a
 * remote one is its server's to compact), compacted in place: the shards
 * side by side, on up to -j threads. */
static gz_status compact_index(struct run *run, char *err, size_t errlen)
{
    const char *db = run->opt->db;
    if (!gz_cluster_is_stub(db))
        return gz_compact_in_place(&db, 1, 1, &run->compaction, err, errlen);
    gz_cluster c;
    gz_status st = gz_cluster_read(db, &c, err, errlen);
    if (st != GZ_OK)
        return st;
    bool local = true;
    for (size_t k = 0; k < c.n; k++)
        local = local && !c.shards[k].host;
    const char **paths = local ? calloc(c.n ? c.n : 1, sizeof *paths) : NULL;
    if (local && !paths) {
        snprintf(err, errlen, "out of memory");
        st = GZ_ERR_NOMEM;
    } else if (local) {
        for (size_t k = 0; k < c.n; k++)
            paths[k] = c.shards[k].path;
        st = gz_compact_in_place(paths, c.n, run->opt->jobs, &run->compaction, err, errlen);
    }
    free(paths);
    gz_cluster_release(&c);
    return st;
}

/* Removes what the compaction left: the index it replaced (each shard's). */
static void clear_compaction(const char *db)
{
    gz_cluster c;
    char ignored[256];
    if (!gz_cluster_is_stub(db)) {
        gz_clear_scratch(db);
    } else if (gz_cluster_read(db, &c, ignored, sizeof ignored) == GZ_OK) {
        for (size_t k = 0; k < c.n; k++)
            if (!c.shards[k].host)
                gz_clear_scratch(c.shards[k].path);
        gz_cluster_release(&c);
    }
}

/* The archive-wide passes after the articles: names settled, files
 * remembered, everything committed; the index compacted when the run
 * wrote most of it; closed.  The writer's lock is held until the end. */
static gz_status finish_index(struct run *run, gz_session *done, gz_session_stats *stats)
{
    char err[1024];
    double t0 = gz_now();
    gz_status st = gz_session_settle_names(done);
    if (st != GZ_OK)
        fprintf(stderr, "gazette-index: %s: %s\n", run->opt->db, gz_session_error(done));
    if (st == GZ_ERR_CORRUPT)
        stop_on_damage(run);
    double t1 = gz_now();
    run->phases.names += t1 - t0;
    stats->names_revised += gz_session_get_stats(done)->names_revised;
    if (st == GZ_OK && (st = keep_stamps(run, done)) == GZ_OK)
        st = gz_session_commit(done);
    if (st != GZ_OK)
        fprintf(stderr, "gazette-index: %s: %s\n", run->opt->db, gz_session_error(done));
    double t2 = gz_now();
    run->phases.finish += t2 - t1;
    if (st == GZ_OK && worth_compacting(run, done, stats) &&
        compact_index(run, err, sizeof err) != GZ_OK) {
        /* the index is whole as it was: only slower and larger than it could be */
        gz_progress_clear(&run->progress);
        fprintf(stderr, "gazette-index: %s: %s\n", run->opt->db, err);
        run->compact_failed = 1;
    }
    double t3 = gz_now();
    run->phases.compact += t3 - t2;
    if (st != GZ_OK)
        gz_session_abandon(done);
    else if ((st = gz_session_close(done, err, sizeof err)) != GZ_OK)
        fprintf(stderr, "gazette-index: %s: %s\n", run->opt->db, err);
    if (run->compaction.done)
        clear_compaction(run->opt->db);
    run->phases.finish += gz_now() - t3;
    return st;
}

/* Decoding a JSON line costs about a thirtieth of indexing it (20,000
 * generated articles, -j 1 -v: parse 0.97 s, index 30.2 s), so one decoder
 * per eight indexing threads leaves it off the critical path with room for
 * heavier lines; always one, so that every -j reads the same way. */
static unsigned decoders_for(unsigned jobs)
{
    return (jobs + 7) / 8;
}

/* Feeds everything to the session (or to the shards) and settles. */
static int index_inputs(struct run *run, const gz_input_list *inputs)
{
    char err[1024];
    gz_session_stats stats = {0};
    if (run->opt->jobs > 1) {
        gz_session_opts shard_opts = run->session_opts;
        shard_opts.names = gz_session_names(run->session);
        /* the threads' batches are in memory at once: they share the budget */
        shard_opts.batch_bytes = run->session_opts.batch_bytes / run->opt->jobs;
        unsigned long had = 1;
        int fresh = gz_xap_writer_doccount(gz_session_writer(run->session), &had) == GZ_OK &&
                    had == 0;
        run->parallel = gz_parallel_start(run->opt->db, &shard_opts, run->opt->jobs, fresh, err,
                                          sizeof err);
        if (!run->parallel) {
            fprintf(stderr, "gazette-index: %s\n", err);
            return GZ_EXIT_FAIL;
        }
        /* without the pool, JSON Lines are decoded here, only slower */
        run->parse_pool = gz_parse_pool_start(decoders_for(run->opt->jobs), run->opt->max_article,
                                              report, run);
    }
    read_all(run, inputs);
    gz_parse_pool_stop(run->parse_pool);
    run->parse_pool = NULL;
    gz_status st = GZ_OK;
    if (run->parallel && run->fatal) {
        /* The shards are discarded; the target is untouched. */
        gz_parallel_abort(run->parallel);
    } else if (run->parallel) {
        st = gz_parallel_finish(run->parallel, &run->session, &run->session_opts, &stats,
                                &run->phases, &run->compaction, err, sizeof err);
        if (st != GZ_OK)
            fprintf(stderr, "gazette-index: %s: %s\n", run->opt->db, err);
    } else {
        double t0 = gz_now();
        stats = *gz_session_get_stats(run->session);
        /* Even after an error, what was added before it is complete and valid. */
        if ((st = gz_session_commit(run->session)) != GZ_OK)
            fprintf(stderr, "gazette-index: %s: %s\n", run->opt->db, gz_session_error(run->session));
        run->phases.finish += gz_now() - t0;
    }
    if (st == GZ_ERR_CORRUPT)
        stop_on_damage(run);
    run->skipped += stats.skipped;
    if (run->session && st == GZ_OK && !run->fatal) {
        /* committed before the summary counts what the index holds */
        gz_session *done = run->session;
        run->session = NULL;
        st = finish_index(run, done, &stats);
    }
    if (!run->opt->quiet)
        print_summary(run, &stats, st != GZ_OK || run->fatal);
    if (st != GZ_OK) {
        /* A write Xapian could not finish leaves its writer in a state not
         * worth tearing down (after a damaged table, its memory may be
         * spoilt and a free would abort): the last commit is on disk. */
        fflush(stdout);
        fflush(stderr);
        _exit(gz_status_exit_code(st));
    }
    if (run->fatal)
        return gz_status_index_exit_code(run->fatal);
    if (interrupted)
        return 128 + SIGINT;
    return reported(run) ? GZ_EXIT_PARTIAL : 0;
}

/* --shards N: a new archive of N local shards, or one that has N. */
static int prepare_shards(const char *db, unsigned n)
{
    char err[1024];
    gz_cluster c;
    if (!gz_cluster_is_stub(db)) {
        if (gz_cluster_create(db, n, err, sizeof err) == GZ_OK)
            return 0;
        fprintf(stderr, "gazette-index: %s\n", err);
        return -1;
    }
    if (gz_cluster_read(db, &c, err, sizeof err) != GZ_OK) {
        fprintf(stderr, "gazette-index: %s\n", err);
        return -1;
    }
    size_t listed = c.n;
    gz_cluster_release(&c);
    if (listed == n)
        return 0;
    fprintf(stderr, "gazette-index: %s lists %zu shards, not %u: to change their number, edit "
            "the stub file and run gazette-index --db %s --reshard\n", db, listed, n, db);
    return -1;
}

static int run_index(struct run *run, const gz_input_list *inputs)
{
    char err[1024];
    struct options *o = run->opt;
    /* Commits are Gazette's to schedule (by text size, --batch-mb), not
     * Xapian's: its own threshold (documents per automatic commit) is set
     * past any batch, unless the user set one. */
    setenv("XAPIAN_FLUSH_THRESHOLD", XAPIAN_AUTOCOMMIT_NEVER, 0);
    if (o->shards && prepare_shards(o->db, o->shards) < 0)
        return GZ_EXIT_USAGE;
    if (gz_restore_swapped(o->db) != GZ_OK) {
        fprintf(stderr, "gazette-index: %s: cannot put back the index a killed run left in "
                "%s.gazette-tmp/old: %s\n", o->db, o->db, strerror(errno));
        return GZ_EXIT_FAIL;
    }
    unsigned flags = o->reshard ? GZ_CLUSTER_RESHARD : 0;
    run->session_opts = (gz_session_opts){.language = o->language,
                                          .xapian_flags = flags,
                                          .batch_bytes = o->batch_bytes,
                                          .batch_docs = o->batch_docs,
                                          .gazetteer = run->gazetteer,
                                          .no_spelling = o->no_spelling,
                                          .dup_threshold = o->dup_threshold,
                                          .no_stories = o->no_stories};
    gz_status st = gz_session_open(o->db, &run->session_opts, &run->session, err, sizeof err);
    if (st == GZ_ERR_CORRUPT) {
        fprintf(stderr, "gazette-index: %s\n", err);
        stop_on_damage(run);
    }
    if (st != GZ_OK) {
        fprintf(stderr, "gazette-index: %s\n", err);
        return gz_status_index_exit_code(st);
    }
    /* Later sessions (the reopened target after -j) keep the settled language. */
    char language[32];
    snprintf(language, sizeof language, "%s", gz_session_language(run->session));
    run->session_opts.language = language;
    /* What a killed run left beside the index (-j's shards, a compaction's
     * copy) is of no use: its articles are read again.  This run holds the
     * index's lock, so no other run owns it.  (-j clears it itself.) */
    if (o->jobs <= 1)
        gz_clear_scratch(o->db);
    int rc = index_inputs(run, inputs);
    gz_session_abandon(run->session);     /* after an error: keep the last commit */
    release_stamps(run);
    return rc;
}

static int run(struct options *opt, int argc, char **argv, int first)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (opt->ndeletes)
        return run_delete(opt);
    if (opt->check)
        return run_check(opt);

    gz_input_list inputs = {0};
    struct run run = {.opt = opt};
    char err[PATH_MAX + 128];
    int rc = 0;
    for (int i = first; i < argc && rc == 0; i++) {
        gz_status st = gz_walk_add(&inputs, argv[i], report_entry, &run, err, sizeof err);
        if (st != GZ_OK) {      /* an input that is not there: the command line is wrong */
            fprintf(stderr, "gazette-index: %s\n", err);
            rc = gz_status_argument_exit_code(st);
        }
    }
    run.files_failed += inputs.skipped;
    if (rc == 0 && !opt->no_entities &&
        !(run.gazetteer = gz_gazetteer_load(NULL, opt->gazetteers, opt->ngazetteers, err, sizeof err))) {
        fprintf(stderr, "gazette-index: %s\n", err);
        rc = GZ_EXIT_FAIL;
    }
    if (rc == 0) {
        off_t total = 0;
        for (size_t i = 0; i < inputs.count; i++)
            total = (total < 0 || inputs.files[i].size < 0) ? -1 : total + inputs.files[i].size;
        gz_progress_init(&run.progress, !opt->quiet && !opt->extract, total);
        rc = opt->extract ? run_extract(&run, &inputs) : run_index(&run, &inputs);
        if (rc == 0 && opt->extract && reported(&run))
            rc = GZ_EXIT_PARTIAL;
    }
    gz_gazetteer_free(run.gazetteer);
    gz_walk_release(&inputs);
    return rc;
}

int main(int argc, char **argv)
{
    /* Xapian holds a batch's postings in memory at about 20 times the text's
     * size; 2 MB was faster than 8 on every input measured, at a third of
     * the memory (docs/indexing.md, "Crashes, kills and concurrency"). */
    struct options opt = {.batch_bytes = (size_t)GZ_DEFAULT_BATCH_MB << 20, .jobs = 1,
                          .max_article = GZ_ARTICLE_MAX_BYTES};
    opt.deletes = calloc((size_t)argc, sizeof *opt.deletes);
    opt.gazetteers = calloc((size_t)argc, sizeof *opt.gazetteers);
    int rc = GZ_EXIT_FAIL;
    if (opt.deletes && opt.gazetteers) {
        int first = parse_options(argc, argv, &opt);
        rc = first == -2 ? 0 : first < 0 ? GZ_EXIT_USAGE : run(&opt, argc, argv, first);
    }
    free(opt.deletes);
    free(opt.gazetteers);
    return rc;
}
