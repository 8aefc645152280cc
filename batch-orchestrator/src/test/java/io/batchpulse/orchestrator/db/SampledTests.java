package io.batchpulse.orchestrator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SampledTests {

    @Test
    void readsAgainOnlyAfterItsMaxAge() {
        AtomicInteger queries = new AtomicInteger();
        Sampled<Integer> longLived = new Sampled<>(queries::incrementAndGet, Duration.ofHours(1));
        assertThat(longLived.get()).isEqualTo(1);
        assertThat(longLived.get()).isEqualTo(1);
        assertThat(queries).hasValue(1);

        Sampled<Integer> alwaysStale = new Sampled<>(queries::incrementAndGet, Duration.ZERO);
        assertThat(alwaysStale.get()).isEqualTo(2);
        assertThat(alwaysStale.get()).isEqualTo(3);
    }

    @Test
    void aFailedQueryIsTriedAgainAtTheNextRead() {
        AtomicInteger queries = new AtomicInteger();
        Sampled<Integer> sampled = new Sampled<>(() -> {
            if (queries.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            return queries.get();
        }, Duration.ofHours(1));
        assertThatIllegalStateException().isThrownBy(sampled::get);
        assertThat(sampled.get()).isEqualTo(2);
    }
}
