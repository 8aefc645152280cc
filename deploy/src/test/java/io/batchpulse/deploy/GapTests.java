package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GapTests {

    @Test
    void theLongestGapBetweenPointsIsFoundWhereverItIs() {
        assertThat(Gap.longest(LongStream.of(30, 10, 15), 0, 40)).isEqualTo(new Gap(15, 15));
    }

    @Test
    void theWindowsEndsCountAsEdgesAndPointsOutsideItAreIgnored() {
        assertThat(Gap.longest(LongStream.of(-5, 12, 14, 50), 0, 40)).isEqualTo(new Gap(14, 26));
        assertThat(Gap.longest(LongStream.of(25, 30), 0, 40)).isEqualTo(new Gap(0, 25));
    }

    @Test
    void aWindowWithoutPointsIsOneGap() {
        assertThat(Gap.longest(LongStream.empty(), 5, 20)).isEqualTo(new Gap(5, 15));
    }
}
