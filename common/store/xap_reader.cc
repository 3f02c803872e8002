/*
 * xap_reader.cc - readers: one index or a cluster's shards, each opened on
 * its own with a timeout, the ones that do not answer left out and tried
 * again.
 */
#include "xap_internal.h"

#include <chrono>
#include <cstring>


static double now_seconds()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/* Connects to a shard (or opens it, when local); on failure it is down
 * until GZ_XAP_RETRY_SECONDS from now. */
static void connect_shard(reader_shard &s, unsigned timeout_ms)
{
    try {
        s.db = s.host.empty() ? Xapian::Database(s.path)
                              : Xapian::Remote::open(s.host, s.port, timeout_ms, timeout_ms);
        s.up = true;
        s.why.clear();
    } catch (...) {
        s.up = false;
        s.db = Xapian::Database();
        xap_classify_current(s.why);
        s.retry_at = now_seconds() + GZ_XAP_RETRY_SECONDS;
    }
}

/* The shards that answered, searched as one; UNAVAILABLE when none did. */
static gz_status join_shards(gz_xap_reader *r, std::string &msg)
{
    r->db = Xapian::Database();
    std::string down;
    for (reader_shard &s : r->shards) {
        if (!s.up && s.why.compare(0, std::strlen(XAP_OUT_OF_FDS), XAP_OUT_OF_FDS) == 0) {
            /* the shard did not fail, this process did: no partial answer */
            msg = "shard " + s.name + ": " + s.why;
            return GZ_ERR_IO;
        }
        if (s.up)
            r->db.add_database(s.db);
        else
            down += (down.empty() ? "" : "; ") + s.name + ": " + s.why;
    }
    if (r->db.size() > 0)
        return GZ_OK;
    msg = "no shard answered (" + down + ")";
    return GZ_ERR_UNAVAILABLE;
}

/* After a network error, which shard failed is unknown and the others may
 * be mid-conversation: every connection is made anew. */
gz_status xap_reconnect_all(gz_xap_reader *r, std::string &msg)
{
    for (reader_shard &s : r->shards)
        connect_shard(s, r->timeout_ms);
    return join_shards(r, msg);
}



extern "C" gz_status gz_xap_reader_open_shards(const gz_xap_shard *shards, size_t n,
                                               unsigned timeout_ms, gz_xap_reader **out,
                                               char errbuf[GZ_XAP_ERRMAX])
{
    *out = nullptr;
    try {
        std::unique_ptr<gz_xap_reader> r(new gz_xap_reader{{}, {}, {}, timeout_ms});
        for (size_t i = 0; i < n; i++) {
            reader_shard s{shards[i].host ? "" : shards[i].path,
                           shards[i].host ? shards[i].host : "", shards[i].port,
                           xap_shard_name(shards[i]), {}, false, {}, 0};
            connect_shard(s, timeout_ms);
            r->shards.push_back(std::move(s));
        }
        std::string msg;
        gz_status st = join_shards(r.get(), msg);
        if (st != GZ_OK) {
            xap_copy_error(errbuf, msg);
            return st;
        }
        *out = r.release();
        return GZ_OK;
    } catch (...) {
        return xap_classify_into(errbuf);
    }
}

extern "C" gz_status gz_xap_reader_open(const char *path, gz_xap_reader **out,
                                        char errbuf[GZ_XAP_ERRMAX])
{
    *out = nullptr;
    try {
        *out = new gz_xap_reader{Xapian::Database(path), {}, {}, 0};
        return GZ_OK;
    } catch (...) {
        return xap_classify_into(errbuf);
    }
}

extern "C" size_t gz_xap_reader_nshards(const gz_xap_reader *r)
{
    return r->shards.size();
}

extern "C" size_t gz_xap_reader_shards_down(const gz_xap_reader *r)
{
    size_t down = 0;
    for (const reader_shard &s : r->shards)
        down += !s.up;
    return down;
}

extern "C" const char *gz_xap_reader_shard_down(const gz_xap_reader *r, size_t k,
                                                const char **why)
{
    for (const reader_shard &s : r->shards) {
        if (!s.up && k-- == 0) {
            *why = s.why.c_str();
            return s.name.c_str();
        }
    }
    *why = "";
    return nullptr;
}

extern "C" void gz_xap_reader_close(gz_xap_reader *r)
{
    delete r;
}

extern "C" const char *gz_xap_reader_last_error(const gz_xap_reader *r)
{
    return r->error.c_str();
}

extern "C" gz_status gz_xap_reader_reopen(gz_xap_reader *r, int *changed)
{
    *changed = 0;
    try {
        /* a shard that was down is tried again, at most every
         * GZ_XAP_RETRY_SECONDS: a long-lived reader notices it come back */
        bool rejoin = false;
        double now = now_seconds();
        for (reader_shard &s : r->shards) {
            if (!s.up && now >= s.retry_at) {
                connect_shard(s, r->timeout_ms);
                rejoin |= s.up;
            }
        }
        if (rejoin) {
            *changed = 1;
            return join_shards(r, r->error);
        }
        size_t down = gz_xap_reader_shards_down(r);
        gz_status st = xap_guarded(r, [&] { *changed = r->db.reopen(); });
        if (gz_xap_reader_shards_down(r) != down)
            *changed = 1;
        return st;
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_doccount(gz_xap_reader *r, unsigned long *count)
{
    try {
        return xap_guarded(r, [&] { *count = r->db.get_doccount(); });
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_prefix_postings(gz_xap_reader *r, const char *prefix,
                                                   unsigned long *sum)
{
    try {
        return xap_guarded(r, [&] {
            *sum = 0;
            for (Xapian::TermIterator t = r->db.allterms_begin(prefix);
                 t != r->db.allterms_end(prefix); ++t)
                *sum += t.get_termfreq();
        });
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_get_metadata(gz_xap_reader *r, const char *key,
                                                char **value)
{
    *value = nullptr;
    try {
        std::string v;
        gz_status st = xap_guarded(r, [&] { v = r->db.get_metadata(key); });
        if (st == GZ_OK && !v.empty() && !(*value = xap_dup_string(v)))
            return GZ_ERR_NOMEM;
        return st;
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_shard_metadata(gz_xap_reader *r, size_t k, const char *key,
                                                  char **value)
{
    *value = nullptr;
    if (k >= r->shards.size() || !r->shards[k].up)
        return GZ_ERR_UNAVAILABLE;
    try {
        std::string v = r->shards[k].db.get_metadata(key);
        if (!v.empty() && !(*value = xap_dup_string(v)))
            return GZ_ERR_NOMEM;
        return GZ_OK;
    } GZ_CATCH_INTO(r->error)
}

/* Each shard holds its own keys (Xapian lists only the first shard's). */
extern "C" gz_status gz_xap_reader_each_metadata_key(gz_xap_reader *r, const char *prefix,
                                                     gz_xap_term_fn fn, void *ctx)
{
    try {
        std::string p(prefix);
        return xap_guarded(r, [&] {
            size_t parts = r->shards.empty() ? 1 : r->db.size();
            for (size_t i = 0; i < parts; i++) {
                Xapian::Database one = r->shards.empty() ? r->db : xap_up_shard(r, i);
                if (xap_walk_terms(one.metadata_keys_begin(p), one.metadata_keys_end(p), p, fn, ctx,
                               [](const Xapian::TermIterator &) { return 0ul; }))
                    return;
            }
        });
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_value_bounds(gz_xap_reader *r, unsigned slot,
                                                 char **lo, char **hi)
{
    *lo = *hi = nullptr;
    try {
        std::string l, h;
        gz_status st = xap_guarded(r, [&] {
            l = r->db.get_value_lower_bound(slot);
            h = r->db.get_value_upper_bound(slot);
        });
        if (st != GZ_OK || l.empty())
            return st;
        *lo = xap_dup_string(l);
        *hi = xap_dup_string(h);
        if (!*lo || !*hi) {
            std::free(*lo);
            std::free(*hi);
            *lo = *hi = nullptr;
            return GZ_ERR_NOMEM;
        }
        return GZ_OK;
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_spelling(gz_xap_reader *r, const char *word,
                                            unsigned max_edits, char **suggestion)
{
    *suggestion = nullptr;
    try {
        std::string s;
        gz_status st = xap_guarded(r, [&] { s = r->db.get_spelling_suggestion(word, max_edits); });
        if (st == GZ_OK && !s.empty() && !(*suggestion = xap_dup_string(s)))
            return GZ_ERR_NOMEM;
        return st;
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_termfreq(gz_xap_reader *r, const char *term,
                                            unsigned long *freq)
{
    try {
        return xap_guarded(r, [&] { *freq = r->db.get_termfreq(term); });
    } GZ_CATCH_INTO(r->error)
}


/* The i-th shard that answered (the i-th part of r->db). */
Xapian::Database xap_up_shard(gz_xap_reader *r, size_t i)
{
    for (reader_shard &s : r->shards)
        if (s.up && i-- == 0)
            return s.db;
    throw Xapian::InvalidArgumentError("no such shard");
}
