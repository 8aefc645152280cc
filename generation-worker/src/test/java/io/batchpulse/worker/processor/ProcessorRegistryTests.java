package io.batchpulse.worker.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessorRegistryTests {

    @Test
    void findsProcessorsByName() {
        ProcessorRegistry registry = new ProcessorRegistry(List.of(named("a"), named("b")));

        assertThat(registry.names()).containsExactly("a", "b");
        assertThat(registry.find("b")).isPresent();
        assertThat(registry.find("c")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
    }

    @Test
    void twoProcessorsWithTheSameNameStopTheStartUp() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new ProcessorRegistry(List.of(named("a"), named("a"))))
                .withMessageContaining("Two item processors are named 'a'");
    }

    private static ItemProcessor named(String name) {
        return new ItemProcessor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ItemOutcome process(ItemWork work) {
                return ItemOutcome.of(null);
            }
        };
    }
}
