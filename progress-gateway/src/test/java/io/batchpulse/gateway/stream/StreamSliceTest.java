package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.auth.ApiSliceTest;
import io.batchpulse.gateway.batch.BatchQueries;
import io.batchpulse.gateway.progress.SnapshotStore;
import io.batchpulse.gateway.stream.limits.StreamCapacity;
import io.batchpulse.gateway.stream.limits.UsedTickets;
import io.batchpulse.gateway.stream.ticket.StreamTickets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The stream controller with the real access rules (bearer token or stream ticket, real tickets);
 * where snapshots and batches come from, the open connections and the feed are the test's to stand in.
 */
@ApiSliceTest(StreamController.class)
@Import({StreamAccess.class, StreamTickets.class, StreamCapacity.class, StreamSliceTest.Metrics.class})
abstract class StreamSliceTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SnapshotStore snapshots;

    @MockitoBean
    BatchQueries batches;

    @MockitoBean
    OpenStreams streams;

    @MockitoBean
    FeedHub feed;

    @MockitoBean
    UsedTickets usedTickets;

    /** The capacity's gauge and counter need a registry, which the slice does not make. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Metrics {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
