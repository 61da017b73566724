package dev.keel.jmh.faulty;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Never returns and ignores interrupts, like a livelocked JIT-miscompiled loop: JMH's own iteration
 * timeout cannot stop it, only a watchdog that kills the process tree can.
 */
@State(Scope.Thread)
public class SpinBenchmark extends OneShotSettings {

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
