package io.batchpulse.worker;

import io.batchpulse.events.TopicSpec;
import io.batchpulse.events.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics this worker reads and writes, so services can start in any order. The
 * sizes come from the shared contract; an existing topic keeps its settings.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

    @Bean
    Topics topics(WorkerProperties properties) {
        return properties.topicNames();
    }

    @Bean
    KafkaAdmin.NewTopics workerTopics(Topics topics, WorkerProperties properties) {
        List<String> used = List.of(topics.itemDispatch(), topics.batchEvents(),
                Topics.deadLetter(topics.itemDispatch()));
        var sizing = properties.topics().sizing();
        return new KafkaAdmin.NewTopics(Stream.concat(topics.specs(sizing).stream(),
                        topics.deadLetterSpecs(sizing).stream())
                .filter(spec -> used.contains(spec.name()))
                .map(KafkaTopicsConfiguration::newTopic)
                .toArray(NewTopic[]::new));
    }

    private static NewTopic newTopic(TopicSpec spec) {
        return TopicBuilder.name(spec.name())
                .partitions(spec.partitions())
                .replicas(spec.replicas())
                .configs(spec.configs())
                .build();
    }
}
