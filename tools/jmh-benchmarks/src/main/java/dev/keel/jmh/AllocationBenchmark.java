package dev.keel.jmh;

import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Allocation and GC pressure: short-lived objects (the young-generation fast path, TLAB bumping)
 * and medium arrays that survive a little while in a ring buffer, so the collector has work to do.
 * Run with `-prof gc` to get the `·gc.alloc.rate.norm` secondary metric (bytes per op).
 */
public class AllocationBenchmark extends ThroughputSettings {

    private int count;
    private Object[] ring;
    private int cursor;

    @Setup
    public void setup() {
        count = 64;
        ring = new Object[1024];
    }

    /** Many small objects that die young; escaping into the Blackhole defeats scalar replacement. */
    @Benchmark
    public void smallObjects(Blackhole bh) {
        for (int i = 0; i < count; i++) {
            bh.consume(new long[] {i, i + 1L});
        }
    }

    /** A list of boxed Integers: allocation plus the resize copies of ArrayList growth. */
    @Benchmark
    public List<Integer> boxedList() {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < count * 16; i++) {
            list.add(i + 1000);
        }
        return list;
    }

    /** 16 KiB arrays kept alive in a 1024-slot ring (~16 MiB live): survivors make young GCs copy. */
    @Benchmark
    public Object retainedArrays() {
        byte[] block = new byte[16 * 1024];
        block[cursor & 1023] = (byte) cursor;
        ring[cursor++ & (ring.length - 1)] = block;
        return block;
    }
}
