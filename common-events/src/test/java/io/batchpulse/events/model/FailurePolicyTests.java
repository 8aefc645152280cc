package io.batchpulse.events.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailurePolicyTests {

    private final FailurePolicy policy = new FailurePolicy(0.2, 10, FailureAction.PAUSE);

    @Test
    void doesNotTripBeforeMinFinishedItemsFinished() {
        assertThat(policy.tripped(9, 9)).isFalse();
    }

    @Test
    void tripsOnceMoreThanTheRatioOfFinishedItemsFailed() {
        assertThat(policy.tripped(10, 3)).isTrue();
        assertThat(policy.tripped(100, 21)).isTrue();
    }

    @Test
    void exactlyTheRatioDoesNotTrip() {
        assertThat(policy.tripped(10, 2)).isFalse();
        assertThat(policy.tripped(100, 20)).isFalse();
    }

    @Test
    void zeroRatioTripsOnTheFirstFailureAfterMinFinished() {
        FailurePolicy strict = new FailurePolicy(0.0, 1, FailureAction.FAIL);

        assertThat(strict.tripped(1, 0)).isFalse();
        assertThat(strict.tripped(1, 1)).isTrue();
    }

    @Test
    void ratioOfOneNeverTrips() {
        assertThat(new FailurePolicy(1.0, 1, FailureAction.FAIL).tripped(10, 10)).isFalse();
    }

    @Test
    void withDefaultsJudgesAfterTenFinishedAndPauses() {
        FailurePolicy defaulted = new FailurePolicy(0.5, null, null).withDefaults();

        assertThat(defaulted).isEqualTo(new FailurePolicy(0.5, 10, FailureAction.PAUSE));
        assertThat(defaulted.tripped(9, 9)).isFalse();
        assertThat(defaulted.tripped(10, 6)).isTrue();
    }
}
