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

    @Test
    void theOpenFileLimitKeepsAReserveForEverythingElse() {
        // this build machine's hard limit: 20,000 descriptors, where 2 GB of heap would admit 26,214
        assertThat(StreamCapacity.streamsWithin(20_000)).isEqualTo(19_000);
        // a container's soft default: half for the streams
        assertThat(StreamCapacity.streamsWithin(1_024)).isEqualTo(512);
        assertThat(StreamCapacity.streamsWithin(1)).isEqualTo(1);
        assertThat(StreamCapacity.streamsWithin(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
