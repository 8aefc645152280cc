package io.batchpulse.gateway.stream.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceCountsTests {

    private static final long LEASE = 10_000;

    private final InstanceCounts counts = new InstanceCounts("self", LEASE);

    @Test
    void aUsersStreamsElsewhereAreTheSumOverTheOtherLiveInstances() {
        long now = System.currentTimeMillis();
        counts.lease("self", now);
        counts.lease("a", now);
        counts.lease("b", now);
        counts.count("self", "amara", 5);
        counts.count("a", "amara", 3);
        counts.count("b", "amara", 2);
        counts.count("b", "bo", 7);

        assertThat(counts.elsewhere("amara")).isEqualTo(5);
        assertThat(counts.elsewhere("bo")).isEqualTo(7);
        assertThat(counts.elsewhere("nobody")).isZero();

        counts.count("a", "amara", null);
        assertThat(counts.elsewhere("amara")).isEqualTo(2);
    }

    @Test
    void anInstanceWhoseLeaseRanOutOrWasRemovedNoLongerCounts() {
        long now = System.currentTimeMillis();
        counts.lease("late", now - 2 * LEASE);
        counts.count("late", "amara", 4);
        counts.lease("gone", now);
        counts.count("gone", "amara", 1);
        counts.count("silent", "amara", 6);

        counts.lease("gone", null);

        assertThat(counts.elsewhere("amara")).isZero();
        // "gone" left with its lease; the others are forgotten now, with what to remove from the topic
        assertThat(counts.forgetTheDead()).isEqualTo(Map.of("late", Set.of("amara"), "silent", Set.of("amara")));
        assertThat(counts.forgetTheDead()).isEmpty();
    }

    @Test
    void aLeaseWrittenByAClockAheadCountsFromNowNotFromTheFuture() {
        counts.lease("ahead", System.currentTimeMillis() + 10 * LEASE);
        counts.count("ahead", "amara", 1);

        assertThat(counts.elsewhere("amara")).isEqualTo(1);
        assertThat(counts.forgetTheDead()).isEmpty();
    }
}
