package dev.keel.jmh.faulty;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** A well-behaved neighbour of the faulty ones, so a run of this jar has a score beside its failures. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 2, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class HealthyBenchmark {

    @Param({"64"})
    public int size;

    private int[] values;

    @Setup
    public void setup() {
        values = new int[size];
        for (int i = 0; i < size; i++) {
            values[i] = i * 31;
        }
    }

    @Benchmark
    public long sum() {
        long total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }
}
