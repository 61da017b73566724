package dev.keel.jmh;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Regular expressions of the kind jdk-detect and log parsing use: a precompiled pattern with groups,
 * and String.split / replaceAll, which compile (or fast-path) a pattern on every call.
 */
public class RegexBenchmark extends AverageTimeSettings {

    private static final Pattern VERSION =
            Pattern.compile("(?:openjdk|java) version \"(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:_(\\d+))?[^\"]*\"");

    private String versionLine;
    private String csvLine;

    @Setup
    public void setup() {
        versionLine = "openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6)";
        csvLine = "1234567,shop-9,Blue kettle,19.99,EUR,2025-04-15T10:00:00Z,kitchen;tea;gift";
    }

    /** Precompiled pattern with capture groups; all groups consumed so none is dead code. */
    @Benchmark
    public void versionMatch(Blackhole bh) {
        Matcher m = VERSION.matcher(versionLine);
        if (m.find()) {
            bh.consume(m.group(1));
            bh.consume(m.group(2));
            bh.consume(m.group(3));
        }
    }

    /** String.split on a single char takes the JDK's no-regex fast path. */
    @Benchmark
    public String[] splitComma() {
        return csvLine.split(",");
    }

    /** replaceAll compiles its pattern on every call: the hidden cost in many services. */
    @Benchmark
    public String replaceAllNonWord() {
        return csvLine.replaceAll("[^A-Za-z0-9]+", "_");
    }
}
