package dev.keel.jmh.faulty;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A real JVM crash: a write to address 0 through Unsafe is a SIGSEGV outside Java's checks, so the fork
 * dies with exit code 134 and leaves hs_err_pid&lt;pid&gt;.log in its working directory. Reached by
 * reflection because `--release 8` hides sun.misc from javac.
 */
@State(Scope.Thread)
public class SegfaultBenchmark extends OneShotSettings {

    private Object unsafe;
    private Method putAddress;

    @Setup
    public void setup() throws ReflectiveOperationException {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field field = type.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        unsafe = field.get(null);
        putAddress = type.getMethod("putAddress", long.class, long.class);
    }

    @Benchmark
    public void writeToAddressZero() throws ReflectiveOperationException {
        putAddress.invoke(unsafe, 0L, 42L);
    }
}
