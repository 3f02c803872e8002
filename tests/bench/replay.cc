/*
 * replay.cc - the cost of Xapian's write path for Gazette's own documents,
 * for `make bench`: reads every document of a Gazette index into memory
 * (terms, wdf, positions, values, data), then times writing them into a
 * new index, one thread, committing as Xapian's default does (as floor.c).
 *
 * floor.c says what Xapian costs for bare words and positions; this says
 * what it costs for what Gazette stores (stemmed and title terms, filter
 * terms, values, the text).  Gazette's time over this one is the analysis
 * itself: tokenizing, entities, stories, the word list.
 *
 *   replay SOURCE_INDEX NEW_INDEX      prints the write time in seconds
 */
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Loaded {
    std::string id_term;
    Xapian::Document doc;
};

/* A document built afresh, so that writing it reads nothing from the source. */
Loaded load(const Xapian::Document &src)
{
    Loaded out;
    for (auto t = src.termlist_begin(); t != src.termlist_end(); ++t) {
        const std::string term = *t;
        if (term[0] == 'Q')
            out.id_term = term;
        out.doc.add_term(term, t.get_wdf());
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            out.doc.add_posting(term, *p, 0);
    }
    for (auto v = src.values_begin(); v != src.values_end(); ++v)
        out.doc.add_value(v.get_valueno(), *v);
    out.doc.set_data(src.get_data());
    return out;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: replay SOURCE_INDEX NEW_INDEX\n");
        return 2;
    }
    try {
        Xapian::Database src(argv[1]);
        std::vector<Loaded> docs;
        docs.reserve(src.get_doccount());
        for (auto d = src.postlist_begin(""); d != src.postlist_end(""); ++d)
            docs.push_back(load(src.get_document(*d)));
        auto start = std::chrono::steady_clock::now();
        Xapian::WritableDatabase out(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
        for (const Loaded &l : docs)
            out.replace_document(l.id_term, l.doc);
        out.commit();
        out.close();
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::printf("%.3f\n", took.count());
        return 0;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "replay: %s\n", e.get_description().c_str());
        return 1;
    }
}
