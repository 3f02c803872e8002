/*
 * gz_xapian.cc - the C binding over Xapian declared in gz_xapian.h.
 *
 * The only C++ in Gazette.  Each extern "C" function wraps its body in
 * GZ_TRY/GZ_CATCH so that no exception crosses into C: the exception is
 * classified into a gz_status and its text kept on the handle (or copied to
 * the caller's buffer when there is no handle yet).
 */
#include "gz_xapian.h"

#include <xapian.h>

#include "hash.h"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

/* BM25's other parameters, at Xapian's defaults: k2 = 0 (no document-length
 * correction term), k3 = 1 (a word the query holds twice counts twice,
 * linearly), and lengths below half the average
 * normalised as half (so a one-line brief is not scored as infinitely
 * dense). */
static const double BM25_K2 = 0, BM25_K3 = 1, BM25_MIN_NORMLEN = 0.5;
/* A suggestion is at most this many edits from the word typed (Xapian's
 * default: "pyongyan" -> "pyongyang"; more offers unrelated words). */
static const unsigned SPELLING_MAX_EDITS = 2;

struct gz_xap_doc {
    Xapian::Document doc;
    std::string error;
    std::string scratch;    /* the last data or value read */
};

/* Writes to a remote shard are round trips during which the server works
 * and the client waits: a thread per remote shard sends them, in order,
 * while the caller builds the next document, and the shards work at the
 * same time.  Only self-contained writes go through it (a new document by
 * its id term, metadata, a commit); everything else waits for it to be
 * idle first (drain), so that no two threads ever use one connection. */
class ShardSender {
  public:
    typedef std::function<void(Xapian::WritableDatabase &)> Op;

    explicit ShardSender(const Xapian::WritableDatabase &db) : db_(db), thread_([this] { run(); }) {}

    ~ShardSender()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

    /* Queues op; waits while the queue is full (the pending documents
     * are memory). */
    void post(Op op)
    {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [this] { return queue_.size() < MAX_QUEUED; });
        queue_.push_back(std::move(op));
        wake_.notify_one();
    }

    /* Waits until every queued write is done; throws the first error. */
    void drain()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
        if (error_) {
            std::exception_ptr e = error_;
            error_ = nullptr;
            std::rethrow_exception(e);
        }
    }

    /* Drops what is queued and waits for the write under way. */
    void discard()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        queue_.clear();
        idle_.wait(lock, [this] { return !busy_; });
    }

    /* The replaces done since the last call, once the queue is written
     * (an error stays for the next drain). */
    unsigned long take_replaced()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
        unsigned long n = replaced_;
        replaced_ = 0;
        return n;
    }

    void count_replaced()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        replaced_++;
    }

  private:
    static const size_t MAX_QUEUED = 256;

    void run()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty())
                return;
            Op op = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
            bool failed = error_ != nullptr;    /* after an error, the rest is dropped */
            lock.unlock();
            std::exception_ptr e;
            if (!failed) {
                try {
                    op(db_);
                } catch (...) {
                    e = std::current_exception();
                }
            }
            op = nullptr;
            lock.lock();
            if (e && !error_)
                error_ = e;
            busy_ = false;
            idle_.notify_all();
        }
    }

    Xapian::WritableDatabase db_;
    std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::deque<Op> queue_;
    bool busy_ = false, stop_ = false;
    std::exception_ptr error_;
    unsigned long replaced_ = 0;
    std::thread thread_;
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
};

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

static gz_status classify_current_exception(std::string &msg);

/* Must be called from inside a catch block. */
static gz_status writer_failed(gz_xap_writer *w)
{
    gz_status st = classify_current_exception(w->error);
    if (!w->failed_shard.empty()) {
        w->error = "shard " + w->failed_shard + ": " + w->error;
        w->failed_shard.clear();
    }
    return st;
}

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

/* Must be called from inside a catch block: rethrows to classify. */
/* What a process that ran out of file descriptors is told: no shard and no
 * table is missing, the limit is too low (and no fallback would help). */
static const char OUT_OF_FDS[] = "out of file descriptors";

static bool fds_exhausted(const Xapian::Error &e)
{
    const char *why = e.get_error_string();
    return why && (std::strcmp(why, std::strerror(EMFILE)) == 0 ||
                   std::strcmp(why, std::strerror(ENFILE)) == 0);
}

static gz_status classify_by_type(std::string &msg);

static gz_status classify_current_exception(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::Error &e) {
        if (!fds_exhausted(e))
            return classify_by_type(msg);
        msg = std::string(OUT_OF_FDS) + " (" + e.get_msg() + "): raise the limit of open files "
              "(ulimit -n, LimitNOFILE=): each shard of a stub holds several";
        return GZ_ERR_IO;
    } catch (...) {
        return classify_by_type(msg);
    }
}

/* Must be called from inside a catch block. */
static gz_status classify_by_type(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        msg = "index is being written by another process (" + e.get_msg() + ")";
        return GZ_ERR_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = "no index found: " + e.get_msg();
        return GZ_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = "index is corrupt: " + e.get_msg();
        return GZ_ERR_CORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {
        msg = "index has an unsupported format: " + e.get_msg();
        return GZ_ERR_CORRUPT;
    } catch (const Xapian::DatabaseCreateError &e) {
        msg = "cannot create index: " + e.get_msg();
        return GZ_ERR_IO;
    } catch (const Xapian::DatabaseOpeningError &e) {
        msg = "cannot open index: " + e.get_msg();
        return GZ_ERR_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        msg = e.get_msg();
        return GZ_ERR_INVALID;
    } catch (const Xapian::DatabaseError &e) {
        /* With an errno ("No space left on device") the system failed;
         * without one Xapian found a table it cannot read ("EOF reading
         * block ..."): damage, which a rerun would only meet again. */
        msg = e.get_description();
        if (e.get_error_string() && *e.get_error_string())
            return GZ_ERR_IO;
        msg = "index is damaged: " + msg;
        return GZ_ERR_CORRUPT;
    } catch (const Xapian::NetworkError &e) {
        /* "Couldn't connect (Connection refused)", "Timeout expired ...":
         * the caller says which shard */
        msg = e.get_msg();
        if (e.get_error_string() && *e.get_error_string())
            msg += std::string(" (") + e.get_error_string() + ")";
        return GZ_ERR_UNAVAILABLE;
    } catch (const Xapian::Error &e) {
        msg = e.get_description();
        return GZ_ERR_XAPIAN;
    } catch (const std::bad_alloc &) {
        msg = gz_status_to_string(GZ_ERR_NOMEM);
        return GZ_ERR_NOMEM;
    } catch (const std::exception &e) {
        msg = e.what();
        return GZ_ERR_UNKNOWN;
    } catch (...) {
        msg = "unknown C++ exception";
        return GZ_ERR_UNKNOWN;
    }
}

static void copy_error(char errbuf[GZ_XAP_ERRMAX], const std::string &msg)
{
    if (!errbuf)
        return;
    std::strncpy(errbuf, msg.c_str(), GZ_XAP_ERRMAX - 1);
    errbuf[GZ_XAP_ERRMAX - 1] = '\0';
}

/* Records the exception on a handle's error string and returns its status. */
#define GZ_CATCH_INTO(errstr)                                   \
    catch (...) {                                               \
        return classify_current_exception(errstr);              \
    }

/* The same for a writer, naming the shard whose background writes failed
 * (when that is what failed). */
#define GZ_CATCH_WRITER(w)                                      \
    catch (...) {                                               \
        return writer_failed(w);                                \
    }


static char *dup_string(const std::string &s)
{
    char *copy = static_cast<char *>(std::malloc(s.size() + 1));
    if (copy) {
        std::memcpy(copy, s.data(), s.size());
        copy[s.size()] = '\0';
    }
    return copy;
}

/* ---- documents -------------------------------------------------------- */

extern "C" gz_xap_doc *gz_xap_doc_new(void)
{
    return new (std::nothrow) gz_xap_doc();
}

extern "C" void gz_xap_doc_free(gz_xap_doc *doc)
{
    delete doc;
}

extern "C" void gz_xap_doc_clear(gz_xap_doc *doc)
{
    doc->error.clear();
    try {
        doc->doc = Xapian::Document();
    } catch (...) {
        /* Constructing an empty document only allocates; on failure the old
         * one stays, and the caller's next add reports the memory error. */
    }
}

static bool term_ok(size_t len)
{
    return len > 0 && len <= GZ_XAP_MAX_TERM;
}

/* The message for a term Xapian cannot store. */
static std::string bad_term(const char *what, size_t len)
{
    return std::string(what) + " of " + std::to_string(len) + " bytes: Xapian stores terms of 1 to " +
           std::to_string(GZ_XAP_MAX_TERM) + " bytes";
}

extern "C" const char *gz_xap_doc_last_error(const gz_xap_doc *doc)
{
    return doc->error.c_str();
}

extern "C" gz_status gz_xap_doc_add_posting(gz_xap_doc *doc, const char *term,
                                            size_t len, unsigned pos,
                                            unsigned wdf_inc)
{
    if (!term_ok(len)) {
        doc->error = bad_term("a term", len);
        return GZ_ERR_INVALID;
    }
    try {
        doc->doc.add_posting(std::string(term, len), pos, wdf_inc);
        return GZ_OK;
    } GZ_CATCH_INTO(doc->error)
}

extern "C" gz_status gz_xap_doc_add_boolean(gz_xap_doc *doc, const char *term,
                                            size_t len)
{
    if (!term_ok(len)) {
        doc->error = bad_term("a filter term", len);
        return GZ_ERR_INVALID;
    }
    try {
        doc->doc.add_boolean_term(std::string(term, len));
        return GZ_OK;
    } GZ_CATCH_INTO(doc->error)
}

extern "C" gz_status gz_xap_doc_set_value(gz_xap_doc *doc, unsigned slot,
                                          const char *bytes, size_t len)
{
    try {
        doc->doc.add_value(slot, std::string(bytes, len));
        return GZ_OK;
    } GZ_CATCH_INTO(doc->error)
}

extern "C" gz_status gz_xap_doc_set_data(gz_xap_doc *doc, const char *bytes,
                                         size_t len)
{
    try {
        doc->doc.set_data(std::string(bytes, len));
        return GZ_OK;
    } GZ_CATCH_INTO(doc->error)
}

/* Hands fn each term from t on while it starts with prefix, with what
 * count_of says of it; true when fn stopped the walk.  Every term walk of
 * the binding (index terms, a document's, metadata keys) goes through here. */
template <class Count>
static bool walk_terms(Xapian::TermIterator t, const Xapian::TermIterator &end,
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

/* ---- writer ----------------------------------------------------------- */

static int writer_flags(unsigned flags)
{
    int xflags = (flags & GZ_XAP_CREATE) ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
    if (flags & GZ_XAP_NO_SYNC)
        xflags |= Xapian::DB_NO_SYNC;
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
                                         GZ_XAP_CONNECT_TIMEOUT_MS, xflags & ~Xapian::DB_NO_SYNC);
}

static std::string shard_name(const gz_xap_shard &s)
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
        std::unique_ptr<gz_xap_writer> w(new gz_xap_writer{{}, {}, {}, {}, {}, false, {}});
        for (i = 0; i < n; i++) {
            w->shards.push_back(open_writable(shards[i], writer_flags(flags)));
            w->db.add_database(w->shards.back());
            w->names.push_back(shard_name(shards[i]));
        }
        for (i = 0; i < n; i++)
            w->senders.emplace_back(shards[i].host ? new ShardSender(w->shards[i]) : nullptr);
        *out = w.release();
        return GZ_OK;
    } catch (...) {
        std::string msg;
        gz_status st = classify_current_exception(msg);
        if (n > 1 && i < n)
            msg = "shard " + shard_name(shards[i]) + ": " + msg;
        copy_error(errbuf, msg);
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
static Xapian::Document detached(const Xapian::Document &doc)
{
    Xapian::Document copy;
    copy.set_data(doc.get_data());
    for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
        copy.add_value(v.get_valueno(), *v);
    for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
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
    w->shards[k].replace_document(term, doc);
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
    if (!term_ok(id_len)) {
        w->error = bad_term("a unique id term", id_len);
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
    if (!term_ok(id_len)) {
        w->error = bad_term("a unique id term", id_len);
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
        if (!v.empty() && !(*value = dup_string(v)))
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
                                              unsigned long *replaced)
{
    try {
        Xapian::Database src(src_path);
        std::string keys(meta_prefix);
        for (Xapian::TermIterator k = src.metadata_keys_begin(keys);
             k != src.metadata_keys_end(keys); ++k)
            set_metadata_on(w, shard_index(w, *k), *k, src.get_metadata(*k));
        std::string prefix(id_prefix);
        /* Walk the unique-id terms: each names exactly one document. */
        for (Xapian::TermIterator t = src.allterms_begin(prefix);
             t != src.allterms_end(prefix); ++t) {
            Xapian::PostingIterator p = src.postlist_begin(*t);
            if (p == src.postlist_end(*t))
                continue;
            int was = 0;
            replace_routed(w, *t, src.get_document(*p), true, &was);
            *replaced += was;
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
        walk_terms(w->db.allterms_begin(p), w->db.allterms_end(p), p, fn, ctx,
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

extern "C" gz_status gz_xap_doc_get_data(gz_xap_doc *doc, const char **bytes, size_t *len)
{
    try {
        doc->scratch = doc->doc.get_data();
        *bytes = doc->scratch.data();
        *len = doc->scratch.size();
        return GZ_OK;
    } GZ_CATCH_INTO(doc->error)
}

extern "C" gz_status gz_xap_doc_get_value(gz_xap_doc *doc, unsigned slot, const char **bytes,
                                          size_t *len)
{
    try {
        doc->scratch = doc->doc.get_value(slot);
        *bytes = doc->scratch.data();
        *len = doc->scratch.size();
        return GZ_OK;
    } GZ_CATCH_INTO(doc->error)
}

extern "C" gz_status gz_xap_doc_each_term(gz_xap_doc *doc, const char *prefix,
                                          gz_xap_term_fn fn, void *ctx)
{
    try {
        std::string p(prefix);
        Xapian::TermIterator t = doc->doc.termlist_begin();
        t.skip_to(p);
        walk_terms(t, doc->doc.termlist_end(), p, fn, ctx,
                   [](const Xapian::TermIterator &i) { return i.get_wdf(); });
        return GZ_OK;
    } GZ_CATCH_INTO(doc->error)
}

extern "C" gz_status gz_xap_doc_remove_term(gz_xap_doc *doc, const char *term, size_t len)
{
    try {
        doc->doc.remove_term(std::string(term, len));
        return GZ_OK;
    } catch (const Xapian::InvalidArgumentError &) {
        return GZ_OK;       /* the term was not there */
    } GZ_CATCH_INTO(doc->error)
}

extern "C" gz_status gz_xap_compact(const char *const *srcs, size_t n,
                                    const char *dest, char errbuf[GZ_XAP_ERRMAX])
{
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(srcs[i]));
        all.compact(dest, Xapian::DBCOMPACT_MULTIPASS);
        return GZ_OK;
    } catch (...) {
        std::string msg;
        gz_status st = classify_current_exception(msg);
        copy_error(errbuf, msg);
        return st;
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
        copy_error(report, first);
        return GZ_OK;
    } catch (const Xapian::DatabaseOpeningError &) {
        std::string msg;
        gz_status st = classify_current_exception(msg);  /* no index there, or not one */
        copy_error(report, msg);
        return st;
    } catch (const Xapian::DatabaseError &e) {
        /* a table too damaged to walk is a fault found, not a failed check */
        *errors = 1;
        copy_error(report, e.get_description());
        return GZ_OK;
    } catch (...) {
        std::string msg;
        gz_status st = classify_current_exception(msg);
        copy_error(report, msg);
        return st;
    }
}

/* ---- reader ----------------------------------------------------------- */

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
        classify_current_exception(s.why);
        s.retry_at = now_seconds() + GZ_XAP_RETRY_SECONDS;
    }
}

/* The shards that answered, searched as one; UNAVAILABLE when none did. */
static gz_status join_shards(gz_xap_reader *r, std::string &msg)
{
    r->db = Xapian::Database();
    std::string down;
    for (reader_shard &s : r->shards) {
        if (!s.up && s.why.compare(0, sizeof OUT_OF_FDS - 1, OUT_OF_FDS) == 0) {
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
static gz_status reconnect_all(gz_xap_reader *r, std::string &msg)
{
    for (reader_shard &s : r->shards)
        connect_shard(s, r->timeout_ms);
    return join_shards(r, msg);
}

/* Runs op over r->db: again after reopening when a writer committed under
 * it, and, over shards, again without the ones that stopped answering. */
template <class Op> static gz_status guarded(gz_xap_reader *r, Op op)
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
            gz_status st = reconnect_all(r, r->error);
            if (st != GZ_OK)
                return st;
        }
    }
}

/* The i-th shard that answered (the i-th part of r->db). */
static Xapian::Database up_shard(gz_xap_reader *r, size_t i)
{
    for (reader_shard &s : r->shards)
        if (s.up && i-- == 0)
            return s.db;
    throw Xapian::InvalidArgumentError("no such shard");
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
                           shard_name(shards[i]), {}, false, {}, 0};
            connect_shard(s, timeout_ms);
            r->shards.push_back(std::move(s));
        }
        std::string msg;
        gz_status st = join_shards(r.get(), msg);
        if (st != GZ_OK) {
            copy_error(errbuf, msg);
            return st;
        }
        *out = r.release();
        return GZ_OK;
    } catch (...) {
        std::string msg;
        gz_status st = classify_current_exception(msg);
        copy_error(errbuf, msg);
        return st;
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
        std::string msg;
        gz_status st = classify_current_exception(msg);
        copy_error(errbuf, msg);
        return st;
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
        gz_status st = guarded(r, [&] { *changed = r->db.reopen(); });
        if (gz_xap_reader_shards_down(r) != down)
            *changed = 1;
        return st;
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_doccount(gz_xap_reader *r, unsigned long *count)
{
    try {
        return guarded(r, [&] { *count = r->db.get_doccount(); });
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_prefix_postings(gz_xap_reader *r, const char *prefix,
                                                   unsigned long *sum)
{
    try {
        return guarded(r, [&] {
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
        gz_status st = guarded(r, [&] { v = r->db.get_metadata(key); });
        if (st == GZ_OK && !v.empty() && !(*value = dup_string(v)))
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
        if (!v.empty() && !(*value = dup_string(v)))
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
        return guarded(r, [&] {
            size_t parts = r->shards.empty() ? 1 : r->db.size();
            for (size_t i = 0; i < parts; i++) {
                Xapian::Database one = r->shards.empty() ? r->db : up_shard(r, i);
                if (walk_terms(one.metadata_keys_begin(p), one.metadata_keys_end(p), p, fn, ctx,
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
        gz_status st = guarded(r, [&] {
            l = r->db.get_value_lower_bound(slot);
            h = r->db.get_value_upper_bound(slot);
        });
        if (st != GZ_OK || l.empty())
            return st;
        *lo = dup_string(l);
        *hi = dup_string(h);
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
                                            char **suggestion)
{
    *suggestion = nullptr;
    try {
        std::string s;
        gz_status st = guarded(r, [&] { s = r->db.get_spelling_suggestion(word, SPELLING_MAX_EDITS); });
        if (st == GZ_OK && !s.empty() && !(*suggestion = dup_string(s)))
            return GZ_ERR_NOMEM;
        return st;
    } GZ_CATCH_INTO(r->error)
}

extern "C" gz_status gz_xap_reader_termfreq(gz_xap_reader *r, const char *term,
                                            unsigned long *freq)
{
    try {
        return guarded(r, [&] { *freq = r->db.get_termfreq(term); });
    } GZ_CATCH_INTO(r->error)
}

/* ---- queries ---------------------------------------------------------- */

extern "C" gz_xap_query *gz_xap_query_term(const char *term, size_t len,
                                           unsigned wqf)
{
    if (!term_ok(len))
        return nullptr;
    try {
        return new gz_xap_query{Xapian::Query(std::string(term, len), wqf)};
    } catch (...) {
        return nullptr;
    }
}

static Xapian::Query::op to_xapian_op(gz_xap_op op)
{
    switch (op) {
    case GZ_XAP_OP_AND: return Xapian::Query::OP_AND;
    case GZ_XAP_OP_OR: return Xapian::Query::OP_OR;
    case GZ_XAP_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case GZ_XAP_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case GZ_XAP_OP_FILTER: return Xapian::Query::OP_FILTER;
    case GZ_XAP_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    }
    return Xapian::Query::OP_AND;
}

extern "C" gz_xap_query *gz_xap_query_combine(gz_xap_op op,
                                              gz_xap_query *const *subs, size_t n)
{
    try {
        std::vector<Xapian::Query> parts;
        parts.reserve(n);
        for (size_t i = 0; i < n; i++)
            parts.push_back(subs[i]->query);
        return new gz_xap_query{Xapian::Query(to_xapian_op(op), parts.begin(),
                                              parts.end())};
    } catch (...) {
        return nullptr;
    }
}

extern "C" gz_xap_query *gz_xap_query_all(void)
{
    try {
        return new gz_xap_query{Xapian::Query::MatchAll};
    } catch (...) {
        return nullptr;
    }
}

extern "C" gz_xap_query *gz_xap_query_none(void)
{
    try {
        return new gz_xap_query{Xapian::Query()};
    } catch (...) {
        return nullptr;
    }
}

extern "C" gz_xap_query *gz_xap_query_scale(const gz_xap_query *q, double factor)
{
    try {
        return new gz_xap_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->query, factor)};
    } catch (...) {
        return nullptr;
    }
}

extern "C" gz_xap_query *gz_xap_query_field_boost(const gz_xap_query *q, const char *prefix,
                                                  double weight, gz_xap_word_test is_word)
{
    try {
        std::vector<Xapian::Query> boosts;
        for (Xapian::TermIterator t = q->query.get_unique_terms_begin();
             t != q->query.get_unique_terms_end(); ++t)
            if (is_word((*t).data(), (*t).size()))
                boosts.emplace_back(std::string(prefix) + *t);
        if (boosts.empty())
            return new gz_xap_query{q->query};
        Xapian::Query boost(Xapian::Query::OP_SCALE_WEIGHT,
                            Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()), weight);
        return new gz_xap_query{Xapian::Query(Xapian::Query::OP_AND_MAYBE, q->query, boost)};
    } catch (...) {
        return nullptr;
    }
}

extern "C" char *gz_xap_query_describe(const gz_xap_query *q)
{
    try {
        return strdup(q->query.get_description().c_str());
    } catch (...) {
        return nullptr;
    }
}

extern "C" gz_xap_query *gz_xap_query_value_range(unsigned slot, const char *lo,
                                                  const char *hi)
{
    try {
        if (lo && hi)
            return new gz_xap_query{
                Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi)};
        if (lo)
            return new gz_xap_query{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo)};
        if (hi)
            return new gz_xap_query{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi)};
        return new gz_xap_query{Xapian::Query::MatchAll};
    } catch (...) {
        return nullptr;
    }
}

extern "C" gz_xap_query *gz_xap_query_copy(const gz_xap_query *q)
{
    /* Xapian::Query shares its nodes with a reference count that is not
     * atomic: a plain copy used in another thread would race on it.  A
     * serialised round trip builds nodes of its own. */
    try {
        return new gz_xap_query{Xapian::Query::unserialise(q->query.serialise())};
    } catch (...) {
        return nullptr;
    }
}

extern "C" void gz_xap_query_free(gz_xap_query *q)
{
    delete q;
}

/* ---- searching -------------------------------------------------------- */

/* Expansion words: the schema's words, of three bytes or more. */
class WordsOnly : public Xapian::ExpandDecider {
  public:
    explicit WordsOnly(gz_xap_word_test test) : is_word(test) {}
    bool operator()(const std::string &term) const override
    {
        return term.size() > 2 && is_word(term.data(), term.size());
    }

  private:
    gz_xap_word_test is_word;
};

/* The `terms` most telling words of rset (Xapian's ESet, words only),
 * ORed, each scaled by weight times its ESet weight over the best one's;
 * MatchNothing when there are none.  Feedback and related articles both
 * turn documents into a query this way. */
static Xapian::Query telling_words(Xapian::Enquire &enquire, const Xapian::RSet &rset,
                                   unsigned terms, double weight, gz_xap_word_test is_word)
{
    WordsOnly words(is_word);
    Xapian::ESet eset = enquire.get_eset(terms, rset, &words);
    if (eset.empty())
        return Xapian::Query::MatchNothing;
    double best = eset.begin().get_weight();
    std::vector<Xapian::Query> parts;
    for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e)
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*e),
                           weight * e.get_weight() / best);
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

static Xapian::Query expand(Xapian::Database &db, const Xapian::Query &query, unsigned docs,
                            unsigned terms, double weight, double k1, double b,
                            gz_xap_word_test is_word)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(k1, BM25_K2, BM25_K3, b, BM25_MIN_NORMLEN));
    Xapian::MSet top = enquire.get_mset(0, docs);
    if (top.empty())
        return query;
    Xapian::RSet rset;
    for (Xapian::MSetIterator m = top.begin(); m != top.end(); ++m)
        rset.add_document(*m);
    Xapian::Query extra = telling_words(enquire, rset, terms, weight, is_word);
    if (extra.empty())
        return query;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, extra);
}

extern "C" gz_status gz_xap_reader_expand(gz_xap_reader *r, const gz_xap_query *q, unsigned docs,
                                          unsigned terms, double weight, double bm25_k1,
                                          double bm25_b, gz_xap_word_test is_word,
                                          gz_xap_query **out)
{
    *out = nullptr;
    try {
        Xapian::Query expanded;
        gz_status st = guarded(r, [&] {
            expanded = expand(r->db, q->query, docs, terms, weight, bm25_k1, bm25_b, is_word);
        });
        if (st == GZ_OK)
            *out = new gz_xap_query{expanded};
        return st;
    } GZ_CATCH_INTO(r->error)
}

static gz_status like(Xapian::Database &db, const std::string &id_term, unsigned terms,
                      unsigned slot, gz_xap_word_test is_word, char **data, size_t *data_len,
                      char **value, Xapian::Query &out)
{
    Xapian::PostingIterator p = db.postlist_begin(id_term);
    if (p == db.postlist_end(id_term))
        return GZ_ERR_NOT_FOUND;
    Xapian::Document doc = db.get_document(*p);
    Xapian::RSet rset;
    rset.add_document(*p);
    Xapian::Enquire enquire(db);
    out = telling_words(enquire, rset, terms, 1.0, is_word);
    std::string d = doc.get_data(), v = doc.get_value(slot);
    *data = dup_string(d);
    *data_len = d.size();
    *value = v.empty() ? nullptr : dup_string(v);
    if (!*data || (!v.empty() && !*value)) {
        std::free(*data);
        std::free(*value);
        *data = *value = nullptr;
        return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

extern "C" gz_status gz_xap_reader_like(gz_xap_reader *r, const char *id_term, size_t len,
                                        unsigned terms, unsigned slot, gz_xap_word_test is_word,
                                        char **data, size_t *data_len, char **value,
                                        gz_xap_query **out)
{
    *out = nullptr;
    *data = *value = nullptr;
    try {
        Xapian::Query q;
        std::string t(id_term, len);
        gz_status found = GZ_OK;
        gz_status st = guarded(r, [&] {
            std::free(*data);
            std::free(*value);
            *data = *value = nullptr;
            found = like(r->db, t, terms, slot, is_word, data, data_len, value, q);
        });
        if (st == GZ_OK)
            st = found;
        if (st == GZ_ERR_NOT_FOUND)
            r->error = "no article has this id";
        if (st == GZ_OK)
            *out = new gz_xap_query{q};
        return st;
    } GZ_CATCH_INTO(r->error)
}

/* The hits' data (and values in slot, unless slot is BAD_VALUENO) read from
 * the remote shards at the same time, a thread per shard: one by one, each
 * would be a round trip after the other.  ids are r->db's document ids. */
static void fetch_from_shards(gz_xap_reader *r, const std::vector<Xapian::docid> &ids,
                              Xapian::valueno slot, std::vector<std::string> &data,
                              std::vector<std::string> &values)
{
    size_t n = r->db.size();
    data.assign(ids.size(), std::string());
    values.assign(ids.size(), std::string());
    std::vector<std::exception_ptr> errors(n);
    std::vector<std::thread> threads;
    for (size_t k = 0; k < n; k++) {
        /* the handle moves into the thread: its reference count is then
         * touched by that thread alone */
        Xapian::Database shard = up_shard(r, k);
        threads.emplace_back([&, k, shard = std::move(shard)]() mutable {
            try {
                for (size_t i = 0; i < ids.size(); i++) {
                    if ((ids[i] - 1) % n != k)
                        continue;
                    Xapian::Document doc = shard.get_document((ids[i] - 1) / n + 1);
                    data[i] = doc.get_data();
                    if (slot != Xapian::BAD_VALUENO)
                        values[i] = doc.get_value(slot);
                }
            } catch (...) {
                errors[k] = std::current_exception();
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    for (std::exception_ptr &e : errors)
        if (e)
            std::rethrow_exception(e);
}

static bool remote_shards(const gz_xap_reader *r)
{
    size_t remote = 0;
    for (const reader_shard &s : r->shards)
        remote += s.up && !s.host.empty();
    return remote > 1;
}

static void run_search(gz_xap_reader *r, const Xapian::Query &query,
                       const gz_xap_search_opts *o, gz_xap_results *res)
{
    Xapian::Database &db = r->db;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (o->unweighted)
        enquire.set_weighting_scheme(Xapian::BoolWeight());
    else
        enquire.set_weighting_scheme(Xapian::BM25Weight(o->bm25_k1, BM25_K2, BM25_K3, o->bm25_b,
                                                        BM25_MIN_NORMLEN));
    /* Value sorts only: xapian-tcpsrv has no KeyMaker. */
    if (o->sort != GZ_XAP_SORT_RELEVANCE)
        enquire.set_sort_by_value_then_relevance(o->sort_slot, o->sort == GZ_XAP_SORT_VALUE_DESC);
    else if (o->break_ties && o->count > 0)
        enquire.set_sort_by_relevance_then_value(o->tie_slot, true);
    /* Xapian's own spy: remote shards (xapian-tcpsrv) can run it too. */
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    for (size_t k = 0; k < o->nspies; k++) {
        spies.emplace_back(new Xapian::ValueCountMatchSpy(o->spy_slots[k]));
        enquire.add_matchspy(spies.back().get());
    }
    if (o->collapse)
        enquire.set_collapse_key(o->collapse_slot);
    Xapian::MSet mset = enquire.get_mset(o->first, o->count, o->check_at_least);
    res->total = mset.get_matches_estimated();
    res->lower = mset.get_matches_lower_bound();
    res->upper = mset.get_matches_upper_bound();
    /* Xapian 1.4 does not always call a count exact once it has seen every
     * match (collapsing, or a value range, whose bound stays the slot's
     * count): it has when there can be no more matches than it was asked
     * to check, or when it found fewer (it stops early only after that
     * many).  Then the stories it saw are all of them, however the
     * articles are spread over shards. */
    Xapian::doccount seen = mset.get_uncollapsed_matches_lower_bound();
    res->uncollapsed = o->collapse ? mset.get_uncollapsed_matches_estimated() : res->total;
    if (mset.get_uncollapsed_matches_upper_bound() <= o->check_at_least || seen < o->check_at_least)
        res->total = res->upper = res->lower;
    res->exact = res->lower == res->upper;
    res->scores.clear();
    res->data.clear();
    res->collapse_keys.clear();
    res->spies.assign(spies.size(), {});
    for (size_t k = 0; k < spies.size(); k++)
        for (Xapian::TermIterator v = spies[k]->values_begin(); v != spies[k]->values_end(); ++v)
            res->spies[k].emplace_back(*v, v.get_termfreq());
    /* a hit's key is its collapse key, or (when asked) its story value */
    Xapian::valueno key_slot = o->hit_keys && !o->collapse ? o->collapse_slot : Xapian::BAD_VALUENO;
    std::vector<std::string> values;
    if (remote_shards(r) && mset.size() > 1) {
        std::vector<Xapian::docid> ids;
        for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m)
            ids.push_back(*m);
        fetch_from_shards(r, ids, key_slot, res->data, values);
    } else {
        for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m) {
            Xapian::Document doc = m.get_document();
            res->data.push_back(doc.get_data());
            values.push_back(key_slot != Xapian::BAD_VALUENO ? doc.get_value(key_slot) : "");
        }
    }
    size_t i = 0;
    for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m, ++i) {
        res->scores.push_back(m.get_weight());
        res->collapse_keys.push_back(o->collapse ? m.get_collapse_key() : values[i]);
    }
}

extern "C" gz_status gz_xap_search(gz_xap_reader *r, const gz_xap_query *q,
                                   const gz_xap_search_opts *opts,
                                   gz_xap_results **out)
{
    *out = nullptr;
    try {
        std::unique_ptr<gz_xap_results> res(new gz_xap_results());
        gz_status st = guarded(r, [&] { run_search(r, q->query, opts, res.get()); });
        if (st == GZ_OK)
            *out = res.release();
        return st;
    } GZ_CATCH_INTO(r->error)
}

extern "C" void gz_xap_results_free(gz_xap_results *res)
{
    delete res;
}

extern "C" size_t gz_xap_results_size(const gz_xap_results *res)
{
    return res->data.size();
}

extern "C" unsigned long gz_xap_results_total(const gz_xap_results *res, int *exact)
{
    if (exact)
        *exact = res->exact;
    return res->total;
}

extern "C" unsigned long gz_xap_results_uncollapsed(const gz_xap_results *res)
{
    return res->uncollapsed;
}

extern "C" double gz_xap_results_score(const gz_xap_results *res, size_t i)
{
    return res->scores[i];
}

extern "C" const char *gz_xap_results_data(const gz_xap_results *res, size_t i,
                                           size_t *len)
{
    if (len)
        *len = res->data[i].size();
    return res->data[i].c_str();
}

extern "C" const char *gz_xap_results_collapse_key(const gz_xap_results *res, size_t i,
                                                   size_t *len)
{
    *len = res->collapse_keys[i].size();
    return res->collapse_keys[i].c_str();
}

extern "C" unsigned long gz_xap_results_upper_bound(const gz_xap_results *res)
{
    return res->upper;
}

extern "C" size_t gz_xap_results_spy_size(const gz_xap_results *res, size_t k)
{
    return k < res->spies.size() ? res->spies[k].size() : 0;
}

extern "C" const char *gz_xap_results_spy_value(const gz_xap_results *res, size_t k,
                                                size_t i, size_t *len,
                                                unsigned long *count)
{
    const auto &entry = res->spies[k][i];
    *len = entry.first.size();
    *count = entry.second;
    return entry.first.c_str();
}
