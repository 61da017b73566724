package dev.keel.jmh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Collections and streams over a product-like list: grouping, filtering, map lookups, sorting.
 * The data is generated once per trial with a fixed seed so every fork and every JDK sees the same input.
 */
public class CollectionsBenchmark extends ThroughputSettings {

    /** Small (fits L1/L2) and medium (spills to L3) lists; the one @Param of the suite. */
    @Param({"100", "10000"})
    public int size;

    private List<Product> products;
    private Map<Long, Product> byId;
    private long[] lookupIds;

    static final class Product {
        final long id;
        final int categoryId;
        final int priceCents;

        Product(long id, int categoryId, int priceCents) {
            this.id = id;
            this.categoryId = categoryId;
            this.priceCents = priceCents;
        }
    }

    @Setup
    public void setup() {
        Random random = new Random(42);
        products = new ArrayList<>(size);
        byId = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Product p = new Product(random.nextInt(1_000_000), random.nextInt(50), random.nextInt(100_000));
            products.add(p);
            byId.put(p.id, p);
        }
        lookupIds = new long[256];
        for (int i = 0; i < lookupIds.length; i++) {
            lookupIds[i] = products.get(random.nextInt(size)).id;
        }
    }

    /** Stream pipeline with a grouping collector: lambdas, boxing and HashMap resizing in one. */
    @Benchmark
    public Map<Integer, Long> streamGroupingSum() {
        return products.stream().filter(p -> p.priceCents > 1_000)
                .collect(Collectors.groupingBy(p -> p.categoryId, Collectors.summingLong(p -> p.priceCents)));
    }

    /** The same aggregation as a plain loop: the baseline that shows the cost of the stream machinery. */
    @Benchmark
    public long loopSum() {
        long sum = 0;
        for (int i = 0, n = products.size(); i < n; i++) {
            Product p = products.get(i);
            if (p.priceCents > 1_000) {
                sum += p.priceCents;
            }
        }
        return sum;
    }

    /** HashMap lookups with boxed Long keys; every hit is consumed by the Blackhole. */
    @Benchmark
    public void hashMapLookup(Blackhole bh) {
        for (long id : lookupIds) {
            bh.consume(byId.get(id));
        }
    }

    /** Sort a copy by price (TimSort with a comparator lambda); copying keeps the input unsorted. */
    @Benchmark
    public List<Product> sortCopy() {
        List<Product> copy = new ArrayList<>(products);
        copy.sort((a, b) -> Integer.compare(a.priceCents, b.priceCents));
        return copy;
    }
}
