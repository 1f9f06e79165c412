package chronicle.bench.lucene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same measurements as bench/system/query_suite.h, for the Java harness: warm-up (every query
 * once, then the mix for a while at concurrency 1), each class
 * alone at concurrency 1, the interleaved search mix at each concurrency, all repeated; each run
 * with its own nearest-rank percentiles. Results are built as JSON text.
 */
final class QuerySuite {
  /** One benchmark query, as read from queries.tsv. */
  static final class BenchQuery {
    String klass;
    boolean timeline;
    String text;
    String from;
    String until;
    boolean facets;
    int offset;
    Object prepared;  // the harness's parsed form
  }

  interface Answerer {
    /** Answers one query; false when it failed. */
    boolean answer(BenchQuery query) throws Exception;
  }

  private QuerySuite() {}

  static String run(List<BenchQuery> queries, Answerer answerer, int repeat, double warmupSeconds,
      double classSeconds, double mixSeconds, int[] concurrencies) throws Exception {
    Map<String, List<BenchQuery>> classes = new LinkedHashMap<>();
    for (BenchQuery q : queries) {
      if (!q.timeline) classes.computeIfAbsent(q.klass, k -> new ArrayList<>()).add(q);
    }
    // Interleaved: the i-th query of every class, then the (i+1)-th, ...
    List<BenchQuery> mix = new ArrayList<>();
    for (int i = 0; ; i++) {
      boolean any = false;
      for (List<BenchQuery> list : classes.values()) {
        if (i < list.size()) {
          mix.add(list.get(i));
          any = true;
        }
      }
      if (!any) break;
    }
    long warmupErrors = 0;
    List<String> failed = new ArrayList<>();
    for (BenchQuery q : mix) {
      if (!safeAnswer(answerer, q)) {
        warmupErrors++;
        if (failed.size() < 10) failed.add(q.klass + ": " + q.text);
      }
    }
    closedLoop(mix, answerer, 1, warmupSeconds);
    Map<String, List<String>> classRuns = new LinkedHashMap<>();
    Map<Integer, List<String>> mixRuns = new LinkedHashMap<>();
    for (int round = 0; round < repeat; round++) {
      for (Map.Entry<String, List<BenchQuery>> c : classes.entrySet()) {
        String run = closedLoop(c.getValue(), answerer, 1, classSeconds);
        classRuns.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(run);
        System.err.println("  " + c.getKey() + " c=1: " + run);
      }
      for (int concurrency : concurrencies) {
        String run = closedLoop(mix, answerer, concurrency, mixSeconds);
        mixRuns.computeIfAbsent(concurrency, k -> new ArrayList<>()).add(run);
        System.err.println("  search mix c=" + concurrency + ": " + run);
      }
    }
    StringBuilder json = new StringBuilder();
    json.append("{\"warmup_errors\":").append(warmupErrors).append(",\"warmup_failed\":[");
    for (int i = 0; i < failed.size(); i++) {
      json.append(i > 0 ? "," : "").append(quote(failed.get(i)));
    }
    json.append("],\"classes\":{");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : classRuns.entrySet()) {
      json.append(first ? "" : ",").append(quote(e.getKey())).append(":{\"runs\":[")
          .append(String.join(",", e.getValue())).append("]}");
      first = false;
    }
    json.append("},\"mixes\":{\"search\":{");
    first = true;
    for (Map.Entry<Integer, List<String>> e : mixRuns.entrySet()) {
      json.append(first ? "" : ",").append("\"").append(e.getKey()).append("\":{\"runs\":[")
          .append(String.join(",", e.getValue())).append("]}");
      first = false;
    }
    json.append("}}}");
    return json.toString();
  }

  private static boolean safeAnswer(Answerer answerer, BenchQuery q) {
    try {
      return answerer.answer(q);
    } catch (Exception e) {
      return false;
    }
  }

  /** One closed-loop run; returns its JSON object (the fields of bench::LatencyRun). */
  private static String closedLoop(List<BenchQuery> items, Answerer answerer, int concurrency,
      double seconds) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    // Each worker fills its own slot; join() publishes them to this thread.
    double[][] latencies = new double[concurrency][];
    int[] counts = new int[concurrency];
    long start = System.nanoTime();
    long stopAt = start + (long) (seconds * 1e9);
    Thread[] threads = new Thread[concurrency];
    for (int w = 0; w < concurrency; w++) {
      final int worker = w;
      threads[w] = new Thread(() -> {
        double[] mine = new double[1024];
        int n = 0;
        while (true) {
          long sequence = next.getAndIncrement();
          long before = System.nanoTime();
          if (before >= stopAt) break;
          boolean ok = safeAnswer(answerer, items.get((int) (sequence % items.size())));
          long after = System.nanoTime();
          if (ok) {
            if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
            mine[n++] = (after - before) / 1e6;
          } else {
            errors.incrementAndGet();
          }
        }
        latencies[worker] = mine;
        counts[worker] = n;
      });
      threads[w].start();
    }
    for (Thread t : threads) t.join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = 0;
    for (int c : counts) total += c;
    double[] all = new double[total];
    int at = 0;
    for (int w = 0; w < concurrency; w++) {
      System.arraycopy(latencies[w], 0, all, at, counts[w]);
      at += counts[w];
    }
    Arrays.sort(all);
    double sum = 0;
    for (double v : all) sum += v;
    return String.format(java.util.Locale.ROOT,
        "{\"concurrency\":%d,\"count\":%d,\"errors\":%d,\"seconds\":%.6f,\"qps\":%.3f,"
            + "\"mean_ms\":%.6f,\"p50_ms\":%.6f,\"p95_ms\":%.6f,\"p99_ms\":%.6f,\"max_ms\":%.6f}",
        concurrency, total, errors.get(), elapsed, total / elapsed, total > 0 ? sum / total : 0,
        percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99),
        total > 0 ? all[total - 1] : 0);
  }

  /** Nearest-rank, as bench::Percentile. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, rank == 0 ? 0 : rank - 1)];
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
