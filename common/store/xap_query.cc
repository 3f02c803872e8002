/*
 * xap_query.cc - queries: built from C one piece at a time and combined.
 */
#include "xap_internal.h"

#include <cstdlib>
#include <cstring>


extern "C" gz_xap_query *gz_xap_query_term(const char *term, size_t len,
                                           unsigned wqf)
{
    if (!xap_term_ok(len))
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
