/*
 * xap_search.cc - searching: BM25 with the caller's parameters, pseudo-
 * relevance feedback, related articles, hits fetched from the shards,
 * results.
 */
#include "xap_internal.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <thread>


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

static Xapian::BM25Weight bm25_weight(const gz_xap_bm25 &p)
{
    return Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen);
}

static Xapian::Query expand(Xapian::Database &db, const Xapian::Query &query, unsigned docs,
                            unsigned terms, double weight, const gz_xap_bm25 &bm25,
                            gz_xap_word_test is_word)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(bm25_weight(bm25));
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
                                          unsigned terms, double weight, const gz_xap_bm25 *bm25,
                                          gz_xap_word_test is_word, gz_xap_query **out)
{
    *out = nullptr;
    try {
        Xapian::Query expanded;
        gz_status st = xap_guarded(r, [&] {
            expanded = expand(r->db, q->query, docs, terms, weight, *bm25, is_word);
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
    *data = xap_dup_string(d);
    *data_len = d.size();
    *value = v.empty() ? nullptr : xap_dup_string(v);
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
        gz_status st = xap_guarded(r, [&] {
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
        Xapian::Database shard = xap_up_shard(r, k);
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

/* How many of the shards that are up xapian-tcpsrv serves. */
static size_t remote_shards(const gz_xap_reader *r)
{
    size_t remote = 0;
    for (const reader_shard &s : r->shards)
        remote += s.up && !s.host.empty();
    return remote;
}

/* Counts of short keys (a group's prefix and an item), open addressing
 * over one arena: a spy looks up every entity of every match, and
 * std::unordered_map<std::string> chased a node each time (a fifth of a
 * recount's pass). */
class ItemCounts {
  public:
    void add(std::string_view key)
    {
        size_t h = std::hash<std::string_view>()(key);
        if (2 * (used + 1) > slots.size())
            grow();
        size_t mask = slots.size() - 1;
        for (size_t at = h & mask;; at = (at + 1) & mask) {
            Slot &s = slots[at];
            if (!s.count) {
                s = Slot{h, arena.size(), key.size(), 1};
                arena.append(key);
                used++;
                return;
            }
            if (s.hash == h && std::string_view(arena).substr(s.off, s.len) == key) {
                s.count++;
                return;
            }
        }
    }

    /* (key, count) pairs, sorted by key */
    std::vector<std::pair<std::string, Xapian::doccount>> sorted() const
    {
        std::vector<std::pair<std::string, Xapian::doccount>> out;
        out.reserve(used);
        for (const Slot &s : slots)
            if (s.count)
                out.emplace_back(arena.substr(s.off, s.len), s.count);
        std::sort(out.begin(), out.end());
        return out;
    }

  private:
    struct Slot {
        size_t hash;
        size_t off, len;
        Xapian::doccount count;     /* 0: empty */
    };
    std::vector<Slot> slots;
    std::string arena;
    size_t used = 0;

    void grow()
    {
        std::vector<Slot> old(slots.empty() ? 1024 : slots.size() * 2);
        old.swap(slots);
        size_t mask = slots.size() - 1;
        for (const Slot &s : old) {
            if (!s.count)
                continue;
            size_t at = s.hash & mask;
            while (slots[at].count)
                at = (at + 1) & mask;
            slots[at] = s;
        }
    }
};

/* Counts the items of a slot's grouped lists (gz_xap_search_opts'
 * split_groups), one per document each, of the groups in `only` (a bit
 * each; 0: all).  In process only: it has no serialisation, so remote
 * shards get Xapian's ValueCountMatchSpy. */
class ItemCountSpy : public Xapian::MatchSpy {
  public:
    ItemCountSpy(Xapian::valueno slot_, char groups_, char items_, unsigned only_)
        : slot(slot_), group_sep(groups_), item_sep(items_), only(only_ ? only_ : ~0u) {}

    void operator()(const Xapian::Document &doc, double) override
    {
        total++;
        const std::string value = doc.get_value(slot);
        const char *p = value.data(), *end = p + value.size();
        size_t group = 0;
        while (p <= end) {
            const char *stop = p;
            while (stop < end && *stop != item_sep && *stop != group_sep)
                stop++;
            if (stop > p && (group < 32 ? only >> group & 1 : only == ~0u)) {
                key.assign(group, group_sep);
                key.append(p, (size_t)(stop - p));
                counts.add(key);
            }
            if (stop < end && *stop == group_sep)
                group++;
            p = stop + 1;
        }
    }

    Xapian::doccount total = 0;
    ItemCounts counts;

  private:
    Xapian::valueno slot;
    char group_sep, item_sep;
    unsigned only;
    std::string key;
};

/* The spies asked for, added to enquire: Xapian's own, or ours where the
 * items are counted and every shard is local.  Afterwards: each spy's
 * documents seen and (value, count) pairs. */
struct Spies {
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> whole;
    std::vector<std::unique_ptr<ItemCountSpy>> items;

    void add(gz_xap_reader *r, const gz_xap_search_opts *o, Xapian::Enquire &enquire)
    {
        bool split = o->split_groups && o->split_items && remote_shards(r) == 0;
        for (size_t k = 0; k < o->nspies; k++) {
            if (split) {
                items.emplace_back(new ItemCountSpy(o->spy_slots[k], o->split_groups,
                                                    o->split_items, o->split_only));
                enquire.add_matchspy(items.back().get());
            } else {
                /* Xapian's own spy: remote shards (xapian-tcpsrv) can run it too. */
                whole.emplace_back(new Xapian::ValueCountMatchSpy(o->spy_slots[k]));
                enquire.add_matchspy(whole.back().get());
            }
        }
    }
    size_t size() const { return whole.size() + items.size(); }
    Xapian::doccount seen() const
    {
        return !whole.empty() ? whole[0]->get_total() : !items.empty() ? items[0]->total : 0;
    }
    /* in value order, as Xapian's spy gives them */
    void take(std::vector<std::vector<std::pair<std::string, Xapian::doccount>>> &out) const
    {
        out.assign(size(), {});
        for (size_t k = 0; k < whole.size(); k++)
            for (Xapian::TermIterator v = whole[k]->values_begin(); v != whole[k]->values_end(); ++v)
                out[k].emplace_back(*v, v.get_termfreq());
        for (size_t k = 0; k < items.size(); k++) {
            out[k] = items[k]->counts.sorted();
        }
    }
};

static void run_search(gz_xap_reader *r, const Xapian::Query &query,
                       const gz_xap_search_opts *o, gz_xap_results *res)
{
    Xapian::Database &db = r->db;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (o->unweighted)
        enquire.set_weighting_scheme(Xapian::BoolWeight());
    else
        enquire.set_weighting_scheme(bm25_weight(o->bm25));
    /* Value sorts only: xapian-tcpsrv has no KeyMaker. */
    if (o->sort != GZ_XAP_SORT_RELEVANCE)
        enquire.set_sort_by_value_then_relevance(o->sort_slot, o->sort == GZ_XAP_SORT_VALUE_DESC);
    else if (o->break_ties && o->count > 0)
        enquire.set_sort_by_relevance_then_value(o->tie_slot, true);
    Spies spies;
    spies.add(r, o, enquire);
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
    if (mset.get_uncollapsed_matches_upper_bound() <= o->check_at_least || seen < o->check_at_least) {
        res->total = res->upper = res->lower;
        /* the spies saw every match, copies of a story included: the
         * articles, exactly (Xapian's own uncollapsed estimate may be the
         * stories) */
        if (o->collapse && spies.size())
            res->uncollapsed = spies.seen();
    }
    res->exact = res->lower == res->upper;
    res->scores.clear();
    res->data.clear();
    res->collapse_keys.clear();
    spies.take(res->spies);
    /* a hit's key is its collapse key, or (when asked) its story value */
    Xapian::valueno key_slot = o->hit_keys && !o->collapse ? o->collapse_slot : Xapian::BAD_VALUENO;
    std::vector<std::string> values;
    if (remote_shards(r) > 1 && mset.size() > 1) {
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
        gz_status st = xap_guarded(r, [&] { run_search(r, q->query, opts, res.get()); });
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
