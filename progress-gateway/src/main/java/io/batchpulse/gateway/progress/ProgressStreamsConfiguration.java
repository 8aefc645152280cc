package io.batchpulse.gateway.progress;

import io.batchpulse.events.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Runs the progress topology in this gateway instance when {@code gateway.progress.enabled=true}.
 * Spring's factory bean owns the KafkaStreams lifecycle (started with the context, closed on
 * shutdown). Client settings (bootstrap servers, security) come from {@code spring.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.progress", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(ProgressSettings.class)
class ProgressStreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProgressStreamsConfiguration.class);

    @Bean
    StreamsBuilderFactoryBean progressStreams(ProgressSettings settings, Topics topics, KafkaProperties kafka,
            KafkaConnectionDetails connection) {
        Map<String, Object> properties = new HashMap<>(kafka.buildStreamsProperties());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getStreams().getBootstrapServers());
        properties.putAll(ProgressStreamsConfig.properties(settings, topics));
        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(properties));
        factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
            @Override
            public void configureBuilder(StreamsBuilder builder) {
                ProgressTopology.build(builder, topics);
            }
        });
        // bad records are handled per record (DLT); what reaches here is a broken client or broker
        factory.setStreamsUncaughtExceptionHandler(exception -> {
            log.error("Progress stream thread failed; replacing it", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return factory;
    }
}
