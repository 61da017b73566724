package dev.keel.jmh;

import java.util.Locale;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * String building and formatting as a service does it for log lines, cache keys and document ids.
 * Inputs live in non-final @State fields so the JIT cannot constant-fold the result; every result is
 * returned, which JMH feeds to an implicit Blackhole.
 */
public class StringBenchmark extends AverageTimeSettings {

    private String shop;
    private long productId;
    private int version;
    private double price;

    @Setup
    public void setup() {
        // Fixed values in non-final fields: the JIT cannot fold them, and every fork sees the same input.
        shop = "shop-042";
        productId = 1_234_567L;
        version = 42;
        price = 19.99;
    }

    /** `+` concatenation: compiled for release 8 it is a StringBuilder chain (indy concat needs release 9+). */
    @Benchmark
    public String concat() {
        return shop + ':' + productId + ":v" + version;
    }

    /** Explicit StringBuilder with a presized buffer, the hand-optimised form of {@link #concat()}. */
    @Benchmark
    public String builder() {
        return new StringBuilder(48).append(shop).append(':').append(productId).append(":v").append(version)
                .toString();
    }

    /** String.format parses the pattern every call: the slow path we want to keep an eye on. */
    @Benchmark
    public String format() {
        return String.format(Locale.ROOT, "%s:%d:v%d price=%.2f", shop, productId, version, price);
    }
}
