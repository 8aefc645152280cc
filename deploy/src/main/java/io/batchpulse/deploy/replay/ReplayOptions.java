package io.batchpulse.deploy.replay;

import io.batchpulse.deploy.CommandLineArgs;
import io.batchpulse.deploy.CommandLineArgs.UsageException;
import io.batchpulse.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * What {@code deploy/replay} was asked for.
 *
 * @param from         null: from the oldest retained event; else only the events Kafka stamped
 *                     at or after it
 * @param batch        null: every batch
 * @param out          null: standard output
 * @param follow       keep reading past the end offsets seen at start, until stopped
 * @param clientConfig Kafka client properties for a secured cluster (security.protocol, sasl.*)
 */
record ReplayOptions(String bootstrapServers, String topicPrefix, Instant from, UUID batch, Format format,
        Path out, boolean follow, Map<String, String> clientConfig) {

    /** JSONL: every event as one line; CSV: each item's final state as a row; SUMMARY: each batch as a row. */
    enum Format { JSONL, CSV, SUMMARY }

    static ReplayOptions parse(List<String> args, Map<String, String> environment) {
        String bootstrap = environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String prefix = environment.getOrDefault("BATCHPULSE_TOPIC_PREFIX", Topics.DEFAULT_PREFIX);
        Instant from = null;
        UUID batch = null;
        Format format = Format.JSONL;
        Path out = null;
        boolean follow = false;
        Map<String, String> clientConfig = Map.of();
        CommandLineArgs flags = new CommandLineArgs(args);
        while (flags.hasNext()) {
            String flag = flags.flag();
            switch (flag) {
                case "--bootstrap" -> bootstrap = flags.value(flag);
                case "--topic-prefix" -> prefix = flags.value(flag);
                case "--from" -> from = instant(flag, flags.value(flag));
                case "--batch" -> batch = uuid(flag, flags.value(flag));
                case "--format" -> format = format(flag, flags.value(flag));
                case "--out" -> out = flags.path(flag);
                case "--follow" -> follow = true;
                case "--client-config" -> clientConfig = properties(flags.path(flag));
                case "-h", "--help" -> throw CommandLineArgs.help();
                default -> throw CommandLineArgs.unknown(flag);
            }
        }
        if (follow && format != Format.JSONL) {
            throw new UsageException("--follow works with --format jsonl only: csv and summary hold final states");
        }
        return new ReplayOptions(bootstrap, prefix, from, batch, format, out, follow, clientConfig);
    }

    private static Instant instant(String flag, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(flag + " needs an ISO-8601 time such as 2026-05-01T00:00:00Z, was " + value);
        }
    }

    private static UUID uuid(String flag, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + " needs a batch id (a UUID), was " + value);
        }
    }

    private static Format format(String flag, String value) {
        return switch (value) {
            case "jsonl" -> Format.JSONL;
            case "csv" -> Format.CSV;
            case "summary" -> Format.SUMMARY;
            default -> throw new UsageException(flag + " must be jsonl, csv or summary, was " + value);
        };
    }

    private static Map<String, String> properties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> config = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        return Map.copyOf(config);
    }

    static final String USAGE = """
            Usage: deploy/replay [--from 2026-05-01T00:00:00Z] [--batch ID] [--format jsonl|csv|summary]
                                 [--out FILE] [--follow] [--bootstrap HOST:PORT]
                                 [--topic-prefix batchpulse.] [--client-config FILE]
              Reads batch-events (committed records only) and writes what it finds.
              --from           only events Kafka stamped at or after this time (default: from
                               the oldest event still retained)
              --batch          only this batch's events
              --format         jsonl: one event per line, as written (default);
                               csv: one row per item, its final state;
                               summary: one CSV row per batch (counts, duration,
                               items/s, error codes)
              --out            write to FILE instead of standard output
              --follow         keep reading new events until stopped (jsonl only); without it
                               the replay ends at the end of the topic as it was at start
              --bootstrap      Kafka (default $KAFKA_BOOTSTRAP_SERVERS or localhost:9092)
              --topic-prefix   the installation's topic prefix (default $BATCHPULSE_TOPIC_PREFIX
                               or batchpulse.)
              --client-config  a properties file of Kafka client settings for a secured
                               cluster (security.protocol, sasl.mechanism, sasl.jaas.config, ...)
            Events that fail their JSON Schema are counted and left out; events of types or
            schema versions this tool does not know are skipped, as the contract says.
            The counts go to standard error at the end.
            """;
}
