package io.batchpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicSettingsTests {

    @Test
    void leftOutValuesTakeTheContractDefaults() {
        TopicSettings settings = new TopicSettings(null, null, 24, null, null, null);

        assertThat(settings.prefix()).isEqualTo(Topics.DEFAULT_PREFIX);
        assertThat(settings.dispatchPartitions()).isEqualTo(24);
        assertThat(settings.eventPartitions()).isEqualTo(TopicSizing.defaults().eventPartitions());
        assertThat(settings.eventRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void blankPrefixTakesTheDefaultLikeALeftOutOne() {
        assertThat(new TopicSettings("", null, null, null, null, null)).isEqualTo(TopicSettings.defaults());
        assertThat(new TopicSettings(" ", null, null, null, null, null).prefix()).isEqualTo(Topics.DEFAULT_PREFIX);
    }

    @Test
    void newTopicsAreEveryTopicAndItsDeadLetterTopicWithTheSamePartitions() {
        Map<String, NewTopic> topics = new TopicSettings("x.", 3, 24, 6, (short) 1, Duration.ofDays(2)).newTopics()
                .stream().collect(Collectors.toMap(NewTopic::name, topic -> topic));

        assertThat(topics).containsOnlyKeys("x.batch-commands", "x.item-dispatch", "x.batch-events", "x.batch-progress",
                "x.stream-counts", "x.stream-tickets",
                "x.batch-commands.DLT", "x.item-dispatch.DLT", "x.batch-events.DLT");
        assertThat(topics.get("x.item-dispatch").numPartitions()).isEqualTo(24);
        assertThat(topics.get("x.item-dispatch.DLT").numPartitions()).isEqualTo(24);
        assertThat(topics.get("x.batch-events").configs())
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(2).toMillis()))
                .containsEntry("cleanup.policy", "delete");
        assertThat(topics.get("x.batch-progress").configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.get("x.stream-counts").numPartitions()).isEqualTo(1);
        assertThat(topics.get("x.stream-counts").configs()).containsEntry("cleanup.policy", "compact");
    }
}
