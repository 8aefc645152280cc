package io.batchpulse.gateway.progress;

import io.batchpulse.events.Topics;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.SkippedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.function.SingletonSupplier;

/**
 * Runs the progress Streams app in this gateway instance (on by default; {@code
 * gateway.progress.enabled=false} turns it off). Spring's factory bean owns the KafkaStreams
 * lifecycle (started with the context, closed on shutdown). Client settings (bootstrap servers,
 * security) come from {@code spring.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.progress", name = "enabled", havingValue = "true", matchIfMissing = true)
class ProgressStreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProgressStreamsConfiguration.class);

    @Bean
    StreamsBuilderFactoryBean progressTopology(GatewayProperties gateway, Topics topics, KafkaProperties kafka,
            KafkaConnectionDetails connection, ObjectProvider<SnapshotListener> listeners, MeterRegistry meters,
            ProgressHealth health) {
        Map<String, Object> properties = new HashMap<>(kafka.buildStreamsProperties());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getStreams().getBootstrapServers());
        properties.putAll(ProgressStreamsConfig.properties(gateway.progress(), topics));
        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(properties));
        Timer lag = Timer.builder("batchpulse.progress.snapshot.lag")
                .description("event time of the newest event in a snapshot to the snapshot reaching this instance")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        // resolved once, at the first snapshot: the streams start after every singleton exists
        SkippedEvents skipped = SkippedEvents.of(meters, SkippedEvents.Reader.PROGRESS);
        Supplier<List<SnapshotListener>> all = SingletonSupplier.of(() -> listeners.orderedStream().toList());
        factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
            @Override
            public void configureBuilder(StreamsBuilder builder) {
                ProgressTopology.build(builder, topics, skipped);
                SnapshotStoreTopology.addGlobalStore(builder, topics, snapshot -> tell(all.get(), snapshot), lag);
            }
        });
        factory.setStateListener(health);
        // a stopping instance hands its partitions over at once instead of after the session
        // timeout (45 s of no snapshots for its batches); its state dir is a temp dir by default anyway
        factory.setLeaveGroupOnClose(true);
        // bad records are handled per record (DLT); what reaches here is a broken client or broker
        factory.setStreamsUncaughtExceptionHandler(exception -> {
            log.error("Progress stream thread failed; replacing it", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return factory;
    }

    private static void tell(List<SnapshotListener> listeners, ProgressSnapshot snapshot) {
        for (SnapshotListener listener : listeners) {
            try {
                listener.onSnapshot(snapshot);
            } catch (RuntimeException e) {
                log.warn("A snapshot listener failed", e);
            }
        }
    }
}
