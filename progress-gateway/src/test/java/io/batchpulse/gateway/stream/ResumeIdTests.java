package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ids a stream writes and reads back as Last-Event-ID. */
class ResumeIdTests {

    @Test
    void aPositionWithNothingUntoldIsThePlainOffsetAsBefore() {
        assertThat(ResumeId.of(48230, 0)).isEqualTo("48230");
        assertThat(ResumeId.parse("48230")).isEqualTo(new ResumeId(48230, 0));
        assertThat(ResumeId.parse(" -1 ")).isEqualTo(new ResumeId(-1, 0));
    }

    @Test
    void anUntoldCountRidesAfterTheOffsetAndIsReadBack() {
        assertThat(ResumeId.of(48230, 12)).isEqualTo("48230:12");
        assertThat(ResumeId.parse(ResumeId.of(48230, 12))).isEqualTo(new ResumeId(48230, 12));
    }

    @Test
    void anythingElseStartsAFreshStream() {
        assertThat(ResumeId.parse(null)).isNull();
        assertThat(ResumeId.parse(" ")).isNull();
        assertThat(ResumeId.parse("abc")).isNull();
        assertThat(ResumeId.parse("-2")).isNull();
        assertThat(ResumeId.parse("5:-1")).isNull();
        assertThat(ResumeId.parse("5:1:2")).isNull();
        assertThat(ResumeId.parse("5:")).isNull();
    }
}
