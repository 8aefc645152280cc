package io.batchpulse.examples.wordcount;

import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Counts the words of an item's {@code text} and names the most frequent ones. The score is the
 * share of distinct words (0..100), so "best so far" is the text with the richest vocabulary.
 * Stateless, hence safe on the worker's many threads; found through
 * {@code META-INF/services/io.batchpulse.worker.spi.ItemProcessor}.
 */
public class WordCountProcessor implements ItemProcessor {

    public static final String NAME = "word-count";
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    /** Past this many characters counting takes long enough that a heartbeat is worth its event. */
    static final int LONG_TEXT = 1_000_000;

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");

    /**
     * The batch's config; every field is optional.
     *
     * @param top       how many of the most frequent words the result names (default 5)
     * @param minLength words shorter than this are not counted (default 1)
     */
    record Config(Integer top, Integer minLength) {

        int topOrDefault() {
            return top == null ? 5 : top;
        }

        int minLengthOrDefault() {
            return minLength == null ? 1 : minLength;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ItemOutcome process(ItemWork work) {
        Config config = work.configAs(Config.class);
        if (config.topOrDefault() < 0 || config.minLengthOrDefault() < 1) {
            throw ItemProcessingException.permanent(VALIDATION_FAILED, "Invalid word-count config",
                    "top must be 0 or more and minLength 1 or more");
        }
        String text = work.payload().path("text").asString("");
        if (text.isBlank()) {
            throw ItemProcessingException.permanent(VALIDATION_FAILED, "Nothing to count", "payload.text is empty");
        }
        if (text.length() > LONG_TEXT) {
            work.reportProgress(null, "counting " + text.length() + " characters");
        }
        List<String> words = Arrays.stream(NOT_A_WORD.split(text.toLowerCase(Locale.ROOT)))
                .filter(word -> word.length() >= config.minLengthOrDefault())
                .toList();
        Map<String, Long> counts = words.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return ItemOutcome.of(result(words.size(), counts, config.topOrDefault()))
                .withScore(diversity(words.size(), counts.size()));
    }

    private static ObjectNode result(int words, Map<String, Long> counts, int top) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("words", words);
        result.put("distinctWords", counts.size());
        List<Map.Entry<String, Long>> frequent = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .toList();
        ArrayNode topWords = result.putArray("top");
        frequent.forEach(entry -> topWords.addObject().put("word", entry.getKey()).put("count", entry.getValue()));
        String mostFrequent = frequent.isEmpty() ? "" : "; most frequent: " + frequent.get(0).getKey();
        result.put("summary", words + " words, " + counts.size() + " distinct" + mostFrequent);
        return result;
    }

    private static double diversity(int words, int distinct) {
        return words == 0 ? 0.0 : Math.round(distinct * 10_000.0 / words) / 100.0;
    }
}
