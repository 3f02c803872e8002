/*
 * xap_internal.h - what the binding's files share (C++ only, never seen by
 * C): the handles behind gz_xapian.h's opaque types, the catch that turns
 * an exception into a gz_status at the boundary, and the helpers several
 * files use.
 *
 * The binding is split by concern: xap_errors.cc (exceptions to statuses),
 * xap_doc.cc (documents), xap_writer.cc (writers, shards routed, rewriting,
 * compaction and checks), xap_sender.h (a remote shard's writes sent from
 * a thread of its own), xap_reader.cc (readers, shard failover),
 * xap_query.cc (queries), xap_search.cc (ranking, expansion, related
 * articles, results).  Policy (BM25's parameters, limits) comes from C.
 */
#ifndef GZ_XAP_INTERNAL_H
#define GZ_XAP_INTERNAL_H

#include "gz_xapian.h"

#include <xapian.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "xap_sender.h"

struct gz_xap_doc {
    Xapian::Document doc;
    std::string error;
    std::string scratch;    /* the last data or value read */
};

/* One index, or the shards of a cluster (gz_xap_writer_open_shards): an
 * article lives in the shard its id term routes to; reads go through `db`,
 * the shards as one, whose document ids interleave theirs (Xapian's rule:
 * id d is shard (d-1) % n's document (d-1) / n + 1). */
struct gz_xap_writer {
    std::vector<Xapian::WritableDatabase> shards;
    std::vector<std::unique_ptr<ShardSender>> senders;  /* remote shards' (else null) */
    std::vector<std::string> names;     /* host:port or path, for messages */
    Xapian::Database db;
    std::string error;
    bool closed;
    std::string failed_shard;           /* whose background write failed */
    unsigned last_docid = 0;            /* of the last replace into a local shard */
};

/* A shard of a cluster as the reader last found it. */
struct reader_shard {
    std::string path, host;         /* host empty: a local index at path */
    unsigned port;
    std::string name;               /* what messages call it */
    Xapian::Database db;
    bool up;
    std::string why;                /* when down: the error that said so */
    double retry_at;                /* when down: not tried again before */
};

/* One index, or a cluster's shards; `db` is the ones that answered. */
struct gz_xap_reader {
    Xapian::Database db;
    std::string error;
    std::vector<reader_shard> shards;   /* empty: db is one plain index */
    unsigned timeout_ms;
};

struct gz_xap_query {
    Xapian::Query query;
};

struct gz_xap_results {
    Xapian::doccount total;
    bool exact;
    std::vector<double> scores;
    std::vector<std::string> data;
    std::vector<std::string> collapse_keys;
    std::vector<std::vector<std::pair<std::string, Xapian::doccount>>> spies;
    Xapian::doccount lower, upper;  /* bounds on the match count */
    Xapian::doccount uncollapsed;   /* articles matching, before collapsing (estimated) */
};

/* ---- the boundary (xap_errors.cc) -------------------------------------- */

/* What a process that ran out of file descriptors is told. */
extern const char XAP_OUT_OF_FDS[];
/* The exception being handled as a status, its text in msg.  Must be
 * called from inside a catch block. */
gz_status xap_classify_current(std::string &msg);
/* msg into a caller's GZ_XAP_ERRMAX buffer (may be NULL). */
void xap_copy_error(char errbuf[GZ_XAP_ERRMAX], const std::string &msg);
/* The exception being handled as a status, its text in errbuf: the catch
 * of a call that has no handle yet.  Must be called inside a catch block. */
gz_status xap_classify_into(char errbuf[GZ_XAP_ERRMAX]);
/* A malloc'd copy for C; NULL when memory ran out. */
char *xap_dup_string(const std::string &s);

/* Records the exception on a handle's error string and returns its status. */
#define GZ_CATCH_INTO(errstr)                                   \
    catch (...) {                                               \
        return xap_classify_current(errstr);              \
    }


/* ---- helpers of several files ------------------------------------------ */

inline bool xap_term_ok(size_t len)
{
    return len > 0 && len <= GZ_XAP_MAX_TERM;
}

/* The message for a term Xapian cannot store. */
inline std::string xap_bad_term(const char *what, size_t len)
{
    return std::string(what) + " of " + std::to_string(len) + " bytes: Xapian stores terms of 1 to " +
           std::to_string(GZ_XAP_MAX_TERM) + " bytes";
}

template <class Count>
inline bool xap_walk_terms(Xapian::TermIterator t, const Xapian::TermIterator &end,
                       const std::string &prefix, gz_xap_term_fn fn, void *ctx, Count count_of)
{
    for (; t != end; ++t) {
        std::string term = *t;
        if (term.compare(0, prefix.size(), prefix) != 0)
            return false;
        if (fn(ctx, term.data(), term.size(), count_of(t)))
            return true;
    }
    return false;
}

/* host:port or the path, for messages (xap_writer.cc). */
std::string xap_shard_name(const gz_xap_shard &s);
/* Every shard connected again, the ones that answer joined (xap_reader.cc). */
gz_status xap_reconnect_all(gz_xap_reader *r, std::string &msg);
/* The i-th shard that answered (the i-th part of r->db). */
Xapian::Database xap_up_shard(gz_xap_reader *r, size_t i);

/* Runs op over r->db: again after reopening when a writer committed under
 * it, and, over shards, again without the ones that stopped answering. */
template <class Op> gz_status xap_guarded(gz_xap_reader *r, Op op)
{
    for (size_t attempt = 0;; attempt++) {
        try {
            op();
            return GZ_OK;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt > 0)
                throw;
            r->db.reopen();
        } catch (const Xapian::NetworkError &) {
            if (r->shards.empty() || attempt >= r->shards.size())
                throw;
            gz_status st = xap_reconnect_all(r, r->error);
            if (st != GZ_OK)
                return st;
        }
    }
}

#endif
