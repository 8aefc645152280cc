package io.batchpulse.orchestrator.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Items a shared limit finishes a second, measured over the last {@link #WINDOW} from its running
 * batches' finished counters (completed + failed) at each observation. Counters are compared per
 * batch, so a batch that starts or ends between two observations adds nothing false.
 */
final class LimitThroughput {

    static final Duration WINDOW = Duration.ofSeconds(30);

    private record Sample(Instant at, long finished) {
    }

    private final Map<UUID, Long> lastFinished = new HashMap<>();
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    /** Records what each batch of the limit has finished by now. */
    void observe(String limit, Map<UUID, Long> finishedByBatch, Instant now) {
        long delta = 0;
        for (Map.Entry<UUID, Long> batch : finishedByBatch.entrySet()) {
            Long before = lastFinished.put(batch.getKey(), batch.getValue());
            if (before != null) {
                delta += Math.max(0, batch.getValue() - before);
            }
        }
        Deque<Sample> window = samples.computeIfAbsent(limit, name -> new ArrayDeque<>());
        window.addLast(new Sample(now, delta));
        while (window.size() > 1 && window.peekFirst().at().isBefore(now.minus(WINDOW))) {
            window.removeFirst();
        }
    }

    /** Items a second over the window; null until two observations span some time. */
    Double perSecond(String limit) {
        Deque<Sample> window = samples.get(limit);
        if (window == null || window.size() < 2) {
            return null;
        }
        double seconds = Duration.between(window.peekFirst().at(), window.peekLast().at()).toMillis() / 1000.0;
        if (seconds <= 0) {
            return null;
        }
        // the first sample's count happened before the window began
        long finished = window.stream().skip(1).mapToLong(Sample::finished).sum();
        return finished / seconds;
    }

    /** Forgets batches that are no longer running. */
    void retainBatches(Set<UUID> running) {
        lastFinished.keySet().retainAll(running);
    }
}
