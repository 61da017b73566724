package dev.keel.jmh;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Reflection and lambdas, the machinery under serializers and dependency injection. Method.invoke was
 * reimplemented on method handles in JDK 18 (JEP 416), so this is where JDK builds differ most.
 */
public class ReflectionBenchmark extends AverageTimeSettings {

    public static final class Target {
        private final int base;

        public Target(int base) {
            this.base = base;
        }

        public int add(int x) {
            return base + x;
        }
    }

    private Target target;
    private Method add;
    private int x;
    private IntUnaryOperator lambda;

    @Setup
    public void setup() throws NoSuchMethodException {
        target = new Target(17);
        add = Target.class.getMethod("add", int.class);
        x = 25;
        final Target t = target;
        lambda = v -> t.add(v);
    }

    /** The baseline: a plain virtual call the JIT inlines. */
    @Benchmark
    public int directCall() {
        return target.add(x);
    }

    /** Method.invoke with boxing of the argument and the result. */
    @Benchmark
    public Object reflectiveInvoke() throws IllegalAccessException, InvocationTargetException {
        return add.invoke(target, x);
    }

    /** A capturing lambda stored in a field: megamorphic call sites aside, it should inline too. */
    @Benchmark
    public int lambdaCall() {
        return lambda.applyAsInt(x);
    }

    /** Creating a capturing lambda per call: allocation unless escape analysis removes it. */
    @Benchmark
    public Supplier<Integer> lambdaCapture() {
        final int captured = x;
        return () -> captured + 1;
    }
}
