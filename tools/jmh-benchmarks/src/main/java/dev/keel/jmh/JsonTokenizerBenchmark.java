package dev.keel.jmh;

import java.util.Random;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JSON-like parsing: a hand-written tokenizer over a product document, the char-by-char scanning,
 * branching and small-string allocation that every JSON library does. No external JSON library, so the
 * figure depends on the JDK only.
 */
public class JsonTokenizerBenchmark extends ThroughputSettings {

    private String document;

    @Setup
    public void setup() {
        Random random = new Random(11);
        StringBuilder sb = new StringBuilder("{\"products\":[");
        for (int i = 0; i < 50; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(random.nextInt(1_000_000))
                    .append(",\"name\":\"Product \\\"").append(i).append("\\\" caf\\u00e9\"")
                    .append(",\"price\":").append(random.nextInt(10_000) / 100.0)
                    .append(",\"active\":").append(random.nextBoolean())
                    .append(",\"tags\":[\"a\",\"b\",null]}");
        }
        document = sb.append("]}").toString();
    }

    /** Counts tokens only: scanning cost without materialising strings. */
    @Benchmark
    public int countTokens() {
        return JsonTokenizer.count(document);
    }

    /** Materialises every string and number token, as a parser building a tree would. */
    @Benchmark
    public void materialiseTokens(Blackhole bh) {
        JsonTokenizer.emit(document, bh);
    }

    /** Minimal JSON tokenizer: punctuation, strings with escapes, numbers, true/false/null. */
    static final class JsonTokenizer {
        private JsonTokenizer() {
        }

        static int count(String s) {
            return scan(s, null);
        }

        static void emit(String s, Blackhole bh) {
            bh.consume(scan(s, bh));
        }

        private static int scan(String s, Blackhole bh) {
            int tokens = 0;
            int i = 0;
            int n = s.length();
            StringBuilder buf = bh == null ? null : new StringBuilder(32);
            while (i < n) {
                char c = s.charAt(i);
                switch (c) {
                    case ' ': case '\n': case '\r': case '\t':
                        i++;
                        continue;
                    case '{': case '}': case '[': case ']': case ':': case ',':
                        i++;
                        break;
                    case '"':
                        i = string(s, i + 1, buf);
                        if (bh != null) {
                            bh.consume(buf.toString());
                        }
                        break;
                    case 't':
                        i = literal(s, i, "true");
                        break;
                    case 'f':
                        i = literal(s, i, "false");
                        break;
                    case 'n':
                        i = literal(s, i, "null");
                        break;
                    default:
                        int start = i;
                        while (i < n && isNumberChar(s.charAt(i))) {
                            i++;
                        }
                        if (i == start) {
                            throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
                        }
                        if (bh != null) {
                            bh.consume(Double.parseDouble(s.substring(start, i)));
                        }
                }
                tokens++;
            }
            return tokens;
        }

        private static boolean isNumberChar(char c) {
            return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
        }

        private static int literal(String s, int i, String word) {
            if (!s.startsWith(word, i)) {
                throw new IllegalArgumentException("expected " + word + " at " + i);
            }
            return i + word.length();
        }

        /** Scans a string body from just after the opening quote; returns the index after the closing one. */
        private static int string(String s, int i, StringBuilder buf) {
            if (buf != null) {
                buf.setLength(0);
            }
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return i;
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    if (e == 'u') {
                        c = (char) Integer.parseInt(s.substring(i, i + 4), 16);
                        i += 4;
                    } else {
                        c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
                    }
                }
                if (buf != null) {
                    buf.append(c);
                }
            }
        }
    }
}
