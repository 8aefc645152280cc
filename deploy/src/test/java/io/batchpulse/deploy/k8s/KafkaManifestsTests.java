package io.batchpulse.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.deploy.ServiceConfiguration;
import io.batchpulse.deploy.k8s.Kustomization.Yamls;
import io.batchpulse.events.TopicSettings;
import io.batchpulse.events.TopicSpec;
import io.batchpulse.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kafka side of deploy/k8s cannot drift from the code: the KafkaTopics are the topics
 * common-events declares (names, partitions, configs), every client reads and writes exactly the
 * topics the module table says, every group and transactional id in an ACL is one its service
 * uses, and the cluster keeps acknowledged writes (RF 3, min ISR 2, no unclean election).
 */
class KafkaManifestsTests {

    private static final Topics TOPICS = Topics.defaults();

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void theKafkaTopicsAreTheTopicsCommonEventsDeclares(String overlay) {
        TopicSettings settings = TopicSettings.defaults();
        Map<String, TopicSpec> declared = Stream.concat(
                        TOPICS.specs(settings.sizing()).stream(), TOPICS.deadLetterSpecs(settings.sizing()).stream())
                .collect(Collectors.toMap(TopicSpec::name, spec -> spec));
        Map<String, Map<String, Object>> manifests = Manifests.of(overlay).ofKind("KafkaTopic").stream()
                .collect(Collectors.toMap(topic -> (String) Manifests.spec(topic).get("topicName"), Manifests::spec));

        assertThat(manifests.keySet()).isEqualTo(declared.keySet());
        declared.forEach((name, spec) -> {
            Map<String, Object> topic = manifests.get(name);
            assertThat(topic.get("partitions")).as(name).isEqualTo(spec.partitions());
            assertThat(topic.get("replicas")).as(name).isEqualTo(3);
            Map<String, String> config = new TreeMap<>();
            Yamls.map(topic.getOrDefault("config", Map.of())).forEach((key, value) -> config.put(key, value.toString()));
            assertThat(config).as(name).isEqualTo(new TreeMap<>(spec.configs()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void theClusterKeepsAcknowledgedWritesAndLetsNoOneInUnauthenticated(String overlay) {
        Map<String, Object> kafka = Manifests.of(overlay).get("Kafka", "batchpulse");
        Map<String, Object> config = Yamls.map(Manifests.at(kafka, "spec", "kafka", "config"));

        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("unclean.leader.election.enable", false)
                .containsEntry("auto.create.topics.enable", false);
        assertThat(Manifests.at(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
        for (Object listener : Yamls.list(Manifests.at(kafka, "spec", "kafka", "listeners"))) {
            assertThat(Manifests.at(listener, "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat(Manifests.at(listener, "tls")).isEqualTo(true);
        }
        int brokers = Manifests.of(overlay).ofKind("KafkaNodePool").stream()
                .filter(pool -> Yamls.list(Manifests.at(pool, "spec", "roles")).contains("broker"))
                .mapToInt(pool -> (Integer) Manifests.at(pool, "spec", "replicas")).sum();
        assertThat(brokers).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void everyServiceReadsAndWritesExactlyTheTopicsItUses(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Map<String, Set<String>>> expected = Map.of(
                "batch-orchestrator", Map.of(
                        "Read", Set.of(TOPICS.batchCommands(), TOPICS.batchEvents()),
                        "Write", Set.of(TOPICS.itemDispatch(), TOPICS.batchEvents(),
                                Topics.deadLetter(TOPICS.batchCommands()), Topics.deadLetter(TOPICS.batchEvents()))),
                "generation-worker", Map.of(
                        "Read", Set.of(TOPICS.itemDispatch()),
                        "Write", Set.of(TOPICS.batchEvents(), Topics.deadLetter(TOPICS.itemDispatch()))),
                "progress-gateway", Map.of(
                        "Read", Set.of(TOPICS.batchEvents(), TOPICS.batchProgress(), TOPICS.streamCounts(),
                                TOPICS.streamTickets()),
                        "Write", Set.of(TOPICS.batchCommands(), TOPICS.batchProgress(), TOPICS.streamCounts(),
                                TOPICS.streamTickets(), Topics.deadLetter(TOPICS.batchEvents()))),
                "batchpulse-tool", Map.of("Read", Set.of(), "Write", Set.of(TOPICS.batchCommands())),
                "batchpulse-replay", Map.of("Read", Set.of(TOPICS.batchEvents()), "Write", Set.of()),
                "batchpulse-keda", Map.of("Read", Set.of(), "Write", Set.of()));

        assertThat(manifests.ofKind("KafkaUser").stream().map(Manifests::name).collect(Collectors.toSet()))
                .isEqualTo(expected.keySet());
        expected.forEach((user, operations) -> operations.forEach((operation, topics) ->
                assertThat(literalTopics(manifests.get("KafkaUser", user), operation)).as("%s %s", user, operation)
                        .isEqualTo(topics)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void everyGroupAndTransactionalIdInAnAclIsOneItsServiceUses(String overlay) {
        for (String service : ServiceConfiguration.SERVICES) {
            String sources = javaSources(service);
            for (Object acl : Yamls.list(Manifests.at(Manifests.of(overlay).get("KafkaUser", service),
                    "spec", "authorization", "acls"))) {
                Object type = Manifests.at(acl, "resource", "type");
                if ("group".equals(type) || "transactionalId".equals(type)) {
                    String name = (String) Manifests.at(acl, "resource", "name");
                    // the dispatch producers' ids carry the topic prefix, so Topics names them
                    String use = name.equals(TOPICS.dispatchTransactionalIdPrefix())
                            ? "topics.dispatchTransactionalIdPrefix()" : "\"" + name;
                    assertThat(sources).as("%s uses %s %s", service, type, name).contains(use);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void workersScaleOnTheLagOfTheirGroupOnItemDispatch(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Object> scaled = manifests.get("ScaledObject", "generation-worker");
        Map<String, Object> trigger = Yamls.map(Yamls.list(Manifests.at(scaled, "spec", "triggers")).get(0));
        Map<String, Object> metadata = Yamls.map(trigger.get("metadata"));

        assertThat(trigger.get("type")).isEqualTo("kafka");
        assertThat(metadata.get("topic")).isEqualTo(TOPICS.itemDispatch());
        assertThat(javaSources("generation-worker")).contains("\"" + metadata.get("consumerGroup") + "\"");
        assertThat(metadata.get("bootstrapServers"))
                .isEqualTo(Yamls.map(manifests.get("ConfigMap", "batchpulse").get("data")).get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat((Integer) Manifests.at(scaled, "spec", "maxReplicaCount"))
                .isLessThanOrEqualTo(TopicSettings.defaults().dispatchPartitions());
        assertThat(Manifests.at(scaled, "spec", "scaleTargetRef", "name")).isEqualTo("generation-worker");
        assertThat(Manifests.at(manifests.get("TriggerAuthentication", "batchpulse-keda"), "spec", "secretTargetRef", "0",
                "name")).isEqualTo("batchpulse-keda");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void theOrchestratorConnectsToThePostgresClusterWithItsCredentials(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Object> cluster = manifests.get("Cluster", "batchpulse-db");
        String url = (String) Yamls.map(manifests.get("ConfigMap", "batchpulse").get("data")).get("SPRING_DATASOURCE_URL");
        String database = (String) Manifests.at(cluster, "spec", "bootstrap", "initdb", "database");

        assertThat(url).startsWith("jdbc:postgresql://batchpulse-db-rw:5432/" + database);
        String env = Manifests.container(manifests.get("Deployment", "batch-orchestrator")).get("env").toString();
        assertThat(env).contains("name=SPRING_DATASOURCE_USERNAME").contains("name=SPRING_DATASOURCE_PASSWORD")
                .contains("name=batchpulse-db-app");
    }

    private static Set<String> literalTopics(Map<String, Object> user, String operation) {
        Set<String> topics = new TreeSet<>();
        for (Object acl : Yamls.list(Manifests.at(user, "spec", "authorization", "acls"))) {
            boolean literalTopic = "topic".equals(Manifests.at(acl, "resource", "type"))
                    && "literal".equals(Manifests.at(acl, "resource", "patternType"));
            if (literalTopic && Yamls.list(Manifests.at(acl, "operations")).contains(operation)) {
                topics.add((String) Manifests.at(acl, "resource", "name"));
            }
        }
        return topics;
    }

    private static String javaSources(String service) {
        try (Stream<Path> files = Files.walk(ServiceConfiguration.HOME.resolve(service).resolve("src/main/java"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
