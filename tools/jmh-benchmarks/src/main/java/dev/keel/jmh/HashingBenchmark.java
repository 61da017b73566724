package dev.keel.jmh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Hashing and crypto: SHA-256 (checksums, API token hashes) and AES-GCM (encrypted payloads).
 * These hit JVM intrinsics (SHA and AES-NI stubs), so they move when a JDK build changes its intrinsics.
 */
public class HashingBenchmark extends ThroughputSettings {

    private byte[] payload;
    private String text;
    private MessageDigest sha256;
    private Cipher aesGcm;
    private SecretKeySpec key;
    private byte[] iv;
    private long counter;

    @Setup
    public void setup() throws GeneralSecurityException {
        Random random = new Random(7);
        payload = new byte[4096];
        random.nextBytes(payload);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sb.append("product-").append(random.nextInt()).append(';');
        }
        text = sb.toString();
        sha256 = MessageDigest.getInstance("SHA-256");
        aesGcm = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] keyBytes = new byte[16];
        random.nextBytes(keyBytes);
        key = new SecretKeySpec(keyBytes, "AES");
        iv = new byte[12];
    }

    /** SHA-256 of a 4 KiB block with a reused MessageDigest (the digest resets after digest()). */
    @Benchmark
    public byte[] sha256Block() {
        return sha256.digest(payload);
    }

    /** SHA-256 of a short string including the UTF-8 encoding and a fresh MessageDigest lookup. */
    @Benchmark
    public byte[] sha256StringFreshDigest() throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** AES-128-GCM encryption of 4 KiB; a fresh IV each call because GCM forbids IV reuse with one key. */
    @Benchmark
    public byte[] aesGcmEncrypt() throws GeneralSecurityException {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (c >>> (8 * i));
        }
        aesGcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return aesGcm.doFinal(payload);
    }
}
