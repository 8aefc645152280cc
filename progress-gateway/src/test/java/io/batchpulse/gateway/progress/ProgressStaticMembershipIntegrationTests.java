package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.Topics;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.SkippedEvents;
import io.batchpulse.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A gateway killed and restarted under its instance id takes its partitions back at once. A
 * dynamic member in its place waits until the group gives up on the dead one (its session
 * timeout, 120 s here, so the difference cannot be noise); the fault matrix measured 45 s of no
 * snapshots for the restarted gateway's batches that way (F3).
 */
class ProgressStaticMembershipIntegrationTests {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;

    private final String bootstrap = TestInfrastructure.broker().bootstrapServers();
    private final Topics topics = new Topics(TestInfrastructure.uniquePrefix());

    @Test
    void aGatewayRestartedUnderItsInstanceIdRunsAgainWithoutWaitingOutItsOldSession() throws Exception {
        ProgressTopics.create(bootstrap, topics);
        KafkaStreams first = start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING);
        // as a kill leaves it: still a member of the group until its session times out
        first.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                .withTimeout(Duration.ofSeconds(10)));
        first.cleanUp();

        KafkaStreams restarted = start();
        try {
            await().atMost(SESSION_TIMEOUT.dividedBy(2))
                    .until(() -> restarted.state() == KafkaStreams.State.RUNNING);
            assertThat(restarted.metadataForLocalThreads()).singleElement()
                    .satisfies(thread -> assertThat(thread.activeTasks()).hasSize(3));
        } finally {
            restarted.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(10)));
            restarted.cleanUp();
        }
    }

    private KafkaStreams start() {
        GatewayProperties.Progress settings = new GatewayProperties.Progress(true, topics.prefix() + "progress",
                stateDir.toString(), Duration.ofMillis(100), DataSize.ofMegabytes(16), 1, "gateway-a", SESSION_TIMEOUT);
        Properties properties = new Properties();
        properties.putAll(ProgressStreamsConfig.properties(settings, topics));
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        StreamsBuilder builder = new StreamsBuilder();
        ProgressTopology.build(builder, topics, SkippedEvents.of(new SimpleMeterRegistry(), SkippedEvents.Reader.PROGRESS));
        KafkaStreams streams = new KafkaStreams(builder.build(), properties);
        streams.start();
        return streams;
    }
}
