package dev.keel.jmh.faulty;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Never returns and ignores interrupts, like a livelocked JIT-miscompiled loop: JMH's own iteration
 * timeout cannot stop it, only a watchdog that kills the process tree can.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class SpinBenchmark {

    // volatile: the JIT must re-read it, so the loop is a real spin, not a folded constant
    private volatile boolean stop;

    @Benchmark
    public long spinForever() {
        long n = 0;
        while (!stop) {
            n++;
        }
        return n;
    }
}
