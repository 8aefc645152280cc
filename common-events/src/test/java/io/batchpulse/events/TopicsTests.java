package io.batchpulse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void defaultPrefixIsBatchpulse() {
        Topics topics = Topics.defaults();

        assertThat(topics.batchCommands()).isEqualTo("batchpulse.batch-commands");
        assertThat(topics.itemDispatch()).isEqualTo("batchpulse.item-dispatch");
        assertThat(topics.batchEvents()).isEqualTo("batchpulse.batch-events");
        assertThat(topics.batchProgress()).isEqualTo("batchpulse.batch-progress");
        assertThat(topics.streamCounts()).isEqualTo("batchpulse.stream-counts");
        assertThat(topics.streamTickets()).isEqualTo("batchpulse.stream-tickets");
    }

    @Test
    void everyNameCarriesTheConfiguredPrefix() {
        Topics topics = new Topics("test-7f3c.");

        assertThat(topics.specs(TopicSizing.defaults())).extracting(TopicSpec::name)
                .containsExactly("test-7f3c.batch-commands", "test-7f3c.item-dispatch", "test-7f3c.batch-events",
                        "test-7f3c.batch-progress", "test-7f3c.stream-counts", "test-7f3c.stream-tickets");
    }

    @Test
    void prefixIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> new Topics(null));
    }

    @Test
    void deadLetterTopicIsTheSourceWithDltSuffix() {
        assertThat(Topics.deadLetter("batchpulse.batch-events")).isEqualTo("batchpulse.batch-events.DLT");
    }

    @Test
    void specsSizeEachTopic() {
        TopicSizing sizing = new TopicSizing(3, 24, 6, (short) 3, 86_400_000L);

        assertThat(Topics.defaults().specs(sizing)).containsExactly(
                new TopicSpec("batchpulse.batch-commands", 3, (short) 3, Map.of()),
                new TopicSpec("batchpulse.item-dispatch", 24, (short) 3, Map.of()),
                new TopicSpec("batchpulse.batch-events", 6, (short) 3,
                        Map.of("cleanup.policy", "delete", "retention.ms", "86400000")),
                new TopicSpec("batchpulse.batch-progress", 6, (short) 3, Map.of("cleanup.policy", "compact")),
                new TopicSpec("batchpulse.stream-counts", 1, (short) 3, Map.of("cleanup.policy", "compact")),
                new TopicSpec("batchpulse.stream-tickets", 1, (short) 3,
                        Map.of("cleanup.policy", "delete", "retention.ms", "86400000")));
    }

    @Test
    void defaultSizingKeepsEventsThirtyDays() {
        assertThat(TopicSizing.defaults()).isEqualTo(
                new TopicSizing(6, 12, 12, (short) 1, 30L * 24 * 60 * 60 * 1000));
    }

    @Test
    void deadLetterTopicsMirrorTheirSourcesPartitionsAndSkipTheCompactedProgressTopic() {
        Topics topics = new Topics("x.");

        assertThat(topics.deadLetterSpecs(TopicSizing.defaults())).containsExactly(
                new TopicSpec("x.batch-commands.DLT", 6, (short) 1, Map.of()),
                new TopicSpec("x.item-dispatch.DLT", 12, (short) 1, Map.of()),
                new TopicSpec("x.batch-events.DLT", 12, (short) 1, Map.of()));
    }
}
