package io.batchpulse.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.worker.spi.ItemErrorCodes;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import io.batchpulse.worker.spi.ProgressReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class WordCountProcessorTests {

    private final WordCountProcessor processor = new WordCountProcessor();

    @Test
    void countsWordsAndNamesTheMostFrequentFirst() {
        ItemOutcome outcome = processor.process(work("The cat saw the dog. The dog didn't see the cat!", null));

        JsonNode result = outcome.result();
        assertThat(result.get("words").intValue()).isEqualTo(11);
        assertThat(result.get("distinctWords").intValue()).isEqualTo(6);
        assertThat(result.get("top").valueStream().map(word -> word.get("word").asString()))
                .containsExactly("the", "cat", "dog", "didn't", "saw");
        assertThat(result.get("top").get(0).get("count").longValue()).isEqualTo(4);
        assertThat(result.get("summary").asString()).isEqualTo("11 words, 6 distinct; most frequent: the");
        // 6 distinct of 11: the share of distinct words ranks "best so far"
        assertThat(outcome.score()).isEqualTo(54.55);
    }

    @Test
    void configLimitsTheListAndSkipsShortWords() {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("top", 1).put("minLength", 4)
                .put("language", "a setting a newer version may know");

        JsonNode result = processor.process(work("a bb cccc cccc dddd", config)).result();

        assertThat(result.get("words").intValue()).isEqualTo(3);
        assertThat(result.get("top")).hasSize(1);
        assertThat(result.get("top").get(0).get("word").asString()).isEqualTo("cccc");
    }

    @Test
    void itemWithoutTextFailsPermanently() {
        assertThatThrownBy(() -> processor.process(work("  ", null)))
                .isInstanceOfSatisfying(ItemProcessingException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(WordCountProcessor.VALIDATION_FAILED);
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.details()).containsExactly("payload.text is empty");
                });
    }

    @Test
    void configThatDoesNotFitIsInvalidConfig() {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("top", "many");

        assertThatThrownBy(() -> processor.process(work("some text", config)))
                .isInstanceOfSatisfying(ItemProcessingException.class,
                        failure -> assertThat(failure.code()).isEqualTo(ItemErrorCodes.INVALID_CONFIG));
    }

    @Test
    void longTextReportsProgressBeforeCounting() {
        List<String> reports = new ArrayList<>();
        String text = "word ".repeat(WordCountProcessor.LONG_TEXT / 5 + 1);

        processor.process(work(text, null, (percent, message) -> reports.add(message)));

        assertThat(reports).singleElement().asString().startsWith("counting ");
    }

    @Test
    void isRegisteredForTheWorkersServiceLoader() {
        assertThat(ServiceLoader.load(ItemProcessor.class).stream().map(ServiceLoader.Provider::type))
                .contains(WordCountProcessor.class);
        assertThat(processor.name()).isEqualTo("word-count");
    }

    private static ItemWork work(String text, JsonNode config) {
        return work(text, config, null);
    }

    private static ItemWork work(String text, JsonNode config, ProgressReporter progress) {
        return new ItemWork(UUID.randomUUID(), UUID.randomUUID(), 0, 1, 3, "text 0",
                JsonNodeFactory.instance.objectNode().put("text", text), config, Duration.ofMinutes(5), progress);
    }
}
