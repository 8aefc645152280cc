package io.batchpulse.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.worker.support.Dispatches;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ParallelDispatchRunnerTests {

    private final UUID batchId = UUID.randomUUID();

    @Test
    void runsUpToParallelismItemsAtOnceAndReturnsWhenAllAreDone() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Set<Long> done = ConcurrentHashMap.newKeySet();
        // three items can only pass the barrier together: proves three run at once
        CyclicBarrier together = new CyclicBarrier(3);
        ParallelDispatchRunner runner = new ParallelDispatchRunner(record -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException(e);
            }
            inFlight.decrementAndGet();
            done.add(record.value().index());
            return CompletableFuture.completedFuture(null);
        }, 1, 3, Duration.ofSeconds(5));

        runner.runAll(dispatches(9));
        runner.destroy();

        assertThat(done).hasSize(9);
        assertThat(mostInFlight.get()).isEqualTo(3);
    }

    @Test
    void aSendThatFailedFailsThePoll() throws Exception {
        ParallelDispatchRunner runner = new ParallelDispatchRunner(record -> record.value().index() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("broker gone"))
                : CompletableFuture.completedFuture(null), 1, 2, Duration.ofSeconds(5));

        assertThatIllegalStateException().isThrownBy(() -> runner.runAll(dispatches(3)))
                .withMessageContaining("broker gone");
        runner.destroy();
    }

    private List<ConsumerRecord<String, ItemDispatch>> dispatches(int count) {
        return LongStream.range(0, count)
                .mapToObj(i -> new ConsumerRecord<>("item-dispatch", 0, i, (String) null,
                        Dispatches.dispatch(batchId, i, 1, 1, "simulated", null, "{}")))
                .toList();
    }
}
