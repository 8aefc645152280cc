package io.batchpulse.worker.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTests {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void delaySecondsCountFromNow() {
        assertThat(RetryAfter.until("2", NOW, MAX)).isEqualTo(NOW.plusSeconds(2));
        assertThat(RetryAfter.until(" 0 ", NOW, MAX)).isEqualTo(NOW);
    }

    @Test
    void anHttpDateIsTakenAsItIs() {
        assertThat(RetryAfter.until("Mon, 02 Mar 2026 09:00:30 GMT", NOW, MAX)).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void aDateInThePastMeansNowAndAWaitBeyondTheMaximumIsCutToIt() {
        assertThat(RetryAfter.until("Mon, 02 Mar 2026 08:00:00 GMT", NOW, MAX)).isEqualTo(NOW);
        assertThat(RetryAfter.until("86400", NOW, MAX)).isEqualTo(NOW.plus(MAX));
        assertThat(RetryAfter.until("99999999999999999999", NOW, MAX)).isEqualTo(NOW.plus(MAX));
    }

    @Test
    void anUnusableValueIsIgnored() {
        assertThat(RetryAfter.until(null, NOW, MAX)).isNull();
        assertThat(RetryAfter.until("", NOW, MAX)).isNull();
        assertThat(RetryAfter.until("soon", NOW, MAX)).isNull();
        assertThat(RetryAfter.until("-5", NOW, MAX)).isNull();
    }
}
