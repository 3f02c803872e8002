/*
 * gz_xapian.h - Gazette's C binding over the Xapian C++ library.
 *
 * Xapian has no C API, so this header is the only door to it; the files
 * behind it, common/store/xap_*.cc (xap_internal.h says which does what),
 * are the only C++ in the project.  Modelled on notmuch's lib/ and Cyrus'
 * imap/xapian_wrap.cpp: opaque handles, every C++ exception caught at the
 * boundary and turned into a gz_status (status.h) plus a message kept on the
 * handle.
 *
 * Ownership rules
 *   - Every *_open / *_new returns a handle the caller owns and releases with
 *     the matching *_close / *_free.  Passing NULL to a release function is a
 *     no-op.
 *   - A `const char *` returned by an accessor is owned by the handle it came
 *     from and stays valid until the next call on that handle (for results:
 *     until gz_xap_results_free).  Copy it to keep it.
 *   - Functions that fail before a handle exists (the *_open calls) store the
 *     message in a caller-supplied buffer of GZ_XAP_ERRMAX bytes.
 *   - Handles are not thread-safe; use one per thread (Xapian's rule too).
 */
#ifndef GZ_XAPIAN_H
#define GZ_XAPIAN_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GZ_XAP_ERRMAX 512
/* Xapian rejects terms longer than this many bytes. */
#define GZ_XAP_MAX_TERM 245

/* ---- documents under construction ------------------------------------ */

typedef struct gz_xap_doc gz_xap_doc;

gz_xap_doc *gz_xap_doc_new(void);
void gz_xap_doc_free(gz_xap_doc *doc);
/* Why the last failing call on doc failed. */
const char *gz_xap_doc_last_error(const gz_xap_doc *doc);
/* Empties the document (and its last error) so the same handle can build
 * the next one. */
void gz_xap_doc_clear(gz_xap_doc *doc);
/* A term at a position (for phrase search), adding wdf_inc to its wdf. */
gz_status gz_xap_doc_add_posting(gz_xap_doc *doc, const char *term, size_t len,
                                 unsigned pos, unsigned wdf_inc);
/* A term with wdf 0: a filter that does not change the document length. */
gz_status gz_xap_doc_add_boolean(gz_xap_doc *doc, const char *term, size_t len);
gz_status gz_xap_doc_set_value(gz_xap_doc *doc, unsigned slot,
                               const char *bytes, size_t len);
gz_status gz_xap_doc_set_data(gz_xap_doc *doc, const char *bytes, size_t len);

/* ---- shards ----------------------------------------------------------
 * An archive may be one index or a cluster of shards (common/store/
 * cluster.h reads the stub file listing them): each a local index or a
 * xapian-tcpsrv on host:port. */

typedef struct gz_xap_shard {
    const char *path;           /* a local index (host NULL) */
    const char *host;           /* or a remote one: xapian-tcpsrv's host and port */
    unsigned port;
} gz_xap_shard;

/* The shard (0..nshards-1) an article's unique id term belongs to: a
 * stable hash of its bytes, the same on every machine and run. */
unsigned gz_xap_route(const char *id_term, size_t len, unsigned nshards);
#define GZ_XAP_ROUTE_SEED 0x9e3779b97f4a7c15ULL

/* Remote writes wait this long for a shard (a big commit takes a while);
 * connections give up after GZ_XAP_CONNECT_TIMEOUT_MS. */
#define GZ_XAP_WRITE_TIMEOUT_MS 600000u
#define GZ_XAP_CONNECT_TIMEOUT_MS 10000u
/* A reader tries a shard that did not answer again after this long. */
#define GZ_XAP_RETRY_SECONDS 5.0

/* ---- the writer ------------------------------------------------------ */

typedef struct gz_xap_writer gz_xap_writer;

enum {
    GZ_XAP_CREATE  = 1 << 0, /* create the index when absent */
    /* a throw-away shard: no fsync, and blocks updated in place rather
     * than copied on write (30% less written at -j 2; a kill may leave it
     * corrupt, and the next run removes it anyway) */
    GZ_XAP_SCRATCH = 1 << 1,
    GZ_XAP_WAIT    = 1 << 2  /* wait for the lock instead of failing */
};

gz_status gz_xap_writer_open(const char *path, unsigned flags,
                             gz_xap_writer **out, char errbuf[GZ_XAP_ERRMAX]);
/* A writer over a cluster's shards: each article goes to the shard its id
 * term routes to (gz_xap_route); reads see all shards as one index, whose
 * document ids interleave the shards' (id d: shard (d-1) % n).  Remote
 * shards need xapian-tcpsrv --writable.  Each shard commits on its own. */
gz_status gz_xap_writer_open_shards(const gz_xap_shard *shards, size_t n, unsigned flags,
                                    gz_xap_writer **out, char errbuf[GZ_XAP_ERRMAX]);
unsigned gz_xap_writer_nshards(const gz_xap_writer *w);
/* One shard's own metadata and size (the cluster's bookkeeping). */
gz_status gz_xap_writer_get_shard_metadata(gz_xap_writer *w, unsigned shard, const char *key,
                                           char **value);
gz_status gz_xap_writer_set_shard_metadata(gz_xap_writer *w, unsigned shard, const char *key,
                                           const char *value);
gz_status gz_xap_writer_shard_doccount(gz_xap_writer *w, unsigned shard, unsigned long *count);
/* Moves each article to the shard its id term (prefix id_prefix) routes
 * to now; *moved counts them.  Copies are committed before the strays are
 * deleted: a kill in between leaves duplicates a rerun removes. */
gz_status gz_xap_writer_reshard(gz_xap_writer *w, const char *id_prefix, unsigned long *moved);
/* Commits pending changes and releases the lock; on failure the message
 * stays on the handle (gz_xap_writer_last_error).  The handle is released
 * apart, with gz_xap_writer_destroy (notmuch keeps the two apart too). */
gz_status gz_xap_writer_close(gz_xap_writer *w);
/* Releases the handle; changes not committed (no close, or a close that
 * failed) are discarded. */
void gz_xap_writer_destroy(gz_xap_writer *w);
const char *gz_xap_writer_last_error(const gz_xap_writer *w);

/* Adds doc, replacing any document indexed with the same unique id term.
 * *replaced (may be NULL) tells whether one existed.  To a remote shard
 * the write goes in the background (the caller builds the next document
 * meanwhile): *replaced is then 0, and gz_xap_writer_take_replaced counts
 * those that did replace one, once the writes are done (after a commit).
 * Either way doc is emptied: build the next one from gz_xap_doc_clear. */
gz_status gz_xap_writer_replace(gz_xap_writer *w, const char *id_term,
                                size_t id_len, gz_xap_doc *doc, int *replaced);
/* The document number the last gz_xap_writer_replace gave its document in
 * a local index (0 when it went to a remote shard): -j's threads note where
 * each article went (indexer/story_ledger.h). */
unsigned gz_xap_writer_last_docid(const gz_xap_writer *w);
/* Waits for the background writes; how many of them replaced a document
 * since the last call. */
unsigned long gz_xap_writer_take_replaced(gz_xap_writer *w);
/* Deletes the document with that unique id term; *found says whether it was there. */
gz_status gz_xap_writer_delete(gz_xap_writer *w, const char *id_term,
                               size_t id_len, int *found);
gz_status gz_xap_writer_commit(gz_xap_writer *w);
gz_status gz_xap_writer_doccount(gz_xap_writer *w, unsigned long *count);
/* *value is malloc'd (caller frees); NULL when the key is unset. */
gz_status gz_xap_writer_get_metadata(gz_xap_writer *w, const char *key, char **value);
/* Of a cluster: set on every shard, so that each describes the archive. */
gz_status gz_xap_writer_set_metadata(gz_xap_writer *w, const char *key, const char *value);
/* Copies every document of the index at src_path into w, in src's order,
 * replacing by the unique id term (prefix id_prefix), and its metadata
 * keys that start with meta_prefix (each to the shard the key routes
 * to); *replaced counts the documents that replaced one already in w.
 * Commits each time the copied documents' data add up to batch_bytes (0:
 * only at the caller's commit).  For merging shards into a non-empty
 * index or a cluster. */
gz_status gz_xap_writer_merge_from(gz_xap_writer *w, const char *src_path,
                                   const char *id_prefix, const char *meta_prefix,
                                   size_t batch_bytes, unsigned long *replaced);

/* ---- rewriting documents already in an index --------------------------
 * For passes that revise what earlier runs wrote (indexer/settle_names.c):
 * the writer's reads see its own uncommitted changes. */

/* Called for each term; a non-zero return stops the walk. */
typedef int (*gz_xap_term_fn)(void *ctx, const char *term, size_t len, unsigned long freq);
/* Each term of the index that starts with prefix, with how many documents
 * hold it, in byte order.  A walk fn stopped returns GZ_OK: the caller's
 * ctx says why it stopped. */
gz_status gz_xap_writer_each_term(gz_xap_writer *w, const char *prefix,
                                  gz_xap_term_fn fn, void *ctx);
/* How many documents hold term (0 when none). */
gz_status gz_xap_writer_termfreq(gz_xap_writer *w, const char *term, size_t len,
                                 unsigned long *freq);
/* The ids of the documents holding term, ascending, in *ids (malloc'd; the
 * caller frees) and their number in *n. */
gz_status gz_xap_writer_postlist(gz_xap_writer *w, const char *term, size_t len,
                                 unsigned **ids, size_t *n);
/* The same, the first max of them at most (the oldest documents). */
gz_status gz_xap_writer_postlist_first(gz_xap_writer *w, const char *term, size_t len,
                                       size_t max, unsigned **ids, size_t *n);
/* Loads document docid into doc, for reading and changing it. */
gz_status gz_xap_writer_get_doc(gz_xap_writer *w, unsigned docid, gz_xap_doc *doc);
/* Stores doc (as changed) back as document docid. */
gz_status gz_xap_writer_replace_docid(gz_xap_writer *w, unsigned docid, gz_xap_doc *doc);

/* The document's data and a value, owned by doc until its next call. */
gz_status gz_xap_doc_get_data(gz_xap_doc *doc, const char **bytes, size_t *len);
gz_status gz_xap_doc_get_value(gz_xap_doc *doc, unsigned slot, const char **bytes, size_t *len);
/* Each of the document's terms that starts with prefix (freq: its wdf). */
gz_status gz_xap_doc_each_term(gz_xap_doc *doc, const char *prefix, gz_xap_term_fn fn, void *ctx);
/* Removes term and all its positions; absent is not an error. */
gz_status gz_xap_doc_remove_term(gz_xap_doc *doc, const char *term, size_t len);

/* Compacts the indexes at srcs[0..n) into a new index at dest (which must
 * not exist).  Document ids are renumbered; unique ids must not overlap. */
gz_status gz_xap_compact(const char *const *srcs, size_t n, const char *dest,
                         char errbuf[GZ_XAP_ERRMAX]);

/* Checks every table of the index at path (Xapian's Database::check, as
 * xapian-check does): *errors faults found (0: sound), report the first of
 * them.  GZ_OK when the check ran; an error status (report says why) when
 * it could not (no index there, locked, out of memory). */
gz_status gz_xap_check(const char *path, unsigned long *errors, char report[GZ_XAP_ERRMAX]);

/* ---- the reader ------------------------------------------------------ */

typedef struct gz_xap_reader gz_xap_reader;
typedef struct gz_xap_query gz_xap_query;
typedef struct gz_xap_results gz_xap_results;

gz_status gz_xap_reader_open(const char *path, gz_xap_reader **out,
                             char errbuf[GZ_XAP_ERRMAX]);
/* A reader over a cluster's shards, searched as one.  A remote shard that
 * does not answer within timeout_ms (connecting, or during any call) is
 * left out: the reader answers from the others, and says which are down
 * (gz_xap_reader_shards_down); GZ_ERR_UNAVAILABLE when none answers.
 * gz_xap_reader_reopen tries a down shard again (every
 * GZ_XAP_RETRY_SECONDS at most). */
gz_status gz_xap_reader_open_shards(const gz_xap_shard *shards, size_t n, unsigned timeout_ms,
                                    gz_xap_reader **out, char errbuf[GZ_XAP_ERRMAX]);
/* How many shards are down; the k-th one's name (host:port or path) and
 * why, owned by r until its next call. */
size_t gz_xap_reader_shards_down(const gz_xap_reader *r);
/* The shards the reader was opened over (a stub's lines); 0 for one index. */
size_t gz_xap_reader_nshards(const gz_xap_reader *r);
/* Metadata of the k-th shard the stub lists (NULL *value: none);
 * GZ_ERR_UNAVAILABLE when that shard is down or there is none. */
gz_status gz_xap_reader_shard_metadata(gz_xap_reader *r, size_t k, const char *key,
                                       char **value);
const char *gz_xap_reader_shard_down(const gz_xap_reader *r, size_t k, const char **why);
void gz_xap_reader_close(gz_xap_reader *r);
const char *gz_xap_reader_last_error(const gz_xap_reader *r);
/* Moves a long-lived reader to the latest commit; *changed says whether
 * there was one. */
gz_status gz_xap_reader_reopen(gz_xap_reader *r, int *changed);
gz_status gz_xap_reader_doccount(gz_xap_reader *r, unsigned long *count);
/* The documents holding each term that starts with prefix, added up. */
gz_status gz_xap_reader_prefix_postings(gz_xap_reader *r, const char *prefix,
                                        unsigned long *sum);
gz_status gz_xap_reader_get_metadata(gz_xap_reader *r, const char *key, char **value);
/* Lowest and highest value in a slot over all documents (malloc'd; NULL
 * when no document has one). */
gz_status gz_xap_reader_value_bounds(gz_xap_reader *r, unsigned slot, char **lo, char **hi);
/* A correction of word at most max_edits edits away from Xapian's
 * spelling table (malloc'd), or NULL: indexes of schema 4 and before
 * (searcher/did_you_mean.h). */
gz_status gz_xap_reader_spelling(gz_xap_reader *r, const char *word, unsigned max_edits,
                                 char **suggestion);
/* Each metadata key starting with prefix, of every shard (freq 0). */
gz_status gz_xap_reader_each_metadata_key(gz_xap_reader *r, const char *prefix,
                                          gz_xap_term_fn fn, void *ctx);
/* How many documents hold term. */
gz_status gz_xap_reader_termfreq(gz_xap_reader *r, const char *term, unsigned long *freq);

/* Queries are immutable trees; combining them copies, so the caller still
 * owns (and frees) every query it passed in. */
typedef enum gz_xap_op {
    GZ_XAP_OP_AND, GZ_XAP_OP_OR, GZ_XAP_OP_AND_NOT, GZ_XAP_OP_PHRASE, GZ_XAP_OP_FILTER,
    GZ_XAP_OP_AND_MAYBE         /* the first required, the others add weight */
} gz_xap_op;

/* Every document. */
gz_xap_query *gz_xap_query_all(void);
/* No document (a query with nothing to search for). */
gz_xap_query *gz_xap_query_none(void);

gz_xap_query *gz_xap_query_term(const char *term, size_t len, unsigned wqf);
gz_xap_query *gz_xap_query_combine(gz_xap_op op, gz_xap_query *const *subs,
                                   size_t n);
/* Documents whose value in slot lies in [lo, hi] (byte order); NULL = open. */
gz_xap_query *gz_xap_query_value_range(unsigned slot, const char *lo,
                                       const char *hi);
/* q with its weight multiplied by factor (Xapian's OP_SCALE_WEIGHT). */
gz_xap_query *gz_xap_query_scale(const gz_xap_query *q, double factor);
/* q with each of its unprefixed terms also looked for under prefix (the
 * headline's terms), added with AND_MAYBE at weight: the same matches, the
 * ones with the words in the headline first.  NULL when memory ran out. */
/* Which terms are words (not prefixed fields, ids or dates): the schema's
 * rule (gz_schema_is_word), passed in, so that the binding knows no
 * script or prefix of its own. */
typedef bool (*gz_xap_word_test)(const char *term, size_t len);
gz_xap_query *gz_xap_query_field_boost(const gz_xap_query *q, const char *prefix, double weight,
                                       gz_xap_word_test is_word);
/* Xapian's description of q ("Query((asean OR laos))"), malloc'd: two
 * queries with the same description match and weigh alike.  NULL when
 * memory ran out. */
char *gz_xap_query_describe(const gz_xap_query *q);
/* A copy that shares nothing with q, for use in another thread. */
gz_xap_query *gz_xap_query_copy(const gz_xap_query *q);
void gz_xap_query_free(gz_xap_query *q);

typedef enum gz_xap_sort {
    GZ_XAP_SORT_RELEVANCE, GZ_XAP_SORT_VALUE_DESC, GZ_XAP_SORT_VALUE_ASC
} gz_xap_sort;

/* The parameters of Xapian's BM25Weight: the searcher's policy, passed in. */
typedef struct gz_xap_bm25 {
    double k1, k2, k3, b, min_normlen;
} gz_xap_bm25;

typedef struct gz_xap_search_opts {
    unsigned first, count;      /* the page of hits wanted */
    gz_xap_bm25 bm25;
    int unweighted;             /* no scores (counting only): Xapian's BoolWeight */
    gz_xap_sort sort;
    unsigned sort_slot;         /* value slot for the VALUE sorts */
    /* Equal scores are ordered by tie_slot's value, highest first: an
     * order that does not depend on how the documents are spread over
     * shards (Xapian's own tie-break is the document id, which does).
     * Remote shards sort by value slots only (no KeyMaker). */
    int break_ties;
    unsigned tie_slot;
    unsigned check_at_least;    /* > count makes the total more exact */
    const unsigned *spy_slots;  /* value slots to count over the match set */
    size_t nspies;
    /* Nonzero: each spied value is groups separated by split_groups, each
     * a list separated by split_items, and the spies count the items, not
     * the whole values: spy entry "group g's item" (written as g
     * split_groups bytes, then the item) counts the documents whose value
     * lists that item in group g.  Summing whole values' items gives the
     * same totals, but whole values are nearly one per article, and a
     * table of a hundred thousand long keys costs far more per document
     * than one of the few thousand items.  Local shards only: over a
     * remote one (xapian-tcpsrv knows only Xapian's own spy) whole values
     * are counted, as with 0. */
    char split_groups, split_items;
    /* With split_groups: only the groups whose bit is set are counted
     * (0: all).  A recount that wants people needs no dates. */
    unsigned split_only;
    /* collapse: one hit per value of collapse_slot (Xapian's collapse key:
     * the best of each story; spies still count every matching document);
     * hit_keys: only report each hit's value in it. */
    int collapse, hit_keys;
    unsigned collapse_slot;
} gz_xap_search_opts;

/* Pseudo-relevance feedback: the `terms` most telling words (Xapian's
 * ESet; words of three bytes or more by is_word, the query's own left
 * out) of q's top `docs` matches, added to q with AND_MAYBE at `weight`
 * (each word scaled by its ESet weight over the best one's): they reorder
 * q's matches and never add one.  *out is q's copy when there is nothing
 * to add.  Works over remote shards (get_eset is served by xapian-tcpsrv). */
gz_status gz_xap_reader_expand(gz_xap_reader *r, const gz_xap_query *q, unsigned docs,
                               unsigned terms, double weight, const gz_xap_bm25 *bm25,
                               gz_xap_word_test is_word, gz_xap_query **out);

/* Articles like the one whose unique-id term is id_term: its `terms` most
 * telling words (Xapian's ESet with the article alone as relevance set;
 * words of three bytes or more by is_word) ORed, each scaled by its
 * ESet weight over the best one's.  Also its data and its value in slot
 * (malloc'd; *value NULL when it has none).  GZ_ERR_NOT_FOUND: no such
 * article. */
gz_status gz_xap_reader_like(gz_xap_reader *r, const char *id_term, size_t len, unsigned terms,
                             unsigned slot, gz_xap_word_test is_word, char **data,
                             size_t *data_len, char **value, gz_xap_query **out);

/* Runs the query; retries once after reopening when a writer has committed
 * under the reader (DatabaseModifiedError). */
gz_status gz_xap_search(gz_xap_reader *r, const gz_xap_query *q,
                        const gz_xap_search_opts *opts, gz_xap_results **out);
void gz_xap_results_free(gz_xap_results *res);
size_t gz_xap_results_size(const gz_xap_results *res);
/* Estimated total matches, and whether the estimate is exact. */
unsigned long gz_xap_results_total(const gz_xap_results *res, int *exact);
/* The articles matching before collapsing (an estimate, as the total is);
 * without collapsing, the total. */
unsigned long gz_xap_results_uncollapsed(const gz_xap_results *res);
double gz_xap_results_score(const gz_xap_results *res, size_t i);
/* Stored data of hit i; owned by res. */
const char *gz_xap_results_data(const gz_xap_results *res, size_t i, size_t *len);
/* Hit i's value in the collapse slot (collapse or hit_keys; owned by res;
 * "" for none). */
const char *gz_xap_results_collapse_key(const gz_xap_results *res, size_t i, size_t *len);
/* A bound the match count cannot exceed (for AND, the rarest term's count). */
unsigned long gz_xap_results_upper_bound(const gz_xap_results *res);
/* The distinct values spy k counted, and how many matching documents had
 * each; value strings are owned by res. */
size_t gz_xap_results_spy_size(const gz_xap_results *res, size_t k);
const char *gz_xap_results_spy_value(const gz_xap_results *res, size_t k, size_t i,
                                     size_t *len, unsigned long *count);

#ifdef __cplusplus
}
#endif
#endif
