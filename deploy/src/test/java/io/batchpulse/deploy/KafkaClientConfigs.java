package io.batchpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective configuration of every Kafka client a service built, as the clients themselves
 * log it when they start ({@code ProducerConfig values:} and the tab-indented {@code key = value}
 * lines after it): what a client really uses, whichever way its settings reached it.
 */
final class KafkaClientConfigs {

    /** The loggers that print them; the worker quiets them by default. */
    static final List<String> LOGGERS = List.of("org.apache.kafka.clients.producer.ProducerConfig",
            "org.apache.kafka.clients.consumer.ConsumerConfig", "org.apache.kafka.clients.admin.AdminClientConfig",
            "org.apache.kafka.streams.StreamsConfig");

    private static final Pattern START = Pattern.compile("\\b(ProducerConfig|ConsumerConfig|AdminClientConfig|StreamsConfig) values:");
    private static final Pattern ENTRY = Pattern.compile("^\\t(\\S+) = (.*)$");

    /** One client's configuration; {@code kind} is the class that logged it, e.g. ProducerConfig. */
    record Logged(String kind, Map<String, String> values) {
    }

    private KafkaClientConfigs() {
    }

    static List<Logged> in(Path log) {
        List<Logged> configs = new ArrayList<>();
        Map<String, String> current = null;
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher start = START.matcher(line);
                Matcher entry = ENTRY.matcher(line);
                if (start.find()) {
                    current = new HashMap<>();
                    configs.add(new Logged(start.group(1), current));
                } else if (current != null && entry.matches()) {
                    current.put(entry.group(1), entry.group(2).trim());
                } else {
                    current = null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return configs;
    }
}
