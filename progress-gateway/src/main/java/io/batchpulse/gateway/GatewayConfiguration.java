package io.batchpulse.gateway;

import io.batchpulse.events.Topics;
import io.batchpulse.events.json.EventJson;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Service-wide wiring: properties, topic names, the topics this service declares, JSON settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

    @Bean
    Topics topics(GatewayProperties properties) {
        return properties.topics().names();
    }

    @Bean
    GatewayInstance gatewayInstance() {
        return GatewayInstance.random();
    }

    /** Every service declares all topics, so any start order works. */
    @Bean
    KafkaAdmin.NewTopics batchpulseTopics(GatewayProperties properties) {
        return new KafkaAdmin.NewTopics(properties.topics().newTopics().toArray(NewTopic[]::new));
    }

    /** The public API writes times and durations the way the wire contract does (ISO-8601). */
    @Bean
    JsonMapperBuilderCustomizer contractJson() {
        return EventJson::configure;
    }
}
