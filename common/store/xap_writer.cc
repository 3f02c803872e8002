/*
 * xap_writer.cc - writers: one index or a cluster's shards, each article
 * routed to its shard by its id, metadata, resharding, rewriting documents
 * already indexed, compaction and Xapian's check.
 */
#include "xap_internal.h"

#include "hash.h"

#include <cstring>
#include <sstream>

/* Before anything but a queued write: every remote shard idle. */
static void drain(gz_xap_writer *w)
{
    for (size_t k = 0; k < w->senders.size(); k++) {
        if (!w->senders[k])
            continue;
        try {
            w->senders[k]->drain();
        } catch (...) {
            w->failed_shard = w->names[k];
            throw;
        }
    }
}

/* Must be called from inside a catch block. */
static gz_status writer_failed(gz_xap_writer *w)
{
    gz_status st = xap_classify_current(w->error);
    if (!w->failed_shard.empty()) {
        w->error = "shard " + w->failed_shard + ": " + w->error;
        w->failed_shard.clear();
    }
    return st;
}

/* The same for a writer, naming the shard whose background writes failed
 * (when that is what failed). */
#define GZ_CATCH_WRITER(w)                                      \
    catch (...) {                                               \
        return writer_failed(w);                                \
    }



static int writer_flags(unsigned flags)
{
    int xflags = (flags & GZ_XAP_CREATE) ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
    if (flags & GZ_XAP_SCRATCH)
        xflags |= Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
    if (flags & GZ_XAP_WAIT)
        xflags |= Xapian::DB_RETRY_LOCK;
    return xflags;
}

static Xapian::WritableDatabase open_writable(const gz_xap_shard &s, int xflags)
{
    if (!s.host)
        return Xapian::WritableDatabase(s.path, xflags | Xapian::DB_BACKEND_GLASS);
    /* A remote commit of a large batch takes the server as long as a local
     * one takes us: no timeout would be right for it but a generous one. */
    return Xapian::Remote::open_writable(s.host, s.port, GZ_XAP_WRITE_TIMEOUT_MS,
                                         GZ_XAP_CONNECT_TIMEOUT_MS,
                                         xflags & ~(Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS));
}

std::string xap_shard_name(const gz_xap_shard &s)
{
    return s.host ? std::string(s.host) + ":" + std::to_string(s.port) : std::string(s.path);
}

extern "C" gz_status gz_xap_writer_open_shards(const gz_xap_shard *shards, size_t n,
                                               unsigned flags, gz_xap_writer **out,
                                               char errbuf[GZ_XAP_ERRMAX])
{
    *out = nullptr;
    size_t i = 0;
    try {
        std::unique_ptr<gz_xap_writer> w(new gz_xap_writer{{}, {}, {}, {}, {}, false, {}, 0});
        for (i = 0; i < n; i++) {
            w->shards.push_back(open_writable(shards[i], writer_flags(flags)));
            w->db.add_database(w->shards.back());
            w->names.push_back(xap_shard_name(shards[i]));
        }
        for (i = 0; i < n; i++)
            w->senders.emplace_back(shards[i].host ? new ShardSender(w->shards[i]) : nullptr);
        *out = w.release();
        return GZ_OK;
    } catch (...) {
        std::string msg;
        gz_status st = xap_classify_current(msg);
        if (n > 1 && i < n)
            msg = "shard " + xap_shard_name(shards[i]) + ": " + msg;
        xap_copy_error(errbuf, msg);
        return st;
    }
}

extern "C" gz_status gz_xap_writer_open(const char *path, unsigned flags,
                                        gz_xap_writer **out,
                                        char errbuf[GZ_XAP_ERRMAX])
{
    gz_xap_shard one = {path, nullptr, 0};
    return gz_xap_writer_open_shards(&one, 1, flags, out, errbuf);
}

extern "C" unsigned gz_xap_route(const char *id_term, size_t len, unsigned nshards)
{
    return nshards < 2 ? 0 : (unsigned)(gz_hash64(id_term, len, GZ_XAP_ROUTE_SEED) % nshards);
}

static unsigned shard_index(gz_xap_writer *w, const std::string &key)
{
    return gz_xap_route(key.data(), key.size(), (unsigned)w->shards.size());
}

static Xapian::WritableDatabase &shard_of(gz_xap_writer *w, const std::string &id_term)
{
    return w->shards[shard_index(w, id_term)];
}

/* A copy of doc that owns all of itself: a document read from a database
 * loads its terms from it on demand, which another thread must not do. */
static Xapian::Document detached(const Xapian::Document &doc, const std::string &id_prefix = "",
                                 std::string *id_term = nullptr)
{
    Xapian::Document copy;
    copy.set_data(doc.get_data());
    for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
        copy.add_value(v.get_valueno(), *v);
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (id_term && id_term->empty() && (*t).compare(0, id_prefix.size(), id_prefix) == 0)
            *id_term = *t;      /* (terms come sorted: the first with the prefix) */
        copy.add_term(*t, t.get_wdf());
        for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            copy.add_posting(*t, *p, 0);
    }
    return copy;
}

/* doc, by its id term, in its shard: in the background for a remote shard
 * (*replaced is then 0, and the shard counts it for take_replaced).  A doc
 * read from a database (from_db) is detached first for that. */
static void replace_routed(gz_xap_writer *w, const std::string &term, Xapian::Document &&doc,
                           bool from_db, int *replaced)
{
    unsigned k = shard_index(w, term);
    if (replaced)
        *replaced = 0;
    if (ShardSender *sender = w->senders[k].get()) {
        if (from_db)
            doc = detached(doc);
        sender->post([term, d = std::move(doc), sender](Xapian::WritableDatabase &db) {
            if (db.term_exists(term))
                sender->count_replaced();
            db.replace_document(term, d);
        });
        return;
    }
    if (replaced)
        *replaced = w->shards[k].term_exists(term);
    w->last_docid = w->shards[k].replace_document(term, doc);
}

extern "C" unsigned gz_xap_writer_last_docid(const gz_xap_writer *w)
{
    return w->last_docid;
}

extern "C" unsigned long gz_xap_writer_take_replaced(gz_xap_writer *w)
{
    unsigned long n = 0;
    for (auto &sender : w->senders)
        if (sender)
            n += sender->take_replaced();
    return n;
}

extern "C" unsigned gz_xap_writer_nshards(const gz_xap_writer *w)
{
    return (unsigned)w->shards.size();
}

/* Each shard commits on its own (a cluster's commit is atomic per shard);
 * the remote ones at the same time, each in its own sender. */
static void commit_all(gz_xap_writer *w)
{
    for (size_t k = 0; k < w->shards.size(); k++)
        if (w->senders[k])
            w->senders[k]->post([](Xapian::WritableDatabase &db) { db.commit(); });
    for (size_t k = 0; k < w->shards.size(); k++)
        if (!w->senders[k])
            w->shards[k].commit();
    drain(w);
}

extern "C" gz_status gz_xap_writer_close(gz_xap_writer *w)
{
    try {
        commit_all(w);
        for (auto &shard : w->shards)
            shard.close();
        w->closed = true;
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" void gz_xap_writer_destroy(gz_xap_writer *w)
{
    if (!w)
        return;
    for (auto &sender : w->senders)
        if (sender)
            sender->discard();
    w->senders.clear();
    /* close() without commit() drops pending changes; the destructor
     * would commit them, which is not what an aborted run wants.  A
     * remote shard's server would commit them too when the connection
     * closes: an empty transaction cancelled first sends it the cancel. */
    for (auto &shard : w->shards) {
        try {
            if (!w->closed) {
                shard.begin_transaction(false);
                shard.cancel_transaction();
                shard.close();
            }
        } catch (...) {
        }
    }
    delete w;
}

extern "C" const char *gz_xap_writer_last_error(const gz_xap_writer *w)
{
    return w->error.c_str();
}

extern "C" gz_status gz_xap_writer_replace(gz_xap_writer *w, const char *id_term,
                                           size_t id_len, gz_xap_doc *doc,
                                           int *replaced)
{
    if (!xap_term_ok(id_len)) {
        w->error = xap_bad_term("a unique id term", id_len);
        return GZ_ERR_INVALID;
    }
    try {
        std::string term(id_term, id_len);
        doc->doc.add_boolean_term(term);
        /* the document is handed over whole: its next use begins with
         * gz_xap_doc_clear */
        replace_routed(w, term, std::move(doc->doc), false, replaced);
        doc->doc = Xapian::Document();
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_delete(gz_xap_writer *w, const char *id_term,
                                          size_t id_len, int *found)
{
    if (!xap_term_ok(id_len)) {
        w->error = xap_bad_term("a unique id term", id_len);
        return GZ_ERR_INVALID;
    }
    try {
        drain(w);
        std::string term(id_term, id_len);
        Xapian::WritableDatabase &shard = shard_of(w, term);
        *found = shard.term_exists(term);
        if (*found)
            shard.delete_document(term);
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_commit(gz_xap_writer *w)
{
    try {
        commit_all(w);
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

/* Shared by reader and writer: a WritableDatabase is a Database. */
static gz_status doccount_of(Xapian::Database &db, std::string &error, unsigned long *count)
{
    try {
        *count = db.get_doccount();
        return GZ_OK;
    } GZ_CATCH_INTO(error)
}

static gz_status metadata_of(Xapian::Database &db, std::string &error, const char *key,
                             char **value)
{
    *value = nullptr;
    try {
        std::string v = db.get_metadata(key);
        if (!v.empty() && !(*value = xap_dup_string(v)))
            return GZ_ERR_NOMEM;
        return GZ_OK;
    } GZ_CATCH_INTO(error)
}

extern "C" gz_status gz_xap_writer_doccount(gz_xap_writer *w, unsigned long *count)
{
    try {
        drain(w);
    } GZ_CATCH_WRITER(w)
    return doccount_of(w->db, w->error, count);
}

extern "C" gz_status gz_xap_writer_get_metadata(gz_xap_writer *w, const char *key,
                                                char **value)
{
    try {
        drain(w);
    } GZ_CATCH_WRITER(w)
    return metadata_of(w->db, w->error, key, value);
}

static void set_metadata_on(gz_xap_writer *w, unsigned k, const std::string &key,
                            const std::string &value)
{
    if (ShardSender *sender = w->senders.at(k).get())
        sender->post([key, value](Xapian::WritableDatabase &db) { db.set_metadata(key, value); });
    else
        w->shards[k].set_metadata(key, value);
}

extern "C" gz_status gz_xap_writer_set_metadata(gz_xap_writer *w, const char *key,
                                                const char *value)
{
    try {
        for (unsigned k = 0; k < w->shards.size(); k++)
            set_metadata_on(w, k, key, value);
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_get_shard_metadata(gz_xap_writer *w, unsigned shard,
                                                      const char *key, char **value)
{
    try {
        drain(w);
    } GZ_CATCH_WRITER(w)
    return metadata_of(w->shards.at(shard), w->error, key, value);
}

extern "C" gz_status gz_xap_writer_set_shard_metadata(gz_xap_writer *w, unsigned shard,
                                                      const char *key, const char *value)
{
    try {
        set_metadata_on(w, shard, key, value);
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_shard_doccount(gz_xap_writer *w, unsigned shard,
                                                  unsigned long *count)
{
    try {
        drain(w);
    } GZ_CATCH_WRITER(w)
    return doccount_of(w->shards.at(shard), w->error, count);
}

extern "C" gz_status gz_xap_writer_merge_from(gz_xap_writer *w, const char *src_path,
                                              const char *id_prefix, const char *meta_prefix,
                                              size_t batch_bytes, unsigned long *replaced)
{
    try {
        Xapian::Database src(src_path);
        std::string keys(meta_prefix);
        for (Xapian::TermIterator k = src.metadata_keys_begin(keys);
             k != src.metadata_keys_end(keys); ++k)
            set_metadata_on(w, shard_index(w, *k), *k, src.get_metadata(*k));
        std::string prefix(id_prefix);
        size_t pending = 0;
        /* In the shard's own order (its articles' input order): each
         * document's tables are then read in sequence, not at random, and
         * the target's old versions of a re-read archive in theirs. */
        for (Xapian::PostingIterator p = src.postlist_begin(""); p != src.postlist_end(""); ++p) {
            /* built in memory: Xapian reads a stored document's positions
             * with a lookup per word each time they are read */
            std::string id_term;
            Xapian::Document doc = detached(src.get_document(*p), prefix, &id_term);
            if (id_term.empty())
                continue;       /* no id: not an article (none is written without) */
            int was = 0;
            pending += doc.get_data().size();
            replace_routed(w, id_term, std::move(doc), false, &was);
            *replaced += was;
            /* Xapian holds every change until a commit, and a replaced
             * article's changes are many times its text: commit in the
             * batches the articles were indexed in. */
            if (batch_bytes && pending >= batch_bytes) {
                commit_all(w);
                pending = 0;
            }
        }
        drain(w);
        *replaced += gz_xap_writer_take_replaced(w);
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

/* Moves every article not in the shard its id routes to (the shard count
 * changed).  Copies first, commits, then deletes the strays and commits
 * again: a run killed in between leaves an article in two shards (the
 * next run removes the stray), never in none. */
extern "C" gz_status gz_xap_writer_reshard(gz_xap_writer *w, const char *id_prefix,
                                           unsigned long *moved)
{
    *moved = 0;
    try {
        drain(w);
        std::string prefix(id_prefix);
        unsigned n = (unsigned)w->shards.size();
        std::vector<std::vector<std::string>> strays(n);
        for (unsigned i = 0; i < n; i++) {
            Xapian::WritableDatabase &from = w->shards[i];
            for (Xapian::TermIterator t = from.allterms_begin(prefix);
                 t != from.allterms_end(prefix); ++t) {
                std::string term = *t;
                unsigned to = gz_xap_route(term.data(), term.size(), n);
                Xapian::PostingIterator p = from.postlist_begin(term);
                if (to == i || p == from.postlist_end(term))
                    continue;
                w->shards[to].replace_document(term, from.get_document(*p));
                strays[i].push_back(term);
            }
        }
        for (auto &shard : w->shards)
            shard.commit();
        for (unsigned i = 0; i < n; i++) {
            for (const std::string &term : strays[i])
                w->shards[i].delete_document(term);
            *moved += strays[i].size();
        }
        for (auto &shard : w->shards)
            shard.commit();
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

/* ---- rewriting documents already in an index ------------------------- */

extern "C" gz_status gz_xap_writer_each_term(gz_xap_writer *w, const char *prefix,
                                             gz_xap_term_fn fn, void *ctx)
{
    try {
        drain(w);
        std::string p(prefix);
        xap_walk_terms(w->db.allterms_begin(p), w->db.allterms_end(p), p, fn, ctx,
                   [](const Xapian::TermIterator &t) { return t.get_termfreq(); });
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_termfreq(gz_xap_writer *w, const char *term, size_t len,
                                            unsigned long *freq)
{
    *freq = 0;
    try {
        drain(w);
        *freq = w->db.get_termfreq(std::string(term, len));
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_postlist(gz_xap_writer *w, const char *term, size_t len,
                                            unsigned **ids, size_t *n)
{
    return gz_xap_writer_postlist_first(w, term, len, 0, ids, n);
}

extern "C" gz_status gz_xap_writer_postlist_first(gz_xap_writer *w, const char *term, size_t len,
                                                  size_t max, unsigned **ids, size_t *n)
{
    *ids = nullptr;
    *n = 0;
    try {
        drain(w);
        std::string t(term, len);
        std::vector<unsigned> found;
        for (Xapian::PostingIterator p = w->db.postlist_begin(t);
             p != w->db.postlist_end(t) && (max == 0 || found.size() < max); ++p)
            found.push_back(*p);
        if (found.empty())
            return GZ_OK;
        *ids = static_cast<unsigned *>(std::malloc(found.size() * sizeof **ids));
        if (!*ids)
            return GZ_ERR_NOMEM;
        std::memcpy(*ids, found.data(), found.size() * sizeof **ids);
        *n = found.size();
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_get_doc(gz_xap_writer *w, unsigned docid, gz_xap_doc *doc)
{
    try {
        drain(w);
        doc->doc = w->db.get_document(docid);
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_writer_replace_docid(gz_xap_writer *w, unsigned docid,
                                                 gz_xap_doc *doc)
{
    try {
        drain(w);
        /* docid is the shards-as-one id (the writer's postlists give those) */
        size_t n = w->shards.size();
        w->shards[(docid - 1) % n].replace_document((docid - 1) / n + 1, doc->doc);
        return GZ_OK;
    } GZ_CATCH_WRITER(w)
}

extern "C" gz_status gz_xap_compact(const char *const *srcs, size_t n,
                                    const char *dest, char errbuf[GZ_XAP_ERRMAX])
{
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(srcs[i]));
        /* One pass over every source: merging postlists in pairs through
         * temporary files (DBCOMPACT_MULTIPASS) was slower at 4 and 8
         * sources (docs/indexing.md, "Threads (`-j`) and compaction"). */
        all.compact(dest, 0);
        return GZ_OK;
    } catch (...) {
        return xap_classify_into(errbuf);
    }
}

extern "C" gz_status gz_xap_check(const char *path, unsigned long *errors,
                                  char report[GZ_XAP_ERRMAX])
{
    *errors = 0;
    report[0] = '\0';
    try {
        std::ostringstream out;
        *errors = static_cast<unsigned long>(Xapian::Database::check(path, 0, &out));
        /* the first lines that name a fault: enough to say what is wrong */
        std::istringstream lines(out.str());
        std::string line, first;
        for (int kept = 0; kept < 3 && std::getline(lines, line);)
            if (!line.empty()) {
                first += (first.empty() ? "" : "; ") + line;
                kept++;
            }
        xap_copy_error(report, first);
        return GZ_OK;
    } catch (const Xapian::DatabaseOpeningError &) {
        return xap_classify_into(report);          /* no index there, or not one */
    } catch (const Xapian::DatabaseError &e) {
        /* a table too damaged to walk is a fault found, not a failed check */
        *errors = 1;
        xap_copy_error(report, e.get_description());
        return GZ_OK;
    } catch (...) {
        return xap_classify_into(report);
    }
}
