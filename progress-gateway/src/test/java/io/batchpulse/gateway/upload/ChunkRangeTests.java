package io.batchpulse.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.gateway.api.ApiException;
import org.junit.jupiter.api.Test;

class ChunkRangeTests {

    @Test
    void uploadOffsetGivesTheOffsetOnly() {
        assertThat(ChunkRange.of("1048576", null)).isEqualTo(new ChunkRange(1_048_576, null, null));
    }

    @Test
    void contentRangeGivesOffsetLengthAndTotal() {
        assertThat(ChunkRange.of(null, "bytes 100-199/1000")).isEqualTo(new ChunkRange(100, 100L, 1_000L));
        assertThat(ChunkRange.of("100", "bytes 100-199/*")).isEqualTo(new ChunkRange(100, 100L, null));
    }

    @Test
    void missingMalformedOrDisagreeingHeadersAreRefused() {
        assertRefused(null, null, "Upload-Offset: is required (or Content-Range: bytes N-M/SIZE)");
        assertRefused("-1", null, "Upload-Offset: must be a non-negative integer");
        assertRefused("ten", null, "Upload-Offset: must be a non-negative integer");
        assertRefused(null, "bytes=0-9/10", "Content-Range: must be bytes N-M/SIZE");
        assertRefused(null, "bytes 9-0/10", "Content-Range: must be bytes N-M/SIZE with N <= M < SIZE");
        assertRefused(null, "bytes 0-10/10", "Content-Range: must be bytes N-M/SIZE with N <= M < SIZE");
        assertRefused("5", "bytes 0-9/10", "Content-Range: starts at 0 but Upload-Offset says 5");
    }

    private static void assertRefused(String offset, String range, String detail) {
        assertThatThrownBy(() -> ChunkRange.of(offset, range)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.details()).containsExactly(detail));
    }
}
