package io.batchpulse.worker;

import io.batchpulse.events.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics this worker reads and writes, so services can start in any order. The
 * sizes come from the shared contract; an existing topic keeps its settings.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

    @Bean
    Topics topics(WorkerProperties properties) {
        return properties.topics().names();
    }

    @Bean
    KafkaAdmin.NewTopics workerTopics(Topics topics, WorkerProperties properties) {
        List<String> used = List.of(topics.itemDispatch(), topics.batchEvents(),
                Topics.deadLetter(topics.itemDispatch()));
        return new KafkaAdmin.NewTopics(properties.topics().newTopics().stream()
                .filter(topic -> used.contains(topic.name()))
                .toArray(NewTopic[]::new));
    }
}
