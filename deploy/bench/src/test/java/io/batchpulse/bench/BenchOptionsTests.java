package io.batchpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.deploy.CommandLineArgs;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTests {

    @Test
    void defaultsAreTheDesignTargetsSizes() {
        BenchOptions options = BenchOptions.parse(List.of());

        assertThat(options.scenarios()).containsExactlyElementsOf(BenchOptions.ALL);
        assertThat(options.items()).isEqualTo(100_000);
        assertThat(options.connections()).isEqualTo(10_000);
        assertThat(options.batches()).isEqualTo(1_000);
        assertThat(options.bigItems()).isEqualTo(1_000_000);
        assertThat(options.leakBatches()).isEqualTo(1_000);
        assertThat(options.uploadLines()).isEqualTo(1_000_000);
        assertThat(options.duration().toSeconds()).isEqualTo(60);
        assertThat(options.local()).isTrue();
        assertThat(options.orchestrators()).isEqualTo(1);
        assertThat(options.unevenItems()).isEqualTo(3_000);
        assertThat(options.unevenMeanMs()).isEqualTo(310);
        assertThat(options.warmup()).isEqualTo(20_000);
        assertThat(BenchOptions.parse(List.of("--orchestrators", "2", "--scenario", "failover")).orchestrators())
                .isEqualTo(2);
    }

    @Test
    void quickShrinksWhatWasNotGivenExplicitly() {
        BenchOptions options = BenchOptions.parse(List.of("--quick", "--items", "20_000", "--scenario",
                "throughput,leak"));

        assertThat(options.items()).isEqualTo(20_000);
        assertThat(options.connections()).isEqualTo(500);
        assertThat(options.unevenItems()).isEqualTo(500);
        assertThat(options.warmup()).isEqualTo(5_000);
        assertThat(options.scenarios()).containsExactly("throughput", "leak");
    }

    @Test
    void warmupZeroMeasuresAColdStack() {
        assertThat(BenchOptions.parse(List.of("--warmup", "0")).warmup()).isZero();
        assertThat(BenchOptions.parse(List.of("--quick", "--warmup", "20000")).warmup()).isEqualTo(20_000);
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--warmup", "-1")))
                .isInstanceOf(CommandLineArgs.UsageException.class);
    }

    @Test
    void aTargetNeedsItsBootstrapServers() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--target", "http://127.0.0.1:8080")))
                .isInstanceOf(CommandLineArgs.UsageException.class)
                .hasMessageContaining("--bootstrap");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--scenario", "nope")))
                .hasMessageContaining("unknown scenario");
    }
}
