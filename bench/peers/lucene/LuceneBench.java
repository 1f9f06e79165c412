package chronicle.bench.lucene;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Version;

/**
 * The Apache Lucene peer: loads the benchmark corpus (NDJSON) into an index with BM25 (Lucene's
 * default similarity) and EnglishAnalyzer (stemming, stop words), commits it, and answers the
 * query mix in-process: top 10 with a highlighted snippet (UnifiedHighlighter), a publication-day
 * range filter, deep pages, and facet counts by source and year over the whole match set.
 *
 * <pre>
 * java -cp LUCENE_JARS:CLASSES chronicle.bench.lucene.LuceneBench --corpus=F --queries=F.tsv
 *     --index_dir=DIR --out=lucene.json [--threads=2 --repeat=3 --warmup_seconds=3 --class_seconds=2
 *     --mix_seconds=5 --concurrency=8,64 --ingest_repeat=1]
 * </pre>
 */
public final class LuceneBench {
  private static final int PAGE = 10;

  private final Map<String, String> flags;
  private final Analyzer analyzer = new EnglishAnalyzer();

  private LuceneBench(Map<String, String> flags) {
    this.flags = flags;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) throw new IllegalArgumentException("bad flag " + arg);
      flags.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    new LuceneBench(flags).run();
  }

  private String flag(String name, String fallback) {
    return flags.getOrDefault(name, fallback);
  }

  private void run() throws Exception {
    Path indexDir = Paths.get(flag("index_dir", "lucene-index"));
    int threads = Integer.parseInt(flag("threads", "2"));
    StringBuilder ingestRuns = new StringBuilder();
    long articles = 0;
    for (int round = 0; round < Integer.parseInt(flag("ingest_repeat", "1")); round++) {
      long[] counts = new long[2];
      double seconds = load(Paths.get(flags.get("corpus")), indexDir, threads, counts);
      long start = System.nanoTime();
      DirectoryReader.open(FSDirectory.open(indexDir)).close();
      double searchable = seconds + (System.nanoTime() - start) / 1e9;
      articles = counts[0];
      System.err.printf("  lucene: %d articles indexed and committed in %.3f s%n", counts[0], seconds);
      ingestRuns.append(round > 0 ? "," : "").append(String.format(java.util.Locale.ROOT,
          "{\"articles\":%d,\"bytes\":%d,\"seconds\":%.6f,\"searchable_after_s\":%.6f,"
              + "\"articles_per_s\":%.3f,\"mb_per_s\":%.3f}",
          counts[0], counts[1], seconds, searchable, counts[0] / seconds, counts[1] / 1e6 / seconds));
    }
    long afterLoadHwm = vmHwmKb();
    long diskBytes = directoryBytes(indexDir);

    List<QuerySuite.BenchQuery> queries = readQueries(Paths.get(flags.get("queries")));
    String[] parts = flag("concurrency", "8,64").split(",");
    int[] concurrencies = new int[parts.length];
    for (int i = 0; i < parts.length; i++) concurrencies[i] = Integer.parseInt(parts[i].trim());
    String suite;
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(indexDir))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      UnifiedHighlighter highlighter = new UnifiedHighlighter(searcher, analyzer);
      System.err.println("lucene: queries");
      suite = QuerySuite.run(queries, q -> answer(searcher, highlighter, q),
          Integer.parseInt(flag("repeat", "3")), Double.parseDouble(flag("warmup_seconds", "3")),
          Double.parseDouble(flag("class_seconds", "2")),
          Double.parseDouble(flag("mix_seconds", "5")), concurrencies);
    }
    String json = String.format(java.util.Locale.ROOT,
        "{\"system\":\"lucene\",\"version\":\"%s\",\"java\":%s,\"threads\":%d,"
            + "\"ingest\":{\"runs\":[%s]},\"disk\":{\"bytes\":%d,\"bytes_per_article\":%d},"
            + "\"memory\":{\"after_load_vm_hwm_kb\":%d,\"vm_hwm_kb\":%d,\"max_heap_mb\":%d},"
            + "\"queries\":%s}\n",
        Version.LATEST, QuerySuite.quote(System.getProperty("java.version")), threads, ingestRuns,
        diskBytes, articles > 0 ? diskBytes / articles : 0, afterLoadHwm, vmHwmKb(),
        Runtime.getRuntime().maxMemory() >> 20, suite);
    Files.write(Paths.get(flags.get("out")), json.getBytes(StandardCharsets.UTF_8));
    deleteTree(indexDir);
  }

  /** Indexes the corpus from `threads` threads and commits; returns seconds. */
  private double load(Path corpus, Path indexDir, int threads, long[] counts) throws Exception {
    deleteTree(indexDir);
    IndexWriterConfig config = new IndexWriterConfig(analyzer);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(256);
    long start = System.nanoTime();
    try (BufferedReader lines = open(corpus);
        IndexWriter writer = new IndexWriter(FSDirectory.open(indexDir), config)) {
      Thread[] workers = new Thread[threads];
      Exception[] failure = new Exception[1];
      for (int t = 0; t < threads; t++) {
        workers[t] = new Thread(() -> {
          try {
            while (true) {
              String line;
              synchronized (lines) {
                line = lines.readLine();
              }
              if (line == null) return;
              if (line.isBlank()) continue;
              Map<String, String> article = FlatJson.parse(line);
              writer.addDocument(document(article));
              synchronized (counts) {
                counts[0]++;
                counts[1] += article.getOrDefault("title", "").getBytes(StandardCharsets.UTF_8).length
                    + article.getOrDefault("body", "").getBytes(StandardCharsets.UTF_8).length;
              }
            }
          } catch (Exception e) {
            synchronized (failure) {
              failure[0] = e;
            }
          }
        });
        workers[t].start();
      }
      for (Thread worker : workers) worker.join();
      if (failure[0] != null) throw failure[0];
      writer.commit();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Document document(Map<String, String> article) {
    String title = article.getOrDefault("title", "");
    String source = article.getOrDefault("source", "");
    LocalDate day = LocalDate.parse(article.getOrDefault("published_at", "1970-01-01"));
    Document doc = new Document();
    doc.add(new StringField("id", article.getOrDefault("id", ""), Field.Store.YES));
    doc.add(new StoredField("title", title));
    // Title and body searched together, stored for the highlighter.
    doc.add(new TextField("text", title + "\n\n" + article.getOrDefault("body", ""), Field.Store.YES));
    doc.add(new SortedDocValuesField("source", new BytesRef(source)));
    doc.add(new LongPoint("day", day.toEpochDay()));
    doc.add(new NumericDocValuesField("year", day.getYear()));
    return doc;
  }

  private List<QuerySuite.BenchQuery> readQueries(Path tsv) throws Exception {
    List<QuerySuite.BenchQuery> queries = new ArrayList<>();
    QueryParser parser = new QueryParser("text", analyzer);
    parser.setDefaultOperator(QueryParser.Operator.AND);
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      QuerySuite.BenchQuery q = new QuerySuite.BenchQuery();
      q.klass = f[0];
      q.timeline = f[1].equals("1");
      q.text = f[2];
      q.from = f[3];
      q.until = f[4];
      q.facets = f[5].equals("1");
      q.offset = Integer.parseInt(f[6]);
      if (q.timeline) {
        queries.add(q);
        continue;
      }
      Query parsed = parser.parse(q.text);
      if (!q.from.isEmpty() || !q.until.isEmpty()) {
        long from = q.from.isEmpty() ? Long.MIN_VALUE : LocalDate.parse(q.from).toEpochDay();
        long until = q.until.isEmpty() ? Long.MAX_VALUE : LocalDate.parse(q.until).toEpochDay();
        parsed = new BooleanQuery.Builder()
            .add(parsed, BooleanClause.Occur.MUST)
            .add(LongPoint.newRangeQuery("day", from, until), BooleanClause.Occur.FILTER)
            .build();
      }
      q.prepared = parsed;
      queries.add(q);
    }
    return queries;
  }

  private static boolean answer(IndexSearcher searcher, UnifiedHighlighter highlighter,
      QuerySuite.BenchQuery q) throws IOException {
    Query query = (Query) q.prepared;
    TopDocs top = searcher.search(query, q.offset + PAGE);
    int from = Math.min(q.offset, top.scoreDocs.length);
    ScoreDoc[] page = java.util.Arrays.copyOfRange(top.scoreDocs, from, top.scoreDocs.length);
    TopDocs pageDocs = new TopDocs(top.totalHits, page);
    String[] snippets = highlighter.highlight("text", query, pageDocs, 1);
    for (ScoreDoc hit : page) searcher.doc(hit.doc).get("title");
    if (q.facets) countFacets(searcher, query);
    return snippets.length == page.length;
  }

  /** Counts by source and by year over every match, from doc values. */
  private static void countFacets(IndexSearcher searcher, Query query) throws IOException {
    Map<String, Integer> sources = new HashMap<>();
    Map<Long, Integer> years = new HashMap<>();
    searcher.search(query, new SimpleCollector() {
      private SortedDocValues source;
      private NumericDocValues year;

      @Override
      protected void doSetNextReader(LeafReaderContext context) throws IOException {
        source = context.reader().getSortedDocValues("source");
        year = context.reader().getNumericDocValues("year");
      }

      @Override
      public void collect(int doc) throws IOException {
        if (source != null && source.advanceExact(doc)) {
          sources.merge(source.binaryValue().utf8ToString(), 1, Integer::sum);
        }
        if (year != null && year.advanceExact(doc)) years.merge(year.longValue(), 1, Integer::sum);
      }

      @Override
      public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
      }
    });
  }

  private static BufferedReader open(Path path) throws IOException {
    InputStream in = Files.newInputStream(path);
    if (path.toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
  }

  private static long vmHwmKb() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    return 0;
  }

  private static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
