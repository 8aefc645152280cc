package io.batchpulse.orchestrator;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchPartitions;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.TopicSettings;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.EventLog;
import io.batchpulse.orchestrator.support.FakeWorker;
import io.batchpulse.orchestrator.support.TestEnvironment;
import io.batchpulse.testsupport.TopicReads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several orchestrators on one database and one set of topics: the command group's assignment
 * gives each batch one owner that dispatches it, a stopped owner's batches move to the others,
 * an ex-owner whose partitions were taken over (its epoch moved) claims nothing, and what its
 * dispatch producer had not committed is aborted by the take-over. Every check
 * reads the topics with a consumer of its own and the database with SQL of its own.
 */
class OrchestratorOwnershipIntegrationTests {

    /** The test environment's batch-commands topic has three partitions. */
    private static final int PARTITIONS = 3;

    private final TestEnvironment env = TestEnvironment.create();
    private final JdbcTemplate jdbc = env.ownReader();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();
    private final Commands commands = new Commands(env.bootstrapServers(), env.topics().batchCommands());
    private final FakeWorker worker = new FakeWorker(env.bootstrapServers(), env.topics().itemDispatch(),
            env.topics().batchEvents());
    private final EventLog log = new EventLog(env.bootstrapServers(), env.topics().batchEvents());

    @AfterEach
    void stopOrchestrators() {
        started.forEach(ConfigurableApplicationContext::close);
        commands.close();
        worker.close();
        log.close();
    }

    @Test
    void twoOrchestratorsSplitTheBatchesAndEachBatchIsDispatchedByItsOwnerOnly() {
        start("it-a");
        start("it-b");
        awaitOwners("it-a", "it-b");
        Map<Integer, String> owners = ownersByPartition();
        List<UUID> batches = batchesOwnedBy(owners, 3, "it-a", "it-b");
        batches.forEach(id -> commands.send(Commands.batch(id, 150, 50, Commands.options(20, 3, Duration.ofMinutes(1)))));

        batches.forEach(id -> awaitExact(id, 150));

        for (UUID id : batches) {
            String owner = owners.get(BatchPartitions.of(id, PARTITIONS));
            assertThat(worker.received(id)).hasSize(150);
            // one owner, under one epoch, from the first record to the last
            assertThat(Set.copyOf(worker.dispatchers(id))).as("dispatchers of %s", id).hasSize(1)
                    .allMatch(d -> d.startsWith(owner + "/"));
        }
        assertThat(batches.stream().map(id -> worker.dispatchers(id).get(0).split("/")[0]).distinct())
                .containsExactlyInAnyOrder("it-a", "it-b");
    }

    @Test
    void batchesOfAnOrchestratorThatStopsMoveToTheOtherAndFinishExact() {
        ConfigurableApplicationContext a = start("it-a");
        start("it-b");
        awaitOwners("it-a", "it-b");
        Map<Integer, String> owners = ownersByPartition();
        List<UUID> batches = batchesOwnedBy(owners, 2, "it-a", "it-b");
        batches.forEach(id -> {
            worker.behave(id, (d, w) -> {
                w.send(started(d));
                w.sendLater(10, completed(d, "ok"));
            });
            commands.send(Commands.batch(id, 400, 100, Commands.options(10, 3, Duration.ofMinutes(1))));
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.stream().allMatch(id -> completedCount(id) >= 40));

        a.close();
        batches.forEach(id -> awaitExact(id, 400));

        List<UUID> ofA = batches.stream().filter(id -> "it-a".equals(owners.get(BatchPartitions.of(id, PARTITIONS))))
                .toList();
        for (UUID id : ofA) {
            List<String> dispatchers = worker.dispatchers(id);
            assertThat(dispatchers).as("dispatchers of %s", id).anyMatch(d -> d.startsWith("it-a/"))
                    .anyMatch(d -> d.startsWith("it-b/"));
            // once the survivor dispatched for it, the stopped owner never did again
            assertThat(dispatchers.subList(dispatchers.indexOf(dispatchers.stream()
                    .filter(d -> d.startsWith("it-b/")).findFirst().orElseThrow()), dispatchers.size()))
                    .allMatch(d -> d.startsWith("it-b/"));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Set.copyOf(ownersByPartition().values()).equals(Set.of("it-b")));
        // handed over cleanly: nothing was sent twice
        batches.forEach(id -> assertThat(worker.received(id)).hasSize(400));
    }

    @Test
    void anOwnerWhosePartitionsWereTakenOverDispatchesNothingUntilTheGroupGivesThemBack() {
        start("it-a");
        awaitOwners("it-a");
        // what another instance's take-over writes while this one is frozen or cut off
        jdbc.update("UPDATE dispatch_owners SET owner = 'someone-else', epoch = epoch + 1, released = false");
        UUID batchId = UUID.randomUUID();
        commands.send(Commands.batch(batchId, 30, 30, Commands.options(10, 3, Duration.ofMinutes(1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(status(batchId)));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> worker.received(batchId).isEmpty() && pending(batchId) == 30);

        // a member joining makes the group hand the partitions out again, under new epochs
        start("it-b");
        awaitExact(batchId, 30);
        assertThat(worker.received(batchId)).hasSize(30);
        // the partitions without work are taken over at the instances' next ticks, not before the batch ends
        await().atMost(Duration.ofSeconds(30)).until(() -> !ownersByPartition().containsValue("someone-else"));
    }

    @Test
    void aTakeOverFencesTheExOwnersDispatchProducerAndReadersNeverSeeWhatItHadNotCommitted() throws Exception {
        // as the ex-owner found them (left to the producer, the broker would create them with one partition)
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()))) {
            admin.createTopics(new TopicSettings(env.prefix(), PARTITIONS, PARTITIONS, PARTITIONS, (short) 1, null)
                    .newTopics()).all().get();
        }
        // the ex-owner of partition 0, cut off from the brokers mid-send: its dispatch producer had
        // its records on the broker, their transaction not yet committed
        UUID staleBatch = batchOfPartition(0);
        UUID staleItem = UUID.randomUUID();
        try (KafkaProducer<String, ItemDispatch> exOwner = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, env.topics().dispatchTransactionalIdPrefix() + 0),
                new StringSerializer(), new ItemDispatchSerde())) {
            exOwner.initTransactions();
            exOwner.beginTransaction();
            exOwner.send(new ProducerRecord<>(env.topics().itemDispatch(), staleItem.toString(),
                    new ItemDispatch(UUID.randomUUID(), staleBatch, staleItem, 0, 1, 3, "echo", null, null, null,
                            Instant.now(), Duration.ofMinutes(1), SchemaVersion.CURRENT)));
            exOwner.flush();

            // the other instance takes the partition over, and dispatches for it as usual
            start("it-b");
            awaitOwners("it-b");
            UUID batchId = batchOfPartition(0);
            commands.send(Commands.batch(batchId, 40, 40, Commands.options(10, 3, Duration.ofMinutes(1))));
            awaitExact(batchId, 40);
            assertThat(Set.copyOf(worker.dispatchers(batchId))).hasSize(1).allMatch(d -> d.startsWith("it-b/"));

            assertThatThrownBy(exOwner::commitTransaction).as("the ex-owner's commit after the take-over")
                    .satisfies(e -> assertThat(fenced(e)).as("fenced: %s", e).isTrue());
        }

        List<UUID> read = new ArrayList<>();
        TopicReads.readAll(env.bootstrapServers(), env.topics().itemDispatch(), new StringDeserializer(),
                new ItemDispatchSerde(), record -> read.add(record.value().itemId()));
        assertThat(read).as("item-dispatch, read_committed").hasSizeGreaterThanOrEqualTo(40).doesNotContain(staleItem);
        assertThat(worker.received(staleBatch)).isEmpty();
    }

    private static boolean fenced(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private static UUID batchOfPartition(int partition) {
        return Stream.generate(UUID::randomUUID).filter(id -> BatchPartitions.of(id, PARTITIONS) == partition)
                .findFirst().orElseThrow();
    }

    private ConfigurableApplicationContext start(String instance) {
        // as command-line arguments: they win over application.yml, as the environment would in production
        String[] args = Stream.concat(env.properties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
                Stream.of("--orchestrator.instance-id=" + instance)).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class).run(args);
        started.add(context);
        return context;
    }

    /** Every partition has an owner, and the owners are exactly these. */
    private void awaitOwners(String... instances) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<Integer, String> owners = ownersByPartition();
            return owners.size() == PARTITIONS && Set.copyOf(owners.values()).equals(Set.of(instances));
        });
    }

    private Map<Integer, String> ownersByPartition() {
        Map<Integer, String> owners = new HashMap<>();
        jdbc.query("SELECT partition, owner FROM dispatch_owners", rs -> {
            owners.put(rs.getInt("partition"), rs.getString("owner"));
        });
        return owners;
    }

    /** {@code each} new batch ids for every one of the owners. */
    private static List<UUID> batchesOwnedBy(Map<Integer, String> owners, int each, String... instances) {
        Map<String, List<UUID>> byOwner = Stream.of(instances).collect(Collectors.toMap(i -> i, i -> new ArrayList<>()));
        while (byOwner.values().stream().anyMatch(ids -> ids.size() < each)) {
            UUID id = UUID.randomUUID();
            List<UUID> ids = byOwner.get(owners.get(BatchPartitions.of(id, PARTITIONS)));
            if (ids.size() < each) {
                ids.add(id);
            }
        }
        return byOwner.values().stream().flatMap(List::stream).toList();
    }

    private void awaitExact(UUID batchId, long total) {
        BatchCompleted done = await().atMost(Duration.ofSeconds(90))
                .until(() -> log.of(batchId, BatchCompleted.class), l -> !l.isEmpty()).get(0);
        assertThat(List.of(done.total(), done.completed(), done.failed())).containsExactly(total, total, 0L);
        assertThat(jdbc.queryForObject("SELECT concat_ws(' ', status, pending, in_flight, completed) FROM batch_jobs "
                + "WHERE id = ?", String.class, batchId)).isEqualTo("completed 0 0 " + total);
    }

    private long completedCount(UUID batchId) {
        return jdbc.queryForList("SELECT completed FROM batch_jobs WHERE id = ?", Long.class, batchId).stream()
                .findFirst().orElse(0L);
    }

    private long pending(UUID batchId) {
        return jdbc.queryForObject("SELECT pending FROM batch_jobs WHERE id = ?", Long.class, batchId);
    }

    private String status(UUID batchId) {
        return jdbc.queryForList("SELECT status FROM batch_jobs WHERE id = ?", String.class, batchId).stream()
                .findFirst().orElse(null);
    }
}
