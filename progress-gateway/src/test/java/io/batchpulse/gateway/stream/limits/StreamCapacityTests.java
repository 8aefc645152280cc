package io.batchpulse.gateway.stream.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class StreamCapacityTests {

    @Test
    void capacityIsTheHeapShareDividedByTheCostOfAStream() {
        // the gateway: -Xmx512m; 60 % of it at 128 KB a stream
        assertThat(StreamCapacity.derive(DataSize.ofMegabytes(512).toBytes(), DataSize.ofKilobytes(128), 0.6))
                .isEqualTo(2457);
        assertThat(StreamCapacity.derive(DataSize.ofGigabytes(2).toBytes(), DataSize.ofKilobytes(32), 0.5))
                .isEqualTo(32_768);
    }

    @Test
    void aTinyHeapStillAdmitsOneStreamAndAnUnboundedOneIsCappedAtIntMax() {
        assertThat(StreamCapacity.derive(DataSize.ofKilobytes(64).toBytes(), DataSize.ofKilobytes(128), 0.6))
                .isEqualTo(1);
        assertThat(StreamCapacity.derive(Long.MAX_VALUE, DataSize.ofKilobytes(1), 0.95))
                .isEqualTo(Integer.MAX_VALUE);
    }
}
