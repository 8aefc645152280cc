package io.batchpulse.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a service's heap while something runs, with the JDK's own {@code jstat}: the peak of
 * the old generation (what survives collections, so what the service holds on to) and of the
 * whole heap in use. A service that kept a file's items in memory would show it in the old
 * generation; one that streams them does not.
 */
public final class HeapSampler implements AutoCloseable {

    private final long pid;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong peakOldKb = new AtomicLong();
    private final AtomicLong peakUsedKb = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();

    public HeapSampler(long pid) {
        this.pid = pid;
        timer.scheduleWithFixedDelay(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    public long peakOldGenerationMb() {
        return peakOldKb.get() / 1024;
    }

    public long peakHeapUsedMb() {
        return peakUsedKb.get() / 1024;
    }

    public long samples() {
        return samples.get();
    }

    private void sample() {
        String jstat = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
        try {
            Process process = new ProcessBuilder(jstat, "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            String[] lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .strip().split("\n");
            if (process.waitFor() != 0 || lines.length < 2) {
                return;
            }
            String[] names = lines[0].trim().split("\\s+");
            String[] values = lines[1].trim().split("\\s+");
            double used = 0;
            for (int i = 0; i < names.length && i < values.length; i++) {
                if (names[i].matches("S0U|S1U|EU|OU")) {
                    used += Double.parseDouble(values[i]);
                }
                if (names[i].equals("OU")) {
                    peakOldKb.accumulateAndGet((long) Double.parseDouble(values[i]), Math::max);
                }
            }
            peakUsedKb.accumulateAndGet((long) used, Math::max);
            samples.incrementAndGet();
        } catch (IOException | NumberFormatException e) {
            // the service may be between two states; the next sample tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
