/*
 * LucenePeer.java - Apache Lucene 8 (Debian's liblucene8-java) as a peer
 * for `make releval`: EnglishAnalyzer, BM25 k1 = 1.2, b = 0.75, each query
 * matched against title OR body, as Lucene's documentation would have it.
 *
 *   java -cp LUCENE_JARS:. LucenePeer DOCS.tsv QUERIES.tsv > RUN.tsv
 *
 * Formats as for xapian_peer.cc.
 */
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

public class LucenePeer {
    public static void main(String[] args) throws Exception {
        EnglishAnalyzer analyzer = new EnglishAnalyzer();
        BM25Similarity bm25 = new BM25Similarity(1.2f, 0.75f);
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(bm25);
        try (IndexWriter w = new IndexWriter(dir, cfg);
             BufferedReader in = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                if (f.length < 3)
                    continue;
                Document d = new Document();
                d.add(new StringField("id", f[0], Field.Store.YES));
                d.add(new TextField("title", f[1], Field.Store.NO));
                d.add(new TextField("body", f[2], Field.Store.NO));
                w.addDocument(d);
            }
        }
        BooleanQuery.setMaxClauseCount(100000);
        IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(dir));
        searcher.setSimilarity(bm25);
        MultiFieldQueryParser qp = new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer);
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = Files.newBufferedReader(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                if (f.length < 2)
                    continue;
                Query q = qp.parse(QueryParser.escape(f[1]));
                for (ScoreDoc sd : searcher.search(q, 1000).scoreDocs)
                    out.append(f[0]).append('\t').append(searcher.doc(sd.doc).get("id"))
                       .append('\t').append(sd.score).append('\n');
            }
        }
        System.out.print(out);
    }
}
