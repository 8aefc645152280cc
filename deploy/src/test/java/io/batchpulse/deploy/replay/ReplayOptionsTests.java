package io.batchpulse.deploy.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.deploy.CommandLineArgs.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOptionsTests {

    @Test
    void withoutFlagsItReplaysEverythingAsJsonlFromTheEnvironmentsKafka() {
        ReplayOptions options = ReplayOptions.parse(List.of(),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093", "BATCHPULSE_TOPIC_PREFIX", "acme."));

        assertThat(options).isEqualTo(new ReplayOptions("kafka:9093", "acme.", null, null,
                ReplayOptions.Format.JSONL, null, false, Map.of()));
        assertThat(ReplayOptions.parse(List.of(), Map.of()).bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(ReplayOptions.parse(List.of(), Map.of()).topicPrefix()).isEqualTo("batchpulse.");
    }

    @Test
    void flagsSetTimeBatchFormatAndClientConfig(@TempDir Path directory) throws Exception {
        Path config = Files.writeString(directory.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        UUID batch = UUID.randomUUID();

        ReplayOptions options = ReplayOptions.parse(List.of("--from", "2026-05-01T00:00:00Z", "--batch",
                batch.toString(), "--format", "csv", "--client-config", config.toString()), Map.of());

        assertThat(options.from()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(options.batch()).isEqualTo(batch);
        assertThat(options.format()).isEqualTo(ReplayOptions.Format.CSV);
        assertThat(options.clientConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--from", "yesterday"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--batch", "42"), Map.of()))
                .hasMessageContaining("UUID");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--format", "parquet"), Map.of()))
                .hasMessageContaining("jsonl, csv or summary");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--follow", "--format", "csv"), Map.of()))
                .hasMessageContaining("--follow works with --format jsonl only");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--follow", "--format", "summary"), Map.of()))
                .hasMessageContaining("--follow works with --format jsonl only");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--client-config", "/no/such/file"), Map.of()))
                .hasMessageContaining("cannot read");
    }
}
