package dev.keel.jmh.faulty;

import org.openjdk.jmh.annotations.Benchmark;

/** The fork JVM exits with status 1 in the middle of a benchmark: JMH reports a failed fork and no score. */
public class ExitBenchmark extends OneShotSettings {

    @Benchmark
    public void exitWithStatus1() {
        System.exit(1);
    }
}
