package io.batchpulse.orchestrator.lease;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** batchpulse.lease.expiries: items whose worker went silent past their itemTimeout. */
@Component
class LeaseMetrics {

    private final Counter expiries;

    LeaseMetrics(MeterRegistry meters) {
        expiries = Counter.builder("batchpulse.lease.expiries")
                .description("item leases expired (re-dispatched, or failed with LEASE_EXPIRED)").register(meters);
    }

    void expired(int items) {
        expiries.increment(items);
    }
}
