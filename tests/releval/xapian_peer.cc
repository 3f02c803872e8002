/*
 * xapian_peer.cc - Xapian's own BM25 as a peer for `make releval`: the few
 * lines a developer would write against libxapian (TermGenerator and
 * QueryParser with an English stemmer), not Gazette's code.
 *
 *   xapian_peer DOCS.tsv QUERIES.tsv K1 B > RUN.tsv
 *
 * DOCS.tsv: id TAB title TAB text; QUERIES.tsv: qid TAB text; RUN.tsv:
 * qid TAB docid TAB score, the top 1,000 of each query.  K1 B "default"
 * keeps Xapian's BM25Weight() defaults.
 */
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

static std::vector<std::string> split_tabs(const std::string &line)
{
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, '\t'))
        out.push_back(part);
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        std::cerr << "usage: xapian_peer DOCS.tsv QUERIES.tsv K1|default B|default\n";
        return 2;
    }
    try {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        std::ifstream docs(argv[1]);
        std::string line;
        while (std::getline(docs, line)) {
            std::vector<std::string> f = split_tabs(line);
            if (f.size() < 3)
                continue;
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(f[1]);
            tg.increase_termpos();
            tg.index_text(f[2]);
            doc.set_data(f[0]);
            db.add_document(doc);
        }
        Xapian::Enquire enquire(db);
        if (std::string(argv[3]) != "default")
            enquire.set_weighting_scheme(Xapian::BM25Weight(std::stod(argv[3]), 0, 1,
                                                            std::stod(argv[4]), 0.5));
        Xapian::QueryParser qp;
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_database(db);
        qp.set_default_op(Xapian::Query::OP_OR);
        std::ifstream queries(argv[2]);
        while (std::getline(queries, line)) {
            std::vector<std::string> f = split_tabs(line);
            if (f.size() < 2)
                continue;
            Xapian::Query q;
            try {
                q = qp.parse_query(f[1]);
            } catch (const Xapian::QueryParserError &) {
                q = qp.parse_query(f[1], 0);    /* as plain words */
            }
            enquire.set_query(q);
            Xapian::MSet mset = enquire.get_mset(0, 1000);
            for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m)
                std::cout << f[0] << '\t' << m.get_document().get_data() << '\t'
                          << m.get_weight() << '\n';
        }
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian_peer: " << e.get_description() << '\n';
        return 1;
    }
    return 0;
}
