package io.batchpulse.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class UnreadBodyTests {

    private static final int LIMIT = 1000;

    @Test
    void aDeclaredBodyUpToTheAllowanceIsReadToItsEnd() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[LIMIT + 500]);

        UnreadBody.discard(body, LIMIT + 500, LIMIT);

        assertThat(body.available()).isZero();
    }

    @Test
    void aDeclaredBodyFurtherOverItsLimitIsNotReadAtAll() {
        int length = (int) (LIMIT + UnreadBody.MAX_PAST_LIMIT + 1);
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[length]);

        UnreadBody.discard(body, length, LIMIT);

        assertThat(body.available()).isEqualTo(length);
    }

    @Test
    void whatIsLeftOfAChunkedBodyIsReadUpToTheAllowance() {
        ByteArrayInputStream small = new ByteArrayInputStream(new byte[300]);
        ByteArrayInputStream endless = new ByteArrayInputStream(new byte[(int) UnreadBody.MAX_PAST_LIMIT + 700]);

        UnreadBody.discard(small, -1, LIMIT);
        UnreadBody.discard(endless, -1, LIMIT);

        assertThat(small.available()).isZero();
        assertThat(endless.available()).isEqualTo(700);
    }
}
