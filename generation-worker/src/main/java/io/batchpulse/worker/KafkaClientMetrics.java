package io.batchpulse.worker;

import io.batchpulse.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.support.CompositeProducerListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.stereotype.Component;

/**
 * Producer metrics for the worker's own template (Spring Boot binds only the factories it
 * auto-configures; the dispatch consumer's metrics are bound where it is built, with its group)
 * and batchpulse.dlt.records{topic,cause}: dead letters the broker acknowledged.
 */
@Component
class KafkaClientMetrics implements SmartInitializingSingleton {

    private final MeterRegistry meters;
    private final ObjectProvider<KafkaTemplate<?, ?>> templates;

    KafkaClientMetrics(MeterRegistry meters, ObjectProvider<KafkaTemplate<?, ?>> templates) {
        this.meters = meters;
        this.templates = templates;
    }

    @Override
    public void afterSingletonsInstantiated() {
        templates.forEach(this::bind);
    }

    private <K, V> void bind(KafkaTemplate<K, V> template) {
        if (template.getProducerFactory() instanceof DefaultKafkaProducerFactory<K, V> producers) {
            producers.addListener(new MicrometerProducerListener<>(meters));
        }
        template.setProducerListener(new CompositeProducerListener<>(new LoggingProducerListener<>(),
                new ProducerListener<>() {
                    @Override
                    public void onSuccess(ProducerRecord<K, V> record, RecordMetadata metadata) {
                        if (record.topic().endsWith(Topics.DLT_SUFFIX)) {
                            deadLetter(record);
                        }
                    }
                }));
    }

    private void deadLetter(ProducerRecord<?, ?> record) {
        Header cause = record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        if (cause == null) {
            cause = record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_FQCN);
        }
        String className = cause == null ? "unknown" : new String(cause.value(), StandardCharsets.UTF_8);
        String topic = record.topic();
        Counter.builder("batchpulse.dlt.records")
                .tag("topic", topic.substring(0, topic.length() - Topics.DLT_SUFFIX.length()))
                .tag("cause", className.substring(className.lastIndexOf('.') + 1))
                .description("records published to a dead-letter topic, by source topic and cause")
                .register(meters).increment();
    }
}
