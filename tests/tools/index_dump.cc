/*
 * index_dump.cc - everything an index holds, as text that does not depend
 * on how it was built: its documents in the order of their ids (not of
 * their Xapian document numbers, which -j, shards and compaction change),
 * each with its data, values, terms, wdf and positions, then every
 * metadata key.  Two builds of the same articles (gazette-index -j 1 and
 * -j 4, say) must dump the same bytes.
 *
 *   index_dump INDEX        writes the dump to stdout; exit 1 on an error
 */
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace {

/* One line per field: newlines and bytes below space escaped. */
std::string escaped(const std::string &s)
{
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string dump_document(const Xapian::Document &doc)
{
    std::string out = "data " + escaped(doc.get_data()) + "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        out += "value " + std::to_string(v.get_valueno()) + " " + escaped(*v) + "\n";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        out += "term " + escaped(*t) + " wdf " + std::to_string(t.get_wdf());
        const char *sep = " pos ";
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
            out += sep + std::to_string(*p);
            sep = ",";
        }
        out += "\n";
    }
    return out;
}

/* The document's id term (Q...), or its number when it has none. */
std::string id_of(const Xapian::Document &doc)
{
    auto t = doc.termlist_begin();
    t.skip_to("Q");
    if (t != doc.termlist_end() && (*t)[0] == 'Q')
        return *t;
    return "#" + std::to_string(doc.get_docid());
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: index_dump INDEX\n");
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        std::vector<std::pair<std::string, Xapian::docid>> order;
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p)
            order.emplace_back(id_of(db.get_document(*p)), *p);
        std::sort(order.begin(), order.end());
        std::cout << "documents " << order.size() << "\n";
        for (const auto &d : order)
            std::cout << "doc " << escaped(d.first) << "\n" << dump_document(db.get_document(d.second));
        for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
            std::cout << "meta " << escaped(*k) << " = " << escaped(db.get_metadata(*k)) << "\n";
        std::cout.flush();
        return std::cout ? 0 : 1;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "index_dump: %s: %s\n", argv[1], e.get_description().c_str());
        return 1;
    }
}
