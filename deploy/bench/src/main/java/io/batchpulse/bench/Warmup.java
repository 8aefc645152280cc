package io.batchpulse.bench;

import io.batchpulse.events.batch.BatchCompleted;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of no-op items at full speed, each watched by one SSE viewer, before the first scenario,
 * until the JIT has settled. On a fresh stack the services' JIT compilers take 40 % and more of the
 * two cores through the first minutes of load (measured per thread: 83 of 207 CPU-seconds in a
 * cold latency run of 60,000 items, and still 38 of 83 in the first 50 s after one 30,000-item
 * warm-up batch), which a scenario would otherwise count as its own cost. {@code --warmup 0}
 * measures a cold stack.
 */
final class Warmup {

    /** The compilers' share of the stack's CPU in a round at which the JIT counts as settled. */
    static final double SETTLED = 0.10;
    static final int MAX_ROUNDS = 12;

    private Warmup() {
    }

    /**
     * Runs rounds of {@code items} until the compiler threads took at most {@link #SETTLED} of
     * the stack's CPU in one, at most {@link #MAX_ROUNDS}. A single round where they cannot be
     * read: off Linux, or on a remote stack ({@code --target}), whose processes are not this JVM's.
     */
    static Duration run(BenchContext context, int items) {
        long start = System.nanoTime();
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            Optional<Duration> compilersBefore = JitActivity.compilerCpu();
            Duration stackBefore = stackCpu(context);
            long roundStart = System.nanoTime();
            int events = runRound(context, items);
            Optional<Duration> compilers = compilersBefore.flatMap(before -> JitActivity.compilerCpu()
                    .map(after -> after.minus(before)));
            Duration stack = stackCpu(context).minus(stackBefore);
            double share = compilers.map(spent -> spent.toMillis() / (double) Math.max(1, stack.toMillis())).orElse(0.0);
            System.err.printf("Warm-up round %d: %,d items in %.1f s, %,d events to its viewer; JIT compilers %s%n",
                    round, items, (System.nanoTime() - roundStart) / 1e9, events, compilers.isEmpty() ? "not measured"
                            : String.format("%.1f of %.1f CPU-seconds (%.0f %%)", compilers.get().toMillis() / 1000.0,
                                    stack.toMillis() / 1000.0, 100 * share));
            if (share <= SETTLED) {
                break;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Every process of the stack, the benchmark's own JVM left out. */
    private static Duration stackCpu(BenchContext context) {
        return CpuAccounting.sample(context.stack()).entrySet().stream()
                .filter(group -> !group.getKey().equals(CpuAccounting.BENCH))
                .map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus);
    }

    /** One batch to its end, the progress topology's fold of it included; the events its viewer got. */
    private static int runRound(BenchContext context, int items) {
        BatchSpec spec = new BatchSpec("bench warm-up", items, 0, context.options().maxInFlight(), null);
        UUID batchId = context.commands().submit(spec);
        context.commands().flush();
        context.awaitStarted(batchId, Duration.ofMinutes(5));
        AtomicInteger events = new AtomicInteger();
        // the viewer's own path (the feed's relay, the SSE writes) is compiled too
        try (ProgressStream stream = new ProgressStream(context.api().base(), context.token(), batchId)) {
            stream.connect();
            Thread viewer = new Thread(() -> stream.read(received -> events.incrementAndGet()), "bench-warmup-viewer");
            viewer.setDaemon(true);
            viewer.start();
            BatchCompleted completed = context.awaitCompletion(batchId, Duration.ofMinutes(10));
            if (completed.completed() != items) {
                throw new IllegalStateException("the warm-up batch ended " + completed.status() + " with "
                        + completed.completed() + " of " + items + " items completed");
            }
        } catch (ProgressStream.Unavailable e) {
            throw new IllegalStateException("the warm-up batch's stream is not available: " + e.getMessage(), e);
        }
        context.tap().forget(batchId);
        ProgressBacklog.awaitDrained(context.stack().bootstrap(), context.topics().batchEvents(), Duration.ofMinutes(5));
        return events.get();
    }
}
