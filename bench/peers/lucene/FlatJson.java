package chronicle.bench.lucene;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the flat JSON objects of a benchmark corpus line ({"id":"...","title":"...",...}): string
 * values only, which is all bench_corpus writes. Not a general JSON parser.
 */
final class FlatJson {
  private FlatJson() {}

  /** The object's string fields; throws IllegalArgumentException on anything else. */
  static Map<String, String> parse(String line) {
    Map<String, String> fields = new HashMap<>();
    int[] pos = {skipSpace(line, 0)};
    expect(line, pos, '{');
    pos[0] = skipSpace(line, pos[0]);
    if (pos[0] < line.length() && line.charAt(pos[0]) == '}') return fields;
    while (true) {
      pos[0] = skipSpace(line, pos[0]);
      String key = readString(line, pos);
      pos[0] = skipSpace(line, pos[0]);
      expect(line, pos, ':');
      pos[0] = skipSpace(line, pos[0]);
      fields.put(key, readString(line, pos));
      pos[0] = skipSpace(line, pos[0]);
      if (pos[0] >= line.length()) throw new IllegalArgumentException("unterminated object");
      char c = line.charAt(pos[0]++);
      if (c == '}') return fields;
      if (c != ',') throw new IllegalArgumentException("expected , or } at " + (pos[0] - 1));
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  private static void expect(String s, int[] pos, char c) {
    if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
      throw new IllegalArgumentException("expected " + c + " at " + pos[0]);
    }
    pos[0]++;
  }

  private static String readString(String s, int[] pos) {
    expect(s, pos, '"');
    StringBuilder out = new StringBuilder();
    int i = pos[0];
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        pos[0] = i;
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n': out.append('\n'); break;
        case 't': out.append('\t'); break;
        case 'r': out.append('\r'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'u':
          out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default: out.append(e);  // \" \\ \/
      }
    }
    throw new IllegalArgumentException("unterminated string");
  }
}
