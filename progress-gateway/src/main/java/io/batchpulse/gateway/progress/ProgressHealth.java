package io.batchpulse.gateway.progress;

import io.batchpulse.gateway.GatewayProperties;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the progress Streams app: ready once it has been RUNNING, i.e. the global snapshot
 * store was restored in full. A later rebalance (another instance joining) keeps it ready: the
 * global store stays complete and readable meanwhile.
 */
@Component("progressStreams")
class ProgressHealth implements HealthIndicator, KafkaStreams.StateListener {

    private final boolean enabled;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile boolean hasRun;

    ProgressHealth(GatewayProperties properties) {
        this.enabled = properties.progress().enabled();
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        if (newState == KafkaStreams.State.RUNNING) {
            hasRun = true;
        }
    }

    boolean storeComplete() {
        KafkaStreams.State current = state;
        return hasRun && (current == KafkaStreams.State.RUNNING || current == KafkaStreams.State.REBALANCING);
    }

    @Override
    public Health health() {
        if (!enabled) {
            return Health.up().withDetail("progress", "disabled on this instance").build();
        }
        Health.Builder builder = storeComplete() ? Health.up() : Health.outOfService();
        return builder.withDetail("state", state.name()).build();
    }
}
