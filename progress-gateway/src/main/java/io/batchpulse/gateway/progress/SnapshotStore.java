package io.batchpulse.gateway.progress;

import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/** The latest snapshot of any batch, from this instance's global store. */
@Component
public class SnapshotStore {

    private final ObjectProvider<StreamsBuilderFactoryBean> streams;
    private final ProgressHealth health;

    SnapshotStore(ObjectProvider<StreamsBuilderFactoryBean> streams, ProgressHealth health) {
        this.streams = streams;
        this.health = health;
    }

    /**
     * @throws ApiException UNAVAILABLE while the Streams app is not running here (disabled,
     *                      starting, or failed)
     */
    public Optional<ProgressSnapshot> find(UUID batchId) {
        try {
            return Optional.ofNullable(store().get(batchId.toString()));
        } catch (InvalidStateStoreException e) {
            throw unavailable();
        }
    }

    private ReadOnlyKeyValueStore<String, ProgressSnapshot> store() {
        KafkaStreams kafkaStreams = kafkaStreams();
        if (kafkaStreams == null || !health.storeComplete()) {
            throw unavailable();
        }
        return kafkaStreams.store(StoreQueryParameters.fromNameAndType(SnapshotStoreTopology.SNAPSHOT_STORE,
                QueryableStoreTypes.<String, ProgressSnapshot>keyValueStore()));
    }

    private KafkaStreams kafkaStreams() {
        StreamsBuilderFactoryBean factory = streams.getIfAvailable();
        return factory == null ? null : factory.getKafkaStreams();
    }

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.UNAVAILABLE, "Progress is not available on this instance right now");
    }
}
