package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayPlacesTests {

    private final ReplayPlaces places = new ReplayPlaces(2);

    @Test
    void aUserHasAtMostTheirPlacesWhileOthersKeepTheirOwn() {
        assertThat(places.take("amara")).isTrue();
        assertThat(places.take("amara")).isTrue();
        assertThat(places.take("amara")).isFalse();

        assertThat(places.take("bo")).isTrue();
    }

    @Test
    void aReleasedPlaceCanBeTakenAgainAndReleasingTwiceGivesBackOne() {
        places.take("amara");
        places.take("amara");
        Runnable release = places.releaser("amara");

        release.run();
        release.run();

        assertThat(places.take("amara")).isTrue();
        assertThat(places.take("amara")).isFalse();
    }
}
