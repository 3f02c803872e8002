/*
 * xap_doc.cc - documents: built by the indexer (postings, filter terms,
 * values, stored data) and read back when articles are rewritten.
 */
#include "xap_internal.h"

#include <new>


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



extern "C" const char *gz_xap_doc_last_error(const gz_xap_doc *doc)
{
    return doc->error.c_str();
}

extern "C" gz_status gz_xap_doc_add_posting(gz_xap_doc *doc, const char *term,
                                            size_t len, unsigned pos,
                                            unsigned wdf_inc)
{
    if (!xap_term_ok(len)) {
        doc->error = xap_bad_term("a term", len);
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
    if (!xap_term_ok(len)) {
        doc->error = xap_bad_term("a filter term", len);
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
        xap_walk_terms(t, doc->doc.termlist_end(), p, fn, ctx,
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
