package io.batchpulse.orchestrator.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RelayBackoffTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RelayBackoff backoff = new RelayBackoff(now::get);

    @Test
    void aFreshRelayIsNotBackingOff() {
        assertThat(backoff.backingOff()).isFalse();
    }

    @Test
    void failedPagesDoubleTheDelayUpToTenSeconds() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(backoff.failed());
        }
        assertThat(delays).containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L);
    }

    @Test
    void itBacksOffUntilItsDelayHasPassed() {
        backoff.failed();
        advanceMillis(499);
        assertThat(backoff.backingOff()).isTrue();
        advanceMillis(1);
        assertThat(backoff.backingOff()).isFalse();
    }

    // An instance cut off from the brokers finds the outbox emptied by another between its tries: that
    // must not bring it back to the lock every half second (it held the lock 3 s of every 3.5 s).
    @Test
    void triesThatFindNothingToSendKeepTheDelayGrowing() {
        assertThat(backoff.failed()).isEqualTo(500L);
        advanceMillis(500);
        // an empty page: OutboxRelay calls neither failed() nor sent()
        assertThat(backoff.failed()).isEqualTo(1_000L);
        advanceMillis(1_000);
        assertThat(backoff.failed()).isEqualTo(2_000L);
    }

    @Test
    void aPageSentStartsTheDelayOver() {
        backoff.failed();
        backoff.failed();
        backoff.sent();
        assertThat(backoff.failed()).isEqualTo(500L);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
